"""The HTTP client against the real reference service on loopback, seeded for the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_community import OPEN_ADVERT, PASSWORDS, RUI, SPAM_CLAUSE, build_live_community

from reviewdesk.api.models import DecisionIn
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    ClaimConflict,
    DecisionConflict,
    Forbidden,
    NotFound,
    Rejected,
)
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import AppealStatus, CaseStatus, Category, Outcome, Role
from reviewdesk.evidence.images import decode_image
from reviewdesk.evidence.integrity import check_integrity
from reviewdesk.server.embedded import EmbeddedServer


@pytest.fixture
def service_url() -> Iterator[str]:
    """A freshly seeded reference service on 127.0.0.1, stopped after the test."""
    server = EmbeddedServer(build_live_community())
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def lena(service_url: str) -> Iterator[HttpBackend]:
    with HttpBackend.login(service_url, "lena", PASSWORDS["lena"]) as client:
        yield client


def _advert_case_id(client: HttpBackend) -> str:
    page = client.list_cases(CaseFilter(categories=(Category.SPAM,)))
    (row,) = [item for item in page.items if item.member_id == RUI.id]
    return row.id


def test_sign_in_and_resume_from_the_token(service_url: str, lena: HttpBackend) -> None:
    assert lena.moderator.username == "lena"
    assert lena.moderator.role is Role.AGENT
    with HttpBackend.from_token(service_url, lena.token) as resumed:
        assert resumed.moderator == lena.moderator
    with pytest.raises(AuthenticationRequired):
        HttpBackend.login(service_url, "lena", "not-her-password")
    with pytest.raises(AuthenticationRequired):
        HttpBackend.from_token(service_url, "made-up-token")


def test_queue_case_evidence_history_and_policy_are_read_and_validated(
    lena: HttpBackend,
) -> None:
    everything = lena.list_cases(CaseFilter(statuses=()))
    assert {row.status for row in everything.items} == {CaseStatus.OPEN, CaseStatus.DECIDED}
    open_page = lena.list_cases(CaseFilter())
    assert {row.member_id for row in open_page.items} == {RUI.id, "m-nadia"}

    detail = lena.get_case(_advert_case_id(lena))
    assert detail.content is not None
    assert detail.content.id == OPEN_ADVERT
    (attachment,) = detail.attachments
    data = lena.get_attachment(attachment.id)
    assert check_integrity(data, attachment.sha256).ok
    assert decode_image(data).width == 60

    history = lena.get_member_history(RUI.id)
    assert [strike.clause_id for strike in history.strikes] == [SPAM_CLAUSE]
    assert [note.text for note in history.notes] == ["Told to stop posting adverts."]

    policy = lena.get_policy()
    assert SPAM_CLAUSE in {clause.id for clause in policy.clauses}

    with pytest.raises(NotFound):
        lena.get_case("no-such-case")


def test_claim_decide_replay_and_conflicts(service_url: str, lena: HttpBackend) -> None:
    case_id = _advert_case_id(lena)
    claim = lena.claim(case_id)
    assert claim.moderator.username == "lena"
    with HttpBackend.login(service_url, "omar", PASSWORDS["omar"]) as omar:
        with pytest.raises(ClaimConflict, match="claimed by Lena Park"):
            omar.claim(case_id)

        restrict = DecisionIn(
            outcome=Outcome.RESTRICT, clause_ids=[SPAM_CLAUSE], duration_days=3, note="Repeat."
        )
        with pytest.raises(Rejected) as refused:
            lena.decide(case_id, DecisionIn(outcome=Outcome.WARN), "key-invalid")
        assert refused.value.status == 422
        assert "must cite at least one policy clause" in str(refused.value)

        first = lena.decide(case_id, restrict, "key-lena-1")
        assert first.outcome is Outcome.RESTRICT
        assert first.idempotency_key == "key-lena-1"
        replay = lena.decide(case_id, restrict, "key-lena-1")
        assert replay == first

        with pytest.raises(DecisionConflict) as conflict:
            omar.decide(case_id, DecisionIn(outcome=Outcome.NO_VIOLATION), "key-omar-1")
        assert conflict.value.decision == first

    other = next(
        row.id for row in lena.list_cases(CaseFilter()).items if row.member_id == "m-nadia"
    )
    lena.claim(other)
    lena.release(other)


def test_the_loser_of_a_conflict_notes_it_and_appeals_and_a_senior_reads_the_appeal(
    service_url: str, lena: HttpBackend
) -> None:
    case_id = _advert_case_id(lena)
    won = lena.decide(case_id, DecisionIn(outcome=Outcome.WARN, clause_ids=[SPAM_CLAUSE]), "k-l")
    proposed = DecisionIn(outcome=Outcome.NO_VIOLATION)
    with HttpBackend.login(service_url, "omar", PASSWORDS["omar"]) as omar:
        with pytest.raises(DecisionConflict) as conflict:
            omar.decide(case_id, proposed, "k-o")
        winner = conflict.value.decision
        assert winner == won

        note = omar.add_note(RUI.id, "My draft said no violation; appealed.", case_id)
        assert (note.author, note.case_id) == ("omar", case_id)
        assert omar.get_member_history(RUI.id).notes[0] == note

        reason = "The advert links to the member's own language school."
        appeal = omar.file_appeal(case_id, winner.id, proposed, reason, "appeal-omar-1")
        assert (appeal.case_id, appeal.decision_id) == (case_id, winner.id)
        assert (appeal.filed_by.username, appeal.proposed, appeal.reason) == (
            "omar",
            proposed,
            reason,
        )
        assert appeal.status is AppealStatus.OPEN
        assert omar.file_appeal(case_id, winner.id, proposed, reason, "appeal-omar-1") == appeal

        with pytest.raises(Rejected) as refused:
            omar.file_appeal(case_id, "999999", proposed, reason)
        assert refused.value.status == 422
        with pytest.raises(Forbidden):
            omar.list_appeals()
    with HttpBackend.login(service_url, "sofia", PASSWORDS["sofia"]) as sofia:
        assert sofia.list_appeals() == [appeal]
        assert sofia.list_appeals(None) == [appeal]
