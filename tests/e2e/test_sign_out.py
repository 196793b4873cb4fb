"""Signing out of the real window: caches emptied, token forgotten, waiting decisions kept.

The real desk works against the real reference server through a fault proxy
that refuses every decision post (503), so a decision made before signing out
is still waiting in the outbox. Ctrl+Shift+Q signs out; afterwards the
evidence cache directory is empty, the keyring holds no token, the claim is
back on the server, the case cache is empty and the outbox still holds the
decision. Signing in again as the same moderator sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import (
    AGENT,
    FAST_RETRIES,
    SENIOR,
    WAIT_MS,
    ProxiedService,
    RunningService,
    current_case,
    press,
    proxied,
    wait_outbox_open,
    wait_until_decidable,
)
from fault_proxy import Fault
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.service_url import normalize_service_url
from reviewdesk.domain.enums import Outcome
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.store.case_cache import CaseCache
from reviewdesk.store.local_db import open_local_database
from reviewdesk.store.outbox import Outbox, OutboxOwner, OutboxState
from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.settings import open_settings
from reviewdesk.ui.start_options import StartOptions
from reviewdesk.ui.typing_guard import install_typing_guard

pytestmark = pytest.mark.e2e

DECISIONS_PATH = r"/v1/cases/[^/]+/decisions"


@pytest.fixture
def service(service: RunningService) -> Iterator[ProxiedService]:
    """The e2e server with a fault proxy in front of it."""
    with proxied(service) as through_proxy:
        yield through_proxy


def case_with_screenshots(service: ProxiedService) -> str:
    with service.upstream.sign_in(SENIOR) as senior:
        for summary in senior.list_cases(CaseFilter(), None, 100).items:
            if senior.get_case(summary.id).attachments:
                return summary.id
    raise AssertionError("the demo community has no open case with a screenshot")


def claim_holder(service: ProxiedService, case_id: str) -> str | None:
    with service.upstream.sign_in(SENIOR) as senior:
        claim = senior.get_case(case_id).summary.claim
        return claim.moderator.username if claim is not None else None


def test_signing_out_empties_the_caches_forgets_the_token_and_keeps_the_outbox(
    qtbot: QtBot, service: ProxiedService, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    settings = open_settings(str(tmp_path / "desk.ini"))
    settings.service_url, settings.username = service.url, AGENT[0]
    settings.decision_grace_seconds = 0  # the decision is tried (and fails) at once
    store = TokenStore()
    with service.sign_in(AGENT) as backend:
        store.save(service.url, AGENT[0], backend.token)
    evidence = EvidenceCache(tmp_path / "cache" / "evidence")
    database = tmp_path / "desk.sqlite3"
    service.proxy.add(Fault(DECISIONS_PATH, method="POST", status=503, forward=False))
    desk = Desk(
        StartOptions(url=service.url, database=str(database)),
        settings,
        token_store_factory=lambda: store,
        retry_policy=FAST_RETRIES,
        evidence_cache=evidence,
    )
    qtbot.addWidget(desk.window)
    desk.window.resize(1920, 1080)
    try:
        with qtbot.waitSignal(desk.ready, timeout=15_000):
            desk.start()
        window = desk.window
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        wait_until_decidable(qtbot, window)
        target = case_with_screenshots(service)
        if current_case(window) != target:
            window.queue_panel.select_case(target)
        assert wait_until_decidable(qtbot, window) == target
        qtbot.waitUntil(lambda: len(evidence) > 0, timeout=WAIT_MS)  # verified, then cached
        assert claim_holder(service, target) == AGENT[0]

        # Decide: the service refuses the post, so the decision waits in the outbox.
        wait_outbox_open(qtbot, window)
        window.queue_panel.table.setFocus()
        press(qtbot, window, "3")
        assert window.decision_panel.outcome() is Outcome.WARN
        press(qtbot, window, "n")
        qtbot.waitUntil(window.decision_panel.note_edit.hasFocus, timeout=5000)
        qtbot.keyClicks(window.decision_panel.note_edit, "Warned before signing out.")
        with qtbot.waitSignal(window.decision_saved, timeout=WAIT_MS):
            press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: service.proxy.seen("POST", DECISIONS_PATH) != [], timeout=WAIT_MS)
        now_open = wait_until_decidable(qtbot, window)  # the desk moved on and claimed the next
        assert now_open != target

        window.queue_panel.table.setFocus()
        with qtbot.waitSignal(desk.signed_out, timeout=WAIT_MS) as signed_out:
            press(
                qtbot,
                window,
                Qt.Key.Key_Q,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
        sentence = signed_out.args[0] if signed_out.args else ""
        assert "1 decision by agent waits in the outbox" in sentence
        assert "sent the next time agent signs in" in sentence

        assert list(evidence.directory.iterdir()) == [], "the evidence cache was not emptied"
        assert store.load(service.url, AGENT[0]) is None, "the token is still saved"
        qtbot.waitUntil(lambda: claim_holder(service, now_open) is None, timeout=WAIT_MS)
        assert window.case_view.case_id() is None
        assert window.queue_model.rowCount() == 0
        assert window.moderator_label.text() == "Not signed in"
        local = open_local_database(database)
        try:
            owner = OutboxOwner(normalize_service_url(service.url), AGENT[0])
            entries = Outbox(local).entries(owner)
            assert [(e.case_id, e.state) for e in entries] == [(target, OutboxState.PENDING)]
            assert Outbox(local).counts(owner).waiting == 1
            assert len(CaseCache(local)) == 0, "the case cache was not emptied"
        finally:
            local.close()

        # The sign-in dialog asks again, and says what waits.
        dialog = desk.sign_in_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        assert "1 decision by agent waits" in dialog.notice_label.text()

        # Signing in again as the same moderator sends the waiting decision.
        service.proxy.clear()
        dialog.username_edit.setText(AGENT[0])
        dialog.password_edit.setFocus()
        qtbot.keyClicks(dialog.password_edit, AGENT[1])
        with qtbot.waitSignal(desk.ready, timeout=15_000):
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        with service.upstream.sign_in(SENIOR) as senior:
            qtbot.waitUntil(lambda: senior.get_case(target).decisions != [], timeout=WAIT_MS)
            decision = senior.get_case(target).decisions[0]
        assert decision.outcome is Outcome.WARN
        assert decision.note == "Warned before signing out."
        qtbot.waitUntil(lambda: store.load(service.url, AGENT[0]) is not None, timeout=WAIT_MS)
        local = open_local_database(database)
        try:
            states = [e.state for e in Outbox(local).entries(owner)]
        finally:
            local.close()
        assert states == [OutboxState.DELIVERED]  # delivered from the kept entry, not dropped
    finally:
        desk.window.close()
        desk.shutdown()
