"""The one command registry: every desk action with its id, title, group and keys.

Menus, buttons and the cheat sheet all read the registry, so a command's title
and keys are written once. :data:`COMMANDS` is the catalogue; a
:class:`CommandRegistry` turns it into ``QAction`` objects carrying the keys
from the keymap, and the main window attaches a handler to each id with
:meth:`CommandRegistry.on`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget

from reviewdesk.domain.enums import OUTCOME_TITLES, Outcome, Role
from reviewdesk.domain.permissions import Permission, may
from reviewdesk.ui.keymap import DEFAULT_KEYMAP, outcome_command_id


@dataclass(frozen=True)
class CommandSpec:
    """What a command is: its stable id, what people call it and where it is listed."""

    id: str
    title: str
    group: str
    #: The roles that may use the command; empty: every role.
    roles: frozenset[Role] = frozenset()


GROUP_QUEUE = "Queue"
GROUP_DECIDE = "Decide"
GROUP_EVIDENCE = "Evidence"
GROUP_DESK = "Desk"
GROUP_HELP = "Help"

#: Selection, grouping and bulk decisions (see reviewdesk.ui.bulk_desk).
BULK_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "selection.toggle", "Select or unselect the case (a group row: the group)", GROUP_QUEUE
    ),
    CommandSpec("selection.extend_down", "Extend the selection down", GROUP_QUEUE),
    CommandSpec("selection.extend_up", "Extend the selection up", GROUP_QUEUE),
    CommandSpec("selection.all", "Select all (the current group, or the filter)", GROUP_QUEUE),
    CommandSpec("selection.clear", "Clear the selection", GROUP_QUEUE),
    CommandSpec(
        "queue.cycle_grouping",
        "Group alike cases: member, text, screenshot, link domain, none",
        GROUP_QUEUE,
    ),
    CommandSpec("queue.toggle_group", "Open or close the group", GROUP_QUEUE),
    CommandSpec("bulk.decide_selection", "Decide the selection…", GROUP_DECIDE),
    CommandSpec("bulk.decide_group", "Decide the group…", GROUP_DECIDE),
    CommandSpec("outbox.undo", "Take back the last decision or batch", GROUP_DECIDE),
)

GROUP_AUDIT = "Audit"
#: Roles that review the team's decisions (the audit commands): those the service
#: lets read the decision log, from the one permission table both sides share.
REVIEWER_ROLES: frozenset[Role] = frozenset(role for role in Role if may(role, Permission.READ_LOG))
#: Roles the service lets reverse a whole batch (senior moderators and admins).
REVERSER_ROLES: frozenset[Role] = frozenset(
    role for role in Role if may(role, Permission.REVERSE_BATCH)
)

#: Every command of the desk, in the order menus and the cheat sheet list them.
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("case.next", "Next case", GROUP_QUEUE),
    CommandSpec("case.previous", "Previous case", GROUP_QUEUE),
    CommandSpec("queue.focus_filter", "Search the queue", GROUP_QUEUE),
    CommandSpec("queue.reload", "Reload the queue", GROUP_QUEUE),
    *BULK_COMMANDS,
    *(
        CommandSpec(outcome_command_id(o), f"Outcome: {OUTCOME_TITLES[o]}", GROUP_DECIDE)
        for o in Outcome
    ),
    CommandSpec("decision.escalate", "Escalate and write why", GROUP_DECIDE),
    CommandSpec("decision.focus_note", "Write a note", GROUP_DECIDE),
    CommandSpec("decision.submit", "Submit the decision and open the next case", GROUP_DECIDE),
    CommandSpec("evidence.next", "Next evidence", GROUP_EVIDENCE),
    CommandSpec("evidence.previous", "Previous evidence", GROUP_EVIDENCE),
    CommandSpec("evidence.fit", "Fit the image", GROUP_EVIDENCE),
    CommandSpec("evidence.zoom_in", "Zoom in", GROUP_EVIDENCE),
    CommandSpec("evidence.zoom_out", "Zoom out", GROUP_EVIDENCE),
    CommandSpec("evidence.actual_size", "Actual size", GROUP_EVIDENCE),
    CommandSpec("outbox.problems", "Delivery problems (conflicts and refusals)", GROUP_DESK),
    CommandSpec("outbox.retry", "Send waiting decisions now", GROUP_DESK),
    CommandSpec("evidence.reveal", "Reveal or hide the screenshot", GROUP_EVIDENCE),
    CommandSpec("evidence.next_frame", "Next frame of an animation", GROUP_EVIDENCE),
    CommandSpec("evidence.previous_frame", "Previous frame of an animation", GROUP_EVIDENCE),
    CommandSpec("evidence.pan_left", "Pan left", GROUP_EVIDENCE),
    CommandSpec("evidence.pan_right", "Pan right", GROUP_EVIDENCE),
    CommandSpec("evidence.pan_up", "Pan up", GROUP_EVIDENCE),
    CommandSpec("evidence.pan_down", "Pan down", GROUP_EVIDENCE),
    CommandSpec("wellbeing.settings", "Image care settings…", GROUP_DESK),
    CommandSpec("wellbeing.pause", "Pause (hide the cases) or resume", GROUP_DESK),
    CommandSpec("help.cheat_sheet", "Keyboard cheat sheet", GROUP_HELP),
    CommandSpec("app.sign_out", "Sign out", GROUP_DESK),
    CommandSpec("app.quit", "Quit", GROUP_DESK),
    CommandSpec("case.skip", "Skip the case (give back the claim, move on)", GROUP_QUEUE),
    CommandSpec("case.claim", "Claim the case", GROUP_QUEUE),
    CommandSpec("help.palette", "Command palette…", GROUP_HELP),
    CommandSpec("desk.keys", "Keyboard shortcuts…", GROUP_DESK),
    CommandSpec("audit.log", "Decision log (audit)", GROUP_AUDIT, REVIEWER_ROLES),
    CommandSpec("audit.sampling", "Quality sampling", GROUP_AUDIT, REVIEWER_ROLES),
    CommandSpec("audit.stats", "Team statistics", GROUP_AUDIT, REVIEWER_ROLES),
    CommandSpec(
        "audit.confirm", "Second review: confirm the decision", GROUP_AUDIT, REVIEWER_ROLES
    ),
    CommandSpec(
        "audit.overturn", "Second review: overturn the decision", GROUP_AUDIT, REVIEWER_ROLES
    ),
    CommandSpec("audit.export_csv", "Export the filtered log as CSV…", GROUP_AUDIT, REVIEWER_ROLES),
    CommandSpec(
        "audit.export_dsa", "Export DSA statements of reasons…", GROUP_AUDIT, REVIEWER_ROLES
    ),
    CommandSpec("audit.reverse_batch", "Reverse a batch…", GROUP_AUDIT, REVERSER_ROLES),
)

#: Menu order; a command of a group not listed here gets a menu after these.
GROUPS: tuple[str, ...] = (
    GROUP_QUEUE,
    GROUP_DECIDE,
    GROUP_EVIDENCE,
    GROUP_DESK,
    GROUP_AUDIT,
    GROUP_HELP,
)

#: The toolbar's commands, each with the short label it shows there.
TOOLBAR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("case.previous", "Previous"),
    ("case.next", "Next"),
    ("case.claim", "Claim"),
    ("case.skip", "Skip"),
    ("decision.escalate", "Escalate"),
    ("decision.submit", "Submit and next"),
    ("queue.reload", "Reload"),
    ("help.palette", "Commands…"),
)


def key_text(keys: tuple[str, ...]) -> str:
    """Keys as the moderator reads them ("J, Down"), in the platform's native words."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class CommandRegistry(QObject):
    """The live commands of one window: a ``QAction`` per command, keyed by id.

    The actions are added to ``host`` so their shortcuts work anywhere in its
    window; attach handlers with :meth:`on`. Keys can change while the window
    is open (:meth:`set_keys`): actions, tooltips and bound buttons follow.
    Commands restricted to some roles (:attr:`CommandSpec.roles`) exist only
    for those roles: until :meth:`set_role` names one of them they are hidden,
    disabled and left out of :meth:`commands`, so no menu, palette or cheat
    sheet lists them and their keys do nothing.
    """

    #: The keys of this command id changed (rebound by the moderator).
    keys_changed = Signal(str)
    #: The commands available changed (a moderator of another role signed in).
    commands_changed = Signal()

    def __init__(
        self,
        host: QWidget,
        keymap: Mapping[str, tuple[str, ...]] = DEFAULT_KEYMAP,
        commands: tuple[CommandSpec, ...] = COMMANDS,
    ) -> None:
        super().__init__(host)
        self._specs = {spec.id: spec for spec in commands}
        self._keymap = dict(keymap)
        self._actions: dict[str, QAction] = {}
        #: Buttons labelled with a command's key: (button, label) per command id.
        self._buttons: dict[str, list[tuple[QAbstractButton, str]]] = {}
        self._role: Role | None = None
        #: Enabled state the desk asked for, applied only while the command is available.
        self._wanted_enabled: dict[str, bool] = {}
        for spec in commands:
            action = QAction(spec.title, host)
            action.setObjectName(spec.id)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            host.addAction(action)
            self._actions[spec.id] = action
            self._apply_keys(spec.id)
            if spec.roles:
                action.setVisible(False)
                action.setEnabled(False)

    def commands(self) -> list[CommandSpec]:
        """Every command the signed-in role may use, in catalogue order."""
        return [spec for spec in self._specs.values() if self.available(spec.id)]

    def all_commands(self) -> list[CommandSpec]:
        """Every command of the catalogue, whatever the role (for building menus once)."""
        return list(self._specs.values())

    def available(self, command_id: str) -> bool:
        """True when the signed-in role may use the command."""
        roles = self._specs[command_id].roles
        return not roles or (self._role is not None and self._role in roles)

    def role(self) -> Role | None:
        """The role commands are offered for (None: nobody signed in)."""
        return self._role

    def set_role(self, role: Role | None) -> None:
        """Offer the commands of ``role``: the others disappear and their keys stop working."""
        if role == self._role:
            return
        self._role = role
        for spec in self._specs.values():
            if spec.roles:
                action = self._actions[spec.id]
                allowed = self.available(spec.id)
                action.setVisible(allowed)
                action.setEnabled(allowed and self._wanted_enabled.get(spec.id, True))
        self.commands_changed.emit()

    def spec(self, command_id: str) -> CommandSpec:
        """The description of one command."""
        return self._specs[command_id]

    def keys(self, command_id: str) -> tuple[str, ...]:
        """The keys bound to a command, in portable text."""
        return self._keymap.get(command_id, ())

    def keymap(self) -> dict[str, tuple[str, ...]]:
        """Every command's keys as they are bound now."""
        return dict(self._keymap)

    def set_keys(self, command_id: str, keys: tuple[str, ...]) -> None:
        """Bind ``command_id`` to ``keys`` at once (the caller checked for conflicts)."""
        self._keymap[command_id] = tuple(keys)
        self._apply_keys(command_id)
        self.keys_changed.emit(command_id)

    def _apply_keys(self, command_id: str) -> None:
        action = self._actions[command_id]
        action.setShortcuts([QKeySequence(k) for k in self.keys(command_id)])
        action.setToolTip(self.describe(command_id))
        for button, label in self._buttons.get(command_id, []):
            self._label_button(button, command_id, label)

    def describe(self, command_id: str) -> str:
        """Title with keys, for tooltips ("Next case (J, Down)")."""
        keys = key_text(self.keys(command_id))
        title = self._specs[command_id].title
        return f"{title} ({keys})" if keys else title

    def action(self, command_id: str) -> QAction:
        """The ``QAction`` of a command."""
        return self._actions[command_id]

    def on(self, command_id: str, handler: Callable[[], object]) -> None:
        """Run ``handler`` whenever the command is triggered (key, menu or button)."""
        self._actions[command_id].triggered.connect(lambda _checked=False: handler())

    def trigger(self, command_id: str) -> None:
        """Run a command as if its key had been pressed (not one the role may not use)."""
        if self.available(command_id):
            self._actions[command_id].trigger()

    def set_enabled(self, command_id: str, enabled: bool) -> None:
        """Enable or disable a command everywhere it appears (never beyond its roles)."""
        self._wanted_enabled[command_id] = enabled
        self._actions[command_id].setEnabled(enabled and self.available(command_id))

    def bind_button(
        self, button: QAbstractButton, command_id: str, text: str = "", trigger: bool = True
    ) -> None:
        """Label ``button`` with the command's title (or ``text``) and first key.

        With ``trigger`` the button runs the command when clicked; without it the
        button keeps its own behaviour (it already does what the command does)
        and its own enabled state, and only takes the command's words and keys.
        """
        label = text or self._specs[command_id].title
        self._buttons.setdefault(command_id, []).append((button, label))
        self._label_button(button, command_id, label)
        if trigger:
            action = self._actions[command_id]
            button.setEnabled(action.isEnabled())
            action.enabledChanged.connect(button.setEnabled)
            button.clicked.connect(lambda _checked=False: self.trigger(command_id))

    def _label_button(self, button: QAbstractButton, command_id: str, label: str) -> None:
        keys = self.keys(command_id)
        shown_key = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        button.setText(f"{shown_key}  {label}" if keys else label)
        button.setToolTip(self.describe(command_id))
        button.setAccessibleName(label)
