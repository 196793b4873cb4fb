"""What the audit desk's proofs share: decisions made by the agent, the feed, tampering, a desk."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from e2e_support import AGENT, FAST_RETRIES, WAIT_MS, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from reviewdesk.api.models import (
    Attachment,
    DecisionIn,
    DecisionOut,
    FeedPage,
    MemberHistory,
)
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import CLAUSE_OUTCOMES, Outcome
from reviewdesk.server.db import open_database
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.tables import DecisionRow
from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.audit.audit_window import AuditWindow
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.settings import open_settings
from reviewdesk.ui.start_options import StartOptions
from reviewdesk.ui.typing_guard import install_typing_guard


@dataclass(frozen=True)
class Recorded:
    """A decision an agent made, with what the case looked like just before."""

    decision: DecisionOut
    member_id: str
    history_then: MemberHistory
    attachments_then: list[Attachment]


def decide_cases(url: str, count: int, marker: str = "") -> list[Recorded]:
    """The demo agent claims and decides ``count`` open cases (screenshots first).

    Each decision's note carries ``marker`` and its number, so a test can find it
    by full-text search; outcomes cycle through warn, no violation and removal.
    """
    outcomes = (Outcome.WARN, Outcome.NO_VIOLATION, Outcome.REMOVE_CONTENT)
    recorded: list[Recorded] = []
    with HttpBackend.login(url, *AGENT) as agent:
        clauses = agent.get_policy().clauses
        cases = agent.list_cases(CaseFilter(), None, 100).items
        details = [agent.get_case(case.id) for case in cases]
        details.sort(key=lambda detail: not detail.attachments)  # screenshots first
        for number, detail in enumerate(details[:count]):
            summary = detail.summary
            outcome = outcomes[number % len(outcomes)]
            clause = next(c.id for c in clauses if c.category == summary.category)
            history_then = agent.get_member_history(summary.member_id)
            agent.claim(summary.id)
            decision = agent.decide(
                summary.id,
                DecisionIn(
                    outcome=outcome,
                    clause_ids=[clause] if outcome in CLAUSE_OUTCOMES else [],
                    note=f"{marker} number {number}: read the whole thread first.".strip(),
                    member_message="Your post broke the rules." if outcome is Outcome.WARN else "",
                ),
                str(uuid.uuid4()),
            )
            recorded.append(Recorded(decision, summary.member_id, history_then, detail.attachments))
    return recorded


def platform_feed(server: EmbeddedServer, url: str) -> FeedPage:
    """The enforcement feed as the platform reads it."""
    answer = httpx.get(
        f"{url}/v1/feed",
        headers={"Authorization": f"Bearer {server.platform_key}"},
        timeout=30.0,
    )
    answer.raise_for_status()
    return FeedPage.model_validate_json(answer.content)


def rewrite_decision_note(database_url: str, decision_id: str, note: str) -> None:
    """Change a recorded decision's note straight in the service's database."""
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            changed = session.execute(
                update(DecisionRow).where(DecisionRow.id == int(decision_id)).values(note=note)
            )
            assert changed.rowcount == 1  # type: ignore[attr-defined]
            session.commit()
    finally:
        engine.dispose()


@contextmanager
def desk_signed_in(
    qtbot: QtBot, url: str, account: tuple[str, str], tmp_path: Path
) -> Iterator[Desk]:
    """The real desk on ``url``, signed in as ``account`` from its saved token, window active."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    settings = open_settings(str(tmp_path / f"desk-{account[0]}.ini"))
    settings.service_url = url
    settings.username = account[0]
    store = TokenStore()
    with HttpBackend.login(url, *account) as backend:
        store.save(url, account[0], backend.token)
    desk = Desk(
        StartOptions(url=url, database=str(tmp_path / f"desk-{account[0]}.sqlite3")),
        settings,
        token_store_factory=lambda: store,
        retry_policy=FAST_RETRIES,
    )
    qtbot.addWidget(desk.window)
    desk.window.resize(1920, 1080)
    with qtbot.waitSignal(desk.ready, timeout=15_000):
        desk.start()
    qtbot.waitExposed(desk.window)
    desk.window.activateWindow()
    qtbot.waitUntil(desk.window.isActiveWindow, timeout=5000)
    try:
        yield desk
    finally:
        if desk.window.audit.window is not None:
            desk.window.audit.window.close()
        desk.window.close()
        desk.shutdown()


def open_audit_log(qtbot: QtBot, desk: Desk) -> AuditWindow:
    """Ctrl+L in the main window; wait for the log's first page and its chain check."""
    press(qtbot, desk.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.window.audit.window is not None, timeout=WAIT_MS)
    audit = desk.window.audit.window
    assert audit is not None
    audit.resize(1920, 1080)
    qtbot.waitExposed(audit)
    audit.activateWindow()
    qtbot.waitUntil(audit.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: audit.log_page.last_check is not None, timeout=WAIT_MS)
    return audit
