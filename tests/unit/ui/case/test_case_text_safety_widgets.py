"""Hostile member text in every case widget: shown literally, hidden characters named,
links defanged, contacts highlighted, languages tagged, huge messages capped.

Set REVIEWDESK_SCREENSHOT_DIR to keep the grabbed picture of the hostile case.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from case_samples import (
    JAPANESE_LINE,
    NOW,
    RUSSIAN_LINE,
    SUBJECT_ID,
    case_detail,
    chat_messages,
    member_history,
    summary,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QTextEdit
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import (
    ContentItem,
    Conversation,
    MemberProfile,
    Message,
    ModeratorNote,
    Report,
)
from reviewdesk.domain.enums import Category, ReportSource, Surface
from reviewdesk.evidence.text_safety import SpanKind
from reviewdesk.ui.case import CaseView, MemberPanel
from reviewdesk.ui.case.card_model import LANGUAGE_ROLE, SAFE_TEXT_ROLE
from reviewdesk.ui.case.safe_text import SafeTextBox
from reviewdesk.ui.queue_model import Column, QueueModel
from reviewdesk.ui.tasks import TaskRunner

IMG = '<img src="file:///etc/passwd">'
MARKUP = f'<b>x</b> {IMG} <a href="https://evil.example/">click</a> <qt><font color=red>R</font>'
NAME = "<b>Boss</b>\u202eevil\u200b"
LURE = "add me on telegram @olga_k99 or call +44 7700 900123, pay to DE89 3704 0044 0532 0130 00"
PHISH = "log in at https://bank.com@evil.example/verify or www.аpple.com"


def hostile_detail() -> object:
    messages = [
        *chat_messages(),
        Message(
            id="h-1",
            sender_id=SUBJECT_ID,
            sender_name=NAME,
            sent_at=NOW,
            text=f"{MARKUP}\n{LURE}",
            reported=True,
        ),
        Message(id="h-2", sender_id=SUBJECT_ID, sender_name=NAME, sent_at=NOW, text=PHISH),
        Message(id="h-3", sender_id=SUBJECT_ID, sender_name=NAME, sent_at=NOW, text="ok\u202eevil"),
    ]
    report = Report(
        id="r-h",
        source=ReportSource.MEMBER,
        reporter_id="m-1",
        reporter_name=NAME,
        reporter_reliability=0.5,
        reason=Category.SCAM,
        text=f"{MARKUP} he wrote {LURE}",
        surface=Surface.CHAT,
        created_at=NOW,
    )
    return case_detail(
        summary=summary(member_name=NAME, preview=MARKUP[:60]),
        content=ContentItem(
            id="c-h", surface=Surface.CHAT, text=f"{MARKUP}\n{PHISH}\n{LURE}", posted_at=NOW
        ),
        reports=[report],
        conversations=[Conversation(id="conv-h", surface=Surface.CHAT, messages=messages)],
    )


@pytest.fixture
def view(qtbot: QtBot, runner: TaskRunner) -> CaseView:
    case_view = CaseView(runner=runner)
    qtbot.addWidget(case_view)
    case_view.resize(1280, 1000)
    case_view.show()
    qtbot.waitExposed(case_view)
    return case_view


def no_images_or_anchors(document: QTextDocument) -> bool:
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            char_format = iterator.fragment().charFormat()
            if char_format.isImageFormat() or char_format.isAnchor():
                return False
            iterator += 1
        block = block.next()
    return True


def test_content_box_shows_markup_literally_and_loads_nothing(view: CaseView) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    box = view.content_text
    shown = box.toPlainText()
    assert "<b>x</b>" in shown
    assert '<img src="file[:]///etc/passwd' in shown
    assert "<qt><font color=red>R</font>" in shown
    assert no_images_or_anchors(box.document())
    assert not box.acceptRichText()


def test_content_box_defangs_links_and_names_their_real_site(view: CaseView) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    shown = view.content_text.toPlainText()
    assert "https://" not in shown
    assert "hxxps://bank[.]com[@]evil[.]example/verify" in shown
    assert "real site evil.example" in shown
    assert "xn--pple-43d.com" in shown  # the Cyrillic look-alike in punycode
    assert "look-alike" in shown
    assert "Contains:" in view.content_findings.text()
    assert "messenger (Telegram ID)" in view.content_findings.text()
    assert "phone" in view.content_findings.text()
    assert "payment (IBAN)" in view.content_findings.text()


def test_content_box_colours_contacts_with_char_formats(view: CaseView) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    document = view.content_text.document()
    shown = document.toPlainText()
    position = shown.index("telegram @olga_k99") + 3
    cursor = view.content_text.textCursor()
    cursor.setPosition(position)
    cursor.setPosition(position + 1, cursor.MoveMode.KeepAnchor)
    colour = cursor.charFormat().background().color().name()
    assert colour == "#ffe0b2"


def test_hidden_characters_show_as_markers_in_labels_and_cards(view: CaseView) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    subject = view.header.subject.text()
    assert "<b>Boss</b>⟦RLO⟧evil⟦ZWSP⟧" in subject
    assert "\u202e" not in subject
    model = view.transcript.transcript_model()
    card_row = next(row for row in range(model.rowCount()) if model.card(row).key == "h-3")
    index = model.index(card_row, 0)
    safe = index.data(SAFE_TEXT_ROLE)
    assert safe.display == "ok⟦RLO⟧evil"
    assert [span.kind for span in safe.spans] == [SpanKind.HIDDEN]
    assert "⟦RLO⟧" in model.card(card_row).header
    assert index.data(Qt.ItemDataRole.DisplayRole) == "ok\u202eevil"  # the original, for copying


def test_transcript_and_report_cards_defang_and_highlight(view: CaseView) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    model = view.transcript.transcript_model()
    rows = {model.card(row).key: row for row in range(model.rowCount())}
    lure = model.index(rows["h-1"], 0).data(SAFE_TEXT_ROLE)
    assert lure.display.startswith("<b>x</b> <img src=")
    kinds = {span.kind for span in lure.spans}
    assert {SpanKind.MESSENGER, SpanKind.PHONE, SpanKind.PAYMENT, SpanKind.LINK} <= kinds
    phish = model.index(rows["h-2"], 0).data(SAFE_TEXT_ROLE)
    assert "hxxps://bank[.]com[@]evil[.]example/verify" in phish.display
    report = view.reports.card_model().index(0, 0).data(SAFE_TEXT_ROLE)
    assert "<b>x</b>" in report.display
    assert "real site evil.example" in report.display


def test_language_tags_arrive_from_the_worker(view: CaseView, qtbot: QtBot) -> None:
    view.show_case(case_detail(), now=NOW)
    qtbot.waitUntil(lambda: view.content_language_tag() != "", timeout=15_000)
    assert view.content_language_tag().rstrip("?") == "ar"
    model = view.transcript.transcript_model()
    tags = {
        model.card(row).key: model.index(row, 0).data(LANGUAGE_ROLE)
        for row in range(model.rowCount())
    }
    assert tags["m-4"].rstrip("?") == "ja"
    assert tags["g-1"].rstrip("?") == "ru"
    assert tags["m-2"].rstrip("?") == "hi"
    reports = view.reports.card_model()
    assert reports.index(1, 0).data(LANGUAGE_ROLE).rstrip("?") == "ru"
    assert RUSSIAN_LINE in reports.card(1).body
    assert JAPANESE_LINE in reports.card(0).body


def test_a_five_megabyte_message_is_capped_and_copied_whole(view: CaseView, qtbot: QtBot) -> None:
    huge = "Долгое сообщение без конца. " * 190_000  # about 5 MB
    # The wire format caps texts today; the widgets must not rely on it, so build past it.
    detail = case_detail(
        content=ContentItem.model_construct(
            id="c-big", surface=Surface.CHAT, text=huge, posted_at=NOW
        ),
        conversations=[
            Conversation(
                id="conv-big",
                surface=Surface.CHAT,
                messages=[
                    Message.model_construct(
                        id="big",
                        sender_id=SUBJECT_ID,
                        sender_name="x",
                        sent_at=NOW,
                        text=huge,
                        reported=True,
                    )
                ],
            )
        ],
    )
    started = time.perf_counter()
    view.show_case(detail, now=NOW)
    qtbot.wait(1)  # let the transcript paint its cards
    assert time.perf_counter() - started < 1.0
    shown = view.content_text.toPlainText()
    assert len(shown) < 21_000
    assert f"{len(huge) - 20_000:,} more characters not shown" in shown
    view.content_text.setFocus()
    qtbot.keyClick(view.content_text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == huge
    safe = view.transcript.transcript_model().index(1, 0).data(SAFE_TEXT_ROLE)
    assert safe.omitted == len(huge) - 4000
    qtbot.waitUntil(lambda: view.content_language_tag() != "", timeout=15_000)
    assert view.content_language_tag().rstrip("?") == "ru"


def test_member_panel_shows_hostile_profile_literally(qtbot: QtBot) -> None:
    panel = MemberPanel()
    qtbot.addWidget(panel)
    base = member_history()
    member = MemberProfile.model_validate(
        {**base.member.model_dump(), "display_name": NAME, "bio": f"{MARKUP}\n{LURE}\u200d"}
    )
    notes = [ModeratorNote(author=NAME, created_at=NOW, text=MARKUP)]
    panel.show_history(member_history(member=member, notes=notes), now=NOW)
    assert "<b>Boss</b>⟦RLO⟧evil⟦ZWSP⟧" in panel.name.text()
    bio = panel.bio.toPlainText()
    assert "<b>x</b>" in bio
    assert bio.endswith("⟦ZWJ⟧")
    assert no_images_or_anchors(panel.bio.document())
    note = panel.notes.card_model().index(0, 0).data(SAFE_TEXT_ROLE)
    assert note.display.startswith("<b>x</b> <img src=")
    for label in panel.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_queue_shows_names_and_previews_literally() -> None:
    from reviewdesk.api.models import CasePage

    model = QueueModel()
    model.reset_with(CasePage(items=[summary(member_name=NAME, preview=MARKUP)], total=1))
    member = model.index(0, Column.MEMBER).data()
    assert member == "<b>Boss</b>⟦RLO⟧evil⟦ZWSP⟧"
    tip = model.index(0, Column.MEMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt;" in tip
    assert "<img" not in tip
    assert "<b>" not in tip


def test_every_text_box_in_the_case_refuses_rich_text(view: CaseView) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    for box in view.findChildren(QTextEdit):
        assert isinstance(box, SafeTextBox)
        assert not box.acceptRichText()
    for label in view.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()


def test_hostile_case_grabbed_as_png(view: CaseView, qtbot: QtBot, tmp_path: Path) -> None:
    view.show_case(hostile_detail(), now=NOW)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: view.content_language_tag() != "", timeout=15_000)
    view.transcript.scroll_to_reported()
    qtbot.wait(20)
    folder = Path(os.environ.get("REVIEWDESK_SCREENSHOT_DIR") or tmp_path)
    target = folder / "hostile_case.png"
    picture = view.grab()
    assert picture.save(str(target))
    image = QImage(str(target))
    # The marker background is painted somewhere: the RLO in the header or a card.
    found = any(
        image.pixelColor(QPoint(x, y)).name() == "#5c2d91"
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    )
    assert found
