"""Selection in the queue, the grouped queue tree and the bulk decision dialog."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from shell_fakes import CATALOGUE, NOW, make_summary

from reviewdesk.api.models import CasePage, CaseSummary
from reviewdesk.domain.enums import Category, Outcome
from reviewdesk.queue.grouping import GroupMode
from reviewdesk.ui.bulk_dialog import BulkDecisionDialog, bulk_question
from reviewdesk.ui.queue_group_model import GroupRole, QueueGroupModel
from reviewdesk.ui.queue_model import MARKED_BACKGROUND, Column, QueueModel
from reviewdesk.ui.queue_panel import QueuePanel
from reviewdesk.ui.tasks import TaskRunner

ORDINARY = (
    "Could you check my German essay tonight?",
    "He keeps sending me insults after I blocked him",
    "Thanks for the pronunciation tips yesterday!",
    "This profile asks everyone for money transfers",
    "Quel est ton film préféré ?",
    "I think this group chat is getting out of hand",
    "Wanna practise Korean on Sunday morning?",
    "Someone posted my phone number in the comments",
    "Meet me at the library, bring flashcards",
)
SPAM = "🔥 Learn English 5x faster! Free trial for 20 members: https://fluent.example/a"


def spam_queue(count: int = 9) -> CasePage:
    """Cases 0..count-1: every third one a different member's spam advert, the rest ordinary."""
    items = [
        make_summary(
            n,
            member_id=f"spammer-{n % 2}" if n % 3 == 0 else f"m-{n}",
            member_name=f"Spammer {n % 2}" if n % 3 == 0 else f"Member {n}",
            preview=SPAM.replace("5x", f"{n}x") if n % 3 == 0 else ORDINARY[n],
        )
        for n in range(count)
    ]
    return CasePage(items=items, total=count)


def make_panel(qtbot: QtBot, page: CasePage | None = None) -> QueuePanel:
    model = QueueModel(clock=lambda: NOW)
    panel = QueuePanel(model)
    qtbot.addWidget(panel)
    panel.resize(700, 600)
    panel.show()
    model.reset_with(page or spam_queue())
    return panel


# --- the tree model ---------------------------------------------------------------


def test_group_model_passes_the_model_tester_through_changes(qtmodeltester: object) -> None:
    source = QueueModel(clock=lambda: NOW)
    model = QueueGroupModel(source)
    source.reset_with(spam_queue())
    model.set_mode(GroupMode.MEMBER)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    source.append_page(CasePage(items=[make_summary(20, member_id="spammer-0")], total=10))
    source.remove_case("case-003")
    source.set_marked(["case-000", "case-006"])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    for mode in GroupMode:
        model.set_mode(mode)
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_group_rows_show_size_representative_and_ticks() -> None:
    source = QueueModel(clock=lambda: NOW)
    model = QueueGroupModel(source)
    source.reset_with(spam_queue())
    model.set_mode(GroupMode.TEXT)
    top = model.index(0, 0)
    group = top.data(GroupRole)
    assert group.case_ids == ("case-000", "case-003", "case-006")  # alike text, queue order
    assert model.case_id_at(top) == "case-000"  # the representative
    assert top.data().startswith("3 cases · 🔥 Learn English 0x faster!")
    assert "hxxps://fluent[.]example/a" in top.data()  # links defanged, as in the case
    assert model.rowCount(top) == 3
    child = model.index(1, Column.MEMBER, top)
    assert child.data() == "Spammer 1"  # the queue's own cells
    source.set_marked(["case-003"])
    assert top.data().startswith("3 cases · 1 selected · ")


# --- selection ---------------------------------------------------------------------------


def test_toggle_range_all_and_clear_with_the_count_shown(qtbot: QtBot) -> None:
    panel = make_panel(qtbot)
    panel.select_row(1)
    assert panel.toggle_selection()
    assert panel.selection.ids() == ["case-001"]
    assert panel.selection_label.text() == "1 selected"
    index = panel.model.index(1, Column.PRIORITY)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert index.data(Qt.ItemDataRole.BackgroundRole).name() == MARKED_BACKGROUND
    assert panel.model.index(2, 0).data(Qt.ItemDataRole.CheckStateRole) is None

    assert panel.extend_selection(1)
    assert panel.extend_selection(1)
    assert panel.selection.ids() == ["case-001", "case-002", "case-003"]
    assert panel.current_summary().id == "case-003"  # type: ignore[union-attr]
    assert panel.toggle_selection()  # x again unticks
    assert panel.selection_label.text() == "2 selected"

    assert panel.select_all() == 9
    assert panel.selection_label.text() == "9 selected"
    panel.clear_selection()
    assert panel.selection_label.text() == "None selected"
    assert panel.model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) is None


def test_shift_click_ticks_a_range(qtbot: QtBot) -> None:
    panel = make_panel(qtbot)
    table = panel.table
    panel.select_row(2)

    def click(row: int, modifier: Qt.KeyboardModifier) -> None:
        rect = table.visualRect(panel.model.index(row, Column.CATEGORY))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    click(5, Qt.KeyboardModifier.ShiftModifier)
    assert panel.selection.ids() == [f"case-00{n}" for n in range(2, 6)]
    click(7, Qt.KeyboardModifier.ControlModifier)
    assert "case-007" in panel.selection


def test_decided_cases_leave_the_selection(qtbot: QtBot) -> None:
    panel = make_panel(qtbot)
    panel.select_all()
    panel.model.hide_cases(["case-000", "case-004"])
    assert len(panel.selection) == 7
    assert "case-004" not in panel.selection


# --- grouped queue -----------------------------------------------------------------------


def test_grouped_walk_expand_and_decide_a_group(qtbot: QtBot) -> None:
    panel = make_panel(qtbot)
    opened: list[CaseSummary | None] = []
    panel.case_selected.connect(opened.append)
    panel.select_row(0)
    assert panel.cycle_grouping() is GroupMode.MEMBER
    assert panel.views.currentWidget() is panel.tree
    tree = panel.tree
    # Biggest group first: the two spammers (2 and 1 cases... member 0: cases 0 and 6).
    sizes = [group.size for group in panel.group_model.groups()]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 2
    assert panel.current_summary().id == "case-000"  # type: ignore[union-attr]
    assert panel.group_model.is_group_row(tree.currentIndex())

    # j walks group rows while they are closed; o opens one, then j walks inside it.
    assert panel.step(1)
    assert panel.group_model.is_group_row(tree.currentIndex())
    assert panel.step(-1)
    assert panel.toggle_group()
    assert panel.step(1)
    assert not panel.group_model.is_group_row(tree.currentIndex())
    assert panel.current_summary().id == "case-000"  # type: ignore[union-attr]
    assert panel.step(1)
    assert panel.current_summary().id == "case-006"  # type: ignore[union-attr]
    assert opened[-1] is not None
    assert opened[-1].id == "case-006"

    # Select all inside a group picks the group; deciding hides them and the tree follows.
    assert panel.select_all() == 2
    assert panel.current_group_case_ids() == ["case-000", "case-006"]
    panel.model.hide_cases(["case-000", "case-006"])
    assert "case-000" not in {c for g in panel.group_model.groups() for c in g.case_ids}
    assert len(panel.selection) == 0
    # As in the flat queue, the window picks the next case: from the first row on.
    assert panel.select_from(0, 1)
    assert panel.current_summary().id == "case-001"  # type: ignore[union-attr]

    # Back to no grouping: the flat table again, with the same case current.
    panel.set_group_mode(GroupMode.NONE)
    assert panel.views.currentWidget() is panel.table
    assert panel.current_summary() is not None


def test_toggle_on_a_group_row_ticks_the_whole_group(qtbot: QtBot) -> None:
    panel = make_panel(qtbot)
    panel.select_row(0)
    panel.set_group_mode(GroupMode.TEXT)
    assert panel.group_combo.currentText() == "Group by alike text"
    assert panel.toggle_selection()
    assert panel.selection.ids() == ["case-000", "case-003", "case-006"]
    assert panel.toggle_selection()
    assert panel.selection.ids() == []


def test_grouped_expansion_survives_a_reload(qtbot: QtBot) -> None:
    panel = make_panel(qtbot)
    panel.select_row(0)
    panel.set_group_mode(GroupMode.TEXT)
    panel.toggle_group()
    panel.step(1)
    panel.step(1)
    assert panel.current_summary().id == "case-003"  # type: ignore[union-attr]
    panel.model.reset_with(spam_queue())
    assert panel.tree.isExpanded(panel.group_model.index(0, 0))
    assert panel.current_summary().id == "case-003"  # type: ignore[union-attr]
    assert panel.tree.currentIndex().parent() == panel.group_model.index(0, 0)
    assert panel.tree.currentIndex().parent() != QModelIndex()


# --- the confirmation ------------------------------------------------------------------------


def test_bulk_dialog_is_keyboard_only_and_names_count_and_outcome(qtbot: QtBot) -> None:
    cases = [spam_queue().items[n] for n in (0, 3, 6)]
    spam_cases = [c.model_copy(update={"category": Category.SPAM}) for c in cases]
    dialog = BulkDecisionDialog(spam_cases, CATALOGUE.clauses, "The 3 cases in this group.")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.question_label.text() == bulk_question(None, 3)
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget() or dialog, "2")
    assert dialog.question_label.text() == "Remove content for 3 cases?"
    assert dialog.clause() is not None
    assert dialog.clause().id == "SPM-1"  # type: ignore[union-attr]  # the category's first
    drafts = dialog.drafts()
    assert [d.case_id for d in drafts] == ["case-000", "case-003", "case-006"]
    assert len({d.idempotency_key for d in drafts}) == 3
    assert all(d.decision.outcome is Outcome.REMOVE_CONTENT for d in drafts)
    assert all(d.decision.clause_ids == ["SPM-1"] for d in drafts)
    assert "Spammer 1" in drafts[1].decision.member_message  # each member's own name
    assert "case-006" in drafts[2].decision.reporter_message

    qtbot.keyClick(dialog.focusWidget() or dialog, "8")  # escalate needs a note
    assert not dialog.confirm_button.isEnabled()
    assert "needs a note" in dialog.problems_label.text()
    assert dialog.drafts() == []
    qtbot.keyClick(dialog.focusWidget() or dialog, "5")
    assert dialog.question_label.text() == "Suspend for 3 cases?"
    assert dialog.drafts()[0].decision.duration_days == 7
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_bulk_dialog_warns_when_the_clause_would_be_cited_for_other_categories(
    qtbot: QtBot,
) -> None:
    """One clause for the whole batch: cases of another category are named before Return."""
    cases = [
        make_summary(n, category=category)
        for n, category in enumerate(
            (Category.SPAM, Category.SPAM, Category.HARASSMENT, Category.SCAM, Category.HARASSMENT)
        )
    ]
    dialog = BulkDecisionDialog(cases, CATALOGUE.clauses)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.choose(Outcome.REMOVE_CONTENT)
    assert dialog.clause().id == "SPM-1"  # type: ignore[union-attr]  # the most common category
    assert dialog.categories_label.isVisible()
    assert dialog.categories_label.text() == (
        "3 of the 5 cases are not about Spam (2 Harassment, bullying, stalking; 1 Scam, "
        "phishing, fraud), yet would cite SPM-1 too: decide them apart unless the clause fits "
        "them."
    )
    assert dialog.confirm_button.isEnabled(), "a warning, not a refusal: the moderator decides"
    dialog.choose(Outcome.NO_VIOLATION)  # no clause is cited
    assert not dialog.categories_label.isVisible()
    alike = BulkDecisionDialog(cases[:2], CATALOGUE.clauses)
    qtbot.addWidget(alike)
    alike.show()
    alike.choose(Outcome.REMOVE_CONTENT)
    assert not alike.categories_label.isVisible()


def test_bulk_dialog_escape_cancels(qtbot: QtBot) -> None:
    dialog = BulkDecisionDialog(spam_queue().items[:2], CATALOGUE.clauses)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.focusWidget() or dialog, "2")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_groups_computed_on_a_worker_keep_the_tree_consistent_meanwhile(
    qtbot: QtBot, runner: TaskRunner, qtmodeltester: object
) -> None:
    source = QueueModel(clock=lambda: NOW)
    model = QueueGroupModel(source)
    model.set_runner(runner)
    source.reset_with(spam_queue())
    model.set_mode(GroupMode.TEXT)
    assert model.computing
    assert [g.size for g in model.groups()] == [1] * 9  # each case alone until the groups come
    qtbot.waitUntil(lambda: not model.computing, timeout=5000)
    assert model.groups()[0].case_ids == ("case-000", "case-003", "case-006")
    qtmodeltester.check(model)  # type: ignore[attr-defined]

    source.remove_case("case-003")  # decided while the next groups are computed
    assert model.computing
    assert model.groups()[0].case_ids == ("case-000", "case-006")  # at once, without it
    assert not model.index_of_case("case-003").isValid()
    qtbot.waitUntil(lambda: not model.computing, timeout=5000)
    assert model.groups()[0].case_ids == ("case-000", "case-006")
