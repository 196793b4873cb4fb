"""The outbox: each decision is committed here, with its idempotency key, before it is sent.

An entry belongs to one moderator on one service (:class:`OutboxOwner`) and is
only ever sent with that moderator's session. It starts ``pending`` and ends
in one of three states, each reached only on a definitive answer, or is taken
back by the moderator before it was ever sent:

- ``delivered``: the service recorded it (``result`` is the recorded decision);
- ``conflict``: the case had been decided by someone else (``result`` is
  that other decision); the moderator's own decision stays here as a rejected
  draft until they turn it into a note or an appeal, or dismiss it;
- ``rejected``: the service refused it for good (a 4xx other than 401, 409,
  429); it can be corrected and resent (a new entry with a new key replaces
  it) or discarded.

Nothing is ever deleted: resolving a problem only stamps ``resolved_at``.
Every method blocks on the disk: call them from workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    and_,
    bindparam,
    case,
    func,
    insert,
    select,
    update,
)

from reviewdesk.api.models import DecisionIn, DecisionOut
from reviewdesk.store.local_db import LocalDatabase
from reviewdesk.store.local_tables import outbox
from reviewdesk.store.outbox_types import PROBLEM_STATES as PROBLEM_STATES
from reviewdesk.store.outbox_types import AlreadyQueued as AlreadyQueued
from reviewdesk.store.outbox_types import OutboxCounts as OutboxCounts
from reviewdesk.store.outbox_types import OutboxEntry as OutboxEntry
from reviewdesk.store.outbox_types import OutboxOwner as OutboxOwner
from reviewdesk.store.outbox_types import OutboxState as OutboxState
from reviewdesk.store.outbox_types import TakeBackRefused as TakeBackRefused
from reviewdesk.store.outbox_types import TakenBack as TakenBack


def _entry(row: Row[tuple[object, ...]]) -> OutboxEntry:
    values = row._mapping
    result = values["result"]
    return OutboxEntry(
        id=int(values["id"]),
        owner=OutboxOwner(str(values["service_url"]), str(values["moderator"])),
        case_id=str(values["case_id"]),
        decision=DecisionIn.model_validate_json(str(values["body"])),
        idempotency_key=str(values["idempotency_key"]),
        created_at=float(values["created_at"]),
        state=OutboxState(str(values["state"])),
        attempts=int(values["attempts"]),
        next_attempt_at=values["next_attempt_at"],
        last_error=str(values["last_error"]),
        result=DecisionOut.model_validate_json(str(result)) if result else None,
        batch_id=values["batch_id"],
        status_code=values["status_code"],
        resolved_at=values["resolved_at"],
        resolution=str(values["resolution"]),
        replaces_id=values["replaces_id"],
        not_before=values["not_before"],
        first_sent_at=values["first_sent_at"],
    )


#: Values per IN (...) list: well inside SQLite's limit on bound parameters.
_CHUNK = 500


def _chunks(values: Sequence[str]) -> list[list[str]]:
    return [list(values[n : n + _CHUNK]) for n in range(0, len(values), _CHUNK)]


def _ids_by_key(connection: Connection, keys: Sequence[str]) -> dict[str, int]:
    """The entry id stored under each of ``keys`` that is in the outbox."""
    found: dict[str, int] = {}
    for chunk in _chunks(keys):
        rows = connection.execute(
            select(outbox.c.id, outbox.c.idempotency_key).where(outbox.c.idempotency_key.in_(chunk))
        )
        found.update({str(row.idempotency_key): int(row.id) for row in rows})
    return found


def _first_waiting(
    connection: Connection, owner: OutboxOwner, case_ids: Sequence[str]
) -> str | None:
    """One of ``case_ids`` on which a decision of ``owner`` still waits, if any."""
    for chunk in _chunks(case_ids):
        row = connection.execute(
            select(outbox.c.case_id).where(
                _owned_by(owner),
                outbox.c.case_id.in_(chunk),
                outbox.c.state == OutboxState.PENDING.value,
            )
        ).first()
        if row is not None:
            return str(row.case_id)
    return None


def _with_batch(decision: DecisionIn, batch_id: str | None) -> DecisionIn:
    """``decision`` as sent: carrying exactly the entry's ``batch_id`` (None outside a batch).

    A refused decision of a batch, corrected and sent again on its own, is
    no longer part of that batch.
    """
    if decision.batch_id == batch_id:
        return decision
    return decision.model_copy(update={"batch_id": batch_id})


def _already_sent(group: Sequence[OutboxEntry], sent: Sequence[OutboxEntry]) -> str:
    """Why a take-back was refused, naming the decisions already sent."""
    named = ", ".join(entry.case_id for entry in sent[:5]) + ("…" if len(sent) > 5 else "")
    if len(group) == 1:
        return f"The decision on case {named} was already sent; it cannot be taken back."
    return (
        f"{len(sent)} of the {len(group)} decisions of this batch were already sent "
        f"(case {named}); nothing was taken back."
    )


def _owned_by(owner: OutboxOwner) -> ColumnElement[bool]:
    return and_(outbox.c.service_url == owner.service_url, outbox.c.moderator == owner.moderator)


class Outbox:
    """The outbox of the desk's database."""

    def __init__(self, database: LocalDatabase, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    # --- adding -----------------------------------------------------------------------

    def add(
        self,
        owner: OutboxOwner,
        case_id: str,
        decision: DecisionIn,
        idempotency_key: str,
        *,
        batch_id: str | None = None,
        replaces_id: int | None = None,
        grace_s: float = 0.0,
    ) -> OutboxEntry:
        """Commit a decision to send; adding the same key again returns the entry already there.

        Raises :class:`AlreadyQueued` when another decision on the case still waits.
        With ``replaces_id``, the rejected entry it corrects is resolved in the
        same transaction. With ``grace_s`` > 0, delivery waits that long before
        sending it, and it can be taken back meanwhile.
        """
        one = [(case_id, decision, idempotency_key)]
        return self.add_many(
            owner, one, batch_id=batch_id, replaces_id=replaces_id, grace_s=grace_s
        )[0]

    def add_many(
        self,
        owner: OutboxOwner,
        decisions: Sequence[tuple[str, DecisionIn, str]],
        *,
        batch_id: str | None = None,
        replaces_id: int | None = None,
        grace_s: float = 0.0,
    ) -> list[OutboxEntry]:
        """Commit several (case id, decision, key) at once, all or none (one batch).

        A handful of statements whatever the batch size, so a worker saving a
        large batch holds the interpreter lock only briefly. With a
        ``batch_id``, each decision carries it to the service too.
        """
        now = self._clock()
        not_before = now + grace_s if grace_s > 0 else None
        keys = [key for _case_id, _decision, key in decisions]
        with self._database.writing() as connection:
            known = _ids_by_key(connection, keys)
            fresh = [(c, d, k) for c, d, k in decisions if k not in known]
            cases = [case_id for case_id, _decision, _key in fresh]
            repeated = next((c for c in cases if cases.count(c) > 1), None) if fresh else None
            waiting = repeated or _first_waiting(connection, owner, cases)
            if waiting is not None:
                raise AlreadyQueued(f"A decision on case {waiting} is already waiting to be sent.")
            if fresh:
                connection.execute(
                    insert(outbox),
                    [
                        {
                            "idempotency_key": key,
                            "service_url": owner.service_url,
                            "moderator": owner.moderator,
                            "case_id": case_id,
                            "body": _with_batch(decision, batch_id).model_dump_json(),
                            "created_at": now,
                            "state": OutboxState.PENDING.value,
                            "attempts": 0,
                            "next_attempt_at": None,
                            "last_error": "",
                            "batch_id": batch_id,
                            "replaces_id": replaces_id,
                            "not_before": not_before,
                        }
                        for case_id, decision, key in fresh
                    ],
                )
            ids_by_key = _ids_by_key(connection, keys)
            ids = [ids_by_key[key] for key in keys]
            if replaces_id is not None:
                connection.execute(
                    update(outbox)
                    .where(
                        outbox.c.id == replaces_id,
                        outbox.c.state.in_([s.value for s in PROBLEM_STATES]),
                        outbox.c.resolved_at.is_(None),
                    )
                    .values(resolved_at=now, resolution="Corrected and sent again.")
                )
        return self._get_many(ids)

    # --- reading ----------------------------------------------------------------------

    def _get(self, entry_id: int) -> OutboxEntry:
        entry = self.get(entry_id)
        assert entry is not None
        return entry

    def _get_many(self, ids: Sequence[int]) -> list[OutboxEntry]:
        """Entries by id, in the order asked (one query per 500 ids)."""
        found: dict[int, OutboxEntry] = {}
        with self._database.reading() as connection:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                for row in connection.execute(select(outbox).where(outbox.c.id.in_(chunk))):
                    entry = _entry(row)
                    found[entry.id] = entry
        return [found[entry_id] for entry_id in ids]

    def get(self, entry_id: int) -> OutboxEntry | None:
        """One entry, or None."""
        with self._database.reading() as connection:
            row = connection.execute(select(outbox).where(outbox.c.id == entry_id)).first()
        return _entry(row) if row is not None else None

    def due(
        self, owner: OutboxOwner, now: float, *, limit: int = 50, exclude: Sequence[int] = ()
    ) -> list[OutboxEntry]:
        """Pending entries of ``owner`` whose next attempt is due and grace over, oldest first."""
        query = (
            select(outbox)
            .where(
                _owned_by(owner),
                outbox.c.state == OutboxState.PENDING.value,
                (outbox.c.next_attempt_at.is_(None)) | (outbox.c.next_attempt_at <= now),
                (outbox.c.not_before.is_(None)) | (outbox.c.not_before <= now),
            )
            .order_by(outbox.c.id)
            .limit(limit)
        )
        if exclude:
            query = query.where(outbox.c.id.not_in(list(exclude)))
        with self._database.reading() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def next_attempt_at(self, owner: OutboxOwner, *, exclude: Sequence[int] = ()) -> float | None:
        """When the earliest scheduled retry or end of grace of ``owner`` is (None: nothing)."""
        retry = func.coalesce(outbox.c.next_attempt_at, 0.0)
        grace = func.coalesce(outbox.c.not_before, 0.0)
        scheduled = case(
            (and_(outbox.c.next_attempt_at.is_(None), outbox.c.not_before.is_(None)), None),
            else_=func.max(retry, grace),  # SQLite's scalar max of two values
        )
        query = select(func.min(scheduled)).where(
            _owned_by(owner), outbox.c.state == OutboxState.PENDING.value
        )
        if exclude:
            query = query.where(outbox.c.id.not_in(list(exclude)))
        with self._database.reading() as connection:
            value = connection.execute(query).scalar()
        return float(value) if value is not None else None

    def make_due(self, owner: OutboxOwner) -> None:
        """Make every pending entry of ``owner`` due now (the moderator asked to retry).

        Grace times still hold: a decision that can still be taken back waits.
        """
        with self._database.writing() as connection:
            connection.execute(
                update(outbox)
                .where(_owned_by(owner), outbox.c.state == OutboxState.PENDING.value)
                .values(next_attempt_at=None)
            )

    def entries(
        self, owner: OutboxOwner, states: Sequence[OutboxState] = tuple(OutboxState)
    ) -> list[OutboxEntry]:
        """Every entry of ``owner`` in ``states``, oldest first."""
        with self._database.reading() as connection:
            rows = connection.execute(
                select(outbox)
                .where(_owned_by(owner), outbox.c.state.in_([s.value for s in states]))
                .order_by(outbox.c.id)
            )
            return [_entry(row) for row in rows]

    def problems(self, owner: OutboxOwner) -> list[OutboxEntry]:
        """Conflicts and rejections of ``owner`` not resolved yet, oldest first."""
        return [e for e in self.entries(owner, PROBLEM_STATES) if e.resolved_at is None]

    def waiting_cases(self, owner: OutboxOwner) -> set[str]:
        """The cases ``owner`` decided whose decision is not delivered yet."""
        with self._database.reading() as connection:
            rows = connection.execute(
                select(outbox.c.case_id).where(
                    _owned_by(owner), outbox.c.state == OutboxState.PENDING.value
                )
            )
            return {str(row.case_id) for row in rows}

    def counts(self, owner: OutboxOwner) -> OutboxCounts:
        """Waiting decisions and unresolved problems of ``owner``, and others' waiting ones."""
        pending = outbox.c.state == OutboxState.PENDING.value
        problem = and_(
            outbox.c.state.in_([s.value for s in PROBLEM_STATES]), outbox.c.resolved_at.is_(None)
        )
        with self._database.reading() as connection:
            mine = connection.execute(
                select(func.count().filter(pending), func.count().filter(problem)).where(
                    _owned_by(owner)
                )
            ).one()
            others = connection.execute(
                select(func.count()).where(pending, ~_owned_by(owner))
            ).scalar_one()
        return OutboxCounts(int(mine[0]), int(mine[1]), int(others))

    # --- sending and taking back --------------------------------------------------------

    def take_for_sending(self, entry_ids: Sequence[int]) -> list[int]:
        """Stamp ``first_sent_at`` on entries about to be sent; the ids still pending.

        Called by delivery before a send, in one transaction that a take-back
        cannot interleave with: an entry it returns can no longer be taken back,
        and one taken back first is not returned (so never sent).
        """
        if not entry_ids:
            return []
        now = self._clock()
        wanted: set[int] = set()
        with self._database.writing() as connection:
            for start in range(0, len(entry_ids), _CHUNK):
                ids = list(entry_ids[start : start + _CHUNK])
                rows = connection.execute(
                    update(outbox)
                    .where(outbox.c.id.in_(ids), outbox.c.state == OutboxState.PENDING.value)
                    .values(first_sent_at=func.coalesce(outbox.c.first_sent_at, now))
                    .returning(outbox.c.id)
                )
                wanted.update(int(row.id) for row in rows)
        return [entry_id for entry_id in entry_ids if entry_id in wanted]

    def take_back_last(self, owner: OutboxOwner) -> TakenBack | TakeBackRefused:
        """Take back ``owner``'s last decision, or all of its batch, if none of it was sent.

        "Last" is the newest entry not already taken back. All or nothing, in
        one transaction with the check: if any decision of the batch was
        already taken by delivery (or delivered, or refused), nothing is taken
        back and the answer names what was sent. A correction taken back puts
        the rejection it corrected back among the problems.
        """
        return self.take_back(owner)

    def take_back(
        self, owner: OutboxOwner, *, batch_id: str | None = None, entry_id: int | None = None
    ) -> TakenBack | TakeBackRefused:
        """Take back one batch (``batch_id``), one entry (``entry_id``, with its batch if it
        has one) or, with neither, the last decision or batch; see :meth:`take_back_last`."""
        with self._database.writing() as connection:
            query = select(outbox).where(
                _owned_by(owner), outbox.c.state != OutboxState.TAKEN_BACK.value
            )
            if batch_id is not None:
                query = query.where(outbox.c.batch_id == batch_id)
            if entry_id is not None:
                query = query.where(outbox.c.id == entry_id)
            last = connection.execute(query.order_by(outbox.c.id.desc()).limit(1)).first()
            if last is None:
                return TakeBackRefused("There is no decision to take back.", batch_id)
            newest = _entry(last)
            if newest.batch_id is None:
                group = [newest]
            else:
                rows = connection.execute(
                    select(outbox)
                    .where(
                        _owned_by(owner),
                        outbox.c.batch_id == newest.batch_id,
                        outbox.c.state != OutboxState.TAKEN_BACK.value,
                    )
                    .order_by(outbox.c.id)
                )
                group = [_entry(row) for row in rows]
            sent = tuple(
                entry
                for entry in group
                if entry.state is not OutboxState.PENDING or entry.first_sent_at is not None
            )
            if sent:
                return TakeBackRefused(_already_sent(group, sent), newest.batch_id, sent)
            ids = [entry.id for entry in group]
            self._mark_taken_back(connection, group)
        return TakenBack(tuple(self._get_many(ids)), newest.batch_id)

    def _mark_taken_back(self, connection: Connection, group: Sequence[OutboxEntry]) -> None:
        """Stamp ``group`` taken back; the refusals its corrections resolved become open again."""
        now = self._clock()
        ids = [entry.id for entry in group]
        for start in range(0, len(ids), _CHUNK):
            connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids[start : start + _CHUNK]))
                .values(
                    state=OutboxState.TAKEN_BACK.value,
                    resolved_at=now,
                    resolution="Taken back before it was sent.",
                    next_attempt_at=None,
                )
            )
        corrected = [entry.replaces_id for entry in group if entry.replaces_id is not None]
        if corrected:
            connection.execute(
                update(outbox)
                .where(
                    outbox.c.id.in_(corrected),
                    outbox.c.state.in_([s.value for s in PROBLEM_STATES]),
                )
                .values(resolved_at=None, resolution="")
            )

    # --- outcomes ---------------------------------------------------------------------

    def _finish(self, entry_id: int, **values: object) -> OutboxEntry:
        with self._database.writing() as connection:
            connection.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == OutboxState.PENDING.value)
                .values(next_attempt_at=None, **values)
            )
        return self._get(entry_id)

    def mark_delivered(self, entry_id: int, decision: DecisionOut) -> OutboxEntry:
        """The service recorded the decision."""
        return self._finish(
            entry_id,
            state=OutboxState.DELIVERED.value,
            result=decision.model_dump_json(),
            last_error="",
            attempts=outbox.c.attempts + 1,
        )

    def mark_delivered_many(
        self, delivered: Sequence[tuple[int, DecisionOut]]
    ) -> list[OutboxEntry]:
        """The service recorded each of these decisions: one transaction for them all."""
        if not delivered:
            return []
        statement = (
            update(outbox)
            .where(
                outbox.c.id == bindparam("entry_id"),
                outbox.c.state == OutboxState.PENDING.value,
            )
            .values(
                state=OutboxState.DELIVERED.value,
                result=bindparam("answer"),
                last_error="",
                attempts=outbox.c.attempts + 1,
                next_attempt_at=None,
            )
        )
        with self._database.writing() as connection:
            # One statement run for every entry (executemany), not one statement each.
            connection.execute(
                statement,
                [
                    {"entry_id": entry_id, "answer": decision.model_dump_json()}
                    for entry_id, decision in delivered
                ],
            )
        return self._get_many([entry_id for entry_id, _decision in delivered])

    def mark_conflict(self, entry_id: int, other: DecisionOut, message: str) -> OutboxEntry:
        """The case had been decided already, by ``other``."""
        return self._finish(
            entry_id,
            state=OutboxState.CONFLICT.value,
            result=other.model_dump_json(),
            last_error=message,
            status_code=409,
            attempts=outbox.c.attempts + 1,
        )

    def mark_rejected(self, entry_id: int, status_code: int | None, message: str) -> OutboxEntry:
        """The service refused the decision for good."""
        return self._finish(
            entry_id,
            state=OutboxState.REJECTED.value,
            last_error=message,
            status_code=status_code,
            attempts=outbox.c.attempts + 1,
        )

    def schedule_retry(self, entry_id: int, at: float, message: str) -> OutboxEntry:
        """A try failed without a definitive answer: try again at ``at``."""
        with self._database.writing() as connection:
            connection.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == OutboxState.PENDING.value)
                .values(next_attempt_at=at, last_error=message, attempts=outbox.c.attempts + 1)
            )
        return self._get(entry_id)

    def schedule_retry_many(
        self, entry_ids: Sequence[int], at: float, message: str
    ) -> list[OutboxEntry]:
        """A batch request failed without a definitive answer: try them all again at ``at``."""
        with self._database.writing() as connection:
            for start in range(0, len(entry_ids), _CHUNK):
                connection.execute(
                    update(outbox)
                    .where(
                        outbox.c.id.in_(list(entry_ids[start : start + _CHUNK])),
                        outbox.c.state == OutboxState.PENDING.value,
                    )
                    .values(next_attempt_at=at, last_error=message, attempts=outbox.c.attempts + 1)
                )
        return self._get_many(entry_ids)

    def resolve(self, entry_id: int, resolution: str) -> OutboxEntry:
        """The moderator dealt with a conflict or rejection (``resolution`` says how)."""
        with self._database.writing() as connection:
            connection.execute(
                update(outbox)
                .where(
                    outbox.c.id == entry_id,
                    outbox.c.state.in_([s.value for s in PROBLEM_STATES]),
                    outbox.c.resolved_at.is_(None),
                )
                .values(resolved_at=self._clock(), resolution=resolution)
            )
        return self._get(entry_id)
