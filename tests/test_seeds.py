"""Every number of the seed articles is curated with its scope, value, written form and the
seed's own words around it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT

from generator.model import Corpus, Observation

SEEDS = ROOT.parent / "shared" / "seeds"
# Which seed article each source of the seed conferences was curated from.
SEED_OF_SOURCE = {
    "vietnamvn-en-2024-01-17": "000",
    "baonghean-en-2019-07-25": "001",
    "baonghean-en-2024-01-22": "002",
    "vietnamvn-en-2024-03-15": "003",
    "dongnai-portal-2024-01-17": "004",
}

NATIONAL_2024 = "2024-01-17-national-138-389-review-2023"
NATIONAL_2019 = "2019-07-25-national-138-389-review-2019-h1"
NGHE_AN_2024 = "2024-01-22-nghe-an-138-review-2023"
QUANG_TRI_2024 = "2024-03-15-quang-tri-138-review-2023"

# (conference, indicator, unit, scope, value or (numerator, denominator), written as printed)
SEED_NUMBERS: list[tuple[str, str, str, str, object, str]] = [
    # seed 000 (Nghệ An bridge, English) and 004 (Đồng Nai bridge, Vietnamese)
    (NATIONAL_2024, "smuggling_violations", "cases", "national", 146678, "146,678"),
    (
        NATIONAL_2024,
        "smuggling_budget_collection",
        "vnd",
        "national",
        14_570_000_000_000,
        "14,570 billion",
    ),
    (NATIONAL_2024, "smuggling_prosecutions", "cases", "national", 616, "616"),
    (NATIONAL_2024, "smuggling_prosecutions", "subjects", "national", 724, "724"),
    (
        NATIONAL_2024,
        "unemployment_crime_cause_share",
        "percent",
        "national",
        Decimal("29.6"),
        "29.6%",
    ),
    (NATIONAL_2024, "typical_movement_units_built", "communes", "63/nghe-an", 48, "48"),
    (NATIONAL_2024, "typical_movement_units_built", "agencies", "63/nghe-an", 42, "42"),
    (NATIONAL_2024, "typical_movement_units_built", "district_units", "63/nghe-an", 2, "2"),
    (NATIONAL_2024, "drug_free_border_communes", "communes", "63/nghe-an", (27, 27), "27/27"),
    (NATIONAL_2024, "drug_free_inland_communes", "communes", "63/nghe-an", 190, "190"),
    (NATIONAL_2024, "drug_free_districts", "district_units", "63/nghe-an", 4, "4"),
    (NATIONAL_2024, "people_committee_documents", "documents", "63/nghe-an", 50, "50"),
    (NATIONAL_2024, "social_order_crimes", "cases", "national", 58086, "58.086"),
    # seed 001 (national, first half of 2019, Nghệ An bridge)
    (NATIONAL_2019, "criminal_cases", "cases", "national", 25617, "25,617"),
    (NATIONAL_2019, "criminal_cases_solved", "cases", "national", 21071, "21,071"),
    (NATIONAL_2019, "criminal_cases_solved", "subjects", "national", 45570, "45,570"),
    (NATIONAL_2019, "detection_rate", "percent", "national", Decimal("82.25"), "82.25%"),
    (
        NATIONAL_2019,
        "serious_cases_detection_rate",
        "percent",
        "national",
        Decimal("95.16"),
        "95.16%",
    ),
    (NATIONAL_2019, "criminal_gangs_dismantled", "gangs", "national", 1392, "1,392"),
    (NATIONAL_2019, "smuggling_violations", "cases", "national", 85892, "85,892"),
    (
        NATIONAL_2019,
        "smuggling_budget_collection",
        "vnd",
        "national",
        6_165_836_000_000,
        "6,165 billion 836 million",
    ),
    (NATIONAL_2019, "smuggling_prosecutions", "cases", "national", 1311, "1,311"),
    (NATIONAL_2019, "smuggling_prosecutions", "subjects", "national", 1546, "1,546"),
    (NATIONAL_2019, "human_trafficking", "cases", "63/nghe-an", 15, "15"),
    (NATIONAL_2019, "human_trafficking", "subjects", "63/nghe-an", 26, "26"),
    (NATIONAL_2019, "child_trafficking", "cases", "63/nghe-an", 7, "07"),
    (NATIONAL_2019, "child_trafficking", "subjects", "63/nghe-an", 14, "14"),
    (NATIONAL_2019, "trafficking_victims_rescued", "victims", "63/nghe-an", 12, "12"),
    (NATIONAL_2019, "trafficked_children_schooled", "children", "63/nghe-an", 2, "02"),
    (NATIONAL_2019, "fetus_trafficking", "cases", "63/nghe-an/ky-son/huu-kiem", 1, "1"),
    # seed 002 (Nghệ An provincial review of 2023)
    (NGHE_AN_2024, "detection_rate", "percent", "63/nghe-an", 91, "91%"),
    (NGHE_AN_2024, "serious_cases_detection_rate", "percent", "63/nghe-an", 100, "100%"),
    (NGHE_AN_2024, "drug_free_border_communes", "communes", "63/nghe-an", (27, 27), "27/27"),
    (NGHE_AN_2024, "drug_free_communes", "communes", "63/nghe-an", (217, 460), "217/460"),
    (NGHE_AN_2024, "drug_free_districts", "district_units", "63/nghe-an", 4, "4"),
    # seed 003 (Quảng Trị provincial review of 2023)
    (QUANG_TRI_2024, "detection_rate", "percent", "63/quang-tri", Decimal("88.03"), "88.03%"),
    (
        QUANG_TRI_2024,
        "serious_cases_detection_rate",
        "percent",
        "63/quang-tri",
        Decimal("96.87"),
        "96.87%",
    ),
    (QUANG_TRI_2024, "social_order_crimes_solved", "cases", "63/quang-tri", 265, "265"),
    (QUANG_TRI_2024, "social_order_crimes_solved", "subjects", "63/quang-tri", 390, "390"),
    (QUANG_TRI_2024, "prohibited_goods_offences", "cases", "63/quang-tri", 462, "462"),
    (QUANG_TRI_2024, "prohibited_goods_offences", "subjects", "63/quang-tri", 456, "456"),
    (QUANG_TRI_2024, "fireworks_offences", "cases", "63/quang-tri", 119, "119"),
    (QUANG_TRI_2024, "fireworks_offences", "subjects", "63/quang-tri", 133, "133"),
    (QUANG_TRI_2024, "drug_offences", "cases", "63/quang-tri", 207, "207"),
    (QUANG_TRI_2024, "drug_offences", "subjects", "63/quang-tri", 322, "322"),
    (QUANG_TRI_2024, "key_area_transformation_rate", "percent", "63/quang-tri", 75, "75%"),
    (QUANG_TRI_2024, "security_models", "models", "63/quang-tri", 43, "43"),
    (QUANG_TRI_2024, "security_models", "points", "63/quang-tri", 854, "854"),
    (QUANG_TRI_2024, "typical_movement_units", "communes", "63/quang-tri", (7, 19), "7/19"),
    (QUANG_TRI_2024, "typical_movement_units", "agencies", "63/quang-tri", (7, 9), "7/9"),
]

# (conference, indicator, scope, direction, size, written as printed)
SEED_CHANGES = [
    (NATIONAL_2024, "social_order_crimes", "national", "increase", Decimal("0.07"), "0,07%"),
    (NATIONAL_2024, "smuggling_violations", "national", "increase", Decimal("4.95"), "4.95%"),
    (
        NATIONAL_2024,
        "smuggling_budget_collection",
        "national",
        "increase",
        Decimal("14.97"),
        "14.97%",
    ),
    (NATIONAL_2019, "criminal_cases", "national", "decrease", Decimal("0.99"), "0.99%"),
    (NATIONAL_2019, "smuggling_violations", "national", "decrease", 16, "16%"),
    (NATIONAL_2019, "smuggling_budget_collection", "national", "decrease", 18, "18%"),
    (NGHE_AN_2024, "social_order_crimes", "63/nghe-an", "decrease", Decimal("7.7"), "7.7%"),
    (QUANG_TRI_2024, "social_order_crimes", "63/quang-tri", "decrease", Decimal("7.1"), "7.1%"),
]


def find(
    corpus: Corpus, conference: str, indicator: str, unit: str | None, scope: str
) -> Observation:
    """The single observation from a seed article matching, or a failure naming what is missing
    (other outlets may report the same thing differently in the same conference)."""
    matches = [
        o
        for o in corpus.conference(conference).observations
        if o.indicator.key == indicator
        and o.scope.key == scope
        and unit in (None, o.unit.key)
        and any(c.source.id in SEED_OF_SOURCE for c in o.citations)
    ]
    assert len(matches) == 1, (conference, indicator, unit, scope, matches)
    return matches[0]


@pytest.mark.parametrize(
    ("conference", "indicator", "unit", "scope", "value", "written"), SEED_NUMBERS
)
def test_seed_number_is_curated(
    corpus: Corpus,
    conference: str,
    indicator: str,
    unit: str,
    scope: str,
    value: object,
    written: str,
) -> None:
    obs = find(corpus, conference, indicator, unit, scope)
    assert (obs.ratio if isinstance(value, tuple) else obs.value) == value
    assert any(written in (c.written or "") for c in obs.citations), obs.citations


@pytest.mark.parametrize(
    ("conference", "indicator", "scope", "direction", "size", "written"), SEED_CHANGES
)
def test_seed_change_is_curated(
    corpus: Corpus,
    conference: str,
    indicator: str,
    scope: str,
    direction: str,
    size: object,
    written: str,
) -> None:
    obs = find(
        corpus, conference, indicator, "cases" if "smuggling_v" in indicator else None, scope
    )
    assert obs.change is not None
    assert (obs.change.direction, obs.change.value) == (direction, size)
    assert any(written in (c.change_written or "") for c in obs.citations), obs.citations


def test_qualifiers_and_targets_as_stated(corpus: Corpus) -> None:
    assert (
        find(corpus, NATIONAL_2024, "smuggling_budget_collection", None, "national").qualifier
        == "more_than"
    )
    nearly = find(corpus, NATIONAL_2019, "smuggling_violations", "cases", "national").change
    assert nearly is not None and nearly.qualifier == "nearly"
    over = find(corpus, NATIONAL_2019, "smuggling_prosecutions", "subjects", "national").change
    assert over is not None and (over.value, over.qualifier) == (Decimal(56), "more_than")
    target = find(corpus, NGHE_AN_2024, "detection_rate", None, "63/nghe-an").target
    assert target is not None and (target.outcome, target.by, target.unit) == (
        "exceeded",
        16,
        "points",
    )


def test_awards_and_bridges(corpus: Corpus) -> None:
    awards = corpus.conference(QUANG_TRI_2024).awards
    assert [(a.collectives, a.individuals, a.written) for a in awards] == [
        (10, None, "10 collectives"),
        (5, None, "5 collectives"),
        (19, 30, "19 collectives and 30 individuals"),
        (35, 40, "35 collectives and 40 individuals"),
    ]
    seeds = [s for s in corpus.conference(NATIONAL_2024).sources if s.id in SEED_OF_SOURCE]
    assert {s.bridge for s in seeds} == {"nghe-an", "dong-nai"}
    assert {s.language for s in seeds} == {"en", "vi"}


def _seed_text(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout")
def test_every_quote_occurs_verbatim_in_its_seed(corpus: Corpus) -> None:
    checked = 0
    for conference in corpus.conferences:
        for obs in conference.observations:
            for citation in obs.citations:
                seed = SEED_OF_SOURCE.get(citation.source.id)
                if seed is None:
                    continue
                assert citation.quote in _seed_text(seed), (conference.id, obs.key, citation.quote)
                checked += 1
        for award in conference.awards:
            seed = SEED_OF_SOURCE.get(award.source)
            if seed is not None:
                assert award.quote in _seed_text(seed), (conference.id, award.quote)
                checked += 1
    assert checked >= 57


def test_paired_counts_are_written_once(corpus: Corpus) -> None:
    halves = [
        o
        for o in corpus.conference(QUANG_TRI_2024).observations
        if o.indicator.key == "drug_offences"
    ]
    assert [(o.unit.key, o.value) for o in halves] == [
        ("cases", Decimal(207)),
        ("subjects", Decimal(322)),
    ]
    assert {c.written for o in halves for c in o.citations} == {"207 cases/322 subjects"}
