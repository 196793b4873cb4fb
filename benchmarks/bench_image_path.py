"""The screenshot path: from downloaded bytes to a fitted image on screen, off the GUI thread.

For a 12-megapixel photo-like JPEG and a 4000x3000 screenshot-like PNG,
measures in the real evidence panel and viewer (offscreen Qt), as the desk
loads a screenshot: the time from handing the bytes to a worker (hash check,
safe decode of a preview: a JPEG at reduced scale, a PNG in full then
reduced; thumbnail) to the first paint of the fitted image; the time until
the full resolution (decoded and pre-scaled on a second worker task) has
replaced the preview; and the longest time the GUI thread stood still
meanwhile (a 1 ms timer records every gap in the event loop). Run alone with
``python benchmarks/bench_image_path.py [--json FILE] [--rounds N]``.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QGraphicsView

from benchmarks.report import Figure, argument_parser, report
from reviewdesk.api.models import Attachment
from reviewdesk.evidence.allocation import keep_large_blocks_on_mmap
from reviewdesk.evidence.integrity import sha256_hex
from reviewdesk.ui.case.evidence_panel import EvidencePanel
from reviewdesk.ui.evidence_images import LoadedEvidence, preview_from_bytes
from reviewdesk.ui.tasks import TaskRunner

STALL_TARGET_MS = 16.0
DISPLAY_TARGET_MS = 150.0
#: The desk's own target (not the issue's): full resolution, for zooming, within a second.
FULL_TARGET_MS = 1000.0
WIDTH, HEIGHT = 4000, 3000


def photo_jpeg() -> bytes:
    """A 12-megapixel photo-like JPEG: smooth colour fields with fine grain."""
    small = Image.effect_noise((WIDTH // 16, HEIGHT // 16), 90).filter(ImageFilter.GaussianBlur(3))
    channels = [
        small.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC),
        small.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((WIDTH, HEIGHT)),
        small.transpose(Image.Transpose.FLIP_TOP_BOTTOM).resize((WIDTH, HEIGHT)),
    ]
    grain = Image.effect_noise((WIDTH, HEIGHT), 12)
    picture = Image.merge("RGB", [Image.blend(c, grain, 0.15) for c in channels])
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def screenshot_png() -> bytes:
    """A 4000x3000 screenshot-like PNG: panels, bars and lines of 'text'."""
    picture = Image.new("RGB", (WIDTH, HEIGHT), (246, 247, 250))
    draw = ImageDraw.Draw(picture)
    for column in range(4):
        left = 40 + column * 990
        draw.rectangle((left, 120, left + 950, HEIGHT - 40), fill=(255, 255, 255))
        for row in range(140):
            top = 160 + row * 20
            length = 300 + (row * 37 + column * 101) % 600
            shade = 40 + (row * 13) % 80
            draw.rectangle((left + 20, top, left + 20 + length, top + 9), fill=(shade,) * 3)
    draw.rectangle((0, 0, WIDTH, 90), fill=(32, 92, 180))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


class _PaintWatch(QObject):
    """Notes the time of the first paint of a widget after :meth:`arm`."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self.painted_at: float | None = None

    def arm(self) -> None:
        self.armed = True
        self.painted_at = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self.armed and event.type() == QEvent.Type.Paint:
            self.armed = False
            self.painted_at = time.perf_counter()  # when painting starts; the gap timer
        return False  # sees the paint itself as part of the stall


class _GapTimer:
    """Records the longest gap between ticks of a 1 ms timer on the GUI thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.longest * 1000.0


def measure(
    app: QApplication, runner: TaskRunner, panel: EvidencePanel, name: str, data: bytes
) -> tuple[float, float, float]:
    """One round, in ms: (first paint of the fitted image, full resolution shown, longest stall)."""
    attachment = Attachment(
        id=f"bench-{name}",
        filename=f"{name}",
        media_type="image/jpeg" if name.endswith(".jpg") else "image/png",
        size=len(data),
        sha256=sha256_hex(data),
    )
    panel.show_attachments([attachment])
    for _ in range(5):
        app.processEvents()
    view = panel.viewer().findChild(QGraphicsView)
    assert view is not None
    viewport = view.viewport()
    watch = _PaintWatch()
    viewport.installEventFilter(watch)
    gaps = _GapTimer()
    done: list[LoadedEvidence] = []
    full_at: list[float] = []

    def shown(loaded: LoadedEvidence) -> None:
        if not done:
            watch.arm()
        panel.show_evidence(loaded)
        done.append(loaded)
        pending = loaded.full_pending
        if pending is not None:  # as the case loader does: the full resolution from a worker,
            QTimer.singleShot(0, lambda: runner.run(pending, shown))  # once the preview painted
        else:
            full_at.append(time.perf_counter())

    gaps.start()
    started = time.perf_counter()
    runner.run(lambda: preview_from_bytes(attachment, data), shown)
    deadline = started + 30.0
    while watch.painted_at is None or not full_at:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{name} was not displayed within 30 s")
        app.processEvents()
    first_paint = watch.painted_at
    assert first_paint is not None
    # Let the event loop run a moment longer: work queued by the paint counts too.
    settle = time.perf_counter() + 0.05
    while time.perf_counter() < settle:
        app.processEvents()
    stall = gaps.stop()
    viewport.removeEventFilter(watch)
    levels = panel.viewer().levels()
    if not (levels is not None and panel.viewer().is_fitted() and not levels.is_preview):
        raise RuntimeError(f"{name} was not shown fitted at full resolution")
    return (first_paint - started) * 1000.0, (full_at[0] - started) * 1000.0, stall


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argument_parser(__doc__ or "")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    keep_large_blocks_on_mmap()  # as the desk does at start
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    runner = TaskRunner()
    panel = EvidencePanel()
    panel.resize(900, 900)
    panel.show()
    samples = {"12 MP JPEG photo": photo_jpeg(), "4000x3000 PNG": screenshot_png()}
    figures: list[Figure] = []
    for label, data in samples.items():
        name = "photo.jpg" if "JPEG" in label else "screen.png"
        measure(app, runner, panel, name, data)  # warm-up
        rounds = [measure(app, runner, panel, name, data) for _ in range(args.rounds)]
        display = [display_ms for display_ms, _, _ in rounds]
        full = [full_ms for _, full_ms, _ in rounds]
        stall = [stall_ms for _, _, stall_ms in rounds]
        figures.append(
            Figure(
                f"{label}: to display (median)", statistics.median(display), "ms", DISPLAY_TARGET_MS
            )
        )
        figures.append(
            Figure(f"{label}: to display (worst)", max(display), "ms", DISPLAY_TARGET_MS)
        )
        figures.append(
            Figure(
                f"{label}: full resolution in (median)",
                statistics.median(full),
                "ms",
                FULL_TARGET_MS,
            )
        )
        figures.append(Figure(f"{label}: longest GUI stall", max(stall), "ms", STALL_TARGET_MS))
    runner.shutdown()
    sizes = ", ".join(f"{label} {len(data) / 1e6:.1f} MB" for label, data in samples.items())
    report(f"Image path, bytes to fitted image ({sizes})", figures, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
