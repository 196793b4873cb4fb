"""Bad input from the service: malformed bodies and error statuses become clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from http_samples import case_page, document
from http_stub_server import StubService

from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    BackendError,
    ClaimConflict,
    Forbidden,
    MalformedResponse,
    NotFound,
    RateLimited,
    Rejected,
    ServiceUnavailable,
)
from reviewdesk.backends.http import HttpBackend


def _page_with(change: Any) -> Any:
    page = document(case_page(5))
    change(page)
    return page


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            _page_with(lambda p: p["items"][3].update(priority="urgent")),
            "items.3.priority: Input should be a valid number, unable to parse string as a number",
        ),
        (
            _page_with(lambda p: p["items"][1].pop("member_id")),
            "items.1.member_id: Field required",
        ),
        (
            _page_with(lambda p: p["items"][0].update(severity=9)),
            "items.0.severity: Input should be 1, 2, 3 or 4",
        ),
        (
            _page_with(lambda p: p.update(surprise=True)),
            "surprise: Extra inputs are not permitted",
        ),
        (
            _page_with(lambda p: (p.pop("total"), p["items"][2].update(report_count=-1))),
            "items.2.report_count: Input should be greater than or equal to 0 (and 1 more problem)",
        ),
        ([1, 2, 3], "Input should be an object"),
    ],
)
def test_a_case_list_that_does_not_fit_names_the_first_bad_field(
    backend: HttpBackend, stub: StubService, answer: Any, message: str
) -> None:
    stub.answer("GET", "/v1/cases", json_body=answer)
    with pytest.raises(MalformedResponse) as caught:
        backend.list_cases(CaseFilter())
    assert str(caught.value) == f"The service sent a case list the desk cannot read: {message}."


@pytest.mark.parametrize(
    "body",
    [b"<html><body>502 Bad Gateway</body></html>", b"", b'{"items": [', b"\xff\xfe\x00junk"],
)
def test_a_body_that_is_not_json_is_malformed(
    backend: HttpBackend, stub: StubService, body: bytes
) -> None:
    stub.answer("GET", "/v1/policy", body=body, headers={"Content-Type": "text/html"})
    with pytest.raises(MalformedResponse) as caught:
        backend.get_policy()
    assert str(caught.value) == (
        "The service sent a policy catalogue the desk cannot read: the answer is not valid JSON."
    )


def test_hostile_field_names_are_clipped_and_flattened(
    backend: HttpBackend, stub: StubService
) -> None:
    answer = document(case_page(1))
    answer["\n<script>" + "x" * 5000] = 1
    stub.answer("GET", "/v1/cases", json_body=answer)
    with pytest.raises(MalformedResponse) as caught:
        backend.list_cases(CaseFilter())
    text = str(caught.value)
    assert len(text) < 450
    assert "\n" not in text
    assert "<script>xxx" in text


FASTAPI_422 = {
    "detail": [
        {"loc": ["query", "limit"], "msg": "Input should be less than or equal to 500", "type": "x"}
    ]
}


@pytest.mark.parametrize(
    ("status", "body", "headers", "error_type", "message"),
    [
        (
            401,
            {"detail": "Token expired"},
            {},
            AuthenticationRequired,
            "Could not load the case list: Token expired. Please sign in again.",
        ),
        (
            403,
            {"detail": "Only senior moderators may see escalations."},
            {},
            Forbidden,
            "You are not allowed to load the case list: "
            "Only senior moderators may see escalations.",
        ),
        (404, {}, {}, NotFound, "Could not load the case list: it does not exist."),
        (
            409,
            {"detail": "Held by another moderator"},
            {},
            ClaimConflict,
            "Could not load the case list: Held by another moderator.",
        ),
        (
            422,
            FASTAPI_422,
            {},
            Rejected,
            "The service refused the case list request: "
            "limit: Input should be less than or equal to 500.",
        ),
        (
            400,
            "<h1>Bad</h1>",
            {},
            Rejected,
            "The service refused the case list request: HTTP 400.",
        ),
        (
            429,
            {"detail": "slow down"},
            {"Retry-After": "30"},
            RateLimited,
            "Could not load the case list: the service is busy and asked the desk to wait "
            "30 seconds.",
        ),
        (
            500,
            "Internal Server Error",
            {},
            ServiceUnavailable,
            "Could not load the case list: the service had a problem (HTTP 500). Try again later.",
        ),
        (
            503,
            {"detail": "Down for maintenance"},
            {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"},
            ServiceUnavailable,
            "Could not load the case list: the service had a problem (HTTP 503): "
            "Down for maintenance. Try again later.",
        ),
        (
            302,
            {},
            {"Location": "http://127.0.0.1:9/elsewhere"},
            MalformedResponse,
            "The service sent an unexpected answer to the case list request (HTTP 302).",
        ),
        (
            202,
            {},
            {},
            MalformedResponse,
            "The service sent an unexpected answer to the case list request (HTTP 202).",
        ),
    ],
)
def test_each_error_status_becomes_the_matching_error(
    backend: HttpBackend,
    stub: StubService,
    status: int,
    body: Any,
    headers: dict[str, str],
    error_type: type[BackendError],
    message: str,
) -> None:
    stub.answer("GET", "/v1/cases", status=status, json_body=body, headers=headers)
    with pytest.raises(BackendError) as caught:
        backend.list_cases(CaseFilter())
    assert type(caught.value) is error_type
    assert str(caught.value) == message
    assert [r.path for r in stub.received if r.method == "GET"] == ["/v1/cases"]  # no retry


def test_retry_after_is_passed_on_rate_limits_and_outages(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("GET", "/v1/cases", status=429, json_body={}, headers={"Retry-After": "12"})
    stub.answer("GET", "/v1/policy", status=503, json_body={}, headers={"Retry-After": "1e9"})
    stub.answer("GET", "/v1/me", status=502, json_body={})
    with pytest.raises(RateLimited) as limited:
        backend.list_cases(CaseFilter())
    with pytest.raises(ServiceUnavailable) as unavailable:
        backend.get_policy()
    with pytest.raises(ServiceUnavailable) as plain:
        HttpBackend.from_token(stub.base_url, backend.token)
    assert limited.value.retry_after == 12.0
    assert unavailable.value.retry_after == 3600.0  # a hostile wait is capped at an hour
    assert plain.value.retry_after is None


def test_a_huge_error_detail_is_clipped_to_one_line(
    backend: HttpBackend, stub: StubService
) -> None:
    detail = "Refused\r\n\x1b[31m" + "é" * 100_000
    stub.answer("GET", "/v1/cases", status=400, json_body={"detail": detail})
    with pytest.raises(Rejected) as caught:
        backend.list_cases(CaseFilter())
    text = str(caught.value)
    assert text.startswith("The service refused the case list request: Refused [31mééé")
    assert len(text) < 400
    assert "\x1b" not in text
    assert "\n" not in text
