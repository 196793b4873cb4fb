"""The moderator's selection of cases for a bulk decision: an ordered set of case ids.

Independent of the view's current row: ``x`` ticks the current case, the
range keys tick as they move, "select all" ticks a filter's or a group's
cases. :attr:`CaseSelection.changed` says how many are ticked after each change.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class CaseSelection(QObject):
    """Ticked case ids, in the order they were ticked."""

    #: How many cases are ticked now.
    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: dict[str, None] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._ids

    def ids(self) -> list[str]:
        """The ticked case ids, in the order they were ticked."""
        return list(self._ids)

    def toggle(self, case_id: str) -> bool:
        """Tick ``case_id`` or untick it; True when it is ticked now."""
        if case_id in self._ids:
            del self._ids[case_id]
            ticked = False
        else:
            self._ids[case_id] = None
            ticked = True
        self.changed.emit(len(self._ids))
        return ticked

    def add(self, case_ids: Iterable[str]) -> None:
        """Tick every case of ``case_ids``."""
        before = len(self._ids)
        for case_id in case_ids:
            self._ids.setdefault(case_id, None)
        if len(self._ids) != before:
            self.changed.emit(len(self._ids))

    def discard(self, case_ids: Iterable[str]) -> None:
        """Untick every case of ``case_ids`` (e.g. decided, or no longer listed)."""
        before = len(self._ids)
        for case_id in case_ids:
            self._ids.pop(case_id, None)
        if len(self._ids) != before:
            self.changed.emit(len(self._ids))

    def clear(self) -> None:
        """Untick everything."""
        if self._ids:
            self._ids.clear()
            self.changed.emit(0)
