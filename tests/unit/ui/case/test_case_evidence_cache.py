"""The screenshot loader with the disk cache, and the preview that full resolution replaces."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import Attachment
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.evidence.integrity import sha256_hex
from reviewdesk.ui.case.evidence_panel import EvidencePanel
from reviewdesk.ui.evidence_images import (
    PREVIEW_SIDE,
    LoadedEvidence,
    finished,
    load_attachment_image,
)
from reviewdesk.ui.tasks import TaskRunner


class CountingBackend:
    """Serves attachment bytes and counts the downloads."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.downloads: list[str] = []

    def get_attachment(self, attachment_id: str) -> bytes:
        self.downloads.append(attachment_id)
        return self.files[attachment_id]


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def big_photo(width: int = 3200, height: int = 2400) -> Image.Image:
    image = Image.new("RGB", (width, height), (30, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 2, height // 2), fill=(230, 200, 20))
    return image


def attachment_for(data: bytes, media_type: str, sha: str | None = None) -> Attachment:
    return Attachment(
        id=f"att-{sha256_hex(data)[:8]}",
        filename="shot",
        media_type=media_type,
        size=len(data),
        sha256=sha or sha256_hex(data),
    )


def load_fully(
    backend: CountingBackend, attachment: Attachment, cache: EvidenceCache
) -> LoadedEvidence:
    """What the case loader does on its workers: load, complete, then write the cache."""
    first = load_attachment_image(backend, attachment, cache)  # type: ignore[arg-type]
    full = finished(first)
    if full.cache_write is not None:
        full.cache_write()
    return full


@pytest.fixture
def cache(tmp_path: Path) -> EvidenceCache:
    return EvidenceCache(tmp_path / "evidence")


def test_a_verified_screenshot_is_read_from_the_cache_the_second_time(
    cache: EvidenceCache,
) -> None:
    data = encode(big_photo(), "JPEG", quality=80)
    attachment = attachment_for(data, "image/jpeg")
    backend = CountingBackend({attachment.id: data})
    first = load_fully(backend, attachment, cache)
    assert first.genuine
    assert len(cache) == 1
    again = load_attachment_image(backend, attachment, cache)  # type: ignore[arg-type]
    assert backend.downloads == [attachment.id], "the second load did not download"
    assert again.from_cache
    assert again.preview, "the cached preview shows first"
    full = finished(again)
    assert full.pictures is not None
    assert not full.pictures.is_preview
    assert (full.pictures.width(), full.pictures.height()) == (3200, 2400)
    assert (full.format, full.byte_size, full.genuine) == ("JPEG", len(data), True)
    assert full.cache_write is None  # nothing to write again


def test_a_not_genuine_file_is_never_cached(cache: EvidenceCache) -> None:
    data = encode(big_photo(), "PNG")
    attachment = attachment_for(data, "image/png", sha="ab" * 32)
    backend = CountingBackend({attachment.id: data})
    loaded = load_fully(backend, attachment, cache)
    assert not loaded.genuine
    assert loaded.pictures is not None  # still shown, under the red banner
    assert loaded.cache_write is None
    assert len(cache) == 0
    assert not cache.directory.exists() or list(cache.directory.iterdir()) == []


def test_a_refused_file_is_never_cached(cache: EvidenceCache) -> None:
    data = encode(big_photo(64, 48), "PNG")
    attachment = attachment_for(data, "image/gif")  # the real format is not the advertised one
    loaded = load_fully(CountingBackend({attachment.id: data}), attachment, cache)
    assert loaded.refusal
    assert len(cache) == 0


def test_a_damaged_cache_entry_falls_back_to_the_network(cache: EvidenceCache) -> None:
    data = encode(big_photo(), "PNG")
    attachment = attachment_for(data, "image/png")
    backend = CountingBackend({attachment.id: data})
    load_fully(backend, attachment, cache)
    entry = next(cache.directory.iterdir())
    raw = entry.read_bytes()
    entry.write_bytes(raw[:-100] + bytes(100))  # the full-size pixels are damaged
    loaded = load_fully(backend, attachment, cache)
    assert backend.downloads == [attachment.id, attachment.id]
    assert loaded.pictures is not None
    assert loaded.genuine
    assert len(cache) == 1, "the fresh download was cached again"
    entry.unlink()  # and a deleted one
    assert load_fully(backend, attachment, cache).pictures is not None
    assert len(backend.downloads) == 3


def test_a_large_jpeg_comes_as_a_reduced_preview_first(cache: EvidenceCache) -> None:
    data = encode(big_photo(), "JPEG", quality=80)
    attachment = attachment_for(data, "image/jpeg")
    preview = load_attachment_image(
        CountingBackend({attachment.id: data}),  # type: ignore[arg-type]
        attachment,
        cache,
    )
    assert preview.pictures is not None
    assert preview.pictures.is_preview
    shown = preview.pictures.full
    assert PREVIEW_SIDE <= max(shown.width(), shown.height()) < 3200
    assert (preview.pictures.width(), preview.pictures.height()) == (3200, 2400)
    assert preview.cache_write is None, "nothing is cached before the full image is verified"
    full = finished(preview)
    assert full.pictures is not None
    assert full.pictures.full.width() == 3200


def test_a_small_image_comes_in_one_step(cache: EvidenceCache) -> None:
    data = encode(big_photo(400, 300), "PNG")
    attachment = attachment_for(data, "image/png")
    loaded = load_attachment_image(
        CountingBackend({attachment.id: data}),  # type: ignore[arg-type]
        attachment,
        cache,
    )
    assert not loaded.preview
    assert loaded.pictures is not None
    assert not loaded.pictures.is_preview


def test_the_panel_swaps_the_preview_for_full_resolution_keeping_the_fit(
    qtbot: QtBot, cache: EvidenceCache
) -> None:
    data = encode(big_photo(), "JPEG", quality=80)
    attachment = attachment_for(data, "image/jpeg")
    backend = CountingBackend({attachment.id: data})
    panel = EvidencePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_attachments([attachment])
    runner = TaskRunner()
    shown: list[LoadedEvidence] = []

    def arrived(loaded: LoadedEvidence) -> None:
        panel.show_evidence(loaded)
        shown.append(loaded)
        if loaded.full_pending is not None:
            runner.run(loaded.full_pending, arrived)

    try:
        runner.run(lambda: load_attachment_image(backend, attachment, cache), arrived)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    finally:
        assert runner.shutdown(10_000)
    viewer = panel.viewer()
    first, last = shown
    assert first.pictures is not None
    assert first.pictures.is_preview
    levels = viewer.levels()
    assert levels is not None
    assert levels is last.pictures
    assert not levels.is_preview
    assert levels.full.width() == 3200
    assert viewer.is_fitted()
    assert viewer.image_size().width() == 3200
    assert "3200 × 2400" in viewer.info_text()
