"""The audit desk's exports and batch reversal are made on first use and know the session."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import ModeratorOut
from reviewdesk.domain.enums import Role
from reviewdesk.ui.audit.audit_desk import AuditDesk
from reviewdesk.ui.commands import CommandRegistry
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.tasks import TaskRunner


@dataclass
class RoleOnly:
    """Just enough of a backend to say who is signed in."""

    moderator: ModeratorOut


def _senior() -> Connection:
    moderator = ModeratorOut(id="1", username="sam", display_name="Sam", role=Role.SENIOR)
    return Connection(RoleOnly(moderator), "http://127.0.0.1:1")  # type: ignore[arg-type]


def _desk(qtbot: QtBot, runner: TaskRunner) -> tuple[QMainWindow, AuditDesk]:
    host = QMainWindow()
    qtbot.addWidget(host)
    return host, AuditDesk(host, CommandRegistry(host), runner)


def test_the_batch_reversal_made_after_sign_in_works_for_that_session(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    host, audit = _desk(qtbot, runner)
    audit.attach(_senior())
    reversals = audit.reversals
    assert audit.reversals is reversals
    host.show()
    reversals.start(host, None)
    assert reversals.ask_box is not None, "the reversal did not know the signed-in session"
    reversals.ask_box.reject()
    audit.detach()
    reversals.start(host, None)
    assert reversals.ask_box is None  # signed out: nothing starts


def test_the_batch_reversal_made_before_sign_in_is_attached_at_sign_in(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    host, audit = _desk(qtbot, runner)
    reversals = audit.reversals
    host.show()
    reversals.start(host, None)
    assert reversals.ask_box is None  # nobody signed in
    audit.attach(_senior())
    reversals.start(host, None)
    assert reversals.ask_box is not None
    reversals.ask_box.reject()


def test_the_exporter_is_made_once(qtbot: QtBot, runner: TaskRunner) -> None:
    _host, audit = _desk(qtbot, runner)
    exporter = audit.exporter
    assert audit.exporter is exporter
    assert not exporter.busy
