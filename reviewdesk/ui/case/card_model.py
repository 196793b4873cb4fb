"""A read-only list model of "cards": a header line, a wrapped body, a marker.

Reports, transcript messages, moderator notes, policy examples and ladder rungs
all read as cards; one model and one delegate (:mod:`card_delegate`) serve them
all. The body is member-supplied text: the display role hands it out verbatim
(it is what Ctrl+C copies), :data:`SAFE_TEXT_ROLE` gives what is painted (hidden
characters as markers, links defanged, contacts spanned), and
:data:`LANGUAGE_ROLE` the language tag once it has been detected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from reviewdesk.evidence.text_safety import SafeText, make_safe
from reviewdesk.ui.case.bidi import is_right_to_left
from reviewdesk.ui.case.text_format import plain_tooltip

HEADER_ROLE = Qt.ItemDataRole.UserRole + 1
MARKER_ROLE = Qt.ItemDataRole.UserRole + 2
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3
HEADING_ROLE = Qt.ItemDataRole.UserRole + 4
DIRECTION_ROLE = Qt.ItemDataRole.UserRole + 5
KEY_ROLE = Qt.ItemDataRole.UserRole + 6
SAFE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 7
LANGUAGE_ROLE = Qt.ItemDataRole.UserRole + 8

#: Characters of a body that are looked at and painted (the model keeps all of it).
MAX_RENDERED_CHARS = 4000

#: How much of a body goes into the accessible description of a card.
ACCESSIBLE_BODY_LIMIT = 500

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Card:
    """One row of a card list.

    ``heading`` rows are section titles (for example one per conversation):
    they show ``header`` only and cannot be selected.
    """

    header: str
    body: str = ""
    marker: str = ""
    highlighted: bool = False
    heading: bool = False
    key: str = ""
    right_to_left: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "right_to_left", is_right_to_left(self.body[:MAX_RENDERED_CHARS]))

    @cached_property
    def safe(self) -> SafeText:
        """The body as painted: markers, defanged links and contact spans (worked out once)."""
        return make_safe(self.body, MAX_RENDERED_CHARS)

    def copy_text(self) -> str:
        """The card as plain text for the clipboard: header line, then the full body."""
        return f"{self.header}\n{self.body}" if self.body else self.header


class CardListModel(QAbstractListModel):
    """A list of :class:`Card` rows, replaced as a whole with :meth:`set_cards`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cards: list[Card] = []
        self._languages: dict[str, str] = {}

    def set_cards(self, cards: Sequence[Card]) -> None:
        """Replace every row (language tags are forgotten)."""
        self.beginResetModel()
        self._cards = list(cards)
        self._languages = {}
        self.endResetModel()

    def set_languages(self, tags: dict[str, str]) -> None:
        """Show a language tag (``ja``, ``ru?``) on the cards with these keys."""
        self._languages.update(tags)
        rows = [row for row, card in enumerate(self._cards) if card.key in tags]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), 0), self.index(max(rows), 0), [LANGUAGE_ROLE]
            )

    def language(self, row: int) -> str:
        """The language tag of the card at ``row`` ("" when none is known)."""
        card = self.card(row)
        return self._languages.get(card.key, "") if card is not None and card.key else ""

    def cards(self) -> list[Card]:
        """The rows, in order."""
        return list(self._cards)

    def card(self, row: int) -> Card | None:
        """The card at ``row``, or None when out of range."""
        if 0 <= row < len(self._cards):
            return self._cards[row]
        return None

    def highlighted_rows(self) -> list[int]:
        """Rows of the highlighted cards."""
        return [row for row, card in enumerate(self._cards) if card.highlighted]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of cards (a list has no children)."""
        return 0 if parent.isValid() else len(self._cards)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Cards are enabled and selectable; headings only enabled."""
        card = self._card_at(index)
        if card is None:
            return Qt.ItemFlag.NoItemFlags
        if card.heading:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text is the body (the header for a heading); custom roles give the rest."""
        card = self._card_at(index)
        if card is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return card.header if card.heading else card.body
        if role == HEADER_ROLE:
            return card.header
        if role == MARKER_ROLE:
            return card.marker
        if role == HIGHLIGHT_ROLE:
            return card.highlighted
        if role == HEADING_ROLE:
            return card.heading
        if role == KEY_ROLE:
            return card.key
        if role == SAFE_TEXT_ROLE:
            return card.safe
        if role == LANGUAGE_ROLE:
            return self._languages.get(card.key, "") if card.key else ""
        if role == DIRECTION_ROLE:
            if card.right_to_left:
                return Qt.LayoutDirection.RightToLeft
            return Qt.LayoutDirection.LeftToRight
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(card.header) if card.header else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            body = card.safe.display[:ACCESSIBLE_BODY_LIMIT]
            parts = [card.header, card.marker, body]
            return ". ".join(part for part in parts if part)
        return None

    def _card_at(self, index: AnyIndex) -> Card | None:
        if not index.isValid() or index.column() != 0 or index.parent().isValid():
            return None
        return self.card(index.row())
