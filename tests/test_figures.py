"""Figures as a reader gets them: deterministic bytes, the size a page states, text a phone can
read, a transparent background, a dark variant without a second drawing, never zero for a
figure not reported; and drawn once per content."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from generator import figures
from generator.charts import figure_csv
from generator.figures import (
    DARK,
    WIDTH_PT,
    FigureSpec,
    Point,
    Series,
    dark_path,
    dark_variant,
    draw,
    render_all,
    svg_is_inert,
    text_width,
)


def _points(*values: int | tuple[int, int] | None) -> tuple[Point, ...]:
    found = []
    for value in values:
        if value is None:
            found.append(Point(None, words="not reported"))
        elif isinstance(value, tuple):
            found.append(Point(Decimal(value[0]), Decimal(value[1]), f"{value[0]}–{value[1]}"))
        else:
            found.append(Point(Decimal(value), None, f"{value:,}", f"{value:,} cases"))
    return tuple(found)


TREND = FigureSpec(
    path="figures/trend.svg",
    kind="trend",
    title="Crimes against social order, Nghệ An",
    subtitle="first half of each year",
    axis_label="cases",
    categories=tuple(f"first half of {y}" for y in range(2019, 2024)),
    ticks=("2019", "2020", "2021", "2022", "2023"),
    series=(Series("", _points(1610, None, 1470, (1234, 1250), 1190)),),
    alt="Line chart.",
    note="Not reported: first half of 2020.",
)
DOTS = FigureSpec(
    path="figures/dots.svg",
    kind="dots",
    title="Crimes against social order by provincial unit",
    subtitle="2024 · 63 provincial units (until 30 June 2025)",
    axis_label="cases",
    categories=("Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Gia Lai", "Quảng Trị"),
    series=(Series("", _points(2100, (1500, 1550), 650, 480, 300)),),
    alt="Dot chart.",
)
BARS = dataclasses.replace(
    DOTS,
    path="figures/bars.svg",
    kind="bars",
    categories=("Social order", "Economy, corruption and abuse of office", "Drugs"),
    series=(Series("", _points(30000, 4000, (16000, 16500))),),
)
CHANGE = FigureSpec(
    path="figures/change.svg",
    kind="change",
    title="Stated changes in counts, Whole country",
    subtitle="2024, compared with 2023",
    axis_label="% change as stated by the source",
    categories=("Criminal cases (cases)", "Crimes (cases)", "Drug offences (cases)"),
    series=(
        Series(
            "",
            (
                Point(Decimal(0), None, "unchanged"),
                Point(Decimal("-3.5"), None, "−3.5%"),
                Point(Decimal("2.1"), None, "+2.1%"),
            ),
        ),
    ),
    alt="Bar chart of changes.",
)
EVERY_KIND = [TREND, DOTS, BARS, CHANGE]
KIND_IDS = [spec.kind for spec in EVERY_KIND]


@pytest.mark.parametrize("spec", EVERY_KIND, ids=KIND_IDS)
def test_the_same_spec_gives_the_same_bytes(spec: FigureSpec) -> None:
    first, second = draw(spec), draw(spec)
    assert first == second
    assert first.startswith(b"<?xml")
    assert b"Date" not in first.split(b"</metadata>")[0].split(b"<metadata>")[-1]


@pytest.mark.parametrize("spec", EVERY_KIND, ids=KIND_IDS)
def test_the_drawing_has_the_size_the_page_states(spec: FigureSpec) -> None:
    svg = draw(spec).decode()
    width, height = (
        float(v) for v in re.findall(r'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"', svg)[0]
    )
    assert width == WIDTH_PT
    assert spec.size == (round(width * 4 / 3), round(height * 4 / 3))


@pytest.mark.parametrize("spec", EVERY_KIND, ids=KIND_IDS)
def test_text_reads_at_eleven_pixels_on_a_390_pixel_phone(spec: FigureSpec) -> None:
    # A 390 px screen leaves about 358 CSS px for a figure: the drawing is scaled to that.
    svg = draw(spec).decode()
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert sizes
    assert min(sizes) * 358 / WIDTH_PT >= 11


@pytest.mark.parametrize("spec", EVERY_KIND, ids=KIND_IDS)
def test_the_background_is_transparent(spec: FigureSpec) -> None:
    svg = draw(spec).decode()
    assert "#ffffff" not in svg and "fill: white" not in svg
    # No rectangle from the figure's corner across its width: nothing paints the background.
    assert not re.search(r'<path d="M 0 [\d.]+\s+L 288 ', svg)


@pytest.mark.parametrize("spec", EVERY_KIND, ids=KIND_IDS)
def test_the_dark_variant_swaps_every_colour_and_stays_inert(spec: FigureSpec) -> None:
    light = draw(spec)
    colours = set(re.findall(rb"#[0-9a-f]{6}", light))
    assert colours and {c.decode() for c in colours} <= set(DARK)
    dark = spec.dark(light)
    assert dark == dark_variant(light, DARK)
    assert not set(re.findall(rb"#[0-9a-f]{6}", dark)) & colours
    # Text with no colour of its own would be black on a dark page.
    assert all("fill:" in t for t in re.findall(r"<text [^>]*>", dark.decode()))
    assert svg_is_inert(dark)
    assert dark_path("en/figures/x/y.svg") == "en/figures/x/y.dark.svg"


def test_a_period_with_no_figure_is_a_gap_never_zero() -> None:
    svg = draw(TREND).decode()
    assert "Not reported: first half of 2020." in svg
    line = re.findall(r'<path d="(M [^"]*)"[^>]*style="fill: none; stroke: #0072b2', svg)[0]
    assert line.count("M ") == 2  # the line breaks at the gap, it does not drop to zero
    assert figure_csv(TREND).splitlines()[2] == ",first half of 2020,,,not reported"
    assert figure_csv(TREND).splitlines()[4] == ",first half of 2022,1234,1250,1234–1250"


def test_labels_do_not_collide() -> None:
    crowded = dataclasses.replace(
        TREND,
        categories=tuple(str(y) for y in range(2014, 2026)),
        ticks=(),
        series=(Series("", _points(*(146678 + i for i in range(12)))),),
    )
    svg = draw(crowded).decode()
    labels = re.findall(r">(146,6\d\d)</text>", svg)
    assert 2 <= len(labels) < 12  # not every value fits: the first, the last, the extremes


@pytest.fixture
def spec() -> FigureSpec:
    return TREND


@pytest.mark.parametrize("spec", EVERY_KIND, ids=KIND_IDS)
def test_text_measured_once_draws_what_matplotlib_s_own_measure_draws(
    spec: FigureSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    remembered = draw(spec)

    def matplotlib_s_own(
        renderer: RendererSVG, text: str, font: FontProperties, ismath: bool
    ) -> tuple[float, float, float]:
        return renderer._text2path.get_text_width_height_descent(text, font, ismath)

    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent", matplotlib_s_own)
    assert draw(spec) == remembered


def test_a_line_s_measure_depends_on_its_font() -> None:
    small, large = FontProperties(size=9), FontProperties(size=10.5)
    words = "Thành phố Hồ Chí Minh"
    assert figures._text_metrics(words, small, False) != figures._text_metrics(words, large, False)
    assert figures._text_metrics(words, large, False) == TextToPath().get_text_width_height_descent(
        words, large, False
    )


def test_cached_figures_are_not_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: FigureSpec
) -> None:
    first, stats = render_all({spec.path: spec}, tmp_path)
    assert stats.drawn == 1 and stats.cpu > 0

    def fail(spec: FigureSpec) -> bytes:
        raise AssertionError("a cached figure was drawn again")

    monkeypatch.setattr(figures, "draw", fail)
    again, stats = render_all({spec.path: spec}, tmp_path)
    assert stats.drawn == 0 and stats.cpu == 0
    assert again == first


def test_a_changed_spec_is_drawn_again(tmp_path: Path, spec: FigureSpec) -> None:
    render_all({spec.path: spec}, tmp_path)
    changed = dataclasses.replace(spec, series=(Series("", _points(1, 2, 3, 4, 5)),))
    _, stats = render_all({changed.path: changed}, tmp_path)
    assert stats.drawn == 1


def test_a_label_at_the_left_end_stays_clear_of_the_value_axis() -> None:
    first = Point(Decimal(26800), None, "more than 26,800")
    spec = dataclasses.replace(TREND, series=(Series("", (first, *TREND.series[0].points[1:])),))
    svg = draw(spec).decode()
    x = float(re.findall(r'<text [^>]*x="([\d.]+)"[^>]*>more than 26,800</text>', svg)[0])
    assert x - text_width("more than 26,800") / 2 >= spec.layout.plot[0] - 0.01
