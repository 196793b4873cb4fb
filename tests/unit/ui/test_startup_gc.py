"""The collector rests during the desk's start and resumes once the first case is shown."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from saved_sign_in_desk import desk_without_sign_in
from shell_fakes import FakeBackend
from shell_harness import opened_desk

from reviewdesk.ui import startup_gc
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def collector() -> Iterator[None]:
    """Leave the collector as the test found it."""
    enabled = gc.isenabled()
    startup_gc.forget_settled()
    yield
    startup_gc.resume()
    startup_gc.forget_settled()
    gc.unfreeze()
    if enabled:
        gc.enable()


class Cycle:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_pause_stops_collecting_and_resume_sweeps_freezes_and_collects_again(
    collector: None,
) -> None:
    gc.enable()
    startup_gc.pause()
    assert not gc.isenabled()
    assert startup_gc.paused()
    garbage = Cycle()
    gone = weakref.ref(garbage)
    del garbage
    survivor = Cycle()
    assert gone() is not None  # a cycle: nothing frees it while the collector rests
    frozen_before = gc.get_freeze_count()
    startup_gc.resume()
    assert gc.isenabled()
    assert not startup_gc.paused()
    assert gone() is None, "the start's garbage was frozen instead of swept"
    assert gc.get_freeze_count() > frozen_before  # what lives on leaves the full sweeps
    assert survivor.me is survivor


def test_resume_without_pause_changes_nothing(collector: None) -> None:
    gc.enable()
    frozen = gc.get_freeze_count()
    startup_gc.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_paused_collector_stays_paused_until_a_real_pause_is_resumed(collector: None) -> None:
    gc.disable()  # off already (not by the desk): pause leaves it to its owner
    startup_gc.pause()
    assert not startup_gc.paused()
    startup_gc.resume()
    assert not gc.isenabled()


def test_the_window_says_when_its_first_case_is_on_screen(qtbot: QtBot, runner: TaskRunner) -> None:
    with opened_desk(qtbot, runner, FakeBackend()) as desk:
        with qtbot.waitSignal(desk.window.first_case_shown, timeout=5000):
            pass
        assert desk.window.case_view.case_id() == "case-000"


def test_the_desk_resumes_the_collector_at_its_first_case_and_at_shutdown(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, collector: None
) -> None:
    gc.enable()
    with desk_without_sign_in(qtbot, desk_settings, tmp_path) as desk:
        startup_gc.pause()
        desk.window.first_case_shown.emit()
        assert gc.isenabled()
        startup_gc.pause()
    assert gc.isenabled()


def test_what_the_work_after_the_first_case_made_is_frozen_once_it_is_done(
    collector: None,
) -> None:
    gc.enable()
    startup_gc.pause()
    before = gc.get_freeze_count()
    startup_gc.freeze_settled("loading")  # the collector rests: resume() sweeps, then freezes
    assert gc.get_freeze_count() == before
    startup_gc.resume()
    frozen = gc.get_freeze_count()
    loaded = [Cycle() for _ in range(100)]  # what loading the database layer leaves alive
    startup_gc.freeze_settled("database")
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(loaded)
    assert all(item.me is item for item in loaded)


def test_each_kind_of_work_freezes_once(collector: None) -> None:
    gc.enable()
    startup_gc.freeze_settled("database")
    frozen = gc.get_freeze_count()
    # Later in the session (the database opened again at the next sign-in): what
    # the desk holds then, the cases on show among it, stays collectable.
    cases = [Cycle() for _ in range(100)]
    startup_gc.freeze_settled("database")
    assert gc.get_freeze_count() < frozen + len(cases)
    startup_gc.freeze_settled("language model")
    assert gc.get_freeze_count() >= frozen + len(cases)


def test_the_desk_freezes_again_when_its_language_model_is_loaded_and_its_database_open(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, collector: None
) -> None:
    gc.enable()
    with desk_without_sign_in(qtbot, desk_settings, tmp_path) as desk:
        gc.unfreeze()
        survivors = [Cycle() for _ in range(50)]
        desk.window.case_view.languages.warmed_up.emit()
        assert gc.get_freeze_count() >= len(survivors)
        gc.unfreeze()
        desk.outbox.opened.emit(set())
        assert gc.get_freeze_count() >= len(survivors)
        gc.unfreeze()
        desk.outbox.opened.emit(set())  # opened again, at a later sign-in
        desk.window.case_view.languages.warmed_up.emit()
        assert gc.get_freeze_count() == 0
