"""Reference registries: the indicator catalog and the provincial units of both systems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from pydantic import BaseModel

from .content import INDICATORS_FILE, PROVINCES_FILE, REGIONS_FILE, SECTION_PAGE
from .errors import Problem, did_you_mean, field_path
from .load import Loaded, load_yaml
from .model import Catalog, Provinces, unit_key, unit_name
from .schema import (
    Indicator,
    IndicatorCatalog,
    ProvinceRegistry,
    ProvinceUnit,
    Region,
    RegionRegistry,
)
from .shape import check_shape

M = TypeVar("M", bound=BaseModel)


def _checked(content: Path, name: str, model: type[M]) -> tuple[Loaded, M | None, list[Problem]]:
    """A registry file loaded and shape-checked."""
    loaded = load_yaml(content / name, name)
    if not loaded.usable:
        return loaded, None, list(loaded.problems)
    parsed, problems = check_shape(loaded, model)
    return loaded, parsed, [*loaded.problems, *problems]


def read_catalog(content: Path) -> tuple[Catalog | None, list[Problem]]:
    """content/indicators.yaml, checked; None with the problems when it is not sound."""
    loaded, parsed, problems = _checked(content, INDICATORS_FILE, IndicatorCatalog)
    if parsed is None or problems:
        return None, problems
    problems = _catalog_problems(loaded, parsed)
    if problems:
        return None, problems
    return Catalog(
        units=MappingProxyType({u.key: u for u in parsed.units}),
        categories=MappingProxyType({c.key: c for c in parsed.categories}),
        dimensions=MappingProxyType({d.key: d for d in parsed.dimensions}),
        indicators=MappingProxyType({i.key: i for i in _catalog_order(parsed)}),
    ), []


def _catalog_order(catalog: IndicatorCatalog) -> list[Indicator]:
    """Indicators as pages list them: by category in the file's order, then as listed."""
    categories = [c.key for c in catalog.categories]
    return sorted(catalog.indicators, key=lambda i: categories.index(i.category))


def _catalog_problems(loaded: Loaded, catalog: IndicatorCatalog) -> list[Problem]:
    """Duplicate keys and references to unknown units or categories."""
    problems: list[Problem] = []

    def report(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(_problem(loaded, loc, message))

    for section in ("units", "categories", "dimensions", "indicators"):
        keys = [item.key for item in getattr(catalog, section)]
        problems += _duplicates(loaded, (section,), keys)
    for i, dimension in enumerate(catalog.dimensions):
        keys = [member.key for member in dimension.members]
        problems += _duplicates(loaded, ("dimensions", i, "members"), keys, "member")
    unit_keys = [u.key for u in catalog.units]
    category_keys = [c.key for c in catalog.categories]
    dimension_keys = [d.key for d in catalog.dimensions]
    for i, indicator in enumerate(catalog.indicators):
        if indicator.key == SECTION_PAGE:
            message = f"{indicator.key!r} names the page of the indicators section"
            report(("indicators", i, "key"), f"{message} (choose another key)")
        if indicator.category not in category_keys:
            hint = did_you_mean(indicator.category, category_keys)
            report(("indicators", i, "category"), f"unknown category {indicator.category!r}{hint}")
        for j, unit in enumerate(indicator.units):
            if unit not in unit_keys:
                hint = did_you_mean(unit, unit_keys)
                report(("indicators", i, "units", j), f"unknown unit {unit!r}{hint}")
        for j, key in enumerate(indicator.dimensions):
            if key not in dimension_keys:
                hint = did_you_mean(key, dimension_keys)
                report(("indicators", i, "dimensions", j), f"unknown dimension {key!r}{hint}")
    return problems


def read_provinces(content: Path) -> tuple[Provinces | None, list[Problem]]:
    """content/provinces.yaml, checked; None with the problems when it is not sound."""
    loaded, parsed, problems = _checked(content, PROVINCES_FILE, ProvinceRegistry)
    if parsed is None or problems:
        return None, problems
    units = {unit_key(u): u for u in parsed.units}
    problems = _province_problems(loaded, parsed, units)
    if problems:
        return None, problems
    ordered = sorted(units.values(), key=lambda u: (u.system != "63", u.code))
    return Provinces(
        systems=tuple(parsed.systems),
        units=MappingProxyType({unit_key(u): u for u in ordered}),
    ), []


def _province_problems(
    loaded: Loaded, registry: ProvinceRegistry, units: dict[str, ProvinceUnit]
) -> list[Problem]:
    """Duplicate keys and a mapping that does not agree in both directions."""
    problems: list[Problem] = []

    def report(i: int, name: str, message: str) -> None:
        problems.append(_problem(loaded, ("units", i, name), message))

    if len(units) != len(registry.units):
        seen: set[str] = set()
        for i, unit in enumerate(registry.units):
            if unit_key(unit) in seen:
                report(i, "slug", f"duplicate slug {unit.slug!r} in system {unit.system}")
            seen.add(unit_key(unit))
    for i, unit in enumerate(registry.units):
        if unit.system == "63":
            successor = units.get(unit_key("34", unit.successor or ""))
            if successor is None:
                report(i, "successor", f"{unit.successor!r} is not a unit of the 34-unit system")
            elif unit.slug not in successor.predecessors:
                report(i, "successor", f"{successor.slug!r} does not list {unit.slug!r}")
        else:
            for slug in unit.predecessors:
                if unit_key("63", slug) not in units:
                    report(i, "predecessors", f"{slug!r} is not a unit of the 63-unit system")
    return problems


def read_regions(
    content: Path, provinces: Provinces | None
) -> tuple[Mapping[str, Region] | None, list[Problem]]:
    """content/regions.yaml, checked against both unit systems."""
    loaded, parsed, problems = _checked(content, REGIONS_FILE, RegionRegistry)
    if parsed is None or problems or provinces is None:
        return None, problems
    problems = _duplicates(loaded, ("regions",), [region.key for region in parsed.regions])
    for i, region in enumerate(parsed.regions):
        problems += _membership_problems(loaded, ("regions", i), region, provinces)
    if problems:
        return None, problems
    return MappingProxyType({r.key: r for r in sorted(parsed.regions, key=lambda r: r.key)}), []


def _problem(loaded: Loaded, loc: tuple[str | int, ...], message: str) -> Problem:
    return Problem(loaded.path, loaded.line_of(loc), field_path(loc), message)


def _duplicates(
    loaded: Loaded, loc: tuple[str | int, ...], keys: list[str], what: str = "key"
) -> list[Problem]:
    """A problem at each key of a list that an earlier item already has."""
    problems, seen = [], set()
    for i, key in enumerate(keys):
        if key in seen:
            problems.append(_problem(loaded, (*loc, i, "key"), f"duplicate {what} {key!r}"))
        seen.add(key)
    return problems


def _membership_problems(
    loaded: Loaded, loc: tuple[str | int, ...], region: Region, provinces: Provinces
) -> list[Problem]:
    """Members exist in their system, and the two systems' lists agree through the mapping."""
    problems = []
    for system, slugs in sorted(region.members.items()):
        known = [u.slug for u in provinces.in_system(system)]
        for j, slug in enumerate(slugs):
            if slug not in known:
                hint = did_you_mean(slug, known)
                message = f"{slug!r} is not a unit of the {system}-unit system{hint}"
                problems.append(_problem(loaded, (*loc, "members", system, j), message))
    old, new = set(region.members.get("63", [])), set(region.members.get("34", []))
    if old and new:
        for slug in sorted(old):
            unit = provinces.units.get(unit_key("63", slug))
            successor = provinces.successor(unit) if unit else None
            if successor and successor.slug not in new:
                message = f"{slug!r} merged into {successor.slug!r}, which is not listed under '34'"
                problems.append(_problem(loaded, (*loc, "members", "34"), message))
    return problems


def resolve_province(provinces: Provinces, slug: str, day: dt.date) -> ProvinceUnit:
    """The unit called `slug` on `day`; LookupError explains what existed instead."""
    system = provinces.system_on(day)
    candidates = provinces.in_system(system.id)
    for unit in candidates:
        valid = unit.valid_from is None or day >= unit.valid_from
        names = {unit.slug} | {n.slug for n in unit.names if day >= n.from_}
        if slug in names and valid:
            return unit
    raise LookupError(_unknown_province_message(provinces, slug, day, system.id, candidates))


def _unknown_province_message(
    provinces: Provinces, slug: str, day: dt.date, system: str, candidates: list[ProvinceUnit]
) -> str:
    """Why `slug` is not a unit on `day`, and what to write instead."""
    label = f"the {system}-unit system in force on {day.isoformat()}"
    elsewhere = [u for u in provinces.units.values() if u.slug == slug and u.system != system]
    other = provinces.system(elsewhere[0]) if elsewhere else None
    if other is not None and other.valid_until is not None:
        old = elsewhere[0]
        new = provinces.successor(old)
        target = f"; it merged into {new.slug}" if new else ""
        return (
            f"{old.name_vi} ({slug}) is a unit of the {other.id}-unit system, which ended on "
            f"{other.valid_until.isoformat()}{target} (expected a unit of {label})"
        )
    if other is not None and other.valid_from is not None:
        new = elsewhere[0]
        olds = ", ".join(p.slug for p in provinces.predecessors(new))
        return (
            f"{new.name_vi} ({slug}) exists only from {other.valid_from.isoformat()} (expected a "
            f"unit of {label}; its predecessors were: {olds})"
        )
    later = [u for u in candidates if u.slug == slug and u.valid_from and day < u.valid_from]
    if later:
        return f"{later[0].name_vi} was created on {later[0].valid_from} (after {day.isoformat()})"
    names = [u.slug for u in candidates] + [n.slug for u in candidates for n in u.names]
    return f"unknown province {slug!r} (expected a unit of {label}{did_you_mean(slug, names)})"


__all__ = [
    "read_catalog",
    "read_provinces",
    "read_regions",
    "resolve_province",
    "unit_name",
]
