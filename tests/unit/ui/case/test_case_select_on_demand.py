"""Case labels paint as plain text and turn selectable when the moderator reaches for them."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reviewdesk.ui.case.plain_widgets import badge_label, plain_label
from reviewdesk.ui.case.select_on_demand import SelectOnDemand

ARABIC_NAME = "مريم الحسيني (m-7)"


def shown(qtbot: QtBot, label: SelectOnDemand) -> SelectOnDemand:
    label.resize(400, 30)
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    return label


def drag_across(qtbot: QtBot, label: SelectOnDemand) -> None:
    y = label.height() // 2
    qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=QPoint(1, y))
    qtbot.mouseMove(label, QPoint(label.width() - 2, y))
    qtbot.mouseRelease(label, Qt.MouseButton.LeftButton, pos=QPoint(label.width() - 2, y))


def test_a_label_paints_plainly_until_the_moderator_drags_across_it_and_copies(
    qtbot: QtBot,
) -> None:
    label = shown(qtbot, plain_label("case-0042 · Spam", accessible_name="Case title"))
    assert not label.selecting()
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert label.cursor().shape() == Qt.CursorShape.IBeamCursor

    drag_across(qtbot, label)

    assert label.selecting()
    assert label.selectedText() == "case-0042 · Spam"
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "case-0042 · Spam"


def test_a_new_text_paints_plainly_again_and_the_same_text_keeps_the_selection(
    qtbot: QtBot,
) -> None:
    label = shown(qtbot, plain_label("m-1042", accessible_name="Member id"))
    drag_across(qtbot, label)
    label.setText("m-1042")
    assert label.selecting()
    assert label.selectedText() == "m-1042"

    label.setText("m-7")

    assert not label.selecting()
    assert label.text() == "m-7"
    assert label.focusPolicy() == Qt.FocusPolicy.ClickFocus  # the next click reaches it again


def test_member_text_stays_plain_and_right_to_left_text_keeps_its_place(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    label = plain_label("<b>not bold</b>", accessible_name="Subject", parent=host)
    label.resize(400, 30)
    host.show()
    qtbot.waitExposed(host)
    drag_across(qtbot, label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.selectedText() == "<b>not bold</b>"

    label.setText(ARABIC_NAME)
    plain = label.grab().toImage()
    label.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(label.selecting)
    selectable = label.grab().toImage()
    # Turning selectable does not move the text: its ink sits in the same columns.
    assert ink_columns(plain) == ink_columns(selectable)


def test_a_badge_never_turns_selectable(qtbot: QtBot) -> None:
    badge = shown(qtbot, badge_label("Open", accessible_name="Status"))
    drag_across(qtbot, badge)
    assert not badge.selecting()
    assert badge.focusPolicy() == Qt.FocusPolicy.NoFocus


def ink_columns(image: QImage) -> tuple[int, int]:
    """The first and last column holding a dark pixel."""
    columns = [
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y).lightness() < 128 for y in range(image.height()))
    ]
    return columns[0], columns[-1]
