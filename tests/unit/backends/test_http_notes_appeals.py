"""Notes and appeals over HTTP: what is sent, what comes back, and bad answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_samples import appeal_out, decision_in, document, moderator_note
from http_stub_server import StubService

from reviewdesk.api.models import DecisionIn
from reviewdesk.backends.errors import Forbidden, MalformedResponse, Rejected
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import AppealStatus, Outcome

REASON = "The link is a school the member teaches at."


def test_add_note_posts_the_text_and_case_and_returns_the_note(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("POST", "/v1/members/u%2F1/notes", status=201, json_body=document(moderator_note()))
    note = backend.add_note("u/1", "Lost the race on c-1.", "c-1")
    assert note == moderator_note()
    (sent,) = stub.requests_to("/v1/members/u%2F1/notes")
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.body) == {"text": "Lost the race on c-1.", "case_id": "c-1"}


def test_file_appeal_sends_the_key_and_body_and_returns_the_appeal(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("POST", "/v1/cases/c-1/appeals", status=201, json_body=document(appeal_out()))
    proposed = DecisionIn(outcome=Outcome.NO_VIOLATION)
    appeal = backend.file_appeal("c-1", "d-1", proposed, REASON, "appeal-key-1")
    assert appeal == appeal_out()
    (sent,) = stub.requests_to("/v1/cases/c-1/appeals")
    assert sent.headers["idempotency-key"] == "appeal-key-1"
    assert json.loads(sent.body) == {
        "decision_id": "d-1",
        "proposed": document(proposed),
        "reason": REASON,
    }


def test_an_appeal_without_a_key_sends_no_key_header(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("POST", "/v1/cases/c-1/appeals", status=200, json_body=document(appeal_out()))
    backend.file_appeal("c-1", "d-1", decision_in(), REASON)
    (sent,) = stub.requests_to("/v1/cases/c-1/appeals")
    assert "idempotency-key" not in sent.headers


def test_list_appeals_asks_for_open_ones_by_default(
    backend: HttpBackend, stub: StubService
) -> None:
    listed = {"items": [document(appeal_out("a-1")), document(appeal_out("a-2"))]}
    stub.answer("GET", "/v1/appeals", json_body=listed)
    assert backend.list_appeals() == [appeal_out("a-1"), appeal_out("a-2")]
    assert backend.list_appeals(None) == [appeal_out("a-1"), appeal_out("a-2")]
    by_default, everything = stub.requests_to("/v1/appeals")
    assert by_default.query == {"status": [AppealStatus.OPEN.value]}
    assert everything.query == {}


def test_an_agent_listing_appeals_is_told_it_is_not_allowed(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer(
        "GET",
        "/v1/appeals",
        status=403,
        json_body={"detail": "Appeals are read by senior moderators and admins."},
    )
    with pytest.raises(Forbidden) as caught:
        backend.list_appeals()
    assert str(caught.value) == (
        "You are not allowed to load the appeals: Appeals are read by senior moderators and admins."
    )


def test_a_refused_appeal_quotes_the_service(backend: HttpBackend, stub: StubService) -> None:
    stub.answer(
        "POST",
        "/v1/cases/c-1/appeals",
        status=422,
        json_body={"detail": "Decision 'd-9' is not a decision on case 1."},
    )
    with pytest.raises(Rejected) as caught:
        backend.file_appeal("c-1", "d-9", decision_in(), REASON)
    assert caught.value.status == 422
    assert str(caught.value) == (
        "The service refused the appeal: Decision 'd-9' is not a decision on case 1."
    )


def _broken(document_of: Any, change: Any) -> Any:
    changed = document_of
    change(changed)
    return changed


@pytest.mark.parametrize(
    ("path", "method", "answer", "call", "message"),
    [
        (
            "/v1/members/u-1/notes",
            "POST",
            _broken(document(moderator_note()), lambda d: d.pop("created_at")),
            lambda b: b.add_note("u-1", "text"),
            "The service sent a note the desk cannot read: created_at: Field required.",
        ),
        (
            "/v1/cases/c-1/appeals",
            "POST",
            _broken(document(appeal_out()), lambda d: d.update(status="granted")),
            lambda b: b.file_appeal("c-1", "d-1", decision_in(), REASON),
            "The service sent an appeal the desk cannot read: status: Input should be 'open'.",
        ),
        (
            "/v1/cases/c-1/appeals",
            "POST",
            _broken(document(appeal_out()), lambda d: d["proposed"].update(outcome="ban")),
            lambda b: b.file_appeal("c-1", "d-1", decision_in(), REASON),
            "The service sent an appeal the desk cannot read: proposed.outcome: Input should be "
            "'no_violation', 'remove_content', 'warn', 'restrict', 'suspend', 'terminate', "
            "'request_info' or 'escalate'.",
        ),
        (
            "/v1/appeals",
            "GET",
            [document(appeal_out())],
            lambda b: b.list_appeals(),
            "The service sent an appeal list the desk cannot read: Input should be an object.",
        ),
        (
            "/v1/appeals",
            "GET",
            {"items": [document(appeal_out())], "more": True},
            lambda b: b.list_appeals(),
            "The service sent an appeal list the desk cannot read: "
            "more: Extra inputs are not permitted.",
        ),
    ],
)
def test_answers_that_do_not_fit_name_the_bad_field(
    backend: HttpBackend,
    stub: StubService,
    path: str,
    method: str,
    answer: Any,
    call: Any,
    message: str,
) -> None:
    stub.answer(method, path, status=201 if method == "POST" else 200, json_body=answer)
    with pytest.raises(MalformedResponse) as caught:
        call(backend)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: b.add_note("u-1", ""), "The note cannot be sent: text: String should have"),
        (lambda b: b.add_note("u-1", " \n "), "The note cannot be sent: it is blank."),
        (lambda b: b.add_note("u-1", "x" * 10_001), "The note cannot be sent: text: String"),
        (lambda b: b.add_note("u-1", "ok", ""), "The note cannot be sent: case_id: String"),
        (
            lambda b: b.file_appeal("c-1", "d-1", decision_in(), "  "),
            "The appeal cannot be sent: its reason is blank.",
        ),
        (
            lambda b: b.file_appeal("c-1", "", decision_in(), "Why."),
            "The appeal cannot be sent: decision_id: String should have",
        ),
        (
            lambda b: b.file_appeal("c-1", "d-1", decision_in(), "Why.", "has space"),
            "The idempotency key must be 1-100 visible ASCII characters.",
        ),
    ],
)
def test_requests_the_api_would_refuse_are_caller_bugs_and_send_nothing(
    backend: HttpBackend, stub: StubService, call: Any, message: str
) -> None:
    before = len(stub.received)
    with pytest.raises(ValueError, match="^" + message.replace(".", r"\.")):
        call(backend)
    assert len(stub.received) == before
