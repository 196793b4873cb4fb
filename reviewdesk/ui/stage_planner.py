"""When the stage draws ahead, and what: the next case, once the desk has been quiet a moment.

:class:`StagePlanner` asks :class:`~reviewdesk.ui.case_stage.CaseStage` to
draw the case that moving on (``j``) would open, once the open case is fully
shown, that next case is read ahead, and nothing else has happened for
:data:`STAGE_DELAY_MS`: someone holding ``j`` down through a flood of cases
never waits for a drawing they would not look at. It draws again when what
the picture was drawn from changes (the window resized, a splitter moved,
the ages in the header moved on), checked whenever something happens and
every :data:`FRESHNESS_CHECK_MS` besides.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from reviewdesk.api.models import CaseSummary
from reviewdesk.domain.enums import Category
from reviewdesk.domain.sensitivity import ImageCare
from reviewdesk.ui.case_loader import CaseLoader, suggestions_for
from reviewdesk.ui.case_panels import CasePanels
from reviewdesk.ui.case_stage import CaseStage, PanelParts, StageInput, stage_input
from reviewdesk.ui.prefetch_planner import PrefetchPlanner

#: How long the desk stays quiet before the next case is drawn ahead (ms).
STAGE_DELAY_MS = 150
#: How often a picture drawn ahead is checked against the clock and the panels (ms).
FRESHNESS_CHECK_MS = 15_000


class StagePlanner(QObject):
    """Keeps the next case drawn ahead while the moderator reads the open one."""

    def __init__(
        self,
        build_stage: Callable[[], CaseStage],
        live: CasePanels,
        loader: CaseLoader,
        planner: PrefetchPlanner,
        care_for: Callable[[Category], ImageCare],
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: Makes the stage (a second set of panels) when it first draws: not at the start.
        self._build_stage = build_stage
        self._stage: CaseStage | None = None
        self._live = live
        self._live_parts = PanelParts(live)
        self._loader = loader
        self._planner = planner
        self._care_for = care_for
        self._clock = clock
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(STAGE_DELAY_MS)
        self._quiet.timeout.connect(self._draw_next)
        self._freshness = QTimer(self)
        self._freshness.setInterval(FRESHNESS_CHECK_MS)
        self._freshness.timeout.connect(self.soon)
        self._freshness.start()
        loader.fully_shown.connect(self.soon)
        loader.opening.connect(self._on_opening)
        planner.prefetcher.prefetched.connect(self.soon)
        for panel in live.widgets():
            panel.installEventFilter(self)

    @property
    def busy(self) -> bool:
        """True while a drawing is due or under way, or a covered case waits to open."""
        return self._quiet.isActive() or (self._stage is not None and self._stage.busy)

    def soon(self, *_args: object) -> None:
        """Draw the next case ahead once the desk has been quiet for a moment."""
        self._quiet.start()

    def cover(self, summary: CaseSummary, open_case: Callable[[], None]) -> bool:
        """Show ``summary``'s case from its picture and open it right after (see
        :meth:`CaseStage.cover`); False when no picture fits it."""
        stage = self._stage
        if stage is None or self._focus_in_panels():
            return False  # none drawn yet, or the picture lacks the window's focus frame
        drawn_from = self._input_for(summary)
        return drawn_from is not None and stage.cover(drawn_from, open_case)

    def _focus_in_panels(self) -> bool:
        focus = QApplication.focusWidget()
        panels = self._live.widgets()
        return focus is not None and any(panel.isAncestorOf(focus) for panel in panels)

    def stop(self) -> None:
        """Draw nothing more (signing out, closing)."""
        self._quiet.stop()
        self._freshness.stop()
        if self._stage is not None:
            self._stage.forget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """A window panel resized: its picture is drawn again at the new size."""
        drawn = self._stage is not None and self._stage.staged_case_id is not None
        if event.type() == QEvent.Type.Resize and drawn:
            self.soon()
        return False

    def _on_opening(self, _summary: CaseSummary) -> None:
        self._quiet.stop()  # the case opening is not shown yet: wait for it

    def _input_for(self, summary: CaseSummary) -> StageInput | None:
        entry = self._planner.prefetcher.peek(summary)
        index = self._loader.policy
        if entry is None or entry.history is None or index is None:
            return None
        care = self._care_for(summary.category)
        return stage_input(summary, entry, self._live_parts.look(), care, index, self._clock())

    def _draw_next(self) -> None:
        current = self._loader.current
        covered = self._stage is not None and self._stage.covered_case_id is not None
        if current is None or not self._loader.settled or covered:
            return
        following = self._planner.next_case(current)
        drawn_from = self._input_for(following) if following is not None else None
        if drawn_from is None:
            return
        if self._stage is None:
            self._stage = self._build_stage()
        elif self._stage.is_fresh(drawn_from):
            return
        index, history = drawn_from.index, drawn_from.entry.history
        clauses = list(index.clauses_for(drawn_from.summary.category))
        self._stage.draw(drawn_from, clauses, suggestions_for(clauses, history, index))
