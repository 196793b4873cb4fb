"""The language tagger loads its model on a worker and says when it is there."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reviewdesk.evidence import language
from reviewdesk.ui.case.language_tags import LanguageTagger
from reviewdesk.ui.tasks import TaskRunner


def test_warm_up_loads_the_model_on_a_worker_and_then_says_so(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    tagger = LanguageTagger(runner)
    with qtbot.waitSignal(tagger.warmed_up, timeout=20_000):
        tagger.warm_up()
    assert language.model_loaded()
    assert tagger.last_error == ""
