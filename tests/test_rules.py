"""Every rule of real reporting has a failing case with its exact `file:line: field: message`.

Each case is a conference built for it (tests/builder.py) that breaks one rule and nothing
else; its line is where the field is written. A last test proves that every `report(` call in
metrics.py and validate.py is reached by one of these cases.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from builder import (
    CONFERENCE_ID,
    Loc,
    check,
    cite,
    conference,
    metric,
    observations,
    problem,
    source,
)

from generator import metrics as metrics_module
from generator import validate as validate_module
from generator.periods import EARLIEST, latest_plausible

LATEST = latest_plausible().isoformat()
QUOTE = "xảy ra 58.086 vụ phạm tội về trật tự xã hội, tăng 0,07% so với cùng kỳ"


@dataclass(frozen=True)
class Case:
    """A conference that breaks one rule, and the one problem it must give."""

    conf: dict[str, Any]
    loc: Loc
    message: str
    path: str | None = None


def one(**fields: Any) -> dict[str, Any]:
    """A conference with one metric (social-order crimes in Nghệ An in 2023 by default)."""
    return conference(metrics=[metric(**fields)])


def pair(first: str = "cases", second: str = "defendants", **fields: Any) -> dict[str, Any]:
    """A conference with one figure in two parts: 887 cases / 1,513 defendants prosecuted."""
    parts = [{"unit": first, "value": 887}, {"unit": second, "value": 1513}]
    return one(indicator="criminal_prosecutions", parts=parts, **fields)


def award(written: str | None = "43 tập thể và 43 cá nhân", **fields: Any) -> dict[str, Any]:
    """A conference with one award, cited by s1 printing `written`."""
    given = {"en": "Provincial People's Committee", "vi": "UBND tỉnh"}
    entry: dict[str, Any] = {
        "given_by": given,
        "award": {"en": "Certificate of merit", "vi": "Bằng khen"},
    }
    quote = f"tặng Bằng khen cho {written}" if written else "tặng Bằng khen"
    entry |= {"source": "s1", "written": written, "quote": quote, **fields}
    return conference(awards=[{k: v for k, v in entry.items() if v is not None}])


def communes(**fields: Any) -> dict[str, Any]:
    """A conference with one stock: drug-free communes, 217 of 460."""
    return one(indicator="drug_free_communes", **fields)


def prosecuted(id: str, value: int, member: str | None = None, by: str = "s1") -> dict[str, Any]:
    """Cases prosecuted, in all or in one field."""
    return metric(
        id,
        indicator="criminal_prosecutions",
        unit="cases",
        value=value,
        breakdown={"field": member} if member else None,
        sources=[cite(str(value), source=by)],
    )


TWO_SOURCES = [source("s1"), source("s2", publisher="Báo Khác")]
CHANGE = {"direction": "increase", "value": 0.07, "unit": "percent"}

CASES = {
    # --- qualifier words agree with `qualifier`
    "qualifier-without-its-word": Case(
        one(value=58086, qualifier="more_than"),
        ("metrics", 0, "sources", 0, "written"),
        "'58.086' has no qualifier word before 58086, but qualifier is more_than (expected "
        "'hơn' or 'trên' or 'vượt' before the number, copied as printed)",
    ),
    "word-without-qualifier": Case(
        one(value=58086, written="hơn 58.086"),
        ("metrics", 0, "sources", 0, "written"),
        "'hơn 58.086' says 'hơn' (more_than) before 58086, but no qualifier is set (expected "
        "qualifier: more_than)",
    ),
    "word-and-qualifier-disagree": Case(
        one(value=58086, qualifier="nearly", written="hơn 58.086"),
        ("metrics", 0, "sources", 0, "written"),
        "'hơn 58.086' says 'hơn' (more_than) before 58086, but qualifier is nearly",
    ),
    # --- a figure in parts is written once for all its parts
    "pair-written-as-one-half": Case(
        pair(written="887 vụ"),
        ("metrics", 0, "sources", 0, "written"),
        "'887 vụ' has 1 number (887); expected 2 (887/1513): copy only the number as printed, "
        "numbers are never added together",
    ),
    "pair-with-one-unit": Case(
        pair("cases", "cases", written="887 vụ/1.513 vụ"),
        ("metrics", 0, "parts", 1, "unit"),
        "'cases' is the unit of an earlier part (expected each part in a unit of its own: two "
        "figures in one unit are two metrics)",
    ),
    "pair-and-value": Case(
        pair(value=887, written="887 vụ/1.513 bị can"),
        ("metrics", 0, "value"),
        "a figure in parts gives value in each part (expected parts: [{unit, value, qualifier, "
        "change}, …] and no top-level value)",
    ),
    "target-on-a-pair": Case(
        pair(written="887 vụ/1.513 bị can", target={"outcome": "exceeded"}),
        ("metrics", 0, "target"),
        "a target on a figure in parts: record it on a metric of its own",
    ),
    # --- units of the indicator
    "unit-not-of-the-indicator": Case(
        one(unit="subjects", value=5),
        ("metrics", 0, "unit"),
        "'subjects' is not a unit of social_order_crimes (cases)",
    ),
    # --- the number itself
    "value-and-ratio": Case(
        communes(value=217, ratio={"numerator": 217, "denominator": 460}, written="217/460"),
        ("metrics", 0, "ratio"),
        "give value: or ratio:, not both",
    ),
    "no-number": Case(
        one(
            target={"outcome": "met", "value": 100},
            sources=[cite(target_written="100")],
        ),
        ("metrics", 0),
        "no number: give value:, ratio:, parts: or at least change:",
    ),
    "numerator-over-denominator": Case(
        communes(ratio={"numerator": 461, "denominator": 460}, written="461/460"),
        ("metrics", 0, "ratio"),
        "numerator 461 is larger than denominator 460",
    ),
    "rate-over-100": Case(
        one(indicator="detection_rate", value=120, written="120%"),
        ("metrics", 0, "value"),
        "120 is not a percentage (expected 0 to 100)",
    ),
    "count-not-whole": Case(
        one(value=1.5),
        ("metrics", 0, "value"),
        "1.5 is not a whole number of count",
    ),
    "qualifier-without-value": Case(
        one(qualifier="about", change=CHANGE, sources=[cite(change_written="0,07%")]),
        ("metrics", 0, "qualifier"),
        "a qualifier needs a value",
    ),
    # --- flows over a period, stocks on a day
    "stock-with-a-period": Case(
        communes(value=217, period="2023"),
        ("metrics", 0, "period"),
        "drug_free_communes is a stock, counted at a date: use as_of, not period",
    ),
    "stock-after-the-conference": Case(
        communes(value=217, as_of=dt.date(2024, 3, 1)),
        ("metrics", 0, "as_of"),
        "2024-03-01 is after the conference (2024-02-01)",
    ),
    "flow-on-a-day": Case(
        one(value=58086, as_of=dt.date(2024, 1, 1)),
        ("metrics", 0, "as_of"),
        "social_order_crimes is a flow, counted over a period: use period, not as_of",
    ),
    "period-unreadable": Case(
        one(value=58086, period="2023-05-01/2023-01-01"),
        ("metrics", 0, "period"),
        "'2023-05-01/2023-01-01' ends before it starts",
    ),
    "period-implausible": Case(
        one(value=58086, period="1990"),
        ("metrics", 0, "period"),
        f"1990: 1990-01-01 is outside {EARLIEST} to {LATEST} (expected a period within the "
        "committees' reviews)",
    ),
    "period-after-the-conference": Case(
        one(value=58086, period="2024-Q2"),
        ("metrics", 0, "period"),
        "2024-Q2 starts after the conference (2024-02-01): a review looks back",
    ),
    "period-long-after-the-conference": Case(
        one(value=58086, period="2024"),
        ("metrics", 0, "period"),
        "2024 ends on 2024-12-31, long after the conference (2024-02-01) (expected a period "
        "that has ended, or nearly, by the conference date)",
    ),
    "date-implausible": Case(
        conference(sources=[source(published=dt.date(1990, 1, 1))]),
        ("sources", 0, "published"),
        f"1990-01-01 is outside {EARLIEST} to {LATEST} (expected a date within the committees' "
        "reviews)",
    ),
    # --- breakdowns: one indicator, split by a registered dimension
    "unknown-dimension": Case(
        one(indicator="criminal_prosecutions", unit="cases", value=198, breakdown={"sector": "x"}),
        ("metrics", 0, "breakdown", "sector"),
        "unknown dimension 'sector' (see content/indicators.yaml)",
    ),
    "unknown-member": Case(
        one(
            indicator="criminal_prosecutions", unit="cases", value=198, breakdown={"field": "drug"}
        ),
        ("metrics", 0, "breakdown", "field"),
        "'drug' is not a member of field; did you mean drugs?",
    ),
    "dimension-not-of-the-indicator": Case(
        one(
            indicator="criminal_prosecutions", unit="cases", value=198, breakdown={"goods": "sugar"}
        ),
        ("metrics", 0, "breakdown", "goods"),
        "criminal_prosecutions is not broken down by goods (add 'goods' to its dimensions in "
        "content/indicators.yaml)",
    ),
    "parts-exceed-their-total": Case(
        conference(
            metrics=[
                prosecuted("total", 100),
                prosecuted("part-a", 80, "drugs"),
                prosecuted("part-b", 30, "social_order"),
            ]
        ),
        ("metrics", 0),
        "its parts by field exceed it: 80, 30 against 100 (expected parts within their total)",
    ),
    # --- a part names its whole
    "part-of-nothing": Case(
        conference(metrics=[metric("a", value=5, part_of="b")]),
        ("metrics", 0, "part_of"),
        "'b' is not another metric here",
    ),
    "part-of-itself": Case(
        conference(metrics=[metric("a", value=5, part_of="a")]),
        ("metrics", 0, "part_of"),
        "'a' is not another metric here",
    ),
    "part-larger-than-its-whole": Case(
        conference(
            metrics=[
                metric("cases", value=58086),
                metric("part", indicator="criminal_cases", value=60000, part_of="cases"),
            ]
        ),
        ("metrics", 1, "part_of"),
        "60000 is larger than the whole (58086)",
    ),
    # --- one figure per source; sources that disagree each get a metric
    "two-figures-from-one-source": Case(
        conference(metrics=[metric("a", value=58086), metric("b", value=58000)]),
        ("metrics", 1),
        "the same indicator, unit, scope, period and breakdown as metrics[0], from the same "
        "source 's1' (expected one figure per source: when outlets disagree, each metric cites "
        "only the sources printing it; when the source counts something else, say what: its own "
        "period (period:, the narrowest the words allow, with a note when its dates are not "
        "printed), breakdown: or scope:)",
    ),
    "one-figure-twice": Case(
        conference(
            sources=TWO_SOURCES,
            metrics=[
                metric("a", value=58086),
                metric("b", value=58086, sources=[cite("58.086", source="s2")]),
            ],
        ),
        ("metrics", 1),
        "the same indicator, unit, scope, period and breakdown as metrics[0], with the same "
        "figure (expected one metric citing both sources)",
    ),
    # --- every number with its words
    "written-missing": Case(
        one(value=58086, change=CHANGE, sources=[cite(change_written="0,07%")]),
        ("metrics", 0, "sources", 0, "written"),
        "missing: copy the number exactly as the source prints it",
    ),
    "citation-without-written-forms": Case(
        one(change=CHANGE, sources=[cite(quote="tăng 0,07%")]),
        ("metrics", 0, "sources", 0),
        "give the number as printed: written, change_written or target_written",
    ),
    "written-reads-otherwise": Case(
        one(value=58086, written="58,086"),
        ("metrics", 0, "sources", 0, "written"),
        "'58,086' reads as 58.086 in 'vi', not 58086 (expected the written form to match the "
        "recorded number)",
    ),
    "change-written-unreadable": Case(
        one(value=58086, change=CHANGE, sources=[cite("58.086", change_written="0.07%")]),
        ("metrics", 0, "sources", 0, "change_written"),
        "'0.07' is not grouped in threes with '.' as 'vi' writes numbers (the source is in 'vi')",
    ),
    "target-written-otherwise": Case(
        one(
            value=100,
            target={"outcome": "exceeded", "value": 120},
            sources=[cite("100", target_written="130")],
        ),
        ("metrics", 0, "sources", 0, "target_written"),
        "'130' reads as 130 in 'vi', not 120 (expected the target's numbers as printed)",
    ),
    "target-written-without-target": Case(
        one(value=58086, sources=[cite("58.086", target_written="5%")]),
        ("metrics", 0, "sources", 0, "target_written"),
        "written form given for a target number that is not recorded",
    ),
    "quote-without-the-number": Case(
        one(value=58086, sources=[cite("58.086", quote="xảy ra 58 nghìn vụ")]),
        ("metrics", 0, "sources", 0, "quote"),
        "does not contain the written '58.086' (expected the article's own words around the "
        "number, copied verbatim)",
    ),
    "unknown-source": Case(
        one(value=58086, sources=[cite("58.086", source="s11")]),
        ("metrics", 0, "sources", 0, "source"),
        "unknown source 's11'; did you mean s1?",
    ),
    # --- changes against a stated period, in words
    "change-qualifier-without-value": Case(
        one(value=58086, change={"direction": "increase", "qualifier": "nearly"}),
        ("metrics", 0, "change", "qualifier"),
        "a qualifier needs a value",
    ),
    "unchanged-with-a-size": Case(
        one(
            value=58086,
            change={"direction": "unchanged", "value": 0.07},
            sources=[cite("58.086", change_written="0,07%")],
        ),
        ("metrics", 0, "change", "value"),
        "an unchanged figure has no size of change, but value is 0.07 (expected value 0 or "
        "none, or direction increase or decrease)",
    ),
    "previous-month-of-a-year": Case(
        one(
            value=58086,
            change={**CHANGE, "versus": "previous_month"},
            sources=[cite("58.086", change_written="0,07%")],
        ),
        ("metrics", 0, "change", "versus"),
        "2023 is not a month: previous_month compares a month-long period",
    ),
    "compared-with-a-later-period": Case(
        one(
            value=58086,
            change={**CHANGE, "versus": "2024"},
            sources=[cite("58.086", change_written="0,07%")],
        ),
        ("metrics", 0, "change", "versus"),
        "2024 does not begin before 2023 (expected an earlier period)",
    ),
    "previous-period-of-a-stock": Case(
        communes(
            value=217,
            change={
                "direction": "increase",
                "value": 5,
                "unit": "count",
                "versus": "previous_period",
            },
            sources=[cite("217", change_written="5")],
        ),
        ("metrics", 0, "change", "versus"),
        "a stock counted on a day has no previous_period: use same_period or a period",
    ),
    # --- targets as stated
    "margin-without-its-unit": Case(
        one(
            value=100,
            target={"outcome": "exceeded", "by": 5},
            sources=[cite("100", target_written="5")],
        ),
        ("metrics", 0, "target", "unit"),
        "say what `by` counts: percent, points, count or of_target",
    ),
    "unit-without-its-margin": Case(
        one(value=100, target={"outcome": "exceeded", "unit": "percent"}),
        ("metrics", 0, "target", "by"),
        "unit percent needs the margin `by` as printed",
    ),
    "derived-from-a-percent": Case(
        one(
            indicator="criminal_prosecutions",
            unit="cases",
            value=100,
            target={"outcome": "exceeded", "by": 5, "unit": "percent", "derived": True},
            sources=[cite("100", target_written="5%")],
        ),
        ("metrics", 0, "target", "derived"),
        "only a margin in points or count, with no stated target, lets the site derive the "
        "target (value minus by)",
    ),
    "outcome-against-stated-target": Case(
        one(
            indicator="criminal_cases_solved",
            unit="cases",
            value=100,
            target={"outcome": "exceeded", "value": 120},
            sources=[cite("100", target_written="120")],
        ),
        ("metrics", 0, "target", "outcome"),
        "exceeded does not fit 100 against the stated target 120 (criminal_cases_solved: higher "
        "is better, so exceeded means above it)",
    ),
    # --- whom a number is about
    "unknown-indicator": Case(
        one(indicator="social_order_crime", value=58086),
        ("metrics", 0, "indicator"),
        "unknown indicator 'social_order_crime'; did you mean social_order_crimes? (indicators "
        "are listed in content/indicators.yaml: add a new one there, with its units)",
    ),
    "unknown-province": Case(
        one(value=58086, scope="nghe-ann"),
        ("metrics", 0, "scope"),
        "unknown province 'nghe-ann' (expected a unit of the 63-unit system in force on "
        "2023-12-31; did you mean nghe-an?)",
    ),
    "unknown-province-of-a-place": Case(
        one(value=58086, scope={"province": "nghe-ann", "district": "Kỳ Sơn"}),
        ("metrics", 0, "scope", "province"),
        "unknown province 'nghe-ann' (expected a unit of the 63-unit system in force on "
        "2023-12-31; did you mean nghe-an?)",
    ),
    "commune-without-district": Case(
        one(value=58086, scope={"province": "nghe-an", "commune": "Hữu Kiệm"}),
        ("metrics", 0, "scope"),
        "before 1 July 2025 a commune needs its district (expected district: and commune:)",
    ),
    # --- district-level units: a kind, named without it, and none after 1 July 2025
    "kind-without-district": Case(
        one(value=58086, scope={"province": "nghe-an", "kind": "town"}),
        ("metrics", 0, "scope", "kind"),
        "a kind needs its district (expected district:)",
    ),
    "district-named-with-its-kind": Case(
        one(value=58086, scope={"province": "nghe-an", "district": "TP. Vinh"}),
        ("metrics", 0, "scope", "district"),
        "'TP. Vinh' starts with its kind 'tp.' (expected the name alone, and kind: "
        "provincial_city)",
    ),
    "district-after-the-merger": Case(
        conference(
            date=dt.date(2025, 10, 20),
            period="2025-9M",
            id="2025-10-20-nghe-an-138-review-2025-9m",
            metrics=[metric(value=58086, scope={"province": "nghe-an", "district": "Kỳ Sơn"})],
        ),
        ("metrics", 0, "scope", "district"),
        "there are no districts on 2025-09-30: district level was abolished on 1 July 2025 "
        "(expected {province, commune} or the province alone)",
        path="conferences/2025-10-20-nghe-an-138-review-2025-9m.yaml",
    ),
    "commune-conference-hosted-by-a-province": Case(
        conference(level="commune"),
        ("host",),
        "a commune conference needs {province, commune}",
    ),
    # --- committees: named by a source, or a note says why they are listed
    "committee-named-by-no-source": Case(
        conference(sources=[source(committee_as_printed=None)]),
        ("committees",),
        "no source prints a committee's name (expected committee_as_printed: on the source that "
        "names it, or committees_note: {en, vi} saying what the sources say and why the "
        "conference is filed under these committees)",
    ),
    "unknown-region": Case(
        one(value=58086, scope={"region": "mien-trung"}),
        ("metrics", 0, "scope", "region"),
        "unknown region 'mien-trung'; did you mean mien-trung-tay-nguyen? (regions are listed "
        "in content/regions.yaml)",
    ),
    # --- the conference: file, committees, host, region, venue
    "id-is-not-the-file-name": Case(
        conference(),
        ("id",),
        f"{CONFERENCE_ID!r} differs from the file name (expected 'other-name')",
        path="conferences/other-name.yaml",
    ),
    "id-names-a-section-page": Case(
        conference(id="index"),
        ("id",),
        "'index' names the page of the conferences section (choose another id)",
        path="conferences/index.yaml",
    ),
    "system-not-in-force": Case(
        conference(host={"province": "dong-nai", "system": "34"}),
        ("host", "system"),
        "the 34-unit system begins on 2025-07-01, after 2024-02-01 (expected a unit of the "
        "63-unit system in force then, or no system:)",
    ),
    "committee-twice": Case(
        conference(committees=["138", "138"]),
        ("committees",),
        "a committee is listed twice",
    ),
    "duplicate-metric-id": Case(
        conference(metrics=[metric(value=1), metric(indicator="criminal_cases", value=2)]),
        ("metrics", 1, "id"),
        "duplicate id 'm' (ids must be unique)",
    ),
    "regional-without-region": Case(
        conference(level="regional", host=None, venue="quang-binh"),
        ("region",),
        "a regional meeting needs the region it covers",
    ),
    "regional-without-venue": Case(
        conference(level="regional", host=None, region="mien-trung-tay-nguyen"),
        ("venue",),
        "a regional meeting needs the province it was held in",
    ),
    "region-on-a-provincial-meeting": Case(
        conference(region="mien-trung-tay-nguyen"),
        ("region",),
        "only a regional meeting covers a region (level: regional)",
    ),
    "national-with-a-host": Case(
        conference(level="national"),
        ("host",),
        "a national conference has no host province",
    ),
    "province-without-host": Case(
        conference(host=None),
        ("host",),
        "a province conference needs its host (e.g. nghe-an)",
    ),
    "district-hosted-by-a-province": Case(
        conference(level="district"),
        ("host",),
        "a district conference needs {province, district}",
    ),
    "province-hosted-by-a-district": Case(
        conference(host={"province": "nghe-an", "district": "Kỳ Sơn"}),
        ("host",),
        "a province conference is hosted by a province slug",
    ),
    "address-with-a-user": Case(
        conference(sources=[source(url="https://user@example.org/a")]),
        ("sources", 0, "url"),
        "the address names a user before the host (expected https://host/path)",
    ),
    "unknown-bridge": Case(
        conference(sources=[source(bridge="gia-lai")]),
        ("sources", 0, "bridge"),
        "unknown bridge 'gia-lai'",
    ),
    "directive-by-someone-absent": Case(
        conference(
            directives=[{"text": {"en": "Act", "vi": "Làm"}, "by": "Lê Văn A", "source": "s1"}]
        ),
        ("directives", 0, "by"),
        "'Lê Văn A' is not in people",
    ),
    # --- awards: counts printed by their source, inside its quote
    "award-count-without-written": Case(
        award(collectives=43, written=None),
        ("awards", 0, "written"),
        "missing: copy the counts exactly as the source prints them ('43 tập thể và 43 cá nhân')",
    ),
    "award-written-other-counts": Case(
        award(collectives=43, individuals=42),
        ("awards", 0, "written"),
        "'43 tập thể và 43 cá nhân' reads as 43 and 43 in 'vi', not 43 and 42 (expected the "
        "award's counts as printed)",
    ),
    "award-written-without-count": Case(
        award(),
        ("awards", 0, "written"),
        "written form given for a count that is not recorded ('43 tập thể và 43 cá nhân'; "
        "expected collectives:, individuals: or recipients:)",
    ),
    "award-quote-without-written": Case(
        award(collectives=43, individuals=43, quote="khen thưởng nhiều tập thể"),
        ("awards", 0, "quote"),
        "does not contain the written '43 tập thể và 43 cá nhân' (expected the article's own "
        "words around the counts, copied verbatim)",
    ),
    "award-recipients-and-collectives": Case(
        award("43 tập thể, 86 tập thể và cá nhân", collectives=43, recipients=86),
        ("awards", 0, "recipients"),
        "recipients counts collectives and individuals together: give it only when the source "
        "prints no separate counts (expected recipients:, or collectives: and individuals:)",
    ),
    # --- a change printed two ways, or as a share of the earlier figure
    "change-also-without-value": Case(
        one(
            value=58086,
            change={
                "direction": "decrease",
                "unit": "count",
                "also": {"value": 3.9, "unit": "percent"},
            },
            sources=[cite("58.086", change_written="3,9%")],
        ),
        ("metrics", 0, "change", "also"),
        "a second size needs the first (expected value:)",
    ),
    "change-also-same-unit": Case(
        one(
            value=58086,
            change={
                "direction": "decrease",
                "value": 76,
                "unit": "count",
                "also": {"value": 4, "unit": "count"},
            },
            sources=[cite("58.086", change_written="76 vụ, 4 vụ")],
        ),
        ("metrics", 0, "change", "also", "unit"),
        "the second size is in count like the first (expected another unit: 'giảm 76 vụ, tỷ lệ "
        "3,9%' is count, then percent)",
    ),
    "change-of-earlier-direction": Case(
        one(
            value=58086,
            change={"direction": "increase", "value": 81.27, "unit": "of_earlier"},
            sources=[cite("58.086", change_written="81,27%")],
        ),
        ("metrics", 0, "change", "direction"),
        "increase does not fit a figure at 81.27% of the earlier one (expected decrease below "
        "100%, increase above it, unchanged at 100%)",
    ),
    "disagreement-with-no-such-metric": Case(
        one(
            value=58086,
            disagrees_with=[{"metric": "m2", "why": {"en": "Other outlet", "vi": "Báo khác"}}],
        ),
        ("metrics", 0, "disagrees_with", 0, "metric"),
        "'m2' is not another metric here (expected a metric id of this file, or conference: with "
        "the other file's id)",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_rule_names_file_line_field_and_expectation(case: Case) -> None:
    expected = problem(case.conf, case.loc, case.message, case.path)
    assert [str(p) for p in check(case.conf, case.path)] == [str(expected)]


def test_the_quote_has_at_most_200_characters() -> None:
    conf = one(value=58086, sources=[cite("58.086", quote=f"{'x' * 194} 58.086")])
    [found] = check(conf)
    assert found == problem(
        conf,
        ("metrics", 0, "sources", 0, "quote"),
        "is 201 characters long, at most 200 are allowed (expected the shortest span of the "
        "article's own words that identifies the number, copied verbatim; it contains every "
        "written form above)",
    )


def test_a_regional_meeting_is_valid_with_region_venue_and_organiser() -> None:
    conf = conference(
        metrics=[metric(value=58086, scope={"region": "mien-trung-tay-nguyen"})],
        level="regional",
        host=None,
        region="mien-trung-tay-nguyen",
        venue="quang-binh",
        organiser={"en": "Office of the Ministry of Public Security", "vi": "Văn phòng Bộ Công an"},
    )
    assert check(conf) == []


def test_disagreeing_sources_are_valid_and_marked() -> None:
    conf = conference(
        sources=TWO_SOURCES,
        metrics=[
            metric(
                "cases",
                value=58086,
                change=CHANGE,
                sources=[cite("58.086", change_written="0,07%", quote=QUOTE)],
            ),
            metric(
                "nearly", value=58000, qualifier="nearly", sources=[cite("gần 58.000", source="s2")]
            ),
        ],
    )
    marked = {o.metric_id: o.disagrees_with for o in observations(conf)}
    assert marked == {
        "cases": (f"{CONFERENCE_ID}#nearly",),
        "nearly": (f"{CONFERENCE_ID}#cases",),
    }


# ------------------------------------------------------------------ every rule has its case

CHECKERS = (Path(inspect.getfile(metrics_module)), Path(inspect.getfile(validate_module)))


def _report_calls() -> Iterator[tuple[str, int, int]]:
    """(file, first line, last line) of every `….report(…)` call in the checkers."""
    for file in CHECKERS:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "report"
            ):
                yield file.name, node.lineno, node.end_lineno or node.lineno


def test_every_report_call_has_a_failing_case(monkeypatch: pytest.MonkeyPatch) -> None:
    reached: set[tuple[str, int]] = set()
    original = validate_module._ConferenceChecker.report

    def report(self: Any, loc: Loc, message: str) -> None:
        caller = sys._getframe(1)
        reached.add((Path(caller.f_code.co_filename).name, caller.f_lineno))
        original(self, loc, message)

    monkeypatch.setattr(validate_module._ConferenceChecker, "report", report)
    for case in CASES.values():
        check(case.conf, case.path)
    calls = list(_report_calls())
    assert len(calls) > 50
    missing = [
        f"{name}:{first}"
        for name, first, last in calls
        if not any(n == name and first <= line <= last for n, line in reached)
    ]
    assert missing == [], "report( calls without a failing case in CASES"


def test_a_commune_under_its_province_is_sound_after_1_july_2025() -> None:
    conf = conference(
        id="2026-01-14-lang-son-138-review-2025",
        date=dt.date(2026, 1, 14),
        period="2025",
        level="commune",
        host={"province": "lang-son", "commune": "Hữu Lũng"},
        metrics=[metric(value=58086, scope={"province": "lang-son", "commune": "Hữu Lũng"})],
    )
    [obs] = observations(conf)
    assert (obs.scope.level, obs.scope.district, obs.scope.commune) == ("commune", None, "Hữu Lũng")
    assert obs.scope.path == "34/lang-son/commune-huu-lung"


def test_a_district_kind_defaults_to_the_host_s_then_to_district() -> None:
    host = {"province": "nghe-an", "district": "Cửa Lò", "kind": "town"}
    conf = conference(
        level="district",
        host=host,
        metrics=[
            metric("town", value=5, scope={"province": "nghe-an", "district": "Cửa Lò"}),
            metric("other", value=6, scope={"province": "nghe-an", "district": "Kỳ Sơn"}),
        ],
    )
    kinds = {o.metric_id: (o.scope.district_kind, o.scope.path) for o in observations(conf)}
    assert kinds == {
        "town": ("town", "63/nghe-an/town-cua-lo"),
        "other": ("district", "63/nghe-an/district-ky-son"),
    }


def test_an_outlet_may_print_only_the_first_size_of_a_change_printed_two_ways() -> None:
    change: dict[str, Any] = {"direction": "decrease", "value": 76, "unit": "count"}
    change["also"] = {"value": 3.9, "unit": "percent"}
    both = cite("1.840", change_written="76 vụ, tỷ lệ 3,9%")
    first = cite("1.840", source="s2", change_written="76 vụ")
    only_second = cite("1.840", source="s2", change_written="tỷ lệ 3,9%")
    sound = conference(
        sources=TWO_SOURCES, metrics=[metric(value=1840, change=change, sources=[both, first])]
    )
    assert check(sound) == []
    wrong = conference(
        sources=TWO_SOURCES,
        metrics=[metric(value=1840, change=change, sources=[both, only_second])],
    )
    assert [p.field for p in check(wrong)] == ["metrics[0].sources[1].change_written"]
