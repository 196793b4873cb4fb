"""Keep single-key shortcuts from firing while the moderator types in a text field.

Installed once on the application: when a key without Ctrl/Alt/Meta is about
to trigger a shortcut and the focus is in an editable text field (line edit,
text edit, spin box, editable combo box), the guard claims the key for the
field, so typing "j" in a note writes a "j" instead of opening the next case.
Function keys and Escape still reach their shortcuts; so do Ctrl/Alt combos.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_NON_TYPING_KEYS = frozenset(
    {int(Qt.Key.Key_Escape), *range(int(Qt.Key.Key_F1), int(Qt.Key.Key_F35) + 1)}
)


def is_text_entry(widget: QObject | None) -> bool:
    """True when ``widget`` is a field the moderator can type text into."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QKeySequenceEdit)


def is_typing_key(event: QKeyEvent) -> bool:
    """True for a key press that would type or move the cursor in a text field."""
    if event.modifiers() & _COMMAND_MODIFIERS:
        return False
    return event.key() not in _NON_TYPING_KEYS


class TypingGuard(QObject):
    """Application event filter giving typing keys to the focused text field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            target = watched if isinstance(watched, QWidget) else QApplication.focusWidget()
            if is_text_entry(target) and is_typing_key(event):
                event.accept()
                return True
        return False


def install_typing_guard(app: QApplication) -> TypingGuard:
    """Install the guard on ``app`` (once) and return it."""
    existing = app.findChild(TypingGuard)
    if existing is not None:
        return existing
    guard = TypingGuard(app)
    app.installEventFilter(guard)
    return guard
