"""The community at large: ordinary members, teachers, and the two kinds of reporters."""

from __future__ import annotations

import random
from dataclasses import dataclass

from reviewdesk.domain.enums import MemberRole
from reviewdesk.server.demo.people import MemberFactory, Persona

#: Ordinary members are older than every event of the demo history.
ESTABLISHED_DAYS = (200.0, 2400.0)
#: How much likelier a good-faith frequent reporter is to be the one who reports.
GOOD_REPORTER_WEIGHT = 6
#: How much likelier a member with a matching language pair is to be a chat partner.
PARTNER_WEIGHT = 8


def could_be_partners(a: Persona, b: Persona) -> bool:
    """True when one learns the other's language, or both know English."""
    if a.language in b.learning or b.language in a.learning:
        return True
    return all(p.language == "en" or "en" in p.learning for p in (a, b))


@dataclass(frozen=True)
class Cast:
    """Everyone who is not planned as an offender.

    ``abusive_reporters`` file only bad-faith reports, so they are never drawn
    as ordinary reporters.
    """

    members: list[Persona]
    teachers: list[Persona]
    good_reporters: list[Persona]
    abusive_reporters: list[Persona]

    def reporters(
        self,
        rng: random.Random,
        count: int,
        exclude: set[str],
        partner_of: Persona | None = None,
    ) -> list[Persona]:
        """``count`` distinct members who report in good faith.

        Frequent good-faith reporters are favoured, and so are members who would
        plausibly be chatting with ``partner_of`` (they share a language pair).
        """
        good = {p.id for p in self.good_reporters}
        pool = [p for p in self.members + self.good_reporters if p.id not in exclude]
        weights = [
            (GOOD_REPORTER_WEIGHT if p.id in good else 1)
            * (PARTNER_WEIGHT if partner_of is not None and could_be_partners(p, partner_of) else 1)
            for p in pool
        ]
        chosen: list[Persona] = []
        for _ in range(min(count, len(pool))):
            index = rng.choices(range(len(pool)), weights)[0]
            chosen.append(pool.pop(index))
            weights.pop(index)
        return chosen

    def ordinary(self, rng: random.Random, count: int, exclude: set[str]) -> list[Persona]:
        """``count`` distinct ordinary members (chat partners, bystanders)."""
        pool = [p for p in self.members if p.id not in exclude]
        return rng.sample(pool, min(count, len(pool)))

    def teacher(self, rng: random.Random, exclude: set[str]) -> Persona:
        """A teacher not in ``exclude``."""
        return rng.choice([t for t in self.teachers if t.id not in exclude])


def build_cast(
    rng: random.Random,
    factory: MemberFactory,
    member_count: int,
    good_reporters: int,
    abusive_reporters: int,
) -> Cast:
    """Make the community: about one in eight members teaches."""
    teachers = [
        factory.make(role=MemberRole.TEACHER, joined_days_ago=ESTABLISHED_DAYS)
        for _ in range(max(3, member_count // 8))
    ]
    members = [factory.make(joined_days_ago=ESTABLISHED_DAYS) for _ in range(member_count)]
    good = [factory.make(joined_days_ago=ESTABLISHED_DAYS) for _ in range(good_reporters)]
    abusers = [factory.make(joined_days_ago=ESTABLISHED_DAYS) for _ in range(abusive_reporters)]
    return Cast(members + teachers, teachers, good, abusers)
