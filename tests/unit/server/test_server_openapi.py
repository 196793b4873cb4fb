"""The committed OpenAPI document matches what the service generates."""

from __future__ import annotations

import json
from pathlib import Path

from reviewdesk.server.app import schema_only_app
from reviewdesk.server.cli import main
from reviewdesk.server.openapi import COMMITTED_PATH, REGENERATE_COMMAND, render_openapi

REPOSITORY = Path(__file__).resolve().parents[3]


def test_the_committed_openapi_document_is_up_to_date() -> None:
    committed = (REPOSITORY / COMMITTED_PATH).read_text(encoding="utf-8")
    generated = render_openapi(schema_only_app())
    assert committed == generated, (
        f"{COMMITTED_PATH} is out of date; regenerate it with: {REGENERATE_COMMAND}"
    )


def test_the_document_is_deterministic_and_describes_errors_as_error_bodies() -> None:
    first, second = render_openapi(schema_only_app()), render_openapi(schema_only_app())
    assert first == second
    document = json.loads(first)
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    decide = document["paths"]["/v1/cases/{case_id}/decisions"]["post"]["responses"]
    assert decide["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
    assert decide["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ConflictBody"
    }
    assert set(document["components"]["securitySchemes"]) == {"ModeratorToken", "PlatformKey"}


def test_the_cli_writes_the_same_document(tmp_path: Path) -> None:
    target = tmp_path / "out" / "openapi.json"
    assert main(["--write-openapi", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_openapi(schema_only_app())
