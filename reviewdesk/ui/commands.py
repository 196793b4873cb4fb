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

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget

from reviewdesk.domain.enums import OUTCOME_TITLES, Outcome
from reviewdesk.ui.keymap import DEFAULT_KEYMAP, outcome_command_id


@dataclass(frozen=True)
class CommandSpec:
    """What a command is: its stable id, what people call it and where it is listed."""

    id: str
    title: str
    group: str


GROUP_QUEUE = "Queue"
GROUP_DECIDE = "Decide"
GROUP_EVIDENCE = "Evidence"
GROUP_DESK = "Desk"

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
    CommandSpec("help.cheat_sheet", "Keyboard cheat sheet", GROUP_DESK),
    CommandSpec("app.sign_out", "Sign out", GROUP_DESK),
    CommandSpec("app.quit", "Quit", GROUP_DESK),
)

GROUPS: tuple[str, ...] = (GROUP_QUEUE, GROUP_DECIDE, GROUP_EVIDENCE, GROUP_DESK)


def key_text(keys: tuple[str, ...]) -> str:
    """Keys as the moderator reads them ("J, Down"), in the platform's native words."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class CommandRegistry(QObject):
    """The live commands of one window: a ``QAction`` per command, keyed by id.

    The actions are added to ``host`` so their shortcuts work anywhere in its
    window; attach handlers with :meth:`on`.
    """

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
        for spec in commands:
            action = QAction(spec.title, host)
            action.setObjectName(spec.id)
            action.setShortcuts([QKeySequence(k) for k in self._keymap.get(spec.id, ())])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(self.describe(spec.id))
            host.addAction(action)
            self._actions[spec.id] = action

    def commands(self) -> list[CommandSpec]:
        """Every command, in catalogue order."""
        return list(self._specs.values())

    def spec(self, command_id: str) -> CommandSpec:
        """The description of one command."""
        return self._specs[command_id]

    def keys(self, command_id: str) -> tuple[str, ...]:
        """The keys bound to a command, in portable text."""
        return self._keymap.get(command_id, ())

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
        """Run a command as if its key had been pressed."""
        self._actions[command_id].trigger()

    def set_enabled(self, command_id: str, enabled: bool) -> None:
        """Enable or disable a command everywhere it appears."""
        self._actions[command_id].setEnabled(enabled)

    def bind_button(
        self, button: QAbstractButton, command_id: str, text: str = "", trigger: bool = True
    ) -> None:
        """Label ``button`` with the command's title (or ``text``) and first key.

        With ``trigger`` the button runs the command when clicked; without it the
        button keeps its own behaviour (it already does what the command does)
        and its own enabled state, and only takes the command's words and keys.
        """
        keys = self.keys(command_id)
        label = text or self._specs[command_id].title
        shown_key = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        button.setText(f"{shown_key}  {label}" if keys else label)
        button.setToolTip(self.describe(command_id))
        button.setAccessibleName(label)
        if trigger:
            action = self._actions[command_id]
            button.setEnabled(action.isEnabled())
            action.enabledChanged.connect(button.setEnabled)
            button.clicked.connect(lambda _checked=False: self.trigger(command_id))
