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
        "outbox.problems": ("Ctrl+Shift+D",),
        "outbox.retry": ("Ctrl+Shift+R",),
        "wellbeing.settings": ("Ctrl+,",),
        "wellbeing.pause": ("Ctrl+Shift+P",),
        "help.cheat_sheet": ("?",),
        "app.sign_out": ("Ctrl+Shift+Q",),
        "app.quit": ("Ctrl+Q",),
        "audit.log": ("Ctrl+L",),
        "audit.sampling": ("Ctrl+Shift+S",),
        "audit.stats": ("Ctrl+Shift+T",),
        "audit.confirm": ("Ctrl+Shift+C",),
        "audit.overturn": ("Ctrl+Shift+O",),
        "audit.export_csv": ("Ctrl+Shift+E",),
        "audit.export_dsa": ("Ctrl+Shift+X",),
    }
)


def normalise_key(key: str) -> str:
    """A comparable form of one key text ("ctrl+return" and "Ctrl+Return" match)."""
    return "+".join(part.strip().lower() for part in key.split("+")) if key != "+" else "+"


def resolve_keymap(
    overrides: Mapping[str, tuple[str, ...]] | None = None,
    defaults: Mapping[str, tuple[str, ...]] = DEFAULT_KEYMAP,
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Apply ``overrides`` to ``defaults``; return the keymap and the refused overrides.

    An override for an unknown command, or one taking a key another command
    already uses, is left out and explained in the returned list.
    """
    keymap = dict(defaults)
    problems: list[str] = []
    for command_id, keys in (overrides or {}).items():
        if command_id not in keymap:
            problems.append(f"There is no command '{command_id}' to bind keys to.")
            continue
        taken = {
            normalise_key(k): other
            for other, other_keys in keymap.items()
            if other != command_id
            for k in other_keys
        }
        clashes = [k for k in keys if normalise_key(k) in taken]
        if clashes:
            problems.append(
                f"The key {clashes[0]} for '{command_id}' is already used by "
                f"'{taken[normalise_key(clashes[0])]}'; the default keys stay."
            )
            continue
        keymap[command_id] = tuple(keys)
    return keymap, problems


def duplicate_keys(keymap: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Keys bound to more than one command: key -> the command ids using it."""
    users: dict[str, list[str]] = {}
    for command_id, keys in keymap.items():
        for key in keys:
            users.setdefault(normalise_key(key), []).append(command_id)
    return {key: ids for key, ids in users.items() if len(ids) > 1}
