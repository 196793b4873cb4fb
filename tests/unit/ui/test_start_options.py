"""The ``reviewdesk`` command line: options, defaults and refusals."""

from __future__ import annotations

import os

import pytest

from reviewdesk.ui.main import parse_args


def test_demo_defaults_sign_in_as_the_agent_on_three_hundred_cases() -> None:
    args = parse_args(["--demo"])
    assert (args.demo, args.open_cases, args.seed, args.user, args.url) == (
        True,
        300,
        7,
        "agent",
        None,
    )
    assert args.screenshot is None


def test_demo_options_are_read() -> None:
    args = parse_args(
        ["--demo", "--open-cases", "25", "--seed", "3", "--user", "senior", "--screenshot", "x.png"]
    )
    assert (args.open_cases, args.seed, args.user, args.screenshot) == (25, 3, "senior", "x.png")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--demo", "--open-cases", "-4"], "--open-cases cannot be negative"),
        (["--demo", "--url", "https://example.org"], "not allowed with argument"),
        (["--screenshot", "x.png"], "--screenshot needs --demo"),
        (["--demo", "--screenshot", "x.png", "--screenshot-timeout", "0"], "must be positive"),
    ],
)
def test_contradictory_or_bad_options_are_refused(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_no_display_on_linux_is_explained_with_the_headless_ways_to_run() -> None:
    from reviewdesk.ui.main import missing_display_message

    message = missing_display_message({}, "linux")
    assert message is not None
    assert "no display found" in message
    assert "xvfb-run" in message
    assert "QT_QPA_PLATFORM=offscreen" in message
    assert missing_display_message({"DISPLAY": ":0"}, "linux") is None
    assert missing_display_message({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display_message({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display_message({}, "darwin") is None


def test_the_desk_exits_with_the_explanation_instead_of_a_qt_abort() -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "reviewdesk.ui.main", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "no display found" in done.stderr
