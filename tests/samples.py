"""How the tests put sample wire models together, shared by every test folder.

The sample modules of each folder keep their own people, texts and dates (their
tests assert on them); only the building of members, member flags and PNG
screenshots lives here. Import it by bare name (``from samples import ...``):
the tests root is on ``sys.path`` because ``tests/conftest.py`` lives there.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import datetime

from PIL import Image

from reviewdesk.api.models import ContentItem, IntakeAttachment, IntakeReport, MemberProfile
from reviewdesk.domain.enums import Category, MemberRole, ReportSource, SubjectKind, Surface

#: An RGB colour as Pillow takes it: a name, "#rrggbb" or a triple.
Colour = str | tuple[int, int, int]


def member_profile(
    member_id: str,
    name: str,
    *,
    joined_at: datetime,
    role: MemberRole = MemberRole.LEARNER,
    country: str = "DE",
    native: Sequence[str] = ("de",),
    learning: Sequence[str] = ("ja",),
    **extra: object,
) -> MemberProfile:
    """A member's profile; ``extra`` sets further fields (``bio``)."""
    return MemberProfile.model_validate(
        {
            "id": member_id,
            "display_name": name,
            "role": role,
            "country": country,
            "native_languages": list(native),
            "learning_languages": list(learning),
            "joined_at": joined_at,
            **extra,
        }
    )


def member_flag(
    subject: MemberProfile,
    reporter: MemberProfile,
    reason: Category,
    at: datetime,
    item: ContentItem | None,
    *,
    text: str,
    **extra: object,
) -> IntakeReport:
    """A member's flag on ``item`` (or on the account when ``item`` is None)."""
    return IntakeReport.model_validate(
        {
            "subject_kind": SubjectKind.CONTENT if item is not None else SubjectKind.ACCOUNT,
            "member": subject,
            "content": item,
            "source": ReportSource.MEMBER,
            "reporter": reporter,
            "reason": reason,
            "text": text,
            "surface": item.surface if item is not None else Surface.PROFILE,
            "created_at": at,
            **extra,
        }
    )


def png_bytes(width: int, height: int, colour: Colour, *, left_half: Colour | None = None) -> bytes:
    """A real PNG of one ``colour``, or two: ``left_half`` paints the left half."""
    image = Image.new("RGB", (width, height), colour)
    if left_half is not None:
        image.paste(left_half, (0, 0, width // 2, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_attachment(filename: str, data: bytes) -> IntakeAttachment:
    """``data`` attached to a report as a PNG file."""
    return IntakeAttachment(
        filename=filename,
        media_type="image/png",
        data_base64=base64.b64encode(data).decode("ascii"),
    )
