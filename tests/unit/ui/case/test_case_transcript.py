"""The transcript view: reported message in view, hostile text literal, RTL aligned right."""

from __future__ import annotations

from datetime import timedelta

from case_samples import ARABIC_THREAT, NOW, SUBJECT_ID, conversations
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import Conversation, Message
from reviewdesk.domain.enums import Surface
from reviewdesk.ui.case.card_delegate import HIGHLIGHT_BACKGROUND, MAX_RENDERED_LINES, PADDING
from reviewdesk.ui.case.transcript_view import TranscriptView

HOSTILE_MARKUP = '<b>bold</b> <img src="file:///etc/passwd"> <a href="x">link</a>'


def long_conversation(reported_at: int, count: int = 60) -> Conversation:
    """A chat of ``count`` English messages with one reported message at ``reported_at``."""
    return Conversation(
        id="long",
        surface=Surface.CHAT,
        messages=[
            Message(
                id=f"x-{n}",
                sender_id="a" if n % 2 else SUBJECT_ID,
                sender_name="Ana" if n % 2 else "Karim",
                sent_at=NOW + timedelta(minutes=n),
                text=f"Message number {n}: practising how to describe the weekend.",
                reported=n == reported_at,
            )
            for n in range(count)
        ],
    )


def make_view(qtbot: QtBot, width: int = 420, height: int = 260) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_reported_message_is_selected_and_scrolled_into_view(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.show_conversations([long_conversation(reported_at=48)])
    model = view.transcript_model()
    reported_row = model.reported_rows()[0]
    assert model.card(reported_row).key == "x-48"  # type: ignore[union-attr]
    assert view.currentIndex().row() == reported_row
    assert view.verticalScrollBar().value() > 0
    rect = view.visualRect(model.index(reported_row, 0))
    assert view.viewport().rect().contains(rect.center())


def test_reported_message_stays_in_view_when_resized(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.show_conversations([long_conversation(reported_at=30)])
    view.resize(300, 500)
    qtbot.wait(10)
    row = view.transcript_model().reported_rows()[0]
    rect = view.visualRect(view.transcript_model().index(row, 0))
    assert view.viewport().rect().intersects(rect)


def test_a_reported_message_taller_than_the_view_opens_at_its_top(qtbot: QtBot) -> None:
    conversation = long_conversation(reported_at=30)
    flood = "Cheap lessons, write to me outside the app! " * 400
    messages = [
        message.model_copy(update={"text": flood}) if message.reported else message
        for message in conversation.messages
    ]
    view = make_view(qtbot)
    view.show_conversations([conversation.model_copy(update={"messages": messages})])
    row = view.transcript_model().reported_rows()[0]
    rect = view.visualRect(view.transcript_model().index(row, 0))
    assert rect.height() > view.viewport().height()
    assert rect.top() == 0, "the sender and the Reported marker are in view"
    view.resize(460, 300)
    qtbot.wait(10)
    rect = view.visualRect(view.transcript_model().index(row, 0))
    assert rect.top() == 0, "and stay in view when the view is resized"


def test_without_a_reported_message_the_view_starts_at_the_top(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.show_conversations([long_conversation(reported_at=-1)])
    assert view.verticalScrollBar().value() == 0
    assert not view.scroll_to_reported()


def test_reported_row_is_painted_highlighted(qtbot: QtBot) -> None:
    view = make_view(qtbot, 500, 600)
    view.show_conversations(conversations(), subject_member_id=SUBJECT_ID)
    view.clearSelection()
    view.setCurrentIndex(view.transcript_model().index(0, 0))  # move the selection frame away
    image = view.viewport().grab().toImage()
    for row in range(view.transcript_model().rowCount()):
        rect = view.visualRect(view.transcript_model().index(row, 0))
        sample = image.pixelColor(rect.center().x() // 2, rect.bottom() - 3)
        highlighted = row in view.transcript_model().reported_rows()
        assert (sample == HIGHLIGHT_BACKGROUND) is highlighted, row


def _ink_columns(image: QImage, rect: QRect, header_height: int) -> list[int]:
    """x positions of dark pixels in the body of the card drawn in ``rect``."""
    columns: list[int] = []
    top = rect.top() + PADDING + header_height + 1
    for y in range(top, rect.bottom() - 2):
        for x in range(rect.left() + 10, rect.right() - 10):
            if image.pixelColor(x, y).lightness() < 100:
                columns.append(x)
    return columns


def test_rtl_message_is_aligned_right_and_ltr_left(qtbot: QtBot) -> None:
    view = make_view(qtbot, 900, 400)
    conversation = Conversation(
        id="c",
        surface=Surface.CHAT,
        messages=[
            Message(id="ar", sender_id="a", sender_name="A", sent_at=NOW, text="مرحبا"),
            Message(id="en", sender_id="b", sender_name="B", sent_at=NOW, text="Hello"),
        ],
    )
    view.show_conversations([conversation])
    view.clearSelection()
    image = view.viewport().grab().toImage()
    model = view.transcript_model()
    bold = QFont(view.font())
    bold.setBold(True)
    header_height = QFontMetrics(bold).height()
    arabic = _ink_columns(image, view.visualRect(model.index(1, 0)), header_height)
    english = _ink_columns(image, view.visualRect(model.index(2, 0)), header_height)
    middle = view.viewport().width() // 2
    assert arabic
    assert english
    assert min(arabic) > middle
    assert max(english) < middle


def test_hostile_text_is_kept_literally(qtbot: QtBot) -> None:
    huge = "界" * 70_000 + "\n" + "A" * 2_000  # about 200 KB in UTF-8
    assert len(huge.encode("utf-8")) > 200_000
    messages = [
        Message(
            id="h1",
            sender_id="s",
            sender_name="<b>Mallory</b>",
            sent_at=NOW,
            text=HOSTILE_MARKUP,
            reported=True,
        ),
        Message.model_construct(
            id="h2",
            sender_id="s",
            sender_name="Mallory",
            sent_at=NOW + timedelta(seconds=1),
            text=huge,
            reported=False,
        ),
    ]
    view = make_view(qtbot, 600, 400)
    view.show_conversations([Conversation(id="c", surface=Surface.CHAT, messages=messages)])
    model = view.transcript_model()
    display = Qt.ItemDataRole.DisplayRole
    assert model.data(model.index(1, 0), display) == HOSTILE_MARKUP
    assert "<b>Mallory</b>" in model.cards()[1].header
    assert model.data(model.index(2, 0), display) == huge
    # Display is capped, so the huge row neither hangs nor grows without bound.
    row_height = view.sizeHintForRow(2)
    assert 0 < row_height < (MAX_RENDERED_LINES + 6) * view.fontMetrics().lineSpacing()
    assert not view.grab().isNull()
    view.setCurrentIndex(model.index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().endswith(huge)


def test_clear_empties_the_transcript(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.show_conversations(conversations())
    assert view.transcript_model().rowCount() > 0
    view.clear()
    assert view.transcript_model().rowCount() == 0
    assert view.accessibleName() == "Transcript"


def test_arabic_reported_message_row_reports_rtl(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.show_conversations(conversations())
    model = view.transcript_model()
    card = model.card(model.reported_rows()[0])
    assert card is not None
    assert card.body == ARABIC_THREAT
    assert card.right_to_left
