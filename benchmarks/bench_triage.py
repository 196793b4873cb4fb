"""Triage at scale: case switching, opening the desk and bulk decisions against 100,000 open cases.

Starts the reference service in a process of its own on 127.0.0.1 with the
demo accounts and ``--open-cases`` (default 100,000) synthetic open cases
(``reviewdesk-server --demo --synthetic-cases N``), lists the queue once (a
service that has been up a minute has refreshed its priorities), then runs
the real desk, offscreen, in a fresh process for each part, so each part's
memory and start are its own and the service never competes with the desk
for the interpreter lock:

- **open**: from starting the desk process to a usable queue: the first page
  listed and the first case rendered (the first paint of the case header
  showing the queue's first case, and the event loop back after it, as for
  a switch below); and the desk process's peak memory
  (RSS high-water mark) over the open and the case switching that follows.
- **next case**, with and without prefetch (the ``queue/prefetch`` setting):
  ``j`` pressed, to the new case *rendered*: the case view holds the new
  case's content and the event loop has painted it (the first paint of the
  case header showing the new case, and the event loop back after it). The
  moderator looks at each case until it is fully shown and the cases ahead
  are read (at most 2 s) before pressing ``j`` again. The GUI thread's own
  CPU time per switch is printed too: on a machine shared with other work,
  it is what the switch costs apart from waiting for a CPU. So is the p95
  of the switches that neither show nor hide a section of the case view
  (content, earlier decisions, screenshots, transcript): a switch that
  does relays out and repaints the whole case view. How many switches did
  either, and how many changed the policy clause, is said with the results.
- **bulk**: 1,000 decisions handed to the outbox at once with
  ``DeskOutbox.submit_many``, until the outbox has heard the service record
  every one (checked against the service afterwards). The undo grace time is
  set to 0 here: its wait (5 s by default) comes on top, by design.

The desk is measured as installed: pip compiles a package's modules to
bytecode when it installs it, so the benchmark byte-compiles the desk's
modules once before it times anything (see :func:`compile_desk`).

Run alone with ``python benchmarks/bench_triage.py [--json FILE]
[--open-cases N] [--switches N] [--bulk N] [--parts open,no-prefetch,bulk]``;
``--parts`` runs some parts only (``open`` is the prefetch part: the open and
the switching with prefetch).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.report import Figure, argument_parser, percentile, report

SWITCH_TARGET_MS = 16.7
USABLE_TARGET_MS = 2000.0
BULK_TARGET_MS = 5000.0
MEMORY_TARGET_MB = 400.0
SERVICE_START_S = 300.0
#: The longest the child waits for one thing to happen (s).
PATIENCE_S = 60.0
BANNER = "ReviewDesk Moderation API at "
USABLE_LINE = "USABLE"
RESULT_LINE = "RESULT "
#: What the child's paint watch waits for at the start: the queue's first listed case.
FIRST_LISTED = "(the first case listed)"
#: The parts ``--parts`` chooses from; ``open`` runs the child part ``prefetch``.
PARTS = ("open", "no-prefetch", "bulk")


# --- the desk as installed ---------------------------------------------------------------


def compile_desk() -> bool:
    """Byte-compile the desk's modules, as installing it does; False if one failed.

    An installed desk starts from bytecode. Run from a source tree where
    ``PYTHONDONTWRITEBYTECODE`` is set (some shells and containers set it),
    each desk process would otherwise compile its few hundred modules again
    at every start, about a third of a second no installed desk pays. Modules
    already compiled are skipped; the bytecode goes where Python looks for it
    (``__pycache__`` beside each module, which git ignores).
    """
    import compileall

    root = Path(__file__).resolve().parent.parent
    return all(
        compileall.compile_dir(str(root / package), quiet=1)
        for package in ("reviewdesk", "benchmarks")
    )


# --- the service -------------------------------------------------------------------------


def start_service(open_cases: int) -> tuple[subprocess.Popen[str], str]:
    """The demo service with ``open_cases`` synthetic open cases, in its own process."""
    command = [
        sys.executable,
        "-m",
        "reviewdesk.server.cli",
        "--demo",
        "--open-cases",
        "0",
        "--synthetic-cases",
        str(open_cases),
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_environment())
    assert process.stdout is not None
    deadline = time.monotonic() + SERVICE_START_S
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith(BANNER):
            return process, line[len(BANNER) :].split("/v1", 1)[0]
    process.kill()
    raise RuntimeError("The service did not start.")


def stop_service(process: subprocess.Popen[str]) -> None:
    """Interrupt the service and wait for it."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until_idle(pid: int, patience_s: float = 120.0) -> float:
    """Wait until process ``pid`` uses under a tenth of a CPU for a second; seconds waited.

    The service refreshes every priority on a thread of its own after its
    first listing (seconds, with 100,000 cases); a service that has been up
    a minute is past that, so the desk is measured against an idle one.
    """
    started = time.monotonic()
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_s() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    before = cpu_s()
    while time.monotonic() - started < patience_s:
        time.sleep(1.0)
        after = cpu_s()
        if after - before < 0.1:
            break
        before = after
    return time.monotonic() - started


def _environment() -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, path) if p)}


def open_count(url: str) -> int:
    """How many open cases the service lists (also refreshes its priorities, once)."""
    from reviewdesk.backends.base import CaseFilter
    from reviewdesk.backends.http import HttpBackend

    with HttpBackend.login(url, "senior", "senior-demo") as backend:
        return backend.list_cases(CaseFilter(), limit=1).total


# --- the desk, in a child process ------------------------------------------------------------


def run_child(part: str, url: str, options: list[str]) -> tuple[dict[str, Any], float]:
    """Run one part in a fresh desk process; its result and when it said USABLE (ms)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", part, "--url", url]
    started = time.perf_counter()
    process = subprocess.Popen(
        command + options, stdout=subprocess.PIPE, text=True, env=_environment()
    )
    assert process.stdout is not None
    usable_ms = -1.0
    result: dict[str, Any] = {}
    for line in process.stdout:
        if line.startswith(USABLE_LINE) and usable_ms < 0:
            usable_ms = (time.perf_counter() - started) * 1000.0
        elif line.startswith(RESULT_LINE):
            result = json.loads(line[len(RESULT_LINE) :])
    if process.wait() != 0 or not result:
        raise RuntimeError(f"The desk part '{part}' failed.")
    return result, usable_ms


def peak_rss_mb() -> float:
    """This process's RSS high-water mark in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_main(part: str, url: str, switches: int, bulk: int) -> int:
    """One desk process: open it, then switch cases or decide in bulk; print the result."""
    from reviewdesk.ui import startup_gc

    startup_gc.pause()  # as the reviewdesk command does first thing (see startup_gc.py)
    import keyring.backends.fail
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reviewdesk.backends.http import HttpBackend
    from reviewdesk.store.secrets import TokenStore
    from reviewdesk.ui.desk_app import Desk
    from reviewdesk.ui.settings import open_settings
    from reviewdesk.ui.start_options import StartOptions

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    directory = Path(tempfile.mkdtemp(prefix="reviewdesk-bench-"))
    settings = open_settings(str(directory / "desk.ini"))
    settings.service_url = url
    settings.username = "agent"
    settings.evidence_cache_megabytes = 0  # every screenshot comes over the network
    settings.prefetch_cases = 0 if part == "no-prefetch" else 3
    # Sent at once: the undo grace time (5 s by default) is a wait by design, not delivery.
    settings.decision_grace_seconds = 0.0
    store = TokenStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    with HttpBackend.login(url, "agent", "agent-demo") as backend:
        store.save(url, "agent", backend.token)
    desk = Desk(
        StartOptions(url=url, database=str(directory / "desk.sqlite3")),
        settings,
        token_store_factory=lambda: store,
    )
    window = desk.window
    window.resize(1920, 1080)

    class PaintWatch(QObject):
        """Notes when the case header paints while showing the case waited for.

        Waiting for :data:`FIRST_LISTED`, the case waited for is the first
        one the queue lists, whichever it turns out to be: the watch is set
        before the desk starts, so the first case's first paint is never
        missed (it may come in the same turn of the event loop as the rows).
        With ``announce`` it prints the USABLE line the moment it notes the
        paint, as the switches' latencies are taken at that moment too (not
        once the event loop has also done whatever was queued behind it).
        """

        def __init__(self) -> None:
            super().__init__()
            self.waiting_for: str | None = None
            self.rendered_at: float | None = None
            self.rendered_cpu: float | None = None
            self.announce = False
            #: True when the case awaited was painted from its picture drawn ahead.
            self.from_picture = False

        def _awaited(self, watched: QObject) -> bool:
            stage = window.case_stage
            if stage is not None and watched in stage.covers():
                # The case's picture, drawn ahead, painted over the panels.
                covered = self.waiting_for is not None and stage.covered_case_id == self.waiting_for
                self.from_picture = self.from_picture or covered
                return covered
            if watched is not window.case_view.header:
                return False
            shown = window.case_view.case_id()
            if shown is None or self.waiting_for is None:
                return False
            if self.waiting_for == FIRST_LISTED:
                first = window.queue_model.summary(0)
                return first is not None and shown == first.id
            return shown == self.waiting_for

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and self._awaited(watched):
                self.waiting_for = None
                # Rendered once the event loop is back from this paint and its flush.
                QTimer.singleShot(0, self._note)
            return False

        def _note(self) -> None:
            self.rendered_at = time.perf_counter()
            self.rendered_cpu = time.thread_time()
            if self.announce:
                self.announce = False
                print(USABLE_LINE, flush=True)

    watch = PaintWatch()
    window.case_view.header.installEventFilter(watch)

    def wait_for(condition: Callable[[], bool], patience_s: float = PATIENCE_S) -> bool:
        deadline = time.monotonic() + patience_s
        while not condition():
            if time.monotonic() > deadline:
                return False
            app.processEvents()
            time.sleep(0.0005)
        return True

    watch.waiting_for, watch.announce = FIRST_LISTED, True
    desk.start()
    assert wait_for(lambda: watch.rendered_at is not None), "the first case never showed"
    usable_rss = peak_rss_mb()
    result: dict[str, Any] = {"usable_rss_mb": usable_rss}
    loader = window.case_loader
    assert loader is not None
    if part == "bulk":
        result.update(_bulk(desk, url, bulk, wait_for))
    else:
        settled: set[str] = set()
        loader.fully_shown.connect(settled.add)
        planner = window.prefetch
        latencies: list[float] = []
        #: GUI-thread CPU time of each switch: what it costs when no other process competes.
        cpu_ms: list[float] = []
        misses = 0
        #: What each switch changed besides the case: a section shown or hidden, the clause.
        changes: list[dict[str, bool]] = []
        model = window.queue_model
        case_view, policy = window.case_view, window.policy_panel

        def sections() -> tuple[bool, ...]:
            return tuple(
                section.isHidden()
                for section in (
                    case_view.content_box,
                    case_view.decisions_box,
                    case_view.evidence_box,
                    case_view.transcript_box,
                    case_view.bottom_splitter,
                )
            )

        def looked_at(case_id: str) -> Callable[[], bool]:
            def done() -> bool:
                idle = planner is None or not planner.prefetcher.busy
                drawn = window.stage is None or not window.stage.busy
                return case_id in settled and idle and drawn

            return done

        def rows_beyond(row: int) -> Callable[[], bool]:
            return lambda: model.rowCount() > row + 1

        def rendered() -> float | None:
            return watch.rendered_at

        for _switch in range(switches):
            current = window.case_view.case_id()
            assert current is not None
            wait_for(looked_at(current), 2.0)
            row = model.row_of(current)
            assert row is not None
            if model.summary(row + 1) is None:
                wait_for(rows_beyond(row), 10.0)
            following = model.summary(row + 1)
            assert following is not None, "the queue ran out"
            watch.waiting_for, watch.rendered_at, watch.from_picture = following.id, None, False
            if window.case_stage is not None:
                for cover in window.case_stage.covers():
                    cover.installEventFilter(watch)
            shown_sections, shown_clause = sections(), policy.current_clause_id()
            target = QApplication.focusWidget() or window
            pressed, pressed_cpu = time.perf_counter(), time.thread_time()
            QTest.keyClick(target, Qt.Key.Key_J)
            if not wait_for(lambda: rendered() is not None, 30.0):
                misses += 1
                continue
            latencies.append(((rendered() or pressed) - pressed) * 1000.0)
            cpu_ms.append(((watch.rendered_cpu or pressed_cpu) - pressed_cpu) * 1000.0)
            changes.append(
                {
                    "sections": sections() != shown_sections,
                    "clause": policy.current_clause_id() != shown_clause,
                    "picture": watch.from_picture,
                }
            )
        result["latencies_ms"] = latencies
        result["cpu_ms"] = cpu_ms
        result["changes"] = changes
        result["misses"] = misses
    result["peak_rss_mb"] = peak_rss_mb()
    window.close()
    desk.shutdown()
    shutil.rmtree(directory, ignore_errors=True)  # the desk's database and settings
    print(RESULT_LINE + json.dumps(result), flush=True)
    return 0


def _bulk(desk: Any, url: str, count: int, wait_for: Callable[..., bool]) -> dict[str, Any]:
    """Decide ``count`` open cases at once through the outbox; time until all are recorded."""
    from reviewdesk.api.models import DecisionIn
    from reviewdesk.backends.base import CaseFilter
    from reviewdesk.backends.http import HttpBackend
    from reviewdesk.domain.enums import Outcome
    from reviewdesk.store.outbox import OutboxEntry, OutboxState
    from reviewdesk.ui.decision_panel import DecisionDraft

    shown = desk.window.case_view.case_id()
    chosen: list[str] = []
    with HttpBackend.login(url, "senior", "senior-demo") as senior:
        cursor: str | None = None
        while len(chosen) < count:
            page = senior.list_cases(CaseFilter(), cursor, limit=500)
            chosen += [c.id for c in page.items if c.claim is None and c.id != shown]
            cursor = page.next_cursor
            assert cursor is not None, "not enough open cases"
        chosen = chosen[:count]
        before = senior.list_cases(CaseFilter(), limit=1).total
    drafts = [
        DecisionDraft(
            case_id,
            DecisionIn(outcome=Outcome.NO_VIOLATION, note="Bulk: no spam."),
            uuid.uuid4().hex,
        )
        for case_id in chosen
    ]
    wanted = set(chosen)
    recorded: set[str] = set()
    problems: list[str] = []

    def heard(entry: OutboxEntry) -> None:
        if entry.case_id in wanted:
            if entry.state is OutboxState.DELIVERED:
                recorded.add(entry.case_id)
            elif entry.state is not OutboxState.PENDING:
                problems.append(entry.case_id)

    outbox = desk.outbox
    assert wait_for(lambda: outbox.is_open)
    outbox.entry_changed.connect(heard)
    started = time.perf_counter()
    assert outbox.submit_many(drafts, batch_id=uuid.uuid4().hex)
    done = wait_for(lambda: len(recorded) + len(problems) >= count, 300.0)
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    with HttpBackend.login(url, "senior", "senior-demo") as senior:
        after = senior.list_cases(CaseFilter(), limit=1).total
    return {
        "bulk_ms": elapsed_ms if done else float("inf"),
        "recorded": len(recorded),
        "problems": len(problems),
        "service_closed": before - after,
    }


# --- the report ------------------------------------------------------------------------------


def main() -> int:
    """Run the benchmark (or, with --child, one desk part of it)."""
    parser = argument_parser(__doc__ or "")
    parser.add_argument("--open-cases", type=int, default=100_000)
    parser.add_argument("--switches", type=int, default=150)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help="the parts to run, comma-separated (default: all of " + ", ".join(PARTS) + ")",
    )
    parser.add_argument("--child", choices=("prefetch", "no-prefetch", "bulk"), help="internal")
    parser.add_argument("--url", help="internal: the service the child works against")
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.url, args.switches, args.bulk)

    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown or not parts:
        parser.error(f"--parts takes some of {', '.join(PARTS)}; not {', '.join(unknown)}")
    compiled = compile_desk()
    started = time.perf_counter()
    service, url = start_service(args.open_cases)
    seed_ms = (time.perf_counter() - started) * 1000.0
    results: dict[str, dict[str, Any]] = {}
    usable_ms = -1.0
    try:
        listed = open_count(url)
        settle_s = wait_until_idle(service.pid)
        options = ["--switches", str(args.switches), "--bulk", str(args.bulk)]
        for part in PARTS:
            if part in parts:
                child = "prefetch" if part == "open" else part
                results[part], opened_ms = run_child(child, url, options)
                if part == "open":
                    usable_ms = opened_ms
    finally:
        stop_service(service)
    details: list[str] = []
    figures = _figures(results, usable_ms, args.bulk, details)
    report(
        f"Triage against {listed:,} open cases on loopback (service seeded and started in "
        f"{seed_ms / 1000:.1f} s, idle after {settle_s:.1f} s more; "
        + ("desk byte-compiled as installed; " if compiled else "desk NOT byte-compiled; ")
        + "; ".join(details)
        + ")",
        figures,
        args.json,
    )
    return 0


def _figures(
    results: dict[str, dict[str, Any]], usable_ms: float, bulk: int, details: list[str]
) -> list[Figure]:
    """The figures of the parts that ran; a phrase of detail for each part goes to ``details``."""
    figures: list[Figure] = []
    if "open" in results:
        opened = results["open"]
        fast: list[float] = opened["latencies_ms"]
        changes: list[dict[str, bool]] = opened["changes"]
        same = [ms for ms, changed in zip(fast, changes, strict=True) if not changed["sections"]]
        details.append(
            f"prefetch: {len(fast)} switches, {opened['misses']} missed, "
            f"{len(fast) - len(same)} showing or hiding a section of the case view "
            f"(content, earlier decisions, screenshots, transcript), "
            f"{sum(changed['clause'] for changed in changes)} changing the policy clause, "
            f"{sum(changed['picture'] for changed in changes)} shown from their picture "
            "drawn ahead"
        )
        figures += [
            Figure("next case p50, prefetch", percentile(fast, 0.5), "ms", SWITCH_TARGET_MS),
            Figure("next case p95, prefetch", percentile(fast, 0.95), "ms", SWITCH_TARGET_MS),
            Figure("next case max, prefetch", max(fast), "ms", None),
            Figure(
                "next case p95 GUI-thread CPU, prefetch",
                percentile(opened["cpu_ms"], 0.95),
                "ms",
                None,
            ),
        ]
        if same:
            figures.append(
                Figure("next case p95, prefetch, same sections", percentile(same, 0.95), "ms", None)
            )
    if "no-prefetch" in results:
        plain = results["no-prefetch"]
        slow: list[float] = plain["latencies_ms"]
        details.append(f"no prefetch: {len(slow)} switches, {plain['misses']} missed")
        figures += [
            Figure("next case p50, no prefetch", percentile(slow, 0.5), "ms", None),
            Figure("next case p95, no prefetch", percentile(slow, 0.95), "ms", None),
            Figure("next case max, no prefetch", max(slow), "ms", None),
        ]
    if "open" in results:
        figures += [
            Figure("desk usable", usable_ms, "ms", USABLE_TARGET_MS),
            Figure("desk peak memory", results["open"]["peak_rss_mb"], "MB", MEMORY_TARGET_MB),
        ]
    if "bulk" in results:
        done = results["bulk"]
        details.append(
            f"bulk: {done['recorded']} recorded, {done['problems']} problems, "
            f"{done['service_closed']} fewer open on the service, desk peak "
            f"{done['peak_rss_mb']:.0f} MB"
        )
        figures.append(
            Figure(f"{bulk} bulk decisions delivered", done["bulk_ms"], "ms", BULK_TARGET_MS)
        )
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
