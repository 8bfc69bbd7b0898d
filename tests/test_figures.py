"""Figures: deterministic bytes, drawn once per content, never zero for a missing number."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from builder import conference, metric, observations

from generator import figures
from generator.charts import figure_csv, snapshot
from generator.figures import FigureSpec, draw, render_all
from generator.languages import language

SPEC = FigureSpec(
    path="figures/test.svg",
    kind="hbar",
    title="Quảng Trị, 2023: cases",
    categories=("Drug offences", "Fireworks offences", "Đồng Nai"),
    values=(Decimal(207), Decimal(119), None),
    highs=(None, Decimal(130), None),
    labels=("207", "119 / 130 (sources differ)", ""),
    axis_label="cases",
    alt="Bar chart.",
)


def test_the_same_spec_gives_the_same_bytes() -> None:
    first, second = draw(SPEC), draw(SPEC)
    assert first == second
    assert first.startswith(b"<?xml")
    assert b"Date" not in first.split(b"</metadata>")[0].split(b"<metadata>")[-1]


def test_a_missing_number_is_labelled_not_drawn_as_zero() -> None:
    svg = draw(SPEC).decode()
    assert "not reported" in svg
    assert "Đồng Nai" in svg
    assert "0" not in figure_csv(SPEC).splitlines()[3].split(",")[1]
    assert figure_csv(SPEC).splitlines()[3] == "Đồng Nai,,,not reported"
    assert (
        figure_csv(SPEC).splitlines()[2] == "Fireworks offences,119,130,119 / 130 (sources differ)"
    )


def test_cached_figures_are_not_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, stats = render_all({SPEC.path: SPEC}, tmp_path)
    assert stats.drawn == 1

    def fail(spec: FigureSpec) -> bytes:
        raise AssertionError("a cached figure was drawn again")

    monkeypatch.setattr(figures, "draw", fail)
    again, stats = render_all({SPEC.path: SPEC}, tmp_path)
    assert stats.drawn == 0
    assert again == first


def test_a_changed_spec_is_drawn_again(tmp_path: Path) -> None:
    render_all({SPEC.path: SPEC}, tmp_path)
    changed = dataclasses.replace(SPEC, values=(Decimal(208), Decimal(119), None))
    _, stats = render_all({changed.path: changed}, tmp_path)
    assert stats.drawn == 1


def test_counts_rates_and_money_never_share_a_chart() -> None:
    conf = conference(
        metrics=[
            metric("a", value=58086),
            metric("b", indicator="criminal_cases", value=1234),
            metric("c", indicator="detection_rate", value=90, written="90%"),
            metric("d", indicator="serious_cases_detection_rate", value=95.5, written="95,5%"),
            metric(
                "e",
                indicator="crime_property_damage",
                value=14_570_000_000_000,
                written="14.570 tỷ",
            ),
            metric("f", indicator="administrative_fines", value=2_500_000_000, written="2,5 tỷ"),
        ]
    )
    drawn = {
        chart.name: (
            chart.spec.axis_label,
            dict(zip(chart.spec.categories, chart.spec.values, strict=True)),
            chart.spec.max_value,
        )
        for chart in snapshot("x", "g", "T", observations(conf), language("en"))
    }
    assert drawn == {
        "x/count-cases": (
            "cases",
            {"Criminal cases": Decimal(1234), "Crimes against social order": Decimal(58086)},
            None,
        ),
        "x/money": (
            "billion VND",
            {
                "Administrative fines imposed": Decimal("2.5"),
                "Property damage from crimes against social order": Decimal(14570),
            },
            None,
        ),
        "x/rate": (
            "rate (%)",
            {
                "Detection rate of criminal cases": Decimal(90),
                "Detection rate of serious cases": Decimal("95.5"),
            },
            100.0,
        ),
    }
