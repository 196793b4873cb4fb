"""Default key bindings of every desk command, as data.

Keys are written in ``QKeySequence`` portable text ("Ctrl+Return", "F5", "]").
The moderator's own overrides (from settings) replace a command's keys; a
binding that would give one key to two commands is refused with a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from reviewdesk.domain.enums import Outcome

#: Outcome keys 1..8 in the order the desk lists outcomes.
OUTCOME_KEYS: Mapping[Outcome, str] = MappingProxyType(
    {
        Outcome.NO_VIOLATION: "1",
        Outcome.REMOVE_CONTENT: "2",
        Outcome.WARN: "3",
        Outcome.RESTRICT: "4",
        Outcome.SUSPEND: "5",
        Outcome.TERMINATE: "6",
        Outcome.REQUEST_INFO: "7",
        Outcome.ESCALATE: "8",
    }
)


def outcome_command_id(outcome: Outcome) -> str:
    """The id of the command that selects ``outcome`` in the decision panel."""
    return f"outcome.{outcome.value}"


#: Keys of the selection, grouping and bulk-decision commands.
BULK_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "selection.toggle": ("X",),
        "selection.extend_down": ("Shift+J",),
        "selection.extend_up": ("Shift+K",),
        "selection.all": ("Ctrl+A",),
        # Esc in the queue itself clears too (see QueuePanel); never in a text field.
        "selection.clear": ("Shift+X",),
        "queue.cycle_grouping": ("G",),
        "queue.toggle_group": ("O",),
        "bulk.decide_selection": ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
        "bulk.decide_group": ("Ctrl+Shift+G",),
        "outbox.undo": ("Ctrl+Z",),
    }
)

DEFAULT_KEYMAP: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "case.next": ("J", "Down"),
        "case.previous": ("K", "Up"),
        **{outcome_command_id(o): (key,) for o, key in OUTCOME_KEYS.items()},
        "decision.submit": ("Ctrl+Return", "Ctrl+Enter"),
        "decision.escalate": ("E",),
        "decision.focus_note": ("N",),
        "evidence.next": ("]",),
        "evidence.previous": ("[",),
        "evidence.fit": ("F",),
        "evidence.zoom_in": ("+", "="),
        "evidence.zoom_out": ("-",),
        "evidence.actual_size": ("0",),
        "evidence.reveal": ("B",),
        "evidence.next_frame": (".",),
        "evidence.previous_frame": (",",),
        "evidence.pan_left": ("Shift+Left",),
        "evidence.pan_right": ("Shift+Right",),
        "evidence.pan_up": ("Shift+Up",),
        "evidence.pan_down": ("Shift+Down",),
        "queue.focus_filter": ("/",),
        "queue.reload": ("F5",),
        **BULK_KEYS,
        "outbox.problems": ("Ctrl+Shift+D",),
        "outbox.retry": ("Ctrl+Shift+R",),
        "wellbeing.settings": ("Ctrl+,",),
        "wellbeing.pause": ("Ctrl+Shift+P",),
        "help.cheat_sheet": ("?",),
        "app.sign_out": ("Ctrl+Shift+Q",),
        "app.quit": ("Ctrl+Q",),
        "case.skip": ("S",),
        "case.claim": ("C",),
        "help.palette": ("Ctrl+K",),
        "desk.keys": ("Ctrl+Alt+K",),
        "audit.log": ("Ctrl+L",),
        "audit.sampling": ("Ctrl+Shift+S",),
        "audit.stats": ("Ctrl+Shift+T",),
        "audit.confirm": ("Ctrl+Shift+C",),
        "audit.overturn": ("Ctrl+Shift+O",),
        "audit.export_csv": ("Ctrl+Shift+E",),
        "audit.export_dsa": ("Ctrl+Shift+X",),
        "audit.reverse_batch": ("Ctrl+Shift+B",),
    }
)


def normalise_key(key: str) -> str:
    """A comparable form of one key text ("ctrl+return" and "Ctrl+Return" match)."""
    return "+".join(part.strip().lower() for part in key.split("+")) if key != "+" else "+"


def key_conflict(
    keymap: Mapping[str, tuple[str, ...]], command_id: str, keys: tuple[str, ...]
) -> tuple[str, str] | None:
    """The first of ``keys`` another command of ``keymap`` uses: (key, that command's id).

    None when giving ``keys`` to ``command_id`` takes no key from anyone.
    """
    taken = {
        normalise_key(k): other
        for other, other_keys in keymap.items()
        if other != command_id
        for k in other_keys
    }
    for key in keys:
        other = taken.get(normalise_key(key))
        if other is not None:
            return key, other
    return None


def resolve_keymap(
    overrides: Mapping[str, tuple[str, ...]] | None = None,
    defaults: Mapping[str, tuple[str, ...]] = DEFAULT_KEYMAP,
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Apply ``overrides`` to ``defaults``; return the keymap and the refused overrides.

    Overrides are judged together, not one by one: moving "J" from one command
    to another and giving the first one "L" works whatever order they are
    stored in. An override for an unknown command, one without any key, or
    one taking a key another command still uses, is left out (that command
    keeps its default keys) and explained in the returned list.
    """
    keymap = dict(defaults)
    problems: list[str] = []
    applied: list[str] = []
    for command_id, keys in (overrides or {}).items():
        if command_id not in keymap:
            problems.append(f"There is no command '{command_id}' to bind keys to.")
        elif not keys:
            problems.append(f"No key was given for '{command_id}'; the default keys stay.")
        else:
            keymap[command_id] = tuple(keys)
            applied.append(command_id)
    # Give back its defaults to every override that takes a key still in use,
    # until none does (a default given back may take a key from a later override).
    changed = True
    while changed:
        changed = False
        for command_id in reversed(applied):  # the override stored first wins
            clash = key_conflict(keymap, command_id, keymap[command_id])
            if clash is not None:
                problems.append(
                    f"The key {clash[0]} for '{command_id}' is already used by "
                    f"'{clash[1]}'; the default keys stay."
                )
                keymap[command_id] = tuple(defaults[command_id])
                applied.remove(command_id)
                changed = True
                break
    return keymap, problems


def duplicate_keys(keymap: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Keys bound to more than one command: key -> the command ids using it."""
    users: dict[str, list[str]] = {}
    for command_id, keys in keymap.items():
        for key in keys:
            users.setdefault(normalise_key(key), []).append(command_id)
    return {key: ids for key, ids in users.items() if len(ids) > 1}
