"""What every chart of the fixture corpus plots, in both languages, compared with reviewed
golden files (tests/golden/charts/<lang>/<page>.json): series, points, values, labels, units,
axis and kind, not pixels. `pytest --update-golden` rewrites them."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.figures import Drawable, FigureSpec
from generator.kinds import KINDS
from generator.languages import LANGUAGES
from generator.maps import MapSpec
from generator.model import Corpus
from generator.numbers import plain_number
from generator.urls import url_for

GOLDEN = Path(__file__).parent / "golden" / "charts"


def _plain(spec: Drawable) -> dict[str, Any]:
    """What a chart plots (or a map shows), as JSON: everything but where its file goes."""
    if isinstance(spec, MapSpec):
        shown = dataclasses.asdict(spec)
        for key in ("path", "geojson", "locale"):
            shown.pop(key)
        return json.loads(json.dumps(shown, default=str))  # type: ignore[no-any-return]
    assert isinstance(spec, FigureSpec)
    return {
        "kind": spec.kind,
        "title": spec.title,
        "subtitle": spec.subtitle,
        "axis_label": spec.axis_label,
        "bounded": spec.bounded,
        "categories": list(spec.categories),
        "ticks": list(spec.ticks),
        "series": [
            {
                "name": s.name,
                "points": [
                    {
                        "low": None if p.low is None else plain_number(p.low),
                        "high": None if p.high is None else plain_number(p.high),
                        "label": p.label,
                        "words": p.words,
                    }
                    for p in s.points
                ],
            }
            for s in spec.series
        ],
        "note": spec.note,
        "alt": spec.alt,
        "size": list(spec.size),
    }


def _charts_by_page(corpus: Corpus) -> dict[str, str]:
    """Every page with charts, in every language: its golden file and the JSON of its charts."""
    found = {}
    for lang in LANGUAGES:
        for kind in KINDS:
            for key in kind.keys(corpus):
                charts = kind.charts(corpus, key, lang)
                if not charts:
                    continue
                page = url_for(kind.name, key, lang)
                plotted = [
                    {"name": c.name, "group": c.group, "spec": _plain(c.spec)} for c in charts
                ]
                text = json.dumps(plotted, ensure_ascii=False, indent=1) + "\n"
                found[f"{lang.code}/{page.path.removesuffix('.md')}.json"] = text
    return found


def test_chart_specs_match_their_golden_files(
    fixture_corpus: Corpus, request: pytest.FixtureRequest
) -> None:
    found = _charts_by_page(fixture_corpus)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in found.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*.json")
    }
    assert sorted(found) == sorted(expected), "pages with charts changed: review, then update"
    for name, text in found.items():
        assert text == expected[name], f"tests/golden/charts/{name} differs: review, then update"


def test_the_fixture_corpus_has_a_chart_of_every_kind(fixture_corpus: Corpus) -> None:
    every = {
        chart["spec"].get("kind")
        for text in _charts_by_page(fixture_corpus).values()
        for chart in json.loads(text)
    }
    assert every == {"trend", "dots", "bars", "change", None}  # None: a map
