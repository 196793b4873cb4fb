"""A hostile corpus, made by the tests: every trick member text and evidence files can play.

Three cases' worth of reports, as the platform would file them:

- the **markup case** (a scam post, two reports): HTML and Qt rich-text
  markup in every text field, names included (member, reporter, detector,
  senders, bio, report notes, post, messages, file names), ``<img src=...>``
  pointing at a real local file the test owns (:attr:`HostileCorpus.sentinel`),
  bidi overrides, zero-width joiners, a look-alike domain (Cyrillic "а" in
  paypal), and seven screenshots: one fine, a decompression bomb, a truncated
  PNG, corrupt bytes, an SVG with a script, a JPEG sent as a PNG, and one
  that will be altered after intake (:data:`TAMPERED_NAME`);
- the **scripts case**: messages in every script the demo uses (Latin,
  Chinese, Japanese, Korean, Cyrillic, Arabic, Devanagari, emoji), with markup;
- the **flood case**: one reported message of 5 MiB.

Every text is written here for these tests. Nothing is read from disk or network.
"""

from __future__ import annotations

import base64
import io
import random
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

from reviewdesk.api.models import (
    ContentItem,
    IntakeAttachment,
    IntakeMessage,
    IntakeReport,
    MemberProfile,
)
from reviewdesk.domain.enums import Category, MemberRole, ReportSource, SubjectKind, Surface

#: Size of the flood message, in characters (all ASCII, so also in bytes).
FLOOD_CHARS = 5 * 1024 * 1024
#: The look-alike domain: the first "a" is CYRILLIC SMALL LETTER A.
HOMOGLYPH_DOMAIN = "p\u0430ypal.com"
HOMOGLYPH_PUNYCODE = "xn--pypal-4ve.com"
#: The file name of the screenshot whose stored bytes are altered after intake.
TAMPERED_NAME = "receipt-tampered.png"
GOOD_NAME = "chat-screenshot.png"


@dataclass(frozen=True)
class HostileFile:
    """One screenshot of the markup case and what the desk must say about it.

    ``expected`` is a piece of the placeholder sentence shown instead of the
    image, or "" when the image is shown.
    """

    filename: str
    media_type: str
    data: bytes
    expected: str = ""

    def attachment(self) -> IntakeAttachment:
        """The file as the platform attaches it to a report."""
        return IntakeAttachment(
            filename=self.filename,
            media_type=self.media_type,
            data_base64=base64.b64encode(self.data).decode("ascii"),
        )


@dataclass(frozen=True)
class HostileCorpus:
    """The reports to file, the files they carry, and what to look for."""

    sentinel: Path
    markup_reports: tuple[IntakeReport, ...]
    scripts_report: IntakeReport
    flood_report: IntakeReport
    files: tuple[HostileFile, ...]
    #: What the tampered file's stored bytes are replaced with after intake.
    tampered_replacement: bytes
    #: Expected language tag of each message of the scripts case, by message id.
    script_languages: dict[str, str]


# --- texts --------------------------------------------------------------------


def markup(sentinel: Path) -> str:
    """HTML and Qt rich text that would load ``sentinel`` if anything rendered it."""
    url = sentinel.as_uri()
    return (
        f'<b>bold</b> <i>slanted</i> <img src="{url}" width="400"> <img src="{sentinel}"> '
        f'<img src="{sentinel.name}"> '
        f'<a href="{url}">open me</a> <qt><font color="red" size="7">SHOUT</font></qt> '
        "<table border=1><tr><td>cell</td></tr></table> <script>alert(1)</script> "
        "<style>* { display: none }</style> &amp; &lt;3 &#x202E;"
    )


def hostile_name(label: str, sentinel: Path) -> str:
    """A display name: a local image first (by relative path, so a cut name keeps it whole),
    then markup and a bidi override.

    The relative path names ``sentinel`` for a process whose working directory
    is the sentinel's folder (the proof runs the desk there).
    """
    return f'<img src="{sentinel.name}"><b>{label}</b> \u202eenilno\u202c'


def scam_post(sentinel: Path) -> str:
    """The reported post: markup, a look-alike link, hidden characters, a phone number."""
    return (
        "Your tutoring account is locked!!! Verify now at "
        f"https://{HOMOGLYPH_DOMAIN}/verify or you lose your lessons. "
        "Pay\u200dpal support only, call +44 7700 900123. "
        "File name: invoice\u202egpj.exe\u202c and z\u200bero width here.\n" + markup(sentinel)
    )


SCRIPT_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "es",
        "¿Quedamos el jueves para practicar la conversación? Yo te ayudo con el español "
        "y tú me corriges el inglés. <b>gracias</b>",
    ),
    ("zh", "我们周四可以一起练习口语吗？我可以帮你学中文，你帮我改英语作文。<i>谢谢</i>"),
    ("ja", "木曜日に会話の練習をしませんか？日本語を教えるので、英語の作文を直してください。"),
    ("ko", "목요일에 같이 회화 연습할래요? 제가 한국어를 도와줄게요. 영어 작문도 봐 주세요."),
    (
        "ru",
        "Давай в четверг попрактикуем разговорный язык? Я помогу тебе с русским, "
        "а ты поправишь мой английский. <b>спасибо</b>",
    ),
    ("ar", "هل نتدرب على المحادثة يوم الخميس؟ سأساعدك في العربية وأنت تصحح لي الإنجليزية."),
    ("hi", "क्या हम गुरुवार को बातचीत का अभ्यास करें? मैं तुम्हें हिंदी सिखाऊँगा और तुम मेरी अंग्रेज़ी सुधारना।"),
    ("", "🎉🙌 👩\u200d💻📚 <i>see</i> you 🇯🇵🇰🇷"),
)


def flood_text() -> str:
    """A 5 MiB message: one paragraph pasted over and over, with markup in it."""
    paragraph = (
        "JOIN MY PAID CLASS <b>NOW</b> — cheapest lessons on the whole app, write to me "
        "outside the platform, the link is in my bio!!! "
    )
    return (paragraph * (FLOOD_CHARS // len(paragraph) + 1))[:FLOOD_CHARS]


# --- files ----------------------------------------------------------------------


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def bomb_png(side: int = 20_000) -> bytes:
    """A real decompression bomb: a ``side`` x ``side`` 1-bit PNG of zeros, about 50 KB.

    Every row is really there (50 MB of pixels once inflated), not just a
    header that lies about the size.
    """
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte, then the packed bits
    squeeze = zlib.compressobj(9)
    rows_per_piece = 1000
    pieces = [squeeze.compress(row * rows_per_piece) for _ in range(side // rows_per_piece)]
    pieces.append(squeeze.compress(row * (side % rows_per_piece)))
    pieces.append(squeeze.flush())
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(pieces))
        + _png_chunk(b"IEND", b"")
    )


def encoded(image: Image.Image, fmt: str) -> bytes:
    """``image`` saved as ``fmt``."""
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def chat_picture(width: int, height: int, shade: tuple[int, int, int]) -> Image.Image:
    """A screenshot-like picture: a coloured bar over a light page, with a few lines."""
    image = Image.new("RGB", (width, height), (246, 246, 246))
    image.paste(shade, (0, 0, width, height // 6))
    for line in range(4):
        top = height // 4 + line * height // 8
        image.paste((190, 190, 190), (width // 10, top, width * 8 // 10, top + height // 24))
    return image


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" onload="alert(1)">'
    b'<script>fetch("file:///etc/passwd").then(r => r.text()).then(alert)</script>'
    b'<rect width="300" height="200" fill="red"/></svg>\n'
)


def hostile_files(sentinel: Path) -> tuple[tuple[HostileFile, ...], bytes]:
    """The seven screenshots of the markup case, and the tampered one's later bytes."""
    good = encoded(chat_picture(480, 320, (40, 110, 200)), "PNG")
    receipt = encoded(chat_picture(360, 240, (20, 150, 70)), "PNG")
    altered = chat_picture(360, 240, (20, 150, 70))
    altered.paste((200, 30, 30), (20, 200, 340, 230))  # a "paid" line painted in afterwards
    corrupt = b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(4000)
    files = (
        HostileFile(GOOD_NAME, "image/png", good),
        HostileFile("bomb.png", "image/png", bomb_png(), "possible decompression bomb"),
        HostileFile("cut-off.png", "image/png", good[: len(good) // 2], "truncated or corrupt"),
        HostileFile("noise.png", "image/png", corrupt, "truncated or corrupt"),
        HostileFile(
            "vector.svg", "image/svg+xml", SVG_WITH_SCRIPT, "SVG images are never displayed"
        ),
        HostileFile(
            f'<img src="{sentinel.name}"><b>photo</b>.png',
            "image/png",
            encoded(chat_picture(200, 120, (120, 60, 160)), "JPEG"),
            "Wrong content type: the service says this file is image/png, but it is a JPEG image",
        ),
        HostileFile(TAMPERED_NAME, "image/png", receipt),
    )
    return files, encoded(altered, "PNG")


# --- reports ----------------------------------------------------------------------


def _member(member_id: str, name: str, joined_at: datetime, bio: str = "") -> MemberProfile:
    return MemberProfile(
        id=member_id,
        display_name=name,
        role=MemberRole.TEACHER,
        country="GB",
        native_languages=["en"],
        learning_languages=["ja"],
        joined_at=joined_at,
        bio=bio,
    )


def build_corpus(sentinel: Path, now: datetime) -> HostileCorpus:
    """The whole corpus; ``sentinel`` is the local file the markup points at."""
    url = sentinel.as_uri()
    scammer = _member(
        "m-hostile-1",
        hostile_name("Support", sentinel),
        now - timedelta(days=3),
        bio="Official helper of the app. " + markup(sentinel) + " Call me: +44 7700 900123",
    )
    reporter = _member("m-hostile-2", hostile_name("Reporter", sentinel), now - timedelta(days=400))
    files, replacement = hostile_files(sentinel)
    post_at = now - timedelta(hours=3)
    post = ContentItem(
        id="c-hostile-1", surface=Surface.DISCUSSION, text=scam_post(sentinel), posted_at=post_at
    )
    messages = [
        IntakeMessage(
            id=f"msg-hostile-{n}",
            sender_id=sender.id,
            sender_name=sender.display_name,
            sent_at=post_at + timedelta(minutes=n),
            text=text,
            reported=n == 2,
        )
        for n, (sender, text) in enumerate(
            [
                (reporter, "Is this really the support team? " + markup(sentinel)),
                (scammer, f"Yes!! open https://{HOMOGLYPH_DOMAIN}/login <b>fast</b>"),
                (scammer, 'Send the code here \u202e!won\u202c <img src="' + url + '">'),
            ]
        )
    ]
    flag = IntakeReport(
        subject_kind=SubjectKind.CONTENT,
        member=scammer,
        content=post,
        source=ReportSource.MEMBER,
        reporter=reporter,
        reason=Category.SCAM,
        text="He pretends to be staff. " + markup(sentinel) + " \u200d\u200d end",
        surface=Surface.DISCUSSION,
        created_at=now - timedelta(hours=2),
        language="en",
        messages=messages,
        attachments=[file.attachment() for file in files],
    )
    detector = IntakeReport(
        subject_kind=SubjectKind.CONTENT,
        member=scammer,
        content=post,
        source=ReportSource.DETECTOR,
        detector=f'<img src="{sentinel.name}"><font color=red>link-guard</font>',
        score=0.93,
        reason=Category.SCAM,
        text="Look-alike domain " + markup(sentinel),
        surface=Surface.DISCUSSION,
        created_at=now - timedelta(hours=1),
    )

    learner = _member("m-hostile-3", "<i>Polyglot</i> 多言語 Полиглот", now - timedelta(days=90))
    partner = _member("m-hostile-4", hostile_name("شريك", sentinel), now - timedelta(days=50))
    script_messages = [
        IntakeMessage(
            id=f"msg-script-{n}",
            sender_id=learner.id,
            sender_name=learner.display_name,
            sent_at=now - timedelta(hours=5, minutes=-n),
            text=text,
            reported=n == 5,
        )
        for n, (_code, text) in enumerate(SCRIPT_MESSAGES)
    ]
    scripts = IntakeReport(
        subject_kind=SubjectKind.ACCOUNT,
        member=learner,
        source=ReportSource.MEMBER,
        reporter=partner,
        reason=Category.OFF_PLATFORM,
        text="Wants to move every chat elsewhere. <b>please check</b>",
        surface=Surface.CHAT,
        created_at=now - timedelta(hours=4),
        messages=script_messages,
    )

    flooder = _member("m-hostile-5", hostile_name("Flood", sentinel), now - timedelta(days=1))
    flood = IntakeReport(
        subject_kind=SubjectKind.ACCOUNT,
        member=flooder,
        source=ReportSource.MEMBER,
        reporter=partner,
        reason=Category.SPAM,
        text="Pasted the same advert thousands of times in one message.",
        surface=Surface.CHAT,
        created_at=now - timedelta(hours=6),
        messages=[
            IntakeMessage(
                id="msg-flood-0",
                sender_id=partner.id,
                sender_name=partner.display_name,
                sent_at=now - timedelta(hours=7),
                text="Hi! Shall we practise?",
            ),
            IntakeMessage(
                id="msg-flood-1",
                sender_id=flooder.id,
                sender_name=flooder.display_name,
                sent_at=now - timedelta(hours=6, minutes=30),
                text=flood_text(),
                reported=True,
            ),
        ],
    )
    return HostileCorpus(
        sentinel=sentinel,
        markup_reports=(flag, detector),
        scripts_report=scripts,
        flood_report=flood,
        files=files,
        tampered_replacement=replacement,
        script_languages={
            f"msg-script-{n}": code for n, (code, _text) in enumerate(SCRIPT_MESSAGES) if code
        },
    )
