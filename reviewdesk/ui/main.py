"""The ``reviewdesk`` command: parse the options, start the desk, run Qt's event loop.

``reviewdesk --demo`` opens the desk on a generated demo community served by
the embedded reference server on 127.0.0.1; ``reviewdesk --url URL`` signs in
to a real service; ``--screenshot FILE.png`` writes the window to a PNG
(offscreen, 1920x1080) once the first case is fully shown, then exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping
from typing import TYPE_CHECKING

from reviewdesk.ui import startup_gc
from reviewdesk.ui.start_options import (
    DEFAULT_DEMO_USER,
    DEFAULT_OPEN_CASES,
    DEFAULT_SEED,
    DemoOptions,
    StartOptions,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from reviewdesk.ui.settings import DeskSettings

DEFAULT_SCREENSHOT_TIMEOUT_S = 180.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked; errors exit with argparse's usage message."""
    parser = argparse.ArgumentParser(
        prog="reviewdesk", description="The ReviewDesk moderation desk."
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--demo",
        action="store_true",
        help="work on a generated demo community served on 127.0.0.1",
    )
    source.add_argument("--url", help="the moderation service to sign in to")
    parser.add_argument(
        "--open-cases",
        type=int,
        default=DEFAULT_OPEN_CASES,
        metavar="N",
        help=f"demo: open cases (default {DEFAULT_OPEN_CASES})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, metavar="S", help="demo: random seed"
    )
    parser.add_argument(
        "--user",
        default=DEFAULT_DEMO_USER,
        metavar="NAME",
        help="demo: the account to sign in as (agent, agent2, senior, admin)",
    )
    parser.add_argument(
        "--database",
        metavar="FILE",
        help="the desk's own database (outbox, case cache); default: in the user's data "
        "directory, or for --demo a file that lasts as long as the demo",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="write the window to a PNG and exit"
    )
    parser.add_argument(
        "--screenshot-timeout",
        type=float,
        default=DEFAULT_SCREENSHOT_TIMEOUT_S,
        metavar="SECONDS",
        help="how long --screenshot waits for the first case",
    )
    args = parser.parse_args(argv)
    if args.open_cases < 0:
        parser.error("--open-cases cannot be negative")
    if args.screenshot and not args.demo and not args.url:
        parser.error("--screenshot needs --demo (or --url with a saved sign-in)")
    if args.screenshot_timeout <= 0:
        parser.error("--screenshot-timeout must be positive")
    return args


#: What the offscreen platform says about every window it cannot size natively.
OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"


def quiet_offscreen_notes() -> None:
    """Drop the offscreen platform's harmless note; every other Qt message still prints."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if message != OFFSCREEN_NOTE:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def missing_display_message(environ: Mapping[str, str], platform: str) -> str | None:
    """A sentence saying how to run the desk when no screen is reachable, else None.

    On Linux a window needs an X11 or Wayland display; without one Qt would
    abort with a message that suggests reinstalling.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "reviewdesk: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
        "Run it in a desktop session, or on a headless machine either\n"
        "  xvfb-run -s '-screen 0 1920x1080x24' reviewdesk --demo\n"
        "or write the window to a picture with\n"
        "  QT_QPA_PLATFORM=offscreen reviewdesk --demo --screenshot desk.png"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the desk; return the process exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = missing_display_message(os.environ, sys.platform)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2

    if not args.demo:  # the demo's generation makes garbage enough to need the collector
        # The collector rests until the first case is on screen (see startup_gc.py).
        startup_gc.pause()
    # Qt is imported only now, after the platform was chosen.
    from PySide6.QtWidgets import QApplication

    from reviewdesk.ui.settings import APPLICATION, ORGANISATION, open_settings
    from reviewdesk.ui.typing_guard import install_typing_guard

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        quiet_offscreen_notes()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["reviewdesk"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("ReviewDesk")
    install_typing_guard(app)

    with tempfile.TemporaryDirectory(prefix="reviewdesk-") as scratch:
        # The demo's service lives as long as the desk, and so do its decisions.
        demo_database = os.path.join(scratch, "demo-desk.sqlite3") if args.demo else None
        options = StartOptions(
            demo=args.demo,
            demo_options=DemoOptions(
                open_cases=args.open_cases, seed=args.seed, username=args.user
            ),
            url=args.url,
            database=args.database or demo_database,
        )
        # A screenshot shows the default layout and leaves the moderator's settings alone.
        settings_file = os.path.join(scratch, "screenshot.ini") if args.screenshot else None
        return _run(app, args, options, open_settings(settings_file))


def _run(
    app: QApplication, args: argparse.Namespace, options: StartOptions, settings: DeskSettings
) -> int:
    """Start the desk and run the event loop until it quits; return the exit code."""
    from reviewdesk.ui.desk_app import Desk
    from reviewdesk.ui.screenshot import ScreenshotJob

    desk = Desk(options, settings)
    exit_code = 0

    def finish(code: int) -> None:
        nonlocal exit_code
        exit_code = code
        desk.window.close()
        app.quit()

    if args.screenshot:
        job = ScreenshotJob(desk, args.screenshot, args.screenshot_timeout)
        job.done.connect(finish)
    app.aboutToQuit.connect(desk.shutdown)
    desk.start()
    loop_code = app.exec()
    desk.shutdown()
    return exit_code or loop_code


if __name__ == "__main__":
    sys.exit(main())
