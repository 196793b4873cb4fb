"""Signing in over HTTP: login, resuming from a token, and keeping the token secret."""

from __future__ import annotations

import json
import logging

import pytest
from http_samples import TOKEN, document, moderator, token_out
from http_stub_server import StubService

from reviewdesk.backends.base import Backend, CaseFilter
from reviewdesk.backends.errors import AuthenticationRequired, BackendError, MalformedResponse
from reviewdesk.backends.http import HttpBackend
from reviewdesk.backends.service_url import InvalidServiceUrl


def chain_text(error: BaseException) -> str:
    """The messages and reprs of an error and of every error chained to it."""
    parts: list[str] = []
    current: BaseException | None = error
    while current is not None and len(parts) < 40:
        parts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def test_login_posts_the_credentials_and_signs_later_requests(stub: StubService) -> None:
    stub.answer("POST", "/v1/auth/login", status=201, json_body=document(token_out()))
    stub.answer("GET", "/v1/policy", json_body={"version": "v1", "clauses": []})
    with HttpBackend.login(stub.base_url + "/", "ines", "pa55 word") as client:
        backend: Backend = client
        assert backend.moderator == moderator()
        assert client.token == TOKEN
        assert client.base_url == stub.base_url
        assert client.get_policy().version == "v1"
    (login,) = stub.requests_to("/v1/auth/login")
    assert json.loads(login.body) == {"username": "ines", "password": "pa55 word"}
    assert "authorization" not in login.headers
    (policy,) = stub.requests_to("/v1/policy")
    assert policy.headers["authorization"] == f"Bearer {TOKEN}"


def test_from_token_checks_the_token_with_me(stub: StubService) -> None:
    stub.answer("GET", "/v1/me", json_body=document(moderator()))
    with HttpBackend.from_token(stub.base_url, TOKEN) as client:
        assert client.moderator.username == "ines"
    (me,) = stub.requests_to("/v1/me")
    assert me.headers["authorization"] == f"Bearer {TOKEN}"


def test_an_expired_token_asks_to_sign_in_again_with_the_server_detail(stub: StubService) -> None:
    stub.answer("GET", "/v1/me", status=401, json_body={"detail": "Token expired"})
    with pytest.raises(AuthenticationRequired) as caught:
        HttpBackend.from_token(stub.base_url, TOKEN)
    assert str(caught.value) == (
        "Could not check the saved sign-in: Token expired. Please sign in again."
    )


def test_wrong_password_says_so_without_asking_to_sign_in_again(stub: StubService) -> None:
    stub.answer(
        "POST", "/v1/auth/login", status=401, json_body={"detail": "Wrong username or password."}
    )
    with pytest.raises(AuthenticationRequired) as caught:
        HttpBackend.login(stub.base_url, "ines", "nope")
    assert str(caught.value) == "Could not sign in: Wrong username or password."


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [("", "pw", "username"), ("ines", "", "password"), ("x" * 101, "pw", "username")],
)
def test_invalid_credentials_are_refused_before_anything_is_sent(
    stub: StubService, username: str, password: str, field: str
) -> None:
    with pytest.raises(AuthenticationRequired, match=f"not valid: {field}: "):
        HttpBackend.login(stub.base_url, username, password)
    assert stub.received == []


def test_the_password_is_not_kept_in_the_refusal(stub: StubService) -> None:
    with pytest.raises(AuthenticationRequired) as caught:
        HttpBackend.login(stub.base_url, "ines", "s3cr3t-" + "p" * 300)
    assert "s3cr3t-" not in chain_text(caught.value)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "Enter the address"),
        ("ftp://example.org", "must start with http"),
        ("example.org:8000", "must start with http"),
        ("http://", "no host name"),
        ("http://user:pw@example.org", "user name or password"),
        ("http://example.org/?q=1", "'?' or '#'"),
        ("http://exa mple.org", "spaces"),
        ("http://example.org:99999", "not a valid URL"),
    ],
)
def test_an_unusable_service_address_is_a_clear_error(url: str, problem: str) -> None:
    with pytest.raises(InvalidServiceUrl, match=problem) as caught:
        HttpBackend.from_token(url, TOKEN)
    assert isinstance(caught.value, BackendError)


@pytest.mark.parametrize("token", ["", "two words", "line\nbreak", "tök", "x" * 5000])
def test_a_garbled_saved_token_is_refused_before_anything_is_sent(
    stub: StubService, token: str
) -> None:
    with pytest.raises(AuthenticationRequired, match="saved sign-in is not valid"):
        HttpBackend.from_token(stub.base_url, token)
    assert stub.received == []


def test_a_login_answer_with_an_unusable_token_is_malformed(stub: StubService) -> None:
    stub.answer("POST", "/v1/auth/login", json_body=document(token_out("evil\r\nX-Injected: 1")))
    with pytest.raises(MalformedResponse, match="token: not a usable bearer token"):
        HttpBackend.login(stub.base_url, "ines", "pw")


def test_the_token_never_shows_in_reprs_messages_or_logs(
    backend: HttpBackend, stub: StubService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    failures = [
        ("/v1/cases", 500, {"detail": "boom"}),
        ("/v1/cases/c-1", 404, {"detail": "Case not found."}),
        ("/v1/policy", 200, {"version": 7}),
        ("/v1/members/u-1/history", 401, {"detail": "expired"}),
    ]
    errors: list[BaseException] = []
    for path, status, body in failures:
        stub.answer("GET", path, status=status, json_body=body)
    for call in (
        lambda: backend.list_cases(CaseFilter()),
        lambda: backend.get_case("c-1"),
        backend.get_policy,
        lambda: backend.get_member_history("u-1"),
    ):
        with pytest.raises(BackendError) as caught:
            call()
        errors.append(caught.value)
    assert len(errors) == len(failures)
    assert TOKEN not in repr(backend)
    for error in errors:
        assert TOKEN not in chain_text(error)
    assert caplog.records, "the client logs its requests at debug level"
    assert TOKEN not in caplog.text


def test_a_malformed_login_answer_does_not_leak_the_token(stub: StubService) -> None:
    answer = document(token_out())
    del answer["moderator"]
    stub.answer("POST", "/v1/auth/login", json_body=answer)
    with pytest.raises(MalformedResponse) as caught:
        HttpBackend.login(stub.base_url, "ines", "pw")
    assert str(caught.value) == (
        "The service sent a sign-in answer the desk cannot read: moderator: Field required."
    )
    assert TOKEN not in chain_text(caught.value)


def test_a_refusal_names_the_session_it_refused(backend: HttpBackend, stub: StubService) -> None:
    stub.answer("GET", "/v1/cases/c-1", status=401, json_body={"detail": "expired"})
    with pytest.raises(AuthenticationRequired) as caught:
        backend.get_case("c-1")
    assert caught.value.sender is backend, "the desk tells a late refusal of an old session"
    stub.answer("POST", "/v1/auth/login", status=401, json_body={"detail": "Wrong password."})
    with pytest.raises(AuthenticationRequired) as refused:
        HttpBackend.login(stub.base_url, "ines", "wrong")
    assert refused.value.sender is None, "no session was refused: none had begun"
