"""The decision panel: validation shown inline, template prefill, idempotency per draft."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_fakes import CATALOGUE, make_summary

from reviewdesk.api.models import LadderStep
from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import Outcome
from reviewdesk.policy.templates import render_messages
from reviewdesk.ui.decision_panel import CHOOSE_OUTCOME, DecisionDraft, DecisionPanel

CASE = make_summary(0, member_name="سارة الخطيب <b>bold</b>")  # harassment case
HAR_1 = CATALOGUE.clauses[0]
SPM_1 = CATALOGUE.clauses[2]


@pytest.fixture
def panel(qtbot: QtBot) -> DecisionPanel:
    widget = DecisionPanel()
    qtbot.addWidget(widget)
    widget.set_catalogue(CATALOGUE.clauses)
    widget.start_draft(CASE)
    return widget


def test_a_fresh_draft_asks_for_an_outcome_and_cites_the_category_clause(
    panel: DecisionPanel,
) -> None:
    assert panel.problems() == [CHOOSE_OUTCOME]
    assert panel.problems_label.text() == CHOOSE_OUTCOME
    assert panel.clause_combo.currentData() == "HAR-1"
    listed = [panel.clause_combo.itemData(i) for i in range(panel.clause_combo.count())]
    assert listed[:3] == [None, "HAR-1", "HAR-2"], "the case's category comes first"
    assert {"SPM-1", "SCM-1", "INS-1"} <= set(listed)


def test_validation_matches_the_domain_rules_and_is_shown_inline(panel: DecisionPanel) -> None:
    panel.select_outcome(Outcome.ESCALATE)
    expected = decision_problems(Outcome.ESCALATE, ["HAR-1"], None, "")
    assert expected, "escalating without a note is invalid"
    assert panel.problems() == expected
    assert panel.problems_label.text() == "\n".join(expected)
    assert panel.draft() is None
    panel.note_edit.setPlainText("Threat of violence; needs a senior.")
    assert panel.problems() == []
    assert panel.problems_label.isHidden()


def test_no_clause_for_a_sanction_is_refused(panel: DecisionPanel, qtbot: QtBot) -> None:
    panel.select_outcome(Outcome.WARN)
    panel.select_clause(None)
    with qtbot.assertNotEmitted(panel.submit_requested):
        assert panel.request_submit() is False
    assert "must cite at least one policy clause" in panel.problems_label.text()
    assert "Not sent" in panel.result_label.text()


def test_duration_is_only_for_restrict_and_suspend_and_follows_the_suggested_rung(
    panel: DecisionPanel,
) -> None:
    panel.set_suggestions({"HAR-1": LadderStep(outcome=Outcome.RESTRICT, duration_days=3)})
    panel.select_outcome(Outcome.WARN)
    assert not panel.duration_spin.isEnabled()
    panel.select_outcome(Outcome.RESTRICT)
    assert panel.duration_spin.isEnabled()
    assert panel.duration_spin.value() == 3
    draft = panel.draft()
    assert draft is not None
    assert draft.decision.duration_days == 3
    panel.select_outcome(Outcome.REMOVE_CONTENT)
    draft = panel.draft()
    assert draft is not None
    assert draft.decision.duration_days is None


def test_messages_are_prefilled_from_the_templates_and_follow_the_choice(
    panel: DecisionPanel,
) -> None:
    panel.select_outcome(Outcome.WARN)
    assert (
        panel.member_message_edit.toPlainText(),
        panel.reporter_message_edit.toPlainText(),
    ) == render_messages(Outcome.WARN, HAR_1, CASE.member_name, CASE.id, None)
    panel.select_clause("SPM-1")
    assert (
        panel.member_message_edit.toPlainText()
        == (render_messages(Outcome.WARN, SPM_1, CASE.member_name, CASE.id, None)[0])
    )
    panel.select_outcome(Outcome.SUSPEND)
    panel.duration_spin.setValue(30)
    assert (
        panel.member_message_edit.toPlainText()
        == (render_messages(Outcome.SUSPEND, SPM_1, CASE.member_name, CASE.id, 30)[0])
    )


def test_an_edited_message_is_never_overwritten(panel: DecisionPanel, qtbot: QtBot) -> None:
    panel.select_outcome(Outcome.WARN)
    panel.member_message_edit.setPlainText("Hi, a personal note from the team.")
    panel.select_outcome(Outcome.REMOVE_CONTENT)
    panel.select_clause("HAR-2")
    assert panel.member_message_edit.toPlainText() == "Hi, a personal note from the team."
    assert (
        panel.reporter_message_edit.toPlainText()
        == (
            render_messages(
                Outcome.REMOVE_CONTENT, CATALOGUE.clauses[1], CASE.member_name, CASE.id, None
            )[1]
        )
    )


def test_submit_emits_the_draft_with_one_key_per_exact_body(
    panel: DecisionPanel, qtbot: QtBot
) -> None:
    panel.select_outcome(Outcome.WARN)
    panel.note_edit.setPlainText("  Repeated insults in chat.  ")
    with qtbot.waitSignal(panel.submit_requested) as first:
        panel.request_submit()
    draft: DecisionDraft = first.args[0]
    assert draft.case_id == CASE.id
    assert draft.decision.outcome is Outcome.WARN
    assert draft.decision.clause_ids == ["HAR-1"]
    assert draft.decision.note == "Repeated insults in chat."
    with qtbot.waitSignal(panel.submit_requested) as again:
        panel.request_submit()  # e.g. after a network error: the same body, the same key
    assert again.args[0].idempotency_key == draft.idempotency_key

    keys = {draft.idempotency_key}
    changes = (
        lambda: panel.note_edit.setPlainText("Repeated insults in chat, twice."),
        lambda: panel.select_clause("HAR-2"),
        lambda: panel.select_outcome(Outcome.RESTRICT),
        lambda: panel.duration_spin.setValue(panel.duration_spin.value() + 1),
        lambda: panel.member_message_edit.setPlainText("A word from the team."),
        lambda: panel.reporter_message_edit.setPlainText("Thanks for telling us."),
    )
    for change in changes:
        change()
        changed = panel.draft()
        assert changed is not None
        assert changed.idempotency_key not in keys, "a changed body never reuses a key"
        keys.add(changed.idempotency_key)
        assert panel.idempotency_key == changed.idempotency_key

    panel.start_draft(make_summary(1))
    assert panel.idempotency_key == "", "nothing to send yet"
    assert panel.outcome() is None
    assert panel.note_edit.toPlainText() == ""
    panel.select_outcome(Outcome.WARN)
    assert panel.idempotency_key not in keys, "another case never shares a key"


def test_going_back_to_a_body_sent_before_reuses_its_key(panel: DecisionPanel) -> None:
    panel.select_outcome(Outcome.WARN)
    sent = panel.draft()
    assert sent is not None
    panel.note_edit.setPlainText("Second thoughts.")
    assert panel.idempotency_key != sent.idempotency_key
    panel.note_edit.setPlainText("")
    assert panel.idempotency_key == sent.idempotency_key, "a replay of that body, not a new one"


def test_a_case_not_shown_yet_cannot_be_decided(panel: DecisionPanel, qtbot: QtBot) -> None:
    panel.select_outcome(Outcome.WARN)
    panel.block_until_shown("The case is not shown yet, so it cannot be decided.")
    assert not panel.submit_button.isEnabled()
    assert not panel.outcome_buttons[Outcome.WARN].isEnabled()
    assert panel.note_edit.isReadOnly()
    panel.unlock()  # a claim arriving does not make an unseen case decidable
    with qtbot.assertNotEmitted(panel.submit_requested):
        assert panel.request_submit() is False
    assert panel.result_label.text() == "The case is not shown yet, so it cannot be decided."
    panel.case_shown()
    assert panel.submit_button.isEnabled()
    assert panel.result_label.text() == "", "the reason went with the wait"
    with qtbot.waitSignal(panel.submit_requested):
        panel.request_submit()


def test_no_violation_cites_no_clause(panel: DecisionPanel) -> None:
    panel.select_outcome(Outcome.NO_VIOLATION)
    draft = panel.draft()
    assert draft is not None
    assert draft.decision.clause_ids == []
    assert not panel.clause_combo.isEnabled()
    assert CASE.member_name in panel.reporter_message_edit.toPlainText()


def test_a_locked_or_busy_panel_refuses_to_submit(panel: DecisionPanel, qtbot: QtBot) -> None:
    panel.select_outcome(Outcome.WARN)
    panel.lock("Claimed by Bruno Costa until 16:00; you cannot decide it.")
    assert not panel.submit_button.isEnabled()
    assert not panel.outcome_buttons[Outcome.TERMINATE].isEnabled()
    with qtbot.assertNotEmitted(panel.submit_requested):
        panel.request_submit()
    assert panel.result_label.text().startswith("Claimed by Bruno Costa")
    panel.unlock()
    panel.set_busy(True)
    with qtbot.assertNotEmitted(panel.submit_requested):
        panel.request_submit()
    panel.set_busy(False)
    with qtbot.waitSignal(panel.submit_requested):
        panel.request_submit()


def test_clicking_an_outcome_and_the_submit_button_works_by_mouse(
    panel: DecisionPanel, qtbot: QtBot
) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.mouseClick(panel.outcome_buttons[Outcome.REMOVE_CONTENT], Qt.MouseButton.LeftButton)
    assert panel.outcome() is Outcome.REMOVE_CONTENT
    with qtbot.waitSignal(panel.submit_requested) as blocker:
        qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].decision.outcome is Outcome.REMOVE_CONTENT


def test_hostile_text_stays_plain(panel: DecisionPanel) -> None:
    panel.select_outcome(Outcome.NO_VIOLATION)
    assert "<b>bold</b>" in panel.reporter_message_edit.toPlainText()
    assert panel.problems_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.result_label.textFormat() == Qt.TextFormat.PlainText


def test_a_suggestion_arriving_late_updates_duration_and_message_together(
    panel: DecisionPanel,
) -> None:
    panel.select_outcome(Outcome.SUSPEND)  # chosen before the member's history arrived
    panel.set_suggestions({"HAR-1": LadderStep(outcome=Outcome.SUSPEND, duration_days=14)})
    assert panel.duration_spin.value() == 14
    assert (
        panel.member_message_edit.toPlainText()
        == (render_messages(Outcome.SUSPEND, HAR_1, CASE.member_name, CASE.id, 14)[0])
    )
    panel.duration_spin.setValue(21)  # the moderator's own choice wins from now on
    panel.set_suggestions({"HAR-1": LadderStep(outcome=Outcome.SUSPEND, duration_days=30)})
    assert panel.duration_spin.value() == 21


def test_the_clause_list_follows_each_case_category_and_renamed_clauses(
    panel: DecisionPanel,
) -> None:
    def listed() -> list[tuple[object, str]]:
        combo = panel.clause_combo
        return [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]

    first = listed()
    panel.clause_combo.setCurrentIndex(panel.clause_combo.findData("HAR-2"))
    # The next case of the same category: the same list, its first clause chosen again.
    panel.start_draft(make_summary(2, category=CASE.category))
    assert listed() == first
    assert panel.clause_combo.currentData() == "HAR-1"
    # Another category: its clauses come first now.
    panel.start_draft(make_summary(3, category=SPM_1.category))
    assert [data for data, _text in listed()][:2] == [None, "SPM-1"]
    assert panel.clause_combo.currentData() == "SPM-1"
    # A renamed clause in a new catalogue is listed under its new title.
    renamed = [
        c.model_copy(update={"title": "Renamed"}) if c.id == "SPM-1" else c
        for c in CATALOGUE.clauses
    ]
    panel.set_catalogue(renamed)
    assert ("SPM-1", "SPM-1 — Renamed") in listed()


def test_a_new_case_starts_with_empty_fields_and_nothing_to_undo(
    panel: DecisionPanel, qtbot: QtBot
) -> None:
    """A note typed (even one deleted again) never comes back by undo on the next case."""
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "first case note")
    panel.note_edit.selectAll()
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Delete)
    assert panel.note_edit.toPlainText() == ""
    assert panel.note_edit.document().isUndoAvailable()
    panel.select_outcome(Outcome.WARN)
    assert panel.member_message_edit.toPlainText(), "the template filled the message"

    panel.start_draft(make_summary(1))
    for editor in (panel.note_edit, panel.member_message_edit, panel.reporter_message_edit):
        assert editor.toPlainText() == ""
        assert not editor.document().isUndoAvailable()
    panel.note_edit.undo()
    assert panel.note_edit.toPlainText() == ""


def test_an_untouched_empty_note_is_left_as_it_is_for_the_next_case(
    panel: DecisionPanel,
) -> None:
    """Nothing to empty: the note keeps its document (no repaint on every case switch)."""
    revision = panel.note_edit.document().revision()
    panel.start_draft(make_summary(1))
    assert panel.note_edit.document().revision() == revision
    assert panel.note_edit.toPlainText() == ""
