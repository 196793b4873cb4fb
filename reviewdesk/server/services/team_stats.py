"""Team statistics: volume, handling time, overturn and escalation rates, and the backlog."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import BacklogBucket, TeamFigures, TeamStats
from reviewdesk.domain.audit_enums import AgeBucket, LogEntryKind, ReviewVerdict
from reviewdesk.domain.audit_math import age_bucket, median, rate
from reviewdesk.domain.enums import CaseStatus, Outcome
from reviewdesk.domain.permissions import Permission, may
from reviewdesk.server.tables import CaseRow, LogClauseRow, LogEntryRow, ModeratorRow, ReviewRow


@dataclass
class _Tally:
    decisions: int = 0
    escalations: int = 0
    reviewed: int = 0
    overturned: int = 0
    handling: list[float] = field(default_factory=list)

    def add(self, outcome: Outcome, handling: float | None, verdict: ReviewVerdict | None) -> None:
        self.decisions += 1
        if outcome is Outcome.ESCALATE:
            self.escalations += 1
        if handling is not None:
            self.handling.append(handling)
        if verdict is not None:
            self.reviewed += 1
            if verdict is ReviewVerdict.OVERTURN:
                self.overturned += 1

    def figures(self, key: str, label: str) -> TeamFigures:
        return TeamFigures(
            key=key,
            label=label,
            decisions=self.decisions,
            median_handling_seconds=median(self.handling),
            reviewed=self.reviewed,
            overturned=self.overturned,
            overturn_rate=rate(self.overturned, self.reviewed),
            escalations=self.escalations,
            escalation_rate=rate(self.escalations, self.decisions),
        )


def _decision_rows(
    since: datetime | None, until: datetime | None, actor_id: int | None
) -> Select[int, int, Outcome, float | None, ReviewVerdict]:
    statement = (
        select(
            LogEntryRow.seq,
            LogEntryRow.actor_id,
            LogEntryRow.outcome,
            LogEntryRow.handling_seconds,
            ReviewRow.verdict,
        )
        .outerjoin(ReviewRow, ReviewRow.decision_id == LogEntryRow.decision_id)
        .where(LogEntryRow.kind == LogEntryKind.DECISION)
    )
    if since is not None:
        statement = statement.where(LogEntryRow.recorded_at >= since)
    if until is not None:
        statement = statement.where(LogEntryRow.recorded_at < until)
    if actor_id is not None:
        statement = statement.where(LogEntryRow.actor_id == actor_id)
    return statement


def _clauses_of(session: Session, seqs: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    wanted = sorted(set(seqs))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for clause_id, seq in session.execute(
            select(LogClauseRow.clause_id, LogClauseRow.seq).where(LogClauseRow.seq.in_(chunk))
        ).all():
            found[seq].append(clause_id)
    return found


def _backlog(session: Session, now: datetime) -> tuple[int, float | None, list[BacklogBucket]]:
    counts = dict.fromkeys(AgeBucket, 0)
    oldest: float | None = None
    for (opened_at,) in session.execute(
        select(CaseRow.opened_at).where(CaseRow.status != CaseStatus.DECIDED)
    ).all():
        hours = max(0.0, (now - opened_at).total_seconds() / 3600)
        counts[age_bucket(hours)] += 1
        oldest = hours if oldest is None else max(oldest, hours)
    total = sum(counts.values())
    return (
        total,
        round(oldest, 2) if oldest is not None else None,
        [BacklogBucket(bucket=bucket, cases=count) for bucket, count in counts.items()],
    )


def team_stats(
    session: Session,
    reader: ModeratorRow,
    since: datetime | None,
    until: datetime | None,
    now: datetime,
) -> TeamStats:
    """The statistics ``reader`` may see: everyone's for seniors, only their own for agents."""
    team = may(reader.role, Permission.TEAM_STATS)
    rows: list[tuple[int, int, Outcome, float | None, ReviewVerdict | None]] = [
        (row[0], row[1], row[2], row[3], row[4])
        for row in session.execute(_decision_rows(since, until, None if team else reader.id))
    ]
    per_actor: dict[int, _Tally] = defaultdict(_Tally)
    for _seq, actor, outcome, handling, verdict in rows:
        per_actor[actor].add(outcome, handling, verdict)
    names = {
        m.id: m.display_name
        for m in session.scalars(select(ModeratorRow).where(ModeratorRow.id.in_(list(per_actor))))
    }
    per_clause: dict[str, _Tally] = defaultdict(_Tally)
    if team:
        clauses = _clauses_of(session, (row[0] for row in rows))
        for seq, _actor, outcome, handling, verdict in rows:
            for clause_id in clauses.get(seq, []):
                per_clause[clause_id].add(outcome, handling, verdict)
    backlog, oldest, buckets = _backlog(session, now)
    return TeamStats(
        since=since,
        until=until,
        per_moderator=[
            tally.figures(str(actor), names.get(actor, str(actor)))
            for actor, tally in sorted(per_actor.items())
        ],
        per_clause=[tally.figures(key, key) for key, tally in sorted(per_clause.items())],
        backlog=backlog,
        oldest_open_hours=oldest,
        backlog_by_age=buckets,
    )
