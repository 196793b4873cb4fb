"""Drawing the next case ahead, so that moving to it shows it in the next frame.

While the moderator reads a case, the next one in the queue is usually read
ahead already (see :mod:`prefetch`). :class:`CaseStage` then fills panels of
its own, never shown on screen, with that case, through the same
:class:`~reviewdesk.ui.case_panels.CasePanels` the window fills its panels
with, at the sizes, splitter positions and tabs of the window's panels, and
keeps a picture of each panel. It does so in a few short turns of the event
loop, so a key pressed meanwhile waits for one step at most.

Moving to that case, :meth:`CaseStage.cover` lays the pictures over the
window's panels (:class:`PictureCover`): the next paint shows the case,
exactly as it will look. The case opens as usual right after that paint,
under the covers, which go once it is open. A key press, click or wheel
turn coming before that opens the case first (:meth:`CaseStage.finish`),
so a command never reaches the case left behind while the next one is on
screen.

A picture is used only while everything it was drawn from still holds: the
same queue row, the same case read ahead, the same panel sizes, splitters
and tabs, the same image care (a case of a sensitive category is drawn with
its images blurred or grey, as it opens), the same policy catalogue, and
the same ages in the header. Otherwise the case opens as it did before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QSplitter, QTabWidget, QWidget

from reviewdesk.api.models import CaseSummary, LadderStep, PolicyClause
from reviewdesk.domain.sensitivity import ImageCare
from reviewdesk.policy.catalogue import PolicyIndex
from reviewdesk.ui.case import CaseView, MemberPanel, PolicyPanel
from reviewdesk.ui.case.case_header import facts_line
from reviewdesk.ui.case.layout_fence import settle_layouts
from reviewdesk.ui.case_panels import CasePanels
from reviewdesk.ui.decision_panel import DecisionPanel
from reviewdesk.ui.prefetch import PrefetchedCase
from reviewdesk.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

#: The longest the covers wait for their paint before the case opens anyway (ms).
COVER_PATIENCE_MS = 200

#: Input that opens a covered case at once, before it is delivered.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.ShortcutOverride,
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.InputMethod,
    }
)


@dataclass(frozen=True)
class PanelLook:
    """What besides the case decides how the panels look: sizes, splitters, tabs."""

    sizes: tuple[tuple[int, int], ...]
    splitters: tuple[bytes, ...]
    tabs: tuple[int, ...]


@dataclass(frozen=True)
class StageInput:
    """Everything a case is drawn from; a picture drawn from an equal input is exact."""

    summary: CaseSummary
    entry: PrefetchedCase
    look: PanelLook
    facts: str
    care: ImageCare
    index: PolicyIndex
    #: The time the header's ages count to.
    now: datetime

    def same_as(self, other: StageInput) -> bool:
        """True when ``other`` would draw the very same pictures."""
        return (
            self.entry is other.entry
            and self.index is other.index
            and self.summary == other.summary
            and self.look == other.look
            and self.facts == other.facts
            and self.care == other.care
        )


class PanelParts:
    """The splitters and tab widgets inside a set of panels, in a fixed order."""

    def __init__(self, panels: CasePanels) -> None:
        widgets = panels.widgets()
        self.widgets = widgets
        self.splitters: list[QSplitter] = [
            splitter for widget in widgets for splitter in widget.findChildren(QSplitter)
        ]
        self.tabs: list[QTabWidget] = [
            tabs for widget in widgets for tabs in widget.findChildren(QTabWidget)
        ]

    def look(self) -> PanelLook:
        """How these panels are laid out now."""
        return PanelLook(
            sizes=tuple((w.width(), w.height()) for w in self.widgets),
            splitters=tuple(bytes(s.saveState().data()) for s in self.splitters),
            tabs=tuple(t.currentIndex() for t in self.tabs),
        )

    def take_look(self, look: PanelLook) -> None:
        """Lay these panels out as ``look`` says (the same structure as where it came from)."""
        # Parts made later on one side only (none today) are left as they are.
        for widget, (width, height) in zip(self.widgets, look.sizes, strict=False):
            if (widget.width(), widget.height()) != (width, height):
                widget.resize(width, height)
        for splitter, state in zip(self.splitters, look.splitters, strict=False):
            if bytes(splitter.saveState().data()) != state:
                splitter.restoreState(state)
        for tabs, index in zip(self.tabs, look.tabs, strict=False):
            if tabs.currentIndex() != index:
                tabs.setCurrentIndex(index)


class PictureCover(QWidget):
    """A picture of a panel, laid over it until the case it shows is open underneath.

    Out of use it is parked outside its panel rather than hidden: showing a
    child widget asks its panel's layout to work again, moving it does not.
    """

    painted = Signal()

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self._panel = panel
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.picture = QPixmap()
        self.park()

    @property
    def in_use(self) -> bool:
        """True while the cover lies over its panel."""
        return not self.picture.isNull()

    def lay_over(self, picture: QPixmap) -> None:
        """Lie over the whole panel showing ``picture``."""
        self.picture = picture
        self.setGeometry(self._panel.rect())
        self.raise_()
        self.show()

    def park(self) -> None:
        """Leave the panel's sight (and let the picture go)."""
        self.picture = QPixmap()
        self.setGeometry(-2, -2, 1, 1)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Draw the picture."""
        painter = QPainter(self)
        # The picture is opaque: copied, not blended (only where the paint is due:
        # the painter is clipped to it; drawn at its origin, it keeps its pixel ratio).
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawPixmap(0, 0, self.picture)
        painter.end()
        self.painted.emit()


@dataclass
class _Staged:
    """A case drawn ahead: what it was drawn from and a picture per panel."""

    drawn_from: StageInput
    pictures: list[QPixmap]


class CaseStage(QObject):
    """Draws the next case ahead in panels of its own and lays its pictures over the window's.

    ``staged`` carries the id of a case once its pictures are ready;
    ``uncovered`` the id of a covered case once it is open and its covers gone.
    """

    staged = Signal(str)
    uncovered = Signal(str)

    def __init__(self, live: CasePanels, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._covers = [PictureCover(panel) for panel in live.widgets()]
        self._covers[0].painted.connect(self._on_cover_painted)
        # Never shown on screen, yet "visible" to Qt: its layouts work as the window's do.
        self._host = QWidget()
        self._host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self._host.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.panels = CasePanels(
            CaseView(self._host, runner=runner, warm_up=False),
            MemberPanel(self._host),
            PolicyPanel(self._host),
            DecisionPanel(self._host),
        )
        self._parts = PanelParts(self.panels)
        self._host.show()
        self._index: PolicyIndex | None = None
        self._staged: _Staged | None = None
        #: What the drawing under way draws from.
        self._pending_input: StageInput | None = None
        #: Counts the covers laid: a late timer of an earlier one does nothing.
        self._covering = 0
        #: Counts the drawings begun: a step of an older one does nothing.
        self._drawing = 0
        self._steps: list[Callable[[], None]] = []
        self._open_case: Callable[[], None] | None = None
        #: The case whose pictures are on screen while it opens underneath, if any.
        self.covered_case_id: str | None = None

    # --- state -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a case is being drawn ahead or a covered case waits to open."""
        return bool(self._steps) or self._open_case is not None

    @property
    def staged_case_id(self) -> str | None:
        """The case whose pictures are ready, if any."""
        return self._staged.drawn_from.summary.id if self._staged is not None else None

    def pictures(self) -> list[QPixmap]:
        """The pictures of the case drawn ahead, one per window panel (none while none is)."""
        return list(self._staged.pictures) if self._staged is not None else []

    def covers(self) -> list[PictureCover]:
        """The covers, one per window panel (case view, member, policy, decision)."""
        return list(self._covers)

    def is_fresh(self, drawn_from: StageInput) -> bool:
        """True when the case drawn ahead (or being drawn) was drawn from ``drawn_from``."""
        current = self._staged.drawn_from if self._staged is not None else self._pending_input
        return current is not None and current.same_as(drawn_from)

    # --- drawing ahead ------------------------------------------------------------

    def draw(
        self,
        drawn_from: StageInput,
        clauses: Sequence[PolicyClause],
        suggested: dict[str, LadderStep],
    ) -> None:
        """Draw ``drawn_from``'s case ahead, a step per turn of the event loop."""
        self.forget()
        self._pending_input = drawn_from
        self._drawing += 1
        drawing = self._drawing
        pictures: list[QPixmap] = []
        widgets = self.panels.widgets()

        def fill() -> None:
            self._fill(drawn_from, clauses, suggested)

        def grab(widgets_now: tuple[QWidget, ...]) -> Callable[[], None]:
            return lambda: pictures.extend(opaque_picture(widget) for widget in widgets_now)

        def done() -> None:
            self._pending_input = None
            self._staged = _Staged(drawn_from, pictures)
            self.staged.emit(drawn_from.summary.id)

        self._steps = [fill, grab(widgets[:1]), grab(widgets[1:]), done]
        QTimer.singleShot(0, self, lambda: self._step(drawing))

    def _step(self, drawing: int) -> None:
        if drawing != self._drawing or not self._steps:
            return
        step = self._steps.pop(0)
        try:
            step()
        except Exception:  # a picture is a nicety: the case then opens as it did before
            logger.exception("Drawing the next case ahead failed; it will open without it")
            self.forget()
            return
        if self._steps:
            QTimer.singleShot(0, self, lambda: self._step(drawing))

    def _fill(
        self,
        drawn_from: StageInput,
        clauses: Sequence[PolicyClause],
        suggested: dict[str, LadderStep],
    ) -> None:
        """Fill the stage's panels as the window fills its own when the case opens."""
        panels, entry = self.panels, drawn_from.entry
        if drawn_from.index is not self._index:
            self._index = drawn_from.index
            panels.decision.set_catalogue(drawn_from.index.catalogue.clauses)
        self._parts.take_look(drawn_from.look)
        panels.start_draft(drawn_from.summary)
        panels.case_view.evidence.apply_care(drawn_from.care, revealed=False)
        panels.show_detail(entry.detail, drawn_from.now, entry.prepared, entry.images)
        # Tags not read ahead come later in the window too: none lands in the picture.
        panels.case_view.languages.cancel()
        panels.case_view.evidence.show_with_care(drawn_from.care, revealed=False)
        for attachment_id, why in entry.refused.items():
            panels.case_view.show_image_error(attachment_id, why)
        if entry.history is not None:
            panels.show_history(entry.history, drawn_from.summary.id, entry.prepared, None)
        panels.show_clauses(clauses, suggested, None)
        settle_layouts()

    def forget(self) -> None:
        """Drop the case drawn ahead and any drawing under way."""
        self._drawing += 1
        self._steps = []
        self._pending_input = None
        self._staged = None

    # --- covering -------------------------------------------------------------------

    def cover(self, drawn_from: StageInput, open_case: Callable[[], None]) -> bool:
        """Lay the pictures of ``drawn_from``'s case over the window's panels, if drawn
        from exactly that; ``open_case`` then runs right after their paint (or before
        any input). False (nothing done) when no fitting picture is ready."""
        staged = self._staged
        if staged is None or not staged.drawn_from.same_as(drawn_from):
            return False
        self._staged = None
        self.finish()
        for cover, picture in zip(self._covers, staged.pictures, strict=True):
            cover.lay_over(picture)
        self._open_case = open_case
        self.covered_case_id = drawn_from.summary.id
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._covering += 1
        covering = self._covering
        QTimer.singleShot(COVER_PATIENCE_MS, self, lambda: self._finish_if(covering))
        return True

    def _on_cover_painted(self) -> None:
        if self._open_case is not None:
            covering = self._covering
            QTimer.singleShot(0, self, lambda: self._finish_if(covering))

    def _finish_if(self, covering: int) -> None:
        if covering == self._covering:
            self.finish()

    def finish(self) -> None:
        """Open the covered case now and take the covers away (nothing when none waits)."""
        open_case, self._open_case = self._open_case, None
        if open_case is None:
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        case_id = self.covered_case_id
        try:
            open_case()
        finally:
            self.covered_case_id = None
            for cover in self._covers:
                cover.park()
        if case_id is not None:
            self.uncovered.emit(case_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Input while a case is covered: open it first, then let the input through."""
        if self._open_case is not None and event.type() in INPUT_EVENTS:
            self.finish()
        return False

    def close(self) -> None:
        """Stop drawing ahead and let the stage's panels go (the window closes)."""
        self.finish()
        self.forget()
        self._host.close()
        self._host.deleteLater()


def opaque_picture(widget: QWidget) -> QPixmap:
    """A picture of ``widget`` without an alpha channel (a panel is opaque): the
    paint that shows it copies its pixels instead of blending them."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return QPixmap.fromImage(image)


def stage_input(
    summary: CaseSummary,
    entry: PrefetchedCase,
    look: PanelLook,
    care: ImageCare,
    index: PolicyIndex,
    now: datetime,
) -> StageInput:
    """What ``summary``'s case would be drawn from now."""
    facts = facts_line(entry.detail.summary, now)
    return StageInput(summary, entry, look, facts, care, index, now)
