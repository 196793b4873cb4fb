"""The audit window's tabs by index: known without loading the window's modules."""

from __future__ import annotations

LOG_TAB, REPLAY_TAB, SAMPLING_TAB, STATS_TAB = range(4)
