"""The FastAPI application of the Moderation API v1."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from reviewdesk.server.body_limit import BodySizeLimit
from reviewdesk.server.db import SessionFactory, create_database_engine, make_session_factory
from reviewdesk.server.http_errors import install_error_handlers
from reviewdesk.server.openapi import tidy_schema
from reviewdesk.server.routes import (
    appeals,
    auth,
    batches,
    cases,
    evidence,
    members,
    platform,
    policy,
)
from reviewdesk.server.routes import audit as audit_routes
from reviewdesk.server.routes.deps import ServiceContext
from reviewdesk.server.services.priority import PriorityRefresher
from reviewdesk.server.settings import ServerSettings

API_TITLE = "ReviewDesk Moderation API"
API_VERSION = "1.0.0"
API_PREFIX = "/v1"
API_DESCRIPTION = (
    "Reports come in from the platform, moderators work cases from the desk, "
    "and final decisions go out to the platform's enforcer through the feed."
)


class ModerationApi(FastAPI):
    """The app, with an OpenAPI document that matches how errors are really sent."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = tidy_schema(
                get_openapi(
                    title=self.title,
                    version=self.version,
                    description=self.description,
                    routes=self.routes,
                    separate_input_output_schemas=False,
                )
            )
        return self.openapi_schema


def create_app(
    database: SessionFactory | Engine, settings: ServerSettings | None = None
) -> FastAPI:
    """The app serving ``database`` (an engine or a session factory of one)."""
    sessions = make_session_factory(database) if isinstance(database, Engine) else database
    settings = settings or ServerSettings()
    app = ModerationApi(
        title=API_TITLE,
        version=API_VERSION,
        description=API_DESCRIPTION,
        separate_input_output_schemas=False,
    )
    app.state.context = ServiceContext(
        sessions=sessions,
        settings=settings,
        refresher=PriorityRefresher(settings.priority_refresh_seconds, sessions),
    )
    for router in (
        auth.router,
        cases.router,
        appeals.router,
        batches.router,
        evidence.router,
        members.router,
        policy.router,
        platform.router,
        *audit_routes.routers(),
    ):
        app.include_router(router, prefix=API_PREFIX)
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    return app


def schema_only_app() -> FastAPI:
    """An app over an unused in-memory database, for generating the OpenAPI document."""
    return create_app(make_session_factory(create_database_engine("sqlite://")))
