"""The next case is read ahead from the real service, without a claim, and opens from memory."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from e2e_support import (
    WAIT_MS,
    ProxiedService,
    RunningService,
    cases_after,
    current_case,
    press,
    proxied,
    wait_until_decidable,
)
from pytestqt.qtbot import QtBot

from reviewdesk.ui.desk_app import Desk

pytestmark = pytest.mark.e2e


@pytest.fixture
def service(service: RunningService) -> Iterator[ProxiedService]:
    """The e2e server behind a proxy that records every request."""
    with proxied(service) as through_proxy:
        yield through_proxy


def test_the_next_case_is_read_ahead_unclaimed_and_opens_without_asking_again(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    (following,) = cases_after(window, first, 1)
    detail_path = rf"/v1/cases/{re.escape(following.id)}"
    claim_path = rf"{detail_path}/claim"
    planner = window.prefetch
    assert planner is not None
    proxy = service.proxy
    qtbot.waitUntil(lambda: following.id in planner.prefetcher.cache, timeout=WAIT_MS)
    assert len(proxy.seen("GET", detail_path)) == 1, "read ahead before the moderator got there"
    assert proxy.seen("POST", claim_path) == [], "reading ahead claimed the case"

    press(qtbot, window, "j")
    assert current_case(window) == following.id, "not shown from memory in the key press"
    assert wait_until_decidable(qtbot, window) == following.id  # claimed once opened
    assert len(proxy.seen("POST", claim_path)) == 1
    assert len(proxy.seen("GET", detail_path)) == 1, "the detail was asked for again"
