"""The cyclic garbage collector rests while the desk starts: imports, window, first case.

Starting the desk makes a few hundred thousand objects, nearly all of which
live as long as the desk; the collector would walk them again and again while
they are made (about a tenth of the start's processor time). The ``reviewdesk``
command pauses it first thing (:func:`pause`; not for ``--demo``, whose
generation needs it); the desk resumes it once its
first case is on screen (:func:`resume`): one collection sweeps what the start
left behind, everything still alive is frozen out of later full sweeps (they
would otherwise pause the window), and collection carries on as usual. A desk
that shows no case resumes it after :data:`RESUME_AFTER_MS` at the latest.

The work that waits for the first case (the database layer, the language
model) then makes a few hundred thousand long-lived objects more; left in the
collector's oldest generation, every later full sweep walks them all again
(40 ms and more, on whichever thread it falls, holding the interpreter lock
the window needs). Once each of those is done the desk freezes them too
(:func:`freeze_settled`), without a collection: that work leaves a few dozen
objects of garbage, not worth a sweep of everything. Each kind of work
freezes once: done again at a later sign-in, it would freeze whatever the
desk holds then.
"""

from __future__ import annotations

import gc

#: The longest the collector rests (ms from the desk's start), case or no case.
RESUME_AFTER_MS = 10_000

_paused = False
#: The kinds of post-start work whose objects were frozen (see :func:`freeze_settled`).
_settled: set[str] = set()


def pause() -> None:
    """Pause the collector for the start (nothing when it is off already)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def paused() -> bool:
    """True between :func:`pause` and :func:`resume`."""
    return _paused


def freeze_settled(work: str) -> None:
    """Keep everything alive now out of later full sweeps: ``work``, done after the start,
    has made its long-lived objects.

    Once per kind of ``work`` and process: the same work done again later (the
    database opened at the next sign-in) would freeze the moderator's cases of
    the moment, and garbage cycles among them would never be freed. Nothing
    while the collector rests: :func:`resume` freezes it all anyway.
    """
    if work in _settled:
        return
    _settled.add(work)
    if not _paused:
        gc.freeze()


def forget_settled() -> None:
    """Let every kind of work freeze once more (for tests)."""
    _settled.clear()


def resume() -> None:
    """Sweep the start's garbage, freeze what lives on, and collect as usual again.

    Does nothing unless :func:`pause` paused the collector (then once only).
    """
    global _paused
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    gc.enable()
