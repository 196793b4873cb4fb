"""The queue: filtered cases, most urgent first, paged with an opaque keyset cursor."""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from reviewdesk.api.models import CasePage
from reviewdesk.domain.enums import CaseStatus, Category, Severity, Surface
from reviewdesk.server.errors import BadRequest
from reviewdesk.server.services.lookup import MAX_ROW_ID
from reviewdesk.server.services.wire import case_summary
from reviewdesk.server.tables import CaseRow, MemberRow, ModeratorRow

BAD_CURSOR = "The page cursor is not valid; ask for the first page again without a cursor."


@dataclass(frozen=True)
class QueueQuery:
    """Which cases to list; empty collections do not filter."""

    statuses: Sequence[CaseStatus] = (CaseStatus.OPEN,)
    categories: Sequence[Category] = ()
    surfaces: Sequence[Surface] = ()
    languages: Sequence[str] = ()
    min_severity: Severity | None = None
    min_priority: float | None = None
    text: str = ""
    cursor: str | None = None
    limit: int = 100


@dataclass(frozen=True)
class QueuePosition:
    """Where a page ends: the priority and id of its last case."""

    priority: float
    case_id: int


def encode_cursor(position: QueuePosition) -> str:
    """An opaque, URL-safe token for ``position``."""
    raw = json.dumps([position.priority, position.case_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> QueuePosition:
    """The position in an :func:`encode_cursor` token; raise 400 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        priority, case_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise BadRequest(BAD_CURSOR) from None
    valid = (
        isinstance(priority, int | float)
        and not isinstance(priority, bool)
        and math.isfinite(priority)
        and isinstance(case_id, int)
        and not isinstance(case_id, bool)
        and 0 <= case_id <= MAX_ROW_ID
    )
    if not valid:
        raise BadRequest(BAD_CURSOR)
    return QueuePosition(float(priority), case_id)


def _filter_conditions(spec: QueueQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if spec.statuses:
        conditions.append(CaseRow.status.in_(spec.statuses))
    if spec.categories:
        conditions.append(CaseRow.category.in_(spec.categories))
    if spec.surfaces:
        conditions.append(CaseRow.surface.in_(spec.surfaces))
    if spec.languages:
        conditions.append(CaseRow.language.in_(spec.languages))
    if spec.min_severity is not None:
        conditions.append(CaseRow.severity >= int(spec.min_severity))
    if spec.min_priority is not None:
        conditions.append(CaseRow.priority >= spec.min_priority)
    needle = spec.text.strip()
    if needle:
        conditions.append(
            or_(
                CaseRow.preview.icontains(needle, autoescape=True),
                MemberRow.display_name.icontains(needle, autoescape=True),
            )
        )
    return conditions


def _page_query(
    spec: QueueQuery, conditions: list[ColumnElement[bool]]
) -> Select[CaseRow, str, ModeratorRow]:
    """The statement of one page: an index range walk in the queue's order, no sort.

    The cursor is written as ``priority <= p AND (priority < p OR id > i)``:
    the first part bounds the walk of ``ix_cases_open_queue`` (status,
    priority descending, id), so a deep page starts where the last one ended
    instead of skipping every row before it.
    """
    holder = aliased(ModeratorRow)
    query = (
        select(CaseRow, MemberRow.display_name, holder)
        .join(MemberRow, MemberRow.id == CaseRow.member_id)
        .outerjoin(holder, holder.id == CaseRow.claim_moderator_id)
        .where(*conditions)
    )
    after = decode_cursor(spec.cursor) if spec.cursor else None
    if after is not None:
        query = query.where(
            CaseRow.priority <= after.priority,
            or_(
                CaseRow.priority < after.priority,
                CaseRow.id > after.case_id,
            ),
        )
    return query.order_by(CaseRow.priority.desc(), CaseRow.id).limit(spec.limit + 1)


def _count_query(spec: QueueQuery, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """How many cases match: from the queue index alone unless the text filter needs names."""
    query = select(func.count()).select_from(CaseRow)
    if spec.text.strip():
        query = query.join(MemberRow, MemberRow.id == CaseRow.member_id)
    return query.where(*conditions)


def list_cases(session: Session, spec: QueueQuery, now: datetime) -> CasePage:
    """One page of the cases matching ``spec``, by priority (highest first) then id."""
    conditions = _filter_conditions(spec)
    query = _page_query(spec, conditions)  # a bad cursor is refused before any work
    total = session.scalar(_count_query(spec, conditions))
    rows = session.execute(query).all()
    page = rows[: spec.limit]
    next_cursor = None
    if len(rows) > spec.limit:
        last = page[-1][0]
        next_cursor = encode_cursor(QueuePosition(last.priority, last.id))
    return CasePage(
        items=[case_summary(case, name, claim_holder, now) for case, name, claim_holder in page],
        next_cursor=next_cursor,
        total=total or 0,
    )
