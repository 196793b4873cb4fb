"""A window for palette tests: a registry (every handler recorded), a queue and the palette."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reviewdesk.api.models import CasePage, CaseSummary
from reviewdesk.domain.enums import Role
from reviewdesk.ui.command_palette import CommandPalette
from reviewdesk.ui.commands import CommandRegistry
from reviewdesk.ui.queue_model import QueueModel


class PaletteHost(QWidget):
    """A window with the registry (every handler recorded), a queue of ``cases`` and the palette.

    A senior is signed in, so every command of the catalogue is available.
    """

    def __init__(self, cases: Sequence[CaseSummary]) -> None:
        super().__init__()
        self.registry = CommandRegistry(self)
        self.registry.set_role(Role.SENIOR)
        self.fired: list[str] = []
        for spec in self.registry.commands():
            self.registry.on(spec.id, lambda command_id=spec.id: self.fired.append(command_id))
        self.queue = QueueModel(self)
        self.queue.reset_with(CasePage(items=list(cases), total=len(cases)))
        self.opened: list[str] = []
        #: When set, opening a case is refused with this sentence.
        self.refuse: str | None = None
        self.palette = CommandPalette(self.registry, self.queue, self.open_case, self)
        self.registry.on("help.palette", self.palette.open_palette)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Work area"))

    def open_case(self, case_id: str) -> str | None:
        """Record the case opened (None), or refuse it with :attr:`refuse`."""
        if self.refuse is None:
            self.opened.append(case_id)
        return self.refuse
