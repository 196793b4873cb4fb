"""Messages to the reported member and to the reporter, one pair per outcome.

Templates name their blanks with placeholders: ``{member}`` (the member's
display name), ``{clause_id}``, ``{clause_title}``, ``{days}`` (already worded,
"1 day" or "7 days") and ``{case_id}``. Values are put in literally in a single
pass, so a member who calls themselves ``{case_id}`` or ``{0.__class__}`` is
shown exactly as named: nothing they type is read as a template.

A blank whose value is not known yet (no clause picked, no duration typed)
stays visible as its placeholder, so a preview shows what is missing;
:func:`missing_placeholders` lists them before a message is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from reviewdesk.api.models import PolicyClause
from reviewdesk.domain.enums import Outcome

PLACEHOLDERS: tuple[str, ...] = ("member", "clause_id", "clause_title", "days", "case_id")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


@dataclass(frozen=True)
class MessageTemplate:
    """What the reported member and the reporter are told; an empty text sends nothing."""

    member: str
    reporter: str


_APPEAL = " If you think we got this wrong, reply to this message and mention case {case_id}."
_CLAUSE = "clause {clause_id} of our community guidelines (“{clause_title}”)"
_ACTION_TAKEN = (
    "Thank you for your report (case {case_id}). We reviewed it and took action on the "
    "account involved. To protect everyone's privacy we cannot share the details. Reports "
    "like yours help keep this a safe place to learn languages."
)

MESSAGE_TEMPLATES: Mapping[Outcome, MessageTemplate] = MappingProxyType(
    {
        Outcome.NO_VIOLATION: MessageTemplate(
            member="",
            reporter=(
                "Thank you for your report about {member} (case {case_id}). We looked at it "
                "carefully and found no breach of our community guidelines this time. If you "
                "would rather not hear from {member} again, you can block them from their "
                "profile, and your privacy settings let you choose who may message you."
            ),
        ),
        Outcome.REMOVE_CONTENT: MessageTemplate(
            member=(
                "Hello {member}. We removed something you posted because it goes against "
                + _CLAUSE
                + ". Please read that clause before you post again."
                + _APPEAL
            ),
            reporter=(
                "Thank you for your report (case {case_id}). We reviewed it and removed the "
                "content because it breaks our community guidelines."
            ),
        ),
        Outcome.WARN: MessageTemplate(
            member=(
                "Hello {member}. This is a warning: something you did breaks "
                + _CLAUSE
                + ". The warning stays on your account, and further breaches can lead to "
                "restrictions or a suspension." + _APPEAL
            ),
            reporter=_ACTION_TAKEN,
        ),
        Outcome.RESTRICT: MessageTemplate(
            member=(
                "Hello {member}. Because of a breach of "
                + _CLAUSE
                + ", you cannot send messages or post for {days}. Your account stays open, "
                "and you can still read and study in the meantime." + _APPEAL
            ),
            reporter=_ACTION_TAKEN,
        ),
        Outcome.SUSPEND: MessageTemplate(
            member=(
                "Hello {member}. Your account is suspended for {days} because of a breach of "
                + _CLAUSE
                + ". You can sign in again once the suspension ends."
                + _APPEAL
            ),
            reporter=_ACTION_TAKEN,
        ),
        Outcome.TERMINATE: MessageTemplate(
            member=(
                "Hello {member}. We have closed your account for good because of a serious or "
                "repeated breach of " + _CLAUSE + "." + _APPEAL
            ),
            reporter=_ACTION_TAKEN,
        ),
        Outcome.REQUEST_INFO: MessageTemplate(
            member="",
            reporter=(
                "Thank you for your report about {member} (case {case_id}). Before we can "
                "decide, we need a little more from you: please reply with screenshots, links, "
                "or the date and time of the messages you mentioned. The case stays open until "
                "we hear back."
            ),
        ),
        Outcome.ESCALATE: MessageTemplate(
            member="",
            reporter=(
                "Thank you for your report (case {case_id}). A senior member of our safety team "
                "is taking a closer look, and we will let you know once a decision is made."
            ),
        ),
    }
)


def days_phrase(days: int) -> str:
    """``days`` worded for a message: "1 day", "30 days"."""
    return f"{days} day" if days == 1 else f"{days} days"


def fill(template: str, values: Mapping[str, str]) -> str:
    """Put ``values`` into the placeholders of ``template`` literally, in one pass.

    Placeholders without a value, and any other braces, are left as they are.
    """
    return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), template)


def _values(
    clause: PolicyClause | None, member_name: str, case_id: str, days: int | None
) -> dict[str, str]:
    values = {"member": member_name, "case_id": case_id}
    if clause is not None:
        values |= {"clause_id": clause.id, "clause_title": clause.title}
    if days is not None and days >= 1:
        values["days"] = days_phrase(days)
    return values


def missing_placeholders(
    outcome: Outcome,
    clause: PolicyClause | None,
    days: int | None,
    *,
    templates: Mapping[Outcome, MessageTemplate] = MESSAGE_TEMPLATES,
) -> list[str]:
    """The placeholders ``outcome``'s messages use that would stay unfilled, in order.

    Judged from the templates, not the rendered text, so a member named
    ``{days}`` does not look like a missing duration.
    """
    template = templates[outcome]
    known = _values(clause, "", "", days)
    used = (found.group(1) for found in _PLACEHOLDER.finditer(template.member + template.reporter))
    return [name for name in dict.fromkeys(used) if name not in known]


def render_messages(
    outcome: Outcome,
    clause: PolicyClause | None,
    member_name: str,
    case_id: str,
    days: int | None,
    *,
    templates: Mapping[Outcome, MessageTemplate] = MESSAGE_TEMPLATES,
) -> tuple[str, str]:
    """The ``(member_message, reporter_message)`` for ``outcome``; empty when nobody is told.

    Without a ``clause``, or with ``days`` missing or below one, the matching
    placeholders stay in the text (see :func:`missing_placeholders`).
    """
    template = templates[outcome]
    values = _values(clause, member_name, case_id, days)
    return fill(template.member, values), fill(template.reporter, values)
