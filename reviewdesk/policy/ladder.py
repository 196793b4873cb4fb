"""The sanction ladder: which rung a member's next offence reaches."""

from __future__ import annotations

from collections.abc import Iterable

from reviewdesk.api.models import LadderStep, PolicyClause, Strike
from reviewdesk.policy.catalogue import PolicyIndex


def suggest_sanction(clause: PolicyClause, prior_strikes_for_clause_or_category: int) -> LadderStep:
    """The rung for an offence after that many prior strikes, capped at the last rung.

    No prior strike gives the first rung; more strikes than rungs give the last.
    """
    if prior_strikes_for_clause_or_category < 0:
        raise ValueError("The number of prior strikes cannot be negative.")
    rung = min(prior_strikes_for_clause_or_category, len(clause.ladder) - 1)
    return clause.ladder[rung]


def prior_strikes(strikes: Iterable[Strike], clause: PolicyClause, index: PolicyIndex) -> int:
    """How many of ``strikes`` were for ``clause`` or another clause of its category.

    A strike citing a clause the catalogue no longer has counts only if its id
    is the clause's own.
    """
    count = 0
    for strike in strikes:
        if strike.clause_id == clause.id:
            count += 1
            continue
        cited = index.get(strike.clause_id)
        if cited is not None and cited.category == clause.category:
            count += 1
    return count
