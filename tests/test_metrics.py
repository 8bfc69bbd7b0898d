"""What a number means: targets by the indicator's direction, parts against their totals,
stated changes; each decision with a case on both sides."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from builder import (
    CONFERENCE_ID,
    check,
    cite,
    conference,
    metric,
    observations,
    problem,
    source,
    vi,
)

from generator.charts import changes
from generator.languages import language
from generator.model import StatedChange
from generator.numbers import plain_number
from generator.periods import parse_period
from generator.schema import Size


def _target(indicator: str, value: int, outcome: str, goal: int) -> dict[str, Any]:
    """A conference with one number and the target it is said to have met (or not)."""
    return conference(
        metrics=[
            metric(
                indicator=indicator,
                unit="cases",
                value=value,
                target={"outcome": outcome, "value": goal},
                sources=[cite(vi(value), target_written=vi(goal))],
            )
        ]
    )


@pytest.mark.parametrize(
    ("indicator", "value", "outcome", "goal"),
    [
        # lower is better: "met" means at or below the target
        ("social_order_crimes", 58086, "met", 60000),
        ("social_order_crimes", 60000, "met", 60000),
        ("social_order_crimes", 58086, "exceeded", 60000),
        ("social_order_crimes", 61000, "not_met", 60000),
        # higher is better: at or above
        ("criminal_cases_solved", 130, "exceeded", 120),
        ("criminal_cases_solved", 120, "met", 120),
        ("criminal_cases_solved", 100, "not_met", 120),
        # neutral: either direction may be the target's, so only what is wrong in both is wrong
        ("criminal_prosecutions", 100, "met", 120),
        ("criminal_prosecutions", 130, "met", 120),
        ("criminal_prosecutions", 100, "exceeded", 120),
        ("criminal_prosecutions", 130, "not_met", 120),
    ],
)
def test_an_outcome_that_fits_the_indicator_s_direction_is_valid(
    indicator: str, value: int, outcome: str, goal: int
) -> None:
    assert check(_target(indicator, value, outcome, goal)) == []


@pytest.mark.parametrize(
    ("indicator", "value", "outcome", "goal", "why"),
    [
        ("social_order_crimes", 61000, "met", 60000, "lower is better, so met means at or below"),
        (
            "social_order_crimes",
            60000,
            "exceeded",
            60000,
            "lower is better, so exceeded means below",
        ),
        ("social_order_crimes", 58086, "not_met", 60000, "lower is better, so not_met means above"),
        ("criminal_cases_solved", 100, "met", 120, "higher is better, so met means at or above"),
        (
            "criminal_cases_solved",
            120,
            "exceeded",
            120,
            "higher is better, so exceeded means above",
        ),
        ("criminal_cases_solved", 130, "not_met", 120, "higher is better, so not_met means below"),
        # at the target: met, never not met
        ("criminal_cases_solved", 120, "not_met", 120, "higher is better, so not_met means below"),
        ("social_order_crimes", 60000, "not_met", 60000, "lower is better, so not_met means above"),
        (
            "criminal_prosecutions",
            120,
            "exceeded",
            120,
            "neutral, so exceeded means above or below",
        ),
        ("criminal_prosecutions", 120, "not_met", 120, "neutral, so not_met means above or below"),
    ],
)
def test_an_outcome_against_the_indicator_s_direction_is_refused(
    indicator: str, value: int, outcome: str, goal: int, why: str
) -> None:
    conf = _target(indicator, value, outcome, goal)
    message = (
        f"{outcome} does not fit {value} against the stated target {goal} ({indicator}: {why} it)"
    )
    assert check(conf) == [problem(conf, ("metrics", 0, "target", "outcome"), message)]


def _prosecuted(id: str, value: int, by: str, field: str | None = None) -> dict[str, Any]:
    """Cases prosecuted in Nghệ An in 2023 as source `by` prints them, in a field or in all."""
    return metric(
        id,
        indicator="criminal_prosecutions",
        unit="cases",
        value=value,
        breakdown={"field": field} if field else None,
        sources=[cite(vi(value), source=by)],
    )


TWO_SOURCES = [source("s1"), source("s2", publisher="Báo Khác")]
# s1 prints a total of 1000 and parts of 700 and 400: its own numbers do not add up. s2
# prints another total, 1200, and a part of its own.
FIVE = [
    _prosecuted("total-s1", 1000, "s1"),
    _prosecuted("total-s2", 1200, "s2"),
    _prosecuted("drugs", 700, "s1", "drugs"),
    _prosecuted("social", 400, "s1", "social_order"),
    _prosecuted("economy", 50, "s2", "economy_corruption"),
]


def _messages(metrics: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(metric id, message) of each problem: the same whatever the order of the metrics."""
    ids = [m["id"] for m in metrics]
    found = check(conference(metrics=metrics, sources=TWO_SOURCES))
    return {(ids[int(p.field.split("[")[1].split("]")[0])], p.message) for p in found}


@pytest.mark.parametrize("order", list(itertools.permutations(range(5))))
def test_parts_are_checked_against_every_total_of_their_source_in_any_order(
    order: tuple[int, ...],
) -> None:
    metrics = [FIVE[i] for i in order]
    assert _messages(metrics) == {
        (
            "total-s1",
            "its parts by field exceed it: 700, 400 against 1000 (expected parts within their "
            "total)",
        )
    }


def test_parts_from_two_sources_that_print_one_total_are_added() -> None:
    metrics = [
        metric(
            "total",
            indicator="criminal_prosecutions",
            unit="cases",
            value=1000,
            sources=[cite("1.000", source="s1"), cite("1.000", source="s2")],
        ),
        _prosecuted("drugs", 600, "s1", "drugs"),
        _prosecuted("social", 500, "s2", "social_order"),
    ]
    assert _messages(metrics) == {
        (
            "total",
            "its parts by field exceed it: 600, 500 against 1000 (expected parts within their "
            "total)",
        )
    }


def test_a_part_two_sources_print_differently_is_counted_once_at_its_smallest() -> None:
    metrics = [
        metric(
            "total",
            indicator="criminal_prosecutions",
            unit="cases",
            value=1000,
            sources=[cite("1.000", source="s1"), cite("1.000", source="s2")],
        ),
        _prosecuted("drugs-s1", 600, "s1", "drugs"),
        _prosecuted("drugs-s2", 650, "s2", "drugs"),
        _prosecuted("social", 400, "s1", "social_order"),
    ]
    assert _messages(metrics) == set()
    metrics[3] = _prosecuted("social", 401, "s1", "social_order")
    assert _messages(metrics) == {
        (
            "total",
            "its parts by field exceed it: 600, 401 against 1000 (expected parts within their "
            "total)",
        )
    }


def test_parts_of_another_source_are_not_held_against_a_total() -> None:
    metrics = [_prosecuted("total", 1000, "s1"), _prosecuted("drugs", 1100, "s2", "drugs")]
    assert _messages(metrics) == set()


# ------------------------------------------------------------------ stated changes


def _changed(direction: str, value: float | None, written: str | None) -> dict[str, Any]:
    """A number with a stated change in percent (of no stated size when `value` is None)."""
    change: dict[str, Any] = {"direction": direction, "unit": "percent"}
    if value is not None:
        change["value"] = value
    return conference(
        metrics=[
            metric(
                value=58086,
                change=change,
                sources=[cite("58.086", change_written=written)],
            )
        ]
    )


def test_an_unchanged_figure_with_a_change_is_refused() -> None:
    conf = _changed("unchanged", 0.07, "0,07%")
    message = (
        "an unchanged figure has no size of change, but value is 0.07 (expected value 0 or "
        "none, or direction increase or decrease)"
    )
    assert check(conf) == [problem(conf, ("metrics", 0, "change", "value"), message)]


@pytest.mark.parametrize(("value", "written"), [(0, "0%"), (None, None)])
def test_an_unchanged_figure_is_valid_without_a_size_or_with_zero(
    value: float | None, written: str | None
) -> None:
    assert check(_changed("unchanged", value, written)) == []


def test_the_change_chart_signs_increases_and_decreases_and_never_an_unchanged_figure() -> None:
    conf = conference(
        metrics=[
            metric(
                "up",
                value=100,
                change={"direction": "increase", "value": 4.5, "unit": "percent"},
                sources=[cite("100", change_written="4,5%")],
            ),
            metric(
                "down",
                indicator="criminal_cases",
                value=50,
                change={"direction": "decrease", "value": 16, "unit": "percent"},
                sources=[cite("50", change_written="16%")],
            ),
            metric(
                "same",
                indicator="fetus_trafficking",
                value=3,
                change={"direction": "unchanged", "value": 0, "unit": "percent"},
                sources=[cite("3", change_written="0%")],
            ),
        ]
    )
    [chart] = changes(observations(conf), language("en"))
    change = chart.spec
    points = zip(change.categories, change.series[0].points, strict=True)
    shown = {c: (p.low, p.label) for c, p in points}
    assert shown == {
        "Crimes against social order (cases)": (Decimal("4.5"), "+4.5%"),
        "Criminal cases (cases)": (Decimal(-16), "−16%"),
        '"Buying and selling fetuses" cases (cases)': (Decimal(0), "0%"),
    }


# ------------------------------------------------------------------ the merger of 1 July 2025

SPANNING = "2025-01-01/2025-07-15"


def _on(day: dt.date, scope: str, **fields: Any) -> dict[str, Any]:
    """A conference on `day` reviewing a period that spans the merger, one number about `scope`."""
    return conference(
        metrics=[metric(scope=scope, **fields)],
        id=f"{day.isoformat()}-nghe-an-138-review-2025",
        date=day,
        period=SPANNING,
    )


def test_a_spanning_period_reviewed_before_the_merger_names_the_old_unit() -> None:
    [obs] = observations(_on(dt.date(2025, 6, 28), "quang-binh", value=10))
    assert obs.scope.key == "63/quang-binh"


def test_a_spanning_period_reviewed_after_the_merger_names_the_new_unit() -> None:
    [obs] = observations(_on(dt.date(2025, 8, 1), "quang-tri", value=10))
    assert obs.scope.key == "34/quang-tri"
    conf = _on(dt.date(2025, 8, 1), "quang-binh", value=10)
    [found] = check(conf)
    assert found.field == "metrics[0].scope"
    assert "it merged into quang-tri" in found.message


def test_a_stock_counted_before_the_merger_keeps_the_old_unit_when_reported_after() -> None:
    conf = _on(
        dt.date(2025, 8, 1),
        "quang-binh",
        indicator="drug_free_communes",
        as_of=dt.date(2025, 6, 15),
        value=40,
    )
    [obs] = observations(conf)
    assert obs.scope.key == "63/quang-binh"


# ------------------------------------------------------------------ a stock's change


def _stock_change(versus: str) -> dict[str, Any]:
    """Drug-free communes counted on 30 November 2023, up 5% on the day `versus` names."""
    return conference(
        metrics=[
            metric(
                indicator="drug_free_communes",
                unit="communes",
                as_of=dt.date(2023, 11, 30),
                value=300,
                change={"direction": "increase", "value": 5, "unit": "percent", "versus": versus},
                sources=[cite("300", change_written="5%")],
            )
        ]
    )


@pytest.mark.parametrize(
    ("versus", "day"),
    [
        ("same_period", dt.date(2022, 11, 30)),
        ("2021", dt.date(2021, 12, 31)),
        ("2023-06", dt.date(2023, 6, 30)),
        ("2020-03-01/2020-03-15", dt.date(2020, 3, 15)),
    ],
)
def test_a_stock_s_change_compares_it_with_the_day_its_words_name(
    versus: str, day: dt.date
) -> None:
    [obs] = observations(_stock_change(versus))
    assert obs.change is not None
    assert obs.change.compared_on == day
    assert obs.change.compared_with is None


@pytest.mark.parametrize("versus", ["previous_period", "previous_month"])
def test_a_stock_counted_on_a_day_has_no_period_just_before(versus: str) -> None:
    conf = _stock_change(versus)
    message = f"a stock counted on a day has no {versus}: use same_period or a period"
    assert check(conf) == [problem(conf, ("metrics", 0, "change", "versus"), message)]


def test_a_stock_s_change_must_name_an_earlier_day() -> None:
    conf = _stock_change("2024")
    message = "2024 does not begin before 2023-11-30 (expected an earlier period)"
    assert check(conf) == [problem(conf, ("metrics", 0, "change", "versus"), message)]


# ------------------------------------------------------------------ a target's boundaries


def test_a_target_of_zero_is_a_target() -> None:
    # "no more than 0 new hot spots": one is above it, so not met; none meets it
    assert check(_target("social_order_crimes", 1, "not_met", 0)) == []
    assert check(_target("social_order_crimes", 0, "met", 0)) == []
    conf = _target("social_order_crimes", 1, "met", 0)
    message = (
        "met does not fit 1 against the stated target 0 (social_order_crimes: lower is better, "
        "so met means at or below it)"
    )
    assert check(conf) == [problem(conf, ("metrics", 0, "target", "outcome"), message)]


# ------------------------------------------------------------------ a share of the earlier one


@pytest.mark.parametrize(
    ("direction", "share", "fits"),
    [
        ("decrease", "81.27", True),
        ("decrease", "100", False),
        ("increase", "100.5", True),
        ("increase", "100", False),
        ("unchanged", "100", True),
        ("unchanged", "99", False),
    ],
)
def test_a_figure_at_a_share_of_the_earlier_one_went_down_below_100_and_up_above(
    direction: str, share: str, fits: bool
) -> None:
    conf = conference(
        metrics=[
            metric(
                value=58086,
                change={"direction": direction, "value": Decimal(share), "unit": "of_earlier"},
                sources=[cite("58.086", change_written=vi(Decimal(share)) + "%")],
            )
        ]
    )
    message = (
        f"{direction} does not fit a figure at {share}% of the earlier one (expected decrease "
        "below 100%, increase above it, unchanged at 100%)"
    )
    expected = [] if fits else [problem(conf, ("metrics", 0, "change", "direction"), message)]
    assert check(conf) == expected


# ------------------------------------------------------------------ approximate parts


def test_an_approximate_part_proves_nothing_against_its_total() -> None:
    metrics = [
        _prosecuted("total", 1000, "s1"),
        _prosecuted("drugs", 1000, "s1", "drugs"),
        metric(
            "social",
            indicator="criminal_prosecutions",
            unit="cases",
            value=600,
            qualifier="about",
            breakdown={"field": "social_order"},
            sources=[cite("khoảng 600", source="s1")],
        ),
    ]
    assert _messages(metrics) == set()


# ------------------------------------------------------------------ one figure per source


def test_two_figures_of_one_thing_from_one_source_are_refused_with_what_to_do() -> None:
    conf = conference(metrics=[metric("a", value=100), metric("b", value=120, written="120")])
    message = (
        "the same indicator, unit, scope, period and breakdown as metrics[0], from the same "
        "source 's1' (expected one figure per source: when outlets disagree, each metric cites "
        "only the sources printing it; when the source counts something else, say what: its own "
        "period (period:, the narrowest the words allow, with a note when its dates are not "
        "printed), breakdown: or scope:)"
    )
    assert check(conf) == [problem(conf, ("metrics", 1), message)]


def test_a_figure_in_parts_that_sources_print_differently_keeps_each_of_its_parts() -> None:
    def prosecuted(id: str, cases: int, by: str) -> dict[str, Any]:
        parts = [{"unit": "cases", "value": cases}, {"unit": "defendants", "value": 90}]
        written = f"{cases} vụ, 90 bị can"
        return metric(
            id, indicator="criminal_prosecutions", parts=parts, sources=[cite(written, source=by)]
        )

    conf = conference(
        metrics=[prosecuted("a", 50, "s1"), prosecuted("b", 55, "s2")], sources=TWO_SOURCES
    )
    found = [
        (o.metric_id, o.unit.key, plain_number(o.value or 0), len(o.disagrees_with))
        for o in observations(conf)
    ]
    assert found == [
        ("a", "cases", "50", 1),
        ("a", "defendants", "90", 0),
        ("b", "cases", "55", 1),
        ("b", "defendants", "90", 0),
    ]


# ------------------------------------------------------------------ awards


def test_an_award_from_an_unknown_source_is_reported_at_its_source_once() -> None:
    award = {
        "given_by": {"vi": "UBND tỉnh", "en": "The provincial People's Committee"},
        "award": {"vi": "Bằng khen", "en": "Certificates of merit"},
        "collectives": 3,
        "source": "s9",
        "written": "3 tập thể",
        "quote": "tặng Bằng khen cho 3 tập thể",
    }
    conf = conference(awards=[award])
    assert check(conf) == [problem(conf, ("awards", 0, "source"), "unknown source 's9'")]


# ------------------------------------------------------------------ the number itself


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"indicator": "detection_rate", "value": 100, "written": "100%"}, None),
        (
            {"indicator": "detection_rate", "value": Decimal("100.5"), "written": "100,5%"},
            "100.5 is not a percentage (expected 0 to 100)",
        ),
        (
            {"indicator": "smuggling_budget_collection", "value": 1000, "written": "1.000"},
            None,
        ),
        (
            {
                "indicator": "smuggling_budget_collection",
                "value": Decimal("1000.5"),
                "written": "1.000,5",
            },
            "1000.5 is not a whole number of money",
        ),
    ],
)
def test_a_rate_is_at_most_100_and_money_is_whole(
    fields: dict[str, Any], message: str | None
) -> None:
    conf = conference(metrics=[metric(**fields)])
    expected = [problem(conf, ("metrics", 0, "value"), message)] if message else []
    assert check(conf) == expected


def test_a_ratio_may_be_all_of_its_denominator() -> None:
    ratio = {"numerator": 5, "denominator": 5}
    assert (
        check(
            conference(metrics=[metric(indicator="drug_free_communes", ratio=ratio, written="5/5")])
        )
        == []
    )


def test_a_quote_must_hold_the_change_as_written() -> None:
    change = {"direction": "increase", "value": Decimal("4.5"), "unit": "percent"}
    conf = conference(
        metrics=[
            metric(
                value=100,
                change=change,
                sources=[cite("100", change_written="4,5%", quote="tăng 100 vụ")],
            )
        ]
    )
    message = (
        "does not contain the change written '4,5%' (expected the article's own words around "
        "the number, copied verbatim)"
    )
    assert check(conf) == [problem(conf, ("metrics", 0, "sources", 0, "quote"), message)]


def test_a_number_written_where_none_is_recorded_is_refused() -> None:
    change = {"direction": "increase", "value": Decimal("4.5"), "unit": "percent"}
    conf = conference(metrics=[metric(change=change, sources=[cite("100", change_written="4,5%")])])
    message = "written form given for a number that is not recorded"
    assert check(conf) == [problem(conf, ("metrics", 0, "sources", 0, "written"), message)]


def test_a_total_printed_as_more_than_bounds_nothing_from_above() -> None:
    metrics = [
        metric(
            "total",
            indicator="criminal_prosecutions",
            unit="cases",
            value=1000,
            qualifier="more_than",
            sources=[cite("hơn 1.000", source="s1")],
        ),
        _prosecuted("drugs", 700, "s1", "drugs"),
        _prosecuted("social", 400, "s1", "social_order"),
    ]
    assert _messages(metrics) == set()
    assert _messages([*metrics[1:], _prosecuted("total", 2000, "s1")]) == set()


def test_a_stated_change_keeps_everything_its_source_says() -> None:
    change = {
        "direction": "decrease",
        "value": 15,
        "unit": "count",
        "qualifier": "nearly",
        "versus": "2021",
        "also": {"value": 8, "unit": "percent"},
    }
    written = "giảm gần 15 vụ, tỷ lệ 8%"
    conf = conference(
        metrics=[metric(value=100, change=change, sources=[cite("100", change_written=written)])]
    )
    [obs] = observations(conf)
    assert obs.change == StatedChange(
        direction="decrease",
        value=Decimal(15),
        unit="count",
        qualifier="nearly",
        versus="2021",
        compared_with=parse_period("2021"),
        compared_on=None,
        also=Size(value=8, unit="percent"),
    )


@pytest.mark.parametrize(
    ("indicator", "breakdown", "fields"),
    [
        ("social_order_crimes", {"aaa": "x", "bbb": "y"}, ["aaa", "bbb"]),
        ("smuggling_violations", {"force": "nope", "goods": "nope"}, ["force", "goods"]),
    ],
)
def test_every_wrong_breakdown_is_reported(
    indicator: str, breakdown: dict[str, str], fields: list[str]
) -> None:
    found = check(conference(metrics=[metric(indicator=indicator, breakdown=breakdown, value=5)]))
    assert [p.field for p in found] == [f"metrics[0].breakdown.{f}" for f in fields]


@pytest.mark.parametrize("unit", ["count", "points"])
def test_a_margin_in_count_or_points_lets_the_target_be_derived(unit: str) -> None:
    target = {"outcome": "exceeded", "by": 10, "unit": unit, "derived": True}
    conf = conference(
        metrics=[metric(value=130, target=target, sources=[cite("130", target_written="10")])]
    )
    assert check(conf) == []


# ------------------------------------------------------------------ parts named by part_of


def _part_of(cases: int) -> list[dict[str, Any]]:
    """Cases prosecuted, of which drug cases (`cases`) and drug defendants (another unit)."""
    drugs: dict[str, Any] = {
        "indicator": "criminal_prosecutions",
        "part_of": "total",
        "breakdown": {"field": "drugs"},
    }
    return [
        metric("total", indicator="criminal_prosecutions", unit="cases", value=1000),
        metric("drugs", unit="cases", value=cases, **drugs),
        metric("drug-defendants", unit="defendants", value=450, **drugs),
    ]


def test_a_part_names_its_whole_in_its_unit_or_in_another() -> None:
    whole = f"{CONFERENCE_ID}#total"
    found = [(o.metric_id, o.whole) for o in observations(conference(metrics=_part_of(300)))]
    assert found == [("total", None), ("drugs", whole), ("drug-defendants", whole)]


def test_a_part_larger_than_its_whole_is_refused() -> None:
    conf = conference(metrics=_part_of(1300))
    assert [(p.field, p.message) for p in check(conf)] == [
        ("metrics[1].part_of", "1300 is larger than the whole (1000)"),
        (
            "metrics[0]",
            "its parts by field exceed it: 1300 against 1000 (expected parts within their total)",
        ),
    ]
