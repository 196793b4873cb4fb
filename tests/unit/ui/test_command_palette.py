"""The command palette: every command reachable by its title, cases and members found, Esc."""

from __future__ import annotations

import pytest
from palette_host import PaletteHost
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shell_fakes import make_summary

from reviewdesk.api.models import CasePage
from reviewdesk.domain.enums import Role
from reviewdesk.ui.command_palette import (
    MAX_SHOWN,
    NOT_AVAILABLE,
    CommandPalette,
    EntryKind,
    PaletteModel,
    command_entries,
    queue_entries,
)
from reviewdesk.ui.commands import COMMANDS, key_text
from reviewdesk.ui.typing_guard import install_typing_guard

CASES = [
    make_summary(0, member_name="Amira Haddad", member_id="m-amira", preview="Sells homework"),
    make_summary(1, member_name="Bo Chen", member_id="m-bo", preview="Rude <b>words</b>"),
    make_summary(2, member_name="Amira Haddad", member_id="m-amira", preview="Again spam"),
]


@pytest.fixture
def host(qtbot: QtBot) -> PaletteHost:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    window = PaletteHost(CASES)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def open_palette(qtbot: QtBot, host: PaletteHost) -> CommandPalette:
    """Ctrl+K in the window, as the moderator opens it."""
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=3000)
    qtbot.keyClick(
        QApplication.focusWidget() or host, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
    )
    palette = host.palette
    qtbot.waitUntil(lambda: palette.isVisible() and palette.search.hasFocus(), timeout=3000)
    assert host.fired == ["help.palette"]
    host.fired.clear()
    return palette


def type_query(qtbot: QtBot, palette: CommandPalette, text: str) -> None:
    """Type ``text`` and wait for the queue's answer (cases are matched on a worker)."""
    qtbot.keyClicks(palette.search, text)
    wait_for_answer(qtbot, palette)


def set_query(qtbot: QtBot, palette: CommandPalette, text: str) -> None:
    """Replace the search with ``text`` and wait for the queue's answer."""
    palette.search.setText(text)
    wait_for_answer(qtbot, palette)


def wait_for_answer(qtbot: QtBot, palette: CommandPalette) -> None:
    qtbot.waitUntil(lambda: palette.answered_query() == palette.search.text(), timeout=3000)


def test_command_titles_are_unique_so_each_can_be_typed() -> None:
    titles = [spec.title.casefold() for spec in COMMANDS]
    assert len(titles) == len(set(titles))


def test_every_command_runs_from_the_palette_by_typing_its_title(
    qtbot: QtBot, host: PaletteHost
) -> None:
    for spec in host.registry.commands():
        palette = open_palette(qtbot, host)
        typed = spec.title.encode("ascii", "ignore").decode()  # QTest types ASCII only ("…")
        type_query(qtbot, palette, typed)
        entry = palette.current_entry()
        assert entry is not None
        assert (entry.kind, entry.key) == (EntryKind.COMMAND, spec.id)
        qtbot.keyClick(palette.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: host.fired != [], timeout=3000)
        assert host.fired == [spec.id], spec.id
        # Only the palette's own command shows it again.
        assert palette.isVisible() == (spec.id == "help.palette"), spec.id
        palette.reject()
        host.fired.clear()


def test_the_palette_shows_each_commands_keys_and_group(host: PaletteHost) -> None:
    entries = {entry.key: entry for entry in command_entries(host.registry)}
    assert set(entries) == {spec.id for spec in COMMANDS}
    skip = entries["case.skip"]
    assert skip.hint == key_text(host.registry.keys("case.skip")) == "S"
    assert skip.detail == "Queue · case.skip"
    assert skip.fields == (skip.title.casefold(), "case.skip", "queue")


def test_an_agents_palette_lists_no_command_of_another_role(host: PaletteHost) -> None:
    host.registry.set_role(Role.AGENT)
    listed = {entry.key for entry in command_entries(host.registry)}
    restricted = {spec.id for spec in COMMANDS if spec.roles}
    assert "audit.log" in restricted
    assert listed == {spec.id for spec in COMMANDS} - restricted


def test_a_disabled_command_is_listed_as_such_and_does_not_run(
    qtbot: QtBot, host: PaletteHost
) -> None:
    host.registry.set_enabled("case.next", False)
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "Next case")
    index = palette.list.currentIndex()
    assert index.data() == "Next case"
    assert NOT_AVAILABLE in index.data(PaletteModel.DetailRole)
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert host.fired == []
    assert palette.isVisible()
    assert palette.status.text() == f"“Next case” is {NOT_AVAILABLE}."


def test_cases_are_found_by_id_member_and_preview_and_enter_opens_them(
    qtbot: QtBot, host: PaletteHost
) -> None:
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "case-001")
    entry = palette.current_entry()
    assert entry is not None
    assert (entry.kind, entry.case_id) == (EntryKind.CASE, "case-001")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert host.opened == ["case-001"]
    assert not palette.isVisible()

    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "homework")
    entry = palette.current_entry()
    assert entry is not None
    assert entry.case_id == "case-000"
    # Member text stays plain: the markup of a preview is shown as typed.
    set_query(qtbot, palette, "rude")
    assert "Rude <b>words</b>" in palette.list.currentIndex().data(PaletteModel.DetailRole)


def test_a_member_is_found_by_name_and_id_and_opens_their_first_case(
    qtbot: QtBot, host: PaletteHost
) -> None:
    members = [e for e in queue_entries(host.queue) if e.kind is EntryKind.MEMBER]
    assert [(m.key, m.case_id) for m in members] == [("m-amira", "case-000"), ("m-bo", "case-001")]
    assert members[0].detail == "Member m-amira · 2 cases in the queue"
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "m-bo")
    entry = palette.current_entry()
    assert entry is not None
    assert (entry.kind, entry.key) == (EntryKind.MEMBER, "m-bo")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert host.opened == ["case-001"]


def test_a_case_that_cannot_open_keeps_the_palette_open_and_says_why(
    qtbot: QtBot, host: PaletteHost
) -> None:
    host.refuse = "Case case-002 is no longer in the queue."
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "case-002")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert palette.isVisible()
    assert palette.status.text() == host.refuse


def test_arrows_move_in_the_list_and_escape_closes(qtbot: QtBot, host: PaletteHost) -> None:
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "Outcome")
    assert palette.list.currentIndex().row() == 0
    qtbot.keyClick(palette.search, Qt.Key.Key_Down)
    qtbot.keyClick(palette.search, Qt.Key.Key_Down)
    qtbot.keyClick(palette.search, Qt.Key.Key_Up)
    assert palette.list.currentIndex().row() == 1
    assert palette.search.text() == "Outcome"
    assert host.fired == [], "arrows in the palette are not next/previous case"
    chosen = palette.current_entry()
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: host.fired != [], timeout=3000)
    assert chosen is not None
    assert host.fired == [chosen.key]
    host.fired.clear()

    palette = open_palette(qtbot, host)
    qtbot.keyClicks(palette.search, "jk")
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    assert host.fired == []
    assert host.opened == []


def test_nothing_matching_says_so_and_enter_does_nothing(qtbot: QtBot, host: PaletteHost) -> None:
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "qqqqzzzz")
    assert palette.model.rowCount() == 0
    assert palette.status.text() == "Nothing matches."
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert palette.isVisible()
    assert host.fired == []


def test_a_long_queue_lists_only_the_best_matches(qtbot: QtBot, host: PaletteHost) -> None:
    many = [make_summary(n) for n in range(MAX_SHOWN + 50)]
    host.queue.reset_with(CasePage(items=many, total=len(many)))
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "case")
    assert palette.model.rowCount() == MAX_SHOWN
    assert palette.model.match_count > MAX_SHOWN
    assert palette.status.text().endswith(f"the best {MAX_SHOWN} are listed.")


def test_member_text_shows_as_one_plain_line_with_hidden_characters_marked(
    host: PaletteHost,
) -> None:
    tricky = make_summary(7, member_name="Eve\u202egnp.exe", preview="line one\nline two")
    host.queue.reset_with(CasePage(items=[tricky], total=1))
    model = PaletteModel(host.registry)
    model.set_entries(queue_entries(host.queue))
    model.filter("case-007")
    index = model.index(0, 0)
    assert index.data() == "Case case-007 · Eve⟦RLO⟧gnp.exe"
    assert "\n" not in index.data(PaletteModel.DetailRole)
    assert "line one" in index.data(PaletteModel.DetailRole)


def test_the_palette_reads_the_queue_again_after_it_changed(
    qtbot: QtBot, host: PaletteHost
) -> None:
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "case-009")
    assert palette.current_entry() is None
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    host.queue.append_page(CasePage(items=[make_summary(9)], total=4))
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "case-009")
    entry = palette.current_entry()
    assert entry is not None
    assert entry.case_id == "case-009"


def test_commands_come_before_cases_for_a_word_and_case_n_finds_case_n(
    qtbot: QtBot, host: PaletteHost
) -> None:
    numbered = [make_summary(n, id=str(n), preview=f"Report {n}") for n in (4, 42, 420)]
    host.queue.reset_with(CasePage(items=numbered, total=3))
    palette = open_palette(qtbot, host)
    type_query(qtbot, palette, "case")
    first = palette.current_entry()
    assert first is not None
    assert first.kind is EntryKind.COMMAND
    assert all(e.kind is EntryKind.COMMAND for e in map(palette.model.entry, range(3)))
    set_query(qtbot, palette, "case 42")
    entry = palette.current_entry()
    assert entry is not None
    assert (entry.kind, entry.case_id) == (EntryKind.CASE, "42")
    set_query(qtbot, palette, "42")
    entry = palette.current_entry()
    assert entry is not None
    assert entry.case_id == "42", "the exact id before 420"
