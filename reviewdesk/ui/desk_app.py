"""Start-up and shut-down of the desk: demo or real service, sign-in, saved tokens.

:class:`Desk` owns the task runner and the main window. With ``--demo`` it
generates the demo community and starts the embedded server on a worker,
while the window says so, then signs in as the demo account. Otherwise it
tries the token saved for the remembered service and username, and falls
back to the sign-in dialog. Signing out gives back the claim, forgets the
saved token, empties the evidence and case caches, keeps the outbox (its
decisions go out the next time that moderator signs in) and asks to sign in
again. Shutting down gives back the claim, waits for every worker, closes the
backends and stops the embedded server.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from reviewdesk.api.models import CasePage, PolicyCatalogue
from reviewdesk.backends.base import Backend, CaseFilter
from reviewdesk.backends.errors import AuthenticationRequired
from reviewdesk.backends.http import HttpBackend
from reviewdesk.evidence.allocation import keep_large_blocks_on_mmap
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.ui import desk_style, gil_handoff, startup_gc
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.error_banner import BannerKind, describe_error
from reviewdesk.ui.keymap import resolve_keymap
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.prefetch import read_case_ahead
from reviewdesk.ui.queue_loader import PAGE_SIZE, Answer, EarlyPage
from reviewdesk.ui.reauth import (
    AutomaticReauthenticator,
    DialogReauthenticator,
    Reauthenticator,
    failure_sentence,
)
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.sign_in import SignInDialog
from reviewdesk.ui.start_options import StartOptions
from reviewdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the keyring loads on the worker that first reads the saved sign-in
    from reviewdesk.store.secrets import TokenStore
    from reviewdesk.ui.demo_service import DemoService

STARTING_DEMO = "Starting the demo service…"
#: What the desk says while the saved sign-in is resumed and the first reads are made,
#: step by step (the worker reports each step as it gets there).
SIGNING_IN = "Signing in…"
READING_QUEUE = "Signing in: reading the queue…"
OPENING_FIRST_CASE = "Signing in: opening the first case…"
READING_POLICY = "Signing in: reading the policy catalogue…"
#: No saved sign-in: the sign-in window waits for the moderator (nothing is under way).
WAITING_FOR_SIGN_IN = "Sign in to start: the sign-in window is open."
NOT_SIGNED_IN = "Not signed in."
SIGNING_OUT = "Signing out…"
SIGNED_OUT = "You are signed out."
SIGN_OUT_SOURCE = "sign-out"


def signed_out_sentence(username: str, waiting: int) -> str:
    """What the desk says after signing out; it names the decisions still waiting."""
    if waiting <= 0:
        return SIGNED_OUT
    decisions = "1 decision" if waiting == 1 else f"{waiting} decisions"
    verb = "waits" if waiting == 1 else "wait"
    return (
        f"{SIGNED_OUT} {decisions} by {username} {verb} in the outbox on this computer; "
        f"nothing is lost: they are sent the next time {username} signs in."
    )


def system_token_store() -> TokenStore:
    """The token store on the system keyring (blocks: loads and probes the keyring)."""
    from reviewdesk.store.secrets import TokenStore

    return TokenStore()


#: What reading the saved sign-in hands back: the token store, the session if any, and
#: the queue's first page read with it.
_Resumed = tuple["TokenStore", HttpBackend | None, EarlyPage | None]


class _EarlyResume(QObject):
    """The saved sign-in, read on a worker while the window is being built.

    :meth:`Desk.start` takes its answer (or waits for it) when it is for the
    service and username the desk starts with. Until the answer is in, the
    worker reports each step it reaches (:meth:`report`, heard on the GUI
    thread); :attr:`step` is the last one heard. A step the worker has left
    by the time it is heard (the fast start: every step and the answer
    arrive in one turn of the event loop) is dropped without showing it.
    """

    #: The worker reached a step: the words that say so (emit from any thread).
    stepped = Signal(str)

    def __init__(self, url: str, username: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url, self.username = url, username
        self.step = SIGNING_IN
        self._answer: tuple[bool, object] | None = None
        self._waiting: tuple[Callable[[_Resumed], None], Callable[[Exception], None]] | None = None
        self._watcher: Callable[[str], None] | None = None
        #: The step the worker is at (None once it is done): written by the worker.
        self._current: str | None = SIGNING_IN
        self.stepped.connect(self._on_step)

    def report(self, words: str) -> None:
        """The worker begins the step ``words`` name (worker thread)."""
        self._current = words
        self.stepped.emit(words)

    def finished(self) -> None:
        """The worker is done: steps not heard yet need no showing (worker thread)."""
        self._current = None

    def watch(self, show: Callable[[str], None]) -> None:
        """Call ``show`` with each step reached from now on, until the answer is handed over."""
        self._watcher = show

    def _on_step(self, step: str) -> None:
        if step != self._current:  # left already (or the answer is on its way)
            return
        self.step = step
        if self._watcher is not None:
            self._watcher(step)

    def resolve(self, succeeded: bool, payload: object) -> None:
        """The worker's answer (GUI thread)."""
        self._answer = (succeeded, payload)
        self._watcher = None
        self._hand_over()

    def then(
        self, on_result: Callable[[_Resumed], None], on_error: Callable[[Exception], None]
    ) -> None:
        """Hand the answer to ``on_result``/``on_error``, now or once it arrives."""
        self._waiting = (on_result, on_error)
        self._hand_over()

    def _hand_over(self) -> None:
        if self._answer is None or self._waiting is None:
            return
        (succeeded, payload), (on_result, on_error) = self._answer, self._waiting
        self._waiting = None
        if succeeded:
            on_result(payload)  # type: ignore[arg-type]
        else:
            assert isinstance(payload, Exception)
            on_error(payload)


def login(url: str, username: str, password: str) -> HttpBackend:
    """Sign in to a real service (blocks; runs on a worker)."""
    return HttpBackend.login(url, username, password)


def resume_saved_session(store: TokenStore, url: str, username: str) -> HttpBackend | None:
    """The session of the token saved for (url, username), or None (blocks).

    A token the service no longer accepts is deleted from the keyring.
    """
    if not url or not username:
        return None
    token = store.load(url, username)
    if not token:
        return None
    try:
        return HttpBackend.from_token(url, token)
    except AuthenticationRequired:
        store.delete(url, username)
        return None


def read_first_page(
    backend: HttpBackend | None,
    evidence_cache: EvidenceCache | None = None,
    on_step: Callable[[str], None] | None = None,
) -> EarlyPage | None:
    """The queue's first page as the window first lists it, its first case and the policy.

    Read (blocking) on the worker that resumed the session, the policy on a
    thread beside it, while the window is still being built: the first case
    does not wait for requests sent only once the window is up, and is shown
    in one go, its clauses with it. What cannot be read is left to the
    window, which asks again and says what went wrong. None without a session.
    ``on_step`` (called on this thread) hears the words for each step begun:
    the queue, the first case, then the policy if it is still on its way.
    """
    if backend is None:
        return None
    step = on_step if on_step is not None else _no_step
    step(READING_QUEUE)
    case_filter = CaseFilter()
    # Nothing here may fail the sign-in it follows: a failed read is handed
    # to the window as its answer, which the window reports as its own.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="early-policy") as policy_reader:
        policy = policy_reader.submit(backend.get_policy)
        first_case = None
        try:
            page: Answer[CasePage] = Answer(backend.list_cases(case_filter, None, PAGE_SIZE))
        except Exception as error:
            page = Answer(error=error)
        if page.value is not None and page.value.items:
            step(OPENING_FIRST_CASE)
            try:
                # Languages come once the case is on screen, when the model has loaded.
                first_case = read_case_ahead(
                    backend, page.value.items[0], evidence_cache, detect_languages=False
                )
            except Exception:  # read ahead only: opening the case reads it again
                first_case = None
        if not policy.done():
            step(READING_POLICY)
        try:
            catalogue: Answer[PolicyCatalogue] = Answer(policy.result())
        except Exception as error:
            catalogue = Answer(error=error)
    return EarlyPage(case_filter, PAGE_SIZE, page, first_case, catalogue)


def _no_step(_words: str) -> None:
    """No one listens to the steps of the first reads."""


class Desk(QObject):
    """The running desk: window, runner, session and (in demo mode) the embedded service."""

    #: The desk is ready to work: the connection is attached to the window.
    ready = Signal()
    #: The desk cannot start (demo failed to start, sign-in cancelled): a sentence.
    failed = Signal(str)
    #: Signed out: the sentence shown (it names decisions still waiting in the outbox).
    signed_out = Signal(str)

    def __init__(
        self,
        options: StartOptions,
        settings: DeskSettings,
        token_store_factory: Callable[[], TokenStore] = system_token_store,
        retry_policy: RetryPolicy | None = None,
        evidence_cache: EvidenceCache | None = None,
    ) -> None:
        """``evidence_cache`` defaults to the user's cache directory, capped as settings say.

        Signing in with the saved token starts here, on a worker, while the
        window is built; :meth:`start` picks up its answer.
        """
        super().__init__()
        keep_large_blocks_on_mmap()  # decoding a large image never stalls the window
        gil_handoff.apply()  # a busy worker hands the interpreter back within 1 ms
        app = QApplication.instance()
        if isinstance(app, QApplication):
            desk_style.apply(app)  # tall scroll bars paint without Qt's thread pool
        self.options = options
        self.settings = settings
        self.runner = TaskRunner(self)
        self._token_store_factory = token_store_factory
        cap = settings.evidence_cache_megabytes
        if evidence_cache is None and cap > 0:
            evidence_cache = EvidenceCache(max_bytes=cap * 1_000_000)
        self.evidence_cache = evidence_cache
        self._early_resume = None if options.demo else self._resume_on_worker()
        keymap, key_problems = resolve_keymap(settings.key_overrides())
        self.window = MainWindow(self.runner, settings, keymap, evidence_cache=evidence_cache)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.first_case_shown.connect(startup_gc.resume)
        # What the work after the first case loads lives as long as the desk: frozen too.
        self.window.case_view.languages.warmed_up.connect(
            lambda: startup_gc.freeze_settled("language model")
        )
        self._key_problems = key_problems
        self._token_store: TokenStore | None = None
        self.demo: DemoService | None = None
        self.connection: Connection | None = None
        self.sign_in_dialog: SignInDialog | None = None
        database = Path(options.database) if options.database else None
        # Saving a decision never queues behind downloads and decodes: its own worker.
        self.outbox_runner = TaskRunner(self, max_threads=1)
        self.outbox = DeskOutbox(
            self.outbox_runner,
            database,
            retry_policy,
            parent=self,
            grace_s=settings.decision_grace_seconds,
        )
        self.outbox.opened.connect(lambda _waiting: startup_gc.freeze_settled("database"))
        self._shut_down = False
        self._signing_out = False
        #: Connections of earlier sessions: closed at shutdown, after the workers.
        self._signed_out: list[Connection] = []
        #: The URL to sign in to after signing out (the demo's, or the remembered one).
        self._sign_in_url = ""

    # --- start ---------------------------------------------------------------------

    def start(self) -> None:
        """Show the window and begin connecting (never blocks)."""
        QTimer.singleShot(startup_gc.RESUME_AFTER_MS, self, startup_gc.resume)
        self.window.show()
        if self._key_problems:
            self.window.show_failure(" ".join(self._key_problems))
        if self.options.demo:
            self._start_demo()
        else:
            self._start_real()

    def _start_demo(self) -> None:
        from reviewdesk.ui.demo_service import DemoService

        self.demo = demo = DemoService(self.options.demo_options)
        self.window.show_starting(STARTING_DEMO)
        self.runner.run(demo.start, self._on_demo_ready, self._on_demo_failed)

    def _on_demo_ready(self, backend: HttpBackend) -> None:
        assert self.demo is not None
        reauthenticator = AutomaticReauthenticator(self.runner, self.demo.sign_in, self)
        reauthenticator.failed.connect(
            lambda error: self.window.show_failure(
                failure_sentence(error), lambda: self._reauthenticate(reauthenticator)
            )
        )
        self._attach(backend, self.demo.url, reauthenticator)

    def _reauthenticate(self, reauthenticator: AutomaticReauthenticator) -> None:
        if self.connection is not None:
            reauthenticator.reauthenticate(self.connection)

    def _on_demo_failed(self, error: Exception) -> None:
        message = f"The demo service could not start. {describe_error(error)}"
        self.window.show_failure(message, self._start_demo)
        self.failed.emit(message)

    def _resume_on_worker(self) -> _EarlyResume:
        """Read the saved sign-in of the service and username to start with (on a worker)."""
        url = self.options.url or self.settings.service_url
        username = self.settings.username
        early = _EarlyResume(url, username, self)
        factory, evidence_cache = self._token_store_factory, self.evidence_cache

        def resume() -> _Resumed:
            try:
                store = factory()
                backend = resume_saved_session(store, url, username)
                return store, backend, read_first_page(backend, evidence_cache, early.report)
            finally:
                early.finished()

        self.runner.run(
            resume,
            lambda result: early.resolve(True, result),
            lambda error: early.resolve(False, error),
        )
        return early

    def _start_real(self) -> None:
        url = self.options.url or self.settings.service_url
        username = self.settings.username
        early, self._early_resume = self._early_resume, None
        if early is None or (early.url, early.username) != (url, username):
            early = self._resume_on_worker()  # the settings changed since the desk was made
        self.window.show_starting(early.step)
        early.watch(self.window.show_start_step)
        early.then(self._on_resumed, self._on_resume_failed)

    def _on_resumed(self, result: _Resumed) -> None:
        store, backend, early = result
        self._token_store = store
        if backend is not None:
            reauthenticator = self._dialog_reauthenticator(backend)
            self._attach(backend, backend.base_url, reauthenticator, early)
        else:
            self.window.show_starting(WAITING_FOR_SIGN_IN)
            self.window.queue_panel.show_status(NOT_SIGNED_IN)  # nothing is loading yet
            self._ask_sign_in()

    def _on_resume_failed(self, error: Exception) -> None:
        self.window.show_failure(f"The saved sign-in could not be used. {describe_error(error)}")
        self._ask_sign_in()

    def _ask_sign_in(self, message: str = "") -> None:
        store = self._token_store
        notice = store.warning if store is not None and not store.persistent else ""
        notice = " ".join(part for part in (message, notice) if part)
        dialog = SignInDialog(
            self.runner,
            login,
            url=self._sign_in_url or self.options.url or self.settings.service_url,
            username=self.settings.username,
            notice=notice or "",
            parent=self.window,
        )
        self.sign_in_dialog = dialog

        def signed_in(backend: Backend) -> None:
            self._remember(backend, dialog.url, dialog.username)
            self._attach(backend, dialog.url, self._dialog_reauthenticator(backend))

        def cancelled() -> None:
            self.window.show_failure(
                "You are not signed in. Sign in to work the queue.", self._ask_sign_in
            )
            self.window.case_view.clear(NOT_SIGNED_IN)

        dialog.signed_in.connect(signed_in)
        dialog.rejected.connect(cancelled)
        dialog.open()

    def _dialog_reauthenticator(self, backend: Backend) -> DialogReauthenticator:
        return DialogReauthenticator(
            self.window, self.runner, login, backend.moderator.username, self._remember
        )

    def _remember(self, backend: Backend, url: str, username: str) -> None:
        """Remember URL and username in settings, the token in the keyring (worker)."""
        self.settings.service_url = url
        self.settings.username = username
        self.settings.sync()
        store = self._token_store
        token = backend.token if isinstance(backend, HttpBackend) else None
        if store is None or token is None:
            return

        def saved(_result: object) -> None:
            if not store.persistent and store.warning:
                self.window.banner.show_message(store.warning, BannerKind.WARNING)

        self.runner.run(lambda: store.save(url, username, token), saved, self._on_token_not_saved)

    def _on_token_not_saved(self, error: Exception) -> None:
        self.window.banner.show_message(
            f"Your sign-in could not be saved, so you will be asked again next time. {error}",
            BannerKind.WARNING,
        )

    def _attach(
        self,
        backend: Backend,
        url: str,
        reauthenticator: Reauthenticator,
        early: EarlyPage | None = None,
    ) -> None:
        self.window.banner.clear_source(SIGN_OUT_SOURCE)
        self.connection = Connection(backend, url)
        self.window.attach(self.connection, reauthenticator, self.outbox, early)
        if not startup_gc.paused():  # else frozen once the first case is shown
            # Everything made so far lives as long as the desk: keep it out of the
            # collector's full sweeps, which would otherwise pause the window.
            gc.freeze()
        self.ready.emit()

    # --- sign out ------------------------------------------------------------------------

    def sign_out(self) -> None:
        """Give back the claim, forget the token, empty the caches, then ask to sign in.

        Runs on workers; the outbox keeps every decision still waiting.
        """
        connection = self.connection
        if connection is None or self._signing_out or self._shut_down:
            return
        self._signing_out = True
        url, username = connection.base_url, connection.moderator.username
        self._sign_in_url = url
        self.connection = None
        self._signed_out.append(connection)
        self.window.detach(SIGNING_OUT)
        store, cache = self._token_store, self.evidence_cache

        def forget() -> None:
            if store is not None:
                store.delete(url, username)
            if cache is not None:
                cache.purge()

        def outbox_stopped(waiting: int) -> None:
            self.runner.run(
                forget,
                lambda _none: self._signed_out_done(username, waiting),
                lambda error: self._sign_out_failed(error, username, waiting),
            )

        self.outbox.sign_out(
            outbox_stopped, lambda error: self._sign_out_failed(error, username, -1)
        )

    def _sign_out_failed(self, error: Exception, username: str, waiting: int) -> None:
        self._signing_out = False
        self.window.show_failure(
            f"Signing out did not finish: {describe_error(error)} Sign out again, or quit."
        )
        if waiting >= 0:
            self._signed_out_done(username, waiting, show=False)

    def _signed_out_done(self, username: str, waiting: int, *, show: bool = True) -> None:
        self._signing_out = False
        sentence = signed_out_sentence(username, waiting)
        self.signed_out.emit(sentence)
        if show:
            self.window.banner.show_message(sentence, BannerKind.INFO, source=SIGN_OUT_SOURCE)
        self.window.case_view.clear(NOT_SIGNED_IN)
        self.window.queue_panel.show_status(NOT_SIGNED_IN)
        self.window.decision_panel.clear(NOT_SIGNED_IN)
        self._ask_sign_in(sentence if waiting > 0 else "")

    # --- stop ------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Release the claim, stop delivery, wait for workers, close backends, stop the demo.

        Decisions not delivered yet stay in the outbox; the next start sends them.
        """
        if self._shut_down:
            return
        self._shut_down = True
        startup_gc.resume()
        self.window.release_and_stop()
        if not self.outbox_runner.shutdown(timeout_ms):  # decisions being saved reach the disk
            print("A decision was still being saved when the desk closed.", file=sys.stderr)
        self.outbox.close()
        gc.unfreeze()
        if not self.runner.shutdown(timeout_ms):
            print("Some background work did not finish in time.", file=sys.stderr)
        for connection in (*self._signed_out, self.connection):
            if connection is not None:
                connection.close()
        if self.demo is not None:
            self.demo.stop()
