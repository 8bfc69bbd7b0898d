"""Draw charts with matplotlib's object API: spec in, deterministic SVG bytes out, cached.

Phone first: every figure is WIDTH_PT wide and shown about 358 CSS px wide on a 390 px screen,
so its smallest text (TEXT_PT) reads at 11.2 px there. A figure's size follows from its spec
before anything is drawn (no tight box), so a page gives every image its width and height.
A figure is drawn once, for light pages, on a transparent background; its dark variant is
the same SVG with each colour of the palette swapped for its dark counterpart.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import multiprocessing
import os
import re
import stat
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol
from xml.parsers import expat

import matplotlib
from babel.numbers import format_decimal
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D

from .languages import babel_locale
from .memo import memo_for

# trend: one indicator over time (a line per place); dots: places ranked in one period;
# bars: the parts of one figure; change: stated changes in percent, around zero.
ChartKind = Literal["trend", "dots", "bars", "change"]

WIDTH_PT = 288.0
TEXT_PT = 9.0
TITLE_PT = 10.5
_PAD = 6.0
_INNER = WIDTH_PT - 2 * _PAD
_LINE = TEXT_PT * 1.3
_TITLE_LINE = TITLE_PT * 1.25
# Room for a line of text, wider than DejaVu Sans' average letter, so that any browser's
# sans-serif fits where matplotlib's measure put it.
_EM = 0.6
_TREND_HEIGHT = 120.0
_BAR = 11.0
_CSS_PX_PER_PT = 4 / 3

# Okabe-Ito colours (colourblind-safe) for light pages, and what each becomes on dark ones.
_INK = {"text": "#1f1f1f", "muted": "#595959", "grid": "#dedede", "axis": "#8a8a8a"}
_SERIES = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
_MARKERS = ("o", "s", "^", "D")
_DECREASE, _INCREASE = _SERIES[0], _SERIES[1]
DARK: Mapping[str, str] = {
    _INK["text"]: "#e8e8e8",
    _INK["muted"]: "#b4b4b4",
    _INK["grid"]: "#3b404c",
    _INK["axis"]: "#8f95a1",
    "#0072b2": "#56b4e9",
    "#d55e00": "#e69f00",
    "#009e73": "#3fcfa4",
    "#cc79a7": "#e6a8cd",
}
_COLOUR = re.compile(rb"#[0-9a-f]{6}(?![0-9a-f])")

# Fixed salt and no date: the same spec gives the same bytes on every machine and run.
_RC: dict[str, Any] = {
    "svg.hashsalt": "vn-review-site",
    # Text stays text (small, selectable); the browser falls back to its own sans-serif.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": TEXT_PT,
    # Every colour is the palette's, so that the dark variant can swap each one.
    "text.color": _INK["text"],
    "axes.edgecolor": _INK["axis"],
    "axes.labelcolor": _INK["text"],
    "xtick.color": _INK["axis"],
    "ytick.color": _INK["axis"],
    "xtick.labelcolor": _INK["muted"],
    "ytick.labelcolor": _INK["muted"],
    "xtick.labelsize": TEXT_PT,
    "ytick.labelsize": TEXT_PT,
    "grid.color": _INK["grid"],
    "hatch.color": _SERIES[0],
    "hatch.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Labels come from content: "$\\frac{$" must print as written, never parse as TeX.
    "text.parse_math": False,
}


@lru_cache(maxsize=16384)
def _text_metrics(text: str, font: FontProperties, ismath: bool | Literal["TeX"]) -> Any:
    """A line's width, height and descent in SVG points: depends on the text and font alone."""
    return _TEXT_TO_PATH.get_text_width_height_descent(text, font, ismath)


def _measure_once(
    renderer: RendererSVG, text: str, font: FontProperties, ismath: bool | Literal["TeX"]
) -> Any:
    """Stands in for RendererSVG's own measure, which matplotlib caches per renderer, that is
    per figure: the same tick, year and place labels were measured again in every figure
    (a quarter of drawing's CPU). A copy of the font is the key, as matplotlib's own cache
    keys it: a FontProperties is mutable."""
    return _text_metrics(text, font.copy(), ismath)


_TEXT_TO_PATH = TextToPath()
RendererSVG.get_text_width_height_descent = _measure_once  # type: ignore[method-assign]

CODE_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + matplotlib.__version__.encode()
).hexdigest()[:16]


class Drawable(Protocol):
    """What a page shows as a figure, a chart or a map: plain data that draws itself."""

    @property
    def path(self) -> str:
        """The file of its light drawing."""

    @property
    def title(self) -> str:
        """What it shows, where."""

    @property
    def subtitle(self) -> str:
        """When, in which units."""

    @property
    def alt(self) -> str:
        """The words a reader who cannot see it reads instead."""

    @property
    def digest(self) -> str:
        """The hash of what it draws: the name of its cached drawing."""

    def render(self) -> bytes:
        """Its SVG for light pages."""

    def dark(self, svg: bytes) -> bytes:
        """Its SVG for dark pages, from the light one."""


@dataclass(frozen=True)
class Point:
    """One category of a series: a value, a range (sources differ), or nothing reported."""

    low: Decimal | None
    # The highest figure when sources differ, else None.
    high: Decimal | None = None
    # Drawn beside the mark: the number in the axis' unit ('14,570').
    label: str = ""
    # For the alt text and the data file: the figure as a reader reads it, with its unit.
    words: str = ""


@dataclass(frozen=True)
class Series:
    """A line (or a set of dots or bars): its legend words ('' when alone) and one point per
    category of its chart."""

    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class FigureSpec:
    """Everything a chart shows, as plain data; its hash names the cached drawing."""

    path: str
    kind: ChartKind
    # What and where; then when (the kind of period) and the unit of the axis.
    title: str
    subtitle: str
    axis_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    # Short words under a trend's slots ('2019' for 'first half of 2019'), else the categories.
    ticks: tuple[str, ...] = ()
    # Below the chart: what a gap or a range means, when the chart has one.
    note: str = ""
    # A percentage scale ends at 100.
    bounded: bool = False
    missing_label: str = "not reported"
    locale: str = "en"

    @cached_property
    def digest(self) -> str:
        """Content hash of what is drawn (not of the path or alt text)."""
        drawn = asdict(self)
        drawn.pop("path")
        drawn.pop("alt")
        blob = json.dumps(drawn, sort_keys=True, ensure_ascii=False, default=str) + CODE_VERSION
        return hashlib.sha256(blob.encode()).hexdigest()

    @cached_property
    def layout(self) -> Layout:
        """Where everything goes, known before drawing."""
        return _layout(self)

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in CSS pixels, as the page's <img> states them."""
        return (
            round(WIDTH_PT * _CSS_PX_PER_PT),
            round(self.layout.height * _CSS_PX_PER_PT),
        )

    def render(self) -> bytes:
        """Its SVG for light pages."""
        return draw(self)

    def dark(self, svg: bytes) -> bytes:
        """Its SVG for dark pages: the palette's colours swapped."""
        return dark_variant(svg, DARK)


# ------------------------------------------------------------------ layout (points, from the top)


@dataclass(frozen=True)
class Row:
    """A row of a dot or bar chart: its label's lines, the top of the row and its middle."""

    lines: tuple[str, ...]
    top: float
    middle: float


@dataclass(frozen=True)
class Layout:
    """A figure's geometry in points: header lines, the plot's box, rows, footer lines."""

    height: float
    title: tuple[str, ...]
    subtitle: tuple[str, ...]
    legend: tuple[str, ...]
    # Left, top, width and height of the plotting area.
    plot: tuple[float, float, float, float]
    rows: tuple[Row, ...]
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    note: tuple[str, ...]


def _wrap(text: str, size: float, width: float) -> tuple[str, ...]:
    """Lines of `text` that fit `width` points at `size`."""
    if not text:
        return ()
    chars = max(8, int(width / (size * _EM)))
    return tuple(textwrap.wrap(text, chars, break_long_words=True)) or ("",)


def text_width(text: str, size: float = TEXT_PT) -> float:
    """About how wide a line of text is, in points (generously)."""
    return len(text) * size * _EM


def _extent(spec: FigureSpec) -> tuple[float, float]:
    """The lowest and highest value drawn (0 included)."""
    values = [
        float(v) for s in spec.series for p in s.points for v in (p.low, p.high) if v is not None
    ]
    return min([0.0, *values]), max([0.0, *values])


def _number(value: float, locale: str) -> str:
    """A tick's number for the reader's locale (146,678 / 146.678)."""
    return str(format_decimal(round(value, 3), format="#,##0.###", locale=babel_locale(locale)))


def _value_ticks(spec: FigureSpec, top: float) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Three to five round numbers from 0 up to the highest value (100 at most for a
    percentage)."""
    low, high = _extent(spec)
    end = min(high, 100.0) if spec.bounded else high
    found = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(low, end or 1.0)
    ticks = tuple(float(t) for t in found if low <= t <= top and (not spec.bounded or t <= 100))
    return ticks, tuple(_number(t, spec.locale) for t in ticks)


def _header(spec: FigureSpec) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], float]:
    """Title, subtitle and legend lines, and the height they take."""
    title = _wrap(spec.title, TITLE_PT, _INNER)
    about = " · ".join(part for part in (spec.subtitle, spec.axis_label) if part)
    subtitle = _wrap(about, TEXT_PT, _INNER)
    legend: tuple[str, ...] = ()
    if spec.kind == "trend" and any(s.name for s in spec.series):
        legend = tuple(s.name for s in spec.series)
    height = _PAD + len(title) * _TITLE_LINE + 2 + len(subtitle) * _LINE
    height += (4 + len(legend) * _LINE if legend else 0) + 8
    return title, subtitle, legend, height


def _layout(spec: FigureSpec) -> Layout:
    """The geometry of a chart of any kind."""
    title, subtitle, legend, top = _header(spec)
    note = _wrap(spec.note, TEXT_PT, _INNER)
    footer = len(note) * _LINE + _PAD
    rows: tuple[Row, ...] = ()
    ticks: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    if spec.kind == "trend":
        ticks, labels = _value_ticks(spec, _top_of(spec, _extent(spec)[1]))
        left = _PAD + max([text_width(t) for t in labels] + [10.0]) + 6
        plot = (left, top, WIDTH_PT - left - 14, _TREND_HEIGHT)
        footer += 4 + _LINE + 2
    elif spec.kind == "dots":
        names = [_wrap(c, TEXT_PT, 0.4 * _INNER) for c in spec.categories]
        left = _PAD + max(text_width(line) for lines in names for line in lines) + 8
        left = min(left, _PAD + 0.4 * _INNER + 8)
        rows = _rows(names, top, label_above=False)
        ticks, labels = _value_ticks(spec, _extent(spec)[1])
        plot = (left, top, WIDTH_PT - left - _PAD, rows[-1].top + _row_height(rows[-1]) - top)
        footer += 4 + _LINE + 2
    else:
        names = [_wrap(c, TEXT_PT, _INNER) for c in spec.categories]
        rows = _rows(names, top, label_above=True)
        bottom = rows[-1].middle + _BAR / 2 + 4
        plot = (_PAD, top, _INNER, bottom - top)
    height = plot[1] + plot[3] + footer
    return Layout(height, title, subtitle, legend, plot, rows, ticks, labels, note)


def _row_height(row: Row) -> float:
    """A dot row: its label's lines, or one line's height at least."""
    return max(len(row.lines), 1) * _LINE + 4


def _rows(names: Sequence[tuple[str, ...]], top: float, label_above: bool) -> tuple[Row, ...]:
    """Rows one below the other: a bar row has its label above its bar; a dot row has its
    label on the left, beside the dot."""
    rows = []
    y = top
    for lines in names:
        if label_above:
            middle = y + len(lines) * _LINE + 1 + _BAR / 2
            rows.append(Row(lines, y, middle))
            y = middle + _BAR / 2 + 7
        else:
            row = Row(lines, y, 0.0)
            height = _row_height(row)
            rows.append(Row(lines, y, y + height / 2))
            y += height
    return tuple(rows)


def _top_of(spec: FigureSpec, high: float) -> float:
    """The top of a trend's value axis: room above the highest point for its label."""
    if spec.bounded:
        return max(high, 100.0) * 1.12
    return (high or 1.0) * 1.18


# ------------------------------------------------------------------ drawing


class _Plot:
    """A chart's plotting area: data coordinates mapped onto its box in the figure, drawn with
    plain artists. (No matplotlib Axes: its tick machinery was a third of a chart's time.)"""

    def __init__(
        self, fig: Figure, spec: FigureSpec, x: tuple[float, float], y: tuple[float, float]
    ):
        layout = spec.layout
        left, top, width, height = layout.plot
        self.fig = fig
        # Data per point of length, along each axis (y grows downwards where y[0] > y[1]).
        self.dx = (x[1] - x[0]) / width
        self.dy = (y[1] - y[0]) / height
        box = _frac(layout, left, top, width, height)
        self.transform = (
            Affine2D()
            .translate(-x[0], -y[0])
            .scale(box[2] / (x[1] - x[0]), box[3] / (y[1] - y[0]))
            .translate(box[0], box[1])
            + fig.transFigure
        )

    def line(self, xs: Sequence[float], ys: Sequence[float], **style: Any) -> None:
        """A line through points (NaN breaks it), or markers with linestyle 'none'."""
        self.fig.add_artist(Line2D(xs, ys, transform=self.transform, **style))

    def segments(
        self, ends: Sequence[tuple[tuple[float, float], tuple[float, float]]], **style: Any
    ) -> None:
        """Straight segments: grid lines, ticks, ranges."""
        self.fig.add_artist(LineCollection(ends, transform=self.transform, **style))

    def text(self, x: float, y: float, words: str, **style: Any) -> None:
        """Words at a point of the data."""
        self.fig.text(x, y, words, transform=self.transform, **style)

    def box(self, x: float, y: float, width: float, height: float, **style: Any) -> None:
        """A rectangle: a bar, or the hatched range of one."""
        self.fig.add_artist(Rectangle((x, y), width, height, transform=self.transform, **style))


def _frac(
    layout: Layout, left: float, top: float, width: float, height: float
) -> tuple[float, float, float, float]:
    """A box given in points from the top left, as figure fractions (left, bottom, w, h)."""
    return (
        left / WIDTH_PT,
        1 - (top + height) / layout.height,
        width / WIDTH_PT,
        height / layout.height,
    )


def _at(layout: Layout, y: float) -> float:
    """A figure fraction for a baseline `y` points from the top."""
    return 1 - y / layout.height


def _draw_header(fig: Figure, spec: FigureSpec) -> None:
    """Title (bold), then when and the unit (muted), then the legend of a trend's lines."""
    layout = spec.layout
    x = _PAD / WIDTH_PT
    y = _PAD
    for line in layout.title:
        fig.text(x, _at(layout, y + TITLE_PT), line, fontsize=TITLE_PT, weight="bold")
        y += _TITLE_LINE
    y += 2
    for line in layout.subtitle:
        fig.text(x, _at(layout, y + TEXT_PT), line, color=_INK["muted"])
        y += _LINE
    if layout.legend:
        y += 4
        for i, name in enumerate(layout.legend):
            middle = _at(layout, y + TEXT_PT * 0.65)
            fig.add_artist(
                Line2D(
                    [x, (_PAD + 16) / WIDTH_PT],
                    [middle, middle],
                    transform=fig.transFigure,
                    color=_SERIES[i % len(_SERIES)],
                    marker=_MARKERS[i % len(_MARKERS)],
                    markevery=[1],
                    markersize=4.5,
                    linewidth=1.6,
                )
            )
            fig.text((_PAD + 22) / WIDTH_PT, _at(layout, y + TEXT_PT), name)
            y += _LINE


def _draw_note(fig: Figure, spec: FigureSpec) -> None:
    """The lines below the chart: gaps, ranges."""
    layout = spec.layout
    y = layout.height - _PAD - len(layout.note) * _LINE
    for line in layout.note:
        fig.text(
            _PAD / WIDTH_PT, _at(layout, y + TEXT_PT), line, color=_INK["muted"], style="italic"
        )
        y += _LINE


def _float(value: Decimal | None) -> float:
    """A value as matplotlib draws it; nothing reported is NaN (a gap, never zero)."""
    return math.nan if value is None else float(value)


def _middle(point: Point) -> float:
    """Where a line passes through a point: its value, or the middle of its range."""
    if point.low is None:
        return math.nan
    if point.high is None:
        return float(point.low)
    return (float(point.low) + float(point.high)) / 2


def _draw_trend(fig: Figure, spec: FigureSpec) -> None:
    """Each series a line with markers over continuous slots; a slot with no figure breaks
    the line; a range is a bar from the lowest to the highest figure; values labelled where
    their labels do not collide."""
    layout = spec.layout
    count = len(spec.categories)
    low, high = _extent(spec)
    bottom, top = min(low, 0.0), _top_of(spec, high)
    left, right = -0.5, count - 0.5
    plot = _Plot(fig, spec, (left, right), (bottom, top))
    plot.segments(
        [((left, t), (right, t)) for t in layout.ticks],
        colors=_INK["grid"],
        linewidth=0.6,
        zorder=0,
    )
    for tick, words in zip(layout.ticks, layout.tick_labels, strict=True):
        plot.text(left - 4 * plot.dx, tick, words, ha="right", va="center", color=_INK["muted"])
    plot.segments([((left, bottom), (right, bottom))], colors=_INK["axis"], linewidth=0.8)
    plot.segments(
        [((x, bottom - 3 * plot.dy), (x, bottom)) for x in range(count)],
        colors=_INK["axis"],
        linewidth=0.8,
    )
    for x, words in enumerate(_thinned(spec.ticks or spec.categories)):
        plot.text(x, bottom - 5 * plot.dy, words, ha="center", va="top", color=_INK["muted"])
    for i, series in enumerate(spec.series):
        colour = _SERIES[i % len(_SERIES)]
        plot.line(range(count), [_middle(p) for p in series.points], color=colour, linewidth=1.6)
        single = [(x, _float(p.low)) for x, p in enumerate(series.points) if _is_single(p)]
        if single:
            xs, ys = zip(*single, strict=True)
            plot.line(
                xs,
                ys,
                linestyle="none",
                marker=_MARKERS[i % len(_MARKERS)],
                markersize=5,
                color=colour,
            )
        ranges = [
            ((x, _float(p.low)), (x, _float(p.high)))
            for x, p in enumerate(series.points)
            if p.low is not None and p.high is not None
        ]
        if ranges:
            plot.segments(ranges, colors=colour, linewidth=4, alpha=0.45)
            ends = [end for segment in ranges for end in segment]
            plot.line(
                [e[0] for e in ends],
                [e[1] for e in ends],
                linestyle="none",
                marker="_",
                markersize=9,
                markeredgewidth=1.6,
                color=colour,
            )
    for label in _trend_labels(spec, bottom, top):
        plot.text(
            label.slot + label.offset[0] * plot.dx,
            label.value + label.offset[1] * plot.dy,
            label.text,
            ha="center",
            va=label.va,
        )


def _is_single(point: Point) -> bool:
    """A point with one figure (a marker), not a range and not a gap."""
    return point.low is not None and point.high is None


@dataclass(frozen=True)
class _Label:
    """A value's label on a trend: at a slot and value, moved by an offset in points."""

    text: str
    slot: int
    value: float
    offset: tuple[float, float]
    va: str


def _trend_labels(spec: FigureSpec, bottom: float, top: float) -> list[_Label]:
    """The labels that fit: each series' last, first, highest and lowest value first, then
    the others; above the point, else below it; none over another or off the figure."""
    left, plot_top, width, height = spec.layout.plot
    count = len(spec.categories)
    taken: list[tuple[float, float, float, float]] = []
    placed = []
    for slot, point in _label_order(spec):
        value = float(point.high if point.high is not None else point.low or 0)
        x = left + (slot + 0.5) / count * width
        y = plot_top + height * (1 - (value - bottom) / (top - bottom))
        half = text_width(point.label) / 2
        # Within the figure on the right, and clear of the value axis's words on the left.
        shift = min(0.0, WIDTH_PT - 1 - (x + half)) + max(0.0, left - (x - half))
        lowest = float(point.low or 0)
        below = plot_top + height * (1 - (lowest - bottom) / (top - bottom))
        for box, offset, va in (
            ((x + shift - half, y - 4 - _LINE, x + shift + half, y - 4), (shift, 4.0), "bottom"),
            (
                (x + shift - half, below + 4, x + shift + half, below + 4 + _LINE),
                (shift, -4.0),
                "top",
            ),
        ):
            if not any(_overlap(box, other) for other in taken):
                taken.append(box)
                at = value if va == "bottom" else lowest
                placed.append(_Label(point.label, slot, at, offset, va))
                break
    return placed


def _label_order(spec: FigureSpec) -> list[tuple[int, Point]]:
    """Each series' points with a value: its last, first, highest and lowest first."""
    first: list[tuple[int, Point]] = []
    rest: list[tuple[int, Point]] = []
    for series in spec.series:
        found = [(i, p) for i, p in enumerate(series.points) if p.low is not None]
        if not found:
            continue
        chosen = [
            found[-1],
            found[0],
            max(found, key=lambda f: _middle(f[1])),
            min(found, key=lambda f: _middle(f[1])),
        ]
        first += [c for i, c in enumerate(chosen) if c not in chosen[:i]]
        rest += [f for f in found if f not in chosen]
    return first + rest


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two boxes (left, top, right, bottom) overlap, with a point to spare."""
    return a[0] < b[2] + 1 and b[0] < a[2] + 1 and a[1] < b[3] and b[1] < a[3]


def _thinned(categories: Sequence[str]) -> list[str]:
    """Every slot's label where they fit side by side, else every other one (the last kept)."""
    count = len(categories)
    room = (WIDTH_PT - 60) / max(count, 1)
    if max(text_width(c) for c in categories) + 4 <= room:
        return list(categories)
    return [c if i % 2 == (count - 1) % 2 else "" for i, c in enumerate(categories)]


def _rows_plot(fig: Figure, spec: FigureSpec, x: tuple[float, float]) -> _Plot:
    """The plot of a chart in rows: y in points from the figure's top, downwards."""
    _, top, _, height = spec.layout.plot
    return _Plot(fig, spec, x, (top + height, top))


def _draw_dots(fig: Figure, spec: FigureSpec) -> None:
    """One row per place, ranked: a dot at its value (a bar for a range), its value beside."""
    layout = spec.layout
    _, top, width, height = layout.plot
    points = spec.series[0].points
    extent = _fit(points, width)
    plot = _rows_plot(fig, spec, (0, extent))
    bottom = top + height
    plot.segments(
        [((t, top), (t, bottom)) for t in layout.ticks],
        colors=_INK["grid"],
        linewidth=0.6,
        zorder=0,
    )
    plot.segments([((0, bottom), (extent, bottom))], colors=_INK["axis"], linewidth=0.8)
    for tick, words in zip(layout.ticks, layout.tick_labels, strict=True):
        plot.text(tick, bottom + 4, words, ha="center", va="top", color=_INK["muted"])
    colour = _SERIES[0]
    for row, point in zip(layout.rows, points, strict=True):
        plot.text(
            -6 * plot.dx, row.middle, "\n".join(row.lines), ha="right", va="center", linespacing=1.3
        )
        if point.low is None:
            continue
        end = float(point.high if point.high is not None else point.low)
        if point.high is not None:
            plot.segments(
                [((float(point.low), row.middle), (end, row.middle))],
                colors=colour,
                linewidth=4,
                alpha=0.45,
            )
            plot.line(
                [float(point.low), end],
                [row.middle] * 2,
                linestyle="none",
                marker="|",
                markersize=8,
                markeredgewidth=1.6,
                color=colour,
            )
        else:
            plot.line(
                [end], [row.middle], linestyle="none", marker="o", markersize=5.5, color=colour
            )
        plot.text(end + 6 * plot.dx, row.middle, point.label, ha="left", va="center")


def _fit(points: Sequence[Point], width: float) -> float:
    """The end of a value axis `width` points long that leaves room after each point for its
    label."""
    need = 1e-9
    for point in points:
        value = abs(_float(point.high if point.high is not None else point.low))
        if math.isnan(value):
            continue
        room = 1 - (text_width(point.label) + 10) / width
        need = max(need, value / max(room, 0.2))
    return need


def _draw_bars(fig: Figure, spec: FigureSpec) -> None:
    """The parts of one figure: a bar each, its name above it, its value at its end; a
    range (sources differ) hatched from the lowest figure to the highest."""
    layout = spec.layout
    points = spec.series[0].points
    extent = _fit(points, layout.plot[2])
    plot = _rows_plot(fig, spec, (0, extent))
    for row, point in zip(layout.rows, points, strict=True):
        plot.text(0, row.top, "\n".join(row.lines), va="top", ha="left", linespacing=1.3)
        _bar(plot, row, point, _SERIES[0])


def _bar(plot: _Plot, row: Row, point: Point, colour: str) -> None:
    """One bar from zero to the value (and a hatched range on to the highest figure), a short
    stroke at zero, and its label past its outer end."""
    low = _float(point.low)
    if low:
        plot.box(0, row.middle - _BAR / 2, low, _BAR, color=colour, linewidth=0)
    end = low
    if point.high is not None:
        end = float(point.high)
        plot.box(
            low,
            row.middle - _BAR / 2,
            end - low,
            _BAR,
            facecolor="none",
            edgecolor=colour,
            hatch="////",
            linewidth=0.6,
        )
    plot.segments(
        [((0, row.middle - _BAR / 2 - 1), (0, row.middle + _BAR / 2 + 1))],
        colors=_INK["axis"],
        linewidth=0.8,
    )
    outward = -1 if end < 0 else 1
    plot.text(
        end + 4 * outward * plot.dx,
        row.middle,
        point.label,
        va="center",
        ha="right" if outward < 0 else "left",
    )


def _draw_change(fig: Figure, spec: FigureSpec) -> None:
    """Stated changes around zero: decreases to the left, increases to the right, an
    unchanged figure at zero; each indicator's name above its bar."""
    layout = spec.layout
    points = spec.series[0].points
    extent = _fit(points, layout.plot[2] / 2)
    plot = _rows_plot(fig, spec, (-extent, extent))
    for row, point in zip(layout.rows, points, strict=True):
        plot.text(-extent, row.top, "\n".join(row.lines), va="top", ha="left", linespacing=1.3)
        value = _float(point.high if point.high is not None else point.low)
        _bar(plot, row, point, _DECREASE if value < 0 else _INCREASE)


_DRAWERS: Mapping[ChartKind, Callable[[Figure, FigureSpec], None]] = {
    "trend": _draw_trend,
    "dots": _draw_dots,
    "bars": _draw_bars,
    "change": _draw_change,
}


def draw(spec: FigureSpec) -> bytes:
    """Render a spec to SVG bytes of the size its layout states, on a transparent
    background."""
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        layout = spec.layout
        fig = Figure(figsize=(WIDTH_PT / 72, layout.height / 72), dpi=72)
        FigureCanvasSVG(fig)
        fig.patch.set_visible(False)
        _draw_header(fig, spec)
        _DRAWERS[spec.kind](fig, spec)
        _draw_note(fig, spec)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def dark_variant(svg: bytes, colours: Mapping[str, str]) -> bytes:
    """The SVG for dark pages: each colour of a light palette swapped for its counterpart
    (no second drawing); colours that read on both stay."""

    def swap(found: re.Match[bytes]) -> bytes:
        colour = found.group().decode()
        return colours.get(colour, colour).encode()

    return _COLOUR.sub(swap, svg)


def measured_size(svg: bytes) -> tuple[int, int]:
    """The width and height an SVG states, in CSS pixels (for a drawing whose size is known
    only once drawn)."""
    found = re.search(rb'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if found is None:
        raise ValueError("an SVG with no width and height in points")
    width, height = (float(v) for v in found.groups())
    return round(width * _CSS_PX_PER_PT), round(height * _CSS_PX_PER_PT)


def dark_path(path: str) -> str:
    """Where a figure's dark variant lives, beside it: 'x/y.svg' -> 'x/y.dark.svg'."""
    return path.removesuffix(".svg") + ".dark.svg"


def default_cache_dir() -> Path:
    """Outside the source tree: $VN_REVIEW_CACHE, else the user's cache folder."""
    if os.environ.get("VN_REVIEW_CACHE"):
        return Path(os.environ["VN_REVIEW_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "vn-review-site" / "figures"


@dataclass(frozen=True)
class RenderStats:
    """Distinct drawings made now, distinct drawings read from the cache, and the CPU
    seconds the drawings took in whichever processes drew them."""

    drawn: int
    cached: int
    cpu: float = 0.0


# A cache entry is the SVG after one line with a SHA-256 over the spec's digest, the code's
# version and the SVG: a truncated, emptied or altered entry, or one written for another spec
# or by other code, fails the check and is drawn again. Anyone who reads this can still write
# a matching header, so an entry is also held to what matplotlib writes (`svg_is_inert`).
_HEADER = b"sha256 "
# A chart is tens of kilobytes; anything far larger is not one of ours.
MAX_CACHED_BYTES = 4_000_000
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
_CC = "http://creativecommons.org/ns#"
_XML = "http://www.w3.org/XML/1998/namespace"
# Every element and attribute matplotlib writes for these charts and maps (namespace, name),
# and no other; a map adds a link and a tooltip (<a>, <title>) to each unit, and its language.
_ELEMENTS = frozenset(
    {(_SVG, n) for n in ("svg", "metadata", "defs", "style", "g", "path", "use", "clipPath")}
    | {(_SVG, n) for n in ("rect", "text", "pattern", "a", "title")}
    | {(_RDF, "RDF"), (_CC, "Work"), (_CC, "Agent")}
    | {(_DC, n) for n in ("type", "format", "creator", "title")}
)
_ATTRIBUTES = frozenset(
    ("", n) for n in ("id", "transform", "d", "x", "y", "width", "height", "viewBox", "version")
) | {("", "patternUnits"), ("", "type")}
_LINK = (_SVG, "a")
_XLINK_HREF = (_XLINK, "href")
_TARGET = ("", "target")
_XML_LANG = (_XML, "lang")
_RDF_RESOURCE = (_RDF, "resource")
_STILL_IMAGE = "http://purl.org/dc/dcmitype/StillImage"
_LOCAL_HREF = re.compile(r"#[A-Za-z0-9_-]+")
# A link from a figure to a page of the site, relative to the page showing it
# ('../../provinces/63/nghe-an/'): lowercase slugs only, so no scheme, host, root, colon,
# backslash, space or control character can be spelt.
RELATIVE_ADDRESS = re.compile(r"(?=.)(?:\.\./)*(?:[a-z0-9][a-z0-9-]*/)*(?:[a-z0-9][a-z0-9-]*/?)?")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Values that are CSS, where a function (url(), image-set(), expression()…) could fetch or run
# something: only url(#id) is allowed, and no at-rule or escape (which could spell either).
_CSS_VALUED = frozenset({("", "style"), ("", "fill"), ("", "clip-path")})
_UNSAFE_CSS = re.compile(r"(?<![\w-])(?!url\(#[A-Za-z0-9_-]+\))[\w-]+\s*\(|[@\\]")


class _Unsafe(Exception):
    """Something in an SVG that a chart drawn here never holds."""


def _refuse(*_: object) -> None:
    raise _Unsafe


def _split(name: str) -> tuple[str, str]:
    """'http://www.w3.org/2000/svg path' -> (namespace, local name); no namespace -> ''."""
    space, _, local = name.rpartition(" ")
    return space, local


def _href_is_safe(element: tuple[str, str], value: str) -> bool:
    """A link (<a>) leads to a page of the site, relative; anything else refers to an '#id'
    of the same file."""
    if element == _LINK:
        return RELATIVE_ADDRESS.fullmatch(value) is not None
    return _LOCAL_HREF.fullmatch(value) is not None


class _Checker:
    """Expat callbacks holding an SVG to what matplotlib writes for a chart."""

    def __init__(self) -> None:
        self.started = False
        self.in_style = False

    def doctype(self, name: str, system: str | None, public: str | None, internal: int) -> None:
        """Only matplotlib's SVG 1.1 declaration: no internal subset, so no entity is declared."""
        if name != "svg" or public != "-//W3C//DTD SVG 1.1//EN" or internal:
            raise _Unsafe

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """An allowed element, with allowed attributes and values."""
        element = _split(name)
        if element not in _ELEMENTS or (not self.started and element != (_SVG, "svg")):
            raise _Unsafe
        self.started = True
        self.in_style = element == (_SVG, "style")
        for key, value in attributes.items():
            attribute = _split(key)
            if attribute == _XLINK_HREF:
                safe = _href_is_safe(element, value)
            elif attribute == _TARGET:
                safe = element == _LINK and value == "_top"
            elif attribute == _XML_LANG:
                safe = element == (_SVG, "svg") and _LANGUAGE_CODE.fullmatch(value) is not None
            elif attribute == _RDF_RESOURCE:
                safe = element == (_DC, "type") and value == _STILL_IMAGE
            elif attribute in _CSS_VALUED:
                safe = not _UNSAFE_CSS.search(value)
            else:
                safe = attribute in _ATTRIBUTES
            if not safe:
                raise _Unsafe

    def end(self, name: str) -> None:
        """Leave an element."""
        self.in_style = False

    def text(self, data: str) -> None:
        """Text is inert in SVG, but in a <style> element it is CSS."""
        if self.in_style and _UNSAFE_CSS.search(data):
            raise _Unsafe


def svg_is_inert(data: bytes) -> bool:
    """Whether an SVG holds only what matplotlib writes for a chart or a map: known elements
    and attributes, references only to '#id' in the same file, links (<a>) only to a relative
    page address opened in the top window, CSS with no outside reference; no script, event
    handler, foreign content, entity declaration or processing instruction."""
    if not data.startswith(b"<?xml"):
        return False
    checker = _Checker()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = checker.doctype
    parser.StartElementHandler = checker.start
    parser.EndElementHandler = checker.end
    parser.CharacterDataHandler = checker.text
    for handler in _REFUSED_HANDLERS:
        setattr(parser, handler, _refuse)
    try:
        parser.Parse(data, True)
    except (_Unsafe, expat.ExpatError):
        return False
    return True


# Whatever matplotlib never writes: declarations, entities, PIs, comments, CDATA.
_REFUSED_HANDLERS = (
    "EntityDeclHandler",
    "UnparsedEntityDeclHandler",
    "NotationDeclHandler",
    "ElementDeclHandler",
    "AttlistDeclHandler",
    "ExternalEntityRefHandler",
    "SkippedEntityHandler",
    "ProcessingInstructionHandler",
    "CommentHandler",
    "StartCdataSectionHandler",
)


def _entry_header(digest: str, data: bytes) -> bytes:
    """The first line of the cache entry for the spec with this digest."""
    keyed = digest.encode() + CODE_VERSION.encode() + data
    return _HEADER + hashlib.sha256(keyed).hexdigest().encode()


def _read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, at most `limit`; None for a link, a device, a FIFO or a folder
    (opened without following links or waiting), for a larger file, or when it cannot be read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        try:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            blob = file.read(limit + 1)
        except OSError:
            return None
    return blob if len(blob) <= limit else None


def _read_cached(cache: Path, digest: str, inert: frozenset[bytes]) -> tuple[bytes, bytes] | None:
    """A verified cache entry and its header, or None (missing, not a file, damaged,
    another's, or unsafe). An entry whose header is among those this machine found `inert`
    (the header hashes the entry's bytes) is not parsed again."""
    blob = _read_regular(cache / f"{digest}.svg", MAX_CACHED_BYTES + 100)
    if blob is None:
        return None
    header, _, data = blob.partition(b"\n")
    if header != _entry_header(digest, data):
        return None
    if header not in inert and not svg_is_inert(data):
        return None
    return data, header


# Beside the entries, signed with this machine's key (`memo`): the headers of the entries it
# found inert, so that a build parses only entries it has not met (a restored cache has no
# signature that holds here, and every entry is parsed once again).
_INERT = "inert"
# More than this many remembered, and only the last build's are kept.
_INERT_KEPT = 100_000


def _known_inert(cache: Path) -> frozenset[bytes]:
    """The headers of entries this machine found inert."""
    found = memo_for(cache, "verified").get(_INERT)
    return found if isinstance(found, frozenset) else frozenset()


def _remember_inert(cache: Path, known: frozenset[bytes], found: set[bytes]) -> None:
    """Remember the headers of the entries found inert in this build, with those known."""
    if found <= known:
        return
    kept = found | known if len(found | known) <= _INERT_KEPT else found
    memo_for(cache, "verified").put(_INERT, frozenset(kept))


def _store(cache: Path, digest: str, data: bytes) -> None:
    """Write atomically so a killed build never leaves half a figure; skip if it cannot.

    The temporary file is created new (never through a link someone left in its place)."""
    tmp = cache / f".{digest}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(tmp, flags, 0o644), "wb") as file:
            file.write(_entry_header(digest, data) + b"\n" + data)
        tmp.replace(cache / f"{digest}.svg")
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # a link left in its place goes, never what it names


def render_all(
    specs: Mapping[str, Drawable],
    cache: Path,
    jobs: int | None = None,
    on_done: Callable[[int], None] | None = None,
) -> tuple[dict[str, bytes], RenderStats]:
    """SVG bytes for every spec, drawing only what the cache lacks, in parallel.

    The cache only saves time: an entry that fails its check, or a cache that cannot be read
    or written, means drawing again.
    """
    by_digest = {spec.digest: spec for _, spec in sorted(specs.items())}
    known = _known_inert(cache)
    svgs: dict[str, bytes] = {}
    inert: set[bytes] = set()
    for digest in by_digest:
        entry = _read_cached(cache, digest, known)
        if entry is not None:
            svgs[digest] = entry[0]
            inert.add(entry[1])
    if on_done:
        on_done(len(svgs))
    drawn, cpu = _draw_many([s for d, s in by_digest.items() if d not in svgs], jobs, on_done)
    for digest, data in drawn.items():
        if not svg_is_inert(data):
            raise ValueError(f"figure {by_digest[digest].path} drew an unsafe SVG")
        _store(cache, digest, data)
    svgs.update(drawn)
    _remember_inert(cache, known, inert | {_entry_header(d, data) for d, data in drawn.items()})
    out = {path: svgs[spec.digest] for path, spec in sorted(specs.items())}
    return out, RenderStats(drawn=len(drawn), cached=len(by_digest) - len(drawn), cpu=cpu)


def _render(spec: Drawable) -> tuple[bytes, float]:
    """Draw one spec, and the CPU seconds that took (a function a process pool can call)."""
    started = time.process_time()
    data = spec.render()
    return data, time.process_time() - started


def _fresh_workers() -> multiprocessing.context.BaseContext:
    """Workers forked from a clean process that has imported only this module: a worker
    forked from the build would share its whole heap (the corpus, every page), and a process
    tree's memory counts that once per worker (2.96 GB at N = 2,000, cold)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _draw_many(
    specs: list[Drawable], jobs: int | None, on_done: Callable[[int], None] | None
) -> tuple[dict[str, bytes], float]:
    """Draw specs, across processes when there are enough to pay for starting them; the
    drawings by digest, and the CPU seconds they took."""
    workers = min(jobs or os.cpu_count() or 1, len(specs))
    results: dict[str, bytes] = {}
    cpu = 0.0
    with contextlib.ExitStack() as stack:
        if workers <= 1 or len(specs) < 8:
            drawings: Iterable[tuple[bytes, float]] = map(_render, specs)
        else:
            context = _fresh_workers()
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context))
            drawings = pool.map(_render, specs, chunksize=4)
        for spec, (data, seconds) in zip(specs, drawings, strict=True):
            results[spec.digest] = data
            cpu += seconds
            if on_done:
                on_done(1)
    return results, cpu
