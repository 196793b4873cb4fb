"""Posting decisions on workers, one at a time per case, and finding out what became of them.

A draft carries the idempotency key of its exact body, so sending the same
draft again after a failure (Retry, or Ctrl+Return once more) can only
record the decision once. Some failures leave it unknown whether the service
recorded the decision: the answer could not be read, or the connection broke,
timed out or met a server error after the request may have arrived. Then the
sender asks the service for the case and looks for a decision carrying the
draft's key: found, it is reported exactly like a success; not found, the
decision was not recorded; the look itself failing leaves it unknown (and
sending the draft again stays safe). Results come back with the draft they
belong to, so the window can tell whether the moderator is still looking at
that case.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from reviewdesk.api.models import CaseDetail, DecisionOut
from reviewdesk.backends.errors import MalformedResponse, RateLimited, ServiceUnavailable
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.tasks import TaskRunner


@dataclass(frozen=True)
class SendFailure:
    """Why a decision was not (or not knowingly) recorded."""

    #: What went wrong posting it.
    error: Exception
    #: The desk asked the service afterwards and it holds no decision with the draft's key.
    checked: bool = False
    #: Asking the service afterwards failed too: whether it was recorded is not known.
    check_error: Exception | None = None

    @property
    def unknown(self) -> bool:
        """True when the decision may or may not have been recorded."""
        return self.check_error is not None


def may_have_been_recorded(error: Exception) -> bool:
    """True when a post that failed with ``error`` may still have reached and changed the service.

    An answer the desk cannot read, a broken or timed-out connection and a
    server error can all come after the decision was stored; a refusal (4xx,
    including "slow down") means it was not.
    """
    if isinstance(error, RateLimited):
        return False
    return isinstance(error, MalformedResponse | ServiceUnavailable)


def decision_with_key(detail: CaseDetail, idempotency_key: str) -> DecisionOut | None:
    """The decision on the case that was posted with ``idempotency_key``, if there is one."""
    return next((d for d in detail.decisions if d.idempotency_key == idempotency_key), None)


class DecisionSender(QObject):
    """Sends decision drafts through the connection's current backend."""

    #: (DecisionDraft, DecisionOut): the service recorded the decision.
    recorded = Signal(object, object)
    #: (DecisionDraft, SendFailure): it did not, or it is not known; the draft can be sent again.
    failed = Signal(object, object)
    #: (DecisionDraft): the answer was lost; the service is being asked what it recorded.
    checking = Signal(object)

    def __init__(
        self, runner: TaskRunner, connection: Connection, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection = connection
        self._in_flight: set[str] = set()

    def is_sending(self, case_id: str) -> bool:
        """True while a decision on ``case_id`` is on its way (or being checked)."""
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
            lambda error: self._on_post_failed(draft, error),
        )
        return True

    def _on_post_failed(self, draft: DecisionDraft, error: Exception) -> None:
        if not may_have_been_recorded(error):
            self._finish_failed(draft, SendFailure(error))
            return
        self.checking.emit(draft)
        backend = self._connection.backend
        self._runner.run(
            lambda: backend.get_case(draft.case_id),
            lambda detail: self._on_checked(draft, error, detail),
            lambda check_error: self._finish_failed(draft, SendFailure(error, False, check_error)),
        )

    def _on_checked(self, draft: DecisionDraft, error: Exception, detail: CaseDetail) -> None:
        decision = decision_with_key(detail, draft.idempotency_key)
        if decision is not None:
            self._on_recorded(draft, decision)
        else:
            self._finish_failed(draft, SendFailure(error, checked=True))

    def _on_recorded(self, draft: DecisionDraft, decision: DecisionOut) -> None:
        self._in_flight.discard(draft.case_id)
        self.recorded.emit(draft, decision)

    def _finish_failed(self, draft: DecisionDraft, failure: SendFailure) -> None:
        self._in_flight.discard(draft.case_id)
        self.failed.emit(draft, failure)
