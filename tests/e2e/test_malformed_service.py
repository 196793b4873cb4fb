"""Malformed or hostile answers from the service: a clear error for that item, nothing lost.

The real desk talks to the real reference server through a :class:`FaultProxy`
on loopback. This module overrides the e2e ``service`` fixture so that its
``url`` is the proxy's: the shared ``desk`` fixture then signs in and works
through the proxy unchanged, while ``service.upstream`` reaches the server
directly to check what was recorded. A test that needs a fault in place
before the desk starts adds it first and asks for ``desk`` afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import (
    AGENT,
    FAST_RETRIES,
    SENIOR,
    WAIT_MS,
    ProxiedService,
    RunningService,
    cases_after,
    current_case,
    press,
    proxied,
    wait_outbox_open,
    wait_until_decidable,
    without_prefetch,
)
from fault_proxy import Fault, rewrite_json
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import Attachment, CaseDetail
from reviewdesk.backends.base import CaseFilter
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.error_banner import BannerSource
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.start_options import StartOptions

pytestmark = pytest.mark.e2e

CASES_PATH = "/v1/cases"
DECISIONS_PATH = r"/v1/cases/[^/]+/decisions"


def case_path(case_id: str) -> str:
    """The path regex of one case's detail."""
    return rf"/v1/cases/{re.escape(case_id)}"


def claim_path(case_id: str) -> str:
    """The path regex of one case's claim (POST takes it, DELETE gives it back)."""
    return rf"/v1/cases/{re.escape(case_id)}/claim"


@pytest.fixture
def service(service: RunningService) -> Iterator[ProxiedService]:
    """The e2e server with a fault proxy in front of it, stopped after the test."""
    with proxied(service) as through_proxy:
        yield through_proxy


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The desk reading nothing ahead: the faults here are on the way a case opens."""
    return without_prefetch(desk)


def decide_by_keyboard(qtbot: QtBot, window: MainWindow, note: str) -> None:
    """Warn under the suggested clause with ``note``, submitted with Ctrl+Return.

    The desk's own database is open first (see :func:`wait_outbox_open`).
    """
    wait_outbox_open(qtbot, window)
    press(qtbot, window, "3")
    assert window.decision_panel.outcome() is Outcome.WARN
    press(qtbot, window, "n")
    qtbot.waitUntil(window.decision_panel.note_edit.hasFocus, timeout=5000)
    qtbot.keyClicks(window.decision_panel.note_edit, note)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def detail_upstream(service: ProxiedService, case_id: str) -> CaseDetail:
    """The case as the server holds it (straight, not through the proxy)."""
    with service.upstream.sign_in(SENIOR) as senior:
        return senior.get_case(case_id)


def wait_until_unclaimed(qtbot: QtBot, service: ProxiedService, case_id: str) -> None:
    """Wait until the desk gave ``case_id``'s claim back and the server no longer shows it."""
    proxy = service.proxy
    qtbot.waitUntil(lambda: proxy.seen("DELETE", claim_path(case_id)) != [], timeout=WAIT_MS)
    with service.upstream.sign_in(SENIOR) as senior:  # the release may still be on its way
        qtbot.waitUntil(lambda: senior.get_case(case_id).summary.claim is None, timeout=WAIT_MS)


def test_a_malformed_case_says_why_and_the_next_case_can_still_be_decided(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    wrong_type, missing, good = cases_after(window, first, 3)

    def priority_as_text(document: dict[str, Any]) -> None:
        document["summary"]["priority"] = "very urgent"

    def without_reports(document: dict[str, Any]) -> None:
        del document["reports"]

    proxy = service.proxy
    proxy.add(Fault(case_path(wrong_type.id), method="GET", rewrite=rewrite_json(priority_as_text)))
    proxy.add(Fault(case_path(missing.id), method="GET", rewrite=rewrite_json(without_reports)))

    loader = window.case_loader
    assert loader is not None

    press(qtbot, window, "j")
    qtbot.waitUntil(lambda: "summary.priority" in window.case_view.empty_message(), timeout=WAIT_MS)
    sentence = window.case_view.empty_message()
    assert sentence.startswith("The case could not be opened. The service sent a case the desk")
    assert sentence.count("cannot read") == 1, "one sentence, not a prefix on a prefix"
    assert current_case(window) is None, "nothing of the broken case is shown as if it were fine"
    assert "summary.priority" in window.banner.message
    assert window.banner.message.count("cannot read") == 1
    assert not window.banner.retry_button.isHidden()
    # A case nobody can see cannot be decided, and the desk does not hold it.
    assert not window.decision_panel.submit_button.isEnabled()
    assert not window.registry.action("decision.submit").isEnabled()
    press(qtbot, window, "3")
    assert window.decision_panel.outcome() is None
    wait_until_unclaimed(qtbot, service, wrong_type.id)
    assert loader.claimed_case_id is None

    press(qtbot, window, "j")
    qtbot.waitUntil(lambda: "reports" in window.case_view.empty_message(), timeout=WAIT_MS)
    assert "summary.priority" not in window.banner.message, "the banner is about this case"
    assert "cannot read" in window.case_view.empty_message()
    assert "very urgent" not in window.case_view.empty_message()
    assert not window.decision_panel.submit_button.isEnabled()

    press(qtbot, window, "j")
    assert wait_until_decidable(qtbot, window) == good.id
    assert window.banner.isHidden(), "the unreadable case's banner went when a case read"
    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        decide_by_keyboard(qtbot, window, "Threatened a partner after a call.")

    recorded = detail_upstream(service, good.id).decisions
    assert [(d.outcome, d.moderator.username) for d in recorded] == [(Outcome.WARN, AGENT[0])]
    assert recorded[0].note == "Threatened a partner after a call."
    for broken in (wrong_type, missing):
        untouched = detail_upstream(service, broken.id)
        assert untouched.decisions == []
        assert untouched.summary.claim is None, "moving on released the claim"
    assert len(proxy.seen("GET", case_path(wrong_type.id))) == 1


def test_a_queue_page_that_is_not_json_or_a_500_page_says_so_until_f5_loads_it(
    qtbot: QtBot, request: pytest.FixtureRequest, service: ProxiedService
) -> None:
    proxy = service.proxy
    proxy.add(Fault(CASES_PATH, method="GET", body=b"Welcome! \xff\xfe this is not JSON", times=1))
    error_page = b"<html><body><h1>Internal Server Error</h1><script>x()</script></body></html>"
    proxy.add(
        Fault(
            CASES_PATH,
            method="GET",
            status=500,
            body=error_page,
            headers={"Content-Type": "text/html"},
        )
    )
    desk: Desk = request.getfixturevalue("desk")
    window = desk.window
    banner = window.banner

    qtbot.waitUntil(lambda: "case list" in banner.message, timeout=WAIT_MS)
    assert banner.message.count("cannot read") == 1
    assert "not valid JSON" in banner.message
    assert window.queue_model.rowCount() == 0
    assert not banner.retry_button.isHidden()
    said = window.case_view.empty_message()
    assert "queue could not be loaded" in said, "not 'Loading the queue…' for ever"
    assert "F5" in said

    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)  # now the 500 page
    qtbot.waitUntil(lambda: "HTTP 500" in banner.message, timeout=WAIT_MS)
    assert banner.message.startswith("Could not load the case list")
    assert "<" not in banner.message, "the HTML page is not pasted into the sentence"
    assert not banner.retry_button.isHidden()
    assert window.queue_model.rowCount() == 0
    assert "queue could not be loaded" in window.case_view.empty_message()

    proxy.clear()
    window.queue_panel.table.setFocus()
    press(qtbot, window, Qt.Key.Key_F5)  # the service is back: F5 loads the queue
    qtbot.waitUntil(lambda: window.queue_model.rowCount() > 0, timeout=WAIT_MS)
    wait_until_decidable(qtbot, window)
    assert banner.isHidden(), "the queue loaded, so its failure banner is gone"
    with service.upstream.sign_in(SENIOR) as senior:
        open_cases = senior.list_cases(CaseFilter(), None, 100).items
    assert window.queue_model.rowCount() == len(open_cases)
    assert len(proxy.seen("GET", CASES_PATH)) == 3


def first_case_with_screenshots(service: ProxiedService, at_least: int) -> CaseDetail:
    """The most urgent open case with ``at_least`` attachments, as the server holds it."""
    with service.upstream.sign_in(SENIOR) as senior:
        for summary in senior.list_cases(CaseFilter(), None, 100).items:
            detail = senior.get_case(summary.id)
            if len(detail.attachments) >= at_least:
                return detail
    raise AssertionError(f"the demo community has no open case with {at_least} screenshots")


def test_a_screenshot_damaged_in_transit_is_marked_not_genuine_and_the_rest_of_the_case_works(
    qtbot: QtBot, request: pytest.FixtureRequest, service: ProxiedService
) -> None:
    case = first_case_with_screenshots(service, at_least=2)
    damaged: Attachment = case.attachments[1]
    service.proxy.add(Fault(rf"/v1/attachments/{re.escape(damaged.id)}", corrupt_bytes=16))
    desk: Desk = request.getfixturevalue("desk")
    window = desk.window
    wait_until_decidable(qtbot, window)
    if current_case(window) != case.summary.id:
        window.queue_panel.select_case(case.summary.id)
        assert wait_until_decidable(qtbot, window) == case.summary.id

    attachments = window.case_view.evidence.attachments_model()

    def settled() -> bool:
        entries = [attachments.entry(row) for row in range(attachments.rowCount())]
        return all(e is not None and e.state is not LoadState.LOADING for e in entries)

    qtbot.waitUntil(settled, timeout=WAIT_MS)
    entries = {
        entry.attachment.id: entry
        for entry in (attachments.entry(row) for row in range(attachments.rowCount()))
        if entry is not None
    }
    assert {a.id: entries[a.id].integrity_problem == "" for a in case.attachments} == {
        a.id: a.id != damaged.id for a in case.attachments
    }
    assert all(
        entries[a.id].state is LoadState.READY for a in case.attachments if a.id != damaged.id
    )
    viewer = window.case_view.viewer()
    assert window.case_view.current_attachment_id() == case.attachments[0].id
    assert viewer.has_image()
    assert viewer.integrity_text() == ""

    press(qtbot, window, "]")
    assert window.case_view.current_attachment_id() == damaged.id
    # Never shown as genuine: the red banner names the mismatch, whether or not
    # the altered bytes still decode (then the placeholder says why not).
    banner = viewer.integrity_text()
    assert banner.startswith("NOT GENUINE: hash differs from what the service advertised.")
    assert "does not match the checksum" in banner
    assert damaged.sha256[:16] in banner
    if entries[damaged.id].state is LoadState.FAILED:
        assert viewer.placeholder_text().startswith(f"Cannot show {damaged.filename}:")
    else:
        assert viewer.has_image()
    assert window.case_view.reports.model().rowCount() == len(case.reports)

    if len(case.attachments) > 2:
        press(qtbot, window, "]")
        assert viewer.has_image(), "the next screenshot shows again"
        assert viewer.integrity_text() == "", "and without the banner"

    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        decide_by_keyboard(qtbot, window, "One screenshot was damaged; the others suffice.")
    decisions = detail_upstream(service, case.summary.id).decisions
    assert [d.outcome for d in decisions] == [Outcome.WARN]


def test_a_garbage_answer_to_a_recorded_decision_is_sent_again_and_recorded_once(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    case_id = wait_until_decidable(qtbot, window)
    proxy = service.proxy
    # The service records the decision; its answer arrives cut off.
    proxy.add(
        Fault(DECISIONS_PATH, method="POST", status=200, body=b'{"id": 1, "outcome": "war', times=1)
    )

    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS) as recorded:
        decide_by_keyboard(qtbot, window, "Second warning this month.")
    assert recorded.args is not None
    assert recorded.args[0].case_id == case_id
    assert recorded.args[0].note == "Second warning this month."
    assert window.queue_model.row_of(case_id) is None

    keys = {post.headers.get("Idempotency-Key") for post in proxy.seen("POST", DECISIONS_PATH)}
    assert len(proxy.seen("POST", DECISIONS_PATH)) == 2, "sent again after the garbage answer"
    assert len(keys) == 1, "under the same key, so the service replays its first answer"
    decisions = detail_upstream(service, case_id).decisions
    assert [(d.outcome, d.note) for d in decisions] == [
        (Outcome.WARN, "Second warning this month.")
    ]


def test_a_decision_cut_off_on_the_way_is_sent_again_and_recorded_once(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    case_id = wait_until_decidable(qtbot, window)
    proxy = service.proxy
    proxy.add(Fault(DECISIONS_PATH, method="POST", forward=False, reset=True, times=1))
    proxy.add(Fault(DECISIONS_PATH, method="POST", reset=True, times=1))  # recorded, then cut

    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        decide_by_keyboard(qtbot, window, "Spam links")
    keys = [post.headers.get("Idempotency-Key") for post in proxy.seen("POST", DECISIONS_PATH)]
    assert len(keys) == 3
    assert len(set(keys)) == 1
    decisions = detail_upstream(service, case_id).decisions
    assert [(d.note, d.idempotency_key) for d in decisions] == [("Spam links", keys[0])]


def test_while_the_service_is_down_decisions_wait_and_arrive_once_when_it_is_back(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    presenter = window.outbox_presenter
    assert presenter is not None
    first = wait_until_decidable(qtbot, window)
    proxy = service.proxy
    proxy.set_down(True)
    decide_by_keyboard(qtbot, window, "Threats")
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.OFFLINE) is not None, timeout=WAIT_MS
    )
    assert "1 decision is saved on this computer" in window.banner.message_for(BannerSource.OFFLINE)
    assert presenter.label.text() == "Outbox: 1 decision waiting (offline)"
    # On to the next case at once; it cannot load while the service is away.
    qtbot.waitUntil(lambda: window.decision_panel.case_id not in (None, first), timeout=WAIT_MS)

    proxy.set_down(False)
    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        window.banner.retry_button.click()  # "Try now"; the backoff would get there too
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.OFFLINE) is None, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: presenter.label.text() == "Outbox: all delivered", timeout=WAIT_MS)
    decisions = detail_upstream(service, first).decisions
    assert [(d.outcome, d.note) for d in decisions] == [(Outcome.WARN, "Threats")]


def test_a_claim_answered_after_moving_on_is_given_back(
    qtbot: QtBot, desk: Desk, service: ProxiedService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    (skimmed,) = cases_after(window, first, 1)
    service.proxy.add(Fault(claim_path(skimmed.id), method="POST", delay_answer=1.0))
    press(qtbot, window, "j")
    qtbot.waitUntil(lambda: current_case(window) == skimmed.id, timeout=WAIT_MS)
    press(qtbot, window, "j")  # skimming on before the claim was answered
    wait_until_decidable(qtbot, window)
    wait_until_unclaimed(qtbot, service, skimmed.id)


def test_decisions_still_waiting_when_the_desk_closes_are_sent_by_the_next_start(
    qtbot: QtBot, desk: Desk, service: ProxiedService, tmp_path: Path
) -> None:
    window = desk.window
    case_id = wait_until_decidable(qtbot, window)
    presenter = window.outbox_presenter
    assert presenter is not None
    service.proxy.set_down(True)
    decide_by_keyboard(qtbot, window, "Scam links to a fake shop.")
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.OFFLINE) is not None, timeout=WAIT_MS
    )
    window.close()
    desk.shutdown()  # the desk closes with the decision still waiting
    assert detail_upstream(service, case_id).decisions == []

    service.proxy.set_down(False)
    again = Desk(
        StartOptions(url=service.url, database=str(tmp_path / "desk.sqlite3")),
        desk.settings,
        retry_policy=FAST_RETRIES,
    )
    qtbot.addWidget(again.window)
    with qtbot.waitSignal(again.window.decision_recorded, timeout=WAIT_MS) as recorded:
        again.start()
    try:
        assert recorded.args is not None
        assert recorded.args[0].case_id == case_id
        decisions = detail_upstream(service, case_id).decisions
        assert [(d.outcome, d.note) for d in decisions] == [
            (Outcome.WARN, "Scam links to a fake shop.")
        ]
        assert again.window.queue_model.row_of(case_id) is None
    finally:
        again.window.close()
        again.shutdown()
