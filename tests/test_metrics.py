"""What a number means: targets by the indicator's direction, parts against their totals,
stated changes; each decision with a case on both sides."""

from __future__ import annotations

from typing import Any

import pytest
from builder import check, cite, conference, metric, problem, vi


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
        ("social_order_crimes", 60000, "exceeded", 60000, "lower is better, so exceeded means below"),
        ("social_order_crimes", 58086, "not_met", 60000, "lower is better, so not_met means above"),
        ("criminal_cases_solved", 100, "met", 120, "higher is better, so met means at or above"),
        ("criminal_cases_solved", 120, "exceeded", 120, "higher is better, so exceeded means above"),
        ("criminal_cases_solved", 130, "not_met", 120, "higher is better, so not_met means below"),
        ("criminal_prosecutions", 120, "exceeded", 120, "neutral, so exceeded means above or below"),
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
