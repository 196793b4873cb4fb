"""The centre of the desk: one case with its content, reports and evidence."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import CaseDetail, ContentItem
from reviewdesk.domain.enums import SURFACE_TITLES
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.case_cards import decision_card, report_card
from reviewdesk.ui.case.case_header import CaseHeader
from reviewdesk.ui.case.evidence_panel import EvidencePanel
from reviewdesk.ui.case.language_tags import LanguageTagger
from reviewdesk.ui.case.layout_fence import LayoutFence, one_line_high, settle_layouts
from reviewdesk.ui.case.plain_widgets import badge_label, plain_label, section_box
from reviewdesk.ui.case.prepared_case import CONTENT_KEY, PreparedCase, case_texts
from reviewdesk.ui.case.safe_text import SafeTextBox, findings_summary
from reviewdesk.ui.case.screenshot_viewer import ScreenshotViewer
from reviewdesk.ui.case.status_pages import StatusPages, content_column
from reviewdesk.ui.case.text_format import format_timestamp, now_utc, plural
from reviewdesk.ui.case.transcript_view import TranscriptView
from reviewdesk.ui.evidence_images import LoadedEvidence
from reviewdesk.ui.tasks import TaskRunner

NO_CASE_TEXT = "No case selected"
FINDINGS_STYLE = "QLabel { color: #8a3300; }"


def content_facts(content: ContentItem) -> str:
    """``Moment · posted 2024-05-03 14:22 · id c-881``."""
    return (
        f"{SURFACE_TITLES[content.surface]} · posted {format_timestamp(content.posted_at)}"
        f" · id {content.id}"
    )


def _box_layout(box: QGroupBox, *widgets: QWidget | QHBoxLayout) -> None:
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 4, 6, 6)
    layout.setSpacing(4)
    for widget in widgets:
        if isinstance(widget, QHBoxLayout):
            layout.addLayout(widget)
        else:
            layout.addWidget(widget)


class CaseView(QWidget):
    """Header, reported content, reports, screenshots and transcript of one case.

    Display only: the shell hands over validated models and decoded images.
    ``attachment_selected`` carries the id of the attachment the viewer moved
    to (also the first one after :meth:`show_case`), so images can be fetched
    lazily; late images for another case are ignored.

    Member text is shown through :mod:`reviewdesk.evidence.text_safety`
    (markers for hidden characters, defanged links, highlighted contacts). With
    a ``runner``, the language of the content, each report and each message is
    detected on a worker and shown as a tag beside it.
    """

    attachment_selected = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
        *,
        warm_up: bool = True,
    ) -> None:
        """``warm_up`` False: the owner calls ``languages.warm_up()`` when it suits it."""
        super().__init__(parent)
        self.setAccessibleName("Case")
        self._detail: CaseDetail | None = None
        self._content_tag = ""
        self.languages = LanguageTagger(runner, self)
        self.languages.tagged.connect(self._show_languages)

        self.header = CaseHeader()
        self.content_facts = plain_label(accessible_name="Reported content facts")
        self.content_language = badge_label(accessible_name="Language of the reported content")
        self.content_language.setToolTip("Language detected from the text")
        one_line_high(self.content_facts, self.content_language)
        facts_line = QWidget()
        facts_row = QHBoxLayout(facts_line)
        facts_row.setContentsMargins(0, 0, 0, 0)
        facts_row.addWidget(self.content_facts, 1)
        facts_row.addWidget(self.content_language)
        self.content_text = SafeTextBox(accessible_name="Reported content", minimum_lines=2)
        self.content_findings = plain_label(accessible_name="Found in the content", wrap=True)
        self.content_findings.setStyleSheet(FINDINGS_STYLE)
        self.content_box = section_box("Reported content")
        # Fenced: new texts in these lines lay out these lines, not the window.
        _box_layout(
            self.content_box,
            LayoutFence(facts_line),
            self.content_text,
            LayoutFence(self.content_findings),
        )

        self.reports = CardListView(accessible_name="Reports")
        self.reports_box = section_box("Reports")
        _box_layout(self.reports_box, self.reports)

        self.decisions = CardListView(accessible_name="Earlier decisions")
        self.decisions_box = section_box("Earlier decisions")
        _box_layout(self.decisions_box, self.decisions)

        self.evidence = EvidencePanel()
        self.evidence_box = section_box("Screenshots")
        _box_layout(self.evidence_box, self.evidence)

        self.transcript = TranscriptView()
        self.transcript_box = section_box("Transcript")
        _box_layout(self.transcript_box, self.transcript)

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.setAccessibleName("Content and reports")
        for box in (self.content_box, self.reports_box, self.decisions_box):
            self.top_splitter.addWidget(box)
        for position, stretch in enumerate((2, 3, 2)):
            self.top_splitter.setStretchFactor(position, stretch)
        self.bottom_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.bottom_splitter.setAccessibleName("Evidence")
        self.bottom_splitter.addWidget(self.evidence_box)
        self.bottom_splitter.addWidget(self.transcript_box)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.setAccessibleName("Case sections")
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.bottom_splitter)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 2)
        self.main_splitter.setSizes([300, 700])  # relative: a third for content and reports
        self.top_splitter.setSizes([350, 650, 350])
        self.bottom_splitter.setSizes([500, 500])
        for splitter in (self.top_splitter, self.bottom_splitter, self.main_splitter):
            splitter.setChildrenCollapsible(False)
            splitter.setHandleWidth(6)

        case_page, case_layout = content_column(spacing=6)
        case_layout.addWidget(LayoutFence(self.header))
        case_layout.addWidget(self.main_splitter, 1)

        self._pages = StatusPages(self, case_page, text=NO_CASE_TEXT, accessible_name="Case status")
        self.empty_label = self._pages.status

        self.evidence.attachment_selected.connect(self.attachment_selected)
        self.setTabOrder(self.content_text, self.reports)
        self.setTabOrder(self.reports, self.decisions)
        self.setTabOrder(self.decisions, self.evidence.attachment_list())
        self.clear()
        if warm_up:
            self.languages.warm_up()

    # --- what is shown ------------------------------------------------------

    def show_case(
        self,
        detail: CaseDetail,
        *,
        now: datetime | None = None,
        prepared: PreparedCase | None = None,
        images: Mapping[str, LoadedEvidence] | None = None,
    ) -> None:
        """Show ``detail`` from scratch; every attachment starts as "Loading…",
        but those in ``images`` (read ahead), which are shown at once.

        ``now`` (default: the current time) is what the ages in the header count to.
        ``prepared`` (read ahead, see :mod:`prepared_case`) brings the texts, cards and
        language tags already worked out; it is used only when made for this case.
        """
        if prepared is not None and not prepared.fits(detail):
            prepared = None
        self._detail = detail
        summary = detail.summary
        self.header.show_summary(summary, now or now_utc())

        content = detail.content
        message_count = sum(len(c.messages) for c in detail.conversations)
        self._show_sections(
            {
                self.content_box: content is not None,
                self.decisions_box: bool(detail.decisions),
                self.evidence_box: bool(detail.attachments),
                self.transcript_box: bool(detail.conversations),
                self.bottom_splitter: bool(detail.attachments or detail.conversations),
            }
        )
        self._pages.show_content()
        self.content_facts.setText(content_facts(content) if content else "")
        if prepared is not None:
            self.content_text.show_text(content.text if content else "", prepared.content)
            summary_text = prepared.findings
        else:
            self.content_text.show_text(content.text if content else "")
            summary_text = findings_summary(self.content_text.safe_text())
        self.content_findings.setText(summary_text)
        self.content_findings.setVisible(bool(summary_text))
        self._content_tag = ""
        self.content_language.setText("language …")
        self.content_language.setVisible(content is not None and self.languages.available())

        if prepared is not None:
            reports, decisions = prepared.report_cards, prepared.decision_cards
        else:
            reports = [report_card(r, detail.attachments) for r in detail.reports]
            decisions = [decision_card(d) for d in detail.decisions]
        self.reports.set_cards(reports)
        self.reports_box.setTitle(f"Reports ({len(detail.reports)})")
        self.decisions.set_cards(decisions)
        self.decisions_box.setTitle(f"Earlier decisions ({len(detail.decisions)})")
        self.evidence_box.setTitle(f"Screenshots ({len(detail.attachments)})")
        self.transcript_box.setTitle(f"Transcript ({plural(message_count, 'message')})")
        self.evidence.show_attachments(detail.attachments, images)
        self.transcript.show_conversations(
            detail.conversations,
            subject_member_id=summary.member_id,
            cards=prepared.transcript_cards if prepared is not None else None,
        )
        if prepared is not None and prepared.languages and self.languages.available():
            # Told ahead: the tags are on show with the case, no relayout after its paint.
            self.languages.cancel()
            self._show_languages(prepared.languages)
        else:
            self.languages.request(case_texts(detail))

    def _show_sections(self, shown: dict[QWidget, bool]) -> None:
        """Show the sections this case has and hide the others, before anything is filled.

        A section shown or hidden gives its room to its neighbours. Their card
        lists are laid out once their new widths are settled, so each is laid
        out once, at the width it is painted at (a list laid out first and
        then resized waits a tenth of a second to lay out again, and shows
        its cards at the old width meanwhile).
        """
        changed = False
        for section, visible in shown.items():
            if section.isHidden() == visible:
                section.setVisible(visible)
                changed = True
        if changed and self.isVisible():
            settle_layouts()

    def _show_languages(self, tags: dict[str, str]) -> None:
        """Put the detected language tags beside the content, reports and messages."""
        if self._detail is None:
            return
        if CONTENT_KEY in tags:
            self._content_tag = tags[CONTENT_KEY]
            self.content_language.setText(f"language {self._content_tag}")
        self.reports.card_model().set_languages(tags)
        self.transcript.transcript_model().set_languages(tags)

    def content_language_tag(self) -> str:
        """The language tag of the reported content ("" before it is known)."""
        return self._content_tag

    def show_image_error(self, attachment_id: str, message: str) -> None:
        """Say why an attachment cannot be shown; the rest of the case keeps working."""
        self.evidence.show_image_error(attachment_id, message)

    def clear(self, message: str = "") -> None:
        """Show the empty state with ``message`` (default "No case selected")."""
        self._detail = None
        self._pages.show_status(message or NO_CASE_TEXT)
        self.languages.cancel()
        self.content_text.show_text("")
        self.reports.set_cards([])
        self.decisions.set_cards([])
        self.evidence.show_attachments([])
        self.transcript.clear()

    # --- queries and commands ---------------------------------------------

    def case_id(self) -> str | None:
        """The id of the case shown, or None in the empty state."""
        return self._detail.summary.id if self._detail else None

    def empty_message(self) -> str:
        """The empty-state message ("" while a case is shown)."""
        return "" if self._detail else self.empty_label.text()

    def viewer(self) -> ScreenshotViewer:
        """The screenshot viewer, for zoom commands."""
        return self.evidence.viewer()

    def current_attachment_id(self) -> str | None:
        """The attachment in the viewer, or None."""
        return self.evidence.current_attachment_id()

    def next_attachment(self) -> bool:
        """Step to the next screenshot; False at the last one."""
        return self.evidence.next_attachment()

    def previous_attachment(self) -> bool:
        """Step to the previous screenshot; False at the first one."""
        return self.evidence.previous_attachment()

    def focus_transcript(self) -> None:
        """Put keyboard focus on the transcript, at the reported message."""
        self.transcript.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.transcript.scroll_to_reported()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Small enough for the shell's splitter."""
        return QSize(360, 320)
