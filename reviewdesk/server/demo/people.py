"""The demo's people: moderator accounts, and community members with names and bios."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from reviewdesk.api.models import MemberProfile
from reviewdesk.domain.enums import Category, MemberRole, Role
from reviewdesk.server.demo.ids import IdMaker
from reviewdesk.server.demo.model import DemoModerator
from reviewdesk.server.demo.phrases.bios import (
    ENGLISH_BIO_TEMPLATES,
    NATIVE_BIOS,
    OFFENDER_BIOS,
    TEACHER_BIO_TEMPLATES,
)
from reviewdesk.server.demo.phrases.languages import (
    COUNTRIES,
    LANGUAGE_NAMES,
    LEARNING_WEIGHTS,
    NATIVE_WEIGHTS,
)
from reviewdesk.server.demo.phrases.names import (
    FAMILY_FIRST,
    FAMILY_NAMES,
    FEMININE_GIVEN,
    GIVEN_NAMES,
    HANDLE_STEMS,
    NAME_EMOJI,
)

#: The key the platform side of the demo authenticates with.
PLATFORM_KEY = "demo-platform-key"


def demo_moderators() -> list[DemoModerator]:
    """One account per role (two agents); the README lists these credentials."""
    return [
        DemoModerator("agent", "agent-demo", "Ana Lima", Role.AGENT),
        DemoModerator("agent2", "agent2-demo", "Tomasz Nowak", Role.AGENT),
        DemoModerator("senior", "senior-demo", "Keiko Mori", Role.SENIOR),
        DemoModerator("admin", "admin-demo", "Sam Rivera", Role.ADMIN),
    ]


@dataclass(frozen=True)
class Persona:
    """A member's profile plus the language their texts are written in."""

    profile: MemberProfile
    language: str

    @property
    def id(self) -> str:
        """The member id."""
        return self.profile.id

    @property
    def name(self) -> str:
        """The display name."""
        return self.profile.display_name

    @property
    def learning(self) -> list[str]:
        """Languages the member is learning."""
        return self.profile.learning_languages


def _weighted(rng: random.Random, weights: dict[str, int], exclude: set[str]) -> str:
    codes = [code for code in weights if code not in exclude]
    return rng.choices(codes, [weights[c] for c in codes])[0]


def _family_name(given: str, family: str) -> str:
    if given in FEMININE_GIVEN and family.endswith(("ов", "ев", "ин")):
        return family + "а"
    return family


def make_display_name(rng: random.Random, language: str) -> str:
    """A name as members write it: full, given only, with an emoji, or a handle."""
    given = rng.choice(GIVEN_NAMES[language])
    family = _family_name(given, rng.choice(FAMILY_NAMES[language]))
    style = rng.random()
    if style < 0.5:
        if language in FAMILY_FIRST:
            return f"{family}{FAMILY_FIRST[language]}{given}"
        return f"{given} {family}"
    if style < 0.72:
        return given
    if style < 0.86:
        return f"{given} {rng.choice(NAME_EMOJI)}"
    if style < 0.93 and language not in FAMILY_FIRST and language not in ("ar", "hi", "ru", "uk"):
        return f"{given} {family[0]}."
    return f"{rng.choice(HANDLE_STEMS)}_{rng.randrange(10, 2000)}"


def _bio(rng: random.Random, role: MemberRole, native: str, learning: list[str]) -> str:
    names = {"native": LANGUAGE_NAMES[native], "learning": LANGUAGE_NAMES[learning[0]]}
    if role is MemberRole.TEACHER:
        return rng.choice(TEACHER_BIO_TEMPLATES).format(**names)
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(NATIVE_BIOS[native])
    if roll < 0.85:
        return rng.choice(ENGLISH_BIO_TEMPLATES).format(**names)
    return ""


class MemberFactory:
    """Makes members; every member is made once, with the profile they keep."""

    def __init__(self, rng: random.Random, ids: IdMaker, now: datetime) -> None:
        self._rng = rng
        self._ids = ids
        self._now = now

    def make(
        self,
        *,
        role: MemberRole = MemberRole.LEARNER,
        native: str | None = None,
        joined_days_ago: tuple[float, float] = (40.0, 2200.0),
        offence: Category | None = None,
        display_name: str | None = None,
    ) -> Persona:
        """A new member; ``offence`` gives them the bio of someone up to that."""
        rng = self._rng
        language = native or _weighted(rng, NATIVE_WEIGHTS, set())
        learning = [_weighted(rng, LEARNING_WEIGHTS, {language})]
        if rng.random() < 0.3:
            learning.append(_weighted(rng, LEARNING_WEIGHTS, {language, learning[0]}))
        country = rng.choice(COUNTRIES[language])
        if rng.random() < 0.1:
            country = rng.choice(COUNTRIES[rng.choice(sorted(COUNTRIES))])
        bio = _bio(rng, role, language, learning)
        if offence is not None and offence in OFFENDER_BIOS:
            bio = rng.choice(OFFENDER_BIOS[offence])
        low, high = joined_days_ago
        joined = self._now - timedelta(days=rng.uniform(low, high))
        profile = MemberProfile(
            id=self._ids.member(),
            display_name=display_name or make_display_name(rng, language),
            role=role,
            country=country,
            native_languages=[language],
            learning_languages=learning,
            joined_at=joined.replace(microsecond=0),
            bio=bio,
        )
        return Persona(profile, language)


def practice_language(writer: Persona, reader: Persona) -> str:
    """The language ``writer`` uses with ``reader`` in an exchange.

    Learners practise the reader's native language when they are learning it;
    otherwise they fall back on a shared native language, then English.
    """
    if reader.language in writer.learning:
        return reader.language
    if writer.language == reader.language:
        return writer.language
    if "en" in writer.learning or writer.language == "en":
        return "en"
    return writer.language
