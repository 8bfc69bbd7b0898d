"""The shape of every content file, in one place: validation and JSON Schema both come from here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

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
Written = Annotated[
    str, Field(min_length=1, max_length=100, description="a number exactly as printed")
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
Language = Literal["en", "vi"]


class Strict_(BaseModel):
    """Base: unknown fields are errors, values are not coerced, models are immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LocalText(Strict_):
    """Text in English, optionally also in Vietnamese (for the Vietnamese edition)."""

    en: Text = Field(description="English text")
    vi: Text | None = Field(None, description="Vietnamese text, full diacritics")


class Place(Strict_):
    """A place below province level: a district, optionally a commune in it."""

    province: Slug = Field(description="province slug valid on that date (e.g. nghe-an)")
    system: Literal["63", "34"] | None = Field(
        None, description="'63' or '34' to name a unit of that system; default: by date"
    )
    district: Name | None = Field(None, description="district name in Vietnamese (e.g. Kỳ Sơn)")
    commune: Name | None = Field(None, description="commune/ward name in Vietnamese")


Scope = Annotated[
    Slug | Place,
    Field(
        description=(
            "whom the number is about: 'national', a province slug (e.g. nghe-an), "
            "or {province, district, commune}"
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
    title: Name | None = Field(None, description="headline as published, if known")
    language: Language = Field(description="language of the text read: en or vi")
    url: Url | None = Field(None, description="address of the article, if known")
    published: Date | None = Field(None, description="publication date, if known")
    author: Name | None = Field(None, description="author or photographer credited")
    bridge: Slug | None = Field(None, description="bridge the article reports from")
    note: LocalText | None = Field(None, description="how the source relates to others")


class Citation(Strict_):
    """Where a number appears, and exactly how it is written there."""

    source: Slug = Field(description="the id of a source listed in this file")
    written: Written | None = Field(
        None, description="the value exactly as printed, e.g. '58.086', '146,678', '217/460'"
    )
    change_written: Written | None = Field(None, description="the change as printed, e.g. '4.95%'")
    target_written: Written | None = Field(None, description="the target excess as printed")


class Ratio(Strict_):
    """A count out of a total, e.g. 217/460 communes."""

    numerator: Count
    denominator: Annotated[int, Field(gt=0, description="a whole number above 0")]


class Change(Strict_):
    """A change versus an earlier period, as the source states it."""

    direction: Literal["increase", "decrease", "unchanged"] = Field(
        description="increase, decrease or unchanged"
    )
    value: Number | None = Field(
        None, description="the size of the change as a plain number, without sign"
    )
    unit: Literal["percent", "points", "count"] = Field(
        "percent", description="percent (relative), points (of a rate) or count (same unit)"
    )
    qualifier: Qualifier | None = None
    versus: PeriodKey | None = Field(
        None, description="period compared with; empty means the same period a year earlier"
    )


class Target(Strict_):
    """A target and how it was met, as stated."""

    outcome: Literal["exceeded", "met", "not_met"] = Field(description="exceeded, met or not_met")
    by: Number | None = Field(
        None, description="how far the target was exceeded, as a plain number"
    )
    unit: Literal["percent", "points"] | None = Field(
        None, description="unit of `by`: percent or points (percentage points)"
    )
    applies_to: Literal["value", "change"] = Field(
        "value", description="whether the target is on the value or on the change"
    )
    set_by: LocalText | None = Field(None, description="who set the target")


class Metric(Strict_):
    """One observation: a number about one scope for one period (or date)."""

    id: Slug = Field(
        description="a metric id of lowercase letters, digits, hyphens; unique in the file"
    )
    indicator: Key = Field(description="an indicator key from content/indicators.yaml")
    unit: Key | None = Field(
        None, description="a unit key of the indicator (needed when it has several)"
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
    qualifier: Qualifier | None = Field(None, description="more_than, nearly, about, ...")
    change: Change | None = None
    target: Target | None = None
    part_of: Slug | None = Field(None, description="the id of the metric this one is part of")
    note: LocalText | None = Field(None, description="what exactly is counted, in your words")
    sources: list[Citation] = Field(
        min_length=1, description="a list of citations: {source, written}"
    )


class Directive(Strict_):
    """A task or direction given at the conference, in your own words."""

    text: LocalText = Field(description="one line, your own words")
    by: Name | None = Field(None, description="name of the person who gave it")
    source: Slug = Field(description="the id of a source listed in this file")


class Award(Strict_):
    """Awards given at the conference."""

    given_by: LocalText = Field(description="who gave the awards")
    award: LocalText = Field(description="what was awarded")
    collectives: Count | None = Field(None, description="number of collectives")
    individuals: Count | None = Field(None, description="number of individuals")
    source: Slug = Field(description="the id of a source listed in this file")


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
    level: Literal["national", "province", "district"] = Field(
        description="national, province or district"
    )
    host: Scope | None = Field(None, description="host province (or district); empty if national")
    committees: list[Committee] = Field(min_length=1, description="'138', '389' or both")
    period: PeriodKey = Field(description=f"the period reviewed: {PERIOD_HELP}")
    format: Literal["online", "in_person", "hybrid"] | None = None
    summary: LocalText | None = Field(None, description="two or three sentences in your words")
    bridges: list[Bridge] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    metrics: list[Metric] = Field(default_factory=list)
    directives: list[Directive] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)


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


class Category(Strict_):
    """A group of indicators."""

    key: Key
    label: LocalText


class IndicatorCatalog(Strict_):
    """content/indicators.yaml."""

    units: list[Unit] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)


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
    code: Annotated[str, Field(pattern=r"^\d{2}$")]
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
    legal_basis: Text | None = None


class ProvinceRegistry(Strict_):
    """content/provinces.yaml."""

    systems: list[UnitSystem] = Field(min_length=2, max_length=2)
    units: list[ProvinceUnit] = Field(min_length=1)


def conference_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to complete and check conference files."""
    schema = Conference.model_json_schema(mode="validation")
    schema["$id"] = "conference.schema.json"
    return schema
