"""The palette searches a large queue on its worker: commands at once, never an older answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from palette_host import PaletteHost as Host
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_fakes import MEMBER_NAMES, make_summary

from reviewdesk.api.models import CasePage, CaseSummary
from reviewdesk.ui import palette_search
from reviewdesk.ui.command_palette import SEARCHING, CommandPalette, EntryKind
from reviewdesk.ui.palette_search import QueueSnapshot, SearchAnswer, SnapshotBuilder

#: Large enough that matching it on the GUI thread would be felt.
LARGE_QUEUE = 10_000
PATIENCE_MS = 10_000


class Seam:
    """Wraps the queue matcher and the snapshot builder: records their threads, can hold them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: list[threading.Thread] = []
        self.queries: list[str] = []
        #: The queries the matcher answered (it had not given up for a newer one).
        self.answered: list[str] = []
        #: If set when a search starts, the matcher waits for it after matching.
        self.gate: threading.Event | None = None
        real_search = palette_search.search_queue
        real_build = SnapshotBuilder.build

        def search(
            snapshot: QueueSnapshot, query: str, *args: Any, **kwargs: Any
        ) -> SearchAnswer | None:
            self.threads.append(threading.current_thread())
            self.queries.append(query)
            gate = self.gate
            answer = real_search(snapshot, query, *args, **kwargs)
            if answer is not None:
                self.answered.append(query)
            if gate is not None:
                gate.wait(PATIENCE_MS / 1000)
            return answer

        def build(
            builder: SnapshotBuilder, rows: Sequence[CaseSummary], *args: Any
        ) -> QueueSnapshot:
            self.threads.append(threading.current_thread())
            return real_build(builder, rows, *args)

        monkeypatch.setattr(palette_search, "search_queue", search)
        monkeypatch.setattr(SnapshotBuilder, "build", build)

    def hold(self) -> None:
        self.gate = threading.Event()

    def release(self) -> None:
        gate, self.gate = self.gate, None
        if gate is not None:
            gate.set()


@pytest.fixture(scope="module")
def large_queue() -> list[CaseSummary]:
    return [make_summary(n) for n in range(LARGE_QUEUE)]


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> Iterator[Seam]:
    recorder = Seam(monkeypatch)
    yield recorder
    recorder.release()  # a held worker never outlives its test


@pytest.fixture
def host(qtbot: QtBot, seam: Seam, large_queue: list[CaseSummary]) -> Host:
    window = Host(large_queue)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_and_wait(qtbot: QtBot, host: Host) -> CommandPalette:
    """Open the palette and wait until the queue's first answer (everything) is listed."""
    palette = host.palette
    palette.open_palette()
    qtbot.waitUntil(lambda: palette.answered_query() == "", timeout=PATIENCE_MS)
    return palette


def listed(palette: CommandPalette) -> list[tuple[EntryKind, str]]:
    model = palette.model
    return [
        (entry.kind, entry.key)
        for entry in (model.entry(row) for row in range(model.rowCount()))
        if entry is not None
    ]


def test_a_large_queue_is_searched_on_the_worker_and_finds_cases_and_members(
    qtbot: QtBot, host: Host, seam: Seam
) -> None:
    palette = open_and_wait(qtbot, host)
    assert palette.model.match_count > LARGE_QUEUE, "every case and member listed for no query"
    qtbot.keyClicks(palette.search, "case-7321")
    qtbot.waitUntil(lambda: palette.answered_query() == "case-7321", timeout=PATIENCE_MS)
    entry = palette.current_entry()
    assert entry is not None
    assert (entry.kind, entry.case_id) == (EntryKind.CASE, "case-7321")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert host.opened == ["case-7321"]

    palette = open_and_wait(qtbot, host)
    qtbot.keyClicks(palette.search, "m-3")
    qtbot.waitUntil(lambda: palette.answered_query() == "m-3", timeout=PATIENCE_MS)
    members = [key for kind, key in listed(palette) if kind is EntryKind.MEMBER]
    assert members[0] == "m-3"
    assert MEMBER_NAMES[3] in str(palette.list.currentIndex().data())
    # The snapshot was prepared, and every query matched, off the GUI thread.
    gui = threading.main_thread()
    assert "case-7321" in seam.queries
    assert seam.threads
    assert all(thread is not gui for thread in seam.threads)


def test_commands_show_at_once_while_the_worker_is_still_searching(
    qtbot: QtBot, host: Host, seam: Seam
) -> None:
    palette = open_and_wait(qtbot, host)
    seam.hold()
    qtbot.keyClicks(palette.search, "Next case")
    # No waiting: the command is listed and chosen while the queue's answer is held.
    assert palette.is_searching()
    entry = palette.current_entry()
    assert entry is not None
    assert (entry.kind, entry.key) == (EntryKind.COMMAND, "case.next")
    # An answer that takes long says so.
    qtbot.waitUntil(lambda: palette.status.text() == SEARCHING, timeout=PATIENCE_MS)
    seam.release()
    qtbot.waitUntil(lambda: not palette.is_searching(), timeout=PATIENCE_MS)
    assert palette.status.text() != SEARCHING
    assert palette.current_entry() == entry


def test_an_older_querys_answer_never_replaces_the_newer_one(
    qtbot: QtBot, host: Host, seam: Seam
) -> None:
    palette = open_and_wait(qtbot, host)
    seam.hold()
    palette.search.setText("Lena Fischer")  # matched at once, then held before answering
    qtbot.waitUntil(lambda: "Lena Fischer" in seam.answered, timeout=PATIENCE_MS)
    palette.search.setText("case-042")
    seen: list[list[tuple[EntryKind, str]]] = []

    def note(*_args: object) -> None:
        seen.append(listed(palette))

    for signal in (
        palette.model.rowsInserted,
        palette.model.rowsRemoved,
        palette.model.dataChanged,
    ):
        signal.connect(note)
    answers: list[SearchAnswer | None] = []
    host.palette._worker.task_settled.connect(lambda _task: answers.append(None))
    seam.release()
    qtbot.waitUntil(lambda: palette.answered_query() == "case-042", timeout=PATIENCE_MS)
    # "Lena Fischer" was answered too (delivered first, one worker), but never listed.
    assert len(answers) >= 2
    assert all((EntryKind.MEMBER, "m-0") not in rows for rows in seen)
    assert listed(palette)[0] == (EntryKind.CASE, "case-042")


def test_an_older_answer_to_the_same_text_is_dropped_by_its_generation(
    qtbot: QtBot, host: Host, seam: Seam
) -> None:
    palette = open_and_wait(qtbot, host)
    settled: list[int] = []
    palette._worker.task_settled.connect(settled.append)
    seam.hold()
    palette.search.setText("Lena Fischer")  # generation 1: matched, then held
    qtbot.waitUntil(lambda: "Lena Fischer" in seam.answered, timeout=PATIENCE_MS)
    palette.search.setText("case-042")  # generation 2
    palette.search.setText("Lena Fischer")  # generation 3: the same text as the first
    first = seam.gate
    assert first is not None
    seam.hold()  # the newest search is held in its turn
    first.set()
    qtbot.waitUntil(lambda: len(settled) >= 2, timeout=PATIENCE_MS)
    # The first answer reads right for the text shown, but it is not the newest query's.
    assert palette.is_searching()
    assert (EntryKind.MEMBER, "m-0") not in listed(palette)
    seam.release()
    qtbot.waitUntil(lambda: not palette.is_searching(), timeout=PATIENCE_MS)
    assert (EntryKind.MEMBER, "m-0") in listed(palette)


def test_enter_while_searching_runs_the_best_match_once_the_answer_comes(
    qtbot: QtBot, host: Host, seam: Seam
) -> None:
    palette = open_and_wait(qtbot, host)
    seam.hold()
    qtbot.keyClicks(palette.search, "case-099")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert host.opened == []
    assert palette.isVisible()
    seam.release()
    qtbot.waitUntil(lambda: host.opened == ["case-099"], timeout=PATIENCE_MS)
    assert not palette.isVisible()


def test_a_disabled_command_stays_greyed_and_refused_with_a_large_queue(
    qtbot: QtBot, host: Host
) -> None:
    host.registry.set_enabled("case.next", False)
    palette = open_and_wait(qtbot, host)
    qtbot.keyClicks(palette.search, "Next case")
    qtbot.waitUntil(lambda: palette.answered_query() == "Next case", timeout=PATIENCE_MS)
    entry = palette.current_entry()
    assert entry is not None
    assert entry.key == "case.next"
    assert not palette.model.is_available(entry)
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert host.fired == []
    assert palette.isVisible()


def test_typing_updates_the_rows_in_place_and_keeps_the_best_selected(
    qtbot: QtBot, host: Host
) -> None:
    palette = open_and_wait(qtbot, host)
    resets: list[bool] = []
    palette.model.modelReset.connect(lambda: resets.append(True))
    for text in ("c", "ca", "cas", "case-", "case-0", "case-01", "case-012"):
        palette.search.setText(text)
        qtbot.waitUntil(lambda text=text: palette.answered_query() == text, timeout=PATIENCE_MS)
        assert palette.list.currentIndex() == palette.model.index(0, 0)
    assert resets == [], "the list is never emptied and refilled while typing"
    assert listed(palette)[0] == (EntryKind.CASE, "case-012")


def test_the_moderators_pick_survives_the_queues_answer(qtbot: QtBot, host: Host) -> None:
    palette = open_and_wait(qtbot, host)
    palette.search.setText("case-12")
    qtbot.waitUntil(lambda: palette.answered_query() == "case-12", timeout=PATIENCE_MS)
    assert palette.model.rowCount() > 2
    qtbot.keyClick(palette.search, Qt.Key.Key_Down)
    picked = palette.current_entry()
    assert picked is not None
    assert palette.list.currentIndex().row() == 1
    # The queue gets a case that ranks first while the palette is open: it is searched
    # again, the new case is listed at the top, and the moderator's pick stays chosen.
    newcomer = make_summary(LARGE_QUEUE + 5, id="case-12")
    host.queue.append_page(CasePage(items=[newcomer], total=LARGE_QUEUE + 1))
    qtbot.waitUntil(
        lambda: listed(palette)[:1] == [(EntryKind.CASE, "case-12")], timeout=PATIENCE_MS
    )
    assert palette.current_entry() == picked
    assert palette.list.currentIndex().row() == 2


def test_a_failed_queue_search_says_so_and_commands_still_run(
    qtbot: QtBot, host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    palette = open_and_wait(qtbot, host)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("index out of order")

    monkeypatch.setattr(palette_search, "search_queue", broken)
    qtbot.keyClicks(palette.search, "Reload the queue")
    qtbot.waitUntil(lambda: not palette.is_searching(), timeout=PATIENCE_MS)
    assert palette.status.text() == "The queue could not be searched: index out of order"
    entry = palette.current_entry()
    assert entry is not None
    assert entry.key == "queue.reload"
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: host.fired == ["queue.reload"], timeout=PATIENCE_MS)
    assert not palette.isVisible()


def test_a_palette_destroyed_mid_search_ends_its_thread_and_gets_no_answer(
    qtbot: QtBot, seam: Seam, large_queue: list[CaseSummary]
) -> None:
    window = Host(large_queue)
    window.show()
    qtbot.waitExposed(window)
    palette = open_and_wait(qtbot, window)
    thread = palette._worker._thread
    assert thread.is_alive()
    seam.hold()
    palette.search.setText("Lena")
    qtbot.waitUntil(lambda: "Lena" in seam.queries, timeout=PATIENCE_MS)
    gone: list[bool] = []
    palette.destroyed.connect(lambda: gone.append(True))
    window.deleteLater()
    qtbot.waitUntil(lambda: gone == [True], timeout=PATIENCE_MS)
    seam.release()
    # The answer finds nobody (no error in the event loop), and the thread ends.
    thread.join(PATIENCE_MS / 1000)
    assert not thread.is_alive()
    qtbot.wait(50)
