"""Exports of the filtered log: CSV, and DSA statements of reasons as JSON.

The senior picks a file in a save dialog; every page of the filtered log is
then fetched, converted and written on a worker. Decisions that cannot be
expressed as a statement of reasons are not written; the report after the
export lists each one with the field at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.backends.base import LogFilter
from reviewdesk.ui.audit import audit_requests
from reviewdesk.ui.audit.audit_requests import ExportOutcome
from reviewdesk.ui.case.plain_widgets import plain_label
from reviewdesk.ui.case.text_table_model import TextTableModel
from reviewdesk.ui.case.text_table_view import make_table_view
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.error_banner import BannerKind, ErrorBanner, describe_error
from reviewdesk.ui.tasks import TaskRunner


class ExportKind(StrEnum):
    """What an export writes."""

    CSV = "csv"
    DSA = "dsa"


TITLES = {
    ExportKind.CSV: ("Export the filtered log as CSV", "decision-log.csv", "CSV files (*.csv)"),
    ExportKind.DSA: (
        "Export DSA statements of reasons",
        "statements-of-reasons.json",
        "JSON files (*.json)",
    ),
}
EXPORT_SOURCE = "audit-export"
PROBLEM_HEADERS = ("Decision", "Case", "Field", "Why it cannot be expressed")

PathChooser = Callable[[QWidget, ExportKind], str]


def ask_path(parent: QWidget, kind: ExportKind) -> str:
    """The save dialog ("" when cancelled)."""
    title, name, pattern = TITLES[kind]
    path, _selected = QFileDialog.getSaveFileName(parent, title, name, pattern)
    return str(path)


class ExportReport(QDialog):
    """What was written, and each decision that could not be expressed, naming the field."""

    def __init__(self, kind: ExportKind, outcome: ExportOutcome, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLES[kind][0])
        self.setAccessibleName("Export report")
        skipped = len(outcome.problems)
        summary = f"Wrote {outcome.written:,} decisions to {outcome.path}."
        if skipped:
            summary += (
                f" {skipped:,} could not be expressed as statements of reasons and were left "
                "out; each is listed below with the field at fault."
            )
        self.summary = plain_label(summary, accessible_name="Export summary", wrap=True)
        self.problems_model = TextTableModel(PROBLEM_HEADERS, self)
        self.problems_model.set_rows(
            [[p.decision_id, p.case_id, p.field, p.message] for p in outcome.problems]
        )
        self.problems = make_table_view(self.problems_model, accessible_name="Export problems")
        self.problems.setVisible(bool(skipped))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        self.resize(900, 480 if skipped else 160)


class Exporter(QObject):
    """Runs one export at a time on a worker and reports how it went."""

    #: The export finished (ExportOutcome).
    finished = Signal(object)
    #: The export failed (exception).
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        host: QWidget,
        parent: QObject | None = None,
        path_chooser: PathChooser = ask_path,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._host = host
        self.path_chooser = path_chooser
        self.busy = False
        self.report: ExportReport | None = None

    def export(
        self, kind: ExportKind, connection: Connection, log_filter: LogFilter, parent: QWidget
    ) -> bool:
        """Ask where, then write the export on a worker; False when cancelled or busy."""
        if self.busy:
            return False
        path = self.path_chooser(parent, kind)
        if not path:
            return False
        self.busy = True
        backend = connection.backend
        write = (
            audit_requests.write_csv_export
            if kind is ExportKind.CSV
            else audit_requests.write_dsa_export
        )
        self._runner.run(
            lambda: write(backend, log_filter, path),
            lambda outcome: self._done(kind, outcome, parent),
            lambda error: self._failed(kind, error, parent),
        )
        return True

    def _done(self, kind: ExportKind, outcome: ExportOutcome, parent: QWidget) -> None:
        self.busy = False
        self.report = ExportReport(kind, outcome, parent)
        self.report.setWindowModality(Qt.WindowModality.NonModal)
        self.report.show()
        self.finished.emit(outcome)

    def _failed(self, kind: ExportKind, error: Exception, parent: QWidget) -> None:
        self.busy = False
        self.report = None
        title = TITLES[kind][0]
        banner = getattr(parent, "banner", None)
        if isinstance(banner, ErrorBanner):
            banner.show_message(
                f"{title} failed; nothing was written. {describe_error(error)}",
                BannerKind.ERROR,
                None,
                EXPORT_SOURCE,
            )
        self.failed.emit(error)
