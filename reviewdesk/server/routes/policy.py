"""The policy catalogue in force."""

from __future__ import annotations

from fastapi import APIRouter

from reviewdesk.api.models import PolicyCatalogue
from reviewdesk.server.routes.deps import ModeratorDep, SessionDep, error_responses
from reviewdesk.server.services.catalogue import current_catalogue

router = APIRouter(tags=["policy"])


@router.get("/policy", responses=error_responses(401))
def get_policy(session: SessionDep, _moderator: ModeratorDep) -> PolicyCatalogue:
    """Every clause of the catalogue, with its severity and sanction ladder."""
    return current_catalogue(session)
