"""The EU DSA Transparency Database's statement-of-reasons fields and their rules.

Values and limits follow the database's public API documentation (the
statement submission endpoint): enumerated values, the ``*_other`` and
ground-dependent required fields, length limits, ``YYYY-MM-DD`` dates in
their allowed ranges, the ``puid`` pattern, and the rule that a statement
states at least one restriction (visibility, monetary, service or account).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

DECISION_VISIBILITIES = frozenset(
    {
        "DECISION_VISIBILITY_CONTENT_REMOVED",
        "DECISION_VISIBILITY_CONTENT_DISABLED",
        "DECISION_VISIBILITY_CONTENT_DEMOTED",
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_LABELLED",
        "DECISION_VISIBILITY_OTHER",
    }
)
DECISION_MONETARIES = frozenset(
    {"DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER"}
)
DECISION_PROVISIONS = frozenset(
    {
        "DECISION_PROVISION_PARTIAL_SUSPENSION",
        "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION",
        "DECISION_PROVISION_TOTAL_TERMINATION",
    }
)
DECISION_ACCOUNTS = frozenset({"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"})
ACCOUNT_TYPES = frozenset({"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"})
DECISION_GROUNDS = frozenset(
    {"DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"}
)
CONTENT_TYPES = frozenset(
    {
        "CONTENT_TYPE_APP",
        "CONTENT_TYPE_AUDIO",
        "CONTENT_TYPE_IMAGE",
        "CONTENT_TYPE_PRODUCT",
        "CONTENT_TYPE_SYNTHETIC_MEDIA",
        "CONTENT_TYPE_TEXT",
        "CONTENT_TYPE_VIDEO",
        "CONTENT_TYPE_OTHER",
    }
)
STATEMENT_CATEGORIES = frozenset(
    {
        "STATEMENT_CATEGORY_ANIMAL_WELFARE",
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
        "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "STATEMENT_CATEGORY_SELF_HARM",
        "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
        "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS_OR_SERVICES",
        "STATEMENT_CATEGORY_VIOLENCE",
    }
)
SOURCE_TYPES = frozenset(
    {
        "SOURCE_ARTICLE_16",
        "SOURCE_TRUSTED_FLAGGER",
        "SOURCE_TYPE_OTHER_NOTIFICATION",
        "SOURCE_VOLUNTARY",
    }
)
YES_NO = frozenset({"Yes", "No"})
AUTOMATED_DECISIONS = frozenset(
    {
        "AUTOMATED_DECISION_FULLY",
        "AUTOMATED_DECISION_PARTIALLY",
        "AUTOMATED_DECISION_NOT_AUTOMATED",
    }
)
#: The EU and EEA member states the territorial scope may name.
EEA_COUNTRIES: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    "IS", "LI", "NO",
)  # fmt: skip

PUID_PATTERN = re.compile(r"[a-zA-Z0-9\-_]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
END_DATE_FIELDS = (
    "end_date_visibility_restriction",
    "end_date_monetary_restriction",
    "end_date_service_restriction",
    "end_date_account_restriction",
)
RESTRICTION_FIELDS = (
    "decision_visibility",
    "decision_monetary",
    "decision_provision",
    "decision_account",
)
_LATEST = date(2038, 1, 1)


@dataclass(frozen=True)
class FieldProblem:
    """One field of a statement that breaks a rule, and the rule in a sentence."""

    field: str
    message: str


def _text_problems(statement: Mapping[str, object], problems: list[FieldProblem]) -> None:
    limits = {
        "decision_visibility_other": 500,
        "decision_monetary_other": 500,
        "illegal_content_legal_ground": 500,
        "illegal_content_explanation": 2000,
        "incompatible_content_ground": 500,
        "incompatible_content_explanation": 2000,
        "content_type_other": 500,
        "decision_facts": 5000,
        "source_identity": 500,
        "puid": 500,
        "decision_ground_reference_url": 500,
    }
    for field, limit in limits.items():
        value = statement.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(FieldProblem(field, "must be text"))
        elif len(value) > limit:
            problems.append(FieldProblem(field, f"is longer than {limit} characters"))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _date_problem(value: object, earliest: date | None) -> str | None:
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        return "is not a date written YYYY-MM-DD"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "is not a real date"
    if earliest is not None and day < earliest:
        return f"is before {earliest.isoformat()}"
    if day > _LATEST:
        return f"is after {_LATEST.isoformat()}"
    return None


def _one_of(
    statement: Mapping[str, object],
    field: str,
    allowed: frozenset[str],
    problems: list[FieldProblem],
    required: bool = False,
) -> None:
    value = statement.get(field)
    if value is None:
        if required:
            problems.append(FieldProblem(field, "is required"))
        return
    if value not in allowed:
        problems.append(FieldProblem(field, f"has a value the database does not know: {value!r}"))


def _list_of(
    statement: Mapping[str, object],
    field: str,
    allowed: frozenset[str] | tuple[str, ...],
    problems: list[FieldProblem],
    required: bool = False,
) -> list[str]:
    value = statement.get(field)
    if value is None or value == []:
        if required:
            problems.append(FieldProblem(field, "needs at least one value"))
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(FieldProblem(field, "must be a list of values"))
        return []
    unknown = [item for item in value if item not in allowed]
    if unknown:
        problems.append(
            FieldProblem(field, "has values the database does not know: " + ", ".join(unknown))
        )
    return list(value)


def statement_problems(statement: Mapping[str, object]) -> list[FieldProblem]:
    """Every rule of the transparency database that ``statement`` breaks (empty: valid)."""
    problems: list[FieldProblem] = []
    if all(_is_blank(statement.get(field)) for field in RESTRICTION_FIELDS):
        problems.append(
            FieldProblem(
                "decision_visibility",
                "a statement of reasons must state a restriction: visibility, monetary, "
                "service or account",
            )
        )
    visibility = _list_of(statement, "decision_visibility", DECISION_VISIBILITIES, problems)
    if "DECISION_VISIBILITY_OTHER" in visibility and _is_blank(
        statement.get("decision_visibility_other")
    ):
        problems.append(FieldProblem("decision_visibility_other", "is required for 'other'"))
    _one_of(statement, "decision_monetary", DECISION_MONETARIES, problems)
    if statement.get("decision_monetary") == "DECISION_MONETARY_OTHER" and _is_blank(
        statement.get("decision_monetary_other")
    ):
        problems.append(FieldProblem("decision_monetary_other", "is required for 'other'"))
    _one_of(statement, "decision_provision", DECISION_PROVISIONS, problems)
    _one_of(statement, "decision_account", DECISION_ACCOUNTS, problems)
    _one_of(statement, "account_type", ACCOUNT_TYPES, problems)
    _one_of(statement, "decision_ground", DECISION_GROUNDS, problems, required=True)
    ground = statement.get("decision_ground")
    if ground == "DECISION_GROUND_ILLEGAL_CONTENT":
        for field in ("illegal_content_legal_ground", "illegal_content_explanation"):
            if _is_blank(statement.get(field)):
                problems.append(FieldProblem(field, "is required for illegal content"))
    if ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT":
        for field in ("incompatible_content_ground", "incompatible_content_explanation"):
            if _is_blank(statement.get(field)):
                problems.append(
                    FieldProblem(field, "is required for content incompatible with the terms")
                )
        _one_of(statement, "incompatible_content_illegal", YES_NO, problems)
    content_types = _list_of(statement, "content_type", CONTENT_TYPES, problems, required=True)
    if "CONTENT_TYPE_OTHER" in content_types and _is_blank(statement.get("content_type_other")):
        problems.append(FieldProblem("content_type_other", "is required for 'other'"))
    _one_of(statement, "category", STATEMENT_CATEGORIES, problems, required=True)
    _list_of(statement, "category_addition", STATEMENT_CATEGORIES, problems)
    _list_of(statement, "territorial_scope", EEA_COUNTRIES, problems)
    for field, earliest in (
        ("content_date", date(2000, 1, 1)),
        ("application_date", date(2020, 1, 1)),
    ):
        value = statement.get(field)
        if value is None:
            problems.append(FieldProblem(field, "is required"))
            continue
        problem = _date_problem(value, earliest)
        if problem is not None:
            problems.append(FieldProblem(field, problem))
    for field in END_DATE_FIELDS:
        value = statement.get(field)
        if value is None:
            continue
        problem = _date_problem(value, None)
        if (
            problem is None
            and isinstance(value, str)
            and isinstance(statement.get("application_date"), str)
        ) and value < str(statement["application_date"]):
            problem = "is before the application date"
        if problem is not None:
            problems.append(FieldProblem(field, problem))
    if _is_blank(statement.get("decision_facts")):
        problems.append(FieldProblem("decision_facts", "is required"))
    _one_of(statement, "source_type", SOURCE_TYPES, problems, required=True)
    _one_of(statement, "automated_detection", YES_NO, problems, required=True)
    _one_of(statement, "automated_decision", AUTOMATED_DECISIONS, problems, required=True)
    puid = statement.get("puid")
    if _is_blank(puid):
        problems.append(FieldProblem("puid", "is required"))
    elif not isinstance(puid, str) or PUID_PATTERN.fullmatch(puid) is None:
        problems.append(FieldProblem("puid", "may hold only letters, digits, '-' and '_'"))
    _text_problems(statement, problems)
    return problems
