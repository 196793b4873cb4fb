"""What a moderator saw when deciding, stored beside the decision for replay."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import DecisionOut, PriorCase
from reviewdesk.domain.enums import CaseStatus
from reviewdesk.server.services.catalogue_versions import current_catalogue_id
from reviewdesk.server.services.history import member_histories, member_history
from reviewdesk.server.services.plain_insert import LaterInserts
from reviewdesk.server.tables import (
    AttachmentRow,
    CaseRow,
    DecisionRow,
    DecisionSnapshotRow,
    ModeratorRow,
    ReportRow,
)


@dataclass(frozen=True)
class Snapshot:
    """The case as the decider saw it just before deciding."""

    catalogue_id: int | None
    report_ids: list[int]
    evidence: list[dict[str, Any]]
    history: dict[str, Any]
    claimed_at: datetime | None


@dataclass
class SnapshotPieces:
    """What many snapshots of one transaction need, read at once before any of them is taken.

    A case's evidence and reports do not change when a case is decided; a
    member's history does, so a member's prefetched history is dropped
    (:meth:`forget_member`) once something in the transaction may have changed
    it, and is then read afresh.
    """

    catalogue_id: int | None
    evidence: dict[int, list[dict[str, Any]]]
    report_ids: dict[int, list[int]]
    histories: dict[str, dict[str, Any]] = field(default_factory=dict)

    def forget_member(self, member_id: str) -> None:
        """Read ``member_id``'s history afresh from now on."""
        self.histories.pop(member_id, None)

    def note_first_decision(
        self, member_id: str, case_id: int, status: CaseStatus, decision: DecisionOut
    ) -> bool:
        """Show ``decision`` as the first one of ``member_id``'s prior case ``case_id``.

        For a decision that changed nothing else in the member's history (no
        strike, no reporter's record of theirs): the prior case then reads as
        a fresh read would show it. False (nothing changed) when the history
        is not held, or the case is not in it or had a decision already; the
        caller then forgets the member.
        """
        history = self.histories.get(member_id)
        if history is None:
            return False
        priors: list[dict[str, Any]] = history["prior_cases"]
        shown = str(case_id)
        for index, prior in enumerate(priors):
            if prior["case_id"] != shown:
                continue
            if prior["outcome"] is not None:
                return False
            updated = PriorCase.model_validate(
                {
                    **prior,
                    "status": status,
                    "outcome": decision.outcome,
                    "clause_ids": list(decision.clause_ids),
                    "decided_at": decision.decided_at,
                }
            ).model_dump(mode="json")
            # A new history (snapshots taken so far keep the one they were given).
            self.histories[member_id] = {
                **history,
                "prior_cases": [*priors[:index], updated, *priors[index + 1 :]],
            }
            return True
        return False


def prefetch_pieces(session: Session, cases: Collection[CaseRow]) -> SnapshotPieces:
    """The snapshot pieces of ``cases``, with a few queries for all of them."""
    case_ids = sorted({case.id for case in cases})
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    report_ids: dict[int, list[int]] = defaultdict(list)
    if case_ids:
        for row in session.scalars(
            select(AttachmentRow)
            .where(AttachmentRow.case_id.in_(case_ids))
            .order_by(AttachmentRow.id)
        ):
            evidence[row.case_id].append(_evidence_entry(row))
        for case_id, report_id in session.execute(
            select(ReportRow.case_id, ReportRow.id)
            .where(ReportRow.case_id.in_(case_ids))
            .order_by(ReportRow.id)
        ):
            report_ids[case_id].append(report_id)
    histories = member_histories(session, {case.member_id for case in cases})
    return SnapshotPieces(
        catalogue_id=current_catalogue_id(session),
        evidence={case_id: evidence.get(case_id, []) for case_id in case_ids},
        report_ids={case_id: report_ids.get(case_id, []) for case_id in case_ids},
        histories={
            member_id: history.model_dump(mode="json") for member_id, history in histories.items()
        },
    )


def _evidence_entry(row: AttachmentRow) -> dict[str, Any]:
    return {
        "attachment_id": str(row.id),
        "filename": row.filename,
        "media_type": row.media_type,
        "size": row.size,
        "sha256": row.sha256,
    }


def take_snapshot(
    session: Session,
    case: CaseRow,
    moderator: ModeratorRow,
    pieces: SnapshotPieces | None = None,
) -> Snapshot:
    """Read what ``moderator`` sees of ``case`` now (call before the decision changes anything).

    ``pieces`` prefetched for the case save reading them one by one; what
    they lack (another case, a forgotten member) is read here.
    """
    own_claim = case.claimed_at if case.claim_moderator_id == moderator.id else None
    if pieces is not None and case.id in pieces.evidence:
        history = pieces.histories.get(case.member_id)
        if history is None:
            history = member_history(session, case.member_id).model_dump(mode="json")
        return Snapshot(
            catalogue_id=pieces.catalogue_id,
            report_ids=list(pieces.report_ids[case.id]),
            evidence=[dict(entry) for entry in pieces.evidence[case.id]],
            history=history,
            claimed_at=own_claim,
        )
    attachments = session.scalars(
        select(AttachmentRow).where(AttachmentRow.case_id == case.id).order_by(AttachmentRow.id)
    ).all()
    report_ids = list(
        session.scalars(
            select(ReportRow.id).where(ReportRow.case_id == case.id).order_by(ReportRow.id)
        )
    )
    return Snapshot(
        catalogue_id=current_catalogue_id(session),
        report_ids=report_ids,
        evidence=[_evidence_entry(row) for row in attachments],
        history=member_history(session, case.member_id).model_dump(mode="json"),
        claimed_at=own_claim,
    )


_STORE_SNAPSHOT = insert(cast(Table, DecisionSnapshotRow.__table__))


def store_snapshot(
    session: Session, decision: DecisionRow, snapshot: Snapshot, later: LaterInserts | None = None
) -> None:
    """Keep ``snapshot`` as what the moderator saw for ``decision`` (a stored decision).

    With ``later`` (a batch's), the row is queued there and stored with the
    others of its transaction.
    """
    values = {
        "decision_id": decision.id,
        "catalogue_id": snapshot.catalogue_id,
        "report_ids": snapshot.report_ids,
        "evidence": snapshot.evidence,
        "history": snapshot.history,
        "claimed_at": snapshot.claimed_at,
    }
    if later is not None:
        later.add(_STORE_SNAPSHOT, values)
        return
    # A plain INSERT: nothing reads the snapshot back in the transaction that stores it.
    session.connection().execute(_STORE_SNAPSHOT, values)


def handling_seconds(snapshot: Snapshot, decided_at: datetime) -> float | None:
    """Seconds from the decider's claim to the decision, when they had claimed the case."""
    if snapshot.claimed_at is None or snapshot.claimed_at > decided_at:
        return None
    return round((decided_at - snapshot.claimed_at).total_seconds(), 3)
