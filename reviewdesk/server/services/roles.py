"""Role checks the audit and admin endpoints share: 403 for every refused call."""

from __future__ import annotations

from reviewdesk.domain.permissions import REFUSALS, Permission, may
from reviewdesk.server.errors import Forbidden
from reviewdesk.server.tables import ModeratorRow


def require(moderator: ModeratorRow, permission: Permission) -> None:
    """Raise 403 unless ``moderator``'s role grants ``permission``."""
    if not may(moderator.role, permission):
        raise Forbidden(REFUSALS[permission])
