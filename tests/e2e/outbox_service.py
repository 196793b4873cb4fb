"""What the outbox proofs share: the real service on loopback, many open cases, its record.

The proofs run the desk's outbox and delivery (no window) against the real
reference service started with :class:`EmbeddedServer` on 127.0.0.1, with
its database in the test's directory so a test can read what the service
recorded straight from its tables.

:func:`bulk_community` builds a community of many plain open cases cheaply:
one detector report per case, no screenshots. Seeding files each report
through the service's intake code (the one ``POST /v1/intake/reports`` runs),
in one transaction, which is what makes 500 cases take seconds instead of
the tens of seconds 500 intake requests would.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from reviewdesk.api.models import ContentItem, IntakeReport, MemberProfile
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import (
    CaseStatus,
    Category,
    MemberRole,
    Outcome,
    ReportSource,
    SubjectKind,
    Surface,
)
from reviewdesk.server.db import open_database, sqlite_file_url
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.demo.people import PLATFORM_KEY, demo_moderators
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.tables import DecisionRow, ModeratorRow
from reviewdesk.store.outbox import OutboxCounts, OutboxEntry, OutboxState

AGENT = ("agent", "agent-demo")


def bulk_community(open_cases: int) -> DemoCommunity:
    """The demo catalogue and accounts, and ``open_cases`` open spam cases, one report each."""
    now = datetime.now(UTC)
    start = now - timedelta(hours=2)
    members = [
        MemberProfile(
            id=f"m-bulk-{n}",
            display_name=f"Bulk Poster {n}",
            role=MemberRole.LEARNER,
            country="NL",
            native_languages=["nl"],
            learning_languages=["es"],
            joined_at=now - timedelta(days=300 + n),
        )
        for n in range(40)
    ]
    reports: list[IntakeReport] = []
    for n in range(open_cases):
        at = start + timedelta(seconds=n)
        member = members[n % len(members)]
        reports.append(
            IntakeReport(
                subject_kind=SubjectKind.CONTENT,
                member=member,
                content=ContentItem(
                    id=f"c-bulk-{n:04d}",
                    surface=Surface.MOMENT,
                    text=f"Cheap lessons, message me for link number {n}",
                    posted_at=at,
                ),
                source=ReportSource.DETECTOR,
                detector="link-spam",
                score=0.5 + (n % 50) / 100,
                reason=Category.SPAM,
                surface=Surface.MOMENT,
                created_at=at,
                language="en",
            )
        )
    return DemoCommunity(
        moderators=demo_moderators(),
        platform_key=PLATFORM_KEY,
        catalogue=build_catalogue(),
        events=list(reports),
    )


@dataclass(frozen=True)
class Service:
    """The running service: its address and its database."""

    server: EmbeddedServer
    url: str
    database_url: str


@contextmanager
def running_service(community: DemoCommunity, directory: Path) -> Iterator[Service]:
    """``community`` served on 127.0.0.1 from a database in ``directory``; stopped on exit."""
    database_url = sqlite_file_url(directory / "service.sqlite3")
    server = EmbeddedServer(community, database_url=database_url)
    url = server.start()
    assert url.startswith("http://127.0.0.1:")
    try:
        yield Service(server, url, database_url)
    finally:
        server.stop()


@dataclass(frozen=True)
class Recorded:
    """One decision as the service's database holds it."""

    decision_id: str
    case_id: str
    username: str
    idempotency_key: str
    outcome: Outcome


def recorded_decisions(database_url: str) -> list[Recorded]:
    """Every decision in the service's database, oldest first."""
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            rows = session.execute(
                select(DecisionRow, ModeratorRow.username)
                .join(ModeratorRow, ModeratorRow.id == DecisionRow.moderator_id)
                .order_by(DecisionRow.id)
            ).all()
            return [
                Recorded(str(row.id), str(row.case_id), username, row.idempotency_key, row.outcome)
                for row, username in rows
            ]
    finally:
        engine.dispose()


def open_case_ids(backend: HttpBackend) -> list[str]:
    """The ids of every open case, in id order."""
    ids: list[str] = []
    cursor: str | None = None
    while True:
        page = backend.list_cases(CaseFilter(statuses=(CaseStatus.OPEN,)), cursor, limit=500)
        ids += [summary.id for summary in page.items]
        cursor = page.next_cursor
        if not cursor:
            return sorted(ids, key=int)


class Heard:
    """A delivery listener that keeps every entry change it is told about."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[OutboxEntry] = []

    def entry_changed(self, entry: OutboxEntry) -> None:
        with self.lock:
            self.entries.append(entry)

    def counts_changed(self, counts: OutboxCounts) -> None:
        pass

    def reachability_changed(self, reachable: bool, error: Exception | None) -> None:
        pass

    def authentication_required(self, error: Exception) -> None:
        pass

    def has_heard(self, entries: list[OutboxEntry]) -> bool:
        """True once each of ``entries`` has been reported in the state it has now.

        Delivery records an answer, then tells its listener, and tells it
        nothing once it is stopping: a test that stops it as soon as the
        outbox shows nothing waiting must first wait for this too.
        """
        with self.lock:
            told = {(entry.id, entry.state) for entry in self.entries}
        return all((entry.id, entry.state) in told for entry in entries)

    def conflicts(self) -> Counter[str]:
        """How often each case was reported lost to someone else."""
        with self.lock:
            return Counter(e.case_id for e in self.entries if e.state is OutboxState.CONFLICT)
