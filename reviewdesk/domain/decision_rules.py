"""Rules a decision must satisfy before it is sent or recorded."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reviewdesk.domain.enums import CLAUSE_OUTCOMES, TIMED_OUTCOMES, Outcome

MAX_DURATION_DAYS = 3650
MAX_TEXT_LENGTH = 10_000


def decision_problems(
    outcome: Outcome,
    clause_ids: Sequence[str],
    duration_days: int | None,
    note: str,
    known_clause_ids: Collection[str] | None = None,
) -> list[str]:
    """Return every reason this decision is invalid (empty when it is valid).

    Each message is a full sentence a moderator can act on.
    """
    problems: list[str] = []
    if outcome in CLAUSE_OUTCOMES and not clause_ids:
        problems.append(f"A '{outcome.value}' decision must cite at least one policy clause.")
    if known_clause_ids is not None:
        unknown = [c for c in clause_ids if c not in known_clause_ids]
        if unknown:
            problems.append("Unknown policy clause: " + ", ".join(unknown) + ".")
    if len(set(clause_ids)) != len(clause_ids):
        problems.append("A policy clause is cited twice.")
    if outcome in TIMED_OUTCOMES:
        if duration_days is None:
            problems.append(f"A '{outcome.value}' decision needs a duration in days.")
        elif not 1 <= duration_days <= MAX_DURATION_DAYS:
            problems.append(f"The duration must be between 1 and {MAX_DURATION_DAYS} days.")
    elif duration_days is not None:
        problems.append(f"A '{outcome.value}' decision takes no duration.")
    if outcome in (Outcome.ESCALATE, Outcome.REQUEST_INFO) and not note.strip():
        problems.append(f"A '{outcome.value}' decision needs a note saying why.")
    if len(note) > MAX_TEXT_LENGTH:
        problems.append(f"The note is longer than {MAX_TEXT_LENGTH} characters.")
    return problems
