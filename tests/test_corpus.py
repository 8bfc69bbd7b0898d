"""The real corpus is one a reader can use: enough conferences of every kind, with sources."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from generator.model import Corpus

MERGER = dt.date(2025, 7, 1)
SEED_SOURCES = {
    "vietnamvn-en-2024-01-17",
    "baonghean-en-2019-07-25",
    "baonghean-en-2024-01-22",
    "vietnamvn-en-2024-03-15",
    "dongnai-portal-2024-01-17",
}


def test_every_level_and_both_committees_are_covered(corpus: Corpus) -> None:
    assert len(corpus.conferences) >= 20
    levels = Counter(c.level for c in corpus.conferences)
    assert {"national", "regional", "province", "district"} <= set(levels)
    assert sum("138" in c.committees for c in corpus.conferences) >= 3
    assert sum("389" in c.committees for c in corpus.conferences) >= 3
    assert sum(c.date >= MERGER for c in corpus.conferences) >= 3


def test_national_conferences_are_seen_from_several_bridges(corpus: Corpus) -> None:
    bridged = [
        c
        for c in corpus.conferences
        if c.level == "national" and len({s.bridge for s in c.sources if s.bridge}) >= 2
    ]
    assert len(bridged) >= 2


def test_trends_exist_for_three_provinces(corpus: Corpus) -> None:
    periods: dict[str, set[str]] = {}
    for obs in corpus.observations:
        if obs.scope.level == "province" and obs.scope.province:
            periods.setdefault(obs.scope.province.slug, set()).add(obs.reporting_period.key)
    assert sum(len(p) >= 2 for p in periods.values()) >= 3


def test_breakdowns_no_number_conferences_and_both_languages(corpus: Corpus) -> None:
    assert any(o.breakdown for o in corpus.observations)
    assert any(not c.observations for c in corpus.conferences)
    assert {s.language for c in corpus.conferences for s in c.sources} == {"en", "vi"}


def test_most_citations_carry_an_address(corpus: Corpus) -> None:
    citations = [c for o in corpus.observations for c in o.citations]
    with_address = sum(1 for c in citations if c.source.url)
    assert with_address / len(citations) >= 0.75


def test_every_new_source_has_an_address_and_a_publisher(corpus: Corpus) -> None:
    for conference in corpus.conferences:
        for source in conference.sources:
            if source.id not in SEED_SOURCES:
                assert source.url and source.publisher, (conference.id, source.id)
