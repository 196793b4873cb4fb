"""Stored versions of the policy catalogue: which was in force when; publishing a new one."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import CatalogueVersion, CatalogueVersionList, PolicyCatalogue
from reviewdesk.server.errors import Unprocessable
from reviewdesk.server.services.catalogue import current_catalogue, install_catalogue
from reviewdesk.server.tables import CatalogueRow

_CACHE_KEY = "reviewdesk.catalogue_versions"


def current_catalogue_id(session: Session) -> int | None:
    """The id of the catalogue version in force (the newest), None before any."""
    newest: int | None = session.scalar(select(func.max(CatalogueRow.id)))
    return newest


def catalogue_by_id(session: Session, catalogue_id: int) -> PolicyCatalogue | None:
    """The catalogue version stored as ``catalogue_id`` (parsed once per session)."""
    cache: dict[int, PolicyCatalogue | None] = session.info.setdefault(_CACHE_KEY, {})
    if catalogue_id not in cache:
        document = session.scalar(
            select(CatalogueRow.document).where(CatalogueRow.id == catalogue_id)
        )
        cache[catalogue_id] = None if document is None else parsed_catalogue(document)
    return cache[catalogue_id]


@lru_cache(maxsize=16)
def parsed_catalogue(document: str) -> PolicyCatalogue:
    """A stored catalogue document parsed once (the frozen result is shared)."""
    return PolicyCatalogue.model_validate_json(document)


def catalogue_row(session: Session, catalogue_id: int) -> CatalogueRow | None:
    """The stored row of one catalogue version."""
    return session.get(CatalogueRow, catalogue_id)


def list_versions(session: Session) -> CatalogueVersionList:
    """Every stored catalogue version, newest first."""
    rows = session.scalars(select(CatalogueRow).order_by(CatalogueRow.id.desc())).all()
    items = [
        CatalogueVersion(
            id=str(row.id),
            version=row.version,
            effective_at=row.installed_at,
            clauses=len(parsed_catalogue(row.document).clauses),
            in_force=index == 0,
        )
        for index, row in enumerate(rows)
    ]
    return CatalogueVersionList(items=items)


def publish_catalogue(
    session: Session, catalogue: PolicyCatalogue, now: datetime
) -> CatalogueVersion:
    """Put a new catalogue version in force; older versions stay stored with their time.

    Raises 422 when the version name is already taken or two clauses share an id.
    """
    taken = session.scalar(select(CatalogueRow.id).where(CatalogueRow.version == catalogue.version))
    problems: list[str] = []
    if taken is not None:
        problems.append(f"Catalogue version '{catalogue.version}' exists already; name a new one.")
    ids = [clause.id for clause in catalogue.clauses]
    doubled = sorted({clause_id for clause_id in ids if ids.count(clause_id) > 1})
    if doubled:
        problems.append("Clause ids must be unique; repeated: " + ", ".join(doubled) + ".")
    if problems:
        raise Unprocessable(" ".join(problems))
    current_catalogue(session)
    install_catalogue(session, catalogue, now)
    newest = current_catalogue_id(session)
    assert newest is not None
    return CatalogueVersion(
        id=str(newest),
        version=catalogue.version,
        effective_at=now,
        clauses=len(catalogue.clauses),
        in_force=True,
    )
