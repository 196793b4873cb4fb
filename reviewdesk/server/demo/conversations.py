"""Conversations around a reported message: ordinary exchange, the offence, reactions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from reviewdesk.api.models import IntakeMessage
from reviewdesk.domain.enums import Category, Surface
from reviewdesk.server.demo.ids import IdMaker
from reviewdesk.server.demo.people import Persona, practice_language
from reviewdesk.server.demo.phrases.chat import BANKS, GROUP_OPENERS, ChatBank
from reviewdesk.server.demo.phrases.choose import pick_in_language
from reviewdesk.server.demo.phrases.violations import BENIGN_FLAGGED, VIOLATIONS

#: Surfaces where a report comes with the messages around the reported one.
CHAT_SURFACES = frozenset(
    {Surface.CHAT, Surface.GROUP_CHAT, Surface.VOICE_ROOM, Surface.LIVE_STREAM, Surface.LESSON}
)
#: Surfaces with several people in one conversation.
GROUP_SURFACES = frozenset({Surface.GROUP_CHAT, Surface.VOICE_ROOM, Surface.LIVE_STREAM})

MIN_MESSAGES = 4
MAX_MESSAGES = 12


@dataclass(frozen=True)
class Line:
    """One message before it has an id and a time."""

    speaker: Persona
    text: str
    reported: bool = False


def _bank(language: str) -> ChatBank:
    return BANKS.get(language, BANKS["en"])


def benign_exchange(
    rng: random.Random, opener: Persona, other: Persona, count: int, lesson: bool = False
) -> list[Line]:
    """``count`` lines of an ordinary exchange between two members, opener first.

    When one of them learns the other's language, the native corrects a mistake.
    """
    a, b = opener, other
    a_lang, b_lang = practice_language(a, b), practice_language(b, a)
    script: list[Line] = [
        Line(a, rng.choice(_bank(a_lang).greetings)),
        Line(b, rng.choice(_bank(b_lang).replies)),
    ]
    pair = (a, b) if b.language in a.learning else (b, a) if a.language in b.learning else None
    if pair is not None and pair[1].language in BANKS:
        learner, native = pair
        mistake, correction = rng.choice(BANKS[native.language].corrections)
        thanks = rng.choice(BANKS[native.language].thanks)
        script += [Line(learner, mistake), Line(native, correction), Line(learner, thanks)]
    # One pool per language, so two speakers of one language never repeat each other.
    pools: dict[str, list[str]] = {}
    for language in dict.fromkeys((a_lang, b_lang)):
        bank = _bank(language)
        pools[language] = list(bank.lesson_talk if lesson else bank.small_talk)
        rng.shuffle(pools[language])
    turn = 0
    while len(script) < count and any(pools.values()):
        speaker, pool = (b, pools[b_lang]) if turn % 2 == 0 else (a, pools[a_lang])
        if pool:
            script.append(Line(speaker, pool.pop()))
        turn += 1
    return script[:count]


def group_banter(rng: random.Random, people: list[Persona], count: int) -> list[Line]:
    """``count`` lines of small talk among several members."""
    lines: list[Line] = []
    pools: dict[str, list[str]] = {}
    for index in range(count):
        speaker = people[index % len(people)] if index < len(people) else rng.choice(people)
        language = speaker.language if rng.random() < 0.4 else "en"
        bank = _bank(language)
        if index == 0:
            lines.append(Line(speaker, rng.choice(GROUP_OPENERS)))
            continue
        pool = pools.get(language)
        if not pool:  # (re)fill once the language's lines are used up
            pool = pools[language] = list(bank.small_talk)
            rng.shuffle(pool)
        lines.append(Line(speaker, pool.pop()))
    return lines


@dataclass(frozen=True)
class Offence:
    """The offending lines (last one reported), the reaction, and their language."""

    lines: list[Line]
    language: str

    @property
    def reported_text(self) -> str:
        """The text of the reported message."""
        return next(line.text for line in self.lines if line.reported)


def offence_lines(
    rng: random.Random,
    category: Category | None,
    subject: Persona,
    target: Persona,
    lead_up: bool = True,
) -> Offence:
    """What ``subject`` says to ``target`` (the reported line) and how ``target`` reacts.

    ``category`` None gives a harmless line that someone flagged anyway.
    """
    if category is None:
        text, language = pick_in_language(rng, BENIGN_FLAGGED, subject.language)
        reaction = rng.choice(_bank(practice_language(target, subject)).uneasy)
        return Offence([Line(subject, text, True), Line(target, reaction)], language)
    texts = VIOLATIONS[category]
    lines = [Line(subject, step) for step in texts.lead_up if lead_up and rng.random() < 0.7]
    text, language = pick_in_language(rng, texts.chat, subject.language, stick=0.6)
    lines.append(Line(subject, text, True))
    lines.append(Line(target, rng.choice(_bank(practice_language(target, subject)).uneasy)))
    return Offence(lines, language)


def assemble(
    rng: random.Random,
    surface: Surface,
    subject: Persona,
    partner: Persona,
    bystanders: list[Persona],
    offence: Offence,
) -> list[Line]:
    """Ordinary talk first, then the offence: 4 to 12 lines in all."""
    total = rng.randint(max(MIN_MESSAGES, len(offence.lines) + 1), MAX_MESSAGES)
    before = max(1, total - len(offence.lines))
    if surface in GROUP_SURFACES and bystanders:
        prefix = group_banter(rng, [partner, *bystanders, subject], before)
    else:
        opener, other = (subject, partner) if rng.random() < 0.5 else (partner, subject)
        prefix = benign_exchange(rng, opener, other, before, lesson=surface is Surface.LESSON)
    return [*prefix, *offence.lines][-MAX_MESSAGES:]


def timestamp(
    rng: random.Random, ids: IdMaker, lines: list[Line], last_sent: datetime
) -> list[IntakeMessage]:
    """Give each line an id and a time; the last line is sent at ``last_sent``."""
    gaps = [timedelta(seconds=rng.randint(15, 900)) for _ in lines]
    when = last_sent - sum(gaps[1:], timedelta())
    messages: list[IntakeMessage] = []
    for line, gap in zip(lines, [timedelta(), *gaps[1:]], strict=True):
        when += gap
        messages.append(
            IntakeMessage(
                id=ids.message(),
                sender_id=line.speaker.id,
                sender_name=line.speaker.name,
                sent_at=when,
                text=line.text,
                reported=line.reported,
            )
        )
    return messages
