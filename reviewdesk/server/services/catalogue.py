"""The policy catalogue in force, and the severity it gives each report category."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import PolicyCatalogue
from reviewdesk.domain.enums import Category, Severity
from reviewdesk.server.tables import CatalogueRow

#: The severity of a category no clause of the catalogue covers.
UNCOVERED_CATEGORY_SEVERITY = Severity.MEDIUM

EMPTY_CATALOGUE = PolicyCatalogue(version="none", clauses=[])


_SESSION_KEY = "reviewdesk.catalogue"


def install_catalogue(session: Session, catalogue: PolicyCatalogue, now: datetime) -> None:
    """Put ``catalogue`` in force (older versions stay stored)."""
    session.add(
        CatalogueRow(
            version=catalogue.version, document=catalogue.model_dump_json(), installed_at=now
        )
    )
    session.flush()
    session.info[_SESSION_KEY] = catalogue


def current_catalogue(session: Session) -> PolicyCatalogue:
    """The newest installed catalogue (empty before any), read once per session."""
    cached = session.info.get(_SESSION_KEY)
    if isinstance(cached, PolicyCatalogue):
        return cached
    document = session.scalar(
        select(CatalogueRow.document).order_by(CatalogueRow.id.desc()).limit(1)
    )
    catalogue = EMPTY_CATALOGUE if document is None else _parse_catalogue(document)
    session.info[_SESSION_KEY] = catalogue
    return catalogue


@lru_cache(maxsize=8)
def _parse_catalogue(document: str) -> PolicyCatalogue:
    """Parse a stored catalogue once; the (frozen) result is shared by every request."""
    return PolicyCatalogue.model_validate_json(document)


def category_severities(catalogue: PolicyCatalogue) -> dict[Category, Severity]:
    """The severity of each category: that of its gravest clause."""
    severities: dict[Category, Severity] = {}
    for clause in catalogue.clauses:
        known = severities.get(clause.category)
        if known is None or clause.severity > known:
            severities[clause.category] = clause.severity
    return severities


def severity_of(category: Category, severities: dict[Category, Severity]) -> Severity:
    """The severity of ``category``; categories without a clause count as medium."""
    return severities.get(category, UNCOVERED_CATEGORY_SEVERITY)
