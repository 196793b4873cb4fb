"""The case view: header, content, reports, evidence stepping, image errors, empty state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from case_samples import (
    ARABIC_THREAT,
    NOW,
    REPORTER_NAME,
    SUBJECT_NAME,
    attachments,
    case_detail,
    loaded_screenshot,
    moderator,
    phone_screenshot,
    reports,
    summary,
)
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import ContentItem, DecisionOut
from reviewdesk.domain.enums import CATEGORY_TITLES, Category, Outcome, SubjectKind, Surface
from reviewdesk.ui.case import CaseView
from reviewdesk.ui.case.attachments_model import STATE_ROLE
from reviewdesk.ui.case.card_delegate import CardDelegate
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.layout_fence import settle_layouts

HOSTILE = '<b>bold</b> <img src="file:///etc/passwd"> &amp; <script>alert(1)</script>'


@pytest.fixture
def view(qtbot: QtBot) -> CaseView:
    case_view = CaseView()
    qtbot.addWidget(case_view)
    case_view.resize(1100, 900)
    case_view.show()
    qtbot.waitExposed(case_view)
    return case_view


def test_header_says_what_the_case_is(view: CaseView) -> None:
    view.show_case(case_detail(), now=NOW)
    header = view.header
    assert view.case_id() == "case-2317"
    assert "case-2317" in header.title.text()
    assert CATEGORY_TITLES[Category.HARASSMENT] in header.title.text()
    assert header.subject.text().startswith("Content by")
    assert SUBJECT_NAME in header.subject.text()
    assert "m-40512" in header.subject.text()
    assert "3 reports" in header.facts.text()
    assert "opened 5 h ago" in header.facts.text()
    assert "last report 40 min ago" in header.facts.text()
    assert "Chat" in header.facts.text()
    assert header.severity.text() == "Severity: high"
    assert header.status.text() == "Open"
    assert not header.claim.isHidden()
    assert "Inès Moreau" in header.claim.text()
    assert header.automated.isHidden()


def test_automated_account_case_without_claim(view: CaseView) -> None:
    detail = case_detail(
        summary=summary(subject_kind=SubjectKind.ACCOUNT, automated=True, claim=None),
        content=None,
    )
    view.show_case(detail, now=NOW)
    assert view.header.subject.text().startswith("Account of")
    assert not view.header.automated.isHidden()
    assert view.header.claim.isHidden()
    assert view.content_box.isHidden()


def test_content_and_reports(view: CaseView) -> None:
    view.show_case(case_detail(), now=NOW)
    assert view.content_text.toPlainText() == ARABIC_THREAT
    assert "msg-9913" in view.content_facts.text()
    assert view.reports_box.title() == "Reports (3)"
    cards = view.reports.card_model().cards()
    assert [card.key for card in cards] == ["r-1", "r-2", "r-3"]
    assert REPORTER_NAME in cards[0].header
    assert "reliability 86%" in cards[0].header
    assert "2 screenshots" in cards[0].header
    assert cards[0].body.startswith("He writes to me every night")
    assert cards[1].marker == "Low-trust reporter"
    assert "Insults and cursing" in cards[1].header
    assert "repeat-contact-v2" in cards[2].header
    assert "score 0.91" in cards[2].header
    assert cards[2].marker == "Automated"
    assert view.decisions_box.isHidden()


def test_earlier_decisions_are_listed(view: CaseView) -> None:
    decision = DecisionOut(
        id="d-1",
        case_id="case-2317",
        moderator=moderator("Bruno Costa"),
        outcome=Outcome.ESCALATE,
        clause_ids=["THR-1"],
        note="Threat to share photos; needs a senior look.",
        decided_at=NOW - timedelta(hours=1),
        idempotency_key="k-1",
    )
    view.show_case(case_detail(decisions=[decision]), now=NOW)
    assert not view.decisions_box.isHidden()
    card = view.decisions.card_model().cards()[0]
    assert "Escalate" in card.header
    assert "THR-1" in card.header
    assert "Bruno Costa" in card.header
    assert card.body == decision.note


def test_attachments_start_loading_and_first_is_announced(view: CaseView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.attachment_selected) as selected:
        view.show_case(case_detail(), now=NOW)
    assert selected.args == ["att-1"]
    model = view.evidence.attachments_model()
    states = [model.data(model.index(row, 0), STATE_ROLE) for row in range(model.rowCount())]
    assert states == ["loading", "loading", "loading"]
    assert view.viewer().placeholder_text() == "Loading…"
    assert view.evidence_box.title() == "Screenshots (3)"


def test_images_arrive_and_attachments_can_be_stepped(view: CaseView, qtbot: QtBot) -> None:
    view.show_case(case_detail(), now=NOW)
    view.evidence.show_evidence(loaded_screenshot("att-1", phone_screenshot(540, 1170)))
    assert view.viewer().has_image()
    assert view.viewer().image_size() == QSize(540, 1170)
    view.evidence.show_evidence(
        loaded_screenshot("att-2", phone_screenshot(720, 720))
    )  # not the shown one: viewer unchanged
    assert view.viewer().image_size() == QSize(540, 1170)

    with qtbot.waitSignal(view.attachment_selected) as selected:
        assert view.next_attachment()
    assert selected.args == ["att-2"]
    assert view.viewer().image_size() == QSize(720, 720)
    assert view.next_attachment()
    assert view.current_attachment_id() == "att-3"
    assert view.viewer().placeholder_text() == "Loading…"
    view.show_image_error("att-3", "The file is not a PNG image (truncated data).")
    assert "truncated data" in view.viewer().placeholder_text()
    assert "external_messenger.png" in view.viewer().placeholder_text()
    assert not view.next_attachment()
    assert view.previous_attachment()
    assert view.current_attachment_id() == "att-2"
    assert view.viewer().has_image()
    # The rest of the case keeps working after an image error.
    assert view.reports.card_model().rowCount() == 3


def test_late_images_of_another_case_are_ignored(view: CaseView) -> None:
    view.show_case(case_detail(), now=NOW)
    other = case_detail(summary=summary(id="case-9"), attachments=attachments()[2:])
    view.show_case(other, now=NOW)
    view.evidence.show_evidence(loaded_screenshot("att-1", phone_screenshot(100, 100)))
    view.show_image_error("att-2", "late")
    assert view.evidence.attachments_model().rowCount() == 1
    assert view.current_attachment_id() == "att-3"
    assert view.viewer().placeholder_text() == "Loading…"


def test_case_without_evidence_hides_the_evidence_row(view: CaseView) -> None:
    view.show_case(case_detail(attachments=[], conversations=[]), now=NOW)
    assert view.bottom_splitter.isHidden()
    view.show_case(case_detail(attachments=[]), now=NOW)
    assert not view.bottom_splitter.isHidden()
    assert view.evidence_box.isHidden()
    assert not view.transcript_box.isHidden()
    assert view.transcript_box.title() == "Transcript (7 messages)"


def test_clear_shows_the_empty_state(view: CaseView) -> None:
    assert view.empty_message() == "No case selected"
    view.show_case(case_detail(), now=NOW)
    assert view.empty_message() == ""
    view.clear("The queue is empty.")
    assert view.case_id() is None
    assert view.empty_message() == "The queue is empty."
    assert view.reports.card_model().rowCount() == 0
    assert view.evidence.attachments_model().rowCount() == 0
    view.clear()
    assert view.empty_message() == "No case selected"


def test_hostile_member_text_is_shown_literally(view: CaseView) -> None:
    huge = "رسالة طويلة جدا " * 7_000 + "<b>" + "x" * 2_000  # over 200 KB in UTF-8
    assert len(huge.encode("utf-8")) > 200_000
    detail = case_detail(
        summary=summary(member_name=HOSTILE[:60]),
        content=ContentItem.model_construct(
            id="c-1", surface=Surface.MOMENT, text=huge, posted_at=NOW
        ),
    )
    view.show_case(detail, now=NOW)
    assert view.content_text.full_text() == huge
    shown = view.content_text.toPlainText()
    assert shown.startswith(huge[:20_000])
    assert f"{len(huge) - 20_000:,} more characters not shown" in shown
    assert HOSTILE[:60] in view.header.subject.text()
    for label in view.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()
    view.show_case(
        case_detail(
            content=ContentItem(id="c-2", surface=Surface.COMMENT, text=HOSTILE, posted_at=NOW)
        ),
        now=NOW,
    )
    shown = view.content_text.toPlainText()
    assert shown.startswith('<b>bold</b> <img src="file[:]///etc/passwd')
    assert shown.endswith("&amp; <script>alert(1)</script>")


def test_every_focusable_widget_has_an_accessible_name(view: CaseView) -> None:
    view.show_case(case_detail(), now=NOW)
    view.evidence.show_evidence(loaded_screenshot("att-1", phone_screenshot(300, 600)))
    unnamed = [
        type(widget).__name__
        for widget in view.findChildren(QWidget)
        if widget.isVisibleTo(view)
        and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not widget.accessibleName()
        and widget.parent() is not None
        and not type(widget).__name__.startswith(("QScrollBar", "QSplitterHandle"))
        and widget.objectName() != "qt_scrollarea_viewport"
        and widget.focusProxy() is None
        and not isinstance(widget.parent(), QAbstractScrollArea)  # a view's viewport
    ]
    assert unnamed == []


def _tab_names(view: CaseView, qtbot: QtBot, presses: int = 12) -> list[str]:
    view.content_text.setFocus()
    qtbot.waitUntil(view.content_text.hasFocus, timeout=1000)
    visited = []
    for _ in range(presses):
        focused = view.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now_focused = view.focusWidget()
        visited.append(now_focused.accessibleName() if now_focused else "")
    return visited


def test_tab_moves_through_the_case(view: CaseView, qtbot: QtBot) -> None:
    view.show_case(case_detail(), now=NOW)
    visited = _tab_names(view, qtbot)  # no image yet: the viewer is skipped
    assert visited[:3] == ["Reports", "Attachments", "Blur screenshot"]
    assert "Transcript" in visited
    view.evidence.show_evidence(loaded_screenshot("att-1", phone_screenshot(300, 600)))
    visited = _tab_names(view, qtbot)
    assert visited[:4] == ["Reports", "Attachments", "Screenshot", "Zoom out"]
    assert "Transcript" in visited


def test_sizes_suit_a_splitter(view: CaseView) -> None:
    view.show_case(case_detail(summary=summary(member_name="W" * 500)), now=NOW)
    hint = view.minimumSizeHint()
    assert hint.width() <= 600
    assert hint.height() <= 500
    layout = view.layout()
    assert layout is not None
    assert layout.minimumSize().width() <= 900


def _widths_measured(list_view: CardListView) -> dict[Card, set[int]]:
    """The widths at which the view's delegate measured each card it shows now."""
    delegate = list_view.itemDelegate()
    assert isinstance(delegate, CardDelegate)
    shown = set(list_view.card_model().cards())
    widths: dict[Card, set[int]] = {}
    for card, width, _font in delegate._sizes:
        if card in shown:
            widths.setdefault(card, set()).add(width)
    return widths


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ({}, {"content": None}),  # the content column goes: the reports widen
        ({"content": None}, {}),  # and comes back: they narrow
    ],
)
def test_cards_are_measured_once_at_the_width_they_are_painted_at(
    view: CaseView, qtbot: QtBot, first: dict[str, object], then: dict[str, object]
) -> None:
    """A section shown or hidden resizes its neighbours before their cards are laid out.

    Laid out first and resized after, a card list measures every card twice
    (at the old width, then at the new one) and paints its first frame with
    the old rows' heights until its delayed relayout.
    """
    view.show_case(case_detail(**first), now=NOW)
    settle_layouts()
    before = view.reports.viewport().width()
    long_text = "A long report that wraps onto more lines in a narrow column. " * 6
    new_reports = [
        report.model_copy(update={"id": f"{report.id}-b", "text": long_text})
        for report in reports()
    ]
    view.show_case(case_detail(reports=new_reports, **then), now=NOW)
    settle_layouts()  # as the case loader does before the paint
    qtbot.wait(150)  # any delayed relayout of the lists has run
    measured = _widths_measured(view.reports)
    assert len(measured) == len(new_reports)
    final = view.reports.viewport().width()
    assert final != before
    # The final width, and the width just before the vertical scroll bar came: never the old one.
    scroll_bar = view.reports.verticalScrollBar().sizeHint().width()
    for widths in measured.values():
        assert final in widths
        assert widths <= {final, final + scroll_bar}, widths
