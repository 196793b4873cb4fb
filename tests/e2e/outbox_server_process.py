"""The reference service with many open cases, in a process of its own (for the faults proof).

Run as ``python outbox_server_process.py CASES DIRECTORY``: it seeds
:func:`outbox_service.bulk_community` into a database in DIRECTORY, serves it
on 127.0.0.1, prints ``URL <address>`` and ``DATABASE <url>`` on stdout, and
stops when its standard input closes. A separate process keeps the service's
own work from competing with the desk for the interpreter lock, as it never
does in real use, so the desk's event loop is measured alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from outbox_service import bulk_community, running_service


def main(argv: list[str]) -> int:
    """Serve until stdin closes."""
    cases, directory = int(argv[1]), Path(argv[2])
    with running_service(bulk_community(cases), directory) as service:
        print(f"URL {service.url}", flush=True)
        print(f"DATABASE {service.database_url}", flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
