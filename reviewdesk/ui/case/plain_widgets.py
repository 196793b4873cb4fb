"""Small building blocks that show text as plain text only.

Every label or text box in the case widgets that may carry member-supplied
text is made here, so the "never interpret markup" rule lives in one place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from reviewdesk.ui.case.eliding_label import ElidingLabel
from reviewdesk.ui.case.select_on_demand import SelectOnDemand

#: Background and text colours of the badges, by tone.
BADGE_TONES: dict[str, tuple[str, str]] = {
    "neutral": ("#e6e8eb", "#24292f"),
    "info": ("#dbe9fb", "#0b3d91"),
    "notice": ("#fff1c2", "#6b4a00"),
    "warning": ("#ffdcc2", "#8a3300"),
    "danger": ("#ffd6d6", "#8e0000"),
    "automated": ("#e7dcfb", "#4b1d95"),
}


def plain_label(
    text: str = "",
    *,
    accessible_name: str,
    wrap: bool = False,
    bold: bool = False,
    point_size_delta: int = 0,
    eliding: bool = False,
    parent: QWidget | None = None,
) -> SelectOnDemand:
    """A label that shows its text literally (plain text, selectable by mouse).

    It paints as a plain label and turns selectable when the moderator presses
    on it (see :class:`SelectOnDemand`). With ``eliding`` a one-line label
    squeezed below its text's width ends it in "…".
    """
    label = ElidingLabel(parent) if eliding else SelectOnDemand(parent)
    label.setOpenExternalLinks(False)
    label.setWordWrap(wrap)
    label.setAccessibleName(accessible_name)
    if bold or point_size_delta:
        font = QFont(label.font())
        font.setBold(bold)
        if point_size_delta and font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() + point_size_delta)
        label.setFont(font)
    if wrap:
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    elif not eliding:
        # A long one-line text must not force its panel wide: the label asks for
        # its full width but may be squeezed (and clipped) by a splitter.
        label.setMinimumWidth(1)
    label.setText(text)
    return label


def badge_label(
    text: str = "", *, tone: str = "neutral", accessible_name: str, eliding: bool = False
) -> SelectOnDemand:
    """A small coloured pill for a status word (severity, status, automated)."""
    label = plain_label(text, accessible_name=accessible_name, bold=True, eliding=eliding)
    label.set_selectable(False)
    set_badge_tone(label, tone)
    return label


def set_badge_tone(label: QLabel, tone: str) -> None:
    """Colour a badge made by :func:`badge_label` with one of :data:`BADGE_TONES`."""
    background, foreground = BADGE_TONES.get(tone, BADGE_TONES["neutral"])
    sheet = (
        f"QLabel {{ background: {background}; color: {foreground};"
        " border-radius: 3px; padding: 1px 6px; }"
    )
    # A new style sheet re-polishes the label: the next case's badge often keeps its colour.
    if label.styleSheet() != sheet:
        label.setStyleSheet(sheet)


def plain_text_box(
    *, accessible_name: str, minimum_lines: int = 2, parent: QWidget | None = None
) -> QTextEdit:
    """A read-only, wrapping box for long member text (content, bio, clause text).

    Fill it with ``setPlainText`` only. Each paragraph takes the direction of
    its own first strong character, so Arabic paragraphs align right.
    """
    box = QTextEdit(parent)
    box.setReadOnly(True)
    box.setAcceptRichText(False)
    box.setAccessibleName(accessible_name)
    box.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    box.setTabChangesFocus(True)
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    line_height = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(line_height * minimum_lines + 12)
    return box


def section_box(title: str, *, accessible_name: str | None = None) -> QGroupBox:
    """A compact titled group box for one section of a panel."""
    box = QGroupBox(title)
    box.setAccessibleName(accessible_name or title)
    return box


def set_tab_titles(tabs: QTabWidget, *titles: str) -> None:
    """Title ``tabs``' first tabs in order, leaving a tab alone whose title stays the same.

    Qt lays the whole tab bar out and paints it again for every title set,
    even an unchanged one (about 0.25 ms a tab): a switch between cases
    whose counts are alike should not pay for it.
    """
    for index, title in enumerate(titles):
        if tabs.tabText(index) != title:
            tabs.setTabText(index, title)
