"""Seeding a database with a demo community through the same logic the endpoints use."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import IntakeReport
from reviewdesk.server.db import SessionFactory, make_session_factory
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision
from reviewdesk.server.errors import AlreadyDecided, ApiError
from reviewdesk.server.services.accounts import add_platform_key, create_moderator
from reviewdesk.server.services.catalogue import install_catalogue
from reviewdesk.server.services.claims import claim_case
from reviewdesk.server.services.decisions import record_decision
from reviewdesk.server.services.intake import intake_report
from reviewdesk.server.services.members import add_note
from reviewdesk.server.services.priority import refresh_priorities
from reviewdesk.server.settings import ServerSettings, as_utc, utc_now
from reviewdesk.server.tables import Base, CaseRow, ModeratorRow


class SeedError(Exception):
    """The demo community holds an event the service refuses; nothing was stored."""


def _sessions(database: SessionFactory | Engine) -> SessionFactory:
    return make_session_factory(database) if isinstance(database, Engine) else database


def is_seeded(database: SessionFactory | Engine) -> bool:
    """True when the database already has moderator accounts (so it was seeded or set up)."""
    with _sessions(database)() as session:
        Base.metadata.create_all(session.connection())
        session.commit()
        return session.scalar(select(ModeratorRow.id).limit(1)) is not None


#: How long before the community's first recorded event its policy catalogue came into force.
CATALOGUE_LEAD = timedelta(days=1)


def catalogue_in_force_since(community: DemoCommunity, start: datetime) -> datetime:
    """When the community's catalogue came into force: before anything in its past happened.

    Its decisions, reports and notes go back months; a catalogue dated at the
    seeding would have come into force after the decisions that cite it.
    """
    times = [start]
    for event in community.events:
        if isinstance(event, IntakeReport):
            if event.created_at is not None:
                times.append(as_utc(event.created_at))
        else:
            times.append(as_utc(event.claimed_at or event.decided_at))
    times.extend(as_utc(note.created_at) for note in community.notes)
    return min(times) - CATALOGUE_LEAD


def _decide(
    session: Session,
    event: DemoDecision,
    moderators: dict[str, ModeratorRow],
    settings: ServerSettings,
) -> None:
    """Record a past decision, claimed first when the demo says when its moderator began."""
    moderator = moderators.get(event.moderator_username)
    if moderator is None:
        raise SeedError(f"Decision by unknown moderator '{event.moderator_username}'.")
    case_ids = session.scalars(
        select(CaseRow.id).where(CaseRow.open_subject_key == event.subject_key)
    ).all()
    if len(case_ids) != 1:
        raise SeedError(
            f"Decision '{event.idempotency_key}' needs exactly one undecided case of "
            f"subject '{event.subject_key}'; there are {len(case_ids)}."
        )
    if event.claimed_at is not None:
        claimed_at, decided_at = as_utc(event.claimed_at), as_utc(event.decided_at)
        lease = int((decided_at - claimed_at).total_seconds()) + settings.claim_lease_seconds
        claim_case(session, str(case_ids[0]), moderator, claimed_at, lease)
    record_decision(
        session,
        str(case_ids[0]),
        moderator,
        event.decision,
        event.idempotency_key,
        as_utc(event.decided_at),
    )


def seed_community(
    database: SessionFactory | Engine, community: DemoCommunity, now: datetime | None = None
) -> None:
    """Store ``community`` in one transaction: accounts, key, catalogue, events, notes.

    Reports and decisions are replayed in order, with their own timestamps,
    through the service functions the endpoints call; priorities are then
    computed once for all cases, as of ``now`` (the current time by default)
    for undecided ones. Raises
    :class:`SeedError` (and stores nothing) when an event is refused.
    """
    start = as_utc(now) if now is not None else utc_now()
    settings = ServerSettings()
    with _sessions(database)() as session:
        Base.metadata.create_all(session.connection())
        moderators = {
            m.username: create_moderator(session, m.username, m.password, m.display_name, m.role)
            for m in community.moderators
        }
        add_platform_key(session, community.platform_key, "demo platform", start)
        install_catalogue(session, community.catalogue, catalogue_in_force_since(community, start))
        for index, event in enumerate(community.events):
            try:
                if isinstance(event, IntakeReport):
                    at = as_utc(event.created_at) if event.created_at is not None else start
                    intake_report(session, event, at, settings, refresh_priority=False)
                else:
                    _decide(session, event, moderators, settings)
            except (ApiError, AlreadyDecided) as refused:
                raise SeedError(f"Event {index} was refused: {refused.detail}") from refused
        for note in community.notes:
            author = moderators.get(note.author_username)
            if author is None:
                raise SeedError(f"Note by unknown moderator '{note.author_username}'.")
            try:
                add_note(session, note.member_id, author, as_utc(note.created_at), note.text)
            except ApiError as refused:
                raise SeedError(f"A note was refused: {refused.detail}") from refused
        refresh_priorities(session, start, include_decided=True)
        session.commit()
