"""Data that opens right: a CSV a spreadsheet reads as UTF-8, JSON whose numbers are numbers
with the digits recorded, a schema and a column list that describe them, a licence, and each
province's, indicator's and the nation's own numbers linked from their pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from builder import cite, conference, metric, observations, path_of, registries, source, write_yaml
from conftest import CONTENT, ROOT
from jsonschema import Draft202012Validator

from generator.content import REGISTRIES
from generator.export import (
    BOM,
    COLUMNS,
    CSV,
    JSON,
    LICENCE_URL,
    JsonPart,
    columns_csv,
    csv_download,
    csv_header,
    csv_rows,
    json_document,
    json_records,
    json_schema,
    last_change,
    observations_json,
)
from generator.load import parse_yaml
from generator.model import Corpus, Observation
from generator.site import build_site
from generator.validate import validate_conference

FIXTURES = Path(__file__).parent / "fixtures"


def _observations_of(text: str) -> tuple[Observation, ...]:
    """The observations of a conference file's text, which must be valid."""
    found, problems = validate_conference(parse_yaml(text, path_of(conference())), registries())
    assert found is not None, [str(p) for p in problems]
    return found.observations


def test_the_csv_starts_with_a_byte_order_mark_and_reads_back_in_vietnamese() -> None:
    found = observations(conference(metrics=[metric(value=58086)]))
    data = csv_download(found).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(row) == list(COLUMNS)
    assert row["value"] == "58086" and row["province_name"] == "Nghệ An"


def test_json_numbers_are_numbers_with_the_digits_recorded() -> None:
    rate = metric(
        "rate",
        indicator="detection_rate",
        value=Decimal("88.5"),
        sources=[cite("88,50%", quote="tỷ lệ điều tra, khám phá đạt 88,50%")],
    )
    cases = metric(
        "cases", value=26800, change={"direction": "decrease", "value": 4.66, "unit": "percent"}
    )
    # Written as a contributor writes it: 88.50, with its last zero.
    text = write_yaml(conference(metrics=[rate, cases])).replace("value: 88.5\n", "value: 88.50\n")
    document = observations_json(_observations_of(text))
    assert '"value": 88.50,' in document
    assert '"value": 26800,' in document
    assert '"change_value": 4.66,' in document
    records = json.loads(document, parse_float=Decimal)["observations"]
    assert [r["value"] for r in records] == [Decimal("88.50"), 26800]
    assert isinstance(records[1]["value"], int)


def test_a_ratio_is_two_json_integers() -> None:
    communes = metric(
        indicator="drug_free_communes",
        ratio={"numerator": 217, "denominator": 460},
        written="217/460",
    )
    [record] = json.loads(observations_json(observations(conference(metrics=[communes]))))[
        "observations"
    ]
    assert (record["numerator"], record["denominator"]) == (217, 460)
    assert "value" not in record


def test_every_json_download_follows_the_published_schema(corpus: Corpus) -> None:
    schema = json.loads(json_schema())
    Draft202012Validator.check_schema(schema)
    document = json.loads(observations_json(corpus.observations))
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=str)
    assert errors == []
    assert document["count"] == len(corpus.observations) > 0
    assert document["license"]["url"] == LICENCE_URL


def test_the_schema_refuses_a_value_written_as_text() -> None:
    document = json.loads(observations_json(observations(conference(metrics=[metric(value=5)]))))
    document["observations"][0]["value"] = "5"
    assert list(Draft202012Validator(json.loads(json_schema())).iter_errors(document))


def test_the_column_list_describes_every_column_in_both_languages() -> None:
    text = columns_csv()
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert [r["column"] for r in rows] == list(COLUMNS)
    assert all(r["meaning"] and r["meaning_vi"] and r["meaning"] != r["meaning_vi"] for r in rows)
    qualifier = next(r for r in rows if r["column"] == "qualifier")
    assert qualifier["codes"].split() == [
        "more_than",
        "at_least",
        "about",
        "nearly",
        "up_to",
        "less_than",
    ]


def test_a_page_s_data_day_is_its_newest_conference_or_publication() -> None:
    later = source("s2", publisher="Báo Hai", published=dt.date(2024, 2, 9))
    conf = conference(
        sources=[source(published=dt.date(2024, 2, 1)), later],
        metrics=[metric(sources=[cite("58.086"), cite("58.086", source="s2")], value=58086)],
    )
    assert last_change(observations(conf)) == dt.date(2024, 2, 9)
    assert last_change(observations(conference(metrics=[metric(value=1)]))) == dt.date(2024, 2, 1)
    assert last_change([]) is None


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The files of the fixture conferences' site."""
    root = tmp_path_factory.mktemp("downloads")
    (root / "content").mkdir()
    for name in REGISTRIES:
        shutil.copy(CONTENT / name, root / "content" / name)
    shutil.copytree(FIXTURES / "conferences", root / "content" / "conferences")
    shutil.copytree(ROOT / "templates", root / "templates")
    output = build_site(root, draw=False)
    return {**output.files, "corpus": output.corpus}


@pytest.mark.parametrize(
    ("page", "download", "indicator", "scope"),
    [
        ("provinces/63/nghe-an/index.md", "data/provinces/63/nghe-an", None, "63/nghe-an"),
        ("national/index.md", "data/national", None, "national"),
        (
            "indicators/social-order-crimes.md",
            "data/indicators/social-order-crimes",
            "social_order_crimes",
            None,
        ),
    ],
)
def test_a_page_links_its_own_numbers_as_csv_and_json(
    fixture_site: dict[str, Any],
    page: str,
    download: str,
    indicator: str | None,
    scope: str | None,
) -> None:
    for prefix in ("", "en/"):
        text = fixture_site[prefix + page]
        up = "../" * (prefix + page).count("/")
        assert f"[CSV]({up}{download}.csv)" in text, prefix + page
        assert f"[JSON]({up}{download}.json)" in text, prefix + page
    rows = list(csv.DictReader(io.StringIO(fixture_site[f"{download}.csv"].removeprefix(BOM))))
    document = json.loads(fixture_site[f"{download}.json"])
    assert len(rows) == document["count"] == len(document["observations"]) > 0
    assert document["page"] == page.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
    # Exactly the page's numbers: all of its scope (a province's with its districts' and
    # communes'), or all of its indicator (every scope).
    corpus: Corpus = fixture_site["corpus"]
    expected = [
        o
        for o in corpus.observations
        if (indicator is None or o.indicator.key == indicator)
        and (scope is None or scope in (o.scope.key, o.scope.province_key))
    ]
    assert sorted((r["conference_id"], r["metric_id"], r["unit"]) for r in rows) == sorted(
        (o.conference_id, o.metric_id, o.unit.key) for o in expected
    )
    if indicator:
        assert len({o.scope.key for o in expected}) > 3  # the nation, a region, provinces


def test_a_page_shows_the_day_of_its_newest_data(fixture_site: dict[str, Any]) -> None:
    page = fixture_site["en/provinces/63/nghe-an/index.md"]
    # Its newest numbers were given at the national conference of 10 January 2025, in an
    # article published the day after.
    assert 'data_date: "2025-01-11"' in page
    assert 'data_as_of: "data as of 11 January 2025"' in page
    assert (
        'data_as_of: "số liệu đến ngày 11 tháng 1 năm 2025"'
        in fixture_site["provinces/63/nghe-an/index.md"]
    )


def test_the_whole_record_written_from_each_conference_s_part_is_written_whole(
    fixture_corpus: Corpus, fixture_site: dict[str, Any]
) -> None:
    parts = [
        JsonPart(json_records(c.observations), len(c.observations), last_change(c.observations))
        for c in fixture_corpus.conferences
    ]
    numbers = fixture_corpus.observations
    assert len(numbers) > 10 and any(not c.observations for c in fixture_corpus.conferences)
    assert json_document(parts) == observations_json(numbers)
    assert json_document([]) == observations_json(())
    rows = "".join(csv_rows(c.observations) for c in fixture_corpus.conferences)
    assert BOM + csv_header() + rows == csv_download(numbers)
    # And so the site writes them.
    everything = fixture_site["corpus"].observations
    assert fixture_site[CSV] == csv_download(everything)
    assert fixture_site[JSON] == observations_json(everything)
