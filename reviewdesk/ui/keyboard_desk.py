"""The keyboard commands the main window gets from one place: palette, shortcuts, skip, claim.

:class:`KeyboardDesk` attaches the handlers of ``help.palette`` (Ctrl+K),
``desk.keys`` (the keyboard shortcuts dialog), ``case.skip`` (give the claim
back and move on; the case stays in the queue for others) and
``case.claim`` (claim the case shown) to the window's registry, and owns the
palette and the shortcuts dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reviewdesk.api.models import CaseSummary
from reviewdesk.ui.settings import DeskSettings

if TYPE_CHECKING:  # the palette and the shortcuts dialog load on first use
    from reviewdesk.ui.command_palette import CommandPalette
    from reviewdesk.ui.keys_dialog import KeysDialog
    from reviewdesk.ui.main_window import MainWindow

#: Commands that act on the open case: on only while a case is shown (and no break).
OPEN_CASE_COMMANDS = ("case.skip", "case.claim")
NO_CASE_AFTER_SKIP = "Case skipped. No other case nobody else holds is left in this queue."
STATUS_MS = 6000


class KeyboardDesk(QObject):
    """Palette, shortcuts dialog, skip and claim for one main window."""

    def __init__(
        self,
        window: MainWindow,
        settings: DeskSettings | None,
        held_by_other: Callable[[CaseSummary], bool],
        show_no_case: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._held_by_other = held_by_other
        self._show_no_case = show_no_case
        self.palette: CommandPalette | None = None
        self.keys_dialog: KeysDialog | None = None
        registry = window.registry
        registry.on("help.palette", self.open_palette)
        registry.on("desk.keys", self.open_keys_dialog)
        registry.on("case.skip", self.skip)
        registry.on("case.claim", self.claim)

    def open_palette(self) -> None:
        """Open the command palette over the window, its search empty."""
        if self.palette is None:
            from reviewdesk.ui.command_palette import CommandPalette

            window = self._window
            self.palette = CommandPalette(
                window.registry, window.queue_model, self.open_case, window
            )
        self.palette.open_palette()

    def open_keys_dialog(self) -> None:
        """Open (or raise) the keyboard shortcuts dialog."""
        if self.keys_dialog is None:
            from reviewdesk.ui.keys_dialog import KeysDialog

            self.keys_dialog = KeysDialog(self._window.registry, self._settings, self._window)
        if not self.keys_dialog.isVisible():
            self.keys_dialog.start_over()
        self.keys_dialog.show()
        self.keys_dialog.raise_()
        self.keys_dialog.activateWindow()

    def open_case(self, case_id: str) -> str | None:
        """Open a queued case from the palette: None, or why it cannot be opened now."""
        window = self._window
        if window.break_bar.is_paused():
            return "The desk is paused: resume (Ctrl+Shift+P) to open a case."
        if window.case_loader is None:
            return "The desk is not signed in to a service."
        if not window.queue_panel.select_case(case_id):
            return f"Case {case_id} is no longer in the queue."
        return None

    def skip(self) -> None:
        """Give back the claim on the open case and move on; others can still take it."""
        window = self._window
        loader = window.case_loader
        current = loader.current if loader is not None else None
        if loader is None or current is None:
            return
        panel = window.queue_panel
        if not (
            panel.step(1, self._held_by_other)
            or panel.select_from(0, 1, lambda s: s.id == current.id or self._held_by_other(s))
        ):
            self._show_no_case(NO_CASE_AFTER_SKIP)
        window.statusBar().showMessage(
            f"Skipped case {current.id}: it stays in the queue for others.", STATUS_MS
        )

    def claim(self) -> None:
        """Claim the open case (again); the decision form opens once the service agrees."""
        loader = self._window.case_loader
        if loader is not None and loader.claim_current() and loader.current is not None:
            self._window.statusBar().showMessage(f"Claiming case {loader.current.id}…", STATUS_MS)

    def close(self) -> None:
        """Close the palette and the shortcuts dialog (the window is closing)."""
        for dialog in (self.palette, self.keys_dialog):
            if dialog is not None:
                dialog.close()
