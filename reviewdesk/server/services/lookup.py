"""Finding rows by the ids the API shows, with a clear 404 when they do not exist."""

from __future__ import annotations

import re
from typing import TypeVar

from sqlalchemy.orm import Session

from reviewdesk.server.errors import NotFound
from reviewdesk.server.tables import AttachmentRow, Base, CaseRow

#: Row ids the API hands out are decimal integers up to this bound (a 32-bit
#: INTEGER column on PostgreSQL); larger numbers name nothing.
MAX_ROW_ID = 2**31 - 1
_ROW_ID = re.compile(r"[0-9]{1,10}")
_SHOWN_ID_LENGTH = 100

RowT = TypeVar("RowT", bound=Base)


def not_found(what: str, shown_id: str) -> NotFound:
    """The 404 for a ``what`` (e.g. 'case') called ``shown_id``."""
    if len(shown_id) > _SHOWN_ID_LENGTH:
        shown_id = shown_id[:_SHOWN_ID_LENGTH] + "…"
    return NotFound(f"There is no {what} '{shown_id}'.")


def get_row(session: Session, table: type[RowT], what: str, shown_id: str) -> RowT:
    """The row of ``table`` whose API id is ``shown_id``; raise 404 when there is none."""
    if _ROW_ID.fullmatch(shown_id) is None or int(shown_id) > MAX_ROW_ID:
        raise not_found(what, shown_id)
    row = session.get(table, int(shown_id))
    if row is None:
        raise not_found(what, shown_id)
    return row


def get_case(session: Session, shown_id: str) -> CaseRow:
    """The case whose API id is ``shown_id``."""
    return get_row(session, CaseRow, "case", shown_id)


def get_attachment(session: Session, shown_id: str) -> AttachmentRow:
    """The attachment whose API id is ``shown_id``."""
    return get_row(session, AttachmentRow, "attachment", shown_id)
