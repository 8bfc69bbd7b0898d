"""Boundaries of the provincial units: the 63 from content/geo, the 34 dissolved from them.

The committed GeoJSON (Natural Earth, see content/geo/SOURCE.md) is joined to the registry by
ISO 3166-2 code only, never by name. Its coverage is simplified once per process, keeping
shared borders shared (GEOS coverage simplification), and a 34-system unit is the union of
its predecessors' simplified shapes, so both maps have the same borders where they agree.
The Hoàng Sa and Trường Sa archipelagos have no geometry in the file: they are declared here
as marked areas with a few island positions, with the unit each belongs to.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .model import Provinces, unit_key

# Relative to the content folder.
GEO_FILE = "geo/vn_admin1_63.geojson"
# Degrees, roughly the side of the largest triangle a simplification may remove (about 2 km):
# at a phone's 358 CSS px for 16 degrees of longitude, one pixel is about 0.045 degrees.
TOLERANCE = 0.02

Lonlat = tuple[float, float]


@dataclass(frozen=True)
class Archipelago:
    """An archipelago with no geometry in the data: a marked area and its islands' places."""

    key: str
    # The unit it belongs to in both systems (a slug the 63 and the 34 share).
    owner: str
    # West, south, east, north (degrees) of the marked area.
    box: tuple[float, float, float, float]
    islands: tuple[Lonlat, ...]


# Approximate positions (lon, lat) of some of the islands, within 0.1 degree: enough to place
# symbols on a map of the whole country, not for navigation.
ARCHIPELAGOS: tuple[Archipelago, ...] = (
    Archipelago(
        key="hoang-sa",
        owner="da-nang",
        box=(111.0, 15.6, 113.1, 17.3),
        islands=(
            (112.34, 16.83),  # Phú Lâm (Woody)
            (112.26, 16.98),  # Cây (Tree)
            (112.73, 16.67),  # Linh Côn (Lincoln)
            (111.61, 16.53),  # Hoàng Sa (Pattle)
            (111.51, 16.45),  # Quang Ảnh (Money)
            (111.71, 16.45),  # Quang Hòa (Duncan)
            (111.50, 17.08),  # Đá Bắc (North Reef)
            (111.20, 15.78),  # Tri Tôn (Triton)
            (112.52, 16.04),  # Bông Bay (Bombay Reef)
        ),
    ),
    Archipelago(
        key="truong-sa",
        owner="khanh-hoa",
        box=(111.3, 7.3, 118.0, 11.7),
        islands=(
            (114.33, 11.43),  # Song Tử Tây (Southwest Cay)
            (114.28, 11.05),  # Thị Tứ (Thitu)
            (115.02, 11.08),  # Dừa (West York)
            (114.42, 10.68),  # Loại Ta (Loaita)
            (114.37, 10.38),  # Ba Bình (Itu Aba)
            (114.48, 10.38),  # Sơn Ca (Sand Cay)
            (114.36, 10.18),  # Nam Yết (Namyit)
            (114.33, 9.88),  # Sinh Tồn (Sin Cowe)
            (115.82, 10.81),  # Bình Nguyên (Flat)
            (115.53, 9.90),  # Vành Khăn (Mischief Reef)
            (113.68, 8.96),  # Phan Vinh (Pearson Reef)
            (111.92, 8.64),  # Trường Sa (Spratly Island)
            (112.92, 7.87),  # An Bang (Amboyna Cay)
            (113.30, 8.17),  # Thuyền Chài (Barque Canada Reef)
        ),
    ),
)


class GeometryError(ValueError):
    """The boundary file cannot be joined to the registry as documented."""


def unit_parts(provinces: Provinces) -> dict[str, tuple[str, ...]]:
    """Each unit's key ('63/nghe-an', '34/nghe-an') -> the ISO codes of the features it covers."""
    iso: dict[str, str] = {}
    for unit in provinces.in_system("63"):
        if unit.iso_3166_2 is None:
            raise GeometryError(f"{unit_key(unit)} has no iso_3166_2 to find its boundary by")
        iso[unit.slug] = unit.iso_3166_2
    parts: dict[str, tuple[str, ...]] = {
        unit_key(u): (iso[u.slug],) for u in provinces.in_system("63")
    }
    for unit in provinces.in_system("34"):
        parts[unit_key(unit)] = tuple(sorted(iso[slug] for slug in unit.predecessors))
    return parts


def _valid(geometry: BaseGeometry) -> BaseGeometry:
    """A valid polygonal shape: rounding the file to 0.001 degree left two self-touching rings."""
    if geometry.is_valid:
        return geometry
    return shapely.make_valid(geometry, method="structure", keep_collapsed=False)


@functools.cache
def features(path: Path) -> Mapping[str, BaseGeometry]:
    """The file's shapes by ISO 3166-2 code, made valid; GeometryError if a code repeats."""
    data: dict[str, Any] = json.loads(path.read_bytes())
    shapes: dict[str, BaseGeometry] = {}
    for i, feature in enumerate(data["features"]):
        code = feature["properties"]["iso_3166_2"]
        if code in shapes:
            raise GeometryError(f"{path.name}: features[{i}]: iso_3166_2 {code!r} appears twice")
        shapes[code] = _valid(shape(feature["geometry"]))
    return shapes


@functools.cache
def simplified(path: Path) -> Mapping[str, BaseGeometry]:
    """The file's shapes simplified together: a border two units share stays one line."""
    shapes = features(path)
    codes = sorted(shapes)
    simple = shapely.coverage_simplify([shapes[c] for c in codes], TOLERANCE)
    return dict(zip(codes, (shapely.orient_polygons(g) for g in simple), strict=True))


@functools.cache
def unit_shape(path: Path, parts: tuple[str, ...]) -> BaseGeometry:
    """A unit's simplified shape: its feature, or the union of its predecessors' features."""
    shapes = simplified(path)
    missing = [code for code in parts if code not in shapes]
    if missing:
        raise GeometryError(f"{path.name}: no feature with iso_3166_2 {', '.join(missing)}")
    if len(parts) == 1:
        return shapes[parts[0]]
    return shapely.orient_polygons(shapely.coverage_union_all([shapes[c] for c in parts]))


@functools.cache
def file_digest(path: Path) -> str:
    """SHA-256 of the boundary file: a changed file is a changed drawing."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
