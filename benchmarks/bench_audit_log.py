"""The decision log at a million decisions: filtered pages and full-text searches.

Fills a fresh SQLite service database in a temporary directory with
``--decisions`` decisions (1,000,000 by default) by bulk inserts: cases,
decisions, hash-chained log entries (built with the service's own record
model and hash), clause rows and the FTS5 search index, then runs ANALYZE.
It then serves that database with the real service (``reviewdesk-server``,
its own process) on 127.0.0.1 and times,
through the desk's HTTP client as a senior moderator, pages of 100 entries
under typical filters and full-text searches (p50/p95), and checks the
chain of the newest entries. Run alone with
``python benchmarks/bench_audit_log.py [--json FILE] [--decisions N]``.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.report import Figure, argument_parser, percentile, report
from reviewdesk.api.models import LogRecord
from reviewdesk.audit.chain_check import verify_chain
from reviewdesk.backends.base import LogFilter
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.enums import Outcome, Role, Surface
from reviewdesk.domain.log_chain import GENESIS_HASH, entry_hash
from reviewdesk.server.db import open_database, sqlite_file_url
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.services.accounts import create_moderator
from reviewdesk.server.services.catalogue import install_catalogue
from reviewdesk.server.services.log_query import LogQuery, list_log
from reviewdesk.server.tables import LOG_SEARCH_TABLE

MODERATORS = 40
MEMBERS = 50_000
ROUNDS = 40
BATCH = 20_000
START = datetime(2025, 1, 1, tzinfo=UTC)
#: Seconds between two decisions (a million span about a year).
SPACING = 31
SENIOR = ("bench-senior", "bench-senior-pass")
RARE_WORDS = ("zanzibar", "quokka", "vellichor", "sonder", "petrichor")

_SYLLABLES = (
    "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "be", "da", "fu", "go", "hi", "ja", "ku",
    "ma", "no", "pe", "ra", "se", "to", "vu", "wa", "yo", "ze",
)  # fmt: skip


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _db_time(moment: datetime) -> str:
    """How the service's UtcDateTime column stores a moment in SQLite."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class _Filler:
    """Writes the synthetic log in batches through one raw SQLite connection."""

    def __init__(self, path: Path, count: int, seed: int, create: bool = True) -> None:
        if create:
            _prepare(path)
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA foreign_keys=OFF")
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.count = count
        self.rng = random.Random(seed)
        self.words = _vocabulary(self.rng)
        catalogue = build_catalogue()
        self.clauses = [(clause.id, clause.category) for clause in catalogue.clauses]
        self.outcomes = [
            (Outcome.NO_VIOLATION, 30),
            (Outcome.REMOVE_CONTENT, 25),
            (Outcome.WARN, 20),
            (Outcome.RESTRICT, 8),
            (Outcome.SUSPEND, 6),
            (Outcome.TERMINATE, 3),
            (Outcome.ESCALATE, 5),
            (Outcome.REQUEST_INFO, 3),
        ]
        self.surfaces = list(Surface)

    def _text(self, words: int) -> str:
        picked = [
            self.words[min(int(self.rng.paretovariate(1.1)) - 1, len(self.words) - 1)]
            if self.rng.random() < 0.5
            else self.rng.choice(self.words)
            for _ in range(words)
        ]
        if self.rng.random() < 0.001:
            picked.append(self.rng.choice(RARE_WORDS))
        return " ".join(picked)

    def fill(self) -> None:
        """Insert every row, batch by batch, then analyse the tables."""
        prev_hash = GENESIS_HASH
        outcome_list = [o for o, _ in self.outcomes]
        weights = [w for _, w in self.outcomes]
        for start in range(1, self.count + 1, BATCH):
            stop = min(self.count, start + BATCH - 1)
            cases: list[tuple[object, ...]] = []
            decisions: list[tuple[object, ...]] = []
            entries: list[tuple[object, ...]] = []
            clause_rows: list[tuple[str, int]] = []
            texts: list[tuple[int, str]] = []
            for seq in range(start, stop + 1):
                at = START + timedelta(seconds=seq * SPACING)
                outcome = self.rng.choices(outcome_list, weights)[0]
                clause_id, category = self.rng.choice(self.clauses)
                clause_ids = (
                    [clause_id]
                    if outcome not in (Outcome.NO_VIOLATION, Outcome.ESCALATE, Outcome.REQUEST_INFO)
                    else []
                )
                duration = 7 if outcome in (Outcome.RESTRICT, Outcome.SUSPEND) else None
                moderator = self.rng.randint(1, MODERATORS)
                member = f"m-{self.rng.randint(1, MEMBERS)}"
                surface = self.rng.choice(self.surfaces)
                note = self._text(self.rng.randint(3, 12))
                message = self._text(self.rng.randint(5, 25))
                cases.append(
                    (seq, "content", f"bench-{seq}", None, member, None, surface.value,
                     category.value, 2, "decided", "en", 1, 0.0, _db_time(at), _db_time(at),
                     message[:80], 0, None, None, None, outcome.value, _db_time(at))
                )  # fmt: skip
                decisions.append(
                    (seq, seq, moderator, outcome.value, _json_list(clause_ids), duration, note,
                     "", "", "[]", _db_time(at), f"bench-{seq}", "0" * 64)
                )  # fmt: skip
                record = LogRecord(
                    seq=seq,
                    kind=LogEntryKind.DECISION,
                    recorded_at=at,
                    acted_at=at,
                    decision_id=str(seq),
                    case_id=str(seq),
                    actor_id=str(moderator),
                    outcome=outcome,
                    clause_ids=clause_ids,
                    duration_days=duration,
                    note=note,
                )
                digest = entry_hash(prev_hash, record.model_dump(mode="json"))
                reviewed = 1 if self.rng.random() < 0.01 else 0
                entries.append(
                    (seq, "decision", seq, None, seq, moderator, outcome.value, category.value,
                     surface.value, member, reviewed, _db_time(at), 1,
                     float(self.rng.randint(20, 900)), prev_hash, digest)
                )  # fmt: skip
                prev_hash = digest
                clause_rows.extend((clause, seq) for clause in clause_ids)
                texts.append((seq, note + "\n" + message))
            self._write(cases, decisions, entries, clause_rows, texts)
        self.connection.execute("ANALYZE")
        self.connection.commit()
        self.connection.close()

    def _write(
        self,
        cases: Sequence[tuple[object, ...]],
        decisions: Sequence[tuple[object, ...]],
        entries: Sequence[tuple[object, ...]],
        clause_rows: Sequence[tuple[str, int]],
        texts: Sequence[tuple[int, str]],
    ) -> None:
        c = self.connection
        c.executemany(
            "INSERT INTO cases (id, subject_kind, subject_key, open_subject_key, member_id, "
            "content_id, surface, category, severity, status, language, report_count, priority, "
            "opened_at, last_reported_at, preview, automated, claim_moderator_id, "
            "claim_expires_at, claimed_at, outcome, decided_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            cases,
        )
        c.executemany(
            "INSERT INTO decisions (id, case_id, moderator_id, outcome, clause_ids, "
            "duration_days, note, member_message, reporter_message, revealed_attachment_ids, "
            "decided_at, idempotency_key, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            decisions,
        )
        c.executemany(
            "INSERT INTO decision_log (seq, kind, decision_id, review_id, case_id, actor_id, "
            "outcome, category, surface, member_id, reviewed, recorded_at, catalogue_id, "
            "handling_seconds, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            entries,
        )
        c.executemany("INSERT INTO decision_log_clauses (clause_id, seq) VALUES (?,?)", clause_rows)
        c.executemany(f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, body) VALUES (?,?)", texts)
        c.commit()


def _json_list(values: list[str]) -> str:
    return "[" + ",".join(f'"{value}"' for value in values) + "]"


def _prepare(path: Path) -> None:
    """Create the schema, the accounts and the catalogue through the service's own code."""
    engine, sessions = open_database(sqlite_file_url(path))
    with sessions() as session:
        for number in range(1, MODERATORS + 1):
            create_moderator(
                session, f"agent{number:02d}", "agent-pass-1", f"Agent {number:02d}", Role.AGENT
            )
        create_moderator(session, SENIOR[0], SENIOR[1], "Bench Senior", Role.SENIOR)
        install_catalogue(session, build_catalogue(), START)
        session.commit()
    engine.dispose()


class _ServiceProcess:
    """The reference service serving the filled database in a process of its own."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.process: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 120.0) -> str:
        """Start ``reviewdesk-server`` on a free loopback port; return its base URL."""
        root = str(Path(__file__).resolve().parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from reviewdesk.server.cli import main; raise SystemExit(main())",
                "--database",
                self.database_url,
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            found = re.search(r"(http://127\.0\.0\.1:[0-9]+)/v1", line)
            if found:
                return found.group(1)
            if not line and self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("The service did not start.")

    def stop(self) -> None:
        """Stop the service and wait for it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000.0


def _filters(rng: random.Random, count: int) -> list[tuple[str, Callable[[], LogFilter]]]:
    """Named makers of the filters a senior typically sets (fresh random values each call)."""
    clauses = [clause.id for clause in build_catalogue().clauses]

    def day() -> datetime:
        return START + timedelta(seconds=rng.randint(1, count) * SPACING)

    def moderator() -> str:
        return str(rng.randint(1, MODERATORS))

    return [
        ("newest", lambda: LogFilter()),
        ("moderator", lambda: LogFilter(moderator_ids=(moderator(),))),
        ("outcome", lambda: LogFilter(outcomes=(rng.choice(list(Outcome)),))),
        ("clause", lambda: LogFilter(clause_ids=(rng.choice(clauses),))),
        (
            "surface+outcome",
            lambda: LogFilter(surfaces=(rng.choice(list(Surface)),), outcomes=(Outcome.WARN,)),
        ),
        ("member", lambda: LogFilter(member_ids=(f"m-{rng.randint(1, MEMBERS)}",))),
        ("one day", lambda: _one_day(day())),
        (
            "moderator+outcome+quarter",
            lambda: LogFilter(
                moderator_ids=(moderator(),),
                outcomes=(Outcome.SUSPEND,),
                since=START,
                until=START + timedelta(days=90),
            ),
        ),
        ("reviewed+moderator", lambda: LogFilter(reviewed=True, moderator_ids=(moderator(),))),
        (
            "clause+moderator",
            lambda: LogFilter(clause_ids=(rng.choice(clauses),), moderator_ids=(moderator(),)),
        ),
    ]


def _one_day(begin: datetime) -> LogFilter:
    return LogFilter(since=begin, until=begin + timedelta(days=1))


def _searches(rng: random.Random, words: list[str]) -> list[tuple[str, LogFilter]]:
    common = words[:30]
    return [
        ("common word", LogFilter(text=rng.choice(common))),
        ("any word", LogFilter(text=rng.choice(words))),
        ("rare word", LogFilter(text=rng.choice(RARE_WORDS))),
        ("two common words", LogFilter(text=" ".join(rng.sample(common, 2)))),
        (
            "word+moderator",
            LogFilter(text=rng.choice(common), moderator_ids=(str(rng.randint(1, MODERATORS)),)),
        ),
        ("word+terminate", LogFilter(text=rng.choice(common), outcomes=(Outcome.TERMINATE,))),
    ]


def _breakdown(samples: dict[str, list[float]]) -> None:
    print("  per query (p50 / p95 / max, ms):")
    for name, values in samples.items():
        print(
            f"    {name:<26} {percentile(values, 0.5):8.1f} {percentile(values, 0.95):8.1f} "
            f"{max(values):8.1f}"
        )


def _cpu_timed(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000.0


def _query_of(wanted: LogFilter, cursor: str | None = None) -> LogQuery:
    return LogQuery(
        actor_ids=[int(m) for m in wanted.moderator_ids],
        outcomes=wanted.outcomes,
        clause_ids=wanted.clause_ids,
        surfaces=wanted.surfaces,
        member_ids=wanted.member_ids,
        reviewed=wanted.reviewed,
        since=wanted.since,
        until=wanted.until,
        text=wanted.text,
        cursor=cursor,
    )


def _direct(
    path: Path, rng: random.Random, count: int, words: list[str]
) -> tuple[list[float], list[float]]:
    """CPU time of the same queries through the service function (``list_log``), no HTTP.

    Processor time of this process, so other programs' load does not count:
    the work one call costs (SQLite and building the page).
    """
    engine, sessions = open_database(sqlite_file_url(path))
    filter_ms: list[float] = []
    search_ms: list[float] = []
    try:
        makers = _filters(rng, count)
        for _round in range(ROUNDS):
            queries = [_query_of(make()) for _name, make in makers]
            queries.append(_query_of(LogFilter(), str(rng.randint(2, count))))
            for query in queries:
                with sessions() as session:
                    filter_ms.append(_cpu_timed(partial(list_log, session, query)))
            for _name, wanted in _searches(rng, words):
                with sessions() as session:
                    search_ms.append(_cpu_timed(partial(list_log, session, _query_of(wanted))))
    finally:
        engine.dispose()
    return filter_ms, search_ms


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argument_parser(__doc__ or "")
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep",
        type=Path,
        help="fill this database file and keep it; when it exists, reuse it (fill not timed)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="reviewdesk-audit-bench-") as folder:
        path = args.keep or Path(folder) / "audit.sqlite3"
        reuse = path.exists()
        started = time.perf_counter()
        filler = _Filler(path, args.decisions, args.seed, create=not reuse)
        if not reuse:
            filler.fill()
        fill_s = time.perf_counter() - started
        print(f"filled {args.decisions:,} decisions in {fill_s:.1f} s", flush=True)
        service = _ServiceProcess(sqlite_file_url(path))
        url = service.start()
        try:
            with HttpBackend.login(url, *SENIOR, timeout=60.0) as senior:
                by_name: dict[str, list[float]] = {}
                makers = _filters(rng, args.decisions)
                for warm_up in (True, False):
                    for _round in range(1 if warm_up else ROUNDS):
                        timed: list[tuple[str, Callable[[], object]]] = [
                            (name, partial(senior.list_log, make())) for name, make in makers
                        ]
                        cursor = str(rng.randint(2, args.decisions))
                        timed.append(("deep page", partial(senior.list_log, LogFilter(), cursor)))
                        timed += [
                            ("search: " + name, partial(senior.list_log, wanted))
                            for name, wanted in _searches(rng, filler.words)
                        ]
                        for name, call in timed:
                            elapsed = _timed(call)
                            if not warm_up:
                                by_name.setdefault(name, []).append(elapsed)
                filter_ms = [
                    v for n, vs in by_name.items() if not n.startswith("search") for v in vs
                ]
                search_ms = [v for n, vs in by_name.items() if n.startswith("search") for v in vs]
                deep_ms = by_name["deep page"]
                newest = senior.log_chain(after=max(0, args.decisions - 500), limit=500)
                previous = senior.log_chain(after=max(0, args.decisions - 501), limit=1)
                chain_ok = verify_chain(
                    newest.items, prev_hash=previous.items[0].hash if previous.items else None
                ).intact
        finally:
            service.stop()
    print(f"chain of the newest 500 entries intact: {chain_ok}")
    _breakdown(by_name)
    direct_filter_ms, direct_search_ms = _direct(path, rng, args.decisions, filler.words)
    figures = [] if reuse else [Figure("fill (bulk inserts, FTS, ANALYZE)", fill_s, "s", 600.0)]
    figures += [
        Figure("filtered log page (100) p50", percentile(filter_ms, 0.5), "ms", 50.0),
        Figure("filtered log page (100) p95", percentile(filter_ms, 0.95), "ms", 100.0),
        Figure("deep page by cursor p95", percentile(deep_ms, 0.95), "ms", 100.0),
        Figure("full-text search p50", percentile(search_ms, 0.5), "ms", 50.0),
        Figure("full-text search p95", percentile(search_ms, 0.95), "ms", 100.0),
        Figure(
            "service call CPU: filtered page p95", percentile(direct_filter_ms, 0.95), "ms", 100.0
        ),
        Figure(
            "service call CPU: full-text search p95",
            percentile(direct_search_ms, 0.95),
            "ms",
            100.0,
        ),
    ]
    report(
        f"Decision log on SQLite, {args.decisions:,} decisions, HTTP on 127.0.0.1 "
        f"({ROUNDS} rounds of 10 filters, a deep page and 6 searches, after one warm-up round)",
        figures,
        args.json,
    )
    return 0 if chain_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
