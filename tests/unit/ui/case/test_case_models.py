"""The item models of the case widgets: Qt's model checks and what each role hands out."""

from __future__ import annotations

from typing import Any

from case_samples import (
    ARABIC_THREAT,
    SUBJECT_ID,
    attachments,
    conversations,
    loaded_screenshot,
    member_history,
    phone_screenshot,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

from reviewdesk.ui.case.attachments_model import ATTACHMENT_ID_ROLE, STATE_ROLE, AttachmentsModel
from reviewdesk.ui.case.card_model import (
    DIRECTION_ROLE,
    HEADER_ROLE,
    HEADING_ROLE,
    HIGHLIGHT_ROLE,
    MARKER_ROLE,
    Card,
    CardListModel,
)
from reviewdesk.ui.case.member_summary import PRIOR_CASE_COLUMNS, prior_case_row
from reviewdesk.ui.case.text_table_model import TextTableModel
from reviewdesk.ui.case.transcript_model import TranscriptModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def test_card_model_passes_model_checks(qtmodeltester: Any) -> None:
    model = CardListModel()
    model.set_cards(
        [
            Card(header="Heading", heading=True),
            Card(header="Ana · 10:00", body="hello", marker="Reported", highlighted=True),
            Card(header="", body="مرحبا"),
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.data(model.index(2, 0), DIRECTION_ROLE) == Qt.LayoutDirection.RightToLeft
    assert model.data(model.index(1, 0), DIRECTION_ROLE) == Qt.LayoutDirection.LeftToRight
    assert "Ana · 10:00" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ToolTipRole) is None


def test_transcript_model_passes_model_checks(qtmodeltester: Any) -> None:
    model = TranscriptModel()
    model.set_conversations(conversations(), subject_member_id=SUBJECT_ID)
    qtmodeltester.check(model)


def test_transcript_rows_are_headings_then_messages_in_sent_order() -> None:
    model = TranscriptModel()
    model.set_conversations(conversations(), subject_member_id=SUBJECT_ID)
    keys = [model.card(row).key for row in range(model.rowCount())]  # type: ignore[union-attr]
    assert keys == ["conv-1", "m-1", "m-2", "m-3", "m-4", "m-5", "conv-g", "g-1", "g-2"]
    assert model.data(model.index(0, 0), HEADING_ROLE) is True
    assert "conversation 1 of 2" in model.data(model.index(0, 0), DISPLAY)
    assert "5 messages" in model.data(model.index(0, 0), DISPLAY)
    assert model.conversation_count() == 2


def test_reported_message_is_the_only_highlighted_row() -> None:
    model = TranscriptModel()
    model.set_conversations(conversations(), subject_member_id=SUBJECT_ID)
    reported = model.reported_rows()
    assert len(reported) == 1
    index = model.index(reported[0], 0)
    assert model.data(index, DISPLAY) == ARABIC_THREAT
    assert model.data(index, MARKER_ROLE) == "Reported"
    assert model.data(index, DIRECTION_ROLE) == Qt.LayoutDirection.RightToLeft
    others = [row for row in range(model.rowCount()) if row not in reported]
    assert not any(model.data(model.index(row, 0), HIGHLIGHT_ROLE) for row in others)


def test_subject_messages_are_marked_in_the_header() -> None:
    model = TranscriptModel()
    model.set_conversations(conversations(), subject_member_id=SUBJECT_ID)
    headers = {card.key: card.header for card in model.cards()}
    assert "(reported member)" in headers["m-3"]
    assert "(reported member)" not in headers["m-1"]


def test_attachments_model_tracks_load_state(qtmodeltester: Any, qapp: Any) -> None:
    model = AttachmentsModel()
    model.set_attachments(attachments())
    qtmodeltester.check(model)
    first = model.index(0, 0)
    assert model.data(first, STATE_ROLE) == "loading"
    assert "chat_night_messages.png" in model.data(first, DISPLAY)
    assert "1080 × 2340" in model.data(first, DISPLAY)
    assert "412.0 KB" in model.data(first, DISPLAY)
    assert "size unknown" in model.data(model.index(2, 0), DISPLAY)

    assert model.set_evidence(loaded_screenshot("att-1", phone_screenshot(300, 650)))
    assert model.data(first, STATE_ROLE) == "ready"
    assert isinstance(model.data(first, Qt.ItemDataRole.DecorationRole), QPixmap)
    assert "300 × 650" in model.data(first, DISPLAY)  # the decoded size wins
    assert model.set_error("att-2", "not an image")
    second = model.index(1, 0)
    assert model.data(second, STATE_ROLE) == "failed"
    assert "not an image" in model.data(second, Qt.ItemDataRole.ToolTipRole)
    assert not model.set_evidence(loaded_screenshot("att-elsewhere", phone_screenshot(10, 10)))
    assert model.data(model.index(2, 0), ATTACHMENT_ID_ROLE) == "att-3"
    qtmodeltester.check(model)


def test_attachment_tooltip_never_renders_a_file_name_as_markup() -> None:
    hostile = attachments()[0].model_copy(update={"filename": "<b>x</b><img src='a.png'>.png"})
    model = AttachmentsModel()
    model.set_attachments([hostile])
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt;&lt;img" in tip
    assert "<img" not in tip


def test_text_table_model_passes_model_checks(qtmodeltester: Any) -> None:
    model = TextTableModel(PRIOR_CASE_COLUMNS)
    model.set_rows([prior_case_row(case) for case in member_history().prior_cases])
    qtmodeltester.check(model)
    assert model.columnCount() == len(PRIOR_CASE_COLUMNS)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Opened"
    model.set_rows([("only one cell",), ("a", "b", "c", "d", "e", "too many")])
    assert model.cell(0, 1) == ""
    assert model.cell(1, 4) == "e"
    assert model.data(model.index(1, 4), HEADER_ROLE) is None
    qtmodeltester.check(model)
