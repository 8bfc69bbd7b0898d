"""What each chart plots, asserted directly: one point per reported figure (a range where
sources differ), periods compared with their kind on an axis with gaps, like with like on one
axis, signs of stated changes, money in billions; and when a chart is drawn at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from decimal import Decimal
from typing import Any

import pytest
from conftest import CONTENT

from generator import charts
from generator.charts import Chart, Trend, figure_csv
from generator.figures import FigureSpec, Point, Series
from generator.languages import language
from generator.model import Observation, Scope, StatedChange, unit_key
from generator.periods import comparison_period, parse_period
from generator.schema import Dimension, Member
from generator.validate import Registries, read_registries

EN, VI = language("en"), language("vi")
NATIONAL = Scope("national")


@functools.cache
def _registries() -> Registries:
    found, problems = read_registries(CONTENT)
    assert found is not None, problems
    return found


def province(slug: str, system: str = "63") -> Scope:
    """A provincial unit's scope."""
    return Scope("province", _registries().provinces.units[unit_key(system, slug)])


def obs(
    value: int | str | None = 1,
    *,
    indicator: str = "social_order_crimes",
    unit: str | None = None,
    scope: Scope = NATIONAL,
    period: str | None = "2023",
    as_of: dt.date | None = None,
    ratio: tuple[int, int] | None = None,
    change: tuple[str, str | None] | None = None,
    breakdown: tuple[str, str] | None = None,
    qualifier: Any = None,
    conference: str = "c1",
    held: dt.date = dt.date(2024, 1, 20),
    metric: str = "m",
) -> Observation:
    """An observation as the model holds it: only what a chart reads is given."""
    catalog = _registries().catalog
    kind = catalog.indicators[indicator]
    found = None if period is None else parse_period(period)
    stated = None
    if change is not None:
        direction, size = change
        assert found is not None
        stated = StatedChange(
            direction,  # type: ignore[arg-type]
            None if size is None else Decimal(size),
            "percent",
            None,
            "same_period",
            comparison_period(found, "same_period"),
            None,
        )
    parts: tuple[tuple[Dimension, Member], ...] = ()
    if breakdown is not None:
        dimension = catalog.dimensions[breakdown[0]]
        member = next(m for m in dimension.members if m.key == breakdown[1])
        parts = ((dimension, member),)
    return Observation(
        conference_id=conference,
        conference_date=held,
        metric_id=metric,
        indicator=kind,
        unit=catalog.units[unit or kind.units[0]],
        scope=scope,
        breakdown=parts,
        period=found,
        as_of=as_of,
        reporting_period=found or parse_period(str(held.year - 1)),
        value=None if value is None else Decimal(value),
        ratio=ratio,
        qualifier=qualifier,
        change=stated,
        target=None,
        whole=None,
        note=None,
        citations=(),
    )


def number(value: Decimal | None) -> float | None:
    """A plotted value as a plain number, to compare with literals."""
    return None if value is None else float(value)


def series_of(chart: Chart[FigureSpec]) -> list[list[tuple[float | None, float | None]]]:
    """Each series' (low, high) per category."""
    return [[(number(p.low), number(p.high)) for p in s.points] for s in chart.spec.series]


def national_trends(*observations: Observation) -> list[Trend]:
    """The trends of the nation from these observations."""
    return charts.trends([(NATIONAL, None, observations)])


def drawn(*observations: Observation, lang: Any = EN) -> list[Chart[FigureSpec]]:
    """The over-time charts of the nation from these observations."""
    return charts.trend_charts(national_trends(*observations), lang, "Whole country")


# ------------------------------------------------------------------ one point per figure


def test_the_same_figure_from_two_conferences_is_one_point_not_two_bars() -> None:
    found = drawn(
        obs(100, period="2021"),
        obs(110, period="2022"),
        obs(120, period="2023", conference="c1"),
        obs(120, period="2023", conference="c2", held=dt.date(2024, 7, 1)),
    )
    assert len(found) == 1
    assert found[0].spec.categories == ("2021", "2022", "2023")
    assert series_of(found[0]) == [[(100, None), (110, None), (120, None)]]
    assert [p.label for p in found[0].spec.series[0].points] == ["100", "110", "120"]


def test_figures_that_differ_are_a_range_labelled_as_such() -> None:
    found = drawn(
        obs(100, period="2021"),
        obs(110, period="2022"),
        obs(120, period="2023", conference="c1"),
        obs(125, period="2023", conference="c2"),
    )
    last = found[0].spec.series[0].points[-1]
    assert (number(last.low), number(last.high)) == (120, 125)
    assert last.label == "120–125"
    assert last.words == "120 cases / 125 cases (sources differ)"
    assert "sources differ" in found[0].spec.note


def test_a_stock_stands_in_the_year_of_its_date_the_latest_date_winning() -> None:
    communes: dict[str, Any] = {"indicator": "drug_free_communes", "period": None}
    found = drawn(
        obs(10, as_of=dt.date(2021, 12, 31), **communes),
        obs(12, as_of=dt.date(2022, 6, 30), **communes),
        obs(15, as_of=dt.date(2022, 12, 31), **communes),
        obs(20, as_of=dt.date(2023, 12, 31), **communes),
    )
    assert found[0].spec.categories == ("2021", "2022", "2023")
    assert series_of(found[0]) == [[(10, None), (15, None), (20, None)]]
    assert "as of 31 Dec 2022" in found[0].spec.series[0].points[1].words
    assert found[0].spec.subtitle == "by year, as of the latest date reported in each year"


def test_a_share_is_drawn_in_percent_of_its_unit() -> None:
    share: dict[str, Any] = {"indicator": "drug_free_communes", "period": None, "value": None}
    found = drawn(
        obs(ratio=(1, 4), as_of=dt.date(2021, 12, 1), **share),
        obs(ratio=(1, 2), as_of=dt.date(2022, 12, 1), **share),
        obs(ratio=(217, 460), as_of=dt.date(2023, 12, 1), **share),
    )
    spec = found[0].spec
    assert spec.axis_label == "share of communes, wards and towns (%)"
    assert spec.bounded
    assert [p.label for p in spec.series[0].points] == ["25.0%", "50.0%", "47.2%"]


# ------------------------------------------------------------------ periods of one kind


def test_periods_are_compared_with_their_kind_on_an_axis_with_gaps() -> None:
    found = drawn(
        obs(1, period="2019-H1"),
        obs(2, period="2020-H1"),
        obs(4, period="2023-H1"),
        obs(9, period="2023"),
        obs(3, period="2023-05"),
        obs(3, period="2023-01-01/2023-07-25"),
    )
    assert len(found) == 1  # the year (one figure) and the month and range are not trended
    spec = found[0].spec
    assert spec.categories == tuple(f"first half of {y}" for y in range(2019, 2024))
    assert spec.ticks == ("2019", "2020", "2021", "2022", "2023")
    assert series_of(found[0]) == [[(1, None), (2, None), (None, None), (None, None), (4, None)]]
    assert spec.subtitle == "first half of each year"
    assert spec.note.startswith("Not reported: first half of 2021, first half of 2022.")
    assert spec.series[0].points[2].words == "not reported"


def test_nine_months_and_quarters_make_their_own_trends() -> None:
    found = drawn(
        *(obs(i, period=f"{2020 + i}-9M") for i in range(3)),
        *(obs(i, period=f"{2020 + i}-Q1") for i in range(3)),
        *(obs(i, period=f"{2020 + i}-Q3") for i in range(3)),
    )
    assert [c.spec.subtitle for c in found] == [
        "first nine months of each year",
        "Q1 of each year",
        "Q3 of each year",
    ]


def test_two_figures_are_words_and_one_is_nothing() -> None:
    two = national_trends(obs(58086, period="2022"), obs(58100, period="2023"))
    assert [t.charted for t in two] == [False]
    assert drawn(obs(58086, period="2022"), obs(58100, period="2023")) == []
    assert two[0].words(EN) == (
        "Crimes against social order, by year: 58,086 cases (2022); "
        "58,100 cases (2023), as reported."
    )
    assert two[0].words(VI) == (
        "Tội phạm về trật tự xã hội, theo năm: 58.086 vụ (năm 2022); "
        "58.100 vụ (năm 2023), theo báo cáo."
    )
    one = national_trends(obs(58086, period="2022"))
    assert one[0].observed == 1


def test_a_new_unit_shows_the_units_it_was_formed_from_as_lines_of_their_own() -> None:
    new, old = province("quang-tri", "34"), province("quang-binh")
    since = dt.date(2025, 7, 1)
    found = charts.trends(
        [
            (new, None, [obs(300, scope=new, period="2025", held=dt.date(2026, 1, 5))]),
            (old, since, [obs(100, scope=old, period="2022"), obs(120, scope=old, period="2023")]),
        ]
    )
    spec = charts.trend_charts(found, EN, "Quảng Trị")[0].spec
    assert spec.categories == ("2022", "2023", "2024", "2025")
    assert [s.name for s in spec.series] == ["Quảng Trị", "before 1 July 2025: Quảng Bình"]
    assert [[p.low for p in s.points] for s in spec.series] == [
        [None, None, None, 300],
        [100, 120, None, None],
    ]


def test_a_short_trend_of_a_new_unit_names_the_line_of_each_figure() -> None:
    new, old = province("quang-tri", "34"), province("quang-binh")
    found = charts.trends(
        [
            (new, None, [obs(300, scope=new, period="2025", held=dt.date(2026, 1, 5))]),
            (old, dt.date(2025, 7, 1), [obs(120, scope=old, period="2024")]),
        ]
    )
    assert [t.charted for t in found] == [False]
    assert found[0].words(EN) == (
        "Crimes against social order, by year: 120 cases (2024, before 1 July 2025: Quảng "
        "Bình); 300 cases (2025, Quảng Trị), as reported."
    )


# ------------------------------------------------------------------ like with like


def test_each_indicator_and_unit_has_its_own_axis() -> None:
    found = drawn(
        *(obs(600 + i, indicator="smuggling_prosecutions", period=f"{2021 + i}") for i in range(3)),
        *(
            obs(146000 + i, indicator="smuggling_violations", period=f"{2021 + i}")
            for i in range(3)
        ),
        *(obs(58000 + i, period=f"{2021 + i}") for i in range(3)),
        *(
            obs(700 + i, indicator="smuggling_prosecutions", unit="subjects", period=f"{2021 + i}")
            for i in range(3)
        ),
    )
    plotted = {
        (c.spec.title.removesuffix(", Whole country"), c.spec.axis_label): [
            p.low for p in c.spec.series[0].points
        ]
        for c in found
    }
    assert plotted == {
        ("Crimes against social order", "cases"): [58000, 58001, 58002],
        ("Smuggling and trade fraud prosecutions", "cases"): [600, 601, 602],
        ("Smuggling and trade fraud prosecutions", "subjects"): [700, 701, 702],
        ("Smuggling, trade fraud and counterfeit violations handled", "cases"): [
            146000,
            146001,
            146002,
        ],
    }


def test_a_share_and_a_count_of_one_indicator_never_share_an_axis() -> None:
    communes: dict[str, Any] = {"indicator": "drug_free_communes", "period": None}
    days = [dt.date(2021 + i, 12, 1) for i in range(3)]
    found = drawn(
        *(obs(None, ratio=(100 + i, 460), as_of=d, **communes) for i, d in enumerate(days)),
        *(obs(190 + i, as_of=d, **communes) for i, d in enumerate(days)),
    )
    assert sorted(c.spec.axis_label for c in found) == [
        "communes, wards and towns",
        "share of communes, wards and towns (%)",
    ]
    plotted = {c.spec.axis_label: [p.label for p in c.spec.series[0].points] for c in found}
    assert plotted["communes, wards and towns"] == ["190", "191", "192"]
    assert plotted["share of communes, wards and towns (%)"] == ["21.7%", "22.0%", "22.2%"]


def test_money_is_drawn_in_billions_of_dong() -> None:
    money: dict[str, Any] = {"indicator": "smuggling_budget_collection"}
    found = drawn(
        obs(14570000000000, period="2021", **money),
        obs(6165836000000, period="2022", **money),
        obs(9000000000000, period="2023", **money),
    )
    spec = found[0].spec
    assert spec.axis_label == "billion VND"
    assert [p.low for p in spec.series[0].points] == [14570, Decimal("6165.836"), 9000]
    assert [p.label for p in spec.series[0].points] == ["14,570", "6,165.836", "9,000"]
    assert spec.series[0].points[0].words == "14,570 billion VND"
    assert figure_csv(spec).splitlines()[1] == ',2021,14570,,"14,570 billion VND"'


# ------------------------------------------------------------------ provincial units ranked


def _units(count: int, **fields: Any) -> list[Observation]:
    slugs = ["ha-noi", "nghe-an", "quang-tri", "da-nang", "gia-lai", "hue"][:count]
    return [obs(100 * (i + 1), scope=province(s), **fields) for i, s in enumerate(slugs)]


def test_units_are_ranked_where_five_report_it() -> None:
    systems = _registries().provinces.systems
    assert charts.ranked(_units(4), systems, EN) == []
    found = charts.ranked(_units(5), systems, EN)
    assert len(found) == 1
    spec = found[0].spec
    assert spec.kind == "dots"
    assert spec.categories == ("Gia Lai", "Đà Nẵng", "Quảng Trị", "Nghệ An", "Hà Nội")
    assert [p.low for p in spec.series[0].points] == [500, 400, 300, 200, 100]
    assert spec.subtitle == "2023 · 63 provincial units (until 30 June 2025)"


def test_a_ranked_unit_whose_sources_differ_is_a_range() -> None:
    systems = _registries().provinces.systems
    other = obs(150, scope=province("ha-noi"), conference="c2")
    spec = charts.ranked([*_units(5), other], systems, EN)[0].spec
    ha_noi = dict(zip(spec.categories, spec.series[0].points, strict=True))["Hà Nội"]
    assert (number(ha_noi.low), number(ha_noi.high), ha_noi.label) == (100, 150, "100–150")


def test_units_with_the_same_figure_are_ranked_by_name() -> None:
    systems = _registries().provinces.systems
    slugs = ["quang-tri", "ha-noi", "thanh-hoa", "nghe-an", "gia-lai"]
    found = charts.ranked([obs(100, scope=province(s)) for s in slugs], systems, EN)
    assert found[0].spec.categories == ("Gia Lai", "Hà Nội", "Nghệ An", "Quảng Trị", "Thanh Hóa")


@pytest.mark.parametrize(
    ("indicator", "bounded"), [("detection_rate", True), ("social_order_crimes", False)]
)
def test_a_ranked_rate_ends_at_100_and_a_count_does_not(indicator: str, bounded: bool) -> None:
    systems = _registries().provinces.systems
    spec = charts.ranked(_units(5, indicator=indicator), systems, EN)[0].spec
    assert spec.bounded is bounded


# ------------------------------------------------------------------ parts and changes


def test_the_parts_of_a_figure_are_bars_from_three_parts_on() -> None:
    parts = [
        obs(30000, indicator="criminal_prosecutions", breakdown=("field", member))
        for member in ("social_order", "drugs")
    ]
    assert charts.breakdowns(parts, EN) == []
    third = obs(4000, indicator="criminal_prosecutions", breakdown=("field", "economy_corruption"))
    found = charts.breakdowns([*parts, third], EN)
    spec = found[0].spec
    assert spec.kind == "bars"
    assert spec.categories == ("Drugs", "Social order", "Economy, corruption and abuse of office")
    assert [p.low for p in spec.series[0].points] == [30000, 30000, 4000]
    assert spec.title == "Criminal cases prosecuted by field of crime and violations, Whole country"


@pytest.mark.parametrize(
    ("indicator", "bounded"), [("detection_rate", True), ("criminal_prosecutions", False)]
)
def test_the_parts_of_a_rate_end_at_100_and_of_a_count_do_not(
    indicator: str, bounded: bool
) -> None:
    fields = ("social_order", "drugs", "economy_corruption")
    parts = [obs(20 + i, indicator=indicator, breakdown=("field", f)) for i, f in enumerate(fields)]
    spec = charts.breakdowns(parts, EN)[0].spec
    assert spec.bounded is bounded
    assert [p.low for p in spec.series[0].points] == [22, 21, 20]


def test_stated_changes_decrease_left_increase_right_unchanged_at_zero() -> None:
    found = charts.changes(
        [
            obs(1, indicator="social_order_crimes", change=("decrease", "20.95")),
            obs(1, indicator="drug_offences", change=("increase", "12.5")),
            obs(1, indicator="criminal_cases", change=("unchanged", None)),
        ],
        EN,
    )
    spec = found[0].spec
    points = dict(zip(spec.categories, spec.series[0].points, strict=True))
    assert points["Crimes against social order (cases)"] == Point(
        Decimal("-20.95"), None, "−20.95%", "−20.95%"
    )
    assert points["Drug offences handled (cases)"].low == Decimal("12.5")
    assert points["Drug offences handled (cases)"].label == "+12.5%"
    assert points["Criminal cases (cases)"] == Point(Decimal(0), None, "unchanged", "unchanged")
    assert spec.subtitle == "2023, compared with 2022"


def _versus(found: Observation, versus: str, unit: str = "percent") -> Observation:
    """The same observation with its change compared with another period, or in another unit."""
    assert found.change is not None and found.period is not None
    change = dataclasses.replace(
        found.change,
        versus=versus,
        unit=unit,  # type: ignore[arg-type]
        compared_with=comparison_period(found.period, versus),
    )
    return dataclasses.replace(found, change=change)


def test_a_figure_unchanged_at_100_percent_of_the_earlier_one_is_drawn_at_zero() -> None:
    unchanged = obs(1, indicator="criminal_cases", change=("unchanged", "100"))
    found = charts.changes(
        [
            obs(1, indicator="social_order_crimes", change=("decrease", "20.95")),
            obs(1, indicator="drug_offences", change=("increase", "12.5")),
            _versus(unchanged, "same_period", unit="of_earlier"),
        ],
        EN,
    )
    points = dict(zip(found[0].spec.categories, found[0].spec.series[0].points, strict=True))
    assert points["Criminal cases (cases)"] == Point(Decimal(0), None, "unchanged", "unchanged")


def test_changes_compared_with_different_periods_are_charts_with_their_own_files() -> None:
    indicators = ("social_order_crimes", "drug_offences", "criminal_cases")
    same = [obs(1, indicator=i, period="2023-H1", change=("decrease", "5")) for i in indicators]
    previous = [_versus(o, "previous_period") for o in same]
    found = charts.changes(same + previous, EN)
    assert [c.spec.subtitle for c in found] == [
        "first half of 2023, compared with the same period of 2022",
        "first half of 2023, compared with the second half of 2022",
    ]
    assert len({c.name for c in found}) == 2


def test_a_change_sources_state_differently_is_a_range_and_a_stated_zero_is_zero() -> None:
    found = charts.changes(
        [
            obs(1, change=("decrease", "5"), conference="c1"),
            obs(1, change=("decrease", "3"), conference="c2"),
            obs(1, change=("decrease", "4"), conference="c3"),
            obs(1, indicator="drug_offences", change=("increase", "0")),
            obs(1, indicator="criminal_cases", change=("increase", "2")),
        ],
        EN,
    )
    points = dict(zip(found[0].spec.categories, found[0].spec.series[0].points, strict=True))
    assert points["Crimes against social order (cases)"] == Point(
        Decimal(-5), Decimal(-3), "−5% / −3% / −4%", "−5% / −3% / −4% (sources differ)"
    )
    assert points["Drug offences handled (cases)"] == Point(Decimal(0), None, "+0%", "+0%")


def test_changes_in_money_and_in_counts_never_share_a_chart() -> None:
    found = charts.changes(
        [
            obs(1, indicator="social_order_crimes", change=("decrease", "2")),
            obs(1, indicator="drug_offences", change=("increase", "3")),
            obs(1, indicator="smuggling_budget_collection", change=("increase", "30")),
            obs(1, indicator="criminal_cases", change=("increase", "1")),
        ],
        EN,
    )
    assert [(c.spec.title, c.spec.categories) for c in found] == [
        (
            "Stated changes in counts, Whole country",
            (
                "Criminal cases (cases)",
                "Crimes against social order (cases)",
                "Drug offences handled (cases)",
            ),
        )
    ]
    assert [p.low for p in found[0].spec.series[0].points] == [1, -2, 3]


# ------------------------------------------------------------------ at most MAX_BARS rows


def test_a_trend_over_the_cap_keeps_its_latest_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "MAX_BARS", 3)
    # 2016 to 2021: 2017 and 2020 not reported; the chart has room for 2019 to 2021.
    found = drawn(*(obs(year - 2000, period=str(year)) for year in (2016, 2018, 2019, 2021)))
    [chart] = found
    spec = chart.spec
    assert spec.categories == spec.ticks == ("2019", "2020", "2021")
    assert series_of(chart) == [[(19, None), (None, None), (21, None)]]
    assert spec.title == "Crimes against social order, Whole country (latest 3 of 6 periods shown)"
    assert spec.note == "Not reported: 2020."  # 2017 is not on the chart
    assert "(latest 3 of 6 periods shown)" in spec.alt and "2018" not in spec.alt
    assert chart.left_out == ("2016", "2017", "2018")


def test_charts_in_rows_over_the_cap_keep_their_first_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(charts, "MAX_BARS", 3)
    [ranked] = charts.ranked(_units(5), _registries().provinces.systems, EN)
    assert ranked.spec.categories == ("Gia Lai", "Đà Nẵng", "Quảng Trị")  # the highest
    assert ranked.left_out == ("Nghệ An", "Hà Nội")
    assert ranked.spec.title.endswith(" (first 3 of 5 shown)")
    [changed] = charts.changes(
        [
            obs(1, indicator=key, change=("increase", str(i + 1)))
            for i, key in enumerate(
                ("social_order_crimes", "drug_offences", "criminal_cases", "criminal_cases_solved")
            )
        ],
        VI,
    )
    assert len(changed.spec.categories) == len(changed.spec.series[0].points) == 3
    assert len(changed.left_out) == 1
    assert changed.spec.title.endswith(" (hiển thị 3 đầu tiên trong số 4)")
    assert "(hiển thị 3 đầu tiên trong số 4)" in changed.spec.alt


def test_a_chart_of_exactly_the_cap_is_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "MAX_BARS", 5)
    [ranked] = charts.ranked(_units(5), _registries().provinces.systems, EN)
    assert len(ranked.spec.categories) == 5 and ranked.left_out == ()
    assert ranked.spec.title == "Crimes against social order by provincial unit"


# ------------------------------------------------------------------ the page's words


@pytest.mark.parametrize("lang", [EN, VI])
def test_every_chart_says_what_where_when_and_its_unit(lang: Any) -> None:
    found = drawn(*(obs(i, period=f"{2020 + i}-H1") for i in range(3)), lang=lang)
    spec = found[0].spec
    assert spec.title.endswith(", Whole country")
    assert spec.subtitle == lang._("first half of each year")
    assert spec.axis_label == {"en": "cases", "vi": "vụ"}[lang.code]
    assert spec.alt.startswith(lang._("Line chart"))
    assert spec.alt.count(":") >= 3


# ------------------------------------------------------------------ rates, money and stocks


def test_a_rate_is_drawn_in_percent_up_to_100_with_its_gaps_and_ranges_in_the_data_file() -> None:
    rate: dict[str, Any] = {"indicator": "detection_rate"}
    found = drawn(
        obs("95.4", period="2020-H2", **rate),
        obs("92", period="2020-H2", conference="c2", **rate),
        obs("90", period="2022-H2", **rate),
        obs("91", period="2023-H2", **rate),
    )
    spec = found[0].spec
    assert (spec.axis_label, spec.subtitle, spec.bounded) == (
        "rate (%)",
        "second half of each year",
        True,
    )
    assert [p.label for p in spec.series[0].points] == ["92%–95.4%", "", "90%", "91%"]
    assert spec.missing_label == "not reported"
    assert figure_csv(spec) == (
        "series,category,value,value_high,as_shown\n"
        ",second half of 2020,92,95.4,95.4% / 92% (sources differ)\n"
        ",second half of 2021,,,not reported\n"
        ",second half of 2022,90,,90%\n"
        ",second half of 2023,91,,91%\n"
    )


def test_a_point_without_words_is_written_as_shown_in_the_data_file() -> None:
    spec = drawn(*(obs(10 + i, period=f"{2021 + i}") for i in range(3)))[0].spec
    bare = (Point(Decimal(10), None, "10"), Point(None), Point(Decimal(12), Decimal(13), "12–13"))
    spec = dataclasses.replace(spec, series=(Series("Nghệ An", bare),))
    assert figure_csv(spec) == (
        "series,category,value,value_high,as_shown\n"
        "Nghệ An,2021,10,,10\n"
        "Nghệ An,2022,,,not reported\n"
        "Nghệ An,2023,12,13,12–13\n"
    )


def test_stated_changes_in_money_and_in_rates_have_charts_of_their_own() -> None:
    money = [
        "smuggling_budget_collection",
        "smuggling_administrative_fines",
        "smuggling_goods_value",
    ]
    rates = ["detection_rate", "serious_cases_detection_rate", "key_area_transformation_rate"]
    found = charts.changes(
        [obs(10**9, indicator=k, change=("decrease", "3")) for k in money]
        + [obs(50, indicator=k, change=("increase", "2")) for k in rates],
        EN,
    )
    shown = {c.name: (c.spec.title, c.spec.subtitle, c.spec.categories) for c in found}
    assert shown == {
        "national/2023/change-money": (
            "Stated changes in money, Whole country",
            "2023, compared with 2022",
            (
                "Administrative fines for smuggling, trade fraud and counterfeits",
                "Money collected for the state budget",
                "Value of goods involved in or seized from violations",
            ),
        ),
        "national/2023/change-rate": (
            "Stated changes in rates, Whole country",
            "2023, compared with 2022",
            (
                "Detection rate of criminal cases (%)",
                "Key crime areas transformed (%)",
                "Detection rate of serious cases (%)",
            ),
        ),
    }


def _stock_change(value: int, indicator: str, direction: str, size: str) -> Observation:
    """A stock counted on 31 December 2023 with a change stated against a year before."""
    found = obs(value, indicator=indicator, change=(direction, size))
    assert found.change is not None
    return dataclasses.replace(
        found,
        period=None,
        as_of=dt.date(2023, 12, 31),
        change=dataclasses.replace(
            found.change, compared_with=None, compared_on=dt.date(2022, 12, 31)
        ),
    )


def test_the_stated_changes_of_stocks_say_the_days_they_compare() -> None:
    found = charts.changes(
        [
            _stock_change(300, "drug_free_communes", "increase", "5"),
            _stock_change(20, "drug_free_districts", "increase", "10"),
            _stock_change(900, "drug_addicts", "decrease", "4"),
        ],
        EN,
    )
    assert [(c.name, c.spec.subtitle) for c in found] == [
        ("national/as-of-2023-12-31/change-count", "as of 31 Dec 2023, compared with 31 Dec 2022")
    ]


def test_a_stated_change_keeps_its_qualifier_word() -> None:
    nearly = obs(1, change=("decrease", "3.1"))
    assert nearly.change is not None
    nearly = dataclasses.replace(
        nearly, change=dataclasses.replace(nearly.change, qualifier="nearly")
    )
    found = charts.changes(
        [
            nearly,
            obs(1, indicator="drug_offences", change=("increase", "12.5")),
            obs(1, indicator="criminal_cases", change=("increase", "2")),
        ],
        EN,
    )
    assert [p.words for p in found[0].spec.series[0].points] == ["+2%", "nearly −3.1%", "+12.5%"]


# ------------------------------------------------------------------ one point


def test_a_point_says_what_a_reader_reads() -> None:
    money: dict[str, Any] = {"indicator": "smuggling_budget_collection"}
    stock: dict[str, Any] = {"indicator": "drug_free_communes", "period": None}
    three = (obs(100), obs(120, conference="c2"), obs(110, conference="c3"))
    assert [
        charts.point((obs(None),), "count-cases", EN),
        charts.point(
            (obs(6000000000000, **money), obs(6500000000000, conference="c2", **money)),
            "money",
            EN,
        ),
        charts.point(three, "count-cases", EN),
        charts.point((obs(120, qualifier="nearly"),), "count-cases", EN),
        charts.point((obs(15, as_of=dt.date(2022, 12, 31), **stock),), "count-communes", EN),
    ] == [
        Point(None, None, "", "not reported"),
        Point(
            Decimal(6000),
            Decimal(6500),
            "6,000–6,500",
            "6,000 billion VND / 6,500 billion VND (sources differ)",
        ),
        Point(
            Decimal(100),
            Decimal(120),
            "100–120",
            "100 cases / 120 cases / 110 cases (sources differ)",
        ),
        Point(Decimal(120), None, "nearly 120", "nearly 120 cases"),
        Point(Decimal(15), None, "15", "15 communes, wards and towns (as of 31 Dec 2022)"),
    ]


def test_only_whole_figures_of_provincial_units_are_ranked_newest_period_first() -> None:
    systems = _registries().provinces.systems
    found = charts.ranked(
        [
            *_units(5, period="2021"),
            *_units(4, period="2022"),
            *_units(5, period="2023"),
            obs(999, scope=province("thanh-hoa"), breakdown=("field", "drugs")),
            obs(999),  # the whole country
        ],
        systems,
        EN,
    )
    assert [(c.group, len(c.spec.categories)) for c in found] == [("2023", 5), ("2021", 5)]


def test_a_trend_draws_whole_figures_whatever_comes_before_them() -> None:
    found = drawn(
        obs(5, period="2023-06"),  # a month: not compared over time
        obs(7, period="2022", breakdown=("field", "drugs")),
        *(obs(100 + i, period=f"{2021 + i}") for i in range(3)),
    )
    assert series_of(found[0]) == [[(100, None), (101, None), (102, None)]]


def _with_change(found: Observation, **fields: Any) -> Observation:
    """`found` with its stated change altered."""
    assert found.change is not None
    return dataclasses.replace(found, change=dataclasses.replace(found.change, **fields))


def test_only_whole_figures_with_a_percent_change_are_drawn_whatever_comes_before() -> None:
    found = charts.changes(
        [
            _with_change(
                obs(1, indicator="drug_offences", change=("decrease", "43")), unit="count"
            ),
            obs(1, indicator="drug_offences", change=("increase", None)),
            obs(
                1, indicator="drug_offences", change=("increase", "9"), breakdown=("field", "drugs")
            ),
            obs(1, change=("decrease", "20.95")),
            obs(1, indicator="criminal_cases", change=("increase", "2")),
            obs(1, indicator="criminal_prosecutions", change=("increase", "3")),
            _with_change(
                obs(1, indicator="fetus_trafficking", change=("unchanged", None)), unit="count"
            ),
        ],
        EN,
    )
    assert [p.words for p in found[0].spec.series[0].points] == [
        "+2%",
        "+3%",
        "−20.95%",
        "unchanged",
    ]


def test_changes_against_different_periods_are_charts_of_their_own() -> None:
    kinds = ["social_order_crimes", "criminal_cases", "criminal_prosecutions"]
    earlier = parse_period("2021")
    found = charts.changes(
        [obs(1, indicator=k, change=("increase", "2")) for k in kinds]
        + [
            _with_change(obs(1, indicator=k, change=("increase", "5")), compared_with=earlier)
            for k in kinds
        ],
        EN,
    )
    assert [c.spec.subtitle for c in found] == [
        "2023, compared with 2021",
        "2023, compared with 2022",
    ]


def test_a_share_is_written_as_the_page_s_language_writes_it() -> None:
    share: dict[str, Any] = {"indicator": "drug_free_communes", "period": None, "value": None}
    days = [dt.date(2021, 12, 1), dt.date(2022, 12, 1), dt.date(2023, 12, 1)]
    ratios = [(1, 4), (1, 2), (217, 460)]
    spec = drawn(
        *(obs(ratio=r, as_of=d, **share) for r, d in zip(ratios, days, strict=True)), lang=VI
    )[0].spec
    assert [p.label for p in spec.series[0].points] == ["25,0%", "50,0%", "47,2%"]
    assert spec.locale == "vi"


def test_the_latest_figures_are_those_of_the_newest_conference_reporting_each_thing() -> None:
    older = obs(1, conference="c1", held=dt.date(2023, 1, 1))
    newer = obs(2, conference="c2", held=dt.date(2024, 1, 1))
    other = obs(3, indicator="criminal_cases")
    assert [o.value for o in charts.latest([newer, older, other])] == [3, 2]
    assert charts.one_figure(()) == ()


def test_the_parts_of_each_period_are_a_chart_of_their_own_from_three_parts_on() -> None:
    fields = ("social_order", "drugs", "economy_corruption")
    parts = [
        obs(10 + i, indicator="criminal_prosecutions", period=year, breakdown=("field", f))
        for year, count in (("2021", 3), ("2022", 2), ("2023", 3))
        for i, f in enumerate(fields[:count])
    ]
    found = charts.breakdowns(parts, EN)
    assert [(c.spec.subtitle, len(c.spec.categories)) for c in found] == [("2021", 3), ("2023", 3)]


def test_a_unit_whose_sources_differ_is_ranked_by_the_middle_of_its_range() -> None:
    systems = _registries().provinces.systems
    other = obs(350, scope=province("ha-noi"), conference="c2")
    spec = charts.ranked([*_units(5), other], systems, EN)[0].spec
    assert spec.categories == ("Gia Lai", "Đà Nẵng", "Quảng Trị", "Hà Nội", "Nghệ An")


def test_units_are_ranked_for_the_period_asked_only() -> None:
    systems = _registries().provinces.systems
    units = [*_units(5, period="2023"), *_units(5, period="2021")]
    found = charts.ranked(units, systems, EN, only_period="2021")
    assert [c.group for c in found] == ["2021"]
