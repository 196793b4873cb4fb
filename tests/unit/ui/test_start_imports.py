"""Starting the desk loads only what its first screen needs; the rest loads on first use.

Each check runs in a fresh interpreter: this test process has long imported
everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

#: Modules the desk's start must not import on the GUI thread: the store's database
#: layer (opened on a worker after the first case), the keyring (read on the worker
#: that resumes the saved sign-in), Pillow (loaded by the first decode, on a worker),
#: the audit window and its parts, the palette's dialogs.
DEFERRED = (
    "keyring",
    "PIL",
    "sqlalchemy",
    "alembic",
    "reviewdesk.store.outbox",
    "reviewdesk.store.local_db",
    "reviewdesk.queue.delivery",
    "reviewdesk.ui.audit.audit_window",
    "reviewdesk.ui.audit.log_page",
    "reviewdesk.ui.audit.exports",
    "reviewdesk.ui.audit.batch_reversal",
    "reviewdesk.ui.command_palette",
    "reviewdesk.ui.keys_dialog",
)

_PRELUDE = """
import json, sys
from dataclasses import dataclass
from PySide6.QtWidgets import QApplication

app = QApplication([])
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.main import main
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.tasks import TaskRunner

DEFERRED = {deferred!r}

def loaded():
    return sorted(name for name in DEFERRED if name in sys.modules)
"""


def _run(body: str) -> dict[str, list[str]]:
    script = textwrap.dedent(_PRELUDE).format(deferred=DEFERRED) + textwrap.dedent(body)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, list[str]] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def test_the_window_is_built_without_the_deferred_modules() -> None:
    answer = _run(
        """
        runner = TaskRunner()
        window = MainWindow(runner)
        window.show()
        app.processEvents()
        built = loaded()
        window.close()
        runner.shutdown(10_000)
        print(json.dumps({"built": built}))
        """
    )
    assert answer["built"] == []


def test_the_audit_commands_load_the_audit_window_when_first_used() -> None:
    answer = _run(
        """
        from reviewdesk.api.models import ModeratorOut
        from reviewdesk.backends.errors import ServiceUnavailable
        from reviewdesk.domain.enums import Role
        from reviewdesk.ui.connection import Connection

        @dataclass
        class Offline:
            moderator: ModeratorOut

            def __getattr__(self, name):
                def unanswered(*args, **kwargs):
                    raise ServiceUnavailable("The service is away.")
                return unanswered

        runner = TaskRunner()
        window = MainWindow(runner)
        window.show()
        senior = ModeratorOut(id="1", username="sam", display_name="Sam", role=Role.SENIOR)
        window.audit.attach(Connection(Offline(senior), "http://127.0.0.1:1"))
        before = loaded()
        window.registry.action("audit.log").trigger()
        app.processEvents()
        shown = window.audit.window is not None and window.audit.window.isVisible()
        after = loaded()
        window.audit.detach()
        window.close()
        runner.shutdown(10_000)
        print(json.dumps({"before": before, "after": after, "shown": [str(shown)]}))
        """
    )
    assert answer["before"] == []
    assert answer["shown"] == ["True"]
    assert "reviewdesk.ui.audit.audit_window" in answer["after"]
    assert "reviewdesk.ui.audit.log_page" in answer["after"]
