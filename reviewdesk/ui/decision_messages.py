"""The sentences the desk says about a decision that was not (or not knowingly) recorded."""

from __future__ import annotations

from reviewdesk.backends.errors import DecisionConflict, ServiceUnavailable
from reviewdesk.domain.enums import OUTCOME_TITLES
from reviewdesk.ui.case.text_format import format_timestamp
from reviewdesk.ui.decision_sender import SendFailure
from reviewdesk.ui.error_banner import describe_error

#: After a failure that may or may not have recorded the decision.
SAFE_TO_SUBMIT_AGAIN = (
    "Your draft is kept; submitting it again is safe: it will not be recorded twice."
)


def conflict_sentence(conflict: DecisionConflict, me: str) -> str:
    """Who already decided the case, what and when; ``me`` is the signed-in username."""
    decision = conflict.decision
    when = format_timestamp(decision.decided_at)
    clauses = ", ".join(decision.clause_ids) or "no clause"
    what = f"{OUTCOME_TITLES[decision.outcome]} ({clauses})"
    if decision.moderator.username == me:
        # An earlier send was recorded after all, and the draft changed since.
        return (
            f"You already decided this case: {what}, at {when}. That decision stands; "
            "the changed draft was not recorded."
        )
    return (
        f"{decision.moderator.display_name} already decided this case at {when}: "
        f"{what}. Your draft is kept."
    )


def failure_sentence(failure: SendFailure, me: str) -> str:
    """What became of the decision on the case still shown, and what the moderator can do."""
    error = failure.error
    if isinstance(error, DecisionConflict):
        return conflict_sentence(error, me)
    reason = describe_error(error)
    if failure.unknown:
        return f"It is not known yet whether the decision was recorded. {reason} " + (
            SAFE_TO_SUBMIT_AGAIN
        )
    if failure.checked:
        return (
            f"Not recorded: {reason} The service confirmed it holds no such decision. "
            "Your draft is kept; submit it again."
        )
    if isinstance(error, ServiceUnavailable):
        return f"Not recorded: {reason} Your draft is kept; submit again when the service is back."
    return f"Not recorded: {reason}"


def moved_on_sentence(case_id: str, failure: SendFailure) -> str:
    """The banner's sentence when the moderator already moved on from ``case_id``."""
    reason = describe_error(failure.error)
    if failure.unknown:
        return (
            f"It is not known yet whether the decision on case {case_id} was recorded. "
            f"{reason} Open the case again to see."
        )
    return f"The decision on case {case_id} was not recorded. {reason}"
