"""Team statistics: per moderator or per clause, as painted charts and a table.

Volume, median handling time, overturn rate and escalation rate are four
bar charts in the same bar order (most decisions first), so one person or
clause keeps its place from chart to chart; the queue's backlog by age is a
fifth. The table below holds every figure. Statistics load on a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import TeamFigures, TeamStats
from reviewdesk.ui.audit import audit_requests
from reviewdesk.ui.audit.bar_chart import Bar, BarChart, default_format
from reviewdesk.ui.audit.chart_format import (
    AGE_BUCKET_TITLES,
    duration_text,
    hours_text,
    minutes,
    percent,
    rate_text,
)
from reviewdesk.ui.case.plain_widgets import plain_label
from reviewdesk.ui.case.text_format import single_line
from reviewdesk.ui.case.text_table_model import TextTableModel
from reviewdesk.ui.case.text_table_view import make_table_view
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.tasks import TaskRunner

STATS_SCOPE = "audit-stats"
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Last 30 days", 30),
    ("Last 7 days", 7),
    ("Last 90 days", 90),
    ("All time", None),
)
#: Handling times are charted in minutes once the longest median reaches this (seconds).
HANDLING_MINUTES_FROM = 120
FIGURE_HEADERS = (
    "Moderator or clause",
    "Decisions",
    "Median handling",
    "Reviewed",
    "Overturned",
    "Overturn rate",
    "Escalations",
    "Escalation rate",
)


def figure_label(figures: TeamFigures) -> str:
    """The name shown for a row: its label (a moderator's name) or its key (a clause id)."""
    return single_line(figures.label, 40) if figures.label else figures.key


def ordered(rows: Sequence[TeamFigures]) -> list[TeamFigures]:
    """Most decisions first, then by name: the one bar order of every chart."""
    return sorted(rows, key=lambda f: (-f.decisions, figure_label(f).casefold()))


def figure_row(figures: TeamFigures) -> list[str]:
    """One table row."""
    return [
        figure_label(figures),
        f"{figures.decisions:,}",
        duration_text(figures.median_handling_seconds),
        f"{figures.reviewed:,}",
        f"{figures.overturned:,}",
        rate_text(figures.overturn_rate),
        f"{figures.escalations:,}",
        rate_text(figures.escalation_rate),
    ]


def figure_bar(label: str, value: float | None, why_none: str, scale: float = 1.0) -> Bar:
    """A bar of ``value`` times ``scale``; a figure with no data says why instead of a 0 bar."""
    if value is None:
        return Bar(label, 0.0, f"– ({why_none})")
    return Bar(label, value * scale)


def rate_bar(label: str, rate: float | None, why_none: str) -> Bar:
    """A bar of a rate in percent; a rate with nothing to divide says so instead of 0 %."""
    return figure_bar(label, rate, why_none, 100.0)


def handling_bar(label: str, seconds: float | None, in_minutes: bool) -> Bar:
    """A bar of a median handling time; with no measured time it says "– (no data)"."""
    return figure_bar(label, seconds, "no data", 1 / 60 if in_minutes else 1.0)


def _scrolled(chart: BarChart) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(chart)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class StatsPage(QWidget):
    """Charts and a table of the team's figures over a period."""

    failed = Signal(object, object)
    recovered = Signal()
    #: Statistics arrived (TeamStats).
    loaded = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Team statistics")
        self._runner = runner
        self._connection: Connection | None = None
        self._stats: TeamStats | None = None

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Statistics period")
        for title, days in PERIODS:
            self.period_combo.addItem(title, days)
        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName("Statistics per")
        self.group_combo.addItem("Per moderator", "moderator")
        self.group_combo.addItem("Per clause", "clause")
        self.reload_button = QPushButton("Reload")
        self.reload_button.setAccessibleName("Reload the statistics")
        self.backlog_label = plain_label(accessible_name="Queue backlog", bold=True)

        self.volume_chart = BarChart("Decisions", "decisions", integer=True)
        self.handling_chart = BarChart(
            "Median handling time", "minutes from claim to decision", value_format=minutes
        )
        self.overturn_chart = BarChart(
            "Overturn rate (of reviewed decisions)",
            "of reviewed decisions overturned",
            value_format=percent,
            maximum=100.0,
        )
        self.escalation_chart = BarChart(
            "Escalation rate", "of decisions escalated", value_format=percent, maximum=100.0
        )
        self.backlog_chart = BarChart("Queue backlog by age", "open cases", integer=True)
        self.charts = (
            self.volume_chart,
            self.handling_chart,
            self.overturn_chart,
            self.escalation_chart,
        )
        self.table_model = TextTableModel(FIGURE_HEADERS, self)
        self.table = make_table_view(self.table_model, accessible_name="Team figures")

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(plain_label("Period", accessible_name="Period"))
        controls.addWidget(self.period_combo)
        controls.addWidget(self.group_combo)
        controls.addWidget(self.reload_button)
        controls.addSpacing(24)
        controls.addWidget(self.backlog_label, 1)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for position, chart in enumerate(self.charts):
            grid.addWidget(_scrolled(chart), position // 2, position % 2)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(_scrolled(self.backlog_chart))
        right.addWidget(self.table)
        right.setSizes([300, 600])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(grid_host)
        body.addWidget(right)
        body.setSizes([1200, 700])
        for splitter in (right, body):
            splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(body, 1)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.group_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.reload_button.clicked.connect(self.reload)
        self.backlog_label.setText("Not loaded yet.")

    def attach(self, connection: Connection) -> None:
        """Work through ``connection`` (statistics load when the page is first shown)."""
        self._connection = connection

    def detach(self) -> None:
        """Forget the session and the figures."""
        self._connection = None
        self._runner.invalidate(STATS_SCOPE)
        self._stats = None
        self._show()

    @property
    def stats(self) -> TeamStats | None:
        """The statistics shown."""
        return self._stats

    def reload(self) -> None:
        """Fetch the statistics for the period chosen."""
        connection = self._connection
        if connection is None:
            return
        days = self.period_combo.currentData()
        since = datetime.now(UTC) - timedelta(days=days) if days is not None else None
        backend = connection.backend
        self.backlog_label.setText("Loading the statistics…")
        self._runner.invalidate(STATS_SCOPE)
        self._runner.run(
            lambda: audit_requests.fetch_stats(backend, since, None),
            self._on_stats,
            lambda error: self._on_failed(error, self.reload),
            scope=STATS_SCOPE,
        )

    def _on_failed(self, error: Exception, retry: Callable[[], None]) -> None:
        connection = self._connection
        if connection is not None and connection.check_error(error, retry):
            return
        self.backlog_label.setText(f"The statistics could not be loaded. {describe_error(error)}")
        self.failed.emit(error, retry)

    def _on_stats(self, stats: TeamStats) -> None:
        self.recovered.emit()
        self._stats = stats
        self._show()
        self.loaded.emit(stats)

    def per_moderator(self) -> bool:
        """True when the charts show moderators (not clauses)."""
        return bool(self.group_combo.currentData() == "moderator")

    def _show(self) -> None:
        stats = self._stats
        if stats is None:
            for chart in (*self.charts, self.backlog_chart):
                chart.set_bars([])
            self.table_model.set_rows([])
            self.backlog_label.setText("Not loaded yet.")
            return
        rows = ordered(stats.per_moderator if self.per_moderator() else stats.per_clause)
        who = "moderator" if self.per_moderator() else "clause"
        for chart in self.charts:
            chart.set_empty_text(f"No decision per {who} in this period.")
        self.volume_chart.set_bars([Bar(figure_label(f), f.decisions) for f in rows])
        longest = max((f.median_handling_seconds or 0 for f in rows), default=0)
        in_minutes = longest >= HANDLING_MINUTES_FROM
        self.handling_chart.set_axis(
            "minutes from claim to decision" if in_minutes else "seconds from claim to decision",
            minutes if in_minutes else default_format,
        )
        self.handling_chart.set_bars(
            [handling_bar(figure_label(f), f.median_handling_seconds, in_minutes) for f in rows]
        )
        self.overturn_chart.set_bars(
            [rate_bar(figure_label(f), f.overturn_rate, "none reviewed") for f in rows]
        )
        self.escalation_chart.set_bars(
            [rate_bar(figure_label(f), f.escalation_rate, "no decision") for f in rows]
        )
        self.backlog_chart.set_bars(
            [Bar(AGE_BUCKET_TITLES[b.bucket], b.cases) for b in stats.backlog_by_age]
        )
        self.table_model.set_rows([figure_row(f) for f in rows])
        self.backlog_label.setText(
            f"Queue backlog: {stats.backlog:,} open cases · the oldest has waited "
            f"{hours_text(stats.oldest_open_hours)}"
        )
