"""The header of a case: what it is, how grave, about whom, and who holds it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from reviewdesk.api.models import CaseSummary
from reviewdesk.domain.enums import (
    CATEGORY_TITLES,
    SEVERITY_TITLES,
    STATUS_TITLES,
    SURFACE_TITLES,
    CaseStatus,
    Severity,
    SubjectKind,
)
from reviewdesk.ui.case.bidi import embed
from reviewdesk.ui.case.layout_fence import one_line_high
from reviewdesk.ui.case.plain_widgets import badge_label, plain_label, set_badge_tone
from reviewdesk.ui.case.text_format import format_age, format_timestamp, plural, single_line

#: The title keeps this much (px) when the header is squeezed: the case id and the
#: start of the category; the claim and automated badges give way first.
TITLE_MIN_WIDTH_CAP = 150

SEVERITY_TONES: dict[Severity, str] = {
    Severity.LOW: "neutral",
    Severity.MEDIUM: "info",
    Severity.HIGH: "warning",
    Severity.CRITICAL: "danger",
}
STATUS_TONES: dict[CaseStatus, str] = {
    CaseStatus.OPEN: "neutral",
    CaseStatus.ESCALATED: "danger",
    CaseStatus.AWAITING_INFO: "notice",
    CaseStatus.DECIDED: "info",
}


def subject_line(summary: CaseSummary) -> str:
    """``Content by 山田 花子 (m-1042)`` or ``Account of Ольга (m-7)``."""
    who = f"{embed(summary.member_name)} ({single_line(summary.member_id, 40)})"
    if summary.subject_kind is SubjectKind.ACCOUNT:
        return f"Account of {who}"
    return f"Content by {who}"


def facts_line(summary: CaseSummary, now: datetime) -> str:
    """``Chat · 4 reports · opened 3 h ago · last report 20 min ago · language ja``."""
    parts = [
        SURFACE_TITLES[summary.surface],
        plural(summary.report_count, "report"),
        f"opened {format_age(summary.opened_at, now)} ago",
        f"last report {format_age(summary.last_reported_at, now)} ago",
    ]
    if summary.language:
        parts.append(f"language {summary.language}")
    return " · ".join(parts)


def claim_line(summary: CaseSummary) -> str:
    """``Claimed by Ana until 14:30`` or "" when nobody holds the case."""
    if summary.claim is None:
        return ""
    holder = embed(summary.claim.moderator.display_name)
    return f"Claimed by {holder} until {format_timestamp(summary.claim.expires_at)}"


class CaseHeader(QWidget):
    """Case id and category title, badges, subject and facts, in three dense lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Case header")
        # In a narrow window the title shrinks to TITLE_MIN_WIDTH_CAP, then the claim
        # and automated badges give way, each ending in "…"; severity and status stay whole.
        self.title = plain_label(
            accessible_name="Case title", bold=True, point_size_delta=3, eliding=True
        )
        self.severity = badge_label(accessible_name="Severity")
        self.status = badge_label(accessible_name="Status")
        for whole in (self.severity, self.status):
            whole.setMinimumWidth(0)  # as wide as their (short) text, always
        self.automated = badge_label(
            "Automated detection", tone="automated", accessible_name="", eliding=True
        )
        self.automated.setAccessibleName("Automated detection")
        self.claim = badge_label(tone="notice", accessible_name="Claim holder", eliding=True)
        self.subject = plain_label(accessible_name="Subject", bold=True)
        self.facts = plain_label(accessible_name="Case facts")

        one_line_high(
            self.title,
            self.severity,
            self.status,
            self.automated,
            self.claim,
            self.subject,
            self.facts,
        )
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.title, 1)
        for badge in (self.automated, self.claim, self.severity, self.status):
            top.addWidget(badge)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(12)
        bottom.addWidget(self.subject)
        bottom.addWidget(self.facts, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def show_summary(self, summary: CaseSummary, now: datetime) -> None:
        """Fill every line from the case summary, ages counted up to ``now``."""
        self.title.setText(f"{summary.id} · {CATEGORY_TITLES[summary.category]}")
        self.title.setMinimumWidth(min(self.title.sizeHint().width(), TITLE_MIN_WIDTH_CAP))
        self.severity.setText(f"Severity: {SEVERITY_TITLES[summary.severity].lower()}")
        set_badge_tone(self.severity, SEVERITY_TONES[summary.severity])
        self.status.setText(STATUS_TITLES[summary.status])
        set_badge_tone(self.status, STATUS_TONES[summary.status])
        self.automated.setVisible(summary.automated)
        claim = claim_line(summary)
        self.claim.setText(claim)
        self.claim.setVisible(bool(claim))
        self.subject.setText(subject_line(summary))
        self.facts.setText(facts_line(summary, now))
