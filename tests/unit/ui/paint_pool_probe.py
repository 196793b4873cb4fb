"""Run alone: repaints a tall scroll bar and prints how often Qt's paint threads woke meanwhile.

``python paint_pool_probe.py fusion|desk``. It paints a 900-pixel vertical bar
once half-way down (any picture the style keeps is drawn then), then at
60 more places, and
prints the voluntary context switches of Qt's pooled threads during those
60 paints as ``WAKES n``. Linux only (it reads ``/proc``). A process of its
own: pooled threads live on for 30 s after their last task, so a test's
earlier paints would be counted.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollBar, QStyleFactory

from reviewdesk.ui.desk_style import DeskStyle

#: How long the first paints' helper threads are given to go idle before counting (s).
SETTLE_S = 0.5


def pooled_thread_wakes() -> int:
    """Voluntary context switches of this process's pooled Qt threads, added up."""
    wakes = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            if not (task / "comm").read_text().startswith("Thread (pooled"):
                continue
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches"):
                    wakes += int(line.split()[1])
        except OSError:  # the thread ended meanwhile
            continue
    return wakes


def main(style_name: str) -> None:
    app = QApplication(["probe"])
    style = DeskStyle() if style_name == "desk" else QStyleFactory.create("fusion")
    bars = []
    for maximum in (100_000, 40):  # a short handle, and one taller than the fills Qt splits
        bar = QScrollBar(Qt.Orientation.Vertical)
        bar.setStyle(style)
        bar.resize(15, 900)
        bar.setRange(0, maximum)
        bar.setPageStep(30)
        bar.setValue(maximum // 2)
        bar.grab()
        bars.append(bar)
    time.sleep(SETTLE_S)  # threads that helped the first paints go back to waiting first
    before = pooled_thread_wakes()
    for step in range(1, 31):
        for bar in bars:
            bar.setValue(bar.maximum() * step // 31)
            bar.grab()
    print(f"WAKES {pooled_thread_wakes() - before}")
    app.quit()


if __name__ == "__main__":
    main(sys.argv[1])
