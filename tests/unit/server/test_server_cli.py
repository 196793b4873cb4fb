"""``reviewdesk-server``: setting up a database and serving it as a real process."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from reviewdesk.server.cli import PASSWORD_VARIABLE, main
from reviewdesk.server.db import sqlite_file_url

BANNER = "ReviewDesk Moderation API at "


def init(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``init`` and return the platform key it printed."""
    monkeypatch.setenv(PASSWORD_VARIABLE, "root-pass-1")
    assert main(["init", "--database", url, "--admin-user", "root"]) == 0
    printed = capsys.readouterr().out
    key_line = next(line for line in printed.splitlines() if line.startswith("Platform key"))
    return key_line.rsplit(" ", 1)[1]


def test_init_then_serve_answers_on_loopback_and_stops_on_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_file_url(tmp_path / "team.sqlite3")
    platform_key = init(url, monkeypatch, capsys)
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewdesk.server.cli", "--database", url, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = ""
        for _line in range(10):
            line = process.stdout.readline()
            if line.startswith(BANNER):
                base_url = line[len(BANNER) :].split("/v1", 1)[0]
                break
        assert base_url.startswith("http://127.0.0.1:"), (
            process.stderr.read() if process.stderr else ""
        )
        login = httpx.post(
            f"{base_url}/v1/auth/login",
            json={"username": "root", "password": "root-pass-1"},
            timeout=30.0,
        )
        assert login.status_code == 200
        assert login.json()["moderator"]["role"] == "admin"
        feed = httpx.get(
            f"{base_url}/v1/feed", headers={"Authorization": f"Bearer {platform_key}"}, timeout=30.0
        )
        assert feed.json() == {"entries": [], "last_seq": 0}
    finally:
        process.send_signal(signal.SIGINT)
        _out, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors


def test_init_refuses_a_second_admin_of_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_file_url(tmp_path / "team.sqlite3")
    init(url, monkeypatch, capsys)
    assert main(["init", "--database", url, "--admin-user", "root"]) == 2
    assert "already an account called 'root'" in capsys.readouterr().err


def test_serving_needs_a_database_or_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "--database" in capsys.readouterr().err


def test_serving_an_empty_database_says_to_run_init_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_file_url(tmp_path / "empty.sqlite3")
    assert main(["--database", url, "--port", "0"]) == 2
    assert "reviewdesk-server init" in capsys.readouterr().err


def test_init_reads_a_catalogue_and_refuses_a_broken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "catalogue.json"
    broken.write_text('{"version": "1", "clauses": [{"id": "x"}]}', encoding="utf-8")
    monkeypatch.setenv(PASSWORD_VARIABLE, "pw")
    url = sqlite_file_url(tmp_path / "team.sqlite3")
    code = main(["init", "--database", url, "--admin-user", "root", "--catalogue", str(broken)])
    assert code == 2
    assert "is not valid" in capsys.readouterr().err


def test_init_without_a_catalogue_puts_the_projects_own_catalogue_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewdesk.backends.http import HttpBackend
    from reviewdesk.domain.enums import Category
    from reviewdesk.server.app import create_app
    from reviewdesk.server.db import open_database
    from reviewdesk.server.runner import BackgroundServer

    url = sqlite_file_url(tmp_path / "team.sqlite3")
    init(url, monkeypatch, capsys)
    engine, sessions = open_database(url)
    runner = BackgroundServer(create_app(sessions), "127.0.0.1", 0)
    try:
        backend = HttpBackend.login(runner.start(), "root", "root-pass-1")
        catalogue = backend.get_policy()
        backend.close()
    finally:
        runner.stop()
        engine.dispose()
    assert {clause.category for clause in catalogue.clauses} == set(Category)
