"""Quality sampling: a seeded, stored random sample of one moderator's decisions, judged blind.

The population is the moderator's logged decisions in the period (and citing
the clause), in log order; ``random.Random(seed).sample`` draws from it, so
the same seed over the same decisions draws the same sample. An item shows
its original decision only once a verdict on it is recorded.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import (
    AgreementRate,
    QualityReport,
    SampleIn,
    SampleItem,
    SampleList,
    SampleOut,
    SampleVerdictIn,
)
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.audit_math import rate, sample_size, verdict_agrees
from reviewdesk.domain.permissions import Permission
from reviewdesk.server.errors import Conflict, NotFound, Unprocessable
from reviewdesk.server.services.lookup import get_row, not_found
from reviewdesk.server.services.roles import require
from reviewdesk.server.services.wire import decision_out, moderator_out
from reviewdesk.server.tables import (
    CaseRow,
    DecisionRow,
    LogClauseRow,
    LogEntryRow,
    ModeratorRow,
    SampleItemRow,
    SampleRow,
)

COUNT_OR_SHARE = "Ask for a sample by 'count' or by 'share', not both and not neither."
MAX_SEED = 2**62


def _population(session: Session, request: SampleIn, moderator_id: int) -> list[int]:
    """The decision ids the sample draws from, in log order."""
    statement = select(LogEntryRow.decision_id).where(
        LogEntryRow.kind == LogEntryKind.DECISION, LogEntryRow.actor_id == moderator_id
    )
    if request.since is not None:
        statement = statement.where(LogEntryRow.recorded_at >= request.since)
    if request.until is not None:
        statement = statement.where(LogEntryRow.recorded_at < request.until)
    if request.clause_id is not None:
        statement = statement.where(
            LogEntryRow.seq.in_(
                select(LogClauseRow.seq).where(LogClauseRow.clause_id == request.clause_id)
            )
        )
    return list(session.scalars(statement.order_by(LogEntryRow.seq)))


def draw_sample(
    session: Session, drawer: ModeratorRow, request: SampleIn, now: datetime
) -> SampleOut:
    """Draw, store and return a blind sample; 403 for an agent, 404 for an unknown moderator."""
    require(drawer, Permission.SAMPLE)
    if (request.count is None) == (request.share is None):
        raise Unprocessable(COUNT_OR_SHARE)
    subject = get_row(session, ModeratorRow, "moderator", request.moderator_id)
    population = _population(session, request, subject.id)
    seed = request.seed if request.seed is not None else secrets.randbelow(MAX_SEED)
    size = sample_size(len(population), request.count, request.share)
    chosen = random.Random(seed).sample(population, size)
    row = SampleRow(
        moderator_id=subject.id,
        drawn_by_id=drawer.id,
        drawn_at=now,
        seed=seed,
        count=request.count,
        share=request.share,
        since=request.since,
        until=request.until,
        clause_id=request.clause_id,
        population=len(population),
    )
    session.add(row)
    session.flush()
    session.add_all(
        SampleItemRow(sample_id=row.id, position=position, decision_id=decision_id)
        for position, decision_id in enumerate(chosen, start=1)
    )
    session.flush()
    return sample_out(session, row)


def _moderators(session: Session, ids: set[int]) -> dict[int, ModeratorRow]:
    rows = session.scalars(select(ModeratorRow).where(ModeratorRow.id.in_(sorted(ids)))).all()
    return {row.id: row for row in rows}


def _items(session: Session, rows: list[SampleItemRow]) -> list[SampleItem]:
    decisions = {
        d.id: d
        for d in session.scalars(
            select(DecisionRow).where(DecisionRow.id.in_(sorted({r.decision_id for r in rows})))
        )
    }
    cases = {
        c.id: c
        for c in session.scalars(
            select(CaseRow).where(CaseRow.id.in_(sorted({d.case_id for d in decisions.values()})))
        )
    }
    people = _moderators(
        session,
        {d.moderator_id for d in decisions.values()}
        | {r.judged_by_id for r in rows if r.judged_by_id is not None},
    )
    items: list[SampleItem] = []
    for row in rows:
        decision = decisions[row.decision_id]
        case = cases[decision.case_id]
        judged = row.judged_at is not None and row.verdict_outcome is not None
        items.append(
            SampleItem(
                position=row.position,
                decision_id=str(decision.id),
                case_id=str(case.id),
                category=case.category,
                surface=case.surface,
                preview=case.preview,
                decided_at=decision.decided_at,
                verdict=SampleVerdictIn(
                    outcome=row.verdict_outcome,
                    clause_ids=list(row.verdict_clause_ids or []),
                    note=row.verdict_note or "",
                )
                if judged and row.verdict_outcome is not None
                else None,
                judged_by=moderator_out(people[row.judged_by_id])
                if judged and row.judged_by_id is not None
                else None,
                judged_at=row.judged_at if judged else None,
                agrees=row.agrees if judged else None,
                original=decision_out(decision, people[decision.moderator_id]) if judged else None,
            )
        )
    return items


def sample_out(session: Session, row: SampleRow, with_items: bool = True) -> SampleOut:
    """A stored sample as the API shows it (items blind until judged)."""
    people = _moderators(session, {row.moderator_id, row.drawn_by_id})
    items = (
        _items(
            session,
            list(
                session.scalars(
                    select(SampleItemRow)
                    .where(SampleItemRow.sample_id == row.id)
                    .order_by(SampleItemRow.position)
                )
            ),
        )
        if with_items
        else []
    )
    return SampleOut(
        id=str(row.id),
        moderator=moderator_out(people[row.moderator_id]),
        drawn_by=moderator_out(people[row.drawn_by_id]),
        drawn_at=row.drawn_at,
        seed=row.seed,
        count=row.count,
        share=row.share,
        since=row.since,
        until=row.until,
        clause_id=row.clause_id,
        population=row.population,
        items=items,
    )


def get_sample(session: Session, reader: ModeratorRow, shown_id: str) -> SampleOut:
    """One sample with its items; 403 for an agent, 404 for an unknown sample."""
    require(reader, Permission.SAMPLE)
    return sample_out(session, get_row(session, SampleRow, "sample", shown_id))


def list_samples(session: Session, reader: ModeratorRow) -> SampleList:
    """Every sample, newest first, without items; 403 for an agent."""
    require(reader, Permission.SAMPLE)
    rows = session.scalars(select(SampleRow).order_by(SampleRow.id.desc())).all()
    return SampleList(items=[sample_out(session, row, with_items=False) for row in rows])


def judge_item(
    session: Session,
    judge: ModeratorRow,
    shown_sample_id: str,
    position: int,
    verdict: SampleVerdictIn,
    now: datetime,
) -> SampleItem:
    """Record a blind verdict on one item and reveal the original.

    Raises 403 for an agent, 404 for an unknown sample or position, 409 when
    the item was judged already.
    """
    require(judge, Permission.SAMPLE)
    sample = get_row(session, SampleRow, "sample", shown_sample_id)
    item = session.get(SampleItemRow, (sample.id, position))
    if item is None:
        raise not_found("sample item", f"{sample.id}/{position}")
    if item.judged_at is not None:
        raise Conflict(f"Item {position} of sample {sample.id} has a verdict already.")
    decision = session.get(DecisionRow, item.decision_id)
    if decision is None:
        raise NotFound(f"The decision of item {position} no longer exists.")
    item.verdict_outcome = verdict.outcome
    item.verdict_clause_ids = list(verdict.clause_ids)
    item.verdict_note = verdict.note
    item.judged_by_id = judge.id
    item.judged_at = now
    item.agrees = verdict_agrees(
        decision.outcome, decision.clause_ids, verdict.outcome, verdict.clause_ids
    )
    session.flush()
    return _items(session, [item])[0]


def quality_report(
    session: Session,
    reader: ModeratorRow,
    since: datetime | None,
    until: datetime | None,
    moderator_id: str | None,
) -> QualityReport:
    """Agreement rates of the verdicts given in the period, per moderator and per clause."""
    require(reader, Permission.SAMPLE)
    statement = (
        select(SampleItemRow.agrees, DecisionRow.moderator_id, DecisionRow.clause_ids)
        .join(DecisionRow, DecisionRow.id == SampleItemRow.decision_id)
        .where(SampleItemRow.judged_at.is_not(None))
    )
    if since is not None:
        statement = statement.where(SampleItemRow.judged_at >= since)
    if until is not None:
        statement = statement.where(SampleItemRow.judged_at < until)
    if moderator_id is not None:
        subject = get_row(session, ModeratorRow, "moderator", moderator_id)
        statement = statement.where(DecisionRow.moderator_id == subject.id)
    per_moderator: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_clause: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for agrees, decider, clause_ids in session.execute(statement).all():
        tallies = [per_moderator[str(decider)]]
        tallies += [per_clause[clause] for clause in sorted(set(clause_ids or []))]
        for tally in tallies:
            tally[0] += 1
            tally[1] += 1 if agrees else 0

    def rates(table: dict[str, list[int]]) -> list[AgreementRate]:
        return [
            AgreementRate(key=key, judged=judged, agreed=agreed, rate=rate(agreed, judged))
            for key, (judged, agreed) in sorted(table.items())
        ]

    return QualityReport(per_moderator=rates(per_moderator), per_clause=rates(per_clause))
