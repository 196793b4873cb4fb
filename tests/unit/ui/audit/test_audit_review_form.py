"""The second-review form: what it refuses, what it sends, and the messages it prefills."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import LadderStep, PolicyClause
from reviewdesk.domain.audit_enums import ReviewVerdict
from reviewdesk.domain.enums import Category, Outcome, Severity
from reviewdesk.ui.audit.review_form import ReviewForm

CLAUSES = [
    PolicyClause(
        id="HAR-1",
        category=Category.HARASSMENT,
        title="Harassment",
        text="Do not harass members.",
        severity=Severity.HIGH,
        ladder=[LadderStep(outcome=Outcome.WARN)],
    ),
    PolicyClause(
        id="SPAM-1",
        category=Category.SPAM,
        title="Spam",
        text="Do not spam.",
        severity=Severity.LOW,
        ladder=[LadderStep(outcome=Outcome.REMOVE_CONTENT)],
    ),
]


def started(qtbot: QtBot) -> ReviewForm:
    form = ReviewForm()
    qtbot.addWidget(form)
    form.start("c-1", "Zhang Wei", CLAUSES, ["HAR-1"])
    return form


def test_nothing_is_sent_without_a_verdict_and_a_reason(qtbot: QtBot) -> None:
    form = started(qtbot)
    sent: list[object] = []
    form.submit_requested.connect(sent.append)
    assert not form.request_submit()
    assert "Choose confirm" in form.problems_label.text()
    form.choose(ReviewVerdict.CONFIRM)
    assert not form.request_submit()
    assert "reason" in form.problems_label.text()
    assert sent == []


def test_a_confirmation_carries_no_correction(qtbot: QtBot) -> None:
    form = started(qtbot)
    form.choose(ReviewVerdict.CONFIRM)
    assert not form.correction.isVisibleTo(form)
    qtbot.keyClicks(form.reason_edit, "Right call.")
    review = form.review()
    assert review is not None
    assert review.verdict is ReviewVerdict.CONFIRM
    assert review.corrected is None
    assert review.reason == "Right call."


def test_an_overturn_checks_the_correction_and_prefills_messages(qtbot: QtBot) -> None:
    form = started(qtbot)
    form.choose(ReviewVerdict.OVERTURN)
    assert form.correction.isVisibleTo(form)
    qtbot.keyClicks(form.reason_edit, "Spam, not harassment.")
    form.outcome_combo.setCurrentIndex(form.outcome_combo.findData(Outcome.SUSPEND.value))
    assert any("duration" in problem for problem in form.problems())
    form.days_spin.setValue(7)
    for row in range(form.clause_list.count()):
        item = form.clause_list.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) == "SPAM-1"
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    assert form.problems() == []
    review = form.review()
    assert review is not None
    assert review.corrected is not None
    assert review.corrected.outcome is Outcome.SUSPEND
    assert review.corrected.clause_ids == ["SPAM-1"]
    assert review.corrected.duration_days == 7
    assert review.corrected.member_message  # prefilled from the template
    form.member_edit.setPlainText("My own words.")
    form.days_spin.setValue(8)
    assert form.member_edit.toPlainText() == "My own words."  # an edit is never overwritten


def test_a_reviewed_decision_cannot_be_reviewed_again(qtbot: QtBot) -> None:
    form = ReviewForm()
    qtbot.addWidget(form)
    form.start("c-1", "Zhang Wei", CLAUSES, ["HAR-1"], already_reviewed="Confirmed by Ana.")
    assert not form.isEnabled()
    assert form.result_label.text() == "Confirmed by Ana."
    form.choose(ReviewVerdict.OVERTURN)
    assert form.verdict() is None
    assert not form.request_submit()
