"""How often a member's reports were upheld, and how much their reports weigh."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import CaseStatus, Outcome
from reviewdesk.server.tables import CaseRow, ReportRow


@dataclass(frozen=True)
class ReporterRecord:
    """A reporter's reports: all filed, those whose case got a final outcome, those upheld."""

    filed: int = 0
    resolved: int = 0
    upheld: int = 0

    @property
    def reliability(self) -> float:
        """(upheld + 1) / (resolved + 2): one half for a newcomer, near 0 for an abuser."""
        return (self.upheld + 1) / (self.resolved + 2)


def reporter_records(
    session: Session, reporter_ids: Collection[str] | None = None
) -> dict[str, ReporterRecord]:
    """The record of each reporter in ``reporter_ids`` (of every reporter when None).

    A report is resolved when its case was decided, and upheld when that final
    outcome was anything but ``no_violation``.
    """
    decided = CaseRow.status == CaseStatus.DECIDED
    query = (
        select(
            ReportRow.reporter_id,
            func.count(ReportRow.id),
            func.sum(case((decided, 1), else_=0)),
            func.sum(case((decided & (CaseRow.outcome != Outcome.NO_VIOLATION), 1), else_=0)),
        )
        .join(CaseRow, CaseRow.id == ReportRow.case_id)
        .where(ReportRow.reporter_id.is_not(None))
        .group_by(ReportRow.reporter_id)
    )
    if reporter_ids is not None:
        if not reporter_ids:
            return {}
        query = query.where(ReportRow.reporter_id.in_(sorted(set(reporter_ids))))
    records: dict[str, ReporterRecord] = {}
    for reporter_id, filed, resolved, upheld in session.execute(query):
        if reporter_id is not None:
            records[reporter_id] = ReporterRecord(int(filed), int(resolved or 0), int(upheld or 0))
    return records


def report_weight(
    reporter_id: str | None, score: float | None, records: dict[str, ReporterRecord]
) -> float:
    """What one report adds to its case: reporter reliability, or the detector's score."""
    if reporter_id is not None:
        return records.get(reporter_id, ReporterRecord()).reliability
    return score if score is not None else 0.0
