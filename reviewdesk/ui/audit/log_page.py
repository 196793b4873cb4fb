"""The decision log page: filter bar, the paged and sortable log table, and the chain check.

Every request runs on the task runner; a failed page leaves the rows already
shown in place and reports through :attr:`LogPage.failed` (the window's
banner). After each page the loaded range is checked against the hash chain
on a worker, and a break shows the red :class:`ChainBanner` naming the first
broken entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import LogEntry
from reviewdesk.backends.base import LogFilter
from reviewdesk.ui.audit import audit_requests
from reviewdesk.ui.audit.audit_requests import ChainCheck
from reviewdesk.ui.audit.chain_banner import ChainBanner
from reviewdesk.ui.audit.log_filters import LogFilterBar, LogFilterState
from reviewdesk.ui.audit.log_model import LOG_COLUMNS, SORT_RECORDED, LogModel
from reviewdesk.ui.audit.paged_model import RowRole
from reviewdesk.ui.case.plain_widgets import plain_label
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.tasks import TaskRunner

CHAIN_SCOPE = "audit-chain"
PAGE_SIZE = 100
#: Starting widths of the narrow columns (the note column takes the rest).
COLUMN_WIDTHS = {
    0: 70,
    1: 130,
    2: 140,
    3: 150,
    4: 130,
    5: 110,
    6: 150,
    7: 110,
    8: 150,
    9: 70,
    10: 100,
}


class LogPage(QWidget):
    """Filters over a table of every decision and review, paged as it scrolls."""

    #: The senior opened an entry (LogEntry): show its replay.
    open_requested = Signal(object)
    #: A request failed: (error, retry).
    failed = Signal(object, object)
    #: A request succeeded: any earlier failure is over.
    recovered = Signal()
    #: The chain check finished (ChainCheck).
    chain_checked = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Decision log")
        self._runner = runner
        self._connection: Connection | None = None
        self._state = LogFilterState()
        self._newest_first = True
        self.last_check: ChainCheck | None = None
        self._keep_decision: str | None = None
        self._focus_table_when_loaded = False

        self.filters = LogFilterBar()
        self.chain_banner = ChainBanner()
        self.model = LogModel(runner, self)
        self.table = QTableView()
        self.table.setAccessibleName("Decision log entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        recorded = self.model.sort_key_column(SORT_RECORDED) or 0
        header.setSortIndicator(recorded, Qt.SortOrder.DescendingOrder)
        self.model.sort(recorded, Qt.SortOrder.DescendingOrder)  # the order loaded first
        self.table.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_on_sortable)

        self.status = plain_label(accessible_name="Decision log status")
        self.chain_status = plain_label(accessible_name="Hash chain status", wrap=True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filters)
        layout.addWidget(self.chain_banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.chain_status)

        self.filters.changed.connect(self._on_filter)
        self.filters.search_edit.returnPressed.connect(self._focus_table_after_load)
        self.model.sort_requested.connect(self._on_sort)
        self.model.reloaded.connect(self._on_rows)
        self.model.page_appended.connect(self._on_rows)
        self.model.failed.connect(self._on_failed)
        self.table.activated.connect(self._on_activated)
        self.chain_banner.show_requested.connect(self.select_seq)
        self.status.setText("Not loaded yet.")

    # --- session ---------------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        """Load the log through ``connection`` with the filter chosen."""
        self._connection = connection
        self.reload()

    def detach(self) -> None:
        """Forget the session: no row stays."""
        self._connection = None
        self._runner.invalidate(CHAIN_SCOPE)
        self.model.set_fetcher(lambda _cursor: audit_requests.empty_page())
        self.chain_banner.clear()
        self.chain_status.clear()

    def reload(self, keep_decision: str | None = None) -> None:
        """Load the log again from its first page (then select ``keep_decision``'s row)."""
        self._keep_decision = keep_decision
        connection = self._connection
        if connection is None:
            return
        state, newest = self._state, self._newest_first

        def fetch(cursor: str | None) -> audit_requests.LogPageResult:
            return audit_requests.fetch_log_page(
                connection.backend, state, newest, cursor, PAGE_SIZE
            )

        self.status.setText("Loading the decision log…")
        self.model.set_fetcher(fetch)

    def export_filter(self) -> LogFilter:
        """The backend filter of the log shown (what an export writes)."""
        return audit_requests.log_filter(self._state, self._newest_first)

    # --- actions -----------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: the search box."""
        self.filters.focus_search()

    def current_entry(self) -> LogEntry | None:
        """The entry of the selected row, if any."""
        index = self.table.currentIndex()
        entry = index.data(RowRole) if index.isValid() else None
        return entry if isinstance(entry, LogEntry) else None

    def select_row(self, row: int) -> bool:
        """Make ``row`` current and visible."""
        index = self.model.index(row, 0)
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def select_seq(self, seq: int) -> None:
        """Select the entry with sequence number ``seq`` (if loaded) and focus the table."""
        row = self.model.row_of_seq(seq)
        if row is not None:
            self.select_row(row)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- reactions -------------------------------------------------------------------------

    def _focus_table_after_load(self) -> None:
        """Return in the search box: the results get the keyboard once they are in."""
        if self.model.busy:
            self._focus_table_when_loaded = True
        elif self.model.rowCount():
            self.select_row(max(0, self.table.currentIndex().row()))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_filter(self, state: LogFilterState) -> None:
        self._state = state
        self.reload()

    def _on_sort(self, key: str, descending: bool) -> None:
        if key == SORT_RECORDED:
            self._newest_first = descending
            self.reload()

    def _keep_indicator_on_sortable(self, column: int, _order: Qt.SortOrder) -> None:
        """Only columns the service sorts by show the sort arrow."""
        if LOG_COLUMNS[column].sort_key is None:
            recorded = self.model.sort_key_column(SORT_RECORDED) or 0
            order = (
                Qt.SortOrder.DescendingOrder if self._newest_first else Qt.SortOrder.AscendingOrder
            )
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(recorded, order)
            header.blockSignals(False)

    def _on_activated(self, index: QModelIndex) -> None:
        entry = index.data(RowRole)
        if isinstance(entry, LogEntry):
            self.open_requested.emit(entry)

    def _on_failed(self, error: Exception, retry: Callable[[], None]) -> None:
        connection = self._connection
        if connection is not None and connection.check_error(error, retry):
            return
        self.status.setText(
            f"{self.model.rowCount():,} entries shown; the service did not answer the last "
            "request (see above)."
        )
        self.failed.emit(error, retry)

    def _on_rows(self) -> None:
        self.recovered.emit()
        count = self.model.rowCount()
        order = "newest first" if self._newest_first else "oldest first"
        more = " · more load as you scroll" if self.model.canFetchMore(QModelIndex()) else ""
        self.status.setText(
            f"{count:,} entries shown · {order}{more}" if count else "No entry matches this filter."
        )
        keep, self._keep_decision = self._keep_decision, None
        row = self.model.row_of_decision(keep) if keep else None
        if row is not None:
            self.select_row(row)
        elif count and self.table.currentIndex().row() < 0:
            self.table.setCurrentIndex(self.model.index(0, 0))
        if self._focus_table_when_loaded and count:
            self._focus_table_when_loaded = False
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._check_chain()

    def _check_chain(self) -> None:
        entries = self.model.rows()
        connection = self._connection
        backend = connection.backend if connection is not None else None
        self._runner.invalidate(CHAIN_SCOPE)
        self._runner.run(
            lambda: audit_requests.check_chain(entries, backend),
            self._on_chain,
            lambda error: self._on_chain_failed(error, entries),
            scope=CHAIN_SCOPE,
        )

    def _on_chain_failed(self, error: Exception, entries: list[LogEntry]) -> None:
        """The run around the entries could not be fetched: check the entries alone."""
        self._on_chain(audit_requests.check_chain(entries))
        self.chain_status.setText(
            f"{self.chain_status.text()} (The surrounding run could not be fetched: "
            f"{describe_error(error)})"
        )

    def _on_chain(self, check: ChainCheck) -> None:
        self.last_check = check
        if check.broken_seq is not None:
            self.chain_banner.show_break(check.broken_seq, check.message)
            self.model.mark_break(check.broken_seq)
            self.chain_status.setText(check.message)
        else:
            self.chain_banner.clear()
            self.model.mark_break(None)
            self.chain_status.setText(check.message)
        self.chain_checked.emit(check)
