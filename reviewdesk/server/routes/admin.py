"""Administration: moderator accounts and policy catalogue versions (admins only)."""

from __future__ import annotations

from fastapi import APIRouter

from reviewdesk.api.models import (
    CatalogueVersion,
    CatalogueVersionList,
    ModeratorAccount,
    ModeratorAccountList,
    ModeratorCreate,
    ModeratorUpdate,
    PolicyCatalogue,
)
from reviewdesk.domain.permissions import Permission
from reviewdesk.server.routes.deps import (
    ContextDep,
    ModeratorDep,
    SessionDep,
    commit_with_retry,
    error_responses,
)
from reviewdesk.server.services.account_admin import add_account, change_account, list_accounts
from reviewdesk.server.services.catalogue_versions import list_versions, publish_catalogue
from reviewdesk.server.services.roles import require

router = APIRouter(tags=["administration"])


@router.get("/admin/moderators", responses=error_responses(401, 403))
def get_moderators(session: SessionDep, moderator: ModeratorDep) -> ModeratorAccountList:
    """Every moderator account (admins only)."""
    return list_accounts(session, moderator)


@router.post("/admin/moderators", status_code=201, responses=error_responses(401, 403, 409, 422))
def post_moderator(
    account: ModeratorCreate, session: SessionDep, moderator: ModeratorDep
) -> ModeratorAccount:
    """Create a moderator account (admins only)."""
    return commit_with_retry(session, lambda: add_account(session, moderator, account))


@router.patch("/admin/moderators/{moderator_id}", responses=error_responses(401, 403, 404, 422))
def patch_moderator(
    moderator_id: str, change: ModeratorUpdate, session: SessionDep, moderator: ModeratorDep
) -> ModeratorAccount:
    """Set an account's role, or disable it (its sessions end) or enable it (admins only)."""
    result = change_account(session, moderator, moderator_id, change)
    session.commit()
    return result


@router.get("/policy/versions", responses=error_responses(401))
def get_policy_versions(session: SessionDep, _moderator: ModeratorDep) -> CatalogueVersionList:
    """Every stored version of the policy catalogue with the time it came into force."""
    return list_versions(session)


@router.post("/policy/versions", status_code=201, responses=error_responses(401, 403, 422))
def post_policy_version(
    catalogue: PolicyCatalogue, session: SessionDep, context: ContextDep, moderator: ModeratorDep
) -> CatalogueVersion:
    """Publish a new catalogue version, in force from now; older ones stay stored (admins only)."""
    require(moderator, Permission.MANAGE_POLICY)
    result = publish_catalogue(session, catalogue, context.settings.now())
    session.commit()
    context.refresher.invalidate()
    return result
