"""Team statistics: the same bar order in every chart, figures in the table, failures in words."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from pytestqt.qtbot import QtBot

from reviewdesk.api.models import BacklogBucket, ModeratorOut, TeamFigures, TeamStats
from reviewdesk.backends.errors import ServiceUnavailable
from reviewdesk.domain.audit_enums import AgeBucket
from reviewdesk.domain.enums import Role
from reviewdesk.ui.audit.stats_page import StatsPage
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.tasks import TaskRunner

STATS = TeamStats(
    per_moderator=[
        TeamFigures(
            key="2",
            label="سارة",
            decisions=40,
            median_handling_seconds=30.0,
            reviewed=10,
            overturned=1,
            overturn_rate=0.1,
            escalations=4,
            escalation_rate=0.1,
        ),
        TeamFigures(
            key="1",
            label="王小明",
            decisions=90,
            median_handling_seconds=300.0,
            reviewed=20,
            overturned=5,
            overturn_rate=0.25,
            escalations=9,
            escalation_rate=0.1,
        ),
    ],
    per_clause=[TeamFigures(key="HAR-1", decisions=12, escalation_rate=0.0)],
    backlog=17,
    oldest_open_hours=76.5,
    backlog_by_age=[
        BacklogBucket(bucket=AgeBucket.UNDER_1H, cases=5),
        BacklogBucket(bucket=AgeBucket.OVER_72H, cases=12),
    ],
)

SENIOR_ACCOUNT = ModeratorOut(id="9", username="s", display_name="S", role=Role.SENIOR)


@dataclass
class StatsBackend:
    """Answers team statistics (or fails), noting the thread it was asked on."""

    fail: bool = False
    moderator: ModeratorOut = field(default_factory=lambda: SENIOR_ACCOUNT)
    threads: list[str] = field(default_factory=list)

    def team_stats(self, since: datetime | None = None, until: datetime | None = None) -> TeamStats:
        self.threads.append(threading.current_thread().name)
        if self.fail:
            raise ServiceUnavailable("The service is not answering.")
        return STATS


def test_charts_share_one_bar_order_and_the_table_holds_every_figure(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = StatsBackend()
    page = StatsPage(runner)
    qtbot.addWidget(page)
    page.attach(Connection(backend, "http://127.0.0.1:1"))  # type: ignore[arg-type]
    with qtbot.waitSignal(page.loaded):
        page.reload()
    assert threading.main_thread().name not in backend.threads
    for chart in page.charts:
        assert [bar.label for bar in chart.bars()] == ["王小明", "سارة"]
    assert [bar.value for bar in page.volume_chart.bars()] == [90, 40]
    assert [bar.value for bar in page.overturn_chart.bars()] == [25.0, 10.0]
    # Medians under two minutes are charted in seconds, else in minutes.
    assert page.handling_chart.axis_title().startswith("minutes")
    assert [bar.value for bar in page.handling_chart.bars()] == [5.0, 0.5]
    assert [bar.label for bar in page.backlog_chart.bars()] == ["under 1 h", "over 3 days"]
    assert page.table_model.cell(0, 0) == "王小明"
    assert page.table_model.cell(0, 5) == "25 %"
    assert "17 open cases" in page.backlog_label.text()
    assert "3 d 4 h" in page.backlog_label.text()
    page.group_combo.setCurrentIndex(1)
    assert [bar.label for bar in page.volume_chart.bars()] == ["HAR-1"]
    # No decision of the clause was reviewed: its overturn rate is not 0 %, it is unknown.
    page.overturn_chart.set_current(0)
    assert page.overturn_chart.describe_bar(0) == "HAR-1: – (none reviewed)"
    assert page.escalation_chart.describe_bar(0) == "HAR-1: 0 % of decisions escalated"


def test_a_failure_says_so_and_keeps_the_last_figures(qtbot: QtBot, runner: TaskRunner) -> None:
    backend = StatsBackend()
    page = StatsPage(runner)
    qtbot.addWidget(page)
    page.attach(Connection(backend, "http://127.0.0.1:1"))  # type: ignore[arg-type]
    with qtbot.waitSignal(page.loaded):
        page.reload()
    backend.fail = True
    with qtbot.waitSignal(page.failed) as failed:
        page.reload()
    assert isinstance(failed.args[0], ServiceUnavailable)
    assert "could not be loaded" in page.backlog_label.text()
    assert [bar.value for bar in page.volume_chart.bars()] == [90, 40]


def test_a_clause_with_no_measured_handling_time_shows_no_data_not_a_zero_bar(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page = StatsPage(runner)
    qtbot.addWidget(page)
    page.attach(Connection(StatsBackend(), "http://127.0.0.1:1"))  # type: ignore[arg-type]
    with qtbot.waitSignal(page.loaded):
        page.reload()
    page.group_combo.setCurrentIndex(1)
    (bar,) = page.handling_chart.bars()
    assert bar.text == "– (no data)"
    assert page.handling_chart.describe_bar(0) == "HAR-1: – (no data)"
    page.group_combo.setCurrentIndex(0)
    assert [bar.text for bar in page.handling_chart.bars()] == [None, None]
