"""Demo start-up and the service round trips behind opening one case.

Measures, on loopback against the reference service seeded with the full demo
community: generating the community, seeding and starting the service, and
the p50/p95 latency of each call the desk makes to show a case (queue page,
case detail, member history, one screenshot). Run alone with
``python benchmarks/bench_demo_service.py [--json FILE] [--open-cases N]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.report import Figure, argument_parser, percentile, report
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.http import HttpBackend
from reviewdesk.server.demo.generator import generate_community
from reviewdesk.server.embedded import EmbeddedServer

ROUNDS = 60


def _timed_ms(action: Callable[[str], object], argument: str) -> float:
    """Run ``action(argument)`` once and return how long it took in milliseconds."""
    started = time.perf_counter()
    action(argument)
    return (time.perf_counter() - started) * 1000.0


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argument_parser(__doc__ or "")
    parser.add_argument("--open-cases", type=int, default=300)
    args = parser.parse_args()

    started = time.perf_counter()
    community = generate_community(open_cases=args.open_cases)
    generate_ms = (time.perf_counter() - started) * 1000.0

    server = EmbeddedServer(community)
    started = time.perf_counter()
    url = server.start(timeout=120.0)
    start_ms = (time.perf_counter() - started) * 1000.0
    try:
        backend = HttpBackend.login(url, "agent", "agent-demo")
        page = backend.list_cases(CaseFilter(), limit=100)

        def _first_page(_: str) -> object:
            return backend.list_cases(CaseFilter(), limit=100)

        cases = [backend.get_case(s.id) for s in page.items[:ROUNDS]]
        with_images = [c for c in cases if c.attachments][:ROUNDS]
        list_ms = [_timed_ms(_first_page, "") for _ in range(ROUNDS)]
        detail_ms = [_timed_ms(backend.get_case, c.summary.id) for c in cases]
        history_ms = [_timed_ms(backend.get_member_history, c.summary.member_id) for c in cases]
        image_ms = [_timed_ms(backend.get_attachment, c.attachments[0].id) for c in with_images]
        backend.close()
    finally:
        server.stop()

    figures = [
        Figure("generate demo community", generate_ms, "ms", 5000.0),
        Figure("seed and start service", start_ms, "ms", 8000.0),
        Figure("queue page (100) p50", percentile(list_ms, 0.5), "ms", 30.0),
        Figure("queue page (100) p95", percentile(list_ms, 0.95), "ms", 60.0),
        Figure("case detail p50", percentile(detail_ms, 0.5), "ms", 15.0),
        Figure("case detail p95", percentile(detail_ms, 0.95), "ms", 30.0),
        Figure("member history p95", percentile(history_ms, 0.95), "ms", 30.0),
    ]
    if image_ms:
        figures.append(Figure("screenshot download p95", percentile(image_ms, 0.95), "ms", 30.0))
    report(
        f"Demo service on loopback ({args.open_cases} open cases, {ROUNDS} rounds)",
        figures,
        args.json,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
