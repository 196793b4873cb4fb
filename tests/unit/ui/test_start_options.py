"""The ``reviewdesk`` command line: options, defaults and refusals."""

from __future__ import annotations

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
