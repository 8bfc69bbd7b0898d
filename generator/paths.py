"""Where each page lives in the generated tree (Markdown source paths, '/' separated)."""

from __future__ import annotations

import posixpath

from .model import Scope, unit_key
from .periods import Period
from .schema import ProvinceUnit

HOME = "index.md"
CONFERENCES = "conferences/index.md"
PROVINCES = "provinces/index.md"
NATIONAL = "national/index.md"
PERIODS = "periods/index.md"
INDICATORS = "indicators/index.md"
COMMITTEES = "committees/index.md"
COVERAGE = "coverage.md"
DATA = "data/index.md"
METHODOLOGY = "methodology.md"
CSV = "data/observations.csv"
JSON = "data/observations.json"


def conference(conference_id: str) -> str:
    """A conference page."""
    return f"conferences/{conference_id}.md"


def province(unit: ProvinceUnit) -> str:
    """A provincial unit's page (old and new units live apart: provinces/63/…, provinces/34/…)."""
    return f"provinces/{unit_key(unit)}/index.md"


def region(key: str) -> str:
    """A region's page."""
    return f"regions/{key}.md"


def scope(where: Scope) -> str:
    """The page of a scope: the whole country, its region, or the province it lies in."""
    if where.region is not None:
        return region(where.region.key)
    return province(where.province) if where.province else NATIONAL


def scope_period(where: Scope, period: Period) -> str:
    """A scope's page for one period (a region has one page for all its periods)."""
    if where.region is not None:
        return region(where.region.key)
    folder = posixpath.dirname(scope(where))
    return f"{folder}/{period.slug}.md"


def period(period: Period) -> str:
    """A period page."""
    return f"periods/{period.slug}.md"


def indicator(key: str) -> str:
    """An indicator page."""
    return f"indicators/{key.replace('_', '-')}.md"


def committee(number: str) -> str:
    """A committee page."""
    return f"committees/{number}.md"


def relative(from_page: str, to_path: str) -> str:
    """A link from one generated file to another, as Markdown expects it."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
