"""Plan one case: its subject, evidence (messages, content, screenshots) and reports."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from reviewdesk.api.models import ContentItem, IntakeAttachment, IntakeMessage, PolicyCatalogue
from reviewdesk.domain.enums import Category, Severity, SubjectKind, Surface
from reviewdesk.server.demo.cast import Cast
from reviewdesk.server.demo.conversations import (
    CHAT_SURFACES,
    GROUP_SURFACES,
    assemble,
    offence_lines,
    timestamp,
)
from reviewdesk.server.demo.evidence import conversation_screenshot, profile_photos, qr_code
from reviewdesk.server.demo.ids import IdMaker
from reviewdesk.server.demo.people import Persona
from reviewdesk.server.demo.phrases.choose import pick_in_language
from reviewdesk.server.demo.phrases.reports import (
    DETECTORS,
    FRIVOLOUS_REPORT_TEXTS,
    OUTSIDE_APPS,
    REPORT_TEXTS,
    Detector,
)
from reviewdesk.server.demo.phrases.violations import BENIGN_FLAGGED, VIOLATIONS
from reviewdesk.server.demo.plans import CasePlan, ReportPlan

S = Surface
#: Where each kind of offence plausibly happens.
CATEGORY_SURFACES: dict[Category, tuple[Surface, ...]] = {
    Category.SPAM: (S.CHAT, S.GROUP_CHAT, S.MOMENT, S.COMMENT, S.ANSWER, S.DISCUSSION,
                    S.LIVE_STREAM, S.VOICE_ROOM),
    Category.COMMERCIAL: (S.MOMENT, S.CHAT, S.COMMENT, S.DISCUSSION, S.LESSON, S.PROFILE,
                          S.LIVE_STREAM),
    Category.DATING: (S.CHAT, S.MOMENT, S.PROFILE, S.VOICE_ROOM, S.OFF_PLATFORM, S.COMMENT),
    Category.SEXUAL_CONTENT: (S.CHAT, S.VOICE_ROOM, S.LIVE_STREAM, S.MOMENT, S.OFF_PLATFORM,
                              S.LESSON),
    Category.HARASSMENT: (S.CHAT, S.GROUP_CHAT, S.COMMENT, S.VOICE_ROOM, S.OFF_PLATFORM,
                          S.NOTEBOOK),
    Category.ENTANGLED_HARASSMENT: (S.PROFILE, S.CHAT, S.COMMENT),
    Category.IMPERSONATION: (S.PROFILE, S.CHAT, S.LESSON),
    Category.PERSONAL_DATA: (S.GROUP_CHAT, S.MOMENT, S.COMMENT, S.DISCUSSION, S.CHAT),
    Category.OFF_PLATFORM: (S.CHAT, S.MOMENT, S.PROFILE, S.VOICE_ROOM, S.LIVE_STREAM, S.LESSON),
    Category.THREATS: (S.CHAT, S.COMMENT, S.OFF_PLATFORM, S.GROUP_CHAT, S.VOICE_ROOM),
    Category.HATE_SPEECH: (S.COMMENT, S.DISCUSSION, S.MOMENT, S.ANSWER, S.GROUP_CHAT,
                           S.VOICE_ROOM, S.NOTEBOOK),
    Category.INSULTS: (S.NOTEBOOK, S.COMMENT, S.ANSWER, S.CHAT, S.GROUP_CHAT, S.VOICE_ROOM,
                       S.LESSON),
    Category.PIRACY: (S.MOMENT, S.DISCUSSION, S.ANSWER, S.LIVE_STREAM, S.NOTEBOOK),
    Category.SELF_HARM: (S.MOMENT, S.NOTEBOOK, S.CHAT, S.DISCUSSION, S.QUESTION),
    Category.DRUGS_ALCOHOL: (S.MOMENT, S.LIVE_STREAM, S.COMMENT, S.QUESTION),
    Category.VIOLENT_IMAGERY: (S.MOMENT, S.COMMENT, S.DISCUSSION, S.LIVE_STREAM),
    Category.SCAM: (S.CHAT, S.OFF_PLATFORM, S.MOMENT, S.LESSON, S.PROFILE),
    Category.GROOMING: (S.CHAT, S.OFF_PLATFORM, S.VOICE_ROOM, S.LESSON),
    Category.CAMPAIGNING: (S.DISCUSSION, S.MOMENT, S.GROUP_CHAT, S.QUESTION, S.ANSWER,
                           S.COMMENT),
    Category.MULTI_ACCOUNT: (S.PROFILE,),
    Category.REPORT_ABUSE: (S.PROFILE, S.GROUP_CHAT),
    Category.DEFAMATION: (S.MOMENT, S.DISCUSSION, S.COMMENT, S.QUESTION),
}  # fmt: skip

#: What members pick when they flag something harmless (honestly or not).
MISTAKEN_REASONS = (Category.INSULTS, Category.HARASSMENT, Category.HATE_SPEECH, Category.SPAM)
#: Offences judged on the whole account rather than one message.
ACCOUNT_CATEGORIES = frozenset(
    {Category.ENTANGLED_HARASSMENT, Category.IMPERSONATION, Category.GROOMING,
     Category.MULTI_ACCOUNT, Category.REPORT_ABUSE}
)  # fmt: skip
#: Offences where the teacher is the one offending in a lesson.
TEACHER_OFFENCES = frozenset(
    {Category.COMMERCIAL, Category.SCAM, Category.GROOMING, Category.OFF_PLATFORM,
     Category.SEXUAL_CONTENT, Category.IMPERSONATION}
)  # fmt: skip
#: Chance that a detector also flags a case of the category.
DETECTOR_SHARE: dict[Category, float] = {
    Category.SPAM: 0.6, Category.SCAM: 0.5, Category.MULTI_ACCOUNT: 1.0,
    Category.OFF_PLATFORM: 0.35, Category.COMMERCIAL: 0.35, Category.SEXUAL_CONTENT: 0.2,
    Category.SELF_HARM: 0.4, Category.REPORT_ABUSE: 0.7,
}  # fmt: skip
#: Cases whose later reporters never pick another reason.
_NO_OTHER_REASON = frozenset(
    {None, Category.SELF_HARM, Category.MULTI_ACCOUNT, Category.REPORT_ABUSE}
)
#: How many reports a subject gets: mostly one or two, rarely a dozen.
REPORT_COUNT_WEIGHTS = (34, 20, 13, 9, 6, 5, 4, 3, 2, 2, 1, 1)
#: How many messages of the conversation a reporter pastes from another app.
PASTED_LINES = 4


def default_kind(rng: random.Random, category: Category | None, surface: Surface) -> SubjectKind:
    """Whether a report on ``surface`` is about one piece of content or the account."""
    if surface in (Surface.PROFILE, Surface.OFF_PLATFORM) or category in ACCOUNT_CATEGORIES:
        return SubjectKind.ACCOUNT
    if surface in CHAT_SURFACES and rng.random() < 0.4:
        return SubjectKind.ACCOUNT
    return SubjectKind.CONTENT


def report_count(rng: random.Random) -> int:
    """A skewed number of member reports, 1 to 12."""
    return rng.choices(range(1, len(REPORT_COUNT_WEIGHTS) + 1), REPORT_COUNT_WEIGHTS)[0]


def detector_for(category: Category) -> Detector | None:
    """The first detector that looks for ``category``."""
    return next((d for d in DETECTORS if d.category is category), None)


def detector_report(
    rng: random.Random, reason: Category, surface: Surface, when: datetime
) -> ReportPlan | None:
    """An automated report on ``reason``, or None when no detector looks for it."""
    detector = detector_for(reason)
    if detector is None:
        return None
    explanation = detector.explanation.format(count=rng.randint(3, 60), minutes=rng.randint(2, 90))
    return ReportPlan(
        created_at=when,
        reason=detector.category,
        surface=surface,
        detector=detector.name,
        score=round(rng.uniform(0.55, 0.99), 2),
        text=explanation,
    )


def _whole(when: datetime) -> datetime:
    return when.replace(microsecond=0)


@dataclass(frozen=True)
class Evidence:
    """What one reporter sends: the messages, screenshots, and text pasted from elsewhere."""

    messages: list[IntakeMessage] = field(default_factory=list)
    attachments: list[IntakeAttachment] = field(default_factory=list)
    pasted: str = ""


@dataclass
class CaseSpec:
    """What to plan: the offence (None for a harmless flag), where, by whom, when."""

    category: Category | None
    reason: Category
    surface: Surface
    subject: Persona
    first_at: datetime
    latest: datetime
    member_reports: int = 1
    kind: SubjectKind | None = None
    reporters: list[Persona] | None = None
    bad_faith: bool = False
    detector_reports: int | None = None
    screenshot_share: float = 0.45


class CaseBuilder:
    """Plans cases with evidence; shares the id maker and random stream of the generator."""

    def __init__(
        self, rng: random.Random, ids: IdMaker, cast: Cast, catalogue: PolicyCatalogue
    ) -> None:
        self._rng = rng
        self._ids = ids
        self._cast = cast
        self._severity: dict[Category, Severity] = {}
        for clause in catalogue.clauses:
            known = self._severity.get(clause.category, Severity.LOW)
            self._severity[clause.category] = max(known, clause.severity)

    # --- reports -------------------------------------------------------------

    def _times(self, first: datetime, latest: datetime, count: int) -> list[datetime]:
        window = max(timedelta(), min(timedelta(days=3), latest - first))
        later = sorted(_whole(first + window * self._rng.random() ** 1.6) for _ in range(count - 1))
        return [_whole(first), *later]

    def _reason(self, spec: CaseSpec, first: bool) -> Category:
        """Later reporters sometimes pick a milder, related reason."""
        if first or spec.category in _NO_OTHER_REASON or self._rng.random() > 0.12:
            return spec.reason
        milder = [
            c
            for c in (Category.SPAM, Category.INSULTS, Category.HARASSMENT, Category.DATING)
            if self._severity.get(c, Severity.MEDIUM)
            <= self._severity.get(spec.reason, Severity.LOW)
        ]
        return self._rng.choice(milder) if milder else spec.reason

    def _member_text(self, spec: CaseSpec, reporter: Persona, reason: Category) -> str:
        if spec.bad_faith:
            return self._rng.choice(FRIVOLOUS_REPORT_TEXTS)
        text, _ = pick_in_language(self._rng, REPORT_TEXTS[reason], reporter.language)
        return text

    # --- evidence ------------------------------------------------------------

    def _partner(self, spec: CaseSpec, reporters: list[Persona]) -> Persona:
        if reporters:
            return reporters[0]
        return self._cast.ordinary(self._rng, 1, {spec.subject.id})[0]

    def _bystanders(self, spec: CaseSpec, reporters: list[Persona]) -> list[Persona]:
        if spec.surface not in GROUP_SURFACES:
            return []
        taken = {spec.subject.id, *(r.id for r in reporters)}
        return reporters[1:4] + self._cast.ordinary(self._rng, self._rng.randint(1, 3), taken)

    def _conversation(
        self, spec: CaseSpec, partner: Persona, bystanders: list[Persona], last_sent: datetime
    ) -> tuple[list[IntakeMessage], str]:
        offence = offence_lines(self._rng, spec.category, spec.subject, partner)
        lines = assemble(self._rng, spec.surface, spec.subject, partner, bystanders, offence)
        return timestamp(self._rng, self._ids, lines, last_sent), offence.language

    def _screenshot(
        self, messages: list[IntakeMessage], viewer: Persona, spec: CaseSpec, outside: bool
    ) -> IntakeAttachment:
        group = spec.surface in GROUP_SURFACES
        contact = spec.subject.name if not group else "Study group 🌏"
        return conversation_screenshot(
            self._rng, messages, viewer.id, contact, outside_app=outside, group=group
        )

    def _post_text(self, spec: CaseSpec) -> tuple[str, str]:
        if spec.category is None:
            return pick_in_language(self._rng, BENIGN_FLAGGED, spec.subject.language)
        return pick_in_language(self._rng, VIOLATIONS[spec.category].posts, spec.subject.language)

    # --- the case ------------------------------------------------------------

    def build(self, spec: CaseSpec) -> CasePlan:
        """Plan the case described by ``spec``."""
        rng = self._rng
        kind = spec.kind or default_kind(rng, spec.category, spec.surface)
        chat = spec.surface in CHAT_SURFACES
        one_to_one = kind is SubjectKind.CONTENT and spec.surface is Surface.CHAT
        talks = chat or spec.surface is Surface.OFF_PLATFORM
        reporters = spec.reporters or self._cast.reporters(
            rng,
            1 if one_to_one else spec.member_reports,
            {spec.subject.id},
            partner_of=spec.subject if talks else None,
        )
        detectors = spec.detector_reports
        if detectors is None:
            detectors = int(
                spec.category is not None and rng.random() < DETECTOR_SHARE.get(spec.reason, 0.0)
            )
        times = self._times(spec.first_at, spec.latest, len(reporters) + detectors)
        if spec.reason is Category.MULTI_ACCOUNT or not reporters:  # the detector raised it
            detector_times, member_times = times[:detectors], times[detectors:]
        else:
            member_times, detector_times = times[: len(reporters)], times[len(reporters) :]

        evidence: dict[int, Evidence] = {}
        content: ContentItem | None = None
        language: str | None
        if kind is SubjectKind.CONTENT and chat:
            content, language = self._chat_message(spec, reporters, evidence)
        elif kind is SubjectKind.CONTENT:
            content, language = self._post(spec, evidence)
        else:
            language = self._account_evidence(spec, reporters, member_times, evidence)
        reports = self._reports(spec, reporters, member_times, detector_times, evidence)
        return CasePlan(kind, spec.subject, spec.category, spec.surface, content, language, reports)

    def _chat_message(
        self, spec: CaseSpec, reporters: list[Persona], evidence: dict[int, Evidence]
    ) -> tuple[ContentItem, str]:
        """The reported chat message as content, with the conversation around it."""
        rng = self._rng
        partner = self._partner(spec, reporters)
        last_sent = _whole(spec.first_at - timedelta(minutes=rng.randint(1, 90)))
        messages, language = self._conversation(
            spec, partner, self._bystanders(spec, reporters), last_sent
        )
        reported = next(m for m in messages if m.reported)
        content = ContentItem(
            id=reported.id, surface=spec.surface, text=reported.text, posted_at=reported.sent_at
        )
        shots: list[IntakeAttachment] = []
        if rng.random() < spec.screenshot_share / 2:
            shots.append(self._screenshot(messages, partner, spec, False))
        evidence[0] = Evidence(messages, shots)
        return content, language

    def _post(self, spec: CaseSpec, evidence: dict[int, Evidence]) -> tuple[ContentItem, str]:
        """A public post or comment; a messenger QR code comes with the first report."""
        text, language = self._post_text(spec)
        posted = _whole(spec.first_at - timedelta(minutes=self._rng.randint(5, 2880)))
        content = ContentItem(
            id=self._ids.content(), surface=spec.surface, text=text, posted_at=posted
        )
        if spec.category is Category.OFF_PLATFORM and spec.surface is Surface.MOMENT:
            evidence[0] = Evidence([], [qr_code(self._rng, "Scan to add me")])
        return content, language

    def _reports(
        self,
        spec: CaseSpec,
        reporters: list[Persona],
        member_times: list[datetime],
        detector_times: list[datetime],
        evidence: dict[int, Evidence],
    ) -> list[ReportPlan]:
        """Member reports carrying their evidence, then detector reports, in time order."""
        reports: list[ReportPlan] = []
        for index, (reporter, when) in enumerate(zip(reporters, member_times, strict=True)):
            reason = self._reason(spec, first=index == 0)
            found = evidence.get(index, Evidence())
            text = self._member_text(spec, reporter, reason) + found.pasted
            reports.append(
                ReportPlan(when, reason, spec.surface, reporter, text=text.strip(),
                           messages=found.messages, attachments=found.attachments)
            )  # fmt: skip
        for when in detector_times:
            automated = detector_report(self._rng, spec.reason, spec.surface, when)
            if automated is not None:
                reports.append(automated)
        if not reports:
            raise ValueError(f"A {spec.reason.value} case needs a member report or a detector.")
        reports.sort(key=lambda r: r.created_at)
        if not reporters and 0 in evidence:  # detector-only: its report carries the evidence
            found = evidence[0]
            reports[0] = replace(reports[0], messages=found.messages, attachments=found.attachments)
        return reports

    def _account_evidence(
        self,
        spec: CaseSpec,
        reporters: list[Persona],
        times: list[datetime],
        evidence: dict[int, Evidence],
    ) -> str | None:
        """Per-reporter evidence of an account case; returns the offence's language."""
        rng = self._rng
        language: str | None = None
        if (
            spec.category is Category.IMPERSONATION
            and spec.surface is Surface.PROFILE
            and reporters
        ):
            photos = profile_photos(rng, reporters[0].name, spec.subject.name)
            evidence[0] = Evidence([], photos)
            return spec.subject.language
        outside = spec.surface is Surface.OFF_PLATFORM
        if not (outside or spec.surface in CHAT_SURFACES or rng.random() < 0.3):
            return spec.subject.language
        for index, (reporter, when) in enumerate(zip(reporters[:3], times, strict=False)):
            last_sent = _whole(when - timedelta(minutes=rng.randint(2, 240)))
            messages, language = self._conversation(spec, reporter, [], last_sent)
            shots: list[IntakeAttachment] = []
            if outside or rng.random() < spec.screenshot_share:
                shots.append(self._screenshot(messages, reporter, spec, outside))
                if outside and len(messages) > 6 and rng.random() < 0.5:
                    shots.insert(
                        0, self._screenshot(messages[: len(messages) // 2], reporter, spec, outside)
                    )
            if outside:
                app = rng.choice(OUTSIDE_APPS)
                pasted = "\n".join(f"{m.sender_name}: {m.text}" for m in messages[-PASTED_LINES:])
                evidence[index] = Evidence([], shots, f"\n\nPasted from {app}:\n{pasted}")
            else:
                evidence[index] = Evidence(messages, shots)
        return language
