"""A slow service never freezes the window: every network call runs off the GUI thread."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator

import pytest
from e2e_support import (
    WAIT_MS,
    ProxiedService,
    RunningService,
    cases_after,
    press,
    proxied,
    wait_until_decidable,
    without_prefetch,
)
from fault_proxy import Fault
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from reviewdesk.ui.desk_app import Desk

pytestmark = pytest.mark.e2e

#: How long the proxy holds back each slow answer (s).
SLOW_ANSWER_S = 2.0
#: The longest pause of the event loop that still counts as responsive (s):
#: far below the held-back answer, so a call made on the GUI thread shows.
LONGEST_ALLOWED_GAP_S = 1.0


@pytest.fixture
def service(service: RunningService) -> Iterator[ProxiedService]:
    """The e2e server behind a fault proxy."""
    with proxied(service) as through_proxy:
        yield through_proxy


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The desk reading nothing ahead: the faults here are on the way a case opens."""
    return without_prefetch(desk)


def test_opening_a_case_on_a_slow_service_keeps_the_event_loop_running(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    (slow,) = cases_after(window, first, 1)
    for path in (rf"/v1/cases/{re.escape(slow.id)}", r"/v1/members/[^/]+/history", r".*/claim"):
        service.proxy.add(Fault(path, delay_answer=SLOW_ANSWER_S))

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    press(qtbot, window, "j")
    qtbot.waitUntil(lambda: window.case_view.case_id() == slow.id, timeout=WAIT_MS)
    waited = time.monotonic() - started
    timer.stop()

    assert waited >= SLOW_ANSWER_S * 0.9, "the case really came through the slow path"
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) > 20
    assert max(gaps) < LONGEST_ALLOWED_GAP_S, f"the event loop stood still for {max(gaps):.2f} s"
    assert service.proxy.seen("GET", f"/v1/cases/{slow.id}")
