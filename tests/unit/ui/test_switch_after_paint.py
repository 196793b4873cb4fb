"""Moving to a case read ahead: its history rows and clause examples follow its first paint.

What a moderator needs to decide (header, content, member, clause, ladder)
is in the first paint; the rows of the member's history tabs and the
clause's examples are filled right after it. At no paint does any of them
show what belonged to the case left behind, and once settled they show the
new case's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shell_fakes import CATALOGUE, NOW, FakeBackend
from shell_harness import Harness, opened_desk, wait_read_ahead

from reviewdesk.api.models import (
    MemberHistory,
    ModeratorNote,
    PolicyCatalogue,
    PriorCase,
)
from reviewdesk.domain.enums import CaseStatus, Category, Surface
from reviewdesk.ui.case.after_paint import AfterPaint
from reviewdesk.ui.desk_outbox import _last_case_key
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.tasks import TaskRunner


class HistoryBackend(FakeBackend):
    """Every member has prior cases and a note of their own; every clause has examples."""

    def get_member_history(self, member_id: str) -> MemberHistory:
        history = super().get_member_history(member_id)
        prior = [
            PriorCase(
                case_id=f"old-{member_id}-{number}",
                category=Category.SPAM,
                surface=Surface.CHAT,
                opened_at=NOW - timedelta(days=10 + number),
                status=CaseStatus.OPEN,
                clause_ids=[f"old-{member_id}-{number}"],  # tells whose row it is
            )
            for number in range(3)
        ]
        note = ModeratorNote(
            author="senior", created_at=NOW - timedelta(days=2), text=f"Watch {member_id}."
        )
        return history.model_copy(update={"prior_cases": prior, "notes": [note]})

    def get_policy(self) -> PolicyCatalogue:
        super().get_policy()
        clauses = [
            clause.model_copy(
                update={
                    "unacceptable": [f"Not fine under {clause.id}."],
                    "acceptable": [f"Fine under {clause.id}."],
                    # Ladders of different lengths: a new clause changes the panel's layout.
                    "ladder": clause.ladder[: 3 - number % 3],
                }
            )
            for number, clause in enumerate(CATALOGUE.clauses)
        ]
        return CATALOGUE.model_copy(update={"clauses": clauses})


def prior_case_ids(window: MainWindow) -> list[str]:
    model = window.member_panel.prior_cases_model
    return [model.cell(row, 4) for row in range(model.rowCount())]


def shown_notes(window: MainWindow) -> list[str]:
    return [card.body for card in window.member_panel.notes.card_model().cards()]


def shown_examples(window: MainWindow) -> list[str]:
    unacceptable, acceptable = window.policy_panel.examples_shown()
    return [card.body for card in unacceptable + acceptable]


def policy_geometry(window: MainWindow) -> list[QRect]:
    """Where the clause's parts sit (in the policy panel)."""
    panel = window.policy_panel
    parts: list[QWidget] = [panel.selector, panel.text, panel.ladder_box, panel.ladder]
    return [QRect(part.mapTo(panel, QPoint(0, 0)), part.size()) for part in parts]


class FirstPaint(QObject):
    """Notes what the window shows at the header's first paint of ``case_id``."""

    def __init__(self, window: MainWindow, case_id: str) -> None:
        super().__init__()
        self.window = window
        self.case_id = case_id
        self.seen: dict[str, object] | None = None
        window.case_view.header.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        window = self.window
        if (
            event.type() == QEvent.Type.Paint
            and self.seen is None
            and window.case_view.case_id() == self.case_id
        ):
            self.seen = {
                "member": window.member_panel.name.text(),
                "prior": prior_case_ids(window),
                "notes": shown_notes(window),
                "examples": shown_examples(window),
                "clause": window.policy_panel.title.text(),
                "ladder": window.policy_panel.ladder.card_model().rowCount(),
                "geometry": policy_geometry(window),
            }
        return False


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    with opened_desk(qtbot, runner, HistoryBackend(case_count=6)) as opened:
        yield opened


def member_of(desk: Harness, case_id: str) -> str:
    return next(case.member_id for case in desk.backend.cases if case.id == case_id)


def test_a_case_read_ahead_paints_first_then_fills_its_history_rows_and_examples(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    old_member = member_of(desk, "case-000")
    qtbot.waitUntil(lambda: bool(prior_case_ids(window)) and bool(shown_examples(window)))
    assert prior_case_ids(window)[0].startswith(f"old-{old_member}-")
    old_examples = shown_examples(window)
    wait_read_ahead(qtbot, desk, "case-001")
    new_member = member_of(desk, "case-001")
    first = FirstPaint(window, "case-001")

    desk.press("j")
    # Shown from memory in the key's own call; the rows and the examples wait for the paint.
    assert window.case_view.case_id() == "case-001"
    assert window.member_panel.rows_pending()
    qtbot.waitUntil(lambda: first.seen is not None, timeout=5000)
    seen = first.seen
    assert seen is not None
    # The first paint has the new member and clause, and nothing of the old case's.
    assert new_member in str(seen["member"])
    assert seen["ladder"] == len(window.policy_panel.current_clause().ladder)  # type: ignore[union-attr]
    assert not any(old_member in case_id for case_id in seen["prior"])  # type: ignore[attr-defined]
    assert not any(old_member in note for note in seen["notes"])  # type: ignore[attr-defined]
    assert not set(old_examples) & set(seen["examples"])  # type: ignore[arg-type]

    # Right after it, the tabs and the examples are the new case's.
    qtbot.waitUntil(lambda: not window.member_panel.rows_pending(), timeout=5000)
    assert prior_case_ids(window) == [f"old-{new_member}-{n}" for n in range(3)]
    assert shown_notes(window) == [f"Watch {new_member}."]
    clause_id = window.policy_panel.current_clause_id()
    assert shown_examples(window) == [f"Not fine under {clause_id}.", f"Fine under {clause_id}."]
    assert window.member_panel.tabs.tabText(0) == "Prior cases (3)"
    # The clause was painted where it stays: laid out in full before the first paint.
    assert seen["geometry"] == policy_geometry(window)


def test_rows_of_a_case_left_before_its_paint_never_land(desk: Harness, qtbot: QtBot) -> None:
    window = desk.window
    desk.wait_case("case-000")
    wait_read_ahead(qtbot, desk, "case-001")
    wait_read_ahead(qtbot, desk, "case-002")

    desk.press("j")
    assert window.case_view.case_id() == "case-001"
    desk.press("j")  # on again before case-001 was ever painted
    assert window.case_view.case_id() == "case-002"
    third = member_of(desk, "case-002")
    qtbot.waitUntil(lambda: not window.member_panel.rows_pending(), timeout=5000)
    for _turn in range(5):
        QApplication.processEvents()
    assert prior_case_ids(window) == [f"old-{third}-{n}" for n in range(3)]
    assert shown_notes(window) == [f"Watch {third}."]
    clause_id = window.policy_panel.current_clause_id()
    assert shown_examples(window) == [f"Not fine under {clause_id}.", f"Fine under {clause_id}."]


def test_a_case_left_for_no_case_drops_the_rows_waiting_for_its_paint(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    wait_read_ahead(qtbot, desk, "case-001")
    desk.press("j")
    assert window.member_panel.rows_pending()
    window.member_panel.clear()  # as when the queue runs empty
    assert not window.member_panel.rows_pending()
    qtbot.wait(50)
    assert prior_case_ids(window) == []
    assert shown_notes(window) == []


# --- AfterPaint on its own ---------------------------------------------------------------


@pytest.fixture
def witness(qtbot: QtBot) -> QWidget:
    """A widget on screen whose first paint has come and gone."""
    shown = QWidget()
    qtbot.addWidget(shown)
    shown.resize(200, 100)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.wait(20)
    return shown


def test_work_waits_for_the_witness_paint_and_the_latest_work_of_a_key_runs_once(
    qtbot: QtBot, witness: QWidget
) -> None:
    later = AfterPaint(witness)
    done: list[str] = []
    later.later("rows", lambda: done.append("first"))
    later.later("rows", lambda: done.append("second"))
    later.later("other", lambda: done.append("other"))
    later.cancel("other")
    assert done == []
    assert later.pending("rows")
    witness.update()
    qtbot.waitUntil(lambda: bool(done), timeout=2000)
    qtbot.wait(20)
    assert done == ["second"]
    assert not later.pending("rows")


def test_work_for_a_witness_not_on_screen_runs_at_once(qtbot: QtBot) -> None:
    witness = QWidget()
    qtbot.addWidget(witness)
    later = AfterPaint(witness)
    done: list[str] = []
    later.later("rows", lambda: done.append("rows"))
    assert done == ["rows"]
    assert not later.pending("rows")


def test_work_whose_paint_never_comes_runs_after_the_patience(
    qtbot: QtBot, witness: QWidget
) -> None:
    witness.setUpdatesEnabled(False)  # no paint will come
    later = AfterPaint(witness)
    done: list[str] = []
    later.later("rows", lambda: done.append("rows"))
    qtbot.wait(20)
    assert done == []
    qtbot.waitUntil(lambda: done == ["rows"], timeout=2000)


def test_waiting_work_runs_when_asked_now(qtbot: QtBot, witness: QWidget) -> None:
    later = AfterPaint(witness)
    done: list[str] = []
    later.later("rows", lambda: done.append("rows"))
    later.run_now()  # as the window does when it closes
    assert done == ["rows"]
    assert not later.pending("rows")
    witness.update()
    qtbot.wait(50)
    assert done == ["rows"]  # and only once


def test_the_case_switched_to_is_remembered_and_cached_once_painted(
    desk: Harness, qtbot: QtBot
) -> None:
    window, outbox = desk.window, desk.outbox
    desk.wait_case("case-000")
    qtbot.waitUntil(lambda: outbox.state is not None and outbox.cache is not None, timeout=5000)
    state, cache = outbox.state, outbox.cache
    assert state is not None
    assert cache is not None
    owner = outbox.owner  # the key the desk reads back at its next start
    assert owner is not None
    key = _last_case_key(owner)
    url = desk.connection.base_url
    wait_read_ahead(qtbot, desk, "case-001")
    wait_read_ahead(qtbot, desk, "case-002")

    desk.press("j")
    desk.press("j")  # on again before case-001 was painted
    assert window.case_view.case_id() == "case-002"
    # Both written once the window has painted: the last case shown is the one remembered.
    qtbot.waitUntil(lambda: state.get(key) == "case-002", timeout=5000)
    # Each written by a worker task of its own: in either order.
    qtbot.waitUntil(lambda: cache.get(url, "case-002") is not None, timeout=5000)
    qtbot.waitUntil(lambda: cache.get(url, "case-001") is not None, timeout=5000)
