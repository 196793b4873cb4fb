"""The OpenAPI document of the Moderation API, generated deterministically from the app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI

#: Where the project keeps the document, relative to the repository root.
COMMITTED_PATH = Path("resources") / "openapi.json"
REGENERATE_COMMAND = "reviewdesk-server --write-openapi resources/openapi.json"

_ERROR_BODY_REF = {"$ref": "#/components/schemas/ErrorBody"}
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def tidy_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Make every 422 answer an ``ErrorBody``, as the service's validation handler sends."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            invalid = operation.get("responses", {}).get("422")
            if invalid is not None:
                invalid["content"] = {"application/json": {"schema": dict(_ERROR_BODY_REF)}}
                invalid["description"] = (
                    "The request breaks a rule; the detail names every problem."
                )
    components = schema.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        components.pop(name, None)
    return schema


def render_openapi(app: FastAPI) -> str:
    """The document as text: sorted keys, two-space indent, a final newline."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_openapi(app: FastAPI, path: Path) -> None:
    """Write the document of ``app`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_openapi(app), encoding="utf-8")
