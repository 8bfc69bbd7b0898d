"""Validation: every mistake names the file, line and field, says what is expected."""

from __future__ import annotations

import pytest
from conftest import VALID, VALID_PATH, Problems

F = VALID_PATH


def test_the_valid_text_is_valid(problems: Problems) -> None:
    assert problems(VALID) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "indicator: social_order_crimes",
            "indicator: social_order_crime",
            f"{F}:15: metrics[0].indicator: unknown indicator 'social_order_crime'; "
            "did you mean social_order_crimes?",
        ),
        (
            "    scope: nghe-an\n    value",
            "    scope: nghe-ann\n    value",
            f"{F}:16: metrics[0].scope: unknown province 'nghe-ann' (expected a unit of the "
            "63-unit system in force on 2023-12-31; did you mean nghe-an?)",
        ),
        (
            "date: 2024-02-01",
            "date: 2024-02-31",
            f"{F}:3: date: '2024-02-31' is not a valid date (expected YYYY-MM-DD)",
        ),
        (
            'period: "2023"',
            'period: "2024"',
            f"{F}:7: period: 2024 ends on 2024-12-31, long after the conference (2024-02-01)",
        ),
        (
            'period: "2023"',
            'period: "2023-H3"',
            f"{F}:7: period: got text '2023-H3' (expected the period reviewed: a period: "
            "'2023' (year)",
        ),
        (
            'numerator: 217, denominator: 460}\n    sources: [{source: s1, written: "217/460", '
            'quote: "đến nay có 217/460',
            'numerator: 461, denominator: 460}\n    sources: [{source: s1, written: "461/460", '
            'quote: "đến nay có 461/460',
            f"{F}:27: metrics[1].ratio: numerator 461 is larger than denominator 460",
        ),
        (
            'written: "58.086"',
            'written: "58,086"',
            f"{F}:21: metrics[0].sources[0].written: '58,086' reads as 58.086 in 'vi', not 58086",
        ),
        (
            'change_written: "0,07%"',
            'change_written: "0.07%"',
            f"{F}:22: metrics[0].sources[0].change_written: '0.07' is not grouped in threes "
            "with '.' as 'vi' writes numbers (the source is in 'vi')",
        ),
        (
            "  - id: communes",
            "  - id: cases",
            f"{F}:24: metrics[1].id: duplicate id 'cases' (ids must be unique)",
        ),
        (
            "  - id: communes",
            "  - id: ../communes",
            f"{F}:24: metrics[1].id: got text '../communes' (expected a metric id of lowercase",
        ),
        (
            "    value: 58086",
            "    valeu: 58086",
            f"{F}:17: metrics[0].valeu: unknown field (expected one of: as_of, breakdown, change, "
            "disagrees_with, id, indicator, note, part_of, parts, period, qualifier, ratio, … "
            "(17 in all); did you mean value?)",
        ),
        (
            "title: {en: A test conference, vi: Hội nghị thử}\n",
            "",
            f"{F}:1: title: required field is missing",
        ),
        (
            "    value: 58086",
            '    value: "58086"',
            f"{F}:17: metrics[0].value: got text '58086' (expected the number, plain",
        ),
        (
            '      - source: s1\n        written: "58.086"',
            '      - source: s11\n        written: "58.086"',
            f"{F}:20: metrics[0].sources[0].source: unknown source 's11'; did you mean s1?",
        ),
        (
            "    value: 58086",
            "    value: -5",
            f"{F}:17: metrics[0].value: got the number -5, which is too small (expected at least 0",
        ),
        (
            "host: nghe-an",
            "host: {province: nghe-an, distrct: Vinh}",
            f"{F}:5: host.distrct: unknown field (expected one of: commune, district, kind, "
            "province, system; did you mean district?)",
        ),
    ],
)
def test_each_mistake_gets_file_line_field_and_expectation(
    problems: Problems,
    old: str,
    new: str,
    expected: str,
) -> None:
    assert old in VALID
    found = problems(VALID.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_a_province_that_no_longer_existed_names_its_successor(problems: Problems) -> None:
    text = (
        VALID.replace("2024-02-01", "2026-01-20")
        .replace('"2023"', '"2025"')
        .replace("host: nghe-an", "host: quang-binh")
    )
    found = problems(text, "conferences/2026-01-20-nghe-an-138-review-2023.yaml")
    assert any(
        "host: Quảng Bình (quang-binh) is a unit of the 63-unit system, which ended on "
        "2025-06-30; it merged into quang-tri" in p
        for p in found
    ), found


def test_a_new_province_before_the_merger_is_refused(problems: Problems) -> None:
    text = VALID.replace("host: nghe-an", "host: {province: dong-nai, system: '34'}")
    found = problems(text)
    assert any("host.system: the 34-unit system begins on 2025-07-01" in p for p in found), found
    found = problems(VALID.replace("    scope: nghe-an\n    value", "    scope: hue\n    value"))
    assert any("metrics[0].scope: Huế (hue) exists only from 2025-07-01" in p for p in found), found


def test_the_file_name_must_be_the_id(problems: Problems) -> None:
    found = problems(VALID, "conferences/other-name.yaml")
    assert any(
        "other-name.yaml:1: id: '2024-02-01-nghe-an-138-review-2023' differs" in p for p in found
    )


def test_a_stock_takes_a_date_not_a_period(problems: Problems) -> None:
    text = VALID.replace(
        "    ratio: {numerator: 217", '    period: "2023"\n    ratio: {numerator: 217'
    )
    found = problems(text)
    assert any("metrics[1].period: drug_free_communes is a stock" in p for p in found), found


def test_a_part_cannot_exceed_its_whole(problems: Problems) -> None:
    text = VALID + (
        "  - id: part\n    indicator: criminal_cases\n    scope: nghe-an\n"
        "    value: 60000\n    part_of: cases\n"
        '    sources: [{source: s1, written: "60.000", quote: "trong đó 60.000 vụ"}]\n'
    )
    found = problems(text)
    assert any("metrics[2].part_of: 60000 is larger than the whole (58086)" in p for p in found)


def test_problems_are_all_reported_at_once(problems: Problems) -> None:
    text = (
        VALID.replace("indicator: social_order_crimes", "indicator: nope")
        .replace("numerator: 217", "numerator: 999")
        .replace(
            'written: "217/460", quote: "đến nay có 217/460',
            'written: "999/460", quote: "đến nay có 999/460',
        )
    )
    found = problems(text)
    assert len(found) == 2, found


def test_an_unquoted_comma_in_braces_gets_a_hint(problems: Problems) -> None:
    text = VALID.replace(
        "title: {en: A test conference, vi: Hội nghị thử}",
        "title: {en: A test, with a comma, vi: Hội nghị thử}",
    )
    found = problems(text)
    assert any(
        "title.with a comma: unknown field (expected one of: en, vi; a comma inside {…} ends "
        "the text there: put the whole text in quotes)" in p
        for p in found
    ), found
