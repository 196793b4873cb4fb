"""Case priorities: stored for indexed listing, refreshed so age and trust count."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker

from reviewdesk.domain.enums import CaseStatus, Severity
from reviewdesk.domain.priority import case_priority
from reviewdesk.server.services.track_record import report_weight, reporter_records
from reviewdesk.server.tables import CaseRow, ReportRow

LOG = logging.getLogger("reviewdesk.server")
#: Rows written per transaction by a background refresh.
REFRESH_SLICE = 2000


def _weighted_reports(
    session: Session, case_ids: Sequence[int] | None, include_decided: bool = False
) -> dict[int, float]:
    """The sum of report weights of each case in ``case_ids``.

    When ``case_ids`` is None: of every undecided case, or of every case at
    all with ``include_decided``.
    """
    query = select(ReportRow.case_id, ReportRow.reporter_id, ReportRow.score)
    if case_ids is not None:
        query = query.where(ReportRow.case_id.in_(case_ids))
    elif not include_decided:
        query = query.join(CaseRow, CaseRow.id == ReportRow.case_id).where(
            CaseRow.status != CaseStatus.DECIDED
        )
    reports = session.execute(query).all()
    reporters = None if case_ids is None else {r.reporter_id for r in reports if r.reporter_id}
    records = reporter_records(session, reporters)
    weights: dict[int, float] = defaultdict(float)
    for report in reports:
        weights[report.case_id] += report_weight(report.reporter_id, report.score, records)
    return weights


def update_case_priority(session: Session, case: CaseRow, now: datetime) -> None:
    """Recompute the priority of one case from its reports, as of ``now``."""
    session.flush()
    weights = _weighted_reports(session, [case.id])
    case.priority = case_priority(
        Severity(case.severity), weights.get(case.id, 0.0), case.opened_at, now
    )


def refresh_after_decision(session: Session, case_id: int, now: datetime) -> int:
    """Recompute the undecided cases whose weight a decision on ``case_id`` changed.

    A final decision changes the track record of the case's reporters, so the
    open cases they reported weigh differently; nothing else moves. Touches
    only those cases (none for a detector-only case), never the whole queue.
    Returns how many were recomputed.
    """
    session.flush()
    reporters = session.scalars(
        select(ReportRow.reporter_id)
        .where(ReportRow.case_id == case_id, ReportRow.reporter_id.is_not(None))
        .distinct()
    ).all()
    if not reporters:  # detectors only: no track record changed
        return 0
    affected = session.scalars(
        select(CaseRow.id)
        .join(ReportRow, ReportRow.case_id == CaseRow.id)
        .where(ReportRow.reporter_id.in_(reporters), CaseRow.status != CaseStatus.DECIDED)
        .distinct()
    ).all()
    if not affected:
        return 0
    weights = _weighted_reports(session, affected)
    rows = session.execute(
        select(CaseRow.id, CaseRow.severity, CaseRow.opened_at).where(CaseRow.id.in_(affected))
    ).all()
    table = cast(Table, CaseRow.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("case_id"))
        .values(priority=bindparam("new_priority")),
        [
            {
                "case_id": row.id,
                "new_priority": case_priority(
                    Severity(row.severity), weights.get(row.id, 0.0), row.opened_at, now
                ),
            }
            for row in rows
        ],
    )
    return len(rows)


def refresh_priorities(
    session: Session,
    now: datetime,
    *,
    include_decided: bool = False,
    commit_every: int | None = None,
) -> int:
    """Recompute the priority of every undecided case as of ``now``; return how many.

    With ``include_decided``, decided cases are recomputed too, each as of the
    moment it was decided (seeding computes everything once at the end). With
    ``commit_every``, the new priorities are written and committed that many
    rows at a time, so other writers (decisions, claims) never wait long.
    """
    query = select(CaseRow.id, CaseRow.severity, CaseRow.opened_at, CaseRow.decided_at)
    if not include_decided:
        query = query.where(CaseRow.status != CaseStatus.DECIDED)
    cases = session.execute(query).all()
    if not cases:
        return 0
    weights = _weighted_reports(session, None, include_decided)
    table = cast(Table, CaseRow.__table__)
    statement = update(table).where(table.c.id == bindparam("case_id"))
    if not include_decided:
        statement = statement.where(table.c.status != CaseStatus.DECIDED)
    values = [
        {
            "case_id": row.id,
            "new_priority": case_priority(
                Severity(row.severity),
                weights.get(row.id, 0.0),
                row.opened_at,
                row.decided_at or now,
            ),
        }
        for row in cases
    ]
    statement = statement.values(priority=bindparam("new_priority"))
    step = commit_every or len(values)
    for start in range(0, len(values), step):
        session.execute(statement, values[start : start + step])
        if commit_every:
            session.commit()
    return len(cases)


class PriorityRefresher:
    """Refreshes every open priority at most once per interval, or sooner when told.

    Without ``sessions`` the request that finds a refresh due runs it. With
    them, it runs on a thread of its own, committed in slices of
    :data:`REFRESH_SLICE` rows, and no request ever waits for it: with
    100,000 open cases a refresh takes seconds. Until it ends, listings show
    the priorities of the refresh before (at most an interval old).
    """

    def __init__(
        self, interval_seconds: float, sessions: sessionmaker[Session] | None = None
    ) -> None:
        self._interval = interval_seconds
        self._sessions = sessions
        self._lock = threading.Lock()
        self._last_refresh: datetime | None = None
        self._running: threading.Thread | None = None

    def invalidate(self) -> None:
        """Make the next :meth:`refresh_if_due` refresh."""
        with self._lock:
            self._last_refresh = None

    def refresh_if_due(self, session: Session, now: datetime) -> bool:
        """Refresh when the last refresh is older than the interval; True when one started."""
        with self._lock:
            last = self._last_refresh
            if last is not None and 0 <= (now - last).total_seconds() < self._interval:
                return False
            if self._sessions is None:
                refresh_priorities(session, now)
                session.commit()
                self._last_refresh = now
                return True
            if self._running is not None and self._running.is_alive():
                return False
            self._last_refresh = now
            self._running = threading.Thread(
                target=self._refresh, args=(self._sessions, now), name="priority-refresh"
            )
            self._running.daemon = True
            self._running.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a refresh running in the background (tests, shutting down)."""
        running = self._running
        if running is not None:
            running.join(timeout)

    def _refresh(self, sessions: sessionmaker[Session], now: datetime) -> None:
        try:
            with sessions() as session:
                refresh_priorities(session, now, commit_every=REFRESH_SLICE)
        except Exception as error:  # the next interval tries again; the queue still lists
            LOG.warning("Refreshing the queue's priorities failed: %s", error)
            with self._lock:
                self._last_refresh = None
