"""Reading cases, attachments, histories and the policy over HTTP."""

from __future__ import annotations

import threading

import pytest
from http_samples import case_detail, case_page, catalogue, document, member_history
from http_stub_server import StubService

from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import NotFound
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import CaseStatus, Category, Severity, Surface


def test_list_cases_sends_every_filter_and_returns_the_page(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("GET", "/v1/cases", json_body=document(case_page(3)))
    case_filter = CaseFilter(
        statuses=(CaseStatus.OPEN, CaseStatus.ESCALATED),
        categories=(Category.SPAM, Category.SCAM),
        surfaces=(Surface.CHAT,),
        languages=("ja", "pt-BR"),
        min_severity=Severity.HIGH,
        min_priority=2500.5,
        text="free coins & <b>",
        extra={"ignored": "yes"},
    )
    page = backend.list_cases(case_filter, cursor="abc==", limit=25)
    assert page == case_page(3)
    (sent,) = stub.requests_to("/v1/cases")
    assert sent.query == {
        "status": ["open", "escalated"],
        "category": ["spam", "scam"],
        "surface": ["chat"],
        "language": ["ja", "pt-BR"],
        "min_severity": ["3"],
        "min_priority": ["2500.5"],
        "q": ["free coins & <b>"],
        "cursor": ["abc=="],
        "limit": ["25"],
    }


def test_an_empty_filter_asks_for_every_status_and_nothing_else(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("GET", "/v1/cases", json_body=document(case_page(0)))
    backend.list_cases(CaseFilter(statuses=()))
    (sent,) = stub.requests_to("/v1/cases")
    assert sent.query == {"status": [s.value for s in CaseStatus], "limit": ["100"]}


def test_get_case_history_and_policy_return_validated_models(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("GET", "/v1/cases/c-1", json_body=document(case_detail(1)))
    stub.answer("GET", "/v1/members/u-1/history", json_body=document(member_history()))
    stub.answer("GET", "/v1/policy", json_body=document(catalogue()))
    assert backend.get_case("c-1") == case_detail(1)
    assert backend.get_member_history("u-1") == member_history()
    assert backend.get_policy() == catalogue()


@pytest.mark.parametrize(
    ("case_id", "sent_path"),
    [
        ("../../v1/policy", "/v1/cases/..%2F..%2Fv1%2Fpolicy"),
        ("...", "/v1/cases/..."),
        ("a/b?c#d", "/v1/cases/a%2Fb%3Fc%23d"),
        ("案件-7", "/v1/cases/%E6%A1%88%E4%BB%B6-7"),
    ],
)
def test_hostile_ids_stay_inside_one_path_segment(
    backend: HttpBackend, stub: StubService, case_id: str, sent_path: str
) -> None:
    stub.answer("GET", sent_path, json_body=document(case_detail(1)))
    backend.get_case(case_id)
    assert [r.path for r in stub.received if r.method == "GET"] == [sent_path]


@pytest.mark.parametrize(
    ("member_id", "problem"),
    [("", "no member with an empty id"), ("..", "no member with the id '..'"), (".", "'.'")],
)
def test_ids_that_would_leave_their_path_segment_are_not_found_without_a_request(
    backend: HttpBackend, stub: StubService, member_id: str, problem: str
) -> None:
    before = len(stub.received)
    with pytest.raises(NotFound, match=problem):
        backend.get_member_history(member_id)
    assert len(stub.received) == before


def test_get_attachment_returns_the_exact_bytes(backend: HttpBackend, stub: StubService) -> None:
    data = bytes(range(256)) * 40 + b"\x89PNG\r\n\x1a\n"
    stub.answer("GET", "/v1/attachments/a-1", body=data, headers={"Content-Type": "image/png"})
    assert backend.get_attachment("a-1") == data


def test_concurrent_calls_from_worker_threads_each_get_their_own_answer(
    backend: HttpBackend, stub: StubService
) -> None:
    for number in range(12):
        stub.answer("GET", f"/v1/cases/c-{number}", json_body=document(case_detail(number)))
    results: dict[int, str] = {}
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        try:
            for round_ in range(3):
                number = (worker + round_ * 4) % 12
                detail = backend.get_case(f"c-{number}")
                with lock:
                    results[number] = detail.summary.id
        except BaseException as exc:  # reported to the main thread below
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert results == {n: f"c-{n}" for n in results}
    assert len(results) == 12


def test_a_closed_backend_refuses_further_calls(stub: StubService, backend: HttpBackend) -> None:
    backend.close()
    with pytest.raises(RuntimeError, match="closed"):
        backend.get_policy()
