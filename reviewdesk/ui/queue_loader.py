"""Loads the queue page by page on workers and feeds the :class:`QueueModel`.

A new filter (or F5) reloads from the first page and drops pages still in
flight for the old filter; the model's ``more_wanted`` asks for the next
cursor page as the moderator scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from reviewdesk.api.models import CasePage, PolicyCatalogue
from reviewdesk.backends.base import CaseFilter
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.prefetch import PrefetchedCase
from reviewdesk.ui.queue_model import QueueModel
from reviewdesk.ui.tasks import TaskRunner

QUEUE_SCOPE = "queue"
PAGE_SIZE = 100

T = TypeVar("T")


@dataclass(frozen=True)
class Answer(Generic[T]):
    """What one request read early answered: its value, or the error it failed with."""

    value: T | None = None
    error: Exception | None = None

    def get(self) -> T:
        """The value; raises the error the request failed with."""
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


@dataclass(frozen=True)
class EarlyPage:
    """A first page of the queue read before the window asked for it, and its filter.

    The desk reads it at the start, on the worker that resumes the saved
    sign-in, while the window is still being built; the first :meth:`QueueLoader.reload`
    with the same filter and page size takes its answer (the page, or the
    error it failed with) instead of asking the service again.
    """

    case_filter: CaseFilter
    page_size: int
    page: Answer[CasePage]
    #: The page's first case, read too (None when it was not).
    first_case: PrefetchedCase | None = None
    #: The policy catalogue's answer, read alongside (None when it was not read).
    catalogue: Answer[PolicyCatalogue] | None = None


class QueueLoader(QObject):
    """Keeps a :class:`QueueModel` filled from the service."""

    #: The first page of a (re)load arrived and the model was reset.
    reloaded = Signal()
    #: A further page was appended.
    page_appended = Signal()
    #: A load failed: (error, retry callable).
    failed = Signal(object, object)

    def __init__(
        self,
        runner: TaskRunner,
        connection: Connection,
        model: QueueModel,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection = connection
        self._model = model
        self._page_size = page_size
        self._filter = CaseFilter()
        self._loading = False
        model.more_wanted.connect(self.load_more)

    @property
    def case_filter(self) -> CaseFilter:
        """The filter of the queue shown."""
        return self._filter

    @property
    def loading(self) -> bool:
        """True while the first page of a reload is on its way."""
        return self._loading

    def reload(self, case_filter: CaseFilter | None = None, early: EarlyPage | None = None) -> None:
        """Load the queue again from its first page (with a new filter if given).

        ``early``, a first page read already for the same filter and page
        size, is taken instead of reading it again (its page or its error
        still arrives through the runner, like any answer, so a later reload
        drops it).
        """
        if case_filter is not None:
            self._filter = case_filter
        self._runner.invalidate(QUEUE_SCOPE)
        self._loading = True
        backend, chosen, size = self._connection.backend, self._filter, self._page_size
        if early is not None and (early.case_filter, early.page_size) == (chosen, size):
            self._runner.run(
                early.page.get, self._on_first_page, self._on_reload_failed, scope=QUEUE_SCOPE
            )
            return
        self._runner.run(
            lambda: backend.list_cases(chosen, None, size),
            self._on_first_page,
            self._on_reload_failed,
            scope=QUEUE_SCOPE,
        )

    def load_more(self, cursor: str) -> None:
        """Fetch the page after ``cursor`` and append it."""
        backend, chosen, size = self._connection.backend, self._filter, self._page_size
        self._runner.run(
            lambda: backend.list_cases(chosen, cursor, size),
            self._on_next_page,
            self._on_more_failed,
            scope=QUEUE_SCOPE,
        )

    def _on_first_page(self, page: CasePage) -> None:
        self._loading = False
        self._model.reset_with(page)
        self.reloaded.emit()

    def _on_next_page(self, page: CasePage) -> None:
        self._model.append_page(page)
        self.page_appended.emit()

    def _on_reload_failed(self, error: Exception) -> None:
        self._loading = False
        if not self._connection.check_error(error, self.reload):
            self.failed.emit(error, self.reload)

    def _on_more_failed(self, error: Exception) -> None:
        cursor = self._model.next_cursor
        again = (lambda: self.load_more(cursor)) if cursor else self.reload
        refusal = self._connection.check_error(error, again)
        if refusal is Refusal.STALE:  # still loading, with the new session
            return
        self._model.page_failed()
        if not refusal:
            self.failed.emit(error, again)
