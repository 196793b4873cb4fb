"""The menu bar and the toolbar, built from the command registry and nothing else.

One menu per command group (Queue, Decide, Evidence, Desk, Help, then any
group a later command brings), each listing its commands in catalogue
order with their keys; the toolbar shows the main commands under short
labels. Both hold the registry's own ``QAction`` objects, so a command
disabled or rebound anywhere is disabled or rebound here too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from reviewdesk.ui.commands import GROUPS, TOOLBAR_COMMANDS, CommandRegistry, CommandSpec


def menu_groups(commands: list[CommandSpec]) -> list[str]:
    """The groups to show as menus: the known ones in their order, then any new ones."""
    present = {spec.group for spec in commands}
    extra = list(dict.fromkeys(spec.group for spec in commands))
    return [g for g in GROUPS if g in present] + [g for g in extra if g not in GROUPS]


def mnemonic_titles(titles: list[str]) -> dict[str, str]:
    """Menu titles with an ``&`` before a letter no other menu uses (Alt+letter opens it)."""
    used: set[str] = set()
    marked: dict[str, str] = {}
    for title in titles:
        position = next(
            (i for i, char in enumerate(title) if char.isalnum() and char.lower() not in used),
            None,
        )
        if position is None:
            marked[title] = title.replace("&", "&&")
            continue
        used.add(title[position].lower())
        marked[title] = (
            title[:position].replace("&", "&&") + "&" + title[position:].replace("&", "&&")
        )
    return marked


def build_menu_bar(menu_bar: QMenuBar, registry: CommandRegistry) -> dict[str, QMenu]:
    """Fill ``menu_bar`` with one menu per group; return the menus by group."""
    commands = registry.commands()
    groups = menu_groups(commands)
    titles = mnemonic_titles(groups)
    menus: dict[str, QMenu] = {}
    for group in groups:
        menu = menu_bar.addMenu(titles[group])
        menu.setAccessibleName(f"{group} menu")
        menus[group] = menu
        for spec in commands:
            if spec.group == group:
                menu.addAction(registry.action(spec.id))
    return menus


def build_toolbar(registry: CommandRegistry, parent: QWidget | None = None) -> QToolBar:
    """A toolbar with the main commands (short labels; the tooltip names the keys)."""
    toolbar = QToolBar("Main commands", parent)
    toolbar.setObjectName("main_commands")
    toolbar.setAccessibleName("Main commands")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    known = {spec.id for spec in registry.commands()}
    for command_id, label in TOOLBAR_COMMANDS:
        if command_id in known:
            action = registry.action(command_id)
            action.setIconText(label)
            toolbar.addAction(action)
    return toolbar
