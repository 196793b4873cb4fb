"""Every hostile or odd screenshot in the real viewer: placeholders, frames, zoom, care, QR."""

from __future__ import annotations

import colorsys
import io
import struct
import zlib

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsView
from pytestqt.qtbot import QtBot
from shell_fakes import make_summary

from reviewdesk.api.models import Attachment
from reviewdesk.domain.enums import Category
from reviewdesk.domain.sensitivity import ImageCare
from reviewdesk.evidence.integrity import sha256_hex
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.case.case_view import CaseView
from reviewdesk.ui.case.screenshot_viewer import ScreenshotViewer
from reviewdesk.ui.evidence_desk import EvidenceDesk
from reviewdesk.ui.evidence_images import evidence_from_bytes
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.tasks import TaskRunner
from reviewdesk.ui.wellbeing import BreakBar

RED = (220, 20, 30)
BLUE = (20, 40, 210)
GREEN = (0, 200, 0)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def chunk(kind: bytes, payload: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    return struct.pack(">I", len(payload)) + kind + payload + crc


def bomb() -> bytes:
    """A 100-byte PNG whose header claims 50,000 x 50,000 pixels."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def photo(width: int = 64, height: int = 48) -> Image.Image:
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def attachment(name: str, data: bytes, media_type: str = "image/png") -> Attachment:
    return Attachment(
        id=f"att-{name}",
        filename=f"{name}.png",
        media_type=media_type,
        size=len(data),
        sha256=sha256_hex(data),
    )


class Evidence:
    """A case view driven by an EvidenceDesk, as the main window wires them."""

    def __init__(
        self, qtbot: QtBot, runner: TaskRunner, settings: DeskSettings | None = None
    ) -> None:
        self.view = CaseView()
        qtbot.addWidget(self.view)
        self.view.resize(900, 800)
        self.view.evidence.resize(600, 600)
        self.bar = BreakBar()
        qtbot.addWidget(self.bar)
        self.desk = EvidenceDesk(runner, self.view, settings, self.bar)
        self.panel = self.view.evidence
        self.viewer = self.panel.viewer()
        self.panel.show()
        qtbot.waitExposed(self.panel)

    def open(self, category: Category, items: list[tuple[Attachment, bytes]]) -> None:
        self.desk.case_opening(make_summary(0, category=category))
        self.panel.show_attachments([a for a, _ in items])
        for item, data in items:
            self.desk.image_loaded(item.id, evidence_from_bytes(item, data))

    def select(self, row: int) -> None:
        self.panel.attachment_list().setCurrentIndex(self.panel.attachments_model().index(row, 0))


@pytest.fixture
def evidence(qtbot: QtBot, runner: TaskRunner) -> Evidence:
    return Evidence(qtbot, runner)


HOSTILE: list[tuple[str, bytes, str, str]] = [
    ("bomb", bomb(), "image/png", "possible decompression bomb"),
    ("truncated", encode(photo(), "PNG")[:80], "image/png", "truncated or corrupt"),
    ("garbage", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png", "truncated or corrupt"),
    ("jpeg-as-png", encode(photo(), "JPEG"), "image/png", "but it is a JPEG image"),
    ("html-as-png", b"<html><img src=file:///etc/passwd></html>", "image/png", "XML or HTML"),
    (
        "svg-script",
        b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'>"
        b"<script>alert(1)</script></svg>",
        "image/svg+xml",
        "SVG images are never displayed",
    ),
    ("tiff", encode(photo(), "TIFF"), "image/tiff", "Unsupported image format: TIFF"),
    ("empty", b"", "image/png", "The file is empty"),
]


def test_each_hostile_file_shows_a_placeholder_saying_what_is_wrong(
    evidence: Evidence,
) -> None:
    good = encode(photo(), "PNG")
    items = [(attachment(name, data, media), data) for name, data, media, _ in HOSTILE]
    evidence.open(Category.SPAM, [*items, (attachment("fine", good), good)])
    model = evidence.panel.attachments_model()
    for row, (name, _data, _media, reason) in enumerate(HOSTILE):
        evidence.select(row)
        entry = model.entry(row)
        assert entry is not None
        assert entry.state is LoadState.FAILED, name
        assert not evidence.viewer.has_image(), name
        text = evidence.viewer.placeholder_text()
        assert text.startswith(f"Cannot show {name}.png:"), text
        assert reason in text, (name, text)
    evidence.select(len(HOSTILE))  # the rest of the case still works
    assert evidence.viewer.has_image()
    assert evidence.viewer.image_size() == QSize(64, 48)


def test_a_mismatched_hash_shows_the_red_banner_and_is_never_genuine(evidence: Evidence) -> None:
    data = encode(photo(), "PNG")
    genuine = attachment("genuine", data)
    altered = attachment("altered", data).model_copy(update={"sha256": "ab" * 32})
    evidence.open(Category.SPAM, [(genuine, data), (altered, data)])
    assert evidence.viewer.integrity_text() == ""
    evidence.select(1)
    banner = evidence.viewer.integrity_text()
    assert banner.startswith("NOT GENUINE: hash differs from what the service advertised.")
    assert "abababababababab" in banner
    entry = evidence.panel.attachments_model().entry(1)
    assert entry is not None
    assert "NOT GENUINE" in entry.integrity_problem
    row_text = evidence.panel.attachments_model().index(1, 0).data()
    assert "NOT GENUINE" in row_text


def test_an_animation_opens_on_its_first_frame_and_steps_on_a_worker(
    evidence: Evidence, qtbot: QtBot
) -> None:
    frames = [Image.new("RGB", (40, 30), colour) for colour in (RED, BLUE, GREEN)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=90)
    item = attachment("animated", data, "image/gif")
    evidence.open(Category.SPAM, [(item, data)])
    viewer = evidence.viewer

    def shown_colour() -> tuple[int, int, int]:
        levels = viewer.levels()
        assert levels is not None
        colour = levels.full.pixelColor(20, 15)
        return colour.red(), colour.green(), colour.blue()

    assert "frame 1/3" in viewer.info_text()
    assert shown_colour() == RED
    assert evidence.panel.step_frame(1)
    qtbot.waitUntil(lambda: "frame 2/3" in viewer.info_text(), timeout=5000)
    assert shown_colour() == BLUE
    assert evidence.panel.step_frame(1)
    qtbot.waitUntil(lambda: "frame 3/3" in viewer.info_text(), timeout=5000)
    assert shown_colour() == GREEN
    assert not evidence.panel.step_frame(1), "no frame after the last"
    assert evidence.panel.step_frame(-1)
    qtbot.waitUntil(lambda: "frame 2/3" in viewer.info_text(), timeout=5000)
    assert "GIF · 40 × 30 px" in viewer.info_text()


def test_fit_actual_size_zoom_and_keyboard_pan_with_the_facts_line(
    evidence: Evidence, qtbot: QtBot
) -> None:
    data = encode(photo(2400, 1800), "JPEG", quality=80)
    evidence.open(Category.SPAM, [(attachment("big", data, "image/jpeg"), data)])
    viewer = evidence.viewer
    assert viewer.is_fitted()
    assert viewer.zoom() < 0.5
    info = viewer.info_text()
    assert info.startswith("JPEG · 2400 × 1800 px · ")
    assert info.endswith("(fit)")
    levels = viewer.levels()
    assert levels is not None
    assert [level.width() for level in levels.levels] == [2400, 1200, 600]
    viewer.actual_size()
    assert viewer.zoom() == 1.0
    assert viewer.info_text().endswith("· 100%")
    before = viewer.scroll_position()
    viewer.pan(0.2, 0.2)
    after = viewer.scroll_position()
    assert after[0] > before[0]
    assert after[1] > before[1]
    viewer.pan(-0.2, 0)
    assert viewer.scroll_position()[0] == before[0]
    viewer.zoom_in()
    assert viewer.zoom() == pytest.approx(1.25)
    viewer.fit()
    assert viewer.is_fitted()


def saturation_of(image: QImage) -> float:
    """The highest HSV saturation of the image's pixels (0 for pure greys)."""
    highest = 0.0
    for x in range(0, image.width(), 7):
        for y in range(0, image.height(), 7):
            colour = image.pixelColor(x, y)
            highest = max(
                highest,
                colorsys.rgb_to_hsv(colour.redF(), colour.greenF(), colour.blueF())[1],
            )
    return highest


def grab_picture(viewer: ScreenshotViewer) -> QImage:
    graphics = viewer.findChild(QGraphicsView)
    assert graphics is not None
    return graphics.viewport().grab().toImage()


@pytest.mark.parametrize(
    ("category", "protected"),
    [
        (Category.SEXUAL_CONTENT, True),
        (Category.VIOLENT_IMAGERY, True),
        (Category.SELF_HARM, True),
        (Category.GROOMING, True),
        (Category.SPAM, False),
        (Category.HARASSMENT, False),
    ],
)
def test_sensitive_categories_open_blurred_and_greyscale(
    evidence: Evidence, category: Category, protected: bool
) -> None:
    data = encode(photo(300, 200), "PNG")
    evidence.open(category, [(attachment("photo", data), data)])
    viewer = evidence.viewer
    assert (viewer.is_blurred(), viewer.is_greyscale()) == (protected, protected)
    model = evidence.panel.attachments_model()
    assert model.thumbnail_shown(0) is not protected, "the strip never shows it either"
    if protected:
        assert viewer.protection_text() == "Blurred and in greyscale. B reveals."
        assert saturation_of(grab_picture(viewer)) < 0.05
    else:
        assert saturation_of(grab_picture(viewer)) > 0.5


def test_each_moderator_sets_blur_and_greyscale_separately(
    qtbot: QtBot, runner: TaskRunner, desk_settings: DeskSettings
) -> None:
    desk_settings.set_image_care(Category.SELF_HARM, ImageCare(blur=True, greyscale=False))
    desk_settings.set_image_care(Category.SPAM, ImageCare(blur=False, greyscale=True))
    evidence = Evidence(qtbot, runner, desk_settings)
    data = encode(photo(300, 200), "PNG")
    evidence.open(Category.SELF_HARM, [(attachment("photo", data), data)])
    assert (evidence.viewer.is_blurred(), evidence.viewer.is_greyscale()) == (True, False)
    evidence.open(Category.SPAM, [(attachment("photo2", data), data)])
    assert (evidence.viewer.is_blurred(), evidence.viewer.is_greyscale()) == (False, True)
    evidence.open(Category.VIOLENT_IMAGERY, [(attachment("photo3", data), data)])
    assert (evidence.viewer.is_blurred(), evidence.viewer.is_greyscale()) == (True, True)


def test_the_settings_dialog_saves_per_category_choices(
    qtbot: QtBot, runner: TaskRunner, desk_settings: DeskSettings
) -> None:
    evidence = Evidence(qtbot, runner, desk_settings)
    data = encode(photo(300, 200), "PNG")
    evidence.open(Category.SEXUAL_CONTENT, [(attachment("photo", data), data)])
    evidence.desk.open_settings()
    dialog = evidence.desk.settings_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.blur_boxes[Category.SEXUAL_CONTENT].isChecked()
    assert not dialog.grey_boxes[Category.INSULTS].isChecked()
    dialog.grey_boxes[Category.SEXUAL_CONTENT].setChecked(False)
    dialog.break_spin.setValue(3)
    dialog.accept()
    assert desk_settings.image_care(Category.SEXUAL_CONTENT) == ImageCare(True, False)
    assert desk_settings.break_after_reveals == 3
    assert evidence.desk.tracker.threshold == 3
    assert (evidence.viewer.is_blurred(), evidence.viewer.is_greyscale()) == (True, False)


def test_revealing_is_one_key_recorded_once_and_counted_for_a_break(
    evidence: Evidence, qtbot: QtBot
) -> None:
    evidence.desk.tracker.set_threshold(2)
    data = encode(photo(300, 200), "PNG")
    items = [(attachment(f"p{n}", data), data) for n in range(3)]
    evidence.open(Category.VIOLENT_IMAGERY, items)
    revealed: list[list[str]] = []
    evidence.desk.revealed_changed.connect(lambda _case, ids: revealed.append(ids))
    evidence.desk.toggle_reveal()  # B
    assert not evidence.viewer.is_protected()
    assert evidence.panel.attachments_model().thumbnail_shown(0)
    evidence.desk.toggle_reveal()  # B again hides it; still counted once
    assert evidence.viewer.is_blurred()
    assert evidence.viewer.is_greyscale()
    evidence.desk.toggle_reveal()
    assert revealed == [["att-p0"]]
    assert evidence.bar.isHidden()
    evidence.select(1)
    assert evidence.viewer.is_protected(), "the next image opens protected again"
    evidence.desk.toggle_reveal()
    assert revealed[-1] == ["att-p0", "att-p1"]
    assert evidence.desk.tracker.count == 2
    assert not evidence.bar.isHidden()
    assert "2 sensitive images" in evidence.bar.message()
    evidence.select(0)
    assert not evidence.viewer.is_protected(), "a revealed image stays revealed in the case"


def test_a_qr_code_is_listed_beside_the_image_defanged(evidence: Evidence, qtbot: QtBot) -> None:
    matrix = zxingcpp.create_barcode(
        "http://t.me/free.lessons.example", zxingcpp.BarcodeFormat.QRCode
    ).to_image(scale=5)
    code = Image.frombytes("L", (matrix.shape[1], matrix.shape[0]), bytes(memoryview(matrix)))
    screen = Image.new("RGB", (432, 768), (245, 245, 250))
    screen.paste(code.convert("RGB"), (100, 300))
    data = encode(screen, "PNG")
    evidence.open(Category.OFF_PLATFORM, [(attachment("qr", data), data)])
    qtbot.waitUntil(lambda: evidence.viewer.qr_text() != "", timeout=5000)
    text = evidence.viewer.qr_text()
    assert "1 QR code found: possible luring off the platform" in text
    assert "Points to Telegram (t[.]me)" in text
    assert "hxxp://t[.]me/free.lessons.example" in text
    assert "http://" not in text
