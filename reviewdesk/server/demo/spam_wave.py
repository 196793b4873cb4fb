"""A spam wave: a handful of fresh accounts sending one advert with small variations.

Every message is its own content case, flagged by the ``spam-burst`` detector
and sometimes by the member who received it, so the desk's bulk triage has a
realistic batch of near-duplicates to group and clear. Each message carries
its campaign's advert picture (re-scaled or re-encoded copies that look the
same), which the detector report attaches, so the wave also groups by picture.
"""

from __future__ import annotations

import random
import string
from dataclasses import replace
from datetime import datetime, timedelta

from reviewdesk.api.models import ContentItem, IntakeMessage
from reviewdesk.domain.enums import Category, SubjectKind, Surface
from reviewdesk.server.demo.cases import detector_report
from reviewdesk.server.demo.cast import Cast
from reviewdesk.server.demo.conversations import Line, timestamp
from reviewdesk.server.demo.evidence import attachment, phone_filename
from reviewdesk.server.demo.ids import IdMaker
from reviewdesk.server.demo.people import MemberFactory, Persona, practice_language
from reviewdesk.server.demo.phrases.chat import BANKS
from reviewdesk.server.demo.phrases.choose import pick_in_language
from reviewdesk.server.demo.phrases.reports import REPORT_TEXTS
from reviewdesk.server.demo.plans import CasePlan, ReportPlan
from reviewdesk.server.demo.promo import promo_banner
from reviewdesk.server.demo.screenshots import ImageFormat

SENDER_NAMES = (
    "Fluent Fast ✅",
    "English Boost 2",
    "Speak Easy Club",
    "FluentNow_01",
    "Grammar Pro 🚀",
)
DOMAINS = ("fluent-boost.example", "fluentboost.example", "f1uent-boost.example")
OPENERS = ("hi dear 👋", "Hello friend!", "hi", "Hey 😊")
FOLLOW_UPS = ("don't miss it!! only today", "Last chance!!!", "click the link dear 👆")
#: The wave happened within this many hours before now.
WAVE_HOURS = 6.0
#: Share of recipients who also flag the message themselves.
FLAG_SHARE = 0.45


def spam_variant(rng: random.Random) -> str:
    """The wave's advert with the small changes spammers make to slip past filters."""
    emoji = rng.choice(("🔥", "🚀", "✅"))
    speed = rng.choice((3, 5, 10))
    seats = rng.randint(20, 99)
    code = "".join(rng.choices(string.ascii_letters + string.digits, k=5))
    url = f"https://{rng.choice(DOMAINS)}/{code}"
    text = (
        f"{emoji} Learn English {speed}x faster! "
        f"Free trial for the first {seats} members: {url} {emoji}"
    )
    style = rng.random()
    if style < 0.2:
        text = text.upper().replace(url.upper(), url)
    elif style < 0.45:
        text = text.replace("Free", "FREE").replace("faster", "FASTER")
    if rng.random() < 0.3:
        text += rng.choice((" Hurry!", " 👉 Don't miss it", " !!!"))
    return text


def plan_spam_wave(
    rng: random.Random,
    ids: IdMaker,
    factory: MemberFactory,
    cast: Cast,
    size: int,
    now: datetime,
) -> list[CasePlan]:
    """``size`` open spam cases from three to five accounts made the day before."""
    senders = [
        factory.make(offence=Category.SPAM, joined_days_ago=(1.0, 1.8), display_name=name)
        for name in rng.sample(SENDER_NAMES, rng.randint(3, 5))
    ]
    plans: list[CasePlan] = []
    for index in range(size):
        sender = senders[index % len(senders)]
        recipient = cast.ordinary(rng, 1, set())[0]
        sent = (now - timedelta(hours=rng.uniform(0.2, WAVE_HOURS))).replace(microsecond=0)
        surface = rng.choices((Surface.CHAT, Surface.GROUP_CHAT, Surface.COMMENT), (75, 15, 10))[0]
        campaign = senders.index(sender) % 2  # two advert designs across the wave
        plans.append(_wave_case(rng, ids, sender, recipient, surface, sent, now, campaign))
    return plans


def _wave_case(
    rng: random.Random,
    ids: IdMaker,
    sender: Persona,
    recipient: Persona,
    surface: Surface,
    sent: datetime,
    now: datetime,
    campaign: int = 0,
) -> CasePlan:
    text = spam_variant(rng)
    messages: list[IntakeMessage] = []
    if surface is Surface.COMMENT:
        content = ContentItem(id=ids.content(), surface=surface, text=text, posted_at=sent)
    else:
        reaction = rng.choice(BANKS[practice_language(recipient, sender)].uneasy)
        lines = [
            Line(sender, rng.choice(OPENERS)),
            Line(sender, text, reported=True),
            Line(recipient, reaction),
            Line(sender, rng.choice(FOLLOW_UPS)),
        ]
        messages = timestamp(rng, ids, lines, sent)
        reported = messages[1]
        content = ContentItem(
            id=reported.id, surface=surface, text=text, posted_at=reported.sent_at
        )
    flagged_at = min(now - timedelta(seconds=30), sent + timedelta(seconds=rng.randint(20, 240)))
    automated = detector_report(rng, Category.SPAM, surface, flagged_at.replace(microsecond=0))
    if automated is None:  # the spam-burst detector is part of the demo's detector table
        raise ValueError("The spam wave needs a detector for spam.")
    banner = promo_banner(rng, campaign)
    image_format = ImageFormat.PNG if banner.media_type == "image/png" else ImageFormat.JPEG
    picture = attachment(banner, phone_filename(rng, sent, image_format))
    reports = [replace(automated, messages=messages, attachments=[picture])]
    if rng.random() < FLAG_SHARE:
        flagged = min(now - timedelta(seconds=10), sent + timedelta(minutes=rng.randint(1, 30)))
        words, _ = pick_in_language(rng, REPORT_TEXTS[Category.SPAM], recipient.language)
        reports.append(
            ReportPlan(
                flagged.replace(microsecond=0), Category.SPAM, surface, recipient, text=words
            )
        )
    return CasePlan(SubjectKind.CONTENT, sender, Category.SPAM, surface, content, "en", reports)
