"""A case's display texts worked out ahead of time, off the GUI thread.

Reading a case ahead (:mod:`reviewdesk.ui.prefetch`), a worker also works out
what the case view and the member panel would otherwise build on the GUI
thread when the case is opened: the safe text of the reported content and
its findings line, the report, decision and transcript cards with their safe
bodies already laid out as text, the language tag of every text, and the
member's record lines, table rows and note cards. It is pure Python: no
widget and no Qt object is touched, so any thread may build it.

The panels take a :class:`PreparedCase` only for the case (and member) it
was made for, and work everything out themselves otherwise; either way they
show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewdesk.api.models import CaseDetail, MemberHistory
from reviewdesk.evidence.language import SAMPLE_CHARS
from reviewdesk.evidence.text_safety import DEFAULT_LIMIT, SafeText, make_safe
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.case_cards import decision_card, report_card
from reviewdesk.ui.case.language_tags import tag_texts
from reviewdesk.ui.case.member_summary import (
    history_summary,
    newest_first,
    note_card,
    prior_case_row,
    reporting_record,
    strike_row,
)
from reviewdesk.ui.case.safe_text import findings_summary
from reviewdesk.ui.case.transcript_model import transcript_cards

#: Key of the reported content among the texts whose language is detected.
CONTENT_KEY = "\x00content"
#: Characters of a bio shown (the box keeps all of it for copying).
BIO_LIMIT = 4000


def case_texts(detail: CaseDetail) -> list[tuple[str, str]]:
    """``(key, text)`` of every member text of a case whose language is shown."""
    texts: list[tuple[str, str]] = []
    if detail.content is not None:
        texts.append((CONTENT_KEY, detail.content.text))
    texts.extend((report.id, report.text) for report in detail.reports if report.text)
    for conversation in detail.conversations:
        texts.extend((message.id, message.text) for message in conversation.messages)
    return texts


def language_samples(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The part of each text the language is told from (a long text costs no more)."""
    return [(key, text[:SAMPLE_CHARS]) for key, text in texts]


def without_case(history: MemberHistory, case_id: str | None) -> MemberHistory:
    """``history`` without the case under review: it is not part of the member's past."""
    if case_id is None:
        return history
    earlier = [case for case in history.prior_cases if case.case_id != case_id]
    return history.model_copy(update={"prior_cases": earlier})


def _warm(cards: list[Card]) -> list[Card]:
    """Work out each card's safe body now (it is cached on the card)."""
    for card in cards:
        if card.body:
            _ = card.safe
    return cards


@dataclass(frozen=True)
class PreparedMember:
    """The member panel's texts for one member, as seen from one case."""

    member_id: str
    #: The case the history is seen from (left out of the prior cases).
    current_case_id: str | None
    #: The history as read, and as shown (without the case under review).
    source: MemberHistory
    history: MemberHistory
    summary: str
    reporting: str
    bio: SafeText
    prior_case_rows: list[tuple[str, ...]]
    strike_rows: list[tuple[str, ...]]
    note_cards: list[Card]

    def fits(self, history: MemberHistory, current_case_id: str | None) -> bool:
        """True when this was made for ``history``'s member seen from ``current_case_id``."""
        if self.member_id != history.member.id or self.current_case_id != current_case_id:
            return False
        return history is self.source or history == self.source


def prepare_member(history: MemberHistory, current_case_id: str | None) -> PreparedMember:
    """What the member panel shows of ``history`` while ``current_case_id`` is open."""
    shown = without_case(history, current_case_id)
    cases = newest_first(shown.prior_cases, lambda case: case.opened_at)
    strikes = newest_first(shown.strikes, lambda strike: strike.issued_at)
    notes = newest_first(shown.notes, lambda note: note.created_at)
    return PreparedMember(
        member_id=shown.member.id,
        current_case_id=current_case_id,
        source=history,
        history=shown,
        summary=history_summary(shown),
        reporting=reporting_record(shown),
        bio=make_safe(shown.member.bio or "", BIO_LIMIT),
        prior_case_rows=[prior_case_row(case) for case in cases],
        strike_rows=[strike_row(strike) for strike in strikes],
        note_cards=_warm([note_card(note) for note in notes]),
    )


@dataclass(frozen=True)
class PreparedCase:
    """The case view's texts and cards for one case, and its member's panel."""

    case_id: str
    #: The case as read: the texts are used only for a case with the same content.
    source: CaseDetail
    content: SafeText | None
    findings: str
    report_cards: list[Card]
    decision_cards: list[Card]
    transcript_cards: list[Card]
    #: Language tag per text key (see :func:`case_texts`); empty when not detected.
    languages: dict[str, str] = field(default_factory=dict)
    member: PreparedMember | None = None

    def fits(self, detail: CaseDetail) -> bool:
        """True when this was made for ``detail``'s case as it reads now.

        The summary may differ (a claim taken since); what the texts are made of may not.
        """
        source = self.source
        if detail is source:
            return True
        return (
            self.case_id == detail.summary.id
            and detail.summary.member_id == source.summary.member_id
            and detail.content == source.content
            and detail.reports == source.reports
            and detail.attachments == source.attachments
            and detail.decisions == source.decisions
            and detail.conversations == source.conversations
        )


def prepare_case(
    detail: CaseDetail, history: MemberHistory | None, *, detect_languages: bool = True
) -> PreparedCase:
    """Everything of ``detail`` (and ``history``) the desk shows as text, worked out now."""
    content = make_safe(detail.content.text, DEFAULT_LIMIT) if detail.content else None
    languages = tag_texts(language_samples(case_texts(detail))) if detect_languages else {}
    return PreparedCase(
        case_id=detail.summary.id,
        source=detail,
        content=content,
        findings=findings_summary(content) if content is not None else "",
        report_cards=_warm([report_card(r, detail.attachments) for r in detail.reports]),
        decision_cards=_warm([decision_card(d) for d in detail.decisions]),
        transcript_cards=_warm(
            transcript_cards(detail.conversations, subject_member_id=detail.summary.member_id)
        ),
        languages=languages,
        member=prepare_member(history, detail.summary.id) if history is not None else None,
    )
