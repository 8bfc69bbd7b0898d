"""Nothing is dropped silently: what a build leaves out is a warning, which fails a strict
build (`mkdocs build --strict`, `python -m generator check --strict`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builder import conference, metric, registries, vi, write_yaml
from conftest import CONTENT, ROOT, mkdocs_build, run_cli

from generator.charts import MAX_FIGURES_PER_PAGE
from generator.site import build_site

# Its trends, too many for the province's page, are on a page of their own: capped there.
PROVINCE_PAGE = "provinces/63/nghe-an/over-time.md"


def _series_metrics(year: int) -> list[dict[str, Any]]:
    """One more counted flow than a page may chart, each its own series (over three years)."""
    catalog = registries().catalog
    pairs = [
        (indicator.key, unit)
        for indicator in catalog.indicators.values()
        if indicator.measure == "flow" and not indicator.dimensions
        for unit in indicator.units
        if catalog.units[unit].kind == "count"
    ][: MAX_FIGURES_PER_PAGE + 1]
    assert len(pairs) == MAX_FIGURES_PER_PAGE + 1
    return [
        metric(
            f"m{i}", indicator=key, unit=unit, value=year - 2000 + i, written=vi(year - 2000 + i)
        )
        for i, (key, unit) in enumerate(pairs)
    ]


@pytest.fixture
def crowded(project: Path) -> Path:
    """The project with only three conferences, whose province page has one chart too many."""
    folder = project / "content" / "conferences"
    for old in folder.glob("*.yaml"):
        old.unlink()
    for year in (2021, 2022, 2023):
        conf_id = f"{year + 1}-01-20-nghe-an-138-review-{year}"
        conf = conference(
            metrics=_series_metrics(year),
            id=conf_id,
            date=dt.date(year + 1, 1, 20),
            period=str(year),
        )
        (folder / f"{conf_id}.yaml").write_text(write_yaml(conf), encoding="utf-8")
    return project


def _dropped() -> str:
    return (
        f"{PROVINCE_PAGE}: shows {MAX_FIGURES_PER_PAGE} of its {MAX_FIGURES_PER_PAGE + 1} "
        f"charts (at most {MAX_FIGURES_PER_PAGE} a page); not shown:"
    )


def test_a_chart_over_the_cap_is_a_warning_of_the_core(crowded: Path) -> None:
    output = build_site(crowded, draw=False)
    # The unit's trends, and its successor's, which carries its history as a line of its own.
    [warning, successor] = output.warnings
    assert successor.startswith("provinces/34/nghe-an/over-time.md: shows")
    assert warning.startswith(_dropped()), warning
    dropped = warning.split("not shown: ")[1].split(", ")
    assert len(dropped) == 1 and dropped[0].endswith("-count-cases-year")
    shown = [p for p in output.files if p.startswith("figures/provinces/63/nghe-an/over-time")]
    drawn = [p for p in shown if p.endswith(".svg") and not p.endswith(".dark.svg")]
    assert len(drawn) == MAX_FIGURES_PER_PAGE
    # The province's page counts the charts its over-time page shows, not those left out.
    place = output.files["en/provinces/63/nghe-an/index.md"]
    assert isinstance(place, str)
    assert f"{MAX_FIGURES_PER_PAGE} charts of these figures over time are on a page" in place


def test_check_prints_warnings_and_strict_fails_on_them(crowded: Path) -> None:
    relaxed = run_cli("check", cwd=crowded)
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"warning: {_dropped()}" in relaxed.stderr
    strict = run_cli("check", "--strict", cwd=crowded)
    assert strict.returncode == 1
    assert f"warning: {_dropped()}" in strict.stderr
    assert "2 warnings in strict mode" in strict.stderr


def test_a_strict_build_fails_on_a_warning_and_keeps_no_site(crowded: Path, tmp_path: Path) -> None:
    result = mkdocs_build(crowded, tmp_path / "cache")
    assert result.returncode == 1
    assert f"WARNING -  generator: {_dropped()}" in result.stderr, result.stderr
    assert not (crowded / "site").exists()


def test_the_real_content_drops_nothing() -> None:
    result = run_cli("--content", str(CONTENT), "check", "--strict", "--root", str(ROOT))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
