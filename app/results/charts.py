"""The geometry of the results page's two charts, drawn as SVG on the server.

Pure functions from figures to coordinates (in the SVG's own units; the image scales
with the page), so the shapes are tested without a browser and the template
(templates/results/_charts.html) only draws them. No script draws anything: the CSP
allows none inline, and a chart must print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BINS = 10  # score bins of 10 points: 0-9.99, ..., 90-100 (100 falls in the last)

# Section bars: a row per section, label on the left, value on the right of the bar.
BAR_WIDTH = 640
BAR_LABEL = 200  # room for the section titles
BAR_TRACK = 360  # 100 percent
BAR_ROW = 30
BAR_THICKNESS = 18
LABEL_CHARACTERS = 26  # longer titles are cut in the picture; the table has them whole

# Histogram: columns over the ten bins, counts on the left axis.
HIST_WIDTH = 640
HIST_HEIGHT = 260
HIST_LEFT = 44
HIST_RIGHT = 12
HIST_TOP = 28  # room for the "this candidate" marker above the tallest column
HIST_BOTTOM = 40  # room for the bin labels


@dataclass(frozen=True)
class Bar:
    label: str  # whole, for the table
    short_label: str  # as drawn
    percent: float
    y: float  # top of the bar
    width: float
    label_y: float  # text baseline, centred on the bar
    value_x: float  # where the value is written, right of the bar


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    track_x: int
    track_width: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...]  # (x, percent) of the 0/25/50/75/100 gridlines
    pass_mark: float | None
    pass_mark_x: float | None


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"


def _clamp(percent: float) -> float:
    return min(max(percent, 0.0), 100.0)


def section_bars(sections: Sequence[tuple[str, float]], *,
                 pass_mark: float | None = None) -> BarChart:
    """One horizontal bar per (title, percent) section, with gridlines every 25 % and
    the pass mark as a line across the rows."""
    bars = tuple(
        Bar(label=title, short_label=_short(title), percent=percent,
            y=row * BAR_ROW + (BAR_ROW - BAR_THICKNESS) / 2 + 8,
            width=round(BAR_TRACK * _clamp(percent) / 100.0, 2),
            label_y=row * BAR_ROW + BAR_ROW / 2 + 13,
            value_x=round(BAR_LABEL + BAR_TRACK * _clamp(percent) / 100.0 + 6, 2))
        for row, (title, percent) in enumerate(sections))
    height = len(bars) * BAR_ROW + 32
    ticks = tuple((BAR_LABEL + BAR_TRACK * p / 100.0, p) for p in (0, 25, 50, 75, 100))
    mark_x = None if pass_mark is None else BAR_LABEL + BAR_TRACK * _clamp(pass_mark) / 100.0
    return BarChart(BAR_WIDTH, height, BAR_LABEL, BAR_TRACK, bars, ticks, pass_mark, mark_x)


@dataclass(frozen=True)
class Column:
    low: int  # percent, inclusive
    high: int  # percent, exclusive except for the last bin
    count: int
    x: float
    y: float
    width: float
    height: float
    centre: float
    marked: bool  # this candidate's bin


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline_y: int
    columns: tuple[Column, ...]
    ticks: tuple[tuple[float, int], ...]  # (y, count) of the gridlines on the count axis
    total: int
    marked_bin: int | None


def bin_of(percent: float) -> int:
    """The 10-point bin a score falls in; 100 % counts in the last (90-100)."""
    return min(max(int(percent // 10), 0), BINS - 1)


def _count_ticks(highest: int) -> list[int]:
    """Up to five whole-number gridline values from 0 to at least ``highest``."""
    step = max(1, -(-highest // 4))
    return list(range(0, max(highest, 1) + step, step))[:6]


def score_histogram(counts: Sequence[int], candidate_percent: float | None) -> Histogram:
    """Columns for ``counts`` (completed attempts per 10-point bin, :data:`BINS` of
    them), the bin of ``candidate_percent`` marked when it is given."""
    if len(counts) != BINS:
        raise ValueError(f"expected {BINS} bins, got {len(counts)}")
    ticks = _count_ticks(max(counts))
    top = ticks[-1] or 1
    plot_height = HIST_HEIGHT - HIST_TOP - HIST_BOTTOM
    baseline = HIST_HEIGHT - HIST_BOTTOM
    slot = (HIST_WIDTH - HIST_LEFT - HIST_RIGHT) / BINS
    marked = None if candidate_percent is None else bin_of(candidate_percent)
    columns = []
    for index, count in enumerate(counts):
        height = round(plot_height * count / top, 2)
        x = round(HIST_LEFT + index * slot + 3, 2)
        columns.append(Column(low=index * 10, high=index * 10 + 10, count=count, x=x,
                              y=round(baseline - height, 2), width=round(slot - 6, 2),
                              height=height, centre=round(x + (slot - 6) / 2, 2),
                              marked=index == marked))
    return Histogram(
        width=HIST_WIDTH, height=HIST_HEIGHT, plot_left=HIST_LEFT,
        plot_right=HIST_WIDTH - HIST_RIGHT, baseline_y=baseline, columns=tuple(columns),
        ticks=tuple((round(baseline - plot_height * value / top, 2), value) for value in ticks),
        total=sum(counts), marked_bin=marked)
