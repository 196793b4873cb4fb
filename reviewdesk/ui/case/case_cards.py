"""How a case's reports and earlier decisions read as cards."""

from __future__ import annotations

from collections.abc import Sequence

from reviewdesk.api.models import Attachment, DecisionOut, Report
from reviewdesk.domain.enums import CATEGORY_TITLES, OUTCOME_TITLES, ReportSource
from reviewdesk.ui.case.bidi import embed
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.text_format import format_percent, format_timestamp, plural

#: Below this reliability a reporter's flags are usually not upheld.
LOW_RELIABILITY = 0.3
LOW_RELIABILITY_MARKER = "Low-trust reporter"
DETECTOR_MARKER = "Automated"


def reporter_line(report: Report) -> str:
    """``Ana (reliability 82%)`` or ``detector spam-burst (score 0.97)``."""
    if report.source is ReportSource.DETECTOR:
        name = embed(report.detector or "unnamed detector")
        score = "" if report.score is None else f" (score {report.score:.2f})"
        return f"Detector {name}{score}"
    name = embed(report.reporter_name or report.reporter_id or "Unknown member")
    if report.reporter_reliability is None:
        return name
    return f"{name} (reliability {format_percent(report.reporter_reliability)})"


def report_card(report: Report, attachments: Sequence[Attachment] = ()) -> Card:
    """A report: reporter, time, reason and screenshots on top, the free text below."""
    parts = [
        reporter_line(report),
        format_timestamp(report.created_at),
        CATEGORY_TITLES[report.reason],
    ]
    screenshots = sum(1 for attachment in attachments if attachment.report_id == report.id)
    if screenshots:
        parts.append(plural(screenshots, "screenshot"))
    marker = ""
    if report.source is ReportSource.DETECTOR:
        marker = DETECTOR_MARKER
    elif report.reporter_reliability is not None and report.reporter_reliability < LOW_RELIABILITY:
        marker = LOW_RELIABILITY_MARKER
    return Card(header=" · ".join(parts), body=report.text, marker=marker, key=report.id)


def decision_card(decision: DecisionOut) -> Card:
    """An earlier decision on the case: outcome, clauses, who and when, and the note."""
    outcome = OUTCOME_TITLES[decision.outcome]
    if decision.duration_days is not None:
        outcome += f" {plural(decision.duration_days, 'day')}"
    parts = [outcome]
    if decision.clause_ids:
        parts.append(", ".join(decision.clause_ids))
    parts.append(f"by {embed(decision.moderator.display_name)}")
    parts.append(format_timestamp(decision.decided_at))
    return Card(header=" · ".join(parts), body=decision.note, key=decision.id)
