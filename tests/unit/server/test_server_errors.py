"""Bad input of every kind gets a 4xx with a readable ErrorBody, never a 500."""

from __future__ import annotations

import uuid

import httpx
from server_calls import PLATFORM, auth, case_id_of

from reviewdesk.api.models import ErrorBody
from reviewdesk.server.app import create_app
from reviewdesk.server.db import open_database
from reviewdesk.server.http_errors import UNEXPECTED
from reviewdesk.server.runner import BackgroundServer


def assert_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate(response.json())
    assert body.detail.strip()
    return body.detail


def test_malformed_json_names_the_problem(client: httpx.Client) -> None:
    response = client.post(
        "/v1/auth/login",
        content=b'{"username": "ana", ',
        headers={"Content-Type": "application/json"},
    )
    assert assert_error(response, 422).startswith("The request body is not valid JSON")


def test_wrong_types_missing_and_unknown_fields_are_named(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    headers = {**ana, "Idempotency-Key": str(uuid.uuid4())}
    url = f"/v1/cases/{case_id}/decisions"
    wrong_type = client.post(
        url, json={"outcome": "warn", "duration_days": "soon"}, headers=headers
    )
    assert "Field 'duration_days'" in assert_error(wrong_type, 422)
    unknown_outcome = client.post(url, json={"outcome": "banish"}, headers=headers)
    assert "Field 'outcome'" in assert_error(unknown_outcome, 422)
    extra = client.post(url, json={"outcome": "warn", "severity": 4}, headers=headers)
    assert "Field 'severity': Extra inputs are not permitted." in assert_error(extra, 422)
    missing = client.post("/v1/auth/login", json={"username": "ana"})
    assert assert_error(missing, 422) == "Field 'password': Field required."
    not_an_object = client.post("/v1/auth/login", json=["ana", "pw"])
    assert assert_error(not_an_object, 422).startswith("The request body is invalid")
    assert client.get(f"/v1/cases/{case_id}", headers=ana).json()["decisions"] == []


def test_unknown_endpoints_and_methods_answer_in_the_same_shape(client: httpx.Client) -> None:
    assert assert_error(client.get("/v1/nothing-here"), 404) == (
        "There is no endpoint GET /v1/nothing-here."
    )
    assert assert_error(client.put("/v1/policy"), 405) == (
        "The method PUT is not allowed on /v1/policy."
    )


def test_hostile_text_in_ids_and_queries_is_only_ever_echoed_as_data(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    hostile = "<img src=x onerror=alert(1)>' OR 1=1 --"
    detail = assert_error(client.get(f"/v1/members/{hostile}/history", headers=ana), 404)
    assert detail == f"There is no member '{hostile}'."
    long_id = "x" * 5000
    detail = assert_error(client.get(f"/v1/cases/{long_id}", headers=ana), 404)
    assert len(detail) < 200
    search = client.get("/v1/cases", params={"q": hostile}, headers=ana)
    assert search.status_code == 200
    assert search.json()["total"] == 0
    rtl = client.get("/v1/cases", params={"q": "\u202eمرحبا 🙂"}, headers=ana)
    assert rtl.status_code == 200


def test_out_of_range_numbers_are_refused_not_crashed_on(client: httpx.Client) -> None:
    assert "Query parameter 'after'" in assert_error(
        client.get("/v1/feed?after=99999999999999999999999", headers=PLATFORM), 422
    )
    assert "Query parameter 'after'" in assert_error(
        client.get("/v1/feed?after=-1", headers=PLATFORM), 422
    )
    ana = auth(client, "ana")
    assert "Query parameter 'min_severity'" in assert_error(
        client.get("/v1/cases?min_severity=9", headers=ana), 422
    )


def test_an_unexpected_error_answers_500_without_a_traceback(database_url: str) -> None:
    engine, sessions = open_database(database_url)
    app = create_app(sessions)

    def broken() -> None:
        raise RuntimeError("secret internals /srv/app/module.py line 12")

    app.add_api_route("/v1/broken", broken)
    runner = BackgroundServer(app)
    try:
        response = httpx.get(f"{runner.start()}/v1/broken", timeout=30.0)
    finally:
        runner.stop()
        engine.dispose()
    assert response.status_code == 500
    assert response.json() == {"detail": UNEXPECTED}
    assert "secret" not in response.text
