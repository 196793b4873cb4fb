"""The HTTP client's audit and admin calls against the real reference service on loopback."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import pytest
from live_community import OPEN_ADVERT, PASSWORDS, SPAM_CLAUSE, build_live_community

from reviewdesk.api.models import (
    DecisionIn,
    ModeratorCreate,
    ModeratorUpdate,
    ReviewIn,
    SampleIn,
    SampleVerdictIn,
)
from reviewdesk.audit.chain_check import verify_chain
from reviewdesk.audit.log_csv import iter_log
from reviewdesk.backends.base import CaseFilter, LogFilter
from reviewdesk.backends.errors import Forbidden
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.audit_enums import LogEntryKind, LogSort, ReviewVerdict
from reviewdesk.domain.enums import Category, Outcome, Role
from reviewdesk.server.demo.model import DemoModerator
from reviewdesk.server.embedded import EmbeddedServer

ADMIN_PASSWORD = "ines-pass-7"


@pytest.fixture
def service_url() -> Iterator[str]:
    server = EmbeddedServer(build_live_community())
    try:
        url = server.start()
        server.add_moderators([DemoModerator("ines", ADMIN_PASSWORD, "Ines Admin", Role.ADMIN)])
        yield url
    finally:
        server.stop()


def _decide_advert(lena: HttpBackend) -> str:
    page = lena.list_cases(CaseFilter(categories=(Category.SPAM,)))
    case_id = page.items[0].id
    lena.claim(case_id)
    decision = lena.decide(
        case_id,
        DecisionIn(outcome=Outcome.REMOVE_CONTENT, clause_ids=[SPAM_CLAUSE], note="Same advert"),
        str(uuid.uuid4()),
    )
    return decision.id


def test_a_senior_reads_verifies_replays_and_reviews(service_url: str) -> None:
    with (
        HttpBackend.login(service_url, "lena", PASSWORDS["lena"]) as lena,
        HttpBackend.login(service_url, "sofia", PASSWORDS["sofia"]) as sofia,
    ):
        decision_id = _decide_advert(lena)
        page = sofia.list_log(LogFilter(text="same advert", kinds=(LogEntryKind.DECISION,)))
        assert [e.record.decision_id for e in page.items] == [decision_id]
        oldest = sofia.list_log(LogFilter(sort=LogSort.OLDEST), limit=1)
        assert oldest.items[0].record.seq == 1
        assert oldest.next_cursor == "1"
        everything = list(iter_log(lambda cursor: sofia.log_chain(int(cursor or 0), limit=1)))
        assert verify_chain(everything).intact
        replay = sofia.replay(decision_id)
        assert replay.decision.note == "Same advert"
        assert replay.content is not None
        assert replay.content.id == OPEN_ADVERT
        [evidence] = replay.evidence
        data = sofia.get_attachment(evidence.attachment_id)
        assert hashlib.sha256(data).hexdigest() == evidence.sha256
        review = sofia.review(
            decision_id,
            ReviewIn(
                verdict=ReviewVerdict.OVERTURN,
                reason="A second advert earns a warning as well.",
                corrected=DecisionIn(outcome=Outcome.WARN, clause_ids=[SPAM_CLAUSE]),
            ),
        )
        assert review.corrected is not None
        assert review.corrected.outcome is Outcome.WARN
        assert sofia.list_log(LogFilter(reviewed=True)).items[0].record.decision_id == decision_id
        stats = sofia.team_stats()
        assert sum(row.decisions for row in stats.per_moderator) == 2
        sample = sofia.draw_sample(SampleIn(moderator_id=lena.moderator.id, count=1, seed=3))
        assert sample.items[0].original is None
        item = sofia.judge_sample_item(
            sample.id, 1, SampleVerdictIn(outcome=Outcome.REMOVE_CONTENT, clause_ids=[SPAM_CLAUSE])
        )
        assert item.agrees is True
        assert sofia.get_sample(sample.id).items[0].original is not None
        assert [s.id for s in sofia.list_samples().items] == [sample.id]
        assert sofia.quality().per_moderator[0].rate == 1.0


def test_an_agent_is_refused_every_senior_call(service_url: str) -> None:
    with HttpBackend.login(service_url, "lena", PASSWORDS["lena"]) as lena:
        decision_id = _decide_advert(lena)
        calls = [
            lambda: lena.list_log(LogFilter()),
            lambda: lena.log_chain(),
            lambda: lena.replay(decision_id),
            lambda: lena.review(decision_id, ReviewIn(verdict=ReviewVerdict.CONFIRM, reason="ok")),
            lambda: lena.draw_sample(SampleIn(moderator_id="1", count=1)),
            lambda: lena.list_samples(),
            lambda: lena.quality(),
            lambda: lena.list_moderators(),
            lambda: lena.update_moderator("1", ModeratorUpdate(role=Role.ADMIN)),
        ]
        for call in calls:
            with pytest.raises(Forbidden):
                call()
        own = lena.team_stats()
        assert [row.key for row in own.per_moderator] == [lena.moderator.id]


def test_an_admin_manages_accounts_and_publishes_the_catalogue(service_url: str) -> None:
    with HttpBackend.login(service_url, "ines", ADMIN_PASSWORD) as ines:
        created = ines.create_moderator(
            ModeratorCreate(username="tomas", display_name="Tomas Novak", password="tomas-pass-7")
        )
        assert created.moderator.role is Role.AGENT
        promoted = ines.update_moderator(created.moderator.id, ModeratorUpdate(role=Role.SENIOR))
        assert promoted.moderator.role is Role.SENIOR
        assert "tomas" in [a.moderator.username for a in ines.list_moderators().items]
        catalogue = ines.get_policy()
        published = ines.publish_catalogue(catalogue.model_copy(update={"version": "next"}))
        assert published.in_force
        versions = ines.list_catalogue_versions().items
        assert versions[0].version == "next"
        assert len(versions) == 2
