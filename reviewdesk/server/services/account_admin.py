"""Account administration: admins list, create, disable and re-role moderator accounts."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import (
    ModeratorAccount,
    ModeratorAccountList,
    ModeratorCreate,
    ModeratorUpdate,
)
from reviewdesk.domain.enums import Role
from reviewdesk.domain.permissions import Permission
from reviewdesk.server.errors import Conflict, Unprocessable
from reviewdesk.server.services.accounts import create_moderator, moderator_by_username
from reviewdesk.server.services.lookup import get_row
from reviewdesk.server.services.roles import require
from reviewdesk.server.services.wire import moderator_out
from reviewdesk.server.tables import ModeratorRow, TokenRow

LAST_ADMIN = "This is the last enabled admin account; keep it an enabled admin."
NOTHING_TO_CHANGE = "Say what to change: 'role', 'disabled', or both."


def account_out(row: ModeratorRow) -> ModeratorAccount:
    """An account as admins see it."""
    return ModeratorAccount(moderator=moderator_out(row), disabled=bool(row.disabled))


def list_accounts(session: Session, admin: ModeratorRow) -> ModeratorAccountList:
    """Every account, by id; 403 for anyone but an admin."""
    require(admin, Permission.MANAGE_ACCOUNTS)
    rows = session.scalars(select(ModeratorRow).order_by(ModeratorRow.id)).all()
    return ModeratorAccountList(items=[account_out(row) for row in rows])


def add_account(
    session: Session, admin: ModeratorRow, account: ModeratorCreate
) -> ModeratorAccount:
    """Create an account; 403 for a non-admin, 409 when the username is taken."""
    require(admin, Permission.MANAGE_ACCOUNTS)
    if moderator_by_username(session, account.username) is not None:
        raise Conflict(f"The username '{account.username}' is taken.")
    if not account.display_name.strip():
        raise Unprocessable("The display name is blank.")
    row = create_moderator(
        session, account.username, account.password, account.display_name, account.role
    )
    return account_out(row)


def _enabled_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(ModeratorRow)
            .where(ModeratorRow.role == Role.ADMIN, ModeratorRow.disabled.is_not(True))
        )
        or 0
    )


def change_account(
    session: Session, admin: ModeratorRow, shown_id: str, change: ModeratorUpdate
) -> ModeratorAccount:
    """Change an account's role or disable/enable it; disabling ends its sessions.

    Raises 403 for a non-admin, 404 for an unknown account, 422 for an empty
    change or one that would leave no enabled admin.
    """
    require(admin, Permission.MANAGE_ACCOUNTS)
    row = get_row(session, ModeratorRow, "moderator", shown_id)
    if change.role is None and change.disabled is None:
        raise Unprocessable(NOTHING_TO_CHANGE)
    was_live_admin = row.role is Role.ADMIN and not row.disabled
    stays_live_admin = (change.role or row.role) is Role.ADMIN and not (
        change.disabled if change.disabled is not None else row.disabled
    )
    if was_live_admin and not stays_live_admin and _enabled_admins(session) <= 1:
        raise Unprocessable(LAST_ADMIN)
    if change.role is not None:
        row.role = change.role
    if change.disabled is not None:
        row.disabled = change.disabled
        if change.disabled:
            session.execute(delete(TokenRow).where(TokenRow.moderator_id == row.id))
    session.flush()
    return account_out(row)
