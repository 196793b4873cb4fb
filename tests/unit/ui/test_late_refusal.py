"""A 401 that answers a request of the session replaced since: no second sign-in, nothing lost."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import AGENT, NOW, FakeBackend, make_summary
from shell_harness import Harness, opened_desk

import reviewdesk.ui.connection as connection_module
from reviewdesk.api.models import (
    BatchReversalOut,
    DecisionIn,
    DecisionOut,
    EvidenceRecord,
    LogContext,
    LogEntry,
    LogPage,
    LogRecord,
    QualityReport,
    Replay,
    ReviewIn,
    ReviewOut,
    SampleIn,
    SampleItem,
    SampleOut,
    SampleVerdictIn,
    TeamStats,
)
from reviewdesk.backends.errors import AuthenticationRequired, ServiceUnavailable
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import Outcome, SubjectKind
from reviewdesk.store.outbox_types import OutboxEntry, OutboxOwner, OutboxState
from reviewdesk.ui.audit.batch_reversal import BatchReversalDesk, PendingReversal
from reviewdesk.ui.audit.log_page import LogPage as LogPageWidget
from reviewdesk.ui.audit.replay_page import ReplayPage
from reviewdesk.ui.audit.sampling_page import SamplingPage
from reviewdesk.ui.audit.stats_page import StatsPage
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.case_loader import CaseLoader
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.delivery_problems import DeliveryProblemsDialog
from reviewdesk.ui.error_banner import BannerSource, ErrorBanner
from reviewdesk.ui.outbox_presenter import OutboxPresenter
from reviewdesk.ui.prefetch import CasePrefetcher
from reviewdesk.ui.queue_loader import QueueLoader
from reviewdesk.ui.queue_model import QueueModel
from reviewdesk.ui.tasks import TaskRunner

IMAGES = {"first": png_bytes(64, 40, "red"), "second": png_bytes(64, 40, "blue")}


def refusal(sender: FakeBackend) -> AuthenticationRequired:
    return AuthenticationRequired("The session has expired. Please sign in again.", sender)


@pytest.fixture
def old() -> FakeBackend:
    """The session the desk starts with; its screenshots wait until the test lets them go."""
    backend = FakeBackend(case_count=4, attachments=IMAGES)
    backend.gates["get_attachment"] = threading.Event()
    return backend


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner, old: FakeBackend) -> Iterator[Harness]:
    with opened_desk(qtbot, runner, old, prefetch=False) as opened:
        yield opened


def sign_in_again_after_a_refused_claim(desk: Harness, old: FakeBackend) -> FakeBackend:
    """The claim's renewal is refused: the desk signs in again, with a new session."""
    new = FakeBackend(case_count=4, attachments=IMAGES)
    desk.reauth.backend = new
    old.failures["claim"] = refusal(old)
    desk.loader.claim_again()
    desk.qtbot.waitUntil(lambda: desk.connection.backend is new, timeout=5000)
    assert desk.reauth.asked == 1
    return new


def test_screenshots_refused_to_the_old_session_load_with_the_new_one_without_asking_again(
    desk: Harness, qtbot: QtBot, old: FakeBackend
) -> None:
    desk.wait_case("case-000")  # shown; its screenshots still on their way with the old token
    new = sign_in_again_after_a_refused_claim(desk, old)
    old.persistent_failures["get_attachment"] = refusal(old)
    old.gates["get_attachment"].set()  # the old requests come back now: 401

    model = desk.window.case_view.evidence.attachments_model()
    assert model is not None

    def shown() -> bool:
        return all(model.entry(r).state is LoadState.READY for r in range(model.rowCount()))

    qtbot.waitUntil(shown, timeout=5000)
    assert model.rowCount() == 2
    assert sorted(a for m, a in new.calls if m == "get_attachment") == [
        "case-000-first",
        "case-000-second",
    ]
    assert desk.reauth.asked == 1, "signed in already: the late 401 asks for nothing"
    assert not desk.connection.lost
    assert desk.window.banner.message_for(BannerSource.CONNECTION) is None
    assert desk.window.case_view.case_id() == "case-000"


def test_a_claim_refused_to_the_old_session_is_taken_with_the_new_one(
    desk: Harness, qtbot: QtBot, runner: TaskRunner, old: FakeBackend
) -> None:
    old.gates["get_attachment"].set()
    desk.wait_case("case-000")
    old.gates["claim"] = gate = threading.Event()
    desk.loader.claim_again()  # sent with the old token (taken now), answered late
    new = FakeBackend(case_count=4, attachments=IMAGES)
    desk.reauth.backend = new
    desk.connection.replace(new)  # signed in again meanwhile (as the dialog does)
    old.failures["claim"] = refusal(old)
    gate.set()
    qtbot.waitUntil(lambda: ("claim", "case-000") in old.calls[-1:], timeout=5000)
    qtbot.waitUntil(lambda: runner.pending_count() == 0, timeout=5000)  # its 401 was handled
    assert new.claims.get("case-000") == "agent"
    assert desk.reauth.asked == 0, "nobody is asked to sign in again"
    assert not desk.connection.lost
    assert desk.loader.claimed_case_id == "case-000"


def test_a_decision_refused_to_the_old_session_is_delivered_once_with_the_new_one(
    desk: Harness, qtbot: QtBot, old: FakeBackend
) -> None:
    """Sent again once under its key, nobody asked to sign in.

    Delivery (reviewdesk.queue, below the window) tells this refusal apart itself, in
    the same step as its pause; one that reaches the window goes through check_error.
    """
    old.gates["get_attachment"].set()
    desk.wait_case("case-000")
    old.gates["decide"] = gate = threading.Event()
    old.persistent_failures["decide"] = refusal(old)
    desk.press(Qt.Key.Key_1)  # no violation
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(old.posted_keys) == 1, timeout=5000)  # on its way, old token
    new = FakeBackend(case_count=4, attachments=IMAGES)
    desk.connection.replace(new)  # signed in again meanwhile
    gate.set()
    qtbot.waitUntil(lambda: "case-000" in new.decisions, timeout=5000)
    presenter = desk.window.outbox_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.label.text() == "Outbox: all delivered", timeout=5000)
    assert new.posted_keys == old.posted_keys, "sent again once, under the same key"
    assert new.decisions["case-000"].outcome is Outcome.NO_VIOLATION
    assert desk.reauth.asked == 0
    assert not desk.connection.lost


def test_only_a_refusal_of_the_current_session_ends_it(qtbot: QtBot) -> None:
    old, new = FakeBackend(case_count=1), FakeBackend(case_count=1)
    connection = Connection(old, "http://127.0.0.1:9")
    connection.replace(new)
    retried: list[str] = []
    with qtbot.assertNotEmitted(connection.authentication_lost):
        assert connection.check_error(refusal(old), lambda: retried.append("again"))
    assert retried == ["again"], "a stale refusal is sent again"
    assert connection.check_error(refusal(old)) is Refusal.STALE, "without a retry: not sent"
    assert retried == ["again"]
    assert not connection.lost
    with qtbot.waitSignal(connection.authentication_lost, timeout=1000):
        assert connection.check_error(refusal(new), lambda: retried.append("wrong"))
    assert retried == ["again"], "a refusal of the session in use is not sent again"
    assert connection.lost
    # A refusal that names no sender is taken as the current session's (as before).
    assert connection.check_error(AuthenticationRequired("expired")) is Refusal.ENDED
    assert connection.check_error(ServiceUnavailable("down")) is Refusal.NONE
    assert [bool(kind) for kind in Refusal] == [False, True, True], "True: a 401"


# --- every handler of a failed request, one by one ------------------------------------------
#
# Each handler below sends its request with the session in use. A refusal of a session
# replaced since must go again exactly once with the new session (a write that is not
# repeated blindly: not at all, and the moderator is told), and never ask to sign in; a
# refusal of the session in use asks to sign in exactly once. Every such error passes
# through Connection.check_error (the tests watch it): no handler decides by itself.

SUMMARY = make_summary(1)
EVIDENCE_DATA = IMAGES["first"]
DECISION = DecisionOut(
    id="501",
    case_id=SUMMARY.id,
    moderator=AGENT,
    outcome=Outcome.WARN,
    clause_ids=[],
    decided_at=NOW,
    idempotency_key="key-501",
)
REPLAY = Replay(
    entry=LogEntry(
        record=LogRecord(
            seq=1,
            kind=LogEntryKind.DECISION,
            recorded_at=NOW,
            acted_at=NOW,
            decision_id=DECISION.id,
            case_id=SUMMARY.id,
            actor_id=AGENT.id,
            outcome=Outcome.WARN,
        ),
        prev_hash="0" * 64,
        hash="1" * 64,
        context=LogContext(
            actor=AGENT,
            member_id=SUMMARY.member_id,
            member_name=SUMMARY.member_name,
            subject_kind=SubjectKind.ACCOUNT,
            category=SUMMARY.category,
            surface=SUMMARY.surface,
        ),
    ),
    decision=DECISION,
    summary=SUMMARY,
    reports=[],
    conversations=[],
    evidence=[
        EvidenceRecord(
            attachment_id=f"{SUMMARY.id}-first",
            filename="first.png",
            media_type="image/png",
            size=len(EVIDENCE_DATA),
            sha256=hashlib.sha256(EVIDENCE_DATA).hexdigest(),
        )
    ],
)
SAMPLE = SampleOut(
    id="sample-1",
    moderator=AGENT,
    drawn_by=AGENT,
    drawn_at=NOW,
    seed=7,
    count=1,
    population=1,
    items=[
        SampleItem(
            position=1,
            decision_id=DECISION.id,
            case_id=SUMMARY.id,
            category=SUMMARY.category,
            surface=SUMMARY.surface,
            decided_at=NOW,
        )
    ],
)
CONFLICT = OutboxEntry(
    id=1,
    owner=OutboxOwner("http://127.0.0.1:9", AGENT.username),
    case_id=SUMMARY.id,
    decision=DecisionIn(outcome=Outcome.REMOVE_CONTENT),
    idempotency_key="key-own",
    created_at=0.0,
    state=OutboxState.CONFLICT,
    attempts=1,
    next_attempt_at=None,
    last_error="Already decided.",
    result=DECISION,
    batch_id=None,
    status_code=409,
    resolved_at=None,
    resolution="",
    replaces_id=None,
)


class Session(FakeBackend):
    """One signed-in session of the fake service, audit calls included (each recorded)."""

    def __init__(self) -> None:
        super().__init__(case_count=4, attachments={"first": EVIDENCE_DATA})
        #: Methods called, noted before their gate (the request is on its way).
        self.arrived: list[str] = []

    def _enter(self, method: str, argument: str = "") -> None:
        with self._lock:
            self.arrived.append(method)
        super()._enter(method, argument)

    def list_log(self, log_filter: object, cursor: str | None, limit: int) -> LogPage:
        self._enter("list_log", cursor or "")
        return LogPage(items=[])

    def replay(self, decision_id: str) -> Replay:
        self._enter("replay", decision_id)
        return REPLAY

    def review(self, decision_id: str, review: ReviewIn) -> ReviewOut:
        self._enter("review", decision_id)
        raise ServiceUnavailable("Not answered in these tests.")

    def team_stats(self, since: object = None, until: object = None) -> TeamStats:
        self._enter("team_stats")
        return TeamStats(per_moderator=[], per_clause=[], backlog=0, backlog_by_age=[])

    def draw_sample(self, request: SampleIn) -> SampleOut:
        self._enter("draw_sample", request.moderator_id)
        return SAMPLE

    def judge_sample_item(
        self, sample_id: str, position: int, verdict: SampleVerdictIn
    ) -> SampleItem:
        self._enter("judge_sample_item", f"{sample_id}/{position}")
        raise ServiceUnavailable("Not answered in these tests.")

    def quality(self) -> QualityReport:
        self._enter("quality")
        return QualityReport(per_moderator=[], per_clause=[])

    def reverse_batch(
        self, batch_id: str, reason: str, idempotency_key: str | None = None
    ) -> BatchReversalOut:
        self._enter("reverse_batch", idempotency_key or "")
        return BatchReversalOut(
            id="reversal-1",
            batch_id=batch_id,
            reversed_by=self.moderator,
            reversed_at=NOW,
            reason=reason,
            decisions=[],
        )


class QuietOutbox(QObject):
    """Just enough of the desk's outbox for the presenter: no entry, resolutions noted."""

    counts_changed = Signal(object)
    entry_changed = Signal(object)
    reachability_changed = Signal(bool, object)
    open_failed = Signal(str)
    counts_settled = True

    def __init__(self) -> None:
        super().__init__()
        self.resolved: list[int] = []

    def problems(self, on_result: Callable[[list[OutboxEntry]], None]) -> None:
        on_result([])

    def resolve(self, entry_id: int, resolution: str, done: Callable[[OutboxEntry], None]) -> None:
        self.resolved.append(entry_id)


@dataclass
class Rig:
    """A connection over the ``old`` session (``new`` is the one a sign-in brings)."""

    qtbot: QtBot
    runner: TaskRunner
    connection: Connection
    old: Session
    new: Session
    #: Every error a handler passed to Connection.check_error.
    checked: list[Exception] = field(default_factory=list)
    #: Every sign-in the connection asked for.
    sign_ins: list[Exception] = field(default_factory=list)
    #: Widgets made for the test, closed at its end.
    widgets: list[QWidget] = field(default_factory=list)

    def widget(self, widget: W) -> W:
        self.qtbot.addWidget(widget)
        self.widgets.append(widget)
        return widget

    def settle(self) -> None:
        """Wait until no task is left and the event loop has run what they posted."""
        self.qtbot.waitUntil(lambda: self.runner.pending_count() == 0, timeout=5000)
        self.qtbot.wait(20)
        self.qtbot.waitUntil(lambda: self.runner.pending_count() == 0, timeout=5000)


W = TypeVar("W", bound=QWidget)


@pytest.fixture
def rig(qtbot: QtBot, runner: TaskRunner) -> Iterator[Rig]:
    old, new = Session(), Session()
    connection = Connection(old, "http://127.0.0.1:9")
    made = Rig(qtbot, runner, connection, old, new)

    def watched(error: Exception, retry: Callable[[], None] | None = None) -> Refusal:
        made.checked.append(error)
        return Connection.check_error(connection, error, retry)

    connection.check_error = watched  # type: ignore[method-assign]
    connection.authentication_lost.connect(made.sign_ins.append)
    yield made
    for gate in (*old.gates.values(), *new.gates.values()):
        gate.set()
    made.settle()


@dataclass(frozen=True)
class Kind:
    """A handler of failed requests: how to set it up and how to make it send its request."""

    #: The backend call the handler makes (refused in the tests).
    method: str
    #: Sets the handler up over the rig's connection (what it needs first is answered).
    prepare: Callable[[Rig], Any]
    #: Makes the handler send its request with the session in use.
    send: Callable[[Rig, Any], None]
    #: Calls of ``method`` the new session gets when the request goes again once.
    calls_again: int = 1
    #: For a write not repeated blindly: what the handler says to the moderator.
    words: Callable[[Any], str] | None = None


def case_loader(rig: Rig) -> CaseLoader:
    return CaseLoader(rig.runner, rig.connection, rig.widget(QWidget()))


def open_case(rig: Rig, loader: CaseLoader) -> None:
    loader.open(SUMMARY)


def open_case_until_shown(rig: Rig, loader: CaseLoader) -> None:
    """Open the case and wait for its detail: its screenshots are asked for then."""
    with rig.qtbot.waitSignal(loader.detail_loaded, timeout=5000):
        loader.open(SUMMARY)


def claimed_then_moved_on(rig: Rig) -> CaseLoader:
    loader = case_loader(rig)
    loader.open(make_summary(0))
    rig.qtbot.waitUntil(lambda: loader.claimed_case_id == "case-000", timeout=5000)
    return loader


def first_page_read(rig: Rig) -> QueueLoader:
    loader = QueueLoader(rig.runner, rig.connection, QueueModel(rig.widget(QWidget())), 2)
    with rig.qtbot.waitSignal(loader.reloaded, timeout=5000):
        loader.reload()
    return loader


def next_page(rig: Rig, loader: QueueLoader) -> None:
    cursor = loader_model(loader).next_cursor
    assert cursor
    loader.load_more(cursor)


def loader_model(loader: QueueLoader) -> QueueModel:
    return loader._model


def replay_page(rig: Rig) -> ReplayPage:
    page = rig.widget(ReplayPage(rig.runner))
    page.attach(rig.connection)
    return page


def replay_shown(rig: Rig) -> ReplayPage:
    page = replay_page(rig)
    with rig.qtbot.waitSignal(page.replay_shown, timeout=5000):
        page.open_decision(DECISION.id)
    rig.settle()  # its evidence checked too
    return page


def sampling_page(rig: Rig) -> SamplingPage:
    page = rig.widget(SamplingPage(rig.runner))
    page.attach(rig.connection)
    page.set_moderators([(AGENT.id, AGENT.display_name)])
    return page


def sample_drawn(rig: Rig) -> SamplingPage:
    page = sampling_page(rig)
    page.draw()
    rig.qtbot.waitUntil(lambda: page.current_item() is not None, timeout=5000)
    rig.settle()  # its first item's case shown too
    return page


def open_replay_until_shown(rig: Rig, page: ReplayPage) -> None:
    """Open the replay and wait for it: its evidence is downloaded then."""
    with rig.qtbot.waitSignal(page.replay_shown, timeout=5000):
        page.open_decision(DECISION.id)


def draw_until_an_item_is_chosen(rig: Rig, page: SamplingPage) -> None:
    """Draw the sample and wait for its first item: its case is read then."""
    page.draw()
    rig.qtbot.waitUntil(lambda: page.current_item() is not None, timeout=5000)


def stats_page(rig: Rig) -> StatsPage:
    page = rig.widget(StatsPage(rig.runner))
    page.attach(rig.connection)
    return page


def reversal_desk(rig: Rig) -> tuple[BatchReversalDesk, QWidget]:
    desk = BatchReversalDesk(rig.runner, rig.widget(QWidget()))
    desk.attach(rig.connection)
    return desk, rig.widgets[-1]


def send_reversal(rig: Rig, made: tuple[BatchReversalDesk, QWidget]) -> None:
    desk, parent = made
    desk.pending = PendingReversal("batch-1", "Sent by mistake.", "reversal-key-1")
    desk.send(parent)


def presenter(rig: Rig) -> OutboxPresenter:
    window = rig.widget(QMainWindow())
    made = OutboxPresenter(
        window,
        QuietOutbox(),  # type: ignore[arg-type]
        rig.connection,
        rig.runner,
        ErrorBanner(window),
    )
    made.show_problems()
    return made


def dialog_of(made: OutboxPresenter) -> DeliveryProblemsDialog:
    assert made.dialog is not None
    return made.dialog


def prefetcher(rig: Rig) -> CasePrefetcher:
    return CasePrefetcher(rig.runner, rig.connection, parent=rig.widget(QWidget()))


def open_by_id(rig: Rig, loader: CaseLoader) -> None:
    loader.open_by_id(SUMMARY.id, lambda _summary: None)


KINDS = {
    "queue first page": Kind(
        "list_cases",
        lambda rig: QueueLoader(rig.runner, rig.connection, QueueModel(rig.widget(QWidget()))),
        lambda rig, loader: loader.reload(),
    ),
    "queue next page": Kind("list_cases", first_page_read, next_page),
    "case detail": Kind("get_case", case_loader, open_case),
    "member history": Kind("get_member_history", case_loader, open_case),
    "screenshot": Kind("get_attachment", case_loader, open_case_until_shown),
    "policy catalogue": Kind(
        "get_policy", case_loader, lambda rig, loader: loader.load_catalogue()
    ),
    "claim": Kind("claim", case_loader, open_case),
    "release": Kind("release", claimed_then_moved_on, open_case),
    # The case read by id, then opened: the opening reads it once more.
    "case by id": Kind("get_case", case_loader, open_by_id, calls_again=2),
    "read ahead": Kind("get_case", prefetcher, lambda rig, ahead: ahead.want([SUMMARY])),
    "outbox: turn into a note": Kind(
        "add_note", presenter, lambda rig, made: dialog_of(made).note_requested.emit(CONFLICT)
    ),
    "outbox: appeal": Kind(
        "file_appeal",
        presenter,
        lambda rig, made: dialog_of(made).appeal_requested.emit(CONFLICT, "I saw it first."),
    ),
    "audit log": Kind(
        "list_log",
        lambda rig: rig.widget(LogPageWidget(rig.runner)),
        lambda rig, page: page.attach(rig.connection),
    ),
    "audit stats": Kind("team_stats", stats_page, lambda rig, page: page.reload()),
    "audit replay": Kind("replay", replay_page, lambda rig, page: page.open_decision(DECISION.id)),
    "audit evidence check": Kind("get_attachment", replay_page, open_replay_until_shown),
    "audit sample draw": Kind("draw_sample", sampling_page, lambda rig, page: page.draw()),
    "audit sampled case": Kind("replay", sampling_page, draw_until_an_item_is_chosen),
    "audit agreement": Kind("quality", sampling_page, lambda rig, page: page.load_quality()),
    "batch preview": Kind(
        "list_log", reversal_desk, lambda rig, made: made[0].start(made[1], "batch-1")
    ),
    # Sent again under the same idempotency key: the service never reverses twice.
    "batch reversal": Kind("reverse_batch", reversal_desk, send_reversal),
}
WRITES = {
    "audit review": Kind(
        "review",
        replay_shown,
        lambda rig, page: page.form.submit_requested.emit(
            ReviewIn(verdict=ReviewVerdict.CONFIRM, reason="Checked it again.")
        ),
        words=lambda page: page.form.result_label.text(),
    ),
    "audit verdict": Kind(
        "judge_sample_item",
        sample_drawn,
        lambda rig, page: page.verdict_form.submit_requested.emit(
            SampleVerdictIn(outcome=Outcome.WARN)
        ),
        words=lambda page: page.result.text(),
    ),
}


def arguments(backend: Session, method: str) -> list[str]:
    return [argument for name, argument in backend.calls if name == method]


def refused_late(rig: Rig, kind: Kind) -> Any:
    """Send the kind's request with the old session; sign in again; then the old one refuses."""
    handler = kind.prepare(rig)
    rig.settle()
    rig.old.arrived.clear()
    rig.old.persistent_failures[kind.method] = refusal(rig.old)
    rig.old.gates[kind.method] = gate = threading.Event()
    kind.send(rig, handler)
    rig.qtbot.waitUntil(lambda: kind.method in rig.old.arrived, timeout=5000)
    rig.connection.replace(rig.new)  # signed in again while the request was on its way
    gate.set()
    rig.qtbot.waitUntil(lambda: any(e.sender is rig.old for e in refusals(rig)), timeout=5000)
    rig.settle()
    return handler


def refusals(rig: Rig) -> list[AuthenticationRequired]:
    return [error for error in rig.checked if isinstance(error, AuthenticationRequired)]


@pytest.mark.parametrize("name", list(KINDS))
def test_a_stale_refusal_goes_again_once_with_the_new_session(rig: Rig, name: str) -> None:
    kind = KINDS[name]
    refused_late(rig, kind)
    sent = arguments(rig.old, kind.method)[-1:]
    assert len(sent) == 1, "the request went out with the old session"
    assert arguments(rig.new, kind.method) == sent * kind.calls_again, (
        "sent again exactly once, the same request, with the new session"
    )
    assert len(refusals(rig)) == 1, "the refusal went through Connection.check_error"
    assert rig.sign_ins == [], "signed in already: nobody is asked again"
    assert not rig.connection.lost


@pytest.mark.parametrize("name", list(WRITES))
def test_a_stale_refusal_of_a_write_is_never_sent_again_and_says_so(rig: Rig, name: str) -> None:
    kind = WRITES[name]
    assert kind.words is not None
    handler = refused_late(rig, kind)
    assert len(arguments(rig.old, kind.method)) == 1
    assert arguments(rig.new, kind.method) == [], "a write is not repeated blindly"
    assert len(refusals(rig)) == 1, "the refusal went through Connection.check_error"
    assert rig.sign_ins == []
    assert "was not recorded" in kind.words(handler)
    assert "Record it again." in kind.words(handler)


@pytest.mark.parametrize("name", [*KINDS, *WRITES])
def test_a_refusal_of_the_session_in_use_asks_to_sign_in_once(rig: Rig, name: str) -> None:
    kind = {**KINDS, **WRITES}[name]
    handler = kind.prepare(rig)
    rig.settle()
    before = len(arguments(rig.old, kind.method))
    rig.old.failures[kind.method] = refusal(rig.old)
    rig.old.failures["claim"] = refusal(rig.old)  # a second refusal of the same session
    kind.send(rig, handler)
    rig.qtbot.waitUntil(lambda: len(rig.sign_ins) == 1, timeout=5000)
    rig.settle()
    assert len(rig.sign_ins) == 1, "one sign-in, however many requests were refused"
    assert [e.sender for e in refusals(rig)][:1] == [rig.old]
    assert len(arguments(rig.old, kind.method)) == before + 1, "not sent again by itself"
    assert rig.connection.lost
    if kind.words is not None:
        assert "Record it again." not in kind.words(handler)
        assert "not recorded" in kind.words(handler) or "Sign in again" in kind.words(handler)


def test_no_handler_reads_a_refusal_by_itself() -> None:
    """Refusals are told apart in Connection.check_error only (and at the start, before
    there is a connection: a saved sign-in the service no longer accepts)."""
    ui = Path(connection_module.__file__).parent
    readers = {
        path.relative_to(ui).as_posix()
        for path in ui.rglob("*.py")
        if re.search(r"AuthenticationRequired|is_stale|\.sender\b", path.read_text("utf-8"))
    }
    assert readers == {"connection.py", "desk_app.py"}
    start = (ui / "desk_app.py").read_text("utf-8")
    assert start.count("AuthenticationRequired") == 2, "imported, and caught at the start only"
