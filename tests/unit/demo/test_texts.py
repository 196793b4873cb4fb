"""Members write in many scripts; rule breakers' texts exist for every category."""

from __future__ import annotations

from reviewdesk.api.models import IntakeReport
from reviewdesk.domain.enums import Category, MemberRole
from reviewdesk.server.demo.generator import DemoPlan
from reviewdesk.server.demo.phrases.bios import NATIVE_BIOS
from reviewdesk.server.demo.phrases.chat import BANKS
from reviewdesk.server.demo.phrases.languages import COUNTRIES, LANGUAGE_NAMES
from reviewdesk.server.demo.phrases.names import FAMILY_NAMES, GIVEN_NAMES
from reviewdesk.server.demo.phrases.reports import REPORT_TEXTS
from reviewdesk.server.demo.phrases.violations import VIOLATIONS

SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "han": ((0x4E00, 0x9FFF),),
    "kana": ((0x3040, 0x30FF),),
    "hangul": ((0xAC00, 0xD7AF),),
    "cyrillic": ((0x0400, 0x04FF),),
    "arabic": ((0x0600, 0x06FF),),
    "devanagari": ((0x0900, 0x097F),),
    "emoji": ((0x1F300, 0x1FAFF), (0x2600, 0x27BF)),
    "latin accents": ((0x00C0, 0x017F),),
}


def _scripts(text: str) -> set[str]:
    found: set[str] = set()
    for ch in text:
        cp = ord(ch)
        for name, ranges in SCRIPT_RANGES.items():
            if any(lo <= cp <= hi for lo, hi in ranges):
                found.add(name)
    return found


def _reports(plan: DemoPlan) -> list[IntakeReport]:
    return [e for e in plan.community.events if isinstance(e, IntakeReport)]


def test_names_messages_and_bios_use_every_script(full_plan: DemoPlan) -> None:
    reports = _reports(full_plan)
    names = " ".join(r.member.display_name for r in reports)
    names += " ".join(m.sender_name for r in reports for m in r.messages)
    messages = " ".join(m.text for r in reports for m in r.messages)
    bios = " ".join(r.member.bio for r in reports)
    assert len(_scripts(names)) >= 4, "names are written in several scripts"
    everything = names + messages + bios
    assert _scripts(everything) == set(SCRIPT_RANGES)


def test_even_a_small_community_mixes_many_scripts(small_plan: DemoPlan) -> None:
    reports = _reports(small_plan)
    texts = " ".join(m.text for r in reports for m in r.messages)
    assert len(_scripts(texts)) >= 5


def test_members_come_from_many_countries_and_include_teachers(full_plan: DemoPlan) -> None:
    members = {}
    for report in _reports(full_plan):
        members[report.member.id] = report.member
        if report.reporter is not None:
            members[report.reporter.id] = report.reporter
    assert len(members) >= 200
    assert len({m.country for m in members.values()}) >= 25
    assert any(m.role is MemberRole.TEACHER for m in members.values())
    for member in members.values():
        assert member.native_languages
        assert member.learning_languages
        assert not set(member.native_languages) & set(member.learning_languages)


def test_hostile_member_text_is_part_of_the_demo(full_plan: DemoPlan) -> None:
    reports = _reports(full_plan)
    names = [r.member.display_name for r in reports]
    texts = [r.content.text for r in reports if r.content is not None]
    assert any("<b>" in name for name in names)
    assert any("\u202e" in name for name in names)
    assert any("<script>" in text for text in texts)
    assert max(len(text) for text in texts) > 5000


def test_every_category_has_english_chat_and_post_texts() -> None:
    assert set(VIOLATIONS) == set(Category)
    assert set(REPORT_TEXTS) == set(Category)
    for category, texts in VIOLATIONS.items():
        assert texts.chat.get("en"), category
        assert texts.posts.get("en"), category
        assert REPORT_TEXTS[category].get("en"), category


def test_every_language_has_names_countries_bios_and_a_full_chat_bank() -> None:
    for code in LANGUAGE_NAMES:
        assert GIVEN_NAMES[code], code
        assert FAMILY_NAMES[code], code
        assert COUNTRIES[code], code
        assert NATIVE_BIOS[code], code
        bank = BANKS[code]
        fields = (bank.greetings, bank.replies, bank.small_talk, bank.lesson_talk, bank.thanks)
        for field in (*fields, bank.uneasy):
            assert field, code
            assert all(text.strip() for text in field), code
        assert all(mistake != fix for mistake, fix in bank.corrections), code
        assert all(len(country) == 2 and country.isupper() for country in COUNTRIES[code])
