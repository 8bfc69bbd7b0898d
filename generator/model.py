"""The validated corpus: immutable conferences and observations, indexed for the pages."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Literal, TypeVar, overload

from slugify import slugify

from .numbers import Qualifier
from .periods import Period
from .schema import (
    Award,
    Category,
    Dimension,
    Directive,
    Indicator,
    LocalText,
    Member,
    Person,
    ProvinceUnit,
    Region,
    Size,
    Source,
    Target,
    Unit,
    UnitSystem,
)

ScopeLevel = Literal["national", "region", "province", "district", "commune"]
T = TypeVar("T")


def text(value: LocalText | None, lang: str) -> str:
    """The text in the language with code `lang`; '' for none."""
    if value is None:
        return ""
    # LocalText has one field per language code (see languages.py); `check` makes sure every
    # text has every language, so a missing one here is a bug, never a page saying "None".
    found = getattr(value, lang, None)
    if found is None:
        raise LookupError(f"a text has no {lang!r} version: {value!r}")
    return str(found)


def source_numbers(sources: Iterable[Source]) -> dict[str, int]:
    """Each source's 1-based place in its conference's list: how pages number it ('[2]')."""
    return {source.id: i for i, source in enumerate(sources, start=1)}


@functools.lru_cache(maxsize=65536)
def place_slug(name: str) -> str:
    """A URL part for a Vietnamese name: 'Kỳ Sơn' -> 'ky-son', 'Đồng Nai' -> 'dong-nai'."""
    return str(slugify(name))


@overload
def unit_key(unit: ProvinceUnit, /) -> str: ...
@overload
def unit_key(system: str, slug: str, /) -> str: ...
def unit_key(unit: ProvinceUnit | str, slug: str = "", /) -> str:
    """'63/nghe-an': a unit's (or a system's and a slug's) key, unique across both systems."""
    if isinstance(unit, str):
        return f"{unit}/{slug}"
    return f"{unit.system}/{unit.slug}"


def unit_name(unit: ProvinceUnit, day: dt.date | None = None) -> str:
    """The unit's Vietnamese name on `day`; with no day, its latest name."""
    name = unit.name_vi
    for later in unit.names:
        if day is None or day >= later.from_:
            name = later.name_vi
    return name


# The folder prefix of each kind of district-level unit.
_DISTRICT_PATH = {
    "district": "district",
    "town": "town",
    "provincial_city": "city",
    "urban_district": "urban-district",
}


@dataclass(frozen=True)
class Scope:
    """Whom a number is about: the nation, a region, a province, or a place in one. Its key,
    path and sort key are worked out once (a number's scope is asked for them on many pages)."""

    level: ScopeLevel
    province: ProvinceUnit | None = None
    district: str | None = None
    commune: str | None = None
    region: Region | None = None
    # The day the scope is named on: a unit renamed later keeps the name it had then.
    day: dt.date | None = field(default=None, compare=False)
    # What the district-level unit is (district, town, provincial_city, urban_district).
    district_kind: str | None = field(default=None, compare=False)

    @functools.cached_property
    def key(self) -> str:
        """'national', 'region/mien-trung', '63/nghe-an', '63/nghe-an/ky-son', '…/huu-kiem'."""
        if self.region is not None:
            return f"region/{self.region.key}"
        if self.province is None:
            return "national"
        parts = [unit_key(self.province), self.district, self.commune]
        return "/".join(place_slug(p) if i else p for i, p in enumerate(parts) if p)

    @functools.cached_property
    def path(self) -> str:
        """A folder for the scope's files, distinct for every scope.

        'national', 'regions/mien-trung', '63/nghe-an', '63/nghe-an/district-ky-son',
        '63/nghe-an/district-ky/commune-son' (so district Kỳ Sơn and commune Sơn of Kỳ differ);
        a town, city or urban district by its kind: '63/ba-ria-vung-tau/city-ba-ria'.
        """
        if self.region is not None:
            return f"regions/{self.region.key}"
        if self.province is None:
            return "national"
        parts = [unit_key(self.province)]
        if self.district:
            prefix = _DISTRICT_PATH.get(self.district_kind or "district", "district")
            parts.append(f"{prefix}-{place_slug(self.district)}")
        if self.commune:
            parts.append("commune-" + place_slug(self.commune))
        return "/".join(parts)

    @functools.cached_property
    def province_key(self) -> str | None:
        """The key of the province the scope lies in, if any."""
        return unit_key(self.province) if self.province else None

    @property
    def province_name(self) -> str:
        """The province's Vietnamese name on the scope's day ('' for none)."""
        return unit_name(self.province, self.day) if self.province else ""

    @functools.cached_property
    def sort_key(self) -> tuple[int, str]:
        """National first, then regions, then provinces by key."""
        rank = 0 if self.level == "national" else 1 if self.level == "region" else 2
        return (rank, self.key)


@dataclass(frozen=True)
class Citation:
    """A source, how it writes the number, and the words around it."""

    source: Source
    number: int
    written: str | None
    change_written: str | None
    target_written: str | None
    quote: str


@dataclass(frozen=True)
class StatedChange:
    """A change as the source states it, with the period (or day) it compares with resolved."""

    direction: Literal["increase", "decrease", "unchanged"]
    value: Decimal | None
    unit: Literal["percent", "points", "count", "of_earlier"]
    qualifier: Qualifier | None
    versus: str
    compared_with: Period | None
    compared_on: dt.date | None
    also: Size | None = None


Breakdown = tuple[tuple[Dimension, Member], ...]


@dataclass(frozen=True)
class Acknowledged:
    """A figure elsewhere that this one knowingly differs from, and why (for the audit)."""

    conference_id: str
    metric_id: str
    why: LocalText


@dataclass(frozen=True)
class Observation:
    """One number about one scope, for one period or at one date."""

    conference_id: str
    conference_date: dt.date
    metric_id: str
    indicator: Indicator
    unit: Unit
    scope: Scope
    breakdown: Breakdown
    period: Period | None
    as_of: dt.date | None
    reporting_period: Period
    value: Decimal | None
    ratio: tuple[int, int] | None
    qualifier: Qualifier | None
    change: StatedChange | None
    target: Target | None
    whole: str | None
    note: LocalText | None
    citations: tuple[Citation, ...]
    # One part of a figure printed in several units at once ("887 vụ/1.513 bị can").
    paired: bool = False
    conference_kind: str = "review"
    disagrees_with: tuple[str, ...] = ()
    acknowledged: tuple[Acknowledged, ...] = ()

    @property
    def key(self) -> str:
        """'conference-id#metric-id' ('…#metric-id/unit' for a part of a figure in parts),
        unique."""
        half = f"/{self.unit.key}" if self.paired else ""
        return f"{self.conference_id}#{self.metric_id}{half}"

    @property
    def same_thing(self) -> tuple[str, ...]:
        """What the number counts: two observations alike here report the same figure."""
        when = self.period.key if self.period else f"as of {self.as_of}"
        parts = tuple(f"{d.key}={m.key}" for d, m in self.breakdown)
        return (self.indicator.key, self.unit.key, self.scope.key, when, *parts)

    @property
    def reference_date(self) -> dt.date:
        """The day the number refers to: as-of date or period end."""
        if self.as_of is not None:
            return self.as_of
        assert self.period is not None
        return self.period.end

    @property
    def plot_value(self) -> Decimal | None:
        """The number a chart may draw: the value, or a ratio's share in percent."""
        if self.value is not None:
            return self.value
        if self.ratio is not None:
            return Decimal(self.ratio[0]) * 100 / Decimal(self.ratio[1])
        return None


@dataclass(frozen=True)
class Venue:
    """A bridge of an online conference, with the provincial unit it stands in resolved."""

    id: str
    name: LocalText
    unit: ProvinceUnit | None


@dataclass(frozen=True)
class Conference:
    """A review conference and everything curated from its sources."""

    id: str
    path: str
    title: LocalText
    date: dt.date
    level: Literal["national", "regional", "province", "district", "commune"]
    kind: str
    host: Scope
    host_note: LocalText | None
    venue: ProvinceUnit | None
    organiser: LocalText | None
    committees: tuple[str, ...]
    committees_note: LocalText | None
    period: Period
    format: str | None
    summary: LocalText | None
    bridges: tuple[Venue, ...]
    people: tuple[Person, ...]
    sources: tuple[Source, ...]
    observations: tuple[Observation, ...]
    directives: tuple[Directive, ...]
    awards: tuple[Award, ...]

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Chronological, then by id."""
        return (self.date, self.id)


@dataclass(frozen=True)
class Catalog:
    """Indicators, their units and categories; indicators in catalog order (by category as
    content/indicators.yaml lists them, then as it lists them)."""

    units: Mapping[str, Unit]
    categories: Mapping[str, Category]
    dimensions: Mapping[str, Dimension]
    indicators: Mapping[str, Indicator]


@dataclass(frozen=True)
class Provinces:
    """Both systems of provincial units and the mapping between them."""

    systems: tuple[UnitSystem, ...]
    units: Mapping[str, ProvinceUnit]

    def system_on(self, day: dt.date) -> UnitSystem:
        """The system in force on `day`."""
        for system in self.systems:
            starts_ok = system.valid_from is None or day >= system.valid_from
            ends_ok = system.valid_until is None or day <= system.valid_until
            if starts_ok and ends_ok:
                return system
        raise LookupError(f"no system of provincial units is valid on {day}")

    def in_system(self, system_id: str) -> list[ProvinceUnit]:
        """Units of one system, by code."""
        return sorted(
            (u for u in self.units.values() if u.system == system_id), key=lambda u: u.code
        )

    def successor(self, unit: ProvinceUnit) -> ProvinceUnit | None:
        """The 34-system unit an old unit merged into."""
        return self.units.get(unit_key("34", unit.successor)) if unit.successor else None

    def predecessors(self, unit: ProvinceUnit) -> list[ProvinceUnit]:
        """The 63-system units a new unit was formed from."""
        return [self.units[unit_key("63", slug)] for slug in unit.predecessors]

    def system(self, unit: ProvinceUnit) -> UnitSystem:
        """The system a unit belongs to, with its dates and labels."""
        return next(s for s in self.systems if s.id == unit.system)


def group_by(items: Iterable[T], key: Callable[[T], str]) -> Mapping[str, tuple[T, ...]]:
    """Items grouped by key, groups in sorted key order, items in input order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return MappingProxyType({k: tuple(groups[k]) for k in sorted(groups)})


def _conferences_by_province(
    conferences: Iterable[Conference],
) -> Mapping[str, tuple[Conference, ...]]:
    """Per province key, the conferences about it (hosted, a bridge, or numbers), in order."""
    found: dict[str, dict[str, Conference]] = {}
    for conf in conferences:
        keys = [conf.host.province_key, *(o.scope.province_key for o in conf.observations)]
        keys += [unit_key(b.unit) for b in conf.bridges if b.unit is not None]
        for key in keys:
            if key:
                found.setdefault(key, {})[conf.id] = conf
    return MappingProxyType({k: tuple(v.values()) for k, v in found.items()})


@dataclass(frozen=True)
class Corpus:
    """Everything the site shows, validated."""

    conferences: tuple[Conference, ...]
    catalog: Catalog
    provinces: Provinces
    regions: Mapping[str, Region]
    # The boundaries of the provincial units (content/geo), for maps; None where absent.
    boundaries: Path | None = None
    observations: tuple[Observation, ...] = field(init=False)
    by_scope: Mapping[str, tuple[Observation, ...]] = field(init=False)
    by_province: Mapping[str, tuple[Observation, ...]] = field(init=False)
    by_indicator: Mapping[str, tuple[Observation, ...]] = field(init=False)
    # By period key: what a period's pages show, looked up once (not a scan per period).
    by_period: Mapping[str, tuple[Observation, ...]] = field(init=False)
    conferences_by_period: Mapping[str, tuple[Conference, ...]] = field(init=False)
    conferences_by_committee: Mapping[str, tuple[Conference, ...]] = field(init=False)
    # By province key: the conferences it hosted, joined as a bridge, or that gave numbers
    # about it (a scan per province page grew with units x conferences).
    conferences_by_province: Mapping[str, tuple[Conference, ...]] = field(init=False)
    conferences_by_id: Mapping[str, Conference] = field(init=False)
    observations_by_key: Mapping[str, Observation] = field(init=False)

    def __post_init__(self) -> None:
        observations = tuple(o for c in self.conferences for o in c.observations)
        in_province = [o for o in observations if o.scope.province_key]
        indexes: dict[str, object] = {
            "observations": observations,
            "conferences_by_id": MappingProxyType({c.id: c for c in self.conferences}),
            "observations_by_key": MappingProxyType({o.key: o for o in observations}),
            "by_scope": group_by(observations, lambda o: o.scope.key),
            "by_province": group_by(in_province, lambda o: o.scope.province_key or ""),
            "by_indicator": group_by(observations, lambda o: o.indicator.key),
            "by_period": group_by(observations, lambda o: o.reporting_period.key),
            "conferences_by_period": group_by(self.conferences, lambda c: c.period.key),
            "conferences_by_province": _conferences_by_province(self.conferences),
            "conferences_by_committee": MappingProxyType(
                {
                    committee: tuple(c for c in self.conferences if committee in c.committees)
                    for committee in sorted({k for c in self.conferences for k in c.committees})
                }
            ),
        }
        # A frozen dataclass sets derived fields through object.__setattr__, once.
        for name, value in indexes.items():
            object.__setattr__(self, name, value)

    def conference(self, conference_id: str) -> Conference:
        """Look up a conference by id."""
        return self.conferences_by_id[conference_id]

    def observation(self, key: str) -> Observation:
        """Look up an observation by its key."""
        return self.observations_by_key[key]
