"""Pages list indicators in the catalog's order: its categories as listed in
content/indicators.yaml, then its indicators as listed there."""

from __future__ import annotations

import yaml
from conftest import CONTENT

from generator.kinds import by_indicator
from generator.model import Corpus


def _catalog_order() -> list[str]:
    """Indicator keys as the file lists them, grouped by category in the file's order."""
    raw = yaml.safe_load((CONTENT / "indicators.yaml").read_text(encoding="utf-8"))
    categories = [c["key"] for c in raw["categories"]]
    listed = [(i["category"], i["key"]) for i in raw["indicators"]]
    return [key for category in categories for cat, key in listed if cat == category]


def test_rows_are_grouped_by_indicator_in_catalog_order(corpus: Corpus) -> None:
    shown = [indicator.key for indicator, _ in by_indicator(corpus, corpus.observations)]
    expected = [key for key in _catalog_order() if key in corpus.by_indicator]
    assert shown == expected
    alphabetical = sorted(shown, key=lambda k: (corpus.catalog.indicators[k].category, k))
    assert shown != alphabetical  # the real catalog tells the two orders apart


def test_the_catalog_lists_indicators_in_its_order(corpus: Corpus) -> None:
    assert list(corpus.catalog.indicators) == _catalog_order()
    raw = yaml.safe_load((CONTENT / "indicators.yaml").read_text(encoding="utf-8"))
    assert list(corpus.catalog.categories) == [c["key"] for c in raw["categories"]]
