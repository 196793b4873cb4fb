"""The sentences the desk says about decisions on their way through the outbox."""

from __future__ import annotations

from reviewdesk.api.models import DecisionOut
from reviewdesk.domain.enums import OUTCOME_TITLES
from reviewdesk.store.outbox_types import OutboxCounts, OutboxEntry, OutboxState
from reviewdesk.ui.case.text_format import format_timestamp
from reviewdesk.ui.error_banner import describe_error


def outcome_phrase(outcome_title: str, clause_ids: list[str]) -> str:
    """ "Warn (harassment-1)": an outcome and the clauses it rests on."""
    return f"{outcome_title} ({', '.join(clause_ids) or 'no clause'})"


def decision_phrase(decision: DecisionOut) -> str:
    """What a recorded decision was, in a few words."""
    return outcome_phrase(OUTCOME_TITLES[decision.outcome], decision.clause_ids)


def conflict_sentence(case_id: str, other: DecisionOut, me: str) -> str:
    """Who decided ``case_id`` first, what and when; ``me`` is the signed-in username."""
    when = format_timestamp(other.decided_at)
    who = "You" if other.moderator.username == me else other.moderator.display_name
    return (
        f"Case {case_id} had already been decided by {who} at {when}: {decision_phrase(other)}. "
        "Your decision was not recorded; it is kept in Delivery problems "
        "(turn it into a note or an appeal there)."
    )


def rejected_sentence(entry: OutboxEntry) -> str:
    """Why the service refused a decision for good, and what the moderator can do."""
    return (
        f"The service refused your decision on case {entry.case_id}: {entry.last_error} "
        "It is kept in Delivery problems, where you can correct and resend it."
    )


def problem_sentence(entry: OutboxEntry, me: str) -> str:
    """The banner's sentence for an entry that ended as a conflict or a rejection."""
    if entry.state is OutboxState.CONFLICT and entry.result is not None:
        return conflict_sentence(entry.case_id, entry.result, me)
    return rejected_sentence(entry)


def delivered_sentence(decision: DecisionOut) -> str:
    """The status bar's note when the service recorded a decision."""
    return f"Recorded: {decision_phrase(decision)} on case {decision.case_id}."


def saved_sentence(entry: OutboxEntry) -> str:
    """The status bar's note when a decision was saved to the outbox."""
    what = outcome_phrase(OUTCOME_TITLES[entry.decision.outcome], entry.decision.clause_ids)
    return f"Saved: {what} on case {entry.case_id}; sending…"


def outbox_label(counts: OutboxCounts, offline: bool) -> str:
    """The status bar's outbox summary, always visible."""
    if counts.waiting == 0:
        text = "Outbox: all delivered"
    else:
        plural = "s" if counts.waiting != 1 else ""
        text = f"Outbox: {counts.waiting} decision{plural} waiting"
        if offline:
            text += " (offline)"
    if counts.problems:
        plural = "s" if counts.problems != 1 else ""
        text += f" · {counts.problems} problem{plural} (Ctrl+Shift+D)"
    if counts.waiting_for_others:
        text += f" · {counts.waiting_for_others} of other sign-ins"
    return text


def offline_sentence(error: Exception | None, waiting: int) -> str:
    """The offline banner: what failed, that nothing is lost, and what still works."""
    reason = describe_error(error) if error is not None else "The service cannot be reached."
    plural = "s are" if waiting != 1 else " is"
    return (
        f"Offline. {reason} {waiting} decision{plural} saved on this computer and will be "
        "sent when the service is back; you can keep deciding the cases already open."
    )
