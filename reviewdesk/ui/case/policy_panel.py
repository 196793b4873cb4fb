"""The policy clause(s) a case rests on: text, examples, and the sanction ladder."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import LadderStep, PolicyClause
from reviewdesk.domain.enums import SEVERITY_TITLES
from reviewdesk.ui.case.after_paint import AfterPaint
from reviewdesk.ui.case.card_delegate import PADDING
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.case_header import SEVERITY_TONES
from reviewdesk.ui.case.ladder import ladder_cards
from reviewdesk.ui.case.ladder_view import LadderView
from reviewdesk.ui.case.layout_fence import LayoutFence, one_line_high
from reviewdesk.ui.case.plain_widgets import (
    badge_label,
    plain_label,
    plain_text_box,
    section_box,
    set_badge_tone,
    set_tab_titles,
)
from reviewdesk.ui.case.status_pages import StatusPages, content_column
from reviewdesk.ui.case.text_format import single_line

NO_CLAUSE_TEXT = "No policy clause for this case"
#: Lines of the clause text and of one example kept however short the panel: both
#: scroll, and give up their room before the sanction ladder does.
TEXT_LEAST_LINES = 2
EXAMPLE_LEAST_LINES = 1
#: The key of the examples' filling in an :class:`AfterPaint`.
EXAMPLES_KEY = "policy-examples"


def clause_choice_text(clause: PolicyClause) -> str:
    """``HAR-1 · Harassment and bullying`` (one line, for the selector)."""
    return f"{clause.id} · {single_line(clause.title, 70)}"


def example_cards(examples: Sequence[str]) -> list[Card]:
    """Examples as body-only cards."""
    return [Card(header="", body=text, key=str(number)) for number, text in enumerate(examples)]


class PolicyPanel(QWidget):
    """Shows one clause at a time; a selector appears when there are several.

    ``clause_selected`` carries the id of the clause shown whenever it changes,
    including the first one after :meth:`show_clauses`.
    """

    clause_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Policy")
        self._clauses: list[PolicyClause] = []
        self._suggested: dict[str, LadderStep] = {}
        #: Example cards per clause id (with the texts they were made of): made once, so
        #: their safe text and heights are worked out once, not on every case shown.
        self._examples: dict[str, tuple[PolicyClause, list[Card], list[Card]]] = {}
        #: The clause whose title, text and examples are on show.
        self._shown: PolicyClause | None = None
        #: Where the examples wait for a paint, while they do.
        self._examples_later: AfterPaint | None = None

        self.selector = QComboBox()
        self.selector.setAccessibleName("Policy clause")
        self.selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.selector.setMinimumContentsLength(20)
        self.title = plain_label(accessible_name="Clause title", bold=True, wrap=True)
        self.severity = badge_label(accessible_name="Clause severity")
        one_line_high(self.severity)
        self.text = plain_text_box(accessible_name="Clause text", minimum_lines=TEXT_LEAST_LINES)
        self.ladder = LadderView(accessible_name="Sanction ladder")
        self.ladder_box = section_box("Sanction ladder")
        ladder_layout = QVBoxLayout(self.ladder_box)
        ladder_layout.setContentsMargins(6, 2, 6, 4)
        ladder_layout.addWidget(self.ladder)
        self.unacceptable = CardListView(accessible_name="Not acceptable examples")
        self.acceptable = CardListView(accessible_name="Acceptable examples")
        self.examples = QTabWidget()
        self.examples.setAccessibleName("Examples")
        self.examples.setDocumentMode(True)
        self.examples.addTab(self.unacceptable, "Not acceptable")
        self.examples.addTab(self.acceptable, "Acceptable")
        # The examples scroll: in a crowded column they give up their room before the ladder.
        self.examples.setMinimumHeight(self._examples_least_height())
        # Short as they are, the text and the examples often scroll: their scroll bars stay,
        # so a case switch does not show or hide one (and wrap the text again for it).
        for scrolling in (self.text, self.unacceptable, self.acceptable):
            scrolling.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

        title_line = QWidget()
        title_row = QHBoxLayout(title_line)
        title_row.setContentsMargins(0, 0, 0, 0)
        # With several clauses the selector, which names each, stands in the title's place.
        title_row.addWidget(self.selector, 1)
        title_row.addWidget(LayoutFence(self.title), 1)  # as high as the title wraps
        title_row.addWidget(self.severity, 0, Qt.AlignmentFlag.AlignTop)
        # As high with the selector as with a one-line title: switching between a case
        # with one clause and one with several moves nothing below.
        title_line.setMinimumHeight(self.selector.sizeHint().height())
        page, page_layout = content_column(spacing=4)
        page_layout.addWidget(LayoutFence(title_line))  # a new title lays out this line only
        page_layout.addWidget(self.text, 2)
        page_layout.addWidget(self.ladder_box)
        page_layout.addWidget(self.examples, 3)

        self._pages = StatusPages(self, page, text=NO_CLAUSE_TEXT, accessible_name="Policy status")
        self.status = self._pages.status

        self.selector.currentIndexChanged.connect(self._show_clause_at)
        self.clear()

    # --- data in --------------------------------------------------------------

    def show_clauses(
        self,
        clauses: Sequence[PolicyClause],
        suggested: dict[str, LadderStep] | None = None,
        *,
        examples_later: AfterPaint | None = None,
    ) -> None:
        """Show ``clauses`` (the first one at once); ``suggested`` maps clause id to the rung
        the member's record points at, which is highlighted in that clause's ladder.

        With ``examples_later``, a new clause's examples are filled after the next paint
        (emptied at once: no example of another clause stays); title, severity, text
        and ladder are shown at once.
        """
        self._examples_later = examples_later
        try:
            self._show_clauses(clauses, suggested)
        finally:
            self._examples_later = None

    def _show_clauses(
        self, clauses: Sequence[PolicyClause], suggested: dict[str, LadderStep] | None
    ) -> None:
        if self._showing(clauses, suggested or {}):
            # The next case has the same clauses and suggestions: nothing to lay out again.
            if self.selector.currentIndex() != 0:
                self.selector.setCurrentIndex(0)  # shows the first clause
            else:
                self.clause_selected.emit(self._clauses[0].id)
            return
        self._clauses = list(clauses)
        self._suggested = dict(suggested or {})
        self.selector.blockSignals(True)
        self.selector.clear()
        for clause in self._clauses:
            self.selector.addItem(clause_choice_text(clause), clause.id)
        self.selector.blockSignals(False)
        several = len(self._clauses) > 1
        self.selector.setVisible(several)
        self.title.setVisible(not several)
        if not self._clauses:
            self._show_empty(NO_CLAUSE_TEXT)
            return
        self._pages.show_content()
        self.selector.setCurrentIndex(0)
        self._show_clause_at(0)

    def _showing(self, clauses: Sequence[PolicyClause], suggested: dict[str, LadderStep]) -> bool:
        """True when exactly these clauses and suggestions are on show already."""
        return (
            bool(clauses)
            and self._pages.currentIndex() == 1
            and list(clauses) == self._clauses
            and suggested == self._suggested
        )

    def clear(self) -> None:
        """Show nothing."""
        self._clauses = []
        self._suggested = {}
        self.selector.blockSignals(True)
        self.selector.clear()
        self.selector.blockSignals(False)
        self._show_empty(NO_CLAUSE_TEXT)

    def select_clause(self, clause_id: str) -> bool:
        """Show the clause with ``clause_id``; False when it is not among those shown."""
        position = self.selector.findData(clause_id)
        if position < 0:
            return False
        self.selector.setCurrentIndex(position)
        return True

    # --- queries --------------------------------------------------------------

    def current_clause_id(self) -> str | None:
        """The id of the clause shown, or None."""
        clause = self.current_clause()
        return clause.id if clause else None

    def current_clause(self) -> PolicyClause | None:
        """The clause shown, or None."""
        position = self.selector.currentIndex()
        if 0 <= position < len(self._clauses):
            return self._clauses[position]
        return None

    # --- internals --------------------------------------------------------------

    def _show_empty(self, text: str) -> None:
        self._shown = None
        self._pages.show_status(text)
        self.text.setPlainText("")
        self.ladder.show_rungs([])
        self._show_examples([], [])

    def _show_clause_at(self, position: int) -> None:
        if not 0 <= position < len(self._clauses):
            return
        clause = self._clauses[position]
        ladder = ladder_cards(clause.ladder, self._suggested.get(clause.id))
        if ladder != self.ladder.card_model().cards():
            self.ladder.show_rungs(ladder)  # as tall as before when it has as many rungs
        if clause != self._shown:  # the ladder aside, the same clause needs nothing new
            self._shown = clause
            self.title.setText(f"{clause.id} · {clause.title}")
            self.severity.setText(f"Severity: {SEVERITY_TITLES[clause.severity].lower()}")
            set_badge_tone(self.severity, SEVERITY_TONES[clause.severity])
            self.text.setPlainText(clause.text)
            unacceptable, acceptable = self._example_cards(clause)
            later = self._examples_later
            if later is None:
                self._show_examples(unacceptable, acceptable)
            else:
                self._show_examples([], [])
                later.later(
                    EXAMPLES_KEY, lambda: self._show_examples_of(clause, unacceptable, acceptable)
                )
            set_tab_titles(
                self.examples,
                f"Not acceptable ({len(clause.unacceptable)})",
                f"Acceptable ({len(clause.acceptable)})",
            )
        self.clause_selected.emit(clause.id)

    def _show_examples(self, unacceptable: list[Card], acceptable: list[Card]) -> None:
        """Put these cards in the example tabs (an empty tab that stays empty is left alone)."""
        for view, cards in ((self.unacceptable, unacceptable), (self.acceptable, acceptable)):
            if cards or view.card_model().rowCount():
                view.set_cards(cards)

    def _show_examples_of(
        self, clause: PolicyClause, unacceptable: list[Card], acceptable: list[Card]
    ) -> None:
        """Fill the example tabs, if ``clause`` is still the one shown."""
        if self._shown is clause:
            self._show_examples(unacceptable, acceptable)

    def examples_shown(self) -> tuple[list[Card], list[Card]]:
        """The cards in the "not acceptable" and "acceptable" tabs now."""
        return self.unacceptable.card_model().cards(), self.acceptable.card_model().cards()

    def _example_cards(self, clause: PolicyClause) -> tuple[list[Card], list[Card]]:
        """The clause's "not acceptable" and "acceptable" cards, made once per clause."""
        held = self._examples.get(clause.id)
        if held is not None and held[0] == clause:
            return held[1], held[2]
        made = (clause, example_cards(clause.unacceptable), example_cards(clause.acceptable))
        self._examples[clause.id] = made
        return made[1], made[2]

    def _examples_least_height(self) -> int:
        """The tab bar and :data:`EXAMPLE_LEAST_LINES` lines of one example card."""
        lines = EXAMPLE_LEAST_LINES * self.unacceptable.fontMetrics().lineSpacing()
        card = PADDING + lines + PADDING + 2 * self.unacceptable.frameWidth()
        return self.examples.tabBar().sizeHint().height() + card

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Narrow enough for a splitter; as high as the least room of its parts.

        A splitter never squeezes the panel below it (the parts would overlap).
        The ladder's least room here is
        :data:`~reviewdesk.ui.case.ladder_view.LEAST_RUNGS` rungs: given less
        than the whole ladder needs, the panel makes it squeezable (see
        :meth:`_fit_ladder`).
        """
        ladder = self.ladder
        squeeze = ladder.minimumHeight() - ladder.least_height()
        return QSize(260, super().minimumSizeHint().height() - squeeze)

    def _fit_ladder(self) -> None:
        """Make the ladder squeezable only while the panel is too short for all of it.

        Otherwise it keeps its full height, fixed: the text and the examples give
        up their room first, and a new ladder is laid out once, at its height.
        """
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        ladder = self.ladder
        room = layout.totalMinimumSize().height() - ladder.minimumHeight()
        ladder.set_squeezable(self.height() < room + ladder.full_height())

    def event(self, event: QEvent) -> bool:
        """After a new layout (a new ladder, title or selector): does the whole ladder fit?"""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_ladder()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Another height from the splitter: does the whole ladder fit?"""
        super().resizeEvent(event)
        self._fit_ladder()
