"""``reviewdesk-server``: serve the demo or a database, set one up, write the OpenAPI file."""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TextIO

from pydantic import ValidationError

from reviewdesk.api.models import PolicyCatalogue
from reviewdesk.domain.enums import Role
from reviewdesk.server.app import create_app, schema_only_app
from reviewdesk.server.db import open_database
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.openapi import write_openapi
from reviewdesk.server.runner import BackgroundServer
from reviewdesk.server.security import new_secret
from reviewdesk.server.seed import is_seeded
from reviewdesk.server.services.accounts import (
    add_platform_key,
    create_moderator,
    moderator_by_username,
)
from reviewdesk.server.services.catalogue import install_catalogue
from reviewdesk.server.settings import utc_now

PASSWORD_VARIABLE = "REVIEWDESK_ADMIN_PASSWORD"
DEMO_GENERATOR = "reviewdesk.server.demo.generator"


class CliError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewdesk-server",
        description="Serve the ReviewDesk Moderation API. "
        "Run 'reviewdesk-server init --help' to set up a new database.",
    )
    parser.add_argument("--demo", action="store_true", help="serve a generated demo community")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port (default: %(default)s; 0 picks a free one)"
    )
    parser.add_argument(
        "--database", help="SQLAlchemy URL (with --demo: default a fresh temporary SQLite file)"
    )
    parser.add_argument(
        "--open-cases", type=int, default=300, help="demo: open cases (default: %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="demo: random seed (default: %(default)s)"
    )
    parser.add_argument(
        "--synthetic-cases",
        type=int,
        default=0,
        metavar="N",
        help="demo: add N plain open cases, bulk-inserted (100,000 in seconds; for load tests)",
    )
    parser.add_argument(
        "--write-openapi", type=Path, metavar="FILE", help="write the OpenAPI document and exit"
    )
    return parser


def _init_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewdesk-server init",
        description="Create the tables, an admin account and a platform key. The password "
        f"is read from ${PASSWORD_VARIABLE}, or else from standard input.",
    )
    parser.add_argument("--database", required=True, help="SQLAlchemy URL")
    parser.add_argument("--admin-user", required=True, help="username of the admin account")
    parser.add_argument("--display-name", help="the admin's display name (default: the username)")
    parser.add_argument(
        "--catalogue",
        type=Path,
        help="a PolicyCatalogue JSON file to put in force (default: ReviewDesk's own catalogue)",
    )
    return parser


def _read_password(stdin: TextIO) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = getpass.getpass("Admin password: ") if stdin.isatty() else stdin.readline()
    password = password.rstrip("\r\n")
    if not password:
        raise CliError(f"Give the admin password in ${PASSWORD_VARIABLE} or on standard input.")
    return password


def _load_catalogue(path: Path) -> PolicyCatalogue:
    try:
        return PolicyCatalogue.model_validate_json(path.read_bytes())
    except OSError as error:
        raise CliError(f"Cannot read the catalogue {path}: {error.strerror}.") from None
    except ValidationError as error:
        raise CliError(f"The catalogue {path} is not valid: {error.errors()[0]['msg']}.") from None


def run_init(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> None:
    """Set up a database: tables, the admin account, a platform key, the catalogue."""
    catalogue = _load_catalogue(args.catalogue) if args.catalogue else build_catalogue()
    password = _read_password(stdin)
    engine, sessions = open_database(args.database)
    try:
        with sessions() as session:
            if moderator_by_username(session, args.admin_user) is not None:
                raise CliError(f"There is already an account called '{args.admin_user}'.")
            now = utc_now()
            create_moderator(
                session, args.admin_user, password, args.display_name or args.admin_user, Role.ADMIN
            )
            platform_key = new_secret()
            add_platform_key(session, platform_key, "created by init", now)
            if catalogue is not None:
                install_catalogue(session, catalogue, now)
            session.commit()
    finally:
        engine.dispose()
    print(f"Created admin account '{args.admin_user}'.", file=out)
    print(f"Platform key (shown once, keep it secret): {platform_key}", file=out)


def _demo_community(seed: int, open_cases: int) -> DemoCommunity:
    try:
        generator = importlib.import_module(DEMO_GENERATOR)
    except ImportError as error:
        raise CliError(f"The demo community generator is not available: {error}.") from None
    community = generator.generate_community(seed=seed, open_cases=open_cases)
    if not isinstance(community, DemoCommunity):
        raise CliError("The demo community generator returned something that is no community.")
    return community


def _wait_for_interrupt(out: TextIO) -> None:
    stopped = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print("Press Ctrl+C to stop.", file=out, flush=True)
        while not stopped.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _print_banner(base_url: str, out: TextIO) -> None:
    print(f"ReviewDesk Moderation API at {base_url}/v1 (documentation: {base_url}/docs)", file=out)


def run_serve(args: argparse.Namespace, out: TextIO) -> None:
    """Serve the demo community or an existing database until interrupted."""
    if args.synthetic_cases < 0:
        raise CliError("--synthetic-cases must not be negative.")
    if args.demo:
        print("Generating and seeding the demo community...", file=out, flush=True)
        community = _demo_community(args.seed, args.open_cases)
        demo = EmbeddedServer(
            community,
            args.database,
            host=args.host,
            port=args.port,
            synthetic_cases=args.synthetic_cases,
        )
        demo_url = demo.start()
        try:
            _print_banner(demo_url, out)
            print("Demo moderators (username / password / role):", file=out)
            for moderator in community.moderators:
                print(
                    f"  {moderator.username} / {moderator.password} / {moderator.role.value}",
                    file=out,
                )
            print(f"Platform key: {community.platform_key}", file=out)
            _wait_for_interrupt(out)
        finally:
            demo.stop()
        return
    if args.synthetic_cases:
        raise CliError("--synthetic-cases goes with --demo.")
    if not args.database:
        raise CliError("Give --database URL to serve, or --demo to serve a demo community.")
    engine, sessions = open_database(args.database)
    try:
        if not is_seeded(sessions):
            raise CliError(
                "The database has no accounts yet; set it up first with "
                "'reviewdesk-server init --database URL --admin-user NAME'."
            )
        runner = BackgroundServer(create_app(sessions), args.host, args.port)
        base_url = runner.start()
        try:
            _print_banner(base_url, out)
            _wait_for_interrupt(out)
        finally:
            runner.stop()
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments[:1] == ["init"]:
            run_init(_init_parser().parse_args(arguments[1:]), sys.stdin, sys.stdout)
            return 0
        args = _serve_parser().parse_args(arguments)
        if args.write_openapi is not None:
            write_openapi(schema_only_app(), args.write_openapi)
            print(f"Wrote {args.write_openapi}", file=sys.stdout)
            return 0
        run_serve(args, sys.stdout)
    except CliError as error:
        print(f"reviewdesk-server: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"reviewdesk-server: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
