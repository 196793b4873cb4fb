"""The hostile-corpus proof: the worst member text and files, served for real, opened by keyboard.

The corpus (:mod:`hostile_corpus`) is filed through the platform intake,
``POST /v1/intake/reports`` with the platform key, into a reference server on
127.0.0.1 that holds nothing else. The real window then opens each case by
keyboard and the test checks, case by case, that

- nothing crashes and the case can still be decided (the decision reaches the
  service through the outbox);
- every text field, names included, shows its markup as typed: the labels are
  plain text, the text boxes hold no image or link formats, the tooltips are
  escaped, and ``<b>`` appears literally on screen;
- no resource is loaded: markup in every field points ``<img src=...>`` at a
  real file the test made, and Linux inotify (:mod:`file_watch`) sees that file
  never opened while the desk shows and paints everything; at the end a rich
  text label fed the same markup does open it, so the watch would have seen it;
- bidi overrides and zero-width characters show as markers, the look-alike
  domain is defanged, shown in punycode and called a look-alike;
- each bad screenshot shows its sentence (bomb, truncated, corrupt, SVG, wrong
  type), and the altered one its NOT GENUINE banner;
- the 5 MiB message reaches the desk whole while the event loop never stands
  still for more than :data:`LONGEST_ALLOWED_GAP_S`.

**The mismatched hash.** A service that works as it should always advertises
the SHA-256 of the bytes it stores, so the test alters the stored bytes of one
screenshot in the server's own database after intake, the way tampering at
rest (or a broken disk) would. The service then still advertises the hash
taken at intake and serves the altered bytes; the desk must notice.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from e2e_support import (
    SENIOR,
    WAIT_MS,
    MovableClock,
    RunningService,
    current_case,
    press,
    wait_outbox_open,
    wait_until_decidable,
)
from file_watch import FileWatch
from hostile_corpus import (
    FLOOD_CHARS,
    GOOD_NAME,
    HOMOGLYPH_DOMAIN,
    HOMOGLYPH_PUNYCODE,
    TAMPERED_NAME,
    HostileCorpus,
    build_corpus,
    chat_picture,
    encoded,
    markup,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from reviewdesk.api.models import IntakeReceipt, IntakeReport
from reviewdesk.domain.enums import Outcome
from reviewdesk.evidence.text_safety import SafeText
from reviewdesk.server.db import open_database, sqlite_file_url
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.demo.people import PLATFORM_KEY, demo_moderators
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.tables import AttachmentBlobRow
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.card_model import (
    DIRECTION_ROLE,
    MAX_RENDERED_CHARS,
    SAFE_TEXT_ROLE,
    CardListModel,
)
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.queue_model import Column

pytestmark = pytest.mark.e2e

#: The longest pause of the event loop allowed while the 5 MiB message opens (s).
LONGEST_ALLOWED_GAP_S = 0.25
#: How long the event loop is watched after the flood case is shown, for layout and paint (s).
SETTLE_S = 0.5


@dataclass
class HostileService(RunningService):
    """The server holding the corpus, with the ids of its three cases."""

    corpus: HostileCorpus
    watch: FileWatch
    markup_case: str
    scripts_case: str
    flood_case: str


def file_report(url: str, report: IntakeReport) -> str:
    """File ``report`` as the platform does; the id of the case it joined."""
    answer = requests.post(
        f"{url}/v1/intake/reports",
        data=report.model_dump_json().encode(),
        headers={"Authorization": f"Bearer {PLATFORM_KEY}", "Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code == 201, answer.text[:500]
    return IntakeReceipt.model_validate_json(answer.content).case_id


def tamper_with_stored_file(database_url: str, attachment_id: str, data: bytes) -> None:
    """Replace the stored bytes of one attachment, leaving its advertised SHA-256 as it was."""
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            changed = session.execute(
                update(AttachmentBlobRow)
                .where(AttachmentBlobRow.attachment_id == int(attachment_id))
                .values(data=data)
            )
            assert changed.rowcount == 1  # type: ignore[attr-defined]
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileService]:
    """A server on 127.0.0.1 holding only the hostile corpus, filed through intake.

    The desk runs in the folder of the local file the markup points at, so
    names too short to hold its full path can still point at it by a relative one.
    """
    sentinel = tmp_path / "member-files" / "local-image.png"
    sentinel.parent.mkdir()
    monkeypatch.chdir(sentinel.parent)
    sentinel.write_bytes(encoded(chat_picture(64, 64, (200, 0, 0)), "PNG"))
    corpus = build_corpus(sentinel, datetime.now(UTC))
    community = DemoCommunity(
        moderators=demo_moderators(), platform_key=PLATFORM_KEY, catalogue=build_catalogue()
    )
    database_url = sqlite_file_url(tmp_path / "service.sqlite3")
    clock = MovableClock()
    server = EmbeddedServer(community, database_url, ServerSettings(clock=clock))
    url = server.start()
    assert url.startswith("http://127.0.0.1:")
    watch = FileWatch(sentinel)
    try:
        markup_case = file_report(url, corpus.markup_reports[0])
        assert file_report(url, corpus.markup_reports[1]) == markup_case
        scripts_case = file_report(url, corpus.scripts_report)
        flood_case = file_report(url, corpus.flood_report)
        running = HostileService(
            server, url, clock, corpus, watch, markup_case, scripts_case, flood_case
        )
        with running.sign_in(SENIOR) as senior:
            attachments = senior.get_case(markup_case).attachments
        (tampered,) = [a for a in attachments if a.filename == TAMPERED_NAME]
        tamper_with_stored_file(database_url, tampered.id, corpus.tampered_replacement)
        yield running
    finally:
        watch.close()
        server.stop()


# --- what the window shows ----------------------------------------------------------


def safe_display(model: CardListModel, row: int) -> str:
    """What a card paints for its body."""
    safe = model.data(model.index(row, 0), SAFE_TEXT_ROLE)
    assert isinstance(safe, SafeText)
    return safe.display


def document_is_plain(document: QTextDocument) -> bool:
    """True when a text document holds no image, link or table: nothing markup could make."""
    for text_format in document.allFormats():
        if text_format.isImageFormat() or text_format.isTableFormat():
            return False
        if text_format.isCharFormat() and QTextCharFormat(text_format).isAnchor():
            return False
    return True


#: Opening tags the corpus puts in member text.
CORPUS_TAGS = ("<b>", "<i>", "<img", "<font", "<a href", "<qt>")


def has_corpus_markup(text: str) -> bool:
    """True when ``text`` holds any opening tag of the corpus, unescaped."""
    return any(tag in text for tag in CORPUS_TAGS)


def tooltip_is_escaped(tooltip: object) -> bool:
    """True when no member markup is left raw in a tooltip (it would be rendered)."""
    return not has_corpus_markup(str(tooltip or ""))


def check_nothing_is_rendered_as_markup(window: MainWindow) -> int:
    """Sweep the window: markup in a label means a plain-text label; no rich documents.

    Returns how many labels showed member markup, so a caller knows the sweep saw some.
    """
    labels_with_markup = 0
    for label in window.findChildren(QLabel):
        if has_corpus_markup(label.text()):
            labels_with_markup += 1
            assert label.textFormat() is Qt.TextFormat.PlainText, label.accessibleName()
    for box in [*window.findChildren(QTextEdit), *window.findChildren(QPlainTextEdit)]:
        assert document_is_plain(box.document()), box.accessibleName()
    for widget in window.findChildren(QWidget):
        assert tooltip_is_escaped(widget.toolTip()), widget.accessibleName()
    queue = window.queue_model
    cells = [queue.index(row, column) for row in range(queue.rowCount()) for column in Column]
    lists = [window.case_view.evidence.attachments_model()]
    lists += [view.card_model() for view in window.findChildren(CardListView)]
    cells += [model.index(row, 0) for model in lists for row in range(model.rowCount())]
    for cell in cells:
        assert tooltip_is_escaped(cell.data(Qt.ItemDataRole.ToolTipRole))
    return labels_with_markup


def paint_and_check_no_file_was_opened(window: MainWindow, watch: FileWatch) -> None:
    """Render the whole window (every visible widget lays out and paints), then ask inotify."""
    assert not window.grab().isNull()
    assert watch.poll() == 0, f"the local file was opened {watch.opened}, read {watch.read} times"


def wait_for_attachment(qtbot: QtBot, window: MainWindow, filename: str) -> None:
    """Wait until the viewer shows ``filename``, loaded or refused."""
    panel = window.case_view.evidence

    def settled() -> bool:
        entry = panel.current_entry()
        return (
            entry is not None
            and entry.attachment.filename == filename
            and entry.state is not LoadState.LOADING
        )

    qtbot.waitUntil(settled, timeout=WAIT_MS)


# --- the proof -----------------------------------------------------------------------


def test_the_hostile_corpus_opens_safely_and_every_problem_is_shown(
    qtbot: QtBot, desk: Desk, service: HostileService
) -> None:
    window = desk.window
    corpus = service.corpus
    watch = service.watch
    started = time.monotonic()

    # --- the markup case: first in the queue (a critical scam) ------------------------
    assert wait_until_decidable(qtbot, window) == service.markup_case
    view = window.case_view
    member = window.member_panel
    qtbot.waitUntil(lambda: member.history() is not None, timeout=WAIT_MS)

    subject = view.header.subject
    assert '<img src="local-image.png"><b>Support</b> ⟦RLO⟧enilno⟦PDF⟧' in subject.text()
    assert subject.textFormat() is Qt.TextFormat.PlainText
    shown_post = view.content_text.toPlainText()
    for literal in ("<b>bold</b>", '<img src="', "<qt><font", "<script>", "&amp; &lt;3"):
        assert literal in shown_post
    assert "Pay⟦ZWJ⟧pal" in shown_post
    assert "invoice⟦RLO⟧gpj.exe⟦PDF⟧" in shown_post
    assert "z⟦ZWSP⟧ero" in shown_post
    assert f"hxxps://{HOMOGLYPH_DOMAIN.replace('.', '[.]')}/verify" in shown_post
    assert f"https://{HOMOGLYPH_DOMAIN}" not in shown_post, "the look-alike link is defanged"
    assert HOMOGLYPH_PUNYCODE in shown_post
    assert "look-alike" in shown_post
    assert "reads as paypal.com" in shown_post
    assert "phone" in view.content_findings.text()
    assert "\u202e" not in shown_post
    assert "\u200d" not in shown_post

    reports = view.reports.card_model()
    assert reports.rowCount() == 2
    headers = [card.header for card in reports.cards()]
    assert any("<b>Reporter</b> ⟦RLO⟧" in header for header in headers)
    assert any("<font color=red>link-guard</font>" in header for header in headers)
    for row in range(2):
        assert "<b>bold</b>" in safe_display(reports, row)
    assert "⟦ZWJ×2⟧" in safe_display(reports, 0) + safe_display(reports, 1)

    transcript = view.transcript.transcript_model()
    messages = [row for row, card in enumerate(transcript.cards()) if not card.heading]
    assert len(messages) == 3
    bodies = [safe_display(transcript, row) for row in messages]
    assert "<b>bold</b>" in bodies[0]
    assert HOMOGLYPH_PUNYCODE in bodies[1]
    assert "<b>fast</b>" in bodies[1]
    assert "⟦RLO⟧!won⟦PDF⟧" in bodies[2]
    assert '<img src="' in bodies[2]
    assert "<b>Support</b>" in transcript.cards()[messages[2]].header
    assert transcript.reported_rows() == [messages[2]]

    assert "<b>Support</b>" in member.name.text()
    assert member.name.textFormat() is Qt.TextFormat.PlainText
    bio = member.bio.toPlainText()
    assert "<b>bold</b>" in bio
    assert '<img src="' in bio
    assert "<table border=1>" in bio

    queue = window.queue_model
    row = queue.row_of(service.markup_case)
    assert row is not None
    shown_name = queue.data(queue.index(row, Column.MEMBER), Qt.ItemDataRole.DisplayRole)
    assert "<b>Support</b>" in str(shown_name)

    assert check_nothing_is_rendered_as_markup(window) >= 2  # subject, member name
    paint_and_check_no_file_was_opened(window, watch)

    # Every screenshot, by keyboard: each bad one says what is wrong.
    evidence = view.evidence
    model = evidence.attachments_model()
    order = [model.entry(row) for row in range(model.rowCount())]
    assert [entry.attachment.filename for entry in order if entry] == [
        file.filename for file in corpus.files
    ]
    viewer = view.viewer()
    for step, hostile in enumerate(corpus.files):
        if step:
            press(qtbot, window, "]")
        wait_for_attachment(qtbot, window, hostile.filename)
        if hostile.expected:
            assert hostile.expected in viewer.placeholder_text(), viewer.placeholder_text()
            assert not viewer.has_image()
            assert viewer.integrity_text() == ""
        elif hostile.filename == TAMPERED_NAME:
            assert viewer.has_image(), "shown, but not as genuine"
            assert viewer.integrity_text().startswith("NOT GENUINE")
            assert "does not match the checksum" in viewer.integrity_text()
            entry = evidence.current_entry()
            assert entry is not None
            assert entry.integrity_problem
        else:
            assert hostile.filename == GOOD_NAME
            assert viewer.has_image()
            assert viewer.integrity_text() == ""
            assert (viewer.image_size().width(), viewer.image_size().height()) == (480, 320)
        paint_and_check_no_file_was_opened(window, watch)
    press(qtbot, window, "[")  # and back: the wrong-type file says so again
    wait_for_attachment(qtbot, window, corpus.files[-2].filename)
    assert "Wrong content type" in viewer.placeholder_text()
    assert '<img src="local-image.png"><b>photo</b>.png' in viewer.placeholder_text()
    assert check_nothing_is_rendered_as_markup(window) >= 3  # and the file name above

    # The rest of the case works: decide it by keyboard; the outbox delivers it.
    wait_outbox_open(qtbot, window)
    press(qtbot, window, "2")  # remove the content
    panel = window.decision_panel
    assert panel.outcome() is Outcome.REMOVE_CONTENT
    press(qtbot, window, "n")
    qtbot.waitUntil(panel.note_edit.hasFocus, timeout=5000)
    qtbot.keyClicks(panel.note_edit, "Phishing post <b>kept</b> as typed.")
    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with service.sign_in(SENIOR) as senior:
        (recorded,) = senior.get_case(service.markup_case).decisions
    assert recorded.outcome is Outcome.REMOVE_CONTENT
    assert recorded.note == "Phishing post <b>kept</b> as typed."

    # --- the scripts case opens next --------------------------------------------------
    qtbot.waitUntil(lambda: current_case(window) == service.scripts_case, timeout=WAIT_MS)
    wait_until_decidable(qtbot, window)
    transcript = view.transcript.transcript_model()
    keyed = {card.key: row for row, card in enumerate(transcript.cards()) if not card.heading}
    assert len(keyed) == 8
    expected = corpus.script_languages
    qtbot.waitUntil(
        lambda: all(transcript.language(keyed[key]) for key in expected), timeout=WAIT_MS
    )
    assert {key: transcript.language(keyed[key]).rstrip("?") for key in expected} == expected
    arabic = transcript.index(keyed["msg-script-5"], 0)
    assert arabic.data(DIRECTION_ROLE) == Qt.LayoutDirection.RightToLeft
    assert transcript.reported_rows() == [keyed["msg-script-5"]]
    assert "<b>gracias</b>" in safe_display(transcript, keyed["msg-script-0"])
    assert "<b>спасибо</b>" in safe_display(transcript, keyed["msg-script-4"])
    assert "👩\u200d💻" in safe_display(transcript, keyed["msg-script-7"]), "an emoji ZWJ stays"
    assert "<i>Polyglot</i> 多言語 Полиглот" in view.header.subject.text()
    assert check_nothing_is_rendered_as_markup(window) >= 1
    paint_and_check_no_file_was_opened(window, watch)

    # --- the flood case: 5 MiB in one message, the event loop keeps running -------------
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    press(qtbot, window, "j")
    assert wait_until_decidable(qtbot, window) == service.flood_case
    qtbot.wait(int(SETTLE_S * 1000))
    timer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) > 20
    assert max(gaps) < LONGEST_ALLOWED_GAP_S, f"the event loop stood still for {max(gaps):.3f} s"

    transcript = view.transcript.transcript_model()
    (flood_row,) = transcript.reported_rows()
    flood = transcript.card(flood_row)
    assert flood is not None
    assert len(flood.body) == FLOOD_CHARS, "the whole message reached the desk"
    assert flood.safe.shown_length == MAX_RENDERED_CHARS
    assert flood.safe.omitted == FLOOD_CHARS - MAX_RENDERED_CHARS
    assert "<b>NOW</b>" in flood.safe.display
    shown_at = view.transcript.visualRect(transcript.index(flood_row, 0))
    assert shown_at.top() == 0, "the huge message opens at its sender and Reported marker"
    assert check_nothing_is_rendered_as_markup(window) >= 1
    paint_and_check_no_file_was_opened(window, watch)

    # --- the watch would have seen a load: rich text fed the same markup opens the file ---
    assert watch.poll() == 0
    control = QLabel()
    qtbot.addWidget(control)
    control.setTextFormat(Qt.TextFormat.RichText)
    control.setText(markup(corpus.sentinel))
    assert not control.grab().isNull()
    assert watch.poll() > 0, "a rich-text label loads the image: the watch sees it"
    assert time.monotonic() - started < 60
