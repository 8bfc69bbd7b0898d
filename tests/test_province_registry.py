"""Invariants of content/provinces.yaml, the registry of Viet Nam's 63 and 34 provincial units."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml
from slugify import slugify

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "content" / "provinces.yaml"
GEOJSON = ROOT / "content" / "geo" / "vn_admin1_63.geojson"

Unit = dict[str, Any]

# Resolution 202/2025/QH15 (12 June 2025): the 23 new units formed by merging old units,
# new slug -> slugs of the merged old units. The other 11 units continue unchanged.
MERGED_GROUPS: dict[str, set[str]] = {
    "tuyen-quang": {"tuyen-quang", "ha-giang"},
    "lao-cai": {"lao-cai", "yen-bai"},
    "thai-nguyen": {"thai-nguyen", "bac-kan"},
    "phu-tho": {"phu-tho", "vinh-phuc", "hoa-binh"},
    "bac-ninh": {"bac-ninh", "bac-giang"},
    "hung-yen": {"hung-yen", "thai-binh"},
    "hai-phong": {"hai-phong", "hai-duong"},
    "ninh-binh": {"ninh-binh", "ha-nam", "nam-dinh"},
    "quang-tri": {"quang-tri", "quang-binh"},
    "da-nang": {"da-nang", "quang-nam"},
    "quang-ngai": {"quang-ngai", "kon-tum"},
    "gia-lai": {"gia-lai", "binh-dinh"},
    "khanh-hoa": {"khanh-hoa", "ninh-thuan"},
    "lam-dong": {"lam-dong", "dak-nong", "binh-thuan"},
    "dak-lak": {"dak-lak", "phu-yen"},
    "ho-chi-minh": {"ho-chi-minh", "binh-duong", "ba-ria-vung-tau"},
    "dong-nai": {"dong-nai", "binh-phuoc"},
    "tay-ninh": {"tay-ninh", "long-an"},
    "can-tho": {"can-tho", "soc-trang", "hau-giang"},
    "vinh-long": {"vinh-long", "ben-tre", "tra-vinh"},
    "dong-thap": {"dong-thap", "tien-giang"},
    "ca-mau": {"ca-mau", "bac-lieu"},
    "an-giang": {"an-giang", "kien-giang"},
}
UNCHANGED = {
    "ha-noi", "hue", "lai-chau", "dien-bien", "son-la", "lang-son",
    "quang-ninh", "thanh-hoa", "nghe-an", "ha-tinh", "cao-bang",
}  # fmt: skip
OLD_CITIES = {"ha-noi", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}
NEW_CITIES = OLD_CITIES | {"hue"}
# Where pycountry 26.2.16 (iso-codes) spells an old unit differently from the registry.
PYCOUNTRY_SPELLINGS = {"VN-26": "Thừa Thiên-Huế", "VN-47": "Kiến Giang"}  # hyphen; typo


@cache
def registry() -> dict[str, Any]:
    """The parsed registry (parsed once)."""
    data: dict[str, Any] = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return data


def units(system: str) -> list[Unit]:
    """Units of one system, in file order."""
    return [u for u in registry()["units"] if u["system"] == system]


def by_slug(system: str) -> dict[str, Unit]:
    """Units of one system keyed by slug."""
    return {u["slug"]: u for u in units(system)}


def last_name(unit: Unit) -> str:
    """The unit's Vietnamese name on its last day."""
    names = unit.get("names") or [unit]
    return str(names[-1]["name_vi"])


def last_type(unit: Unit) -> str:
    """The unit's type (province or city) on its last day."""
    names = unit.get("names") or [unit]
    return str(names[-1]["type"])


def strings(node: Any) -> list[str]:
    """Every string in a parsed YAML tree."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in strings(k) + strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def test_systems() -> None:
    """Two systems, 63 until 2025-06-30 and 34 from 2025-07-01."""
    old, new = registry()["systems"]
    assert (old["id"], old["valid_from"], old["valid_until"]) == ("63", None, dt.date(2025, 6, 30))
    assert (new["id"], new["valid_from"], new["valid_until"]) == ("34", dt.date(2025, 7, 1), None)
    assert new["legal_basis"] == {
        "en": "Resolution 202/2025/QH15",
        "vi": "Nghị quyết số 202/2025/QH15",
    }


def test_counts() -> None:
    """63 old units and 34 new units, nothing else."""
    assert len(units("63")) == 63
    assert len(units("34")) == 34
    assert len(registry()["units"]) == 97


def test_sorted_by_system_then_code() -> None:
    """Units are listed system 63 first, then 34, each by code."""
    keys = [(u["system"] != "63", u["code"]) for u in registry()["units"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("system", ["63", "34"])
def test_codes_unique_two_digits(system: str) -> None:
    """GSO codes are quoted two-digit strings, unique within a system."""
    codes = [u["code"] for u in units(system)]
    assert all(isinstance(c, str) and len(c) == 2 and c.isdigit() for c in codes)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("system", ["63", "34"])
def test_slugs(system: str) -> None:
    """Slugs are slugify(name_vi), for main and later names, and unique within a system."""
    slugs = []
    for unit in units(system):
        assert unit["slug"] == slugify(unit["name_vi"])
        slugs.append(unit["slug"])
        for name in unit.get("names", []):
            assert name["slug"] == slugify(name["name_vi"])
            slugs.append(name["slug"])
    assert [s for s, n in Counter(slugs).items() if n > 1] == []


def test_text_is_nfc() -> None:
    """The file and every parsed string are NFC; English names are ASCII."""
    assert unicodedata.is_normalized("NFC", REGISTRY.read_text(encoding="utf-8"))
    assert all(unicodedata.is_normalized("NFC", s) for s in strings(registry()))
    english = [u["name_en"] for u in registry()["units"]]
    english += [n["name_en"] for u in registry()["units"] for n in u.get("names", [])]
    assert all(name.isascii() for name in english)


def test_system_specific_fields() -> None:
    """Old units have a successor and no predecessors; new units the reverse and no ISO code."""
    for unit in units("63"):
        assert unit["successor"] and "predecessors" not in unit
    for unit in units("34"):
        assert unit["predecessors"] and "successor" not in unit
        assert unit["iso_3166_2"] is None  # pycountry 26.2.16 has no codes for the 34 units


def test_mapping_consistent_both_ways() -> None:
    """Each old unit's successor lists it, and predecessors are exactly the inverse."""
    old, new = by_slug("63"), by_slug("34")
    inverse: dict[str, set[str]] = {slug: set() for slug in new}
    for unit in old.values():
        assert unit["successor"] in new, unit["slug"]
        inverse[unit["successor"]].add(unit["slug"])
    for slug, unit in new.items():
        assert len(unit["predecessors"]) == len(set(unit["predecessors"]))
        assert set(unit["predecessors"]) == inverse[slug], slug
        assert set(unit["predecessors"]) <= set(old)


def test_unchanged_units() -> None:
    """Exactly 11 new units have one predecessor, with the same name and type."""
    old = by_slug("63")
    single = {u["slug"]: u for u in units("34") if len(u["predecessors"]) == 1}
    assert set(single) == UNCHANGED
    for slug, unit in single.items():
        (pred,) = unit["predecessors"]
        assert (last_name(old[pred]), last_type(old[pred])) == (unit["name_vi"], unit["type"]), slug


def test_merged_groups_match_resolution_202() -> None:
    """The 23 merged groups equal the table written from Resolution 202/2025/QH15."""
    merged = {u["slug"]: set(u["predecessors"]) for u in units("34") if len(u["predecessors"]) > 1}
    assert len(MERGED_GROUPS) == 23
    assert merged == MERGED_GROUPS


def test_new_units_take_a_predecessors_name_and_code() -> None:
    """Every new unit keeps the name of one predecessor and the GSO code of one predecessor."""
    old = by_slug("63")
    for unit in units("34"):
        preds = [old[p] for p in unit["predecessors"]]
        assert unit["name_vi"] in {last_name(p) for p in preds}, unit["slug"]
        assert unit["code"] in {p["code"] for p in preds}, unit["slug"]


def test_city_counts() -> None:
    """5 cities among the 63 before 2025 plus Huế from 2025-01-01; 6 cities and 28 provinces."""
    assert {u["slug"] for u in units("63") if u["type"] == "city"} == OLD_CITIES
    last_day_cities = {u["slug"] for u in units("63") if last_type(u) == "city"}
    assert last_day_cities == OLD_CITIES | {"thua-thien-hue"}
    assert {u["slug"] for u in units("34") if u["type"] == "city"} == NEW_CITIES
    assert Counter(u["type"] for u in units("34")) == {"city": 6, "province": 28}


def test_hue_rename() -> None:
    """Thừa Thiên Huế (province) became Huế (centrally-run city) on 2025-01-01."""
    (unit,) = [u for u in units("63") if u["code"] == "46"]
    assert (unit["name_vi"], unit["type"]) == ("Thừa Thiên Huế", "province")
    hue = {"name_vi": "Huế", "name_en": "Hue", "type": "city", "slug": "hue"}
    assert unit["names"] == [hue | {"from": dt.date(2025, 1, 1)}]
    assert unit["successor"] == "hue"
    assert [u["slug"] for u in registry()["units"] if u.get("names")] == ["thua-thien-hue"]


def test_valid_from() -> None:
    """valid_from is null or a date after 1990 on old units; the 2004 units are dated 2004-01-01."""
    old = by_slug("63")
    for unit in old.values():
        assert unit["valid_from"] is None or unit["valid_from"] > dt.date(1990, 1, 1)
    created_2004 = {s for s, u in old.items() if u["valid_from"] == dt.date(2004, 1, 1)}
    assert created_2004 == {"dien-bien", "lai-chau", "dak-nong", "hau-giang", "can-tho"}
    assert "ha-tay" not in old


def test_iso_codes_match_pycountry() -> None:
    """The 63 ISO 3166-2 codes are exactly pycountry's VN subdivisions."""
    iso = [u["iso_3166_2"] for u in units("63")]
    assert len(set(iso)) == 63
    assert set(iso) == {s.code for s in pycountry.subdivisions.get(country_code="VN")}


def test_names_match_pycountry() -> None:
    """Old units' Vietnamese names equal pycountry's, apart from two known spellings."""
    theirs = {s.code: s.name for s in pycountry.subdivisions.get(country_code="VN")}
    ours = {u["iso_3166_2"]: u["name_vi"] for u in units("63")}
    differing = {code: theirs[code] for code in ours if theirs[code] != ours[code]}
    assert differing == PYCOUNTRY_SPELLINGS


def test_iso_codes_match_geojson() -> None:
    """Every old unit's ISO code has one feature in the geojson, and vice versa."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    geo = [f["properties"]["iso_3166_2"] for f in features]
    assert len(geo) == len(set(geo)) == 63
    assert set(geo) == {u["iso_3166_2"] for u in units("63")}
