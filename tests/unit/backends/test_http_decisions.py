"""Claiming, releasing and deciding over HTTP, with idempotency keys and conflicts."""

from __future__ import annotations

import json

import pytest
from http_samples import claim_out, decision_in, decision_out, document
from http_stub_server import StubService

from reviewdesk.api.models import DecisionOut
from reviewdesk.backends.errors import ClaimConflict, DecisionConflict, Rejected
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Outcome


@pytest.mark.parametrize("status", [201, 200])
def test_decide_sends_the_key_and_body_and_returns_the_decision(
    backend: HttpBackend, stub: StubService, status: int
) -> None:
    stub.answer(
        "POST", "/v1/cases/c-1/decisions", status=status, json_body=document(decision_out())
    )
    result = backend.decide("c-1", decision_in(), "key-1")
    assert result == decision_out()
    (sent,) = stub.requests_to("/v1/cases/c-1/decisions")
    assert sent.headers["idempotency-key"] == "key-1"
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.body) == document(decision_in())


def test_a_decision_already_taken_is_a_conflict_carrying_that_decision(
    backend: HttpBackend, stub: StubService
) -> None:
    earlier = decision_out(key="someone-elses-key").model_copy(
        update={"outcome": Outcome.NO_VIOLATION, "clause_ids": []}
    )
    stub.answer(
        "POST",
        "/v1/cases/c-1/decisions",
        status=409,
        json_body={"detail": "The case was already decided.", "decision": document(earlier)},
    )
    with pytest.raises(DecisionConflict) as caught:
        backend.decide("c-1", decision_in(), "key-1")
    assert isinstance(caught.value.decision, DecisionOut)
    assert caught.value.decision == earlier
    assert str(caught.value) == "Could not record the decision: The case was already decided."


def test_a_plain_409_on_a_decision_is_a_claim_conflict(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer(
        "POST",
        "/v1/cases/c-1/decisions",
        status=409,
        json_body={"detail": "Keiko holds the claim on this case."},
    )
    with pytest.raises(ClaimConflict) as caught:
        backend.decide("c-1", decision_in(), "key-1")
    assert str(caught.value) == "Could not record the decision: Keiko holds the claim on this case."


def test_a_refused_decision_quotes_the_service(backend: HttpBackend, stub: StubService) -> None:
    stub.answer(
        "POST",
        "/v1/cases/c-1/decisions",
        status=422,
        json_body={"detail": "A 'suspend' decision needs a duration in days."},
    )
    with pytest.raises(Rejected) as caught:
        backend.decide("c-1", decision_in(), "key-1")
    assert caught.value.status == 422
    assert str(caught.value) == (
        "The service refused the decision: A 'suspend' decision needs a duration in days."
    )


@pytest.mark.parametrize("key", ["", "has space", "line\nbreak", "ключ", "k" * 101])
def test_an_unsafe_idempotency_key_is_a_caller_bug_and_sends_nothing(
    backend: HttpBackend, stub: StubService, key: str
) -> None:
    before = len(stub.received)
    with pytest.raises(ValueError, match="idempotency key"):
        backend.decide("c-1", decision_in(), key)
    assert len(stub.received) == before


def test_claim_returns_the_claim_and_release_accepts_no_content(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("POST", "/v1/cases/c-1/claim", status=201, json_body=document(claim_out()))
    stub.answer("DELETE", "/v1/cases/c-1/claim", status=204)
    assert backend.claim("c-1") == claim_out()
    backend.release("c-1")
    assert [(r.method, r.path) for r in stub.requests_to("/v1/cases/c-1/claim")] == [
        ("POST", "/v1/cases/c-1/claim"),
        ("DELETE", "/v1/cases/c-1/claim"),
    ]


def test_a_claim_held_by_another_moderator_is_a_claim_conflict(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer(
        "POST", "/v1/cases/c-1/claim", status=409, json_body={"detail": "Claimed by Keiko."}
    )
    with pytest.raises(ClaimConflict) as caught:
        backend.claim("c-1")
    assert str(caught.value) == "Could not claim the case: Claimed by Keiko."
