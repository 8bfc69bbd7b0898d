"""Figures: deterministic bytes, drawn once per content, never zero for a missing number."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from generator import figures
from generator.charts import figure_csv
from generator.figures import FigureSpec, draw, render_all
from generator.kinds import KINDS
from generator.languages import LANGUAGES
from generator.model import Corpus

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


def test_counts_rates_and_money_never_share_a_chart(corpus: Corpus) -> None:
    specs = [
        chart.spec
        for lang in LANGUAGES
        for kind in KINDS
        for key in kind.keys(corpus)
        for chart in kind.charts(corpus, key, lang)
    ]
    assert specs
    for spec in specs:
        axis = spec.axis_label
        assert sum(word in axis for word in ("%", "VND")) <= 1
