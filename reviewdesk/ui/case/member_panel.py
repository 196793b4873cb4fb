"""The reported member beside the case: account facts, record summary and history."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QTabWidget,
    QWidget,
)

from reviewdesk.api.models import MemberHistory
from reviewdesk.domain.enums import MemberRole
from reviewdesk.ui.case.after_paint import AfterPaint
from reviewdesk.ui.case.bidi import embed
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.layout_fence import LayoutFence, LayoutStop, one_line_high
from reviewdesk.ui.case.locale_names import country_name, language_names
from reviewdesk.ui.case.member_summary import PRIOR_CASE_COLUMNS, STRIKE_COLUMNS
from reviewdesk.ui.case.plain_widgets import plain_label, set_tab_titles
from reviewdesk.ui.case.prepared_case import BIO_LIMIT, PreparedMember, prepare_member
from reviewdesk.ui.case.safe_text import SafeTextBox
from reviewdesk.ui.case.status_pages import StatusPages, content_column
from reviewdesk.ui.case.text_format import format_date, format_membership, now_utc, single_line
from reviewdesk.ui.case.text_table_model import TextTableModel
from reviewdesk.ui.case.text_table_view import make_table_view

ROLE_TITLES: dict[MemberRole, str] = {MemberRole.LEARNER: "Learner", MemberRole.TEACHER: "Teacher"}
LOADING_TEXT = "Loading member history…"
EMPTY_TEXT = "No member selected"
#: The key of the history rows' filling in an :class:`AfterPaint`.
ROWS_KEY = "member-rows"


class MemberPanel(QWidget):
    """Account facts, "3 strikes · 5 prior cases · 2 upheld", and tabs of history.

    States: empty (:meth:`clear`), loading, error, or a history shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Member")
        self._history: MemberHistory | None = None
        #: Where the rows of the history tabs wait for a paint, if they do.
        self._rows_later: AfterPaint | None = None

        self.name = plain_label(accessible_name="Member name", bold=True, point_size_delta=1)
        self.summary = plain_label(accessible_name="Record summary", bold=True)
        self.role = plain_label(accessible_name="Member role")
        self.country = plain_label(accessible_name="Country")
        self.languages = plain_label(accessible_name="Languages", wrap=True)
        self.membership = plain_label(accessible_name="Account age")
        self.reporting = plain_label(accessible_name="Reporting record")
        self.bio = SafeTextBox(accessible_name="Bio", minimum_lines=2, limit=BIO_LIMIT)
        self.bio.setMaximumHeight(self.bio.fontMetrics().lineSpacing() * 4 + 12)

        one_line_high(
            self.name, self.summary, self.role, self.country, self.membership, self.reporting
        )
        # Each line fenced: a new text lays out its own line, not the panel or the window.
        fenced = LayoutFence
        facts = QFormLayout()
        facts.setContentsMargins(0, 0, 0, 0)
        facts.setHorizontalSpacing(8)
        facts.setVerticalSpacing(2)
        facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        facts.addRow(self._form_title("Role"), fenced(self.role))
        facts.addRow(self._form_title("Country"), fenced(self.country))
        facts.addRow(self._form_title("Languages"), fenced(self.languages))
        facts.addRow(self._form_title("Member for"), fenced(self.membership))
        self._reporting_title = self._form_title("Reports filed")
        facts.addRow(self._reporting_title, fenced(self.reporting))
        facts.addRow(self._form_title("Bio"), self.bio)

        self.prior_cases_model = TextTableModel(PRIOR_CASE_COLUMNS, self)
        self.strikes_model = TextTableModel(STRIKE_COLUMNS, self)
        self.prior_cases = make_table_view(self.prior_cases_model, accessible_name="Prior cases")
        self.strikes = make_table_view(self.strikes_model, accessible_name="Strikes")
        self.notes = CardListView(accessible_name="Moderator notes")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Member history")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.prior_cases, "Prior cases")
        self.tabs.addTab(self.strikes, "Strikes")
        self.tabs.addTab(self.notes, "Notes")

        page, page_layout = content_column(spacing=4)
        page_layout.addWidget(fenced(self.name))
        page_layout.addWidget(fenced(self.summary))
        page_layout.addLayout(facts)
        page_layout.addWidget(LayoutStop(self.tabs), 1)  # new tab titles stay inside

        self._pages = StatusPages(self, page, text=EMPTY_TEXT, accessible_name="Member status")
        self.status = self._pages.status
        self.clear()

    @staticmethod
    def _form_title(text: str) -> QLabel:
        return plain_label(text, accessible_name=text)

    # --- states -------------------------------------------------------------

    def show_history(
        self,
        history: MemberHistory,
        *,
        now: datetime | None = None,
        current_case_id: str | None = None,
        prepared: PreparedMember | None = None,
        rows_later: AfterPaint | None = None,
    ) -> None:
        """Show ``history``; the account age counts up to ``now`` (default: the current time).

        The case under review (``current_case_id``) is not part of the member's
        past, so it is left out of the prior cases and their counts. ``prepared``
        (worked out ahead, see :mod:`prepared_case`) is used when it was made for
        this member seen from this case. With ``rows_later``, the rows of the
        history tabs are filled after the next paint (emptied at once: no row of
        another member stays); the counts in the tab titles are shown at once.
        """
        if prepared is None or not prepared.fits(history, current_case_id):
            prepared = prepare_member(history, current_case_id)
        history = prepared.history
        self._history = history
        member = history.member
        self.name.setText(f"{embed(member.display_name, 80)} ({single_line(member.id, 40)})")
        self.summary.setText(prepared.summary)
        self.role.setText(ROLE_TITLES[member.role])
        self.country.setText(country_name(member.country))
        self.languages.setText(
            f"speaks {language_names(member.native_languages)}"
            f" · learning {language_names(member.learning_languages)}"
        )
        self.membership.setText(
            f"{format_membership(member.joined_at, now or now_utc())}"
            f" (joined {format_date(member.joined_at)})"
        )
        record = prepared.reporting
        self.reporting.setText(record)
        self.reporting.setVisible(bool(record))
        self._reporting_title.setVisible(bool(record))
        self.bio.show_text(member.bio or "", prepared.bio)
        self.bio.setPlaceholderText("No bio")

        self._cancel_rows()
        rows = (prepared.prior_case_rows, prepared.strike_rows, prepared.note_cards)
        if rows_later is None:
            self._show_rows(*rows)
        else:
            self._show_rows([], [], [], hold_widths=True)
            self._rows_later = rows_later
            rows_later.later(ROWS_KEY, lambda: self._show_rows_of(history, *rows))
        set_tab_titles(
            self.tabs,
            f"Prior cases ({len(history.prior_cases)})",
            f"Strikes ({len(history.strikes)})",
            f"Notes ({len(history.notes)})",
        )
        self._pages.show_content()

    def _show_rows_of(
        self,
        history: MemberHistory,
        prior_cases: list[tuple[str, ...]],
        strikes: list[tuple[str, ...]],
        notes: list[Card],
    ) -> None:
        """Fill the history tabs, if ``history`` is still the one shown."""
        if self._history is history:
            self._show_rows(prior_cases, strikes, notes)

    def _show_rows(
        self,
        prior_cases: list[tuple[str, ...]],
        strikes: list[tuple[str, ...]],
        notes: list[Card],
        *,
        hold_widths: bool = False,
    ) -> None:
        """Put these rows in the history tabs (an empty tab that stays empty is left alone).

        ``hold_widths`` empties the tables until their fill after the next paint,
        keeping their column widths meanwhile (the fill fits them to its rows).
        """
        for model, rows in ((self.prior_cases_model, prior_cases), (self.strikes_model, strikes)):
            if rows or model.rowCount() or model.widths_held:
                model.set_rows(rows, hold_widths=hold_widths)
        if notes or self.notes.card_model().rowCount():
            self.notes.set_cards(notes)

    def _cancel_rows(self) -> None:
        """Forget rows still waiting for a paint: the panel shows something else now."""
        if self._rows_later is not None:
            self._rows_later.cancel(ROWS_KEY)
            self._rows_later = None

    def rows_pending(self) -> bool:
        """True while the history tabs wait for a paint to be filled."""
        return self._rows_later is not None and self._rows_later.pending(ROWS_KEY)

    def show_loading(self) -> None:
        """Say the history is on its way."""
        self._show_status(LOADING_TEXT)

    def show_error(self, message: str) -> None:
        """Say the history could not be loaded, and why."""
        self._show_status(f"Could not load the member's history.\n{message}")

    def clear(self) -> None:
        """Show the empty state."""
        self._show_status(EMPTY_TEXT)

    def _show_status(self, text: str) -> None:
        self._history = None
        self._cancel_rows()
        self._pages.show_status(text)
        self._show_rows([], [], [])
        self.bio.show_text("")

    # --- queries --------------------------------------------------------------

    def history(self) -> MemberHistory | None:
        """The history shown, or None."""
        return self._history

    def status_text(self) -> str:
        """The empty/loading/error message ("" while a history is shown)."""
        return "" if self._history else self.status.text()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Narrow enough for a splitter; as high as its lines, the bio and the tabs need.

        Squeezed below that, the history tabs would cover the bio.
        """
        return QSize(280, super().minimumSizeHint().height())
