"""Every rule of real reporting has a failing case with its exact `file:line: field: message`."""

from __future__ import annotations

import pytest
from conftest import VALID, VALID_PATH, Problems

from generator.validate import Registries

F = VALID_PATH
QUOTE = 'quote: "xảy ra 58.086 vụ phạm tội về trật tự xã hội, tăng 0,07% so với cùng kỳ"'
# A third metric to extend: its lines start at 29.
EXTRA = """\
  - id: extra
    indicator: {indicator}
    scope: {scope}
{body}
    sources: [{{source: s1, {cited}}}]
"""


def extra(
    body: str,
    cited: str,
    indicator: str = "criminal_prosecutions",
    scope: str = "nghe-an",
) -> str:
    """VALID with one more metric (body lines indented by four spaces)."""
    return VALID + EXTRA.format(indicator=indicator, scope=scope, body=body, cited=cited)


CASES = [
    # --- qualifier words agree with `qualifier`
    pytest.param(
        VALID.replace("value: 58086", "value: 58086\n    qualifier: more_than"),
        f"{F}:22: metrics[0].sources[0].written: '58.086' has no qualifier word before 58086, "
        "but qualifier is more_than (expected 'hơn' or 'trên' or 'vượt' before the number, "
        "copied as printed)",
        id="qualifier-without-its-word",
    ),
    pytest.param(
        VALID.replace('written: "58.086"', 'written: "hơn 58.086"').replace(
            "xảy ra 58.086", "xảy ra hơn 58.086"
        ),
        f"{F}:21: metrics[0].sources[0].written: 'hơn 58.086' says 'hơn' (more_than) before "
        "58086, but no qualifier is set (expected qualifier: more_than)",
        id="word-without-qualifier",
    ),
    pytest.param(
        VALID.replace("value: 58086", "value: 58086\n    qualifier: nearly")
        .replace('written: "58.086"', 'written: "hơn 58.086"')
        .replace("xảy ra 58.086", "xảy ra hơn 58.086"),
        f"{F}:22: metrics[0].sources[0].written: 'hơn 58.086' says 'hơn' (more_than) before "
        "58086, but qualifier is nearly",
        id="word-and-qualifier-disagree",
    ),
    # --- a paired count is written once for both halves
    pytest.param(
        extra(
            "    pair:\n      - {unit: cases, value: 887}\n      - {unit: defendants, value: 1513}",
            'written: "887 vụ", quote: "khởi tố 887 vụ/1.513 bị can"',
        ),
        f"{F}:35: metrics[2].sources[0].written: '887 vụ' has 1 number (887); expected 2 "
        "(887/1513): copy only the number as printed, numbers are never added together",
        id="pair-written-as-one-half",
    ),
    pytest.param(
        extra(
            "    pair:\n      - {unit: cases, value: 887}\n      - {unit: cases, value: 1513}",
            'written: "887 vụ/1.513 vụ", quote: "khởi tố 887 vụ/1.513 vụ"',
        ),
        f"{F}:34: metrics[2].pair[1].unit: the two halves of a pair need two units",
        id="pair-with-one-unit",
    ),
    pytest.param(
        extra(
            "    value: 887\n    pair:\n      - {unit: cases, value: 887}\n"
            "      - {unit: defendants, value: 1513}",
            'written: "887 vụ/1.513 bị can", quote: "khởi tố 887 vụ/1.513 bị can"',
        ),
        f"{F}:32: metrics[2].value: a pair gives units, values and changes per half",
        id="pair-and-value",
    ),
    # --- breakdowns: one indicator, split by a registered dimension
    pytest.param(
        extra(
            "    breakdown: {sector: drugs}\n    unit: cases\n    value: 198",
            'written: "198", quote: "ma túy: khởi tố 198 vụ"',
        ),
        f"{F}:32: metrics[2].breakdown.sector: unknown dimension 'sector' (see "
        "content/indicators.yaml)",
        id="unknown-dimension",
    ),
    pytest.param(
        extra(
            "    breakdown: {field: drug}\n    unit: cases\n    value: 198",
            'written: "198", quote: "ma túy: khởi tố 198 vụ"',
        ),
        f"{F}:32: metrics[2].breakdown.field: 'drug' is not a member of field; did you mean drugs?",
        id="unknown-member",
    ),
    pytest.param(
        extra(
            "    breakdown: {goods: sugar}\n    unit: cases\n    value: 198",
            'written: "198", quote: "đường: khởi tố 198 vụ"',
        ),
        f"{F}:32: metrics[2].breakdown.goods: criminal_prosecutions is not broken down by goods "
        "(add 'goods' to its dimensions in content/indicators.yaml)",
        id="dimension-not-of-the-indicator",
    ),
    pytest.param(
        extra(
            "    unit: cases\n    value: 100",
            'written: "100", quote: "khởi tố 100 vụ"',
        )
        + EXTRA.format(
            indicator="criminal_prosecutions",
            scope="nghe-an",
            body="    breakdown: {field: drugs}\n    unit: cases\n    value: 80",
            cited='written: "80", quote: "ma túy 80 vụ"',
        ).replace("id: extra", "id: part-a")
        + EXTRA.format(
            indicator="criminal_prosecutions",
            scope="nghe-an",
            body="    breakdown: {field: social_order}\n    unit: cases\n    value: 30",
            cited='written: "30", quote: "trật tự xã hội 30 vụ"',
        ).replace("id: extra", "id: part-b"),
        f"{F}:29: metrics[2]: its parts by field exceed it: 80, 30 against 100 (expected parts "
        "within their total)",
        id="parts-exceed-their-total",
    ),
    # --- one figure per source; sources that disagree each get a metric
    pytest.param(
        VALID + "  - id: again\n    indicator: social_order_crimes\n    scope: nghe-an\n"
        '    value: 58000\n    sources: [{source: s1, written: "58.000", quote: "58.000 vụ"}]\n',
        f"{F}:29: metrics[2]: the same indicator, unit, scope, period and breakdown as "
        "metrics[0], from the same source 's1' (expected one figure per source: when outlets "
        "disagree, each metric cites only the sources printing it)",
        id="two-figures-from-one-source",
    ),
    pytest.param(
        VALID.replace(
            "    language: vi\n",
            "    language: vi\n  - id: s2\n    publisher: Báo Khác\n    language: vi\n",
        )
        + "  - id: again\n    indicator: social_order_crimes\n    scope: nghe-an\n"
        '    value: 58086\n    sources: [{source: s2, written: "58.086", quote: "58.086 vụ"}]\n',
        f"{F}:32: metrics[2]: the same indicator, unit, scope, period and breakdown as "
        "metrics[0], with the same figure (expected one metric citing both sources)",
        id="one-figure-twice",
    ),
    # --- every number with its words
    pytest.param(
        VALID.replace(QUOTE, 'quote: "xảy ra 58 nghìn vụ, tăng 0,07%"'),
        f"{F}:23: metrics[0].sources[0].quote: does not contain the written '58.086' (expected "
        "the article's own words around the number, copied verbatim)",
        id="quote-without-the-number",
    ),
    pytest.param(
        VALID.replace(QUOTE, f'quote: "{"x" * 190} 58.086 0,07%"'),
        f"{F}:23: metrics[0].sources[0].quote: is too long (string should have at most 200 "
        "characters)",
        id="quote-too-long",
    ),
    pytest.param(
        VALID.replace('        written: "58.086"\n        change_written: "0,07%"\n', ""),
        f"{F}:20: metrics[0].sources[0]: give the number as printed: written, change_written "
        "or target_written",
        id="citation-without-written-forms",
    ),
    # --- changes against a stated period, in words
    pytest.param(
        VALID.replace("unit: percent}", "unit: percent, versus: previous_month}"),
        f"{F}:18: metrics[0].change.versus: 2023 is not a month: previous_month compares a "
        "month-long period",
        id="previous-month-of-a-year",
    ),
    pytest.param(
        VALID.replace("unit: percent}", "unit: percent, versus: '2024'}"),
        f"{F}:18: metrics[0].change.versus: 2024 does not begin before 2023 (expected an "
        "earlier period)",
        id="compared-with-a-later-period",
    ),
    pytest.param(
        VALID.replace(
            '        change_written: "0,07%"\n',
            '        change_written: "0,07%"\n        target_written: "5%"\n',
        ).replace("tăng 0,07%", "tăng 0,07%, 5%"),
        f"{F}:23: metrics[0].sources[0].target_written: written form given for a target number "
        "that is not recorded",
        id="target-written-without-target",
    ),
    # --- targets as stated
    pytest.param(
        extra(
            "    unit: cases\n    value: 100\n"
            "    target: {outcome: exceeded, by: 5, unit: percent, derived: true}",
            'written: "100", target_written: "5%", quote: "100 vụ, vượt 5%"',
        ),
        f"{F}:34: metrics[2].target.derived: only a margin in points or count, with no stated "
        "target, lets the site derive the target (value minus by)",
        id="derived-from-a-percent",
    ),
    pytest.param(
        extra(
            "    unit: cases\n    value: 100\n    target: {outcome: exceeded, value: 120}",
            'written: "100", target_written: "120", quote: "100 vụ, chỉ tiêu 120"',
        ),
        f"{F}:34: metrics[2].target.outcome: exceeded does not fit 100 against the stated "
        "target 120",
        id="outcome-against-stated-target",
    ),
    # --- regions
    pytest.param(
        VALID.replace(
            "    scope: nghe-an\n    value", "    scope: {region: mien-trung}\n    value"
        ),
        f"{F}:16: metrics[0].scope.region: unknown region 'mien-trung'; did you mean "
        "mien-trung-tay-nguyen? (regions are listed in content/regions.yaml)",
        id="unknown-region",
    ),
    pytest.param(
        VALID.replace("level: province\nhost: nghe-an", "level: regional"),
        f"{F}:1: region: a regional meeting needs the region it covers",
        id="regional-without-region",
    ),
    pytest.param(
        VALID.replace(
            "level: province\nhost: nghe-an", "level: regional\nregion: mien-trung-tay-nguyen"
        ),
        f"{F}:1: venue: a regional meeting needs the province it was held in",
        id="regional-without-venue",
    ),
    pytest.param(
        VALID.replace("host: nghe-an", "host: nghe-an\nregion: mien-trung-tay-nguyen"),
        f"{F}:6: region: only a regional meeting covers a region (level: regional)",
        id="region-on-a-provincial-meeting",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_rule_names_file_line_field_and_expectation(
    problems: Problems, text: str, expected: str
) -> None:
    found = problems(text)
    assert expected in found, found


def test_a_regional_meeting_is_valid_with_region_venue_and_organiser(problems: Problems) -> None:
    text = VALID.replace(
        "level: province\nhost: nghe-an",
        "level: regional\nregion: mien-trung-tay-nguyen\nvenue: quang-binh\n"
        "organiser: {en: Office of the Ministry of Public Security, vi: Văn phòng Bộ Công an}",
    ).replace(
        "    scope: nghe-an\n    value", "    scope: {region: mien-trung-tay-nguyen}\n    value"
    )
    assert problems(text) == []


def test_disagreeing_sources_are_valid_and_marked(registries: Registries) -> None:
    from conftest import check_text

    from generator.load import parse_yaml
    from generator.validate import validate_conference

    text = VALID.replace(
        "    language: vi\n",
        "    language: vi\n  - id: s2\n    publisher: Báo Khác\n    language: vi\n",
    ) + (
        "  - id: nearly\n    indicator: social_order_crimes\n    scope: nghe-an\n"
        "    value: 58000\n    qualifier: nearly\n"
        '    sources: [{source: s2, written: "gần 58.000", quote: "gần 58.000 vụ"}]\n'
    )
    assert check_text(text, registries) == []
    conference, _ = validate_conference(parse_yaml(text, VALID_PATH), registries)
    assert conference is not None
    marked = {o.metric_id: o.disagrees_with for o in conference.observations}
    assert marked["cases"] == ("2024-02-01-nghe-an-138-review-2023#nearly",)
    assert marked["nearly"] == ("2024-02-01-nghe-an-138-review-2023#cases",)
