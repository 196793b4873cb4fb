"""``reviewdesk --demo --screenshot FILE.png`` run as a moderator's shell would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.e2e


def run_desk(*arguments: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment.pop("QT_QPA_PLATFORM", None)  # --screenshot must choose offscreen by itself
    return subprocess.run(
        [sys.executable, "-m", "reviewdesk.ui.main", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_screenshot_writes_the_full_hd_window_once_the_first_case_is_shown(
    tmp_path: Path,
) -> None:
    target = tmp_path / "desk.png"
    result = run_desk("--demo", "--open-cases", "24", "--seed", "11", "--screenshot", str(target))
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1920, 1080)
    sampled = {image.pixel(x, y) for x in range(0, 1920, 37) for y in range(0, 1080, 29)}
    assert len(sampled) > 20, "the window shows content, not a blank surface"


def test_screenshot_gives_up_with_a_message_and_a_non_zero_code(tmp_path: Path) -> None:
    target = tmp_path / "never.png"
    result = run_desk(
        "--demo", "--open-cases", "3", "--screenshot", str(target), "--screenshot-timeout", "0.05"
    )
    assert result.returncode != 0
    assert "Timed out" in result.stderr
    assert not target.exists()
