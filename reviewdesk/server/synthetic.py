"""Many plain open cases at once, for load tests and benchmarks (deterministic, bulk inserts).

:func:`add_synthetic_cases` writes ``count`` open cases straight into the
tables with SQLAlchemy Core ``INSERT``s of many rows each, bypassing the
intake code (which reads and writes a few rows per report): 100,000 cases
take seconds, not minutes. Each case is one piece of content by one of a few
thousand synthetic members, with one detector report; every twentieth
carries a small drawn screenshot. Severity follows the catalogue in force
and priority is computed with the same rule the service uses, so the queue
order is the one a refresh would give. The same ``seed`` and ``now`` always
give the same rows.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import Engine, Table, insert, select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import (
    CaseStatus,
    Category,
    MemberRole,
    ReportSource,
    SubjectKind,
    Surface,
)
from reviewdesk.domain.priority import case_priority
from reviewdesk.server.db import SessionFactory, make_session_factory
from reviewdesk.server.services.catalogue import (
    category_severities,
    current_catalogue,
    severity_of,
)
from reviewdesk.server.settings import utc_now
from reviewdesk.server.tables import (
    AttachmentBlobRow,
    AttachmentRow,
    Base,
    CaseRow,
    ContentRow,
    MemberRow,
    ReportRow,
)

#: One synthetic member per this many cases (at least one).
CASES_PER_MEMBER = 25
#: Every this many cases carries a screenshot.
SCREENSHOT_EVERY = 20
#: Rows per INSERT batch.
BATCH = 5000
#: The oldest a synthetic case is (hours).
MAX_AGE_HOURS = 72
SURFACES = (Surface.MOMENT, Surface.COMMENT, Surface.CHAT, Surface.PROFILE)
LANGUAGES = ("en", "es", "de", "fr", "ja", "zh", "ko", "ru", "ar", "pt")
DETECTORS = ("link-spam", "bulk-sender", "scam-phrases", "nudity-score")
SNIPPETS = (
    "Practice English with me, write to my other app for cheap lessons",
    "Free trial week of lessons, the link is in my profile",
    "Looking for a tandem partner, I teach Spanish and learn German",
    "Earn money fast helping with my language course, ask me how",
    "Anyone up for a voice call tonight to practise pronunciation?",
    "Sending the same message to everyone: join my paid group",
)


@dataclass(frozen=True)
class SyntheticCounts:
    """What :func:`add_synthetic_cases` wrote."""

    cases: int
    members: int
    screenshots: int


def _sessions(database: SessionFactory | Engine) -> SessionFactory:
    return make_session_factory(database) if isinstance(database, Engine) else database


def _table(row_class: type[Base]) -> Table:
    table = row_class.__table__
    assert isinstance(table, Table)
    return table


def draw_screenshot(variant: int) -> bytes:
    """A small PNG of a chat-like screen; a handful of variants (deterministic)."""
    shade = 200 + (variant * 7) % 50
    image = Image.new("RGB", (360, 640), (shade, shade, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 360, 48), fill=(40, 90, 160))
    for line in range(8):
        top = 70 + line * 66
        left = 20 if (line + variant) % 2 else 120
        draw.rounded_rectangle((left, top, left + 220, top + 48), 12, fill=(255, 255, 255))
        draw.text((left + 12, top + 16), f"message {variant}-{line}", fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def add_synthetic_cases(
    database: SessionFactory | Engine,
    count: int,
    *,
    seed: int = 1,
    now: datetime | None = None,
) -> SyntheticCounts:
    """Add ``count`` open cases (with their members, content and reports) in one transaction.

    The schema and the catalogue must be in place (seed the demo accounts
    first). Ids are prefixed ``syn-<seed>-`` so they never meet the demo's own.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    moment = now or utc_now()
    chooser = random.Random(seed)
    prefix = f"syn-{seed}"
    member_total = max(1, count // CASES_PER_MEMBER)
    shots = [draw_screenshot(v) for v in range(4)]
    with _sessions(database)() as session:
        Base.metadata.create_all(session.connection())
        severities = category_severities(current_catalogue(session))
        first_case = (session.scalar(select(CaseRow.id).order_by(CaseRow.id.desc())) or 0) + 1
        first_report = (session.scalar(select(ReportRow.id).order_by(ReportRow.id.desc())) or 0) + 1
        first_attachment = (
            session.scalar(select(AttachmentRow.id).order_by(AttachmentRow.id.desc())) or 0
        ) + 1
        _insert_members(session, prefix, member_total, moment)
        categories = list(Category)
        cases: list[dict[str, Any]] = []
        contents: list[dict[str, Any]] = []
        reports: list[dict[str, Any]] = []
        attachments: list[dict[str, Any]] = []
        blobs: list[dict[str, Any]] = []
        for n in range(count):
            case_id, report_id = first_case + n, first_report + n
            category = categories[chooser.randrange(len(categories))]
            severity = severity_of(category, severities)
            surface = SURFACES[chooser.randrange(len(SURFACES))]
            opened = moment - timedelta(seconds=chooser.uniform(60, MAX_AGE_HOURS * 3600))
            score = round(chooser.uniform(0.3, 0.99), 3)
            member_id = f"m-{prefix}-{n % member_total}"
            content_id = f"c-{prefix}-{n}"
            text = f"{SNIPPETS[chooser.randrange(len(SNIPPETS))]} (#{n})"
            contents.append(
                {
                    "id": content_id,
                    "member_id": member_id,
                    "surface": surface,
                    "text": text,
                    "posted_at": opened,
                }
            )
            cases.append(
                {
                    "id": case_id,
                    "subject_kind": SubjectKind.CONTENT,
                    "subject_key": content_id,
                    "open_subject_key": content_id,
                    "member_id": member_id,
                    "content_id": content_id,
                    "surface": surface,
                    "category": category,
                    "severity": int(severity),
                    "status": CaseStatus.OPEN,
                    "language": LANGUAGES[chooser.randrange(len(LANGUAGES))],
                    "report_count": 1,
                    "priority": case_priority(severity, score, opened, moment),
                    "opened_at": opened,
                    "last_reported_at": opened,
                    "preview": text,
                    "automated": True,
                }
            )
            reports.append(
                {
                    "id": report_id,
                    "case_id": case_id,
                    "source": ReportSource.DETECTOR,
                    "reporter_id": None,
                    "detector": DETECTORS[chooser.randrange(len(DETECTORS))],
                    "score": score,
                    "reason": category,
                    "text": "",
                    "surface": surface,
                    "created_at": opened,
                }
            )
            if n % SCREENSHOT_EVERY == 0:
                data = shots[(n // SCREENSHOT_EVERY) % len(shots)]
                attachment_id = first_attachment + len(attachments)
                attachments.append(
                    {
                        "id": attachment_id,
                        "case_id": case_id,
                        "report_id": report_id,
                        "filename": f"screen-{n}.png",
                        "media_type": "image/png",
                        "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "width": 360,
                        "height": 640,
                    }
                )
                blobs.append({"attachment_id": attachment_id, "data": data})
        for row_class, rows in (
            (ContentRow, contents),
            (CaseRow, cases),
            (ReportRow, reports),
            (AttachmentRow, attachments),
            (AttachmentBlobRow, blobs),
        ):
            for batch in _batches(iter(rows)):
                session.execute(insert(_table(row_class)), batch)
        session.commit()
    return SyntheticCounts(count, member_total, len(attachments))


def _insert_members(session: Session, prefix: str, total: int, now: datetime) -> None:
    rows = (
        {
            "id": f"m-{prefix}-{n}",
            "display_name": f"Synthetic Member {n}",
            "role": MemberRole.LEARNER,
            "country": "NL",
            "native_languages": ["nl"],
            "learning_languages": ["en"],
            "joined_at": now - timedelta(days=30 + n % 900),
            "bio": "",
        }
        for n in range(total)
    )
    for batch in _batches(rows):
        session.execute(insert(_table(MemberRow)), batch)
