"""The shape of every content file, in one place: validation and JSON Schema both come from here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, Strict, WithJsonSchema

from .escape import MAX_URL
from .numbers import Qualifier
from .periods import PERIOD_HELP, PERIOD_PATTERN

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=100,
        description="an id: lowercase ASCII letters, digits and single hyphens (e.g. nghe-an)",
    ),
]
Key = Annotated[
    str,
    Field(
        pattern=KEY_PATTERN,
        max_length=80,
        description="a catalog key: lowercase letters, digits and underscores (e.g. drug_crimes)",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=2000, description="text")]
Name = Annotated[str, Field(min_length=1, max_length=200, description="a name")]
Headline = Annotated[str, Field(min_length=1, max_length=400, description="a headline")]
Written = Annotated[
    str, Field(min_length=1, max_length=100, description="a number exactly as printed")
]
MAX_QUOTE = 200
# A figure in more units than this is several figures: record them as metrics of their own.
MAX_PARTS = 6
Quote = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_QUOTE,
        description="the article's own words around the number, verbatim, at most 200 characters",
    ),
]
Url = Annotated[
    str,
    Field(
        pattern=r"^https?://",
        max_length=MAX_URL,
        description="the article's address, starting http:// or https://",
    ),
]
Date = Annotated[dt.date, Strict(False), Field(description="a date, YYYY-MM-DD")]
PeriodKey = Annotated[str, Field(pattern=PERIOD_PATTERN, description=PERIOD_HELP)]
# Ten times the state budget in đồng: anything larger is a slip of the keyboard.
MAX_NUMBER = 10**17
Number = Annotated[
    int | Decimal,
    Field(
        ge=0,
        le=MAX_NUMBER,
        description="a number, written plainly (146678, 4.95): no quotes, no separators",
    ),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_NUMBER}),
]
Count = Annotated[int, Field(ge=0, le=MAX_NUMBER, description="a whole number, 0 or more")]
Committee = Literal["138", "389"]
COMMITTEES: tuple[str, ...] = get_args(Committee)
Language = Literal["en", "vi"]
# What a district-level unit is: huyện, thị xã, thành phố thuộc tỉnh, quận.
DistrictKind = Literal["district", "town", "provincial_city", "urban_district"]
DISTRICT_KINDS: tuple[str, ...] = get_args(DistrictKind)
# The words that name a district-level unit's kind, and the kind each names: a district's
# name is written without them ("Bà Rịa", kind: provincial_city).
DISTRICT_KIND_WORDS: dict[str, str] = {
    "huyện": "district",
    "thị xã": "town",
    "thành phố": "provincial_city",
    "tp.": "provincial_city",
    "tp": "provincial_city",
    "quận": "urban_district",
}


def district_kind_word(name: str) -> str | None:
    """The kind word a district's name starts with ('TP. Bà Rịa' -> 'tp.'), if any."""
    lowered = name.casefold()
    for word in DISTRICT_KIND_WORDS:
        if lowered.startswith(word) and (
            word.endswith(".") or lowered[len(word) : len(word) + 1] in (" ", ".")
        ):
            return word
    return None


# What a meeting is: a review (sơ kết, tổng kết), a working session (làm việc), a regular
# briefing (giao ban), or a launch of the year's work (triển khai) that also assesses the last.
MeetingKind = Literal["review", "working_session", "briefing", "launch"]
MEETING_KINDS: tuple[str, ...] = get_args(MeetingKind)


class Strict_(BaseModel):
    """Base: unknown fields are errors, values are not coerced, models are immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LocalText(Strict_):
    """Text in both editions' languages: English and Vietnamese."""

    en: Text = Field(description="English text")
    vi: Text = Field(description="Vietnamese text, full diacritics")


class Place(Strict_):
    """A place below province level: a district-level unit, optionally a commune in it (from
    1 July 2025, a commune directly under the province)."""

    province: Slug = Field(description="province slug valid on that date (e.g. nghe-an)")
    system: Literal["63", "34"] | None = Field(
        None, description="'63' or '34': the system in force on that date (default: by date)"
    )
    district: Name | None = Field(
        None,
        description="the district-level unit's name in Vietnamese, without its kind word (Kỳ "
        "Sơn, Bà Rịa, 9)",
    )
    kind: DistrictKind | None = Field(
        None,
        description="what the district-level unit is: district (huyện), town (thị xã), "
        "provincial_city (thành phố thuộc tỉnh) or urban_district (quận); default: the host's "
        "kind for the host's district, else district",
    )
    commune: Name | None = Field(None, description="commune/ward name in Vietnamese")


class RegionRef(Strict_):
    """A group of provinces from content/regions.yaml."""

    region: Slug = Field(description="a region key from content/regions.yaml")


Scope = Annotated[
    Slug | Place | RegionRef,
    Field(
        description=(
            "whom the number is about: 'national', a province slug (e.g. nghe-an), "
            "{province, district, commune}, or {region: key}"
        )
    ),
]


class Person(Strict_):
    """Someone who chaired, spoke at or attended the conference."""

    name: Name = Field(description="full name with diacritics (e.g. Trần Lưu Quang)")
    title: LocalText | None = Field(None, description="position as stated by the source")
    role: Literal["chair", "co_chair", "speaker", "attendee"] = Field(
        "chair", description="chair, co_chair, speaker or attendee"
    )
    bridge: Slug | None = Field(None, description="id of the bridge where the person sat")


class Bridge(Strict_):
    """A venue of an online conference: the central venue or a provincial bridge."""

    id: Slug = Field(description="a bridge id of lowercase letters, digits, hyphens (central)")
    name: LocalText = Field(description="what the venue is called")
    province: Slug | None = Field(None, description="province slug where the bridge is located")


class Source(Strict_):
    """An article (or report) the numbers are taken from."""

    id: Slug = Field(description="a source id of lowercase letters, digits, hyphens")
    publisher: Name = Field(description="publisher, e.g. Báo Nghệ An")
    title: Headline | None = Field(None, description="headline as published, if known")
    language: Language = Field(description="language of the text read: en or vi")
    url: Url | None = Field(None, description="address of the article, if known")
    published: Date | None = Field(None, description="publication date, if known")
    author: Name | None = Field(None, description="author or photographer credited")
    bridge: Slug | None = Field(None, description="bridge the article reports from")
    committee_as_printed: Name | None = Field(
        None, description="the committee's name exactly as this source prints it"
    )
    note: LocalText | None = Field(None, description="how the source relates to others")
    listed_for: LocalText | None = Field(
        None,
        description="why the source is listed when no number, directive or award cites it (the "
        "people, the date, the host)",
    )


class Citation(Strict_):
    """Where a number appears: how it is written there, and the words around it."""

    source: Slug = Field(description="the id of a source listed in this file")
    written: Written | None = Field(
        None,
        description="the number(s) exactly as printed, with a qualifier word: "
        "'58.086', 'hơn 14.570 tỷ đồng', '217/460', '887 vụ/1.513 bị can'",
    )
    change_written: Written | None = Field(
        None, description="the change as printed, e.g. '4.95%', '43 vụ'"
    )
    target_written: Written | None = Field(
        None, description="the target's number(s) as printed, e.g. '16%', '275%'"
    )
    quote: Quote = Field(
        description="the shortest span of the article's own words that identifies the number, "
        "copied verbatim; it contains every written form above"
    )


class Ratio(Strict_):
    """A count out of a total, e.g. 217/460 communes."""

    numerator: Count
    denominator: Annotated[int, Field(gt=0, le=MAX_NUMBER, description="a whole number above 0")]


Versus = Annotated[
    Literal["same_period", "previous_period", "previous_month"] | PeriodKey,
    Field(
        description="what the change compares with: same_period (a year earlier, 'so với cùng "
        "kỳ'), previous_period, previous_month, or a period key such as '2022'"
    ),
]


class Size(Strict_):
    """The same change printed a second way ('giảm 76 vụ, tỷ lệ 3,9%')."""

    value: Number = Field(description="the size as a plain number, without sign")
    unit: Literal["percent", "points", "count"] = Field(
        description="percent, points or count (in the metric's unit)"
    )
    qualifier: Qualifier | None = None


class Change(Strict_):
    """A change versus an earlier period, as the source states it."""

    direction: Literal["increase", "decrease", "unchanged"] = Field(
        description="increase, decrease or unchanged"
    )
    value: Number | None = Field(
        None,
        description="the size of the change as a plain number, without sign (none or 0 when "
        "unchanged)",
    )
    unit: Literal["percent", "points", "count", "of_earlier"] = Field(
        "percent",
        description="percent (relative), points (of a rate), count (absolute, in the metric's "
        "unit: 'giảm 43 vụ') or of_earlier (the figure as a share of the earlier one: 'bằng "
        "81,27% so với cùng kỳ')",
    )
    qualifier: Qualifier | None = None
    versus: Versus = "same_period"
    also: Size | None = Field(
        None,
        description="the same change printed a second way, after the first ('giảm 76 vụ, tỷ lệ "
        "3,9%': value 76 count, also 3.9 percent)",
    )


class Target(Strict_):
    """A target and how it was met, as stated."""

    outcome: Literal["exceeded", "met", "not_met"] = Field(description="exceeded, met or not_met")
    value: Number | None = Field(None, description="the stated target, if printed")
    by: Number | None = Field(None, description="the margin as printed, as a plain number")
    unit: Literal["percent", "points", "count", "of_target"] | None = Field(
        None,
        description="unit of `by`: percent ('vượt 16%'), points, count, or of_target ('đạt "
        "275% chỉ tiêu': the value reached that share of the target)",
    )
    derived: bool = Field(
        False, description="show the target the text implies (value minus `by` points)"
    )
    applies_to: Literal["value", "change"] = Field(
        "value", description="whether the target is on the value or on the change"
    )
    set_by: LocalText | None = Field(None, description="who set the target")


class Part(Strict_):
    """One part of a figure printed in several units at once ('887 vụ/1.513 bị can')."""

    unit: Key = Field(description="a unit of the indicator (cases, defendants, subjects, ...)")
    value: Number | None = Field(None, description="the number, plain")
    qualifier: Qualifier | None = Field(None, description="more_than, nearly, about, ...")
    change: Change | None = None


class Disagreement(Strict_):
    """Another figure this one knowingly differs from, in this file or another."""

    metric: Slug = Field(description="the other figure's metric id")
    conference: Slug | None = Field(
        None, description="the other figure's conference id (its file name); default: this file"
    )
    why: LocalText = Field(description="why the figures differ, in your words")


class Metric(Strict_):
    """One observation: a number about one scope for one period (or date)."""

    id: Slug = Field(
        description="a metric id of lowercase letters, digits, hyphens; unique in the file"
    )
    indicator: Key = Field(description="an indicator key from content/indicators.yaml")
    unit: Key | None = Field(
        None, description="a unit key of the indicator (needed when it has several)"
    )
    breakdown: dict[Key, Key] | None = Field(
        None,
        max_length=3,
        description="the part of a split figure: {dimension: member}, e.g. {field: drugs}",
    )
    scope: Scope
    period: PeriodKey | None = Field(
        None, description=f"{PERIOD_HELP}; defaults to the conference period"
    )
    as_of: Date | None = Field(None, description="date a stock is counted at (default: the day)")
    value: Number | None = Field(
        None,
        description="the number, plain (146678 or 4.95, no quotes); omit if only a change is given",
    )
    ratio: Ratio | None = Field(None, description="numerator/denominator instead of a value")
    parts: list[Part] | None = Field(
        None,
        min_length=2,
        max_length=MAX_PARTS,
        description="a figure printed in several units at once, written once ('887 vụ/1.513 bị "
        "can', '32 vụ, làm 27 người chết, 14 người bị thương'): the parts in printed order, each "
        "{unit, value, qualifier, change}",
    )
    qualifier: Qualifier | None = Field(None, description="more_than, nearly, about, ...")
    change: Change | None = None
    target: Target | None = None
    part_of: Slug | None = Field(None, description="the id of the metric this one is part of")
    note: LocalText | None = Field(None, description="what exactly is counted, in your words")
    disagrees_with: list[Disagreement] = Field(
        default_factory=list,
        max_length=20,
        description="figures elsewhere this one knowingly differs from, and why: the audit lists "
        "them as acknowledged",
    )
    sources: list[Citation] = Field(
        min_length=1, max_length=20, description="a list of citations: {source, written, quote}"
    )


class Directive(Strict_):
    """A task or direction given at the conference, in your own words."""

    text: LocalText = Field(description="one line, your own words")
    by: Name | None = Field(None, description="name of the person who gave it")
    source: Slug = Field(description="the id of a source listed in this file")


class Award(Strict_):
    """Awards given at the conference, with the words of the source that reports them."""

    given_by: LocalText = Field(description="who gave the awards")
    award: LocalText = Field(description="what was awarded")
    collectives: Count | None = Field(None, description="number of collectives ('43 tập thể')")
    individuals: Count | None = Field(None, description="number of individuals ('43 cá nhân')")
    recipients: Count | None = Field(
        None,
        description="collectives and individuals counted together ('45 tập thể, cá nhân'), when "
        "the source gives no separate counts",
    )
    named: list[Name] = Field(
        default_factory=list,
        max_length=50,
        description="recipients the source names (a person or a unit), as printed",
    )
    source: Slug = Field(description="the id of a source listed in this file")
    written: Written | None = Field(
        None,
        description="the counts exactly as printed ('43 tập thể và 43 cá nhân'); required when "
        "a count is given",
    )
    quote: Quote = Field(
        description="the source's own words about the award, verbatim; it contains `written`"
    )


class Conference(Strict_):
    """One review conference: content/conferences/<id>.yaml."""

    model_config = ConfigDict(
        title="Review conference",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    id: Slug = Field(
        description="a conference id of lowercase letters, digits, hyphens: the file name"
    )
    title: LocalText = Field(description="a short title in your words: {en, vi}")
    date: Date = Field(description="day the conference was held")
    level: Literal["national", "regional", "province", "district", "commune"] = Field(
        description="national, regional, province, district or commune"
    )
    kind: MeetingKind = Field(
        "review",
        description="review (sơ kết, tổng kết: the default), working_session (làm việc), "
        "briefing (giao ban) or launch (triển khai, assessing the last period too)",
    )
    host: Slug | Place | None = Field(
        None,
        description="host province, {province, district, kind} or {province, commune} (from 1 "
        "July 2025); empty if national or regional",
    )
    host_note: LocalText | None = Field(
        None, description="how the host is known when the sources name it only implicitly"
    )
    region: Slug | None = Field(
        None, description="regional meetings: the region covered (content/regions.yaml)"
    )
    venue: Slug | None = Field(
        None, description="province where it was held (required for regional meetings)"
    )
    organiser: LocalText | None = Field(
        None, description="who convened it, when a source says (e.g. Văn phòng Chính phủ)"
    )
    committees: list[Committee] = Field(
        min_length=1,
        description="'138', '389' or both: the committees the sources name (see committees_note)",
    )
    committees_note: LocalText | None = Field(
        None,
        description="required when no source prints the committee's name (committee_as_printed):"
        " what the sources do say, and why the conference is filed under these committees",
    )
    period: PeriodKey = Field(description=f"the period reviewed: {PERIOD_HELP}")
    format: Literal["online", "in_person", "hybrid"] | None = None
    summary: LocalText | None = Field(None, description="two or three sentences in your words")
    bridges: list[Bridge] = Field(default_factory=list, max_length=100)
    people: list[Person] = Field(default_factory=list, max_length=200)
    sources: list[Source] = Field(min_length=1, max_length=50)
    metrics: list[Metric] = Field(default_factory=list, max_length=5000)
    directives: list[Directive] = Field(default_factory=list, max_length=100)
    awards: list[Award] = Field(default_factory=list, max_length=100)


class Unit(Strict_):
    """A unit of measure."""

    key: Key
    kind: Literal["count", "rate", "money", "mass"] = Field(
        description="count, rate, money or mass"
    )
    label: LocalText = Field(description="plural noun (cases) or symbol (%)")
    one: LocalText | None = Field(None, description="the singular, where it differs (case)")


class Indicator(Strict_):
    """What is measured."""

    key: Key
    label: LocalText
    description: LocalText | None = None
    units: list[Key] = Field(min_length=1, description="allowed unit keys; the first is default")
    category: Key = Field(description="category key")
    committee: Committee
    measure: Literal["flow", "stock"] = Field(
        description="flow (counted over a period) or stock (counted at a date)"
    )
    higher_is_better: bool | None = Field(description="true, false, or null when neutral")
    dimensions: list[Key] = Field(
        default_factory=list, description="dimensions its figures may be broken down by"
    )


class Category(Strict_):
    """A group of indicators."""

    key: Key
    label: LocalText


class Member(Strict_):
    """One part of a breakdown, e.g. the drugs field."""

    key: Key
    label: LocalText


class Dimension(Strict_):
    """A way a figure is split: by field, by goods, by force, by type of violation."""

    key: Key
    label: LocalText
    members: list[Member] = Field(min_length=2)


class IndicatorCatalog(Strict_):
    """content/indicators.yaml."""

    units: list[Unit] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    dimensions: list[Dimension] = Field(default_factory=list)
    indicators: list[Indicator] = Field(min_length=1)


class Region(Strict_):
    """A group of provinces that meets as one, with its members in each unit system."""

    key: Slug
    name: LocalText
    members: dict[Literal["63", "34"], list[Slug]] = Field(
        description="member province slugs by unit system: {'63': [...], '34': [...]}"
    )
    note: LocalText | None = Field(None, description="where the membership comes from")


class RegionRegistry(Strict_):
    """content/regions.yaml."""

    regions: list[Region] = Field(default_factory=list)


class UnitName(Strict_):
    """A later name of a provincial unit."""

    name_vi: Text
    name_en: Text
    type: Literal["province", "city"]
    slug: Slug
    from_: Date = Field(alias="from")


class ProvinceUnit(Strict_):
    """A provincial unit in one system (63 or 34)."""

    system: Literal["63", "34"]
    code: Annotated[str, Field(pattern=r"^[0-9]{2}$")]
    slug: Slug
    iso_3166_2: Annotated[str, Field(pattern=r"^VN-[0-9A-Z]{2}$")] | None
    name_vi: Text
    name_en: Text
    type: Literal["province", "city"]
    valid_from: Date | None = None
    names: list[UnitName] = Field(default_factory=list)
    successor: Slug | None = None
    predecessors: list[Slug] = Field(default_factory=list)


class UnitSystem(Strict_):
    """A set of provincial units valid over a span of dates."""

    id: Literal["63", "34"]
    label: LocalText
    valid_from: Date | None
    valid_until: Date | None
    legal_basis: LocalText | None = None


class ProvinceRegistry(Strict_):
    """content/provinces.yaml."""

    systems: list[UnitSystem] = Field(min_length=2, max_length=2)
    units: list[ProvinceUnit] = Field(min_length=1)


def conference_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to complete and check conference files."""
    schema = Conference.model_json_schema(mode="validation")
    schema["$id"] = "conference.schema.json"
    return schema
