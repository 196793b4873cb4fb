"""A senior reverses an agent's bulk batch through the desk, by keyboard, against the real service.

The agent's batch goes through the service's batch endpoint; the senior selects
one of its decisions in the audit log, presses Ctrl+Shift+B, reads one
confirmation naming the batch, the count and the outcome, types the required
reason and confirms with Ctrl+Return. The service's feed then carries one
reversal per enforced decision of the batch, and the log shows one chained
reversal entry per decision with the chain intact. The agent may not.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
from audit_desk_support import desk_signed_in, open_audit_log
from e2e_support import AGENT, SENIOR, WAIT_MS, RunningService, press
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import BatchReversalOut, DecisionIn, DecisionOut
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import Forbidden
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.enums import CaseStatus, Outcome

COUNT = 4
REASON = "These were real event announcements, not spam."


def agent_batch(service: RunningService) -> tuple[str, list[DecisionOut]]:
    """The agent warns ``COUNT`` open cases in one batch; the batch id and its decisions."""
    batch_id = str(uuid.uuid4())
    with service.sign_in(AGENT) as agent:
        clauses = agent.get_policy().clauses
        page = agent.list_cases(CaseFilter(statuses=(CaseStatus.OPEN,)), limit=200)
        free = [row for row in page.items if row.claim is None][:COUNT]
        assert len(free) == COUNT
        items = []
        for row in free:
            clause = next(c.id for c in clauses if c.category == row.category)
            decision = DecisionIn(
                outcome=Outcome.WARN,
                clause_ids=[clause],
                member_message="Please keep adverts out of the community.",
                batch_id=batch_id,
            )
            items.append((row.id, decision, f"bulk-{uuid.uuid4()}"))
        answers = agent.submit_decisions(items)
        decisions = [answer for answer in answers if isinstance(answer, DecisionOut)]
        assert len(decisions) == COUNT, answers
        with pytest.raises(Forbidden):
            agent.reverse_batch(batch_id, "An agent trying it.", "agent-try")
    return batch_id, decisions


def feed_entries(service: RunningService) -> list[dict[str, object]]:
    answer = httpx.get(
        f"{service.url}/v1/feed",
        params={"limit": 1000},
        headers={"Authorization": f"Bearer {service.server.platform_key}"},
        timeout=30.0,
    )
    answer.raise_for_status()
    entries: list[dict[str, object]] = answer.json()["entries"]
    return entries


def decision_of(entry: dict[str, object]) -> str:
    decision = entry["decision"]
    assert isinstance(decision, dict)
    return str(decision["id"])


def test_a_senior_reverses_an_agents_batch_through_the_desk(
    qtbot: QtBot, service: RunningService, tmp_path: Path
) -> None:
    batch_id, decisions = agent_batch(service)
    ids = {d.id for d in decisions}
    enforced = {decision_of(e) for e in feed_entries(service) if e["kind"] == "decision"} & ids
    assert enforced

    with desk_signed_in(qtbot, service.url, SENIOR, tmp_path) as desk:
        audit = open_audit_log(qtbot, desk)
        log = audit.log_page
        qtbot.waitUntil(lambda: log.model.rowCount() >= COUNT, timeout=WAIT_MS)
        # Newest first: the batch's decisions are the top rows; the first is selected.
        log.table.setFocus()
        press(qtbot, audit, Qt.Key.Key_Home)
        selected = log.current_entry()
        assert selected is not None
        assert selected.record.decision_id in ids
        assert selected.context.batch_id == batch_id

        flow = desk.window.audit.reversals
        press(
            qtbot,
            audit,
            Qt.Key.Key_B,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: flow.dialog is not None, timeout=WAIT_MS)
        dialog = flow.dialog
        assert dialog is not None
        question = dialog.question_label.text()
        assert batch_id in question
        assert f"{COUNT} decisions" in question
        assert "(Warn)" in question
        qtbot.waitUntil(dialog.reason_edit.hasFocus, timeout=5000)
        press(qtbot, audit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.isVisible()  # no reason, no reversal
        qtbot.keyClicks(dialog.reason_edit, REASON)
        check_before = log.last_check
        with qtbot.waitSignal(flow.reversed, timeout=WAIT_MS) as heard:
            press(qtbot, audit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        result = heard.args[0]
        assert isinstance(result, BatchReversalOut)
        assert {d.id for d in result.decisions} == ids
        box = flow.message_box
        assert box is not None
        assert f"{COUNT} decisions reversed" in box.text()
        assert f"{len(result.reopened_case_ids)} cases reopened" in box.text()
        press(qtbot, box, Qt.Key.Key_Return)

        # The feed: one reversal per enforced decision of the batch, with the reason.
        reversals = [e for e in feed_entries(service) if e["kind"] == "reversal"]
        assert sorted(decision_of(e) for e in reversals) == sorted(enforced)
        assert {str(e["reversal"]["reason"]) for e in reversals} == {REASON}  # type: ignore[index]

        # The log refreshed: one chained reversal entry per decision, the chain intact.
        def reversal_rows() -> list[str]:
            return [
                e.record.decision_id
                for e in log.model.rows()
                if e.record.kind is LogEntryKind.REVERSAL
            ]

        qtbot.waitUntil(lambda: sorted(reversal_rows()) == sorted(ids), timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: log.last_check is not None and log.last_check is not check_before,
            timeout=WAIT_MS,
        )
        assert log.last_check is not None
        assert log.last_check.broken_seq is None
        reversed_decisions = [
            e
            for e in log.model.rows()
            if e.record.kind is LogEntryKind.DECISION and e.record.decision_id in ids
        ]
        assert len(reversed_decisions) == COUNT
        assert all(e.context.reversed for e in reversed_decisions)
