"""The painted bar chart: round axis maxima, keyboard highlight, labels in any script."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from reviewdesk.ui.audit.bar_chart import Bar, BarChart, axis_ticks, nice_ceiling
from reviewdesk.ui.audit.chart_format import percent

NAMES = ("王小明", "سارة الأحمد", "Jean-Baptiste Émile de la Fontaine", "田中 さくら")


def test_axis_maximum_is_the_next_round_number() -> None:
    assert nice_ceiling(0) == 1.0
    assert nice_ceiling(7) == 8.0
    assert nice_ceiling(1234) == 1500.0
    assert nice_ceiling(0.42) == 0.5
    assert axis_ticks(1500.0) == [0.0, 300.0, 600.0, 900.0, 1200.0, 1500.0]


def test_keys_move_the_highlight_and_say_the_value(qtbot: QtBot) -> None:
    chart = BarChart("Agreement", "agreeing", value_format=percent, maximum=100.0)
    qtbot.addWidget(chart)
    chart.set_bars([Bar(name, 10.0 * (i + 1)) for i, name in enumerate(NAMES)])
    chart.resize(600, 300)
    chart.show()
    qtbot.waitExposed(chart)
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    assert chart.current() == 0
    assert chart.accessibleDescription() == "王小明: 10 % agreeing"
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert chart.current() == 1
    assert chart.accessibleDescription() == "سارة الأحمد: 20 % agreeing"
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.current() == 3
    qtbot.keyClick(chart, Qt.Key.Key_Down)  # stays on the last bar
    assert chart.current() == 3
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.current() == 0


def test_bars_are_painted_in_proportion_and_rows_are_found_by_height(qtbot: QtBot) -> None:
    chart = BarChart("Decisions", "decisions")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("a", 100), Bar("b", 50), Bar("c", 0)])
    chart.resize(600, 260)
    image = chart.grab().toImage()
    bar_colour = QColor("#3b6ea8").rgb()

    def bar_width(row: int) -> int:
        band_y = [y for y in range(image.height()) if chart.row_at(y) == row]
        y = band_y[len(band_y) // 2]
        return sum(1 for x in range(image.width()) if image.pixel(x, y) == bar_colour)

    full, half, empty = bar_width(0), bar_width(1), bar_width(2)
    assert full > 100
    assert abs(half - full / 2) <= 3
    assert empty == 0
    assert chart.row_at(0) == -1


def test_an_empty_chart_says_why(qtbot: QtBot) -> None:
    chart = BarChart("Decisions", "decisions")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("a", 1)])
    chart.set_bars([])
    chart.set_empty_text("No decision in this period.")
    assert chart.accessibleDescription() == "No decision in this period."


def test_axis_labels_are_whole_for_counts_and_never_repeat(qtbot: QtBot) -> None:
    counts = BarChart("Decisions", "decisions", integer=True)
    qtbot.addWidget(counts)
    counts.set_bars([Bar("HAR-1", 2), Bar("OFF-1", 1)])
    assert counts.tick_labels() == [(0.0, "0"), (1.0, "1"), (2.0, "2")]
    counts.set_bars([Bar("HAR-1", 37)])
    assert [label for _tick, label in counts.tick_labels()] == ["0", "8", "16", "24", "32", "40"]
    seconds = BarChart("Median handling", "seconds", value_format=lambda v: f"{v:.1f}")
    qtbot.addWidget(seconds)
    seconds.set_bars([Bar("a", 0.031), Bar("b", 0.012)])
    labels = [label for _tick, label in seconds.tick_labels()]
    assert len(set(labels)) == len(labels)
    assert labels[-1] == "0.040"
