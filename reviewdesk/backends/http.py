"""The desk's client of the ReviewDesk Moderation API (v1) over HTTP.

:class:`HttpBackend` implements :class:`reviewdesk.backends.base.Backend` with
``requests``. It is safe to call from several worker threads at once (each
thread gets its own ``requests.Session``), puts a timeout on every request,
never retries (the decision outbox does that), validates every answer with the
shared wire models, and turns every failure into a
:class:`reviewdesk.backends.errors.BackendError` whose text a moderator can read.
The bearer token never appears in a log line, an exception message or a repr.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from http.client import IncompleteRead
from types import TracebackType
from typing import Self, TypeVar
from urllib.parse import quote, urlsplit

import requests
import urllib3
from pydantic import BaseModel, ValidationError

from reviewdesk.api.models import (
    MAX_BATCH_DECISIONS,
    AppealIn,
    AppealList,
    AppealOut,
    BatchDecisionItem,
    BatchDecisionsIn,
    BatchDecisionsOut,
    BatchItemResult,
    BatchReversalIn,
    BatchReversalOut,
    CaseDetail,
    CasePage,
    CatalogueVersion,
    CatalogueVersionList,
    ClaimOut,
    ConflictBody,
    DecisionIn,
    DecisionOut,
    ErrorBody,
    LoginRequest,
    LogPage,
    MemberHistory,
    ModeratorAccount,
    ModeratorAccountList,
    ModeratorCreate,
    ModeratorNote,
    ModeratorOut,
    ModeratorUpdate,
    NoteIn,
    PolicyCatalogue,
    QualityReport,
    Replay,
    ReviewIn,
    ReviewOut,
    SampleIn,
    SampleItem,
    SampleList,
    SampleOut,
    SampleVerdictIn,
    TeamStats,
    TokenOut,
)
from reviewdesk.backends.base import BatchItem, CaseFilter, LogFilter
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    BackendError,
    BatchUnsupported,
    MalformedResponse,
    NotFound,
    Unreachable,
)
from reviewdesk.backends.http_answers import (
    Operation,
    describe_validation_error,
    error_for_status,
    parse_answer,
)
from reviewdesk.backends.service_url import normalize_service_url
from reviewdesk.domain.audit_enums import LogSort
from reviewdesk.domain.enums import AppealStatus, CaseStatus

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)

#: Seconds allowed to open a connection; the read timeout is the caller's ``timeout``.
CONNECT_TIMEOUT = 5.0
#: Largest attachment the desk downloads.
MAX_ATTACHMENT_BYTES = 50_000_000
#: Largest JSON answer the desk reads: room for a case whose message is as long
#: as the wire format allows (:data:`~reviewdesk.api.models.MAX_MESSAGE_CHARS`
#: characters, at most 6 bytes each as JSON) and the rest of the case beside it.
MAX_JSON_BYTES = 64_000_000
#: Largest error answer read for its detail.
MAX_ERROR_BYTES = 1_000_000
_CHUNK_BYTES = 256 * 1024

#: A bearer token or idempotency key: visible ASCII only, so it is a safe header value.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
MAX_TOKEN_CHARS = 4096
MAX_IDEMPOTENCY_KEY_CHARS = 100

SIGN_IN = Operation("sign in", "the sign-in", "a sign-in answer", signs_in=True)
CHECK_SIGN_IN = Operation("check the saved sign-in", "the sign-in check", "a moderator profile")
LIST_CASES = Operation("load the case list", "the case list request", "a case list")
GET_CASE = Operation("open the case", "the case request", "a case")
GET_ATTACHMENT = Operation("download the attachment", "the attachment request", "an attachment")
GET_HISTORY = Operation("load the member's history", "the history request", "a member history")
GET_POLICY = Operation("load the policy catalogue", "the policy request", "a policy catalogue")
CLAIM = Operation("claim the case", "the claim", "a claim")
RELEASE = Operation("release the case", "the release", "a release answer")
DECIDE = Operation("record the decision", "the decision", "a decision")
ADD_NOTE = Operation("add the note", "the note", "a note")
FILE_APPEAL = Operation("file the appeal", "the appeal", "an appeal")
LIST_APPEALS = Operation("load the appeals", "the appeals request", "an appeal list")
DECIDE_BATCH = Operation("record the decisions", "the batch of decisions", "a batch answer")
REVERSE_BATCH = Operation("reverse the batch", "the reversal", "a batch reversal")
LIST_LOG = Operation("load the decision log", "the log request", "a decision-log page")
LOG_CHAIN = Operation("load the log chain", "the chain request", "a decision-log page")
REPLAY = Operation("replay the decision", "the replay request", "a replay")
REVIEW = Operation("record the review", "the review", "a review")
DRAW_SAMPLE = Operation("draw the sample", "the sample request", "a sample")
LIST_SAMPLES = Operation("load the samples", "the samples request", "a sample list")
GET_SAMPLE = Operation("load the sample", "the sample request", "a sample")
JUDGE_ITEM = Operation("record the verdict", "the verdict", "a sample item")
GET_QUALITY = Operation("load the agreement rates", "the quality request", "a quality report")
GET_STATS = Operation("load the team statistics", "the statistics request", "team statistics")
LIST_MODERATORS = Operation("load the accounts", "the accounts request", "an account list")
CREATE_MODERATOR = Operation("create the account", "the new account", "an account")
UPDATE_MODERATOR = Operation("change the account", "the account change", "an account")
LIST_CATALOGUES = Operation("load the catalogue versions", "the versions request", "a version list")
PUBLISH_CATALOGUE = Operation("publish the catalogue", "the catalogue", "a catalogue version")

_OK = frozenset({200})
_OK_OR_CREATED = frozenset({200, 201})
_NO_CONTENT = frozenset({200, 204})


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def _path_segment(value: str, what: str) -> str:
    """``value`` percent-encoded as one path segment.

    ``.`` and ``..`` are refused: ``requests`` decodes ``%2E`` and ``urllib3``
    then removes dot segments, so they would reach another endpoint.
    """
    if not value:
        raise NotFound(f"There is no {what} with an empty id.")
    if value in (".", ".."):
        raise NotFound(f"There is no {what} with the id '{value}'.")
    return quote(value, safe="")


def _checked_token(token: str) -> str:
    if not 0 < len(token) <= MAX_TOKEN_CHARS or not _HEADER_SAFE.fullmatch(token):
        raise AuthenticationRequired("The saved sign-in is not valid. Please sign in again.")
    return token


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything chained to it or wrapped in it (bounded)."""
    found: list[BaseException] = []
    stack: list[BaseException] = [exc]
    while stack and len(found) < 30:
        current = stack.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        for nested in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(nested, BaseException):
                stack.append(nested)
        stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return found


def _cause_phrase(exc: BaseException, timeout: float) -> str:
    """Name a transport failure in a few words, looking down its causes."""
    if isinstance(exc, requests.Timeout):
        return f"it did not answer within {timeout:g} seconds"
    if isinstance(exc, requests.exceptions.SSLError):
        return "the secure connection could not be set up"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | IncompleteRead):
        return "the answer broke off"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "the answer could not be decompressed"
    causes = _causes(exc)
    phrases: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        (ConnectionRefusedError, "the connection was refused"),
        ((ConnectionResetError, BrokenPipeError), "the connection was cut"),
        (socket.gaierror, "the host name was not found"),
        (
            (urllib3.exceptions.ReadTimeoutError, TimeoutError),
            f"it stopped answering for {timeout:g} seconds",
        ),
    )
    for kinds, phrase in phrases:
        if any(isinstance(cause, kinds) for cause in causes):
            return phrase
    return "it could not be reached"


def _checked_idempotency_key(key: str) -> str:
    """``key`` if it is 1-100 visible ASCII characters; ValueError (a caller's bug) otherwise."""
    if len(key) > MAX_IDEMPOTENCY_KEY_CHARS or not _HEADER_SAFE.fullmatch(key):
        raise ValueError("The idempotency key must be 1-100 visible ASCII characters.")
    return key


def _request_model(model: type[ModelT], what: str, **fields: object) -> ModelT:
    """Build a request body; a value the API refuses is a caller's bug (ValueError)."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        problem = describe_validation_error(exc)
    raise ValueError(f"The {what} cannot be sent: {problem}.")


def _credentials(username: str, password: str) -> LoginRequest:
    try:
        return LoginRequest(username=username, password=password)
    except ValidationError as exc:
        problem = describe_validation_error(exc)
    # Raised outside the handler: the validation error quotes the password.
    raise AuthenticationRequired(f"The sign-in details are not valid: {problem}.")


class _Transport:
    """Sends requests to one service, one ``requests.Session`` per calling thread."""

    def __init__(self, base_url: str, timeout: float) -> None:
        if not timeout > 0:
            raise ValueError("The read timeout must be a positive number of seconds.")
        self.base_url = base_url
        self.timeout = timeout
        self._host = urlsplit(base_url).netloc
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._closed = False
        #: The backend this transport signs requests for: named in every 401 it gets.
        self.sender: object | None = None
        # Proxies from the environment, but never credentials from ~/.netrc.
        self._proxies = requests.utils.get_environ_proxies(base_url)
        self._ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")

    def _session(self) -> requests.Session:
        if self._closed:
            raise RuntimeError("This HttpBackend was closed.")
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is not None:
            return session
        with self._lock:
            if self._closed:
                raise RuntimeError("This HttpBackend was closed.")
            session = requests.Session()
            session.trust_env = False
            session.proxies.update(self._proxies)
            if self._ca_bundle:
                session.verify = self._ca_bundle
            session.headers["Accept"] = "application/json"
            session.headers["User-Agent"] = "ReviewDesk"
            self._sessions.append(session)
        self._local.session = session
        return session

    def close(self) -> None:
        with self._lock:
            self._closed = True
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def exchange(
        self,
        method: str,
        path: str,
        operation: Operation,
        *,
        token: str | None,
        expected: frozenset[int],
        max_bytes: int | None = None,
        params: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """Send one request and return the body of an ``expected`` answer.

        Any other answer, a transport failure, or a body over ``max_bytes``
        (default :data:`MAX_JSON_BYTES`) raises the matching :class:`BackendError`.
        """
        sent_headers: dict[str, str] = dict(headers or {})
        if token is not None:
            sent_headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            sent_headers["Content-Type"] = "application/json"
        session = self._session()
        try:
            with session.request(
                method,
                self.base_url + path,
                params=list(params),
                data=body,
                headers=sent_headers,
                timeout=(min(CONNECT_TIMEOUT, self.timeout), self.timeout),
                allow_redirects=False,
                stream=True,
            ) as response:
                status = response.status_code
                if status not in expected:
                    limit = MAX_ERROR_BYTES
                else:
                    limit = MAX_JSON_BYTES if max_bytes is None else max_bytes
                content = self._read_capped(response, limit, operation)
                logger.debug("%s %s -> %d (%d bytes)", method, path, status, len(content))
                if status not in expected:
                    error = error_for_status(status, response.headers, content, operation)
                    if isinstance(error, AuthenticationRequired) and token is not None:
                        error.sender = self.sender
                    raise error
                return content
        except requests.RequestException as exc:
            raise Unreachable(
                f"Could not {operation.verb}: the service at {self._host} failed "
                f"({_cause_phrase(exc, self.timeout)})."
            ) from exc

    @staticmethod
    def _read_capped(response: requests.Response, limit: int, operation: Operation) -> bytes:
        too_big = MalformedResponse(
            f"Could not {operation.verb}: the answer is larger than {_megabytes(limit)} "
            "and was not read."
        )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        chunks: list[bytes] = []
        received = 0
        for chunk in response.iter_content(_CHUNK_BYTES):
            received += len(chunk)
            if received > limit:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)


class HttpBackend:
    """A signed-in session with a ReviewDesk moderation service over HTTP.

    Create one with :meth:`login` or :meth:`from_token`; call :meth:`close`
    (or use it as a context manager) when done to free its connections.
    """

    def __init__(self, transport: _Transport, token: str, moderator: ModeratorOut) -> None:
        """Prefer :meth:`login` or :meth:`from_token`, which check the token first."""
        self._transport = transport
        self._token = _checked_token(token)
        self._moderator = moderator
        transport.sender = self  # a refusal names the session it refused

    # --- construction -----------------------------------------------------

    @classmethod
    def login(
        cls, base_url: str, username: str, password: str, timeout: float = 10.0
    ) -> HttpBackend:
        """Sign in with a username and password and return the signed-in backend."""
        credentials = _credentials(username, password)
        transport = _Transport(normalize_service_url(base_url), timeout)
        try:
            body = transport.exchange(
                "POST",
                "/v1/auth/login",
                SIGN_IN,
                token=None,
                expected=_OK_OR_CREATED,
                body=credentials.model_dump_json().encode(),
            )
            answer = parse_answer(TokenOut, body, SIGN_IN)
            try:
                token = _checked_token(answer.token)
            except AuthenticationRequired:
                raise MalformedResponse(
                    "The service sent a sign-in answer the desk cannot read: "
                    "token: not a usable bearer token."
                ) from None
            return cls(transport, token, answer.moderator)
        except BaseException:
            transport.close()
            raise

    @classmethod
    def from_token(cls, base_url: str, token: str, timeout: float = 10.0) -> HttpBackend:
        """Resume a session from a saved token, checking it with ``GET /v1/me``."""
        checked = _checked_token(token)
        transport = _Transport(normalize_service_url(base_url), timeout)
        try:
            body = transport.exchange("GET", "/v1/me", CHECK_SIGN_IN, token=checked, expected=_OK)
            return cls(transport, checked, parse_answer(ModeratorOut, body, CHECK_SIGN_IN))
        except BaseException:
            transport.close()
            raise

    # --- properties and lifetime ----------------------------------------------

    @property
    def moderator(self) -> ModeratorOut:
        """The signed-in moderator."""
        return self._moderator

    @property
    def token(self) -> str:
        """The bearer token (for the keyring only; never log it)."""
        return self._token

    @property
    def base_url(self) -> str:
        """The normalized address of the service, without a trailing slash."""
        return self._transport.base_url

    @property
    def timeout(self) -> float:
        """Seconds each request may wait for the service to answer."""
        return self._transport.timeout

    def close(self) -> None:
        """Close every connection; the backend cannot be used afterwards."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"HttpBackend(base_url={self.base_url!r}, moderator={self._moderator.username!r})"

    # --- the Backend protocol ---------------------------------------------------

    def _get(
        self,
        path: str,
        model: type[ModelT],
        operation: Operation,
        params: Sequence[tuple[str, str]] = (),
    ) -> ModelT:
        body = self._transport.exchange(
            "GET", path, operation, token=self._token, expected=_OK, params=params
        )
        return parse_answer(model, body, operation)

    def list_cases(
        self, case_filter: CaseFilter, cursor: str | None = None, limit: int = 100
    ) -> CasePage:
        """One page of the queue, most urgent first (``CaseFilter.extra`` is not sent).

        Empty ``statuses`` means every status (the service alone would default
        to open cases).
        """
        statuses = case_filter.statuses or tuple(CaseStatus)
        params: list[tuple[str, str]] = [("status", s.value) for s in statuses]
        params += [("category", c.value) for c in case_filter.categories]
        params += [("surface", s.value) for s in case_filter.surfaces]
        params += [("language", language) for language in case_filter.languages]
        if case_filter.min_severity is not None:
            params.append(("min_severity", str(int(case_filter.min_severity))))
        if case_filter.min_priority is not None:
            params.append(("min_priority", repr(float(case_filter.min_priority))))
        if case_filter.text:
            params.append(("q", case_filter.text))
        if cursor:
            params.append(("cursor", cursor))
        params.append(("limit", str(limit)))
        return self._get("/v1/cases", CasePage, LIST_CASES, params=params)

    def get_case(self, case_id: str) -> CaseDetail:
        """One case in full."""
        return self._get(f"/v1/cases/{_path_segment(case_id, 'case')}", CaseDetail, GET_CASE)

    def get_attachment(self, attachment_id: str) -> bytes:
        """The bytes of one attachment (at most 50 MB), unchecked."""
        return self._transport.exchange(
            "GET",
            f"/v1/attachments/{_path_segment(attachment_id, 'attachment')}",
            GET_ATTACHMENT,
            token=self._token,
            expected=_OK,
            max_bytes=MAX_ATTACHMENT_BYTES,
            headers={"Accept": "*/*"},
        )

    def get_member_history(self, member_id: str) -> MemberHistory:
        """A member's account facts, prior cases, strikes and notes."""
        path = f"/v1/members/{_path_segment(member_id, 'member')}/history"
        return self._get(path, MemberHistory, GET_HISTORY)

    def get_policy(self) -> PolicyCatalogue:
        """The policy catalogue in force."""
        return self._get("/v1/policy", PolicyCatalogue, GET_POLICY)

    def claim(self, case_id: str) -> ClaimOut:
        """Claim (or renew the claim on) a case; another moderator's claim raises ClaimConflict."""
        body = self._transport.exchange(
            "POST",
            f"/v1/cases/{_path_segment(case_id, 'case')}/claim",
            CLAIM,
            token=self._token,
            expected=_OK_OR_CREATED,
        )
        return parse_answer(ClaimOut, body, CLAIM)

    def release(self, case_id: str) -> None:
        """Give a claimed case back to the queue."""
        self._transport.exchange(
            "DELETE",
            f"/v1/cases/{_path_segment(case_id, 'case')}/claim",
            RELEASE,
            token=self._token,
            expected=_NO_CONTENT,
        )

    def decide(self, case_id: str, decision: DecisionIn, idempotency_key: str) -> DecisionOut:
        """Post a decision; a replay with the same key returns the first result.

        Raises ``ValueError`` for an idempotency key that is not 1-100 visible
        ASCII characters (a bug of the caller, not of the service).
        """
        _checked_idempotency_key(idempotency_key)
        body = self._transport.exchange(
            "POST",
            f"/v1/cases/{_path_segment(case_id, 'case')}/decisions",
            DECIDE,
            token=self._token,
            expected=_OK_OR_CREATED,
            body=decision.model_dump_json().encode(),
            headers={"Idempotency-Key": idempotency_key},
        )
        return parse_answer(DecisionOut, body, DECIDE)

    def submit_decisions(self, items: Sequence[BatchItem]) -> list[DecisionOut | BackendError]:
        """Post up to 200 decisions in one request; per item the decision or its error.

        Each item's error is the one :meth:`decide` would raise for the same
        answer (a conflict carries the decision that stands). Raises
        :class:`BatchUnsupported` when the service has no batch endpoint (404,
        405), and the usual errors when the request as a whole fails.
        ``ValueError`` for more than 200 items or a malformed key (caller bugs).
        """
        if not 0 < len(items) <= MAX_BATCH_DECISIONS:
            raise ValueError(f"A batch holds 1 to {MAX_BATCH_DECISIONS} decisions.")
        payload = BatchDecisionsIn(
            items=[
                BatchDecisionItem(
                    case_id=case_id,
                    idempotency_key=_checked_idempotency_key(key),
                    decision=decision,
                )
                for case_id, decision, key in items
            ]
        )
        try:
            body = self._transport.exchange(
                "POST",
                "/v1/decisions/batch",
                DECIDE_BATCH,
                token=self._token,
                expected=_OK,
                body=payload.model_dump_json().encode(),
            )
        except NotFound as error:
            raise BatchUnsupported(str(error)) from error
        except BackendError as error:
            if getattr(error, "status", None) == 405:
                raise BatchUnsupported(str(error)) from error
            raise
        answer = parse_answer(BatchDecisionsOut, body, DECIDE_BATCH)
        sent = [(case_id, key) for case_id, _decision, key in items]
        got = [(item.case_id, item.idempotency_key) for item in answer.items]
        if got != sent:
            raise MalformedResponse(
                "The service sent a batch answer the desk cannot read: "
                "its items do not match the decisions sent."
            )
        answers = [_batch_item_answer(item) for item in answer.items]
        for refused in answers:
            if isinstance(refused, AuthenticationRequired):
                refused.sender = self
        return answers

    def reverse_batch(
        self, batch_id: str, reason: str, idempotency_key: str | None = None
    ) -> BatchReversalOut:
        """Reverse every decision of batch ``batch_id``, saying why (seniors and admins).

        An agent gets Forbidden, an unknown batch NotFound. With an
        ``idempotency_key``, a retry returns the reversal recorded first.
        Raises ``ValueError`` for a blank or over-long reason (a caller's bug).
        """
        reversal = _request_model(BatchReversalIn, "reversal", reason=reason)
        if not reversal.reason.strip():
            raise ValueError("The reversal cannot be sent: its reason is blank.")
        headers: dict[str, str] = {}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = _checked_idempotency_key(idempotency_key)
        body = self._transport.exchange(
            "POST",
            f"/v1/batches/{_path_segment(batch_id, 'batch')}/reversal",
            REVERSE_BATCH,
            token=self._token,
            expected=_OK_OR_CREATED,
            body=reversal.model_dump_json().encode(),
            headers=headers,
        )
        return parse_answer(BatchReversalOut, body, REVERSE_BATCH)

    def add_note(self, member_id: str, text: str, case_id: str | None = None) -> ModeratorNote:
        """Leave a note on a member's file, perhaps about the case ``case_id``.

        Raises ``ValueError`` for a note the API refuses before sending
        (empty, over 10,000 characters, or a ``case_id`` that is no id).
        """
        note = _request_model(NoteIn, "note", text=text, case_id=case_id)
        if not note.text.strip():
            raise ValueError("The note cannot be sent: it is blank.")
        body = self._transport.exchange(
            "POST",
            f"/v1/members/{_path_segment(member_id, 'member')}/notes",
            ADD_NOTE,
            token=self._token,
            expected=_OK_OR_CREATED,
            body=note.model_dump_json().encode(),
        )
        return parse_answer(ModeratorNote, body, ADD_NOTE)

    def file_appeal(
        self,
        case_id: str,
        decision_id: str,
        proposed: DecisionIn,
        reason: str,
        idempotency_key: str | None = None,
    ) -> AppealOut:
        """Ask for a second review of decision ``decision_id`` of a case, proposing another.

        With an ``idempotency_key``, a retry returns the appeal recorded first.
        Raises ``ValueError`` for a blank or over-long reason, a ``decision_id``
        that is no id, or an idempotency key that is not 1-100 visible ASCII
        characters (bugs of the caller, not of the service).
        """
        appeal = _request_model(
            AppealIn, "appeal", decision_id=decision_id, proposed=proposed, reason=reason
        )
        if not appeal.reason.strip():
            raise ValueError("The appeal cannot be sent: its reason is blank.")
        headers: dict[str, str] = {}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = _checked_idempotency_key(idempotency_key)
        body = self._transport.exchange(
            "POST",
            f"/v1/cases/{_path_segment(case_id, 'case')}/appeals",
            FILE_APPEAL,
            token=self._token,
            expected=_OK_OR_CREATED,
            body=appeal.model_dump_json().encode(),
            headers=headers,
        )
        return parse_answer(AppealOut, body, FILE_APPEAL)

    def list_appeals(self, status: AppealStatus | None = AppealStatus.OPEN) -> list[AppealOut]:
        """Appeals of ``status`` (None: all), oldest first; an agent gets Forbidden."""
        params = [("status", status.value)] if status is not None else []
        return self._get("/v1/appeals", AppealList, LIST_APPEALS, params=params).items

    # --- audit ------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        payload: BaseModel,
        model: type[ModelT],
        operation: Operation,
    ) -> ModelT:
        body = self._transport.exchange(
            method,
            path,
            operation,
            token=self._token,
            expected=_OK_OR_CREATED,
            body=payload.model_dump_json().encode(),
        )
        return parse_answer(model, body, operation)

    def list_log(
        self, log_filter: LogFilter, cursor: str | None = None, limit: int = 100
    ) -> LogPage:
        """One page of the decision log; an agent gets Forbidden."""
        params: list[tuple[str, str]] = [("moderator_id", m) for m in log_filter.moderator_ids]
        params += [("kind", k.value) for k in log_filter.kinds]
        params += [("outcome", o.value) for o in log_filter.outcomes]
        params += [("clause", c) for c in log_filter.clause_ids]
        params += [("category", c.value) for c in log_filter.categories]
        params += [("surface", s.value) for s in log_filter.surfaces]
        params += [("member", m) for m in log_filter.member_ids]
        params += [("batch", b) for b in log_filter.batch_ids]
        if log_filter.reviewed is not None:
            params.append(("reviewed", "true" if log_filter.reviewed else "false"))
        if log_filter.since is not None:
            params.append(("since", log_filter.since.isoformat()))
        if log_filter.until is not None:
            params.append(("until", log_filter.until.isoformat()))
        if log_filter.text:
            params.append(("q", log_filter.text))
        if log_filter.sort is not LogSort.NEWEST:
            params.append(("sort", log_filter.sort.value))
        if cursor:
            params.append(("cursor", cursor))
        params.append(("limit", str(limit)))
        return self._get("/v1/log", LogPage, LIST_LOG, params=params)

    def log_chain(self, after: int = 0, limit: int = 500) -> LogPage:
        """The contiguous log entries after ``after``, oldest first, for chain checks."""
        params = [("after", str(after)), ("limit", str(limit))]
        return self._get("/v1/log/chain", LogPage, LOG_CHAIN, params=params)

    def replay(self, decision_id: str) -> Replay:
        """A past decision with the case as its moderator saw it."""
        path = f"/v1/log/{_path_segment(decision_id, 'decision')}/replay"
        return self._get(path, Replay, REPLAY)

    def review(self, decision_id: str, review: ReviewIn) -> ReviewOut:
        """Confirm or overturn a decision on second review."""
        path = f"/v1/log/{_path_segment(decision_id, 'decision')}/review"
        return self._send("POST", path, review, ReviewOut, REVIEW)

    def draw_sample(self, request: SampleIn) -> SampleOut:
        """Draw and store a quality sample of one moderator's decisions (blind items)."""
        return self._send("POST", "/v1/samples", request, SampleOut, DRAW_SAMPLE)

    def list_samples(self) -> SampleList:
        """Every stored sample, newest first, without items."""
        return self._get("/v1/samples", SampleList, LIST_SAMPLES)

    def get_sample(self, sample_id: str) -> SampleOut:
        """One sample; an item's original decision shows once its verdict is in."""
        return self._get(f"/v1/samples/{_path_segment(sample_id, 'sample')}", SampleOut, GET_SAMPLE)

    def judge_sample_item(
        self, sample_id: str, position: int, verdict: SampleVerdictIn
    ) -> SampleItem:
        """Record the blind verdict on one sampled decision; the answer reveals the original."""
        path = f"/v1/samples/{_path_segment(sample_id, 'sample')}/items/{int(position)}/verdict"
        return self._send("POST", path, verdict, SampleItem, JUDGE_ITEM)

    def quality(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        moderator_id: str | None = None,
    ) -> QualityReport:
        """Agreement rates of judged sample items, per moderator and per clause."""
        params = _period(since, until)
        if moderator_id is not None:
            params.append(("moderator_id", moderator_id))
        return self._get("/v1/quality", QualityReport, GET_QUALITY, params=params)

    def team_stats(self, since: datetime | None = None, until: datetime | None = None) -> TeamStats:
        """Team statistics (an agent gets only their own figures)."""
        return self._get("/v1/stats", TeamStats, GET_STATS, params=_period(since, until))

    # --- administration ------------------------------------------------------------------

    def list_moderators(self) -> ModeratorAccountList:
        """Every moderator account (admins only)."""
        return self._get("/v1/admin/moderators", ModeratorAccountList, LIST_MODERATORS)

    def create_moderator(self, account: ModeratorCreate) -> ModeratorAccount:
        """Add a moderator account (admins only)."""
        return self._send(
            "POST", "/v1/admin/moderators", account, ModeratorAccount, CREATE_MODERATOR
        )

    def update_moderator(self, moderator_id: str, change: ModeratorUpdate) -> ModeratorAccount:
        """Change a moderator's role, or disable / enable the account (admins only)."""
        path = f"/v1/admin/moderators/{_path_segment(moderator_id, 'moderator')}"
        return self._send("PATCH", path, change, ModeratorAccount, UPDATE_MODERATOR)

    def list_catalogue_versions(self) -> CatalogueVersionList:
        """Every stored policy catalogue version, newest (in force) first."""
        return self._get("/v1/policy/versions", CatalogueVersionList, LIST_CATALOGUES)

    def publish_catalogue(self, catalogue: PolicyCatalogue) -> CatalogueVersion:
        """Put a new policy catalogue version in force (admins only)."""
        return self._send(
            "POST", "/v1/policy/versions", catalogue, CatalogueVersion, PUBLISH_CATALOGUE
        )


def _period(since: datetime | None, until: datetime | None) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    if since is not None:
        params.append(("since", since.isoformat()))
    if until is not None:
        params.append(("until", until.isoformat()))
    return params


def _batch_item_answer(item: BatchItemResult) -> DecisionOut | BackendError:
    """One item of a batch answer as :meth:`HttpBackend.decide` would have returned or raised it."""
    if item.status in ("recorded", "replayed") and item.decision is not None:
        return item.decision
    content: ConflictBody | ErrorBody
    if item.status == "conflict" and item.decision is not None:
        content = ConflictBody(detail=item.detail or "Already decided.", decision=item.decision)
    else:
        content = ErrorBody(detail=item.detail or f"HTTP {item.status_code}")
    status = item.status_code
    if item.status in ("recorded", "replayed") or not 400 <= status <= 499:
        return MalformedResponse(
            "The service sent a batch answer the desk cannot read: "
            f"item for case {item.case_id} has status {item.status} with HTTP {status}."
        )
    return error_for_status(status, {}, content.model_dump_json().encode(), DECIDE)
