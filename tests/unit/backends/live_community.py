"""A small community to seed the real reference service with, for the live client tests.

Rui posts the same advert twice: the first was already warned about, the second
is open with a screenshot. Nadia is reported as an account for unwanted
messages. Dates are relative to the moment the community is built.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from samples import member_flag, member_profile, png_attachment, png_bytes

from reviewdesk.api.models import (
    ContentItem,
    DecisionIn,
    IntakeAttachment,
    IntakeReport,
    MemberProfile,
)
from reviewdesk.domain.enums import Category, Outcome, Role, Surface
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision, DemoModerator, DemoNote

PASSWORDS = {"lena": "lena-pass-7", "omar": "omar-pass-7", "sofia": "sofia-pass-7"}
SPAM_CLAUSE = "SPAM-1"
OPEN_ADVERT = "post-advert-2"


def _member(member_id: str, name: str, country: str, native: str, learning: str) -> MemberProfile:
    return member_profile(
        member_id,
        name,
        country=country,
        native=(native,),
        learning=(learning,),
        joined_at=datetime(2025, 6, 1, tzinfo=UTC),
    )


RUI = _member("m-rui", "Rui Tavares", "PT", "pt", "ko")
YUKI = _member("m-yuki", "Yuki Mori", "JP", "ja", "pt")
NADIA = _member("m-nadia", "Nadia Haddad", "MA", "ar", "fr")
PAUL = _member("m-paul", "Paul Girard", "FR", "fr", "ar")


def _flag(
    subject: MemberProfile,
    reporter: MemberProfile,
    reason: Category,
    at: datetime,
    item: ContentItem | None,
    attachments: list[IntakeAttachment] | None = None,
) -> IntakeReport:
    return member_flag(
        subject,
        reporter,
        reason,
        at,
        item,
        text="Reported from the app.",
        attachments=attachments or [],
    )


def build_live_community() -> DemoCommunity:
    """Moderators lena and omar (agents) and sofia (senior), two open cases, one past warning."""
    now = datetime.now(UTC)
    first = ContentItem(
        id="post-advert-1",
        surface=Surface.MOMENT,
        text="Cheap followers, message me!",
        posted_at=now - timedelta(days=9),
    )
    second = ContentItem(
        id=OPEN_ADVERT,
        surface=Surface.MOMENT,
        text="Cheap followers again, message me!",
        posted_at=now - timedelta(hours=3),
    )
    # a small two-colour PNG standing in for a screenshot
    screenshot = png_bytes(60, 40, (30, 30, 30), left_half=(240, 200, 40))
    attachment = png_attachment("advert.png", screenshot)
    events: list[IntakeReport | DemoDecision] = [
        _flag(RUI, YUKI, Category.SPAM, now - timedelta(days=9), first),
        DemoDecision(
            subject_key=first.id,
            moderator_username="omar",
            decision=DecisionIn(outcome=Outcome.WARN, clause_ids=[SPAM_CLAUSE]),
            decided_at=now - timedelta(days=8),
            idempotency_key="seed-advert-1",
        ),
        _flag(RUI, YUKI, Category.SPAM, now - timedelta(hours=2), second, [attachment]),
        _flag(NADIA, PAUL, Category.HARASSMENT, now - timedelta(hours=1), None),
    ]
    return DemoCommunity(
        moderators=[
            DemoModerator("lena", PASSWORDS["lena"], "Lena Park", Role.AGENT),
            DemoModerator("omar", PASSWORDS["omar"], "Omar Saleh", Role.AGENT),
            DemoModerator("sofia", PASSWORDS["sofia"], "Sofia Reyes", Role.SENIOR),
        ],
        platform_key="live-test-platform-key-42",
        catalogue=build_catalogue(),
        events=events,
        notes=[DemoNote(RUI.id, "omar", now - timedelta(days=8), "Told to stop posting adverts.")],
    )
