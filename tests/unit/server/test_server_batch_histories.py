"""A batch updates a member's history in place: each snapshot reads as a fresh read would."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from batch_calls import batch_items, file_report, post_batch
from server_calls import auth
from server_community import EVE, NOW, content

from reviewdesk.api.models import DecisionOut, IntakeReport
from reviewdesk.domain.enums import CaseStatus, Category, ReportSource, SubjectKind, Surface
from reviewdesk.server.services.snapshots import SnapshotPieces

NO_VIOLATION: dict[str, Any] = {"outcome": "no_violation", "clause_ids": []}


def _detected_spam(client: httpx.Client, count: int) -> list[str]:
    """``count`` comments by Eve that only a detector reported; their case ids."""
    case_ids = []
    for n in range(count):
        report = IntakeReport(
            subject_kind=SubjectKind.CONTENT,
            member=EVE,
            content=content(f"c-detected-{n}", f"Join my paid group {n}", NOW, Surface.COMMENT),
            source=ReportSource.DETECTOR,
            detector="link-spam",
            score=0.9,
            reason=Category.SPAM,
            surface=Surface.COMMENT,
            created_at=NOW,
        )
        case_ids.append(file_report(client, report))
    return case_ids


def _history(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/v1/members/{EVE.id}/history", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _snapshot_history(
    client: httpx.Client, headers: dict[str, str], answer: dict[str, Any]
) -> dict[str, Any]:
    response = client.get(f"/v1/log/{answer['decision']['id']}/replay", headers=headers)
    assert response.status_code == 200, response.text
    history: dict[str, Any] = response.json()["history"]
    return history


def _prior(history: dict[str, Any], case_id: str) -> dict[str, Any]:
    (prior,) = [case for case in history["prior_cases"] if case["case_id"] == case_id]
    return prior


def test_a_plain_decision_updates_its_members_history_in_place_exactly_as_a_fresh_read(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    first, second, third = _detected_spam(client, 3)
    before = _history(client, ana)
    updated_in_place: list[str] = []
    original = SnapshotPieces.note_first_decision

    def spying(
        pieces: SnapshotPieces, member_id: str, case_id: int, status: CaseStatus, d: DecisionOut
    ) -> bool:
        done = original(pieces, member_id, case_id, status, d)
        if done:
            updated_in_place.append(str(case_id))
        return done

    monkeypatch.setattr(SnapshotPieces, "note_first_decision", spying)
    items = batch_items([first, second, third], "b-plain", body=NO_VIOLATION)
    answers = post_batch(client, ana, items).json()["items"]
    assert [a["status"] for a in answers] == ["recorded"] * 3
    # Each item's member history was brought up to date without reading it again.
    assert updated_in_place == [first, second, third]
    after = _history(client, ana)
    assert _prior(after, first)["status"] == "decided"
    assert _prior(after, first)["outcome"] == "no_violation"
    # The first item saw the history as it stood before the batch.
    assert _snapshot_history(client, sam, answers[0]) == before
    # The last item saw what a fresh read shows now, but for its own case, still open then.
    expected = {
        **after,
        "prior_cases": [
            _prior(before, third) if case["case_id"] == third else case
            for case in after["prior_cases"]
        ],
    }
    assert _snapshot_history(client, sam, answers[2]) == expected
    # The second item saw the first decided (in place) and itself still open.
    seen_second = _snapshot_history(client, sam, answers[1])
    assert _prior(seen_second, first) == _prior(after, first)
    assert _prior(seen_second, second) == _prior(before, second)
    assert _prior(seen_second, third) == _prior(before, third)


def test_a_strike_or_a_members_report_makes_the_batch_read_the_history_again(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    first, second = _detected_spam(client, 2)
    updated_in_place: list[int] = []
    original = SnapshotPieces.note_first_decision

    def spying(pieces: SnapshotPieces, *args: Any) -> bool:
        updated_in_place.append(1)
        done: bool = original(pieces, *args)
        return done

    monkeypatch.setattr(SnapshotPieces, "note_first_decision", spying)
    warn = {"outcome": "warn", "clause_ids": ["spam-1"]}
    answers = post_batch(client, ana, batch_items([first, second], "b-warn", body=warn)).json()[
        "items"
    ]
    assert [a["status"] for a in answers] == ["recorded", "recorded"]
    assert updated_in_place == []  # a warning leaves a strike: read afresh, not patched
    seen_second = _snapshot_history(client, sam, answers[1])
    assert [s["case_id"] for s in seen_second["strikes"]].count(first) == 1
    assert _prior(seen_second, first)["outcome"] == "warn"
