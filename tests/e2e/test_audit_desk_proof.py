"""Proofs of the audit desk: a senior finds, replays and overturns a decision by keyboard;
an agent has no audit command and the service refuses each audit call; a log row edited in
the service's database shows as a break in the desk's log view.

Each test runs the real service on 127.0.0.1 over a SQLite file it can reach
behind the service's back, and the real desk window driven by keystrokes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_desk_support import (
    Recorded,
    decide_cases,
    desk_signed_in,
    open_audit_log,
    platform_feed,
    rewrite_decision_note,
)
from e2e_support import AGENT, SENIOR, WAIT_MS, MovableClock, RunningService, press
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import ReviewIn, SampleIn, SampleVerdictIn
from reviewdesk.backends.base import LogFilter
from reviewdesk.backends.errors import Forbidden
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import Outcome
from reviewdesk.server.db import sqlite_file_url
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.settings import ServerSettings
from reviewdesk.ui.audit.audit_desk import AUDIT_COMMANDS
from reviewdesk.ui.audit.audit_window import LOG_TAB, REPLAY_TAB
from reviewdesk.ui.audit.log_model import LOG_COLUMNS
from reviewdesk.ui.audit.paged_model import RowRole

MARKER = "kumquat"


class FileService(RunningService):
    """A running service whose SQLite file the test can open."""

    database_url: str


@pytest.fixture
def file_service(community: DemoCommunity, tmp_path: Path) -> Iterator[FileService]:
    clock = MovableClock()
    database_url = sqlite_file_url(tmp_path / "service.sqlite3")
    server = EmbeddedServer(community, database_url, ServerSettings(clock=clock))
    url = server.start()
    assert url.startswith("http://127.0.0.1:")
    service = FileService(server, url, clock)
    service.database_url = database_url
    try:
        yield service
    finally:
        server.stop()


def review_column() -> int:
    return next(i for i, column in enumerate(LOG_COLUMNS) if column.title == "Second review")


def test_senior_finds_replays_and_overturns_a_decision_by_keyboard(
    qtbot: QtBot, file_service: FileService, tmp_path: Path
) -> None:
    recorded = decide_cases(file_service.url, 6, marker=MARKER)
    target: Recorded = next(
        r for r in recorded if r.attachments_then and r.decision.outcome is Outcome.WARN
    )
    number = recorded.index(target)
    # The member's file changes after the decision: the replay must show it as it was.
    with file_service.sign_in(AGENT) as agent:
        agent.add_note(target.member_id, "A note written after the decision.")

    with desk_signed_in(qtbot, file_service.url, SENIOR, tmp_path) as desk:
        audit = open_audit_log(qtbot, desk)
        log = audit.log_page
        assert log.last_check is not None
        assert log.last_check.broken_seq is None
        assert log.model.rowCount() >= 6

        # Find it by full-text search: Ctrl+F, type, Return takes the keyboard to the results.
        press(qtbot, audit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert log.filters.search_edit.hasFocus()
        qtbot.keyClicks(log.filters.search_edit, f"{MARKER} number {number}")
        press(qtbot, audit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: log.model.rowCount() == 1 and log.table.hasFocus(), timeout=WAIT_MS)
        found = log.current_entry()
        assert found is not None
        assert found.record.decision_id == target.decision.id
        assert found.record.kind is LogEntryKind.DECISION

        # Return replays it.
        press(qtbot, audit, Qt.Key.Key_Return)
        replay_page = audit.replay_page
        qtbot.waitUntil(lambda: replay_page.replay is not None, timeout=WAIT_MS)
        assert audit.tabs.currentIndex() == REPLAY_TAB
        replay = replay_page.replay
        assert replay is not None
        assert replay.decision.id == target.decision.id
        # Evidence: the same files, each downloaded and matching the hash recorded then.
        assert {(e.attachment_id, e.sha256) for e in replay.evidence} == {
            (a.id, a.sha256) for a in target.attachments_then
        }
        snapshot = replay_page.snapshot
        qtbot.waitUntil(
            lambda: len(snapshot.checks()) == len(target.attachments_then), timeout=WAIT_MS
        )
        assert all(check.matches is True for check in snapshot.checks())
        assert snapshot.mismatch_text() == ""
        # History: as it stood when the agent decided, not with the later note.
        assert replay.history == target.history_then
        shown = snapshot.member_panel.history()
        assert shown is not None
        assert [n.text for n in shown.notes] == [n.text for n in target.history_then.notes]
        assert "A note written after the decision." not in [n.text for n in shown.notes]
        # What the moderator wrote and sent.
        assert replay_page.note.toPlainText() == target.decision.note
        assert replay_page.member_message.toPlainText() == target.decision.member_message
        # The clause text of the catalogue then in force.
        assert snapshot.policy_panel.current_clause_id() == target.decision.clause_ids[0]

        # Overturn by keyboard: Ctrl+Shift+O, the reason, Tab to the outcome, Ctrl+Return.
        press(
            qtbot,
            audit,
            Qt.Key.Key_O,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        form = replay_page.form
        assert form.verdict() is ReviewVerdict.OVERTURN
        assert form.reason_edit.hasFocus()
        qtbot.keyClicks(form.reason_edit, "The message was a joke between friends.")
        press(qtbot, audit, Qt.Key.Key_Tab)
        assert form.outcome_combo.hasFocus()
        assert form.corrected_outcome() is Outcome.NO_VIOLATION
        with qtbot.waitSignal(replay_page.reviewed, timeout=WAIT_MS) as reviewed:
            press(qtbot, audit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        out = reviewed.args[0]
        assert out.verdict is ReviewVerdict.OVERTURN
        assert out.corrected is not None
        assert out.corrected.outcome is Outcome.NO_VIOLATION

        # The platform feed carries the correction of that decision.
        feed = platform_feed(file_service.server, file_service.url)
        corrections = [e for e in feed.entries if e.replaces_decision_id == target.decision.id]
        assert len(corrections) == 1
        assert corrections[0].decision.outcome is Outcome.NO_VIOLATION
        assert corrections[0].decision.id == out.corrected.id

        # Escape back to the log, which shows the decision as overturned.
        press(qtbot, audit, Qt.Key.Key_Escape)
        assert audit.tabs.currentIndex() == LOG_TAB

        def shown_as_overturned() -> bool:
            row = log.model.row_of_decision(target.decision.id)
            return row is not None and log.model.index(row, review_column()).data() == "Overturned"

        qtbot.waitUntil(shown_as_overturned, timeout=WAIT_MS)
        assert log.last_check is not None
        assert log.last_check.broken_seq is None  # the review is chained too


def test_agent_has_no_audit_command_and_the_service_refuses_each_audit_call(
    qtbot: QtBot, file_service: FileService, tmp_path: Path
) -> None:
    recorded = decide_cases(file_service.url, 2, marker=MARKER)
    decision_id = recorded[0].decision.id
    with desk_signed_in(qtbot, file_service.url, AGENT, tmp_path) as desk:
        window = desk.window
        audit_ids = {spec.id for spec in AUDIT_COMMANDS}
        assert not audit_ids & {spec.id for spec in window.registry.commands()}
        menu_titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
        assert "&Audit" not in menu_titles
        window.show_cheat_sheet()
        sheet = window._cheat_sheet
        assert sheet is not None
        listed = {sheet.model.index(r, 1).data() for r in range(sheet.model.rowCount())}
        assert not listed & {spec.title for spec in AUDIT_COMMANDS}
        sheet.close()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        window.queue_panel.table.setFocus()
        control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        for key, modifiers in (
            (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
            (Qt.Key.Key_S, control_shift),
            (Qt.Key.Key_T, control_shift),
            (Qt.Key.Key_C, control_shift),
            (Qt.Key.Key_O, control_shift),
            (Qt.Key.Key_E, control_shift),
            (Qt.Key.Key_X, control_shift),
        ):
            press(qtbot, window, key, modifiers)
        qtbot.wait(200)
        assert window.audit.window is None

    with file_service.sign_in(AGENT) as agent:
        calls = {
            "list_log": lambda: agent.list_log(LogFilter()),
            "log_chain": lambda: agent.log_chain(),
            "replay": lambda: agent.replay(decision_id),
            "review": lambda: agent.review(
                decision_id, ReviewIn(verdict=ReviewVerdict.CONFIRM, reason="Looks right.")
            ),
            "draw_sample": lambda: agent.draw_sample(SampleIn(moderator_id="1", count=1)),
            "list_samples": lambda: agent.list_samples(),
            "get_sample": lambda: agent.get_sample("1"),
            "judge_sample_item": lambda: agent.judge_sample_item(
                "1", 1, SampleVerdictIn(outcome=Outcome.NO_VIOLATION)
            ),
            "quality": lambda: agent.quality(),
        }
        refused = []
        for name, call in calls.items():
            with pytest.raises(Forbidden):
                call()
            refused.append(name)
        assert len(refused) == len(calls)
        # Team statistics: an agent sees only their own figures, never the team's.
        own = agent.team_stats()
        assert [f.key for f in own.per_moderator] == [agent.moderator.id]
        assert own.per_clause == []


def test_a_log_row_edited_in_the_database_shows_as_a_break_in_the_log_view(
    qtbot: QtBot, file_service: FileService, tmp_path: Path
) -> None:
    recorded = decide_cases(file_service.url, 5, marker=MARKER)
    victim = recorded[2].decision
    with desk_signed_in(qtbot, file_service.url, SENIOR, tmp_path) as desk:
        audit = open_audit_log(qtbot, desk)
        log = audit.log_page
        assert log.last_check is not None
        assert log.last_check.broken_seq is None
        assert log.chain_banner.isHidden()
        row = log.model.row_of_decision(victim.id)
        assert row is not None
        victim_entry = log.model.index(row, 0).data(RowRole)
        seq = victim_entry.record.seq

        rewrite_decision_note(file_service.database_url, victim.id, "Nothing to see here.")
        log.last_check = None
        press(qtbot, audit, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: log.last_check is not None, timeout=WAIT_MS)
        assert log.last_check is not None
        assert log.last_check.broken_seq == seq
        assert not log.chain_banner.isHidden()
        message = log.chain_banner.message
        assert "TAMPERING DETECTED" in message
        assert f"#{seq:,}" in message
        assert f"decision {victim.id}" in message
        # The rows stay, the broken one is the red one, and the banner can take you there.
        assert log.model.rowCount() >= 5
        log.chain_banner.show_button.click()
        current = log.current_entry()
        assert current is not None
        assert current.record.seq == seq


def test_exports_of_the_filtered_log_write_csv_and_dsa_statements_naming_refusals(
    qtbot: QtBot, file_service: FileService, tmp_path: Path
) -> None:
    recorded = decide_cases(file_service.url, 6, marker=MARKER)
    decide_cases(file_service.url, 2, marker="unrelated")
    with desk_signed_in(qtbot, file_service.url, SENIOR, tmp_path) as desk:
        audit = open_audit_log(qtbot, desk)
        log = audit.log_page
        press(qtbot, audit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(log.filters.search_edit, MARKER)
        press(qtbot, audit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: log.model.rowCount() == len(recorded), timeout=WAIT_MS)
        exporter = desk.window.audit.exporter
        targets = {"csv": tmp_path / "log.csv", "dsa": tmp_path / "sor.json"}
        exporter.path_chooser = lambda _parent, kind: str(targets[kind.value])
        control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

        with qtbot.waitSignal(exporter.finished, timeout=WAIT_MS) as csv_done:
            press(qtbot, audit, Qt.Key.Key_E, control_shift)
        assert csv_done.args[0].written == len(recorded)
        with targets["csv"].open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert {row["decision_id"] for row in rows} == {r.decision.id for r in recorded}
        assert all(MARKER in row["note"] for row in rows)

        with qtbot.waitSignal(exporter.finished, timeout=WAIT_MS) as dsa_done:
            press(qtbot, audit, Qt.Key.Key_X, control_shift)
        outcome = dsa_done.args[0]
        statements = json.loads(targets["dsa"].read_text(encoding="utf-8"))["statements"]
        restricting = [r for r in recorded if r.decision.outcome is Outcome.REMOVE_CONTENT]
        assert len(statements) == outcome.written == len(restricting)
        refused = {problem.decision_id: problem for problem in outcome.problems}
        unstated = {
            r.decision.id for r in recorded if r.decision.outcome is not Outcome.REMOVE_CONTENT
        }
        assert set(refused) == unstated
        assert all(problem.field and problem.message for problem in refused.values())
        report = exporter.report
        assert report is not None
        assert report.isVisible()
        listed = {
            report.problems_model.cell(row, 0) for row in range(report.problems_model.rowCount())
        }
        assert listed == unstated
        report.close()


def test_quality_sample_is_judged_blind_then_counted_in_agreement(
    qtbot: QtBot, file_service: FileService, tmp_path: Path
) -> None:
    recorded = decide_cases(file_service.url, 4, marker=MARKER)
    decider = recorded[0].decision.moderator
    with desk_signed_in(qtbot, file_service.url, SENIOR, tmp_path) as desk:
        control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        press(qtbot, desk.window, Qt.Key.Key_S, control_shift)
        qtbot.waitUntil(lambda: desk.window.audit.window is not None, timeout=WAIT_MS)
        audit = desk.window.audit.window
        assert audit is not None
        sampling = audit.sampling_page
        qtbot.waitUntil(lambda: sampling.moderator_combo.findData(decider.id) >= 0, timeout=WAIT_MS)
        sampling.moderator_combo.setCurrentIndex(sampling.moderator_combo.findData(decider.id))
        sampling.count_spin.setValue(3)
        qtbot.mouseClick(sampling.draw_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: sampling.sample is not None, timeout=WAIT_MS)
        sample = sampling.sample
        assert sample is not None
        assert len(sample.items) == 3

        # Blind: no original outcome anywhere until the verdict is in.
        original_column = 6
        for row in range(3):
            assert sampling.items_model.cell(row, original_column) == "hidden until judged"
        snapshot = sampling.snapshot
        qtbot.waitUntil(lambda: snapshot.case_view.case_id() is not None, timeout=WAIT_MS)
        assert snapshot.case_view.decisions.card_model().rowCount() == 0
        assert snapshot.case_view.header.status.text() == "Open"
        assert snapshot.policy_panel.current_clause_id() is None

        item = sampling.current_item()
        assert item is not None
        with file_service.sign_in(SENIOR) as senior:
            original = senior.replay(item.decision_id).decision
        form = sampling.verdict_form
        form.outcome_combo.setCurrentIndex(form.outcome_combo.findData(original.outcome.value))
        for row in range(form.clause_list.count()):
            clause_item = form.clause_list.item(row)
            if clause_item.data(Qt.ItemDataRole.UserRole) in original.clause_ids:
                clause_item.setCheckState(Qt.CheckState.Checked)
        form.outcome_combo.setFocus()
        with qtbot.waitSignal(sampling.judged, timeout=WAIT_MS) as judged:
            press(qtbot, audit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert judged.args[0].agrees is True
        assert sampling.items_model.cell(0, original_column).startswith(
            sampling.items_model.cell(0, original_column - 1)
        )
        assert sampling.items_model.cell(0, original_column + 1) == "yes"
        assert "You agree." in sampling.result.text()
        assert "agreement so far 100 % (1 of 1)" in sampling.sample_label.text()

        sampling.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: bool(sampling.moderator_chart.bars()), timeout=WAIT_MS)
        bars = sampling.moderator_chart.bars()
        assert [(bar.label, bar.value) for bar in bars] == [(decider.display_name, 100.0)]
