"""The command palette with a large queue: what each keystroke costs the GUI thread.

Loads ``--rows`` synthetic queue rows (default 20,000 and 100,000) into a
queue model, opens the real :class:`CommandPalette` offscreen over it and
types queries of 1, 2, 5 and 10 characters, each on its own (the search set
to the whole query at once, the broadest case) and then character by
character as a moderator types. For every query it prints:

- **gui**: the GUI thread's own CPU time (``time.thread_time``) spent from
  the text change until the call returns: what delays the keystroke's echo.
- **answer**: wall-clock time from the text change until the palette lists
  that query's matches (for a palette matching on the GUI thread, the same
  as the call itself).

Before those, **echo**: the wall-clock time of a keystroke (the text change,
a repaint and the events that follow), typed while the palette's worker
prepares the queue at the first opening, then while it searches (keys 30 ms
apart, not waiting for answers): the GUI thread shares the interpreter lock
with the worker. And **reopen after a new page**: opening the palette again
after a page of 200 rows was appended to the queue (the GUI thread's CPU
time, and the wall-clock time until every case can be found again).
Run with ``python benchmarks/bench_palette.py [--rows 20000,100000] [--json FILE]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.report import Figure, argument_parser, report
from reviewdesk.api.models import CasePage, CaseSummary
from reviewdesk.domain.enums import CaseStatus, Category, Role, Severity, SubjectKind, Surface
from reviewdesk.ui.command_palette import CommandPalette
from reviewdesk.ui.commands import CommandRegistry
from reviewdesk.ui.queue_model import QueueModel

QUERIES = ("e", "la", "tande", "tandem par")
#: Rows of the page appended before the palette is opened again.
PAGE = 200
FIRST_NAMES = ("Lena", "Mateo", "Aiko", "Olu", "Sofia", "Ravi", "Nadia", "Tomás", "Yuna", "Ilya")
LAST_NAMES = ("Fischer", "Okafor", "Sato", "Moreau", "Silva", "Kowalski", "Haddad", "Park")
SENTENCES = (
    "Cheap lessons on my other app, message me there",
    "Who wants a tandem partner for Spanish and German evenings?",
    "Click the link in my bio for a free week of classes",
    "I can help you earn money quickly, just ask",
    "Let us practise pronunciation on a call tonight",
    "Same text to everyone: join my paid study group",
)
CATEGORIES = tuple(Category)
SURFACES = (Surface.CHAT, Surface.MOMENT, Surface.COMMENT, Surface.PROFILE)
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def synthetic_rows(count: int, first: int = 0) -> list[CaseSummary]:
    """``count`` open cases by ``count // 25`` members (deterministic), numbered from ``first``."""
    members = max(1, count // 25)
    rows: list[CaseSummary] = []
    for n in range(first, first + count):
        member = n % members
        name = f"{FIRST_NAMES[member % 10]} {LAST_NAMES[(member // 10) % 8]} {member}"
        rows.append(
            CaseSummary(
                id=str(100_000 + n),
                subject_kind=SubjectKind.CONTENT,
                member_id=f"m-{member}",
                member_name=name,
                surface=SURFACES[n % len(SURFACES)],
                category=CATEGORIES[n % len(CATEGORIES)],
                severity=Severity.MEDIUM,
                status=CaseStatus.OPEN,
                report_count=1,
                priority=5000.0 - n / 100,
                opened_at=NOW - timedelta(minutes=n),
                last_reported_at=NOW - timedelta(minutes=n),
                preview=f"{SENTENCES[n % len(SENTENCES)]} (#{n})",
            )
        )
    return rows


def _settle(app: QApplication, palette: CommandPalette, query: str, limit_s: float = 60.0) -> None:
    """Turn the event loop until the palette lists ``query``'s own answer."""
    shown = getattr(palette, "answered_query", None)
    if shown is None:
        return  # a palette matching on the GUI thread has answered already
    deadline = time.perf_counter() + limit_s
    while shown() != query and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)


def _type(app: QApplication, palette: CommandPalette, query: str) -> tuple[float, float]:
    """Set the search to ``query``: (GUI CPU ms of the call, ms until its answer is listed)."""
    start_wall, start_cpu = time.perf_counter(), time.thread_time()
    palette.search.setText(query)
    gui_ms = (time.thread_time() - start_cpu) * 1000
    _settle(app, palette, query)
    return gui_ms, (time.perf_counter() - start_wall) * 1000


def _echoes(app: QApplication, palette: CommandPalette) -> list[float]:
    """Wall ms of eight keystrokes (text change, repaint, events), 30 ms apart."""
    echoes: list[float] = []
    for n in range(8):
        start = time.perf_counter()
        palette.search.setText("tandem par"[: n + 1])
        palette.repaint()
        app.processEvents()
        echoes.append((time.perf_counter() - start) * 1000)
        time.sleep(0.03)
    _settle(app, palette, palette.search.text())
    return echoes


def _echo_figures(app: QApplication, palette: CommandPalette, rows: int) -> list[Figure]:
    """Keystroke echo while the worker prepares the queue (first opening), then searches."""
    palette.open_palette()
    app.processEvents()
    busy = _echoes(app, palette)
    palette.search.clear()
    _settle(app, palette, "")
    typing = _echoes(app, palette)
    return [
        Figure(f"{rows} rows: echo while preparing, max", max(busy), "ms", 16.7),
        Figure(f"{rows} rows: echo while preparing, median", statistics.median(busy), "ms", None),
        Figure(f"{rows} rows: echo while searching, max", max(typing), "ms", 16.7),
    ]


def measure(app: QApplication, rows: int) -> list[Figure]:
    """Every figure for one queue size."""
    host = QWidget()
    registry = CommandRegistry(host)
    registry.set_role(Role.SENIOR)
    queue = QueueModel(host)
    items = synthetic_rows(rows)
    queue.reset_with(CasePage(items=items, total=len(items)))
    palette = CommandPalette(registry, queue, lambda _case_id: None, host)
    host.show()
    figures = _echo_figures(app, palette, rows)
    palette.reject()
    page = synthetic_rows(PAGE, first=rows)  # the next page of the queue arrives
    queue.append_page(CasePage(items=page, total=rows + PAGE))
    start_wall, start_cpu = time.perf_counter(), time.thread_time()
    palette.open_palette()
    open_gui = (time.thread_time() - start_cpu) * 1000
    _settle(app, palette, "")
    ready = (time.perf_counter() - start_wall) * 1000
    figures.append(Figure(f"{rows} rows: reopen after a new page, gui", open_gui, "ms", None))
    figures.append(Figure(f"{rows} rows: reopen after a new page, ready", ready, "ms", None))
    for query in QUERIES:
        palette.search.clear()
        _settle(app, palette, "")
        gui, answer = zip(*(_type(app, palette, query) for _ in range(3)), strict=True)
        figures.append(Figure(f"{rows} rows: {len(query)} chars, gui", max(gui), "ms", 16.7))
        figures.append(Figure(f"{rows} rows: {len(query)} chars, answer", max(answer), "ms", None))
    palette.search.clear()
    _settle(app, palette, "")
    typed = QUERIES[-1]
    per_key = [_type(app, palette, typed[: n + 1]) for n in range(len(typed))]
    keys_gui = [gui for gui, _answer in per_key]
    figures.append(Figure(f"{rows} rows: typing, gui mean", statistics.mean(keys_gui), "ms", None))
    figures.append(Figure(f"{rows} rows: typing, gui max", max(keys_gui), "ms", 16.7))
    palette.close()
    host.close()
    return figures


def main() -> None:
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument("--rows", default="20000,100000", help="queue sizes, comma separated")
    arguments = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    measure(app, 50)  # warm up: the first window shown loads fonts and styles
    figures: list[Figure] = []
    for size in arguments.rows.split(","):
        figures.extend(measure(app, int(size)))
    report("Command palette: cost per query (max of 3)", figures, arguments.json)


if __name__ == "__main__":
    main()
