"""Posting decisions on workers, one at a time per case, with the draft's idempotency key.

The sender never changes the key: sending the same draft again after a
failure (Retry, or Ctrl+Return once more) can only record the decision once.
Results come back with the draft they belong to, so the window can tell
whether the moderator is still looking at that case.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reviewdesk.api.models import DecisionOut
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.tasks import TaskRunner


class DecisionSender(QObject):
    """Sends decision drafts through the connection's current backend."""

    #: (DecisionDraft, DecisionOut): the service recorded the decision.
    recorded = Signal(object, object)
    #: (DecisionDraft, Exception): it did not; the draft can be sent again.
    failed = Signal(object, object)

    def __init__(
        self, runner: TaskRunner, connection: Connection, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection = connection
        self._in_flight: set[str] = set()

    def is_sending(self, case_id: str) -> bool:
        """True while a decision on ``case_id`` is on its way."""
        return case_id in self._in_flight

    def send(self, draft: DecisionDraft) -> bool:
        """Post ``draft`` on a worker; False when one for that case is still on its way."""
        if draft.case_id in self._in_flight:
            return False
        self._in_flight.add(draft.case_id)
        backend = self._connection.backend
        self._runner.run(
            lambda: backend.decide(draft.case_id, draft.decision, draft.idempotency_key),
            lambda decision: self._on_recorded(draft, decision),
            lambda error: self._on_failed(draft, error),
        )
        return True

    def _on_recorded(self, draft: DecisionDraft, decision: DecisionOut) -> None:
        self._in_flight.discard(draft.case_id)
        self.recorded.emit(draft, decision)

    def _on_failed(self, draft: DecisionDraft, error: Exception) -> None:
        self._in_flight.discard(draft.case_id)
        self.failed.emit(draft, error)
