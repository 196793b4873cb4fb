"""Quality sampling: draw a sample of one moderator's decisions, judge each blind, see agreement.

The items table never shows the original outcome of an item not yet judged:
the senior sees the case as the moderator saw it (the replay's snapshot
without its decision), records what they would have decided, and only then
the original decision and whether they agree appear. Agreement rates per
moderator and per clause are charts and a table on the second tab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import (
    AgreementRate,
    PolicyClause,
    QualityReport,
    Replay,
    SampleIn,
    SampleItem,
    SampleOut,
    SampleVerdictIn,
)
from reviewdesk.audit.quality import agreement_rates
from reviewdesk.domain.enums import (
    CATEGORY_TITLES,
    OUTCOME_TITLES,
    SURFACE_TITLES,
    CaseStatus,
    Outcome,
)
from reviewdesk.ui.audit import audit_requests
from reviewdesk.ui.audit.bar_chart import Bar, BarChart
from reviewdesk.ui.audit.chart_format import percent, rate_text
from reviewdesk.ui.audit.replay_page import snapshot_of
from reviewdesk.ui.audit.snapshot_view import SnapshotView
from reviewdesk.ui.audit.verdict_form import VerdictForm
from reviewdesk.ui.case.plain_widgets import plain_label, section_box
from reviewdesk.ui.case.text_format import format_timestamp, single_line
from reviewdesk.ui.case.text_table_model import TextTableModel
from reviewdesk.ui.case.text_table_view import make_table_view
from reviewdesk.ui.connection import STALE_SESSION_SENTENCE, Connection, Refusal
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.tasks import TaskRunner

SAMPLE_SCOPE = "audit-sample"
ITEM_SCOPE = "audit-sample-item"
ITEM_EVIDENCE_SCOPE = "audit-sample-evidence"
QUALITY_SCOPE = "audit-quality"
ITEM_HEADERS = (
    "#",
    "Decided",
    "Category",
    "Surface",
    "Preview",
    "Your verdict",
    "Original",
    "Agree",
)
AGREEMENT_HEADERS = ("Of", "Moderator or clause", "Judged", "Agreed", "Agreement")
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Last 30 days", 30),
    ("Last 7 days", 7),
    ("Last 90 days", 90),
    ("All time", None),
)


def outcome_text(outcome: Outcome, clauses: Sequence[str]) -> str:
    """``Warn · H-1`` for a verdict or a decision."""
    title = OUTCOME_TITLES[outcome]
    return f"{title} · {', '.join(clauses)}" if clauses else title


def item_row(item: SampleItem) -> list[str]:
    """One row of the items table; the original stays hidden until the verdict is in."""
    judged = item.verdict is not None
    original = item.original if judged else None
    return [
        str(item.position),
        format_timestamp(item.decided_at),
        CATEGORY_TITLES[item.category],
        SURFACE_TITLES[item.surface],
        single_line(item.preview, 80),
        outcome_text(item.verdict.outcome, item.verdict.clause_ids) if item.verdict else "–",
        outcome_text(original.outcome, original.clause_ids) if original else "hidden until judged",
        ("yes" if item.agrees else "no") if item.agrees is not None else "–",
    ]


def agreement_label(rate: AgreementRate, names: dict[str, str]) -> str:
    """A moderator's name (by id), or the key itself (a clause id)."""
    name = names.get(rate.key)
    return single_line(name, 40) if name else rate.key


class SamplingPage(QWidget):
    """Draw, judge blind, and see agreement rates."""

    failed = Signal(object, object)
    recovered = Signal()
    #: A verdict was recorded (SampleItem, now with its original and agreement).
    judged = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Quality sampling")
        self._runner = runner
        self._connection: Connection | None = None
        self._sample: SampleOut | None = None
        self._names: dict[str, str] = {}

        self.moderator_combo = QComboBox()
        self.moderator_combo.setAccessibleName("Moderator to sample")
        self.count_radio = QRadioButton("Count")
        self.share_radio = QRadioButton("Share")
        self.count_radio.setChecked(True)
        self.size_kind = QButtonGroup(self)
        self.size_kind.addButton(self.count_radio)
        self.size_kind.addButton(self.share_radio)
        self.count_spin = QSpinBox()
        self.count_spin.setAccessibleName("How many decisions")
        self.count_spin.setRange(1, 10_000)
        self.count_spin.setValue(10)
        self.share_spin = QDoubleSpinBox()
        self.share_spin.setAccessibleName("Share of the decisions, in percent")
        self.share_spin.setRange(0.1, 100.0)
        self.share_spin.setValue(5.0)
        self.share_spin.setSuffix(" %")
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Sample period")
        for title, days in PERIODS:
            self.period_combo.addItem(title, days)
        self.clause_combo = QComboBox()
        self.clause_combo.setAccessibleName("Sample clause")
        self.clause_combo.addItem("Any clause", None)
        self.draw_button = QPushButton("Draw the sample")
        self.draw_button.setAccessibleName("Draw the sample")
        self.sample_label = plain_label(
            "No sample drawn yet.", accessible_name="Sample", wrap=True, bold=True
        )

        draw_row = QHBoxLayout()
        draw_row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            plain_label("Moderator", accessible_name="Moderator"),
            self.moderator_combo,
            self.count_radio,
            self.count_spin,
            self.share_radio,
            self.share_spin,
            plain_label("Period", accessible_name="Period"),
            self.period_combo,
            plain_label("Clause", accessible_name="Clause"),
            self.clause_combo,
            self.draw_button,
        ):
            draw_row.addWidget(widget)
        draw_row.addStretch(1)

        self.items_model = TextTableModel(ITEM_HEADERS, self)
        self.items = make_table_view(self.items_model, accessible_name="Sampled decisions")
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verdict_form = VerdictForm()
        self.result = plain_label(accessible_name="Verdict result", wrap=True)
        verdict_box = section_box("Your verdict (blind: the original stays hidden until recorded)")
        verdict_layout = QVBoxLayout(verdict_box)
        verdict_layout.setContentsMargins(6, 4, 6, 6)
        verdict_layout.addWidget(self.verdict_form)
        verdict_layout.addWidget(self.result)
        verdict_layout.addStretch(1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.items)
        left.addWidget(verdict_box)
        left.setSizes([420, 480])
        self.snapshot = SnapshotView(runner, ITEM_EVIDENCE_SCOPE)
        self.snapshot.clear("Choose a sampled decision to judge it blind.")
        judge = QSplitter(Qt.Orientation.Horizontal)
        judge.addWidget(left)
        judge.addWidget(self.snapshot)
        judge.setSizes([620, 1280])
        for splitter in (left, judge):
            splitter.setChildrenCollapsible(False)
        judge_page = QWidget()
        judge_layout = QVBoxLayout(judge_page)
        judge_layout.setContentsMargins(0, 4, 0, 0)
        judge_layout.addLayout(draw_row)
        judge_layout.addWidget(self.sample_label)
        judge_layout.addWidget(judge, 1)

        self.moderator_chart = BarChart(
            "Agreement per moderator",
            "of blind verdicts agreeing",
            value_format=percent,
            maximum=100.0,
        )
        self.clause_chart = BarChart(
            "Agreement per clause",
            "of blind verdicts agreeing",
            value_format=percent,
            maximum=100.0,
        )
        self.agreement_model = TextTableModel(AGREEMENT_HEADERS, self)
        self.agreement_table = make_table_view(self.agreement_model, accessible_name="Agreement")
        self.quality_label = plain_label(accessible_name="Agreement status")
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.moderator_chart)
        charts.addWidget(self.clause_chart)
        charts.addWidget(self.agreement_table)
        charts.setSizes([650, 650, 600])
        agreement_page = QWidget()
        agreement_layout = QVBoxLayout(agreement_page)
        agreement_layout.addWidget(self.quality_label)
        agreement_layout.addWidget(charts, 1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sampling pages")
        self.tabs.addTab(judge_page, "Blind review")
        self.tabs.addTab(agreement_page, "Agreement rates")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.draw_button.clicked.connect(self.draw)
        self.items.selectionModel().currentRowChanged.connect(self._on_item_selected)
        self.verdict_form.submit_requested.connect(self._record)
        self.tabs.currentChanged.connect(self._on_tab)
        self.count_radio.toggled.connect(self._on_size_kind)
        self._on_size_kind()

    # --- session -----------------------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        """Work through ``connection``."""
        self._connection = connection

    def detach(self) -> None:
        """Forget the session, the sample and the rates."""
        self._connection = None
        for scope in (SAMPLE_SCOPE, ITEM_SCOPE, QUALITY_SCOPE):
            self._runner.invalidate(scope)
        self._sample = None
        self.items_model.set_rows([])
        self.snapshot.clear("Choose a sampled decision to judge it blind.")
        self.sample_label.setText("No sample drawn yet.")

    def set_moderators(self, moderators: Sequence[tuple[str, str]]) -> None:
        """Offer these moderators: (id, display name)."""
        self._names = dict(moderators)
        chosen = self.moderator_combo.currentData()
        self.moderator_combo.clear()
        for key, name in moderators:
            self.moderator_combo.addItem(single_line(name, 40), key)
        position = self.moderator_combo.findData(chosen) if chosen else 0
        self.moderator_combo.setCurrentIndex(max(0, position))

    def set_clauses(self, clauses: Sequence[PolicyClause]) -> None:
        """Offer these clauses to sample by and to cite in verdicts."""
        self.clause_combo.clear()
        self.clause_combo.addItem("Any clause", None)
        for clause in clauses:
            self.clause_combo.addItem(f"{clause.id} · {single_line(clause.title, 40)}", clause.id)
        self.verdict_form.set_clauses(clauses)

    @property
    def sample(self) -> SampleOut | None:
        """The sample shown."""
        return self._sample

    # --- drawing --------------------------------------------------------------------------------

    def sample_request(self) -> SampleIn | None:
        """What the draw row asks for (None without a moderator)."""
        moderator = self.moderator_combo.currentData()
        if not moderator:
            return None
        days = self.period_combo.currentData()
        since = datetime.now(UTC) - timedelta(days=days) if days is not None else None
        by_count = self.count_radio.isChecked()
        return SampleIn(
            moderator_id=moderator,
            count=self.count_spin.value() if by_count else None,
            share=None if by_count else self.share_spin.value() / 100.0,
            since=since,
            clause_id=self.clause_combo.currentData(),
        )

    def draw(self) -> None:
        """Draw a sample as the draw row says (on a worker)."""
        connection, request = self._connection, self.sample_request()
        if connection is None:
            return
        if request is None:
            self.sample_label.setText("Choose a moderator to sample.")
            return
        backend = connection.backend
        self.sample_label.setText("Drawing the sample…")
        self._runner.invalidate(SAMPLE_SCOPE)
        self._runner.run(
            lambda: audit_requests.draw_sample(backend, request),
            self._show_sample,
            lambda error: self._on_failed(error, self.draw),
            scope=SAMPLE_SCOPE,
        )

    def _show_sample(self, sample: SampleOut) -> None:
        self.recovered.emit()
        self._sample = sample
        self._describe_sample(sample)
        self.items_model.set_rows([item_row(item) for item in sample.items])
        if sample.items:
            self.items.setCurrentIndex(self.items_model.index(0, 0))
            self.items.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.snapshot.clear("The sample is empty: no decision matched.")

    def _describe_sample(self, sample: SampleOut) -> None:
        judged = sum(1 for item in sample.items if item.verdict is not None)
        own = agreement_rates(sample.items).per_moderator
        agreement = (
            f" · agreement so far {rate_text(own[0].rate)} ({own[0].agreed} of {own[0].judged})"
            if own
            else ""
        )
        self.sample_label.setText(
            f"Sample {sample.id}: {len(sample.items)} of {sample.population:,} decisions by "
            f"{single_line(sample.moderator.display_name, 60)} · {judged} judged{agreement} · "
            "judge each without seeing the original"
        )

    def current_item(self) -> SampleItem | None:
        """The sampled decision selected."""
        sample, row = self._sample, self.items.currentIndex().row()
        if sample is None or not 0 <= row < len(sample.items):
            return None
        return sample.items[row]

    def _on_item_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.current_item()
        connection = self._connection
        if item is None or connection is None:
            return
        self._show_item_state(item)
        backend = connection.backend
        self._runner.invalidate(ITEM_SCOPE)
        self.snapshot.clear(f"Loading the case of decision {item.decision_id}…")
        self._runner.run(
            lambda: audit_requests.fetch_replay(backend, item.decision_id),
            self._show_blind_case,
            lambda error: self._on_failed(error, lambda: self._on_item_selected(current, current)),
            scope=ITEM_SCOPE,
        )

    def _show_blind_case(self, replay: Replay) -> None:
        self.recovered.emit()
        if self._connection is None:
            return
        item = self.current_item()
        judged = item is not None and item.verdict is not None
        snapshot = snapshot_of(replay)
        if not judged:
            # Blind: neither the decision nor the clauses it cited are shown.
            snapshot = replace(
                snapshot,
                # The case as it stood before the decision: open, nothing decided yet.
                summary=snapshot.summary.model_copy(update={"status": CaseStatus.OPEN}),
                decisions=(),
                clauses=(),
                clause_heading="Clauses cited: hidden until your verdict",
            )
        self.snapshot.show_snapshot(snapshot, self._connection)

    def _show_item_state(self, item: SampleItem) -> None:
        if item.verdict is None:
            self.verdict_form.start()
            self.result.setText("Not judged yet: the original decision is hidden.")
        else:
            self.verdict_form.setEnabled(False)
            self.result.setText(self._judged_sentence(item))

    @staticmethod
    def _judged_sentence(item: SampleItem) -> str:
        original = item.original
        mine = outcome_text(item.verdict.outcome, item.verdict.clause_ids) if item.verdict else "–"
        theirs = outcome_text(original.outcome, original.clause_ids) if original else "–"
        agreement = "You agree." if item.agrees else "You DISAGREE."
        return f"Your verdict: {mine}. The original decision: {theirs}. {agreement}"

    # --- judging ------------------------------------------------------------------------------

    def submit_verdict(self) -> bool:
        """Ctrl+Return on the blind review: record the verdict."""
        return self.verdict_form.request_submit()

    def _record(self, verdict: SampleVerdictIn) -> None:
        connection, sample, item = self._connection, self._sample, self.current_item()
        if connection is None or sample is None or item is None:
            return
        backend = connection.backend
        self.result.setText("Recording your verdict…")
        self._runner.run(
            lambda: audit_requests.record_verdict(backend, sample.id, item.position, verdict),
            self._on_judged,
            lambda error: self._on_verdict_failed(error),
        )

    def _on_judged(self, judged: SampleItem) -> None:
        self.recovered.emit()
        sample = self._sample
        if sample is not None:
            items = [judged if i.position == judged.position else i for i in sample.items]
            self._sample = sample.model_copy(update={"items": items})
            self._describe_sample(self._sample)
            row = self.items.currentIndex().row()
            self.items_model.set_rows([item_row(i) for i in items])
            self.items.setCurrentIndex(self.items_model.index(max(0, row), 0))
        self.verdict_form.setEnabled(False)
        self.result.setText(self._judged_sentence(judged))
        if self._connection is not None:
            self._on_item_selected(self.items.currentIndex(), self.items.currentIndex())
        self.judged.emit(judged)

    def _on_verdict_failed(self, error: Exception) -> None:
        self.verdict_form.submit_button.setEnabled(True)
        connection = self._connection
        # A verdict is not sent again by itself (no retry): the moderator records it again.
        refusal = connection.check_error(error) if connection is not None else Refusal.NONE
        if refusal is Refusal.STALE:
            self.result.setText(STALE_SESSION_SENTENCE.format(what="verdict"))
            return
        self.result.setText(f"Your verdict was not recorded. {describe_error(error)}")
        if not refusal:
            self.failed.emit(error, None)

    # --- agreement -------------------------------------------------------------------------------

    def _on_tab(self, index: int) -> None:
        if index == 1:
            self.load_quality()

    def load_quality(self) -> None:
        """Fetch the agreement rates."""
        connection = self._connection
        if connection is None:
            return
        backend = connection.backend
        self.quality_label.setText("Loading the agreement rates…")
        self._runner.invalidate(QUALITY_SCOPE)
        self._runner.run(
            lambda: audit_requests.fetch_quality(backend),
            self._show_quality,
            lambda error: self._on_failed(error, self.load_quality),
            scope=QUALITY_SCOPE,
        )

    def _show_quality(self, report: QualityReport) -> None:
        self.recovered.emit()
        judged = sum(rate.judged for rate in report.per_moderator)
        self.quality_label.setText(
            f"Agreement of {judged:,} blind verdicts with the original decisions "
            "(same outcome and same clauses)."
        )
        for chart, rates, empty in (
            (self.moderator_chart, report.per_moderator, "No verdict recorded yet."),
            (self.clause_chart, report.per_clause, "No verdict recorded yet."),
        ):
            chart.set_empty_text(empty)
            chart.set_bars(
                [
                    Bar(agreement_label(rate, self._names), (rate.rate or 0.0) * 100)
                    for rate in sorted(rates, key=lambda r: (-r.judged, r.key))
                ]
            )
        rows = [
            [
                kind,
                agreement_label(rate, self._names),
                str(rate.judged),
                str(rate.agreed),
                rate_text(rate.rate),
            ]
            for kind, rates in (("Moderator", report.per_moderator), ("Clause", report.per_clause))
            for rate in rates
        ]
        self.agreement_model.set_rows(rows)

    def _on_failed(self, error: Exception, retry: Callable[[], None] | None) -> None:
        connection = self._connection
        if connection is not None and connection.check_error(error, retry):
            return
        self.failed.emit(error, retry)

    def _on_size_kind(self) -> None:
        by_count = self.count_radio.isChecked()
        self.count_spin.setEnabled(by_count)
        self.share_spin.setEnabled(not by_count)
