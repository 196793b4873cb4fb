"""The audit commands exist only for roles that may audit: menus, cheat sheet, keys."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import ModeratorOut
from reviewdesk.domain.enums import Role
from reviewdesk.ui.audit.audit_desk import AUDIT_COMMANDS, AuditDesk
from reviewdesk.ui.cheat_sheet import CheatSheetDialog
from reviewdesk.ui.commands import GROUPS, CommandRegistry
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.tasks import TaskRunner
from reviewdesk.ui.typing_guard import install_typing_guard


@dataclass
class RoleOnly:
    """Just enough of a backend to say who is signed in."""

    moderator: ModeratorOut


def connection_as(role: Role) -> Connection:
    moderator = ModeratorOut(id="1", username=role.value, display_name="Ana", role=role)
    return Connection(RoleOnly(moderator), "http://127.0.0.1:1")  # type: ignore[arg-type]


class Host(QMainWindow):
    """A window with the registry and its menus, as the main window builds them."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.registry = CommandRegistry(self)
        for group in GROUPS:
            menu = self.menuBar().addMenu(f"&{group}")
            for spec in self.registry.commands():
                if spec.group == group:
                    menu.addAction(self.registry.action(spec.id))
        self.audit = AuditDesk(self, self.registry, runner)
        self.opened: list[int] = []
        self.audit.show = self.opened.append  # type: ignore[method-assign]


@pytest.fixture
def host(qtbot: QtBot, runner: TaskRunner) -> Host:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    window = Host(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def audit_menu_visible(host: Host) -> bool:
    for action in host.menuBar().actions():
        if action.text() == "&Audit":
            return action.isVisible()
    raise AssertionError("no Audit menu")


def test_an_agent_has_no_audit_command_anywhere(qtbot: QtBot, host: Host) -> None:
    host.audit.attach(connection_as(Role.AGENT))
    ids = {spec.id for spec in host.registry.commands()}
    assert ids
    assert not ids & {spec.id for spec in AUDIT_COMMANDS}
    assert not audit_menu_visible(host)
    for spec in AUDIT_COMMANDS:
        action = host.registry.action(spec.id)
        assert not action.isVisible()
        assert not action.isEnabled()
    sheet = CheatSheetDialog(host.registry, host)
    qtbot.addWidget(sheet)
    titles = {sheet.model.index(r, 1).data() for r in range(sheet.model.rowCount())}
    assert "Decision log (audit)" not in titles
    qtbot.keyClick(host, "L", Qt.KeyboardModifier.ControlModifier)
    host.registry.trigger("audit.log")
    host.registry.set_enabled("audit.log", True)  # the desk cannot switch it on either
    assert not host.registry.action("audit.log").isEnabled()
    assert host.opened == []


def test_a_senior_gets_them_and_loses_them_on_signing_out(qtbot: QtBot, host: Host) -> None:
    sheet = CheatSheetDialog(host.registry, host)
    qtbot.addWidget(sheet)
    host.audit.attach(connection_as(Role.SENIOR))
    assert audit_menu_visible(host)
    assert {spec.id for spec in AUDIT_COMMANDS} <= {s.id for s in host.registry.commands()}
    titles = {sheet.model.index(r, 1).data() for r in range(sheet.model.rowCount())}
    assert "Decision log (audit)" in titles  # the open cheat sheet followed the role
    qtbot.keyClick(host, "L", Qt.KeyboardModifier.ControlModifier)
    assert host.opened == [0]
    host.audit.detach()
    assert not audit_menu_visible(host)
    assert not host.registry.action("audit.log").isEnabled()
    titles = {sheet.model.index(r, 1).data() for r in range(sheet.model.rowCount())}
    assert "Decision log (audit)" not in titles


def test_an_admin_audits_too(host: Host) -> None:
    host.audit.attach(connection_as(Role.ADMIN))
    assert host.audit.available()
    assert audit_menu_visible(host)
