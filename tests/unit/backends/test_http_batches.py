"""Batch decisions and batch reversal over HTTP: stubbed answers and the real service."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from http_samples import decision_in, decision_out, document
from http_stub_server import StubService
from live_community import PASSWORDS, build_live_community

from reviewdesk.api.models import DecisionIn, DecisionOut
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import (
    BatchUnsupported,
    ClaimConflict,
    DecisionConflict,
    Forbidden,
    MalformedResponse,
    NotFound,
    Rejected,
)
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Category, Outcome
from reviewdesk.server.embedded import EmbeddedServer


def item(case_id: str, key: str, status: str, code: int, **extra: object) -> dict[str, object]:
    return {
        "case_id": case_id,
        "idempotency_key": key,
        "status": status,
        "status_code": code,
        **extra,
    }


def test_each_item_becomes_the_decision_or_the_error_decide_would_give(
    backend: HttpBackend, stub: StubService
) -> None:
    other = decision_out(key="theirs")
    stub.answer(
        "POST",
        "/v1/decisions/batch",
        json_body={
            "items": [
                item("c-1", "k1", "recorded", 201, decision=document(decision_out(key="k1"))),
                item(
                    "c-2",
                    "k2",
                    "conflict",
                    409,
                    detail="Decided by Omar.",
                    decision=document(other),
                ),
                item("c-3", "k3", "conflict", 409, detail="Omar holds this case."),
                item("c-4", "k4", "refused", 422, detail="Unknown clause."),
                item("c-5", "k5", "refused", 404, detail="There is no case 'c-5'."),
            ]
        },
    )
    sent = [(f"c-{n}", decision_in(), f"k{n}") for n in range(1, 6)]
    answers = backend.submit_decisions(sent)
    assert answers[0] == decision_out(key="k1")
    assert isinstance(answers[1], DecisionConflict)
    assert answers[1].decision == other
    assert isinstance(answers[2], ClaimConflict)
    assert isinstance(answers[3], Rejected)
    assert answers[3].status == 422
    assert str(answers[3]) == "The service refused the decision: Unknown clause."
    assert isinstance(answers[4], NotFound)
    (request,) = stub.requests_to("/v1/decisions/batch")
    body = json.loads(request.body)
    assert [i["idempotency_key"] for i in body["items"]] == ["k1", "k2", "k3", "k4", "k5"]
    assert body["items"][0]["decision"] == document(decision_in())


def test_a_service_without_the_endpoint_is_told_apart(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("POST", "/v1/decisions/batch", status=404, json_body={"detail": "No endpoint."})
    with pytest.raises(BatchUnsupported):
        backend.submit_decisions([("c-1", decision_in(), "k1")])


def test_an_answer_for_other_items_is_malformed(backend: HttpBackend, stub: StubService) -> None:
    stub.answer(
        "POST",
        "/v1/decisions/batch",
        json_body={
            "items": [item("c-9", "k1", "recorded", 201, decision=document(decision_out()))]
        },
    )
    with pytest.raises(MalformedResponse):
        backend.submit_decisions([("c-1", decision_in(), "k1")])


def test_batches_over_200_are_a_caller_bug(backend: HttpBackend) -> None:
    with pytest.raises(ValueError, match="1 to 200"):
        backend.submit_decisions([(str(n), decision_in(), f"k{n}") for n in range(201)])


@pytest.fixture
def live_url() -> Iterator[str]:
    server = EmbeddedServer(build_live_community())
    try:
        yield server.start()
    finally:
        server.stop()


def test_a_batch_is_recorded_then_reversed_by_a_senior_on_the_real_service(live_url: str) -> None:
    with (
        HttpBackend.login(live_url, "lena", PASSWORDS["lena"]) as lena,
        HttpBackend.login(live_url, "sofia", PASSWORDS["sofia"]) as sofia,
    ):
        spam = lena.list_cases(CaseFilter(categories=(Category.SPAM,))).items
        batch_id = str(uuid.uuid4())
        decision = DecisionIn(outcome=Outcome.NO_VIOLATION, batch_id=batch_id)
        items = [(row.id, decision, f"k-{row.id}") for row in spam]
        answers = lena.submit_decisions(items)
        assert all(isinstance(a, DecisionOut) for a in answers)
        assert {a.batch_id for a in answers if isinstance(a, DecisionOut)} == {batch_id}
        assert lena.submit_decisions(items) == answers  # replays

        with pytest.raises(Forbidden):
            lena.reverse_batch(batch_id, "Not mine to reverse.")
        with pytest.raises(NotFound):
            sofia.reverse_batch("no-such-batch", "Nothing there.")
        reversal = sofia.reverse_batch(batch_id, "Cleared by mistake.", idempotency_key="r-1")
        assert reversal.reversed_by.username == "sofia"
        assert [d.id for d in reversal.decisions] == [
            a.id for a in answers if isinstance(a, DecisionOut)
        ]
        assert (
            sofia.reverse_batch(batch_id, "Cleared by mistake.", idempotency_key="r-1") == reversal
        )
        assert set(reversal.reopened_case_ids) == {row.id for row in spam}
