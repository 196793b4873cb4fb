"""The reference service seeded with a demo community, served in-process on loopback.

The desk's ``--demo`` mode and the end-to-end tests use it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine

from reviewdesk.server.app import create_app
from reviewdesk.server.db import SessionFactory, open_database, sqlite_file_url
from reviewdesk.server.demo.model import DemoCommunity, DemoModerator
from reviewdesk.server.runner import BackgroundServer
from reviewdesk.server.seed import is_seeded, seed_community
from reviewdesk.server.services.accounts import create_moderator, moderator_by_username
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.synthetic import add_synthetic_cases


class EmbeddedServer:
    """A seeded moderation service on a background thread (127.0.0.1, a free port by default).

    Without ``database_url`` each :meth:`start` seeds a fresh temporary SQLite
    file and :meth:`stop` deletes it; with one, the database is seeded only if
    it has no accounts yet and is kept. ``synthetic_cases`` adds that many
    plain open cases to a fresh seeding (bulk inserts, for load tests).
    """

    def __init__(
        self,
        community: DemoCommunity,
        database_url: str | None = None,
        settings: ServerSettings | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        synthetic_cases: int = 0,
    ) -> None:
        self._community = community
        self._synthetic_cases = synthetic_cases
        self._host = host
        self._port = port
        self._database_url = database_url
        self._settings = settings
        self._engine: Engine | None = None
        self._sessions: SessionFactory | None = None
        self._temporary_dir: Path | None = None
        self._runner: BackgroundServer | None = None

    @property
    def platform_key(self) -> str:
        """The key the platform side (intake, feed) authenticates with."""
        return self._community.platform_key

    @property
    def moderators(self) -> list[DemoModerator]:
        """The demo's moderator accounts, with their passwords."""
        return list(self._community.moderators)

    @property
    def base_url(self) -> str | None:
        """``http://127.0.0.1:<port>`` while serving, else None."""
        return self._runner.base_url if self._runner is not None else None

    def start(self, timeout: float = 30.0) -> str:
        """Seed if needed, start serving, and return the base URL once it accepts connections."""
        if self._runner is not None and self._runner.base_url is not None:
            return self._runner.base_url
        url = self._database_url
        if url is None:
            self._temporary_dir = Path(tempfile.mkdtemp(prefix="reviewdesk-demo-"))
            url = sqlite_file_url(self._temporary_dir / "demo.sqlite3")
        try:
            self._engine, sessions = open_database(url)
            self._sessions = sessions
            if not is_seeded(sessions):
                seed_community(sessions, self._community)
                if self._synthetic_cases:
                    add_synthetic_cases(sessions, self._synthetic_cases)
            app = create_app(sessions, self._settings)
            self._runner = BackgroundServer(app, self._host, self._port)
            return self._runner.start(timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop serving, close the database, and delete it if it was temporary."""
        if self._runner is not None:
            self._runner.stop()
            self._runner = None
        self._sessions = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._temporary_dir is not None:
            shutil.rmtree(self._temporary_dir, ignore_errors=True)
            self._temporary_dir = None

    def add_moderators(self, moderators: Iterable[DemoModerator]) -> None:
        """Add moderator accounts to the running service, all in one transaction.

        Raises RuntimeError when the service is not started, and ValueError
        (adding none) when a username is taken or given twice.
        """
        if self._sessions is None:
            raise RuntimeError("Start the embedded server before adding accounts.")
        with self._sessions() as session:
            for moderator in moderators:
                if moderator_by_username(session, moderator.username) is not None:
                    raise ValueError(f"The username '{moderator.username}' is already taken.")
                create_moderator(
                    session,
                    moderator.username,
                    moderator.password,
                    moderator.display_name,
                    moderator.role,
                )
            session.commit()

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
