"""Cases as last fetched, kept in the desk's database for instant switching and offline reading.

Entries are keyed by service and case id and hold the case detail exactly as
validated from the wire. The cache keeps at most ``capacity`` cases; adding
more evicts the ones fetched longest ago. :meth:`CaseCache.clear` empties it
(signing out). Every method blocks on the disk: call them from workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, literal_column, select
from sqlalchemy.dialects.sqlite import insert

from reviewdesk.api.models import CaseDetail
from reviewdesk.store.local_db import LocalDatabase
from reviewdesk.store.local_tables import case_cache

DEFAULT_CAPACITY = 2000


@dataclass(frozen=True)
class CachedCase:
    """A case as fetched at ``fetched_at`` (seconds since the epoch)."""

    detail: CaseDetail
    fetched_at: float


class CaseCache:
    """The case cache of the desk's database."""

    def __init__(
        self,
        database: LocalDatabase,
        capacity: int = DEFAULT_CAPACITY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._capacity = capacity
        self._clock = clock

    def put(self, service_url: str, detail: CaseDetail) -> None:
        """Remember ``detail`` as just fetched, evicting the oldest cases beyond capacity."""
        values = {
            "service_url": service_url,
            "case_id": detail.summary.id,
            "body": detail.model_dump_json(),
            "fetched_at": self._clock(),
        }
        statement = insert(case_cache).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[case_cache.c.service_url, case_cache.c.case_id],
            set_={"body": statement.excluded.body, "fetched_at": statement.excluded.fetched_at},
        )
        with self._database.writing() as connection:
            connection.execute(statement)
            count = connection.execute(select(func.count()).select_from(case_cache)).scalar_one()
            excess = count - self._capacity
            if excess <= 0:
                return
            # Oldest first; ties (a coarse clock) by insertion order; never the case just put.
            oldest = connection.execute(
                select(case_cache.c.service_url, case_cache.c.case_id)
                .where(
                    ~and_(
                        case_cache.c.service_url == service_url,
                        case_cache.c.case_id == detail.summary.id,
                    )
                )
                .order_by(case_cache.c.fetched_at, literal_column("rowid"))
                .limit(excess)
            ).all()
            for row in oldest:
                connection.execute(
                    delete(case_cache).where(
                        case_cache.c.service_url == row.service_url,
                        case_cache.c.case_id == row.case_id,
                    )
                )

    def get(self, service_url: str, case_id: str) -> CachedCase | None:
        """The cached case, or None (also when what is stored no longer validates)."""
        with self._database.reading() as connection:
            row = connection.execute(
                select(case_cache.c.body, case_cache.c.fetched_at).where(
                    case_cache.c.service_url == service_url, case_cache.c.case_id == case_id
                )
            ).first()
        if row is None:
            return None
        try:
            detail = CaseDetail.model_validate_json(row.body)
        except ValueError:
            return None
        return CachedCase(detail, float(row.fetched_at))

    def forget(self, service_url: str, case_id: str) -> None:
        """Drop one case (it was decided, or it can no longer be read)."""
        with self._database.writing() as connection:
            connection.execute(
                delete(case_cache).where(
                    case_cache.c.service_url == service_url, case_cache.c.case_id == case_id
                )
            )

    def forget_many(self, service_url: str, case_ids: Collection[str]) -> None:
        """Drop several cases in one transaction (a batch was decided)."""
        chosen = sorted(set(case_ids))
        with self._database.writing() as connection:
            for start in range(0, len(chosen), 500):
                connection.execute(
                    delete(case_cache).where(
                        case_cache.c.service_url == service_url,
                        case_cache.c.case_id.in_(chosen[start : start + 500]),
                    )
                )

    def clear(self) -> None:
        """Drop every cached case, leaving none of their text in the file or its log."""
        with self._database.writing() as connection:
            connection.execute(delete(case_cache))
        with self._database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def __len__(self) -> int:
        with self._database.reading() as connection:
            return int(
                connection.execute(select(func.count()).select_from(case_cache)).scalar_one()
            )
