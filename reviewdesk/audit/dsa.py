"""Decision-log entries as DSA statements of reasons, validated before export.

Each restricting decision becomes one statement in the EU Transparency
Database's JSON format. Our decisions apply the community policy, so the
ground is always content incompatible with the terms; the category comes
from the first cited clause's category (others go to ``category_addition``).
Outcomes map to restrictions:

- ``remove_content``: visibility, content removed (no end date);
- ``restrict``: partial suspension of the service, ending after the duration;
- ``suspend``: account suspended, ending after the duration;
- ``terminate``: account terminated (no end date).

``no_violation`` and ``warn`` restrict nothing, and ``escalate`` /
``request_info`` decide nothing yet: none can be stated, and the export says
so naming the field (``decision_visibility``). An overturn is stated as its
corrected decision; a confirmation states nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from reviewdesk.api.models import LogEntry
from reviewdesk.audit.dsa_fields import EEA_COUNTRIES, statement_problems
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import (
    OUTCOME_TITLES,
    SURFACE_TITLES,
    Category,
    Outcome,
    SubjectKind,
    Surface,
)

#: The DSA category of each of our policy categories.
DSA_CATEGORY: dict[Category, str] = {
    Category.SPAM: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    Category.COMMERCIAL: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    Category.DATING: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    Category.SEXUAL_CONTENT: "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
    Category.HARASSMENT: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Category.ENTANGLED_HARASSMENT: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Category.IMPERSONATION: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Category.PERSONAL_DATA: "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    Category.OFF_PLATFORM: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    Category.THREATS: "STATEMENT_CATEGORY_VIOLENCE",
    Category.HATE_SPEECH: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Category.INSULTS: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Category.PIRACY: "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    Category.SELF_HARM: "STATEMENT_CATEGORY_SELF_HARM",
    Category.DRUGS_ALCOHOL: "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS_OR_SERVICES",
    Category.VIOLENT_IMAGERY: "STATEMENT_CATEGORY_VIOLENCE",
    Category.SCAM: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Category.GROOMING: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    Category.CAMPAIGNING: "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
    Category.MULTI_ACCOUNT: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    Category.REPORT_ABUSE: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    Category.DEFAMATION: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
}

#: Content types of what was posted on each surface (beside text; images added when present).
_SURFACE_MEDIA: dict[Surface, str] = {
    Surface.VOICE_ROOM: "CONTENT_TYPE_AUDIO",
    Surface.LIVE_STREAM: "CONTENT_TYPE_VIDEO",
}

_NOTHING_RESTRICTED = {
    Outcome.NO_VIOLATION: "a 'no violation' decision restricts nothing",
    Outcome.WARN: "a warning restricts nothing (no content, service or account restriction)",
    Outcome.ESCALATE: "an escalation is not a decision yet; state the decision that settles it",
    Outcome.REQUEST_INFO: (
        "a request for more information is not a decision yet; state the decision that settles it"
    ),
}


@dataclass(frozen=True)
class DsaSettings:
    """What the platform adds to every statement."""

    puid_prefix: str = "reviewdesk"
    territorial_scope: tuple[str, ...] = EEA_COUNTRIES
    terms_url: str | None = None


class DsaExportError(ValueError):
    """A decision that cannot be stated as a statement of reasons, naming the field."""

    def __init__(self, decision_id: str, field_name: str, reason: str) -> None:
        super().__init__(f"Decision {decision_id}: {field_name}: {reason}.")
        self.decision_id = decision_id
        self.field = field_name
        self.reason = reason


@dataclass(frozen=True)
class DsaExport:
    """Statements ready to submit, and the decisions that could not be stated (with why)."""

    statements: list[dict[str, object]] = field(default_factory=list)
    refused: list[DsaExportError] = field(default_factory=list)


def _stated_decision_id(entry: LogEntry) -> str:
    record = entry.record
    if record.kind is LogEntryKind.REVERSAL:
        raise DsaExportError(
            record.decision_id,
            "decision_visibility",
            "a batch reversal withdraws the decision; it restricts nothing to state",
        )
    if record.kind is LogEntryKind.REVIEW:
        if record.verdict is not ReviewVerdict.OVERTURN or record.corrected_decision_id is None:
            raise DsaExportError(
                record.decision_id,
                "decision_visibility",
                "a confirmation on review changes no restriction; the original "
                "decision's statement stands",
            )
        return record.corrected_decision_id
    return record.decision_id


def _restrictions(entry: LogEntry, decision_id: str) -> dict[str, object]:
    record = entry.record
    fields: dict[str, object] = {
        "decision_visibility": None,
        "decision_monetary": None,
        "decision_provision": None,
        "decision_account": None,
        "end_date_visibility_restriction": None,
        "end_date_monetary_restriction": None,
        "end_date_service_restriction": None,
        "end_date_account_restriction": None,
    }
    reason = _NOTHING_RESTRICTED.get(record.outcome)
    if reason is not None:
        raise DsaExportError(decision_id, "decision_visibility", reason)
    ends = (
        (record.acted_at + timedelta(days=record.duration_days)).date().isoformat()
        if record.duration_days is not None
        else None
    )
    if record.outcome is Outcome.REMOVE_CONTENT:
        fields["decision_visibility"] = ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    elif record.outcome is Outcome.RESTRICT:
        fields["decision_provision"] = "DECISION_PROVISION_PARTIAL_SUSPENSION"
        fields["end_date_service_restriction"] = ends
    elif record.outcome is Outcome.SUSPEND:
        fields["decision_account"] = "DECISION_ACCOUNT_SUSPENDED"
        fields["end_date_account_restriction"] = ends
    elif record.outcome is Outcome.TERMINATE:
        fields["decision_account"] = "DECISION_ACCOUNT_TERMINATED"
    return fields


def _content_types(entry: LogEntry) -> tuple[list[str], str | None]:
    context = entry.context
    if context.subject_kind is SubjectKind.ACCOUNT:
        return ["CONTENT_TYPE_OTHER"], "A member account and its profile"
    types = [_SURFACE_MEDIA.get(context.surface, "CONTENT_TYPE_TEXT")]
    if context.has_images:
        types.append("CONTENT_TYPE_IMAGE")
    return types, None


def _categories(entry: LogEntry) -> tuple[str, list[str]]:
    ordered: list[str] = []
    for category in [*entry.context.clause_categories, entry.context.category]:
        mapped = DSA_CATEGORY[category]
        if mapped not in ordered:
            ordered.append(mapped)
    return ordered[0], ordered[1:]


def _facts(entry: LogEntry) -> str:
    record, context = entry.record, entry.context
    subject = "account" if context.subject_kind is SubjectKind.ACCOUNT else "content"
    lines = [
        f"A moderator reviewed {subject} on the {SURFACE_TITLES[context.surface].lower()} "
        f"surface and decided: {OUTCOME_TITLES[record.outcome].lower()}"
        + (f" for {record.duration_days} days" if record.duration_days else "")
        + ".",
    ]
    if record.clause_ids:
        lines.append("Policy clauses applied: " + ", ".join(record.clause_ids) + ".")
    if record.note.strip():
        lines.append(record.note.strip())
    facts = "\n".join(lines)
    return facts if len(facts) <= 5000 else facts[:4999] + "…"


def _explanation(entry: LogEntry) -> str:
    record = entry.record
    text = record.member_message.strip() or _facts(entry)
    return text if len(text) <= 2000 else text[:1999] + "…"


def statement_for(entry: LogEntry, settings: DsaSettings | None = None) -> dict[str, object]:
    """The statement of reasons of one log entry; :class:`DsaExportError` when it has none.

    The statement is validated against the database's field rules; the
    first broken rule is raised naming its field.
    """
    settings = settings or DsaSettings()
    record, context = entry.record, entry.context
    decision_id = _stated_decision_id(entry)
    application = record.acted_at.date().isoformat()
    restrictions = _restrictions(entry, decision_id)
    content_types, content_other = _content_types(entry)
    category, additions = _categories(entry)
    posted = context.content_posted_at or record.acted_at
    statement: dict[str, object] = {
        **restrictions,
        "decision_visibility_other": None,
        "decision_monetary_other": None,
        "account_type": None,
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "decision_ground_reference_url": settings.terms_url,
        "illegal_content_legal_ground": None,
        "illegal_content_explanation": None,
        "incompatible_content_ground": (
            "Community policy, clause " + ", ".join(record.clause_ids)
            if record.clause_ids
            else "Community policy"
        ),
        "incompatible_content_explanation": _explanation(entry),
        "incompatible_content_illegal": "No",
        "content_type": content_types,
        "content_type_other": content_other,
        "category": category,
        "category_addition": additions,
        "territorial_scope": list(settings.territorial_scope),
        "content_date": posted.date().isoformat(),
        "application_date": application,
        "decision_facts": _facts(entry),
        "source_type": "SOURCE_ARTICLE_16" if context.member_reported else "SOURCE_VOLUNTARY",
        "source_identity": None,
        "automated_detection": "Yes" if context.automated_detection else "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": f"{settings.puid_prefix}-decision-{decision_id}",
    }
    problems = statement_problems(statement)
    if problems:
        first = problems[0]
        raise DsaExportError(decision_id, first.field, first.message)
    return statement


def export_statements(
    entries: Iterable[LogEntry], settings: DsaSettings | None = None
) -> DsaExport:
    """Statements of every entry that has one; the others listed with the reason."""
    export = DsaExport()
    for entry in entries:
        try:
            export.statements.append(statement_for(entry, settings))
        except DsaExportError as refused:
            export.refused.append(refused)
    return export


def refusal_lines(refused: Sequence[DsaExportError]) -> list[str]:
    """One sentence per refused decision, for a moderator to read."""
    return [str(error) for error in refused]
