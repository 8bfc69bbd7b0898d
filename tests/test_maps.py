"""Maps: boundaries joined and dissolved as documented, classes as a reader reads them, and SVG
that is small, deterministic, linked, labelled with both archipelagos, and inert."""

from __future__ import annotations

import dataclasses
import pickle
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import shapely
from conftest import CONTENT
from hypothesis import given
from hypothesis import strategies as st

from generator import geo
from generator.figures import svg_is_inert
from generator.languages import language
from generator.maps import (
    MIN_UNITS,
    MapSpec,
    MapUnit,
    class_breaks,
    class_labels,
    coverage_maps,
    draw_map,
    indicator_maps,
)
from generator.model import Corpus, Observation, Provinces, Scope, unit_key
from generator.present import percent
from generator.schema import ProvinceUnit

GEOJSON = CONTENT / geo.GEO_FILE
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
# The map is shown about 358 CSS px wide on a 390 px phone; its text must read at 11 px there.
PHONE_PX = 358
MIN_TEXT_PX = 11


def link_for(unit: ProvinceUnit) -> str | None:
    """A page for some units only, as the caller would say."""
    return None if unit.slug.startswith("b") else f"../provinces/{unit.system}/{unit.slug}/"


# Geometry


def test_the_pinned_shapely_can_simplify_a_coverage() -> None:
    assert shapely.geos_version >= (3, 12, 0)  # GEOS's CoverageSimplifier came in 3.12


def test_each_of_the_63_units_is_one_feature_joined_by_iso_code(provinces: Provinces) -> None:
    parts = geo.unit_parts(provinces)
    old = [parts[unit_key(u)] for u in provinces.in_system("63")]
    assert all(len(p) == 1 for p in old)
    assert sorted(p[0] for p in old) == sorted(geo.features(GEOJSON))
    assert len(old) == 63
    assert parts["63/dong-nai"] == ("VN-39",)  # the file names VN-39 'Đông Nam Bộ': not used


def test_each_of_the_34_units_is_the_union_of_its_predecessors(provinces: Provinces) -> None:
    parts = geo.unit_parts(provinces)
    simple = geo.simplified(GEOJSON)
    original = geo.features(GEOJSON)
    new = provinces.in_system("34")
    assert len(new) == 34
    assert sorted(c for u in new for c in parts[unit_key(u)]) == sorted(original)
    for unit in new:
        shape = geo.unit_shape(GEOJSON, parts[unit_key(unit)])
        assert shape.is_valid
        # Exactly its predecessors' simplified shapes, and within 3% of the unsimplified ones.
        assert shape.area == pytest.approx(sum(simple[c].area for c in parts[unit_key(unit)]))
        before = sum(original[c].area for c in parts[unit_key(unit)])
        assert shape.area == pytest.approx(before, rel=0.03), unit.slug
    # The 34 share their borders as the 63 do: no gaps, no overlaps.
    shapes = [geo.unit_shape(GEOJSON, parts[unit_key(u)]) for u in new]
    assert shapely.coverage_is_valid(shapely.GeometryCollection(shapes))
    merged = geo.unit_shape(GEOJSON, parts["34/da-nang"])
    assert parts["34/da-nang"] == ("VN-27", "VN-DN")
    assert merged.contains(shapely.Point(108.2, 16.05))  # Đà Nẵng city
    assert merged.contains(shapely.Point(108.0, 15.5))  # old Quảng Nam


def test_simplifying_keeps_shared_borders_shared() -> None:
    simple = list(geo.simplified(GEOJSON).values())
    original = list(geo.features(GEOJSON).values())
    assert shapely.coverage_is_valid(shapely.GeometryCollection(simple))
    union = shapely.union_all(simple)
    # No overlaps: the parts' areas add up to the whole; no gaps: the whole has no holes.
    assert sum(g.area for g in simple) == pytest.approx(union.area, abs=1e-9)
    holes = [shapely.Polygon(r) for p in getattr(union, "geoms", [union]) for r in p.interiors]
    assert sum(h.area for h in holes) < 1e-6
    assert union.area == pytest.approx(shapely.union_all(original).area, rel=0.01)
    kept = sum(shapely.get_num_coordinates(g) for g in simple)
    assert kept < 0.4 * sum(shapely.get_num_coordinates(g) for g in original)


def test_both_archipelagos_belong_to_a_unit_of_each_system(provinces: Provinces) -> None:
    owners = {a.key: a.owner for a in geo.ARCHIPELAGOS}
    assert owners == {"hoang-sa": "da-nang", "truong-sa": "khanh-hoa"}
    for system in ("63", "34"):
        for slug in owners.values():
            assert f"{system}/{slug}" in provinces.units
    for archipelago in geo.ARCHIPELAGOS:
        west, south, east, north = archipelago.box
        assert all(west < lon < east and south < lat < north for lon, lat in archipelago.islands)
    paracels, spratlys = geo.ARCHIPELAGOS
    assert all(111.2 <= lon <= 112.9 and 15.7 <= lat <= 17.1 for lon, lat in paracels.islands)
    assert all(111.5 <= lon <= 117.8 and 7.5 <= lat <= 11.5 for lon, lat in spratlys.islands)


# Classes


def test_class_breaks_are_round_quantiles_and_fewer_for_few_units() -> None:
    values = [Decimal(v) for v in (0, 100, 250, 1000, 5000, 12345)]
    assert class_breaks(values) == (Decimal(250), Decimal(5000))
    assert len(class_breaks(values[:MIN_UNITS])) == 1
    many = [Decimal(v) for v in range(1, 40)]
    assert len(class_breaks(many)) == 4
    assert class_breaks([Decimal("95.37")] * 3 + [Decimal("88.1")] * 3) == (Decimal(95),)
    assert class_breaks([Decimal(7)] * 6) == ()


@given(st.lists(st.decimals(0, 10**9, places=2), min_size=MIN_UNITS, max_size=70))
def test_no_class_is_empty(values: list[Decimal]) -> None:
    breaks = class_breaks(values)
    assert list(breaks) == sorted(set(breaks))
    bounds = [min(values), *breaks]
    for low, high in zip(bounds, [*breaks, max(values) + 1], strict=True):
        assert any(low <= v < high for v in values), (low, high)


def test_legend_states_the_breaks_in_the_readers_language() -> None:
    vi, en = language("vi"), language("en")
    counts = [Decimal(v) for v in (0, 100, 250, 1000, 5000, 12000)]
    breaks = class_breaks(counts)
    assert class_labels(breaks, counts, str, True, en) == ("0–249", "250–4999", "5000–12000")
    rates = [Decimal(v) for v in ("81.5", "88", "90.2", "93", "95.5", "97")]
    rate_breaks = class_breaks(rates)
    assert rate_breaks == (Decimal(90), Decimal(95))
    assert class_labels(rate_breaks, rates, lambda v: percent(v, vi), False, vi) == (
        "dưới 90%",
        "từ 90% đến dưới 95%",
        "từ 95% trở lên",
    )
    assert class_labels(rate_breaks, rates, lambda v: percent(v, en), False, en) == (
        "under 90%",
        "90% to under 95%",
        "95% or more",
    )


# Specs from the model


@pytest.fixture(scope="module")
def base(corpus: Corpus) -> Observation:
    """A real provincial count for 2023-H1 in the 63-unit system, to place in other units."""
    return next(
        o
        for o in corpus.observations
        if o.indicator.key == "social_order_crimes"
        and o.scope.level == "province"
        and o.period is not None
        and o.period.key == "2023-H1"
        and not o.breakdown
        and o.value is not None
    )


def placed(
    base: Observation, provinces: Provinces, slug: str, value: int, metric: str = "m"
) -> Observation:
    """The base observation as if reported for another unit, with another value."""
    unit = provinces.units[f"63/{slug}"]
    return dataclasses.replace(
        base,
        scope=Scope("province", province=unit),
        value=Decimal(value),
        qualifier=None,
        metric_id=metric,
        disagrees_with=(),
    )


@pytest.fixture(scope="module")
def reported(base: Observation, provinces: Provinces) -> list[Observation]:
    """Six units report 2023-H1; Quảng Trị's sources disagree; Hà Tĩnh's older figure is
    replaced."""
    values = {
        "nghe-an": 0,
        "ha-noi": 100,
        "quang-nam": 250,
        "quang-tri": 1000,
        "thanh-hoa": 5000,
        "ha-tinh": 12000,
    }
    older = dataclasses.replace(
        placed(base, provinces, "ha-tinh", 3),
        conference_id="2000-01-01-older",
        conference_date=base.conference_date.replace(year=2000),
    )
    return [
        *(placed(base, provinces, slug, value) for slug, value in values.items()),
        placed(base, provinces, "quang-tri", 6000, metric="m2"),
        older,
    ]


def units_of(spec: MapSpec) -> dict[str, MapUnit]:
    """A spec's units by key."""
    return {u.key: u for u in spec.units}


def test_an_indicator_map_classes_each_unit(
    reported: list[Observation], provinces: Provinces, base: Observation
) -> None:
    (spec,) = indicator_maps(reported, provinces, language("en"), link_for, GEOJSON)
    units = units_of(spec)
    assert len(units) == 63
    assert spec.breaks == (Decimal(250), Decimal(5000))
    assert spec.classes == ("0–249", "250–4,999", "5,000–12,000")
    assert {k: (u.klass, u.high) for k, u in units.items() if u.klass is not None} == {
        "63/nghe-an": (0, None),
        "63/ha-noi": (0, None),
        "63/quang-nam": (1, None),
        "63/quang-tri": (1, 2),
        "63/thanh-hoa": (2, None),
        "63/ha-tinh": (2, None),
    }
    # A reported zero is a value in the lowest class; a unit that reports nothing has none.
    assert units["63/nghe-an"].value == "0 cases"
    assert units["63/cao-bang"].klass is None
    assert units["63/cao-bang"].value == "not reported"
    assert units["63/quang-tri"].value == "1,000 cases / 6,000 cases"
    assert units["63/ha-tinh"].value == "12,000 cases"
    assert units["63/ha-noi"].link == "../provinces/63/ha-noi/"
    assert units["63/bac-kan"].link is None
    assert spec.title == base.indicator.label.en
    assert spec.name == "map-63-social-order-crimes-cases-2023-h1"
    assert "2023" in spec.subtitle
    assert "6 of 63 units report it" in spec.alt
    assert "Highest: Hà Tĩnh (12,000 cases)" in spec.alt


def test_no_map_where_fewer_than_five_units_report(
    reported: list[Observation], provinces: Provinces
) -> None:
    four = [
        o
        for o in reported
        if o.scope.province
        and o.scope.province.slug in ("nghe-an", "ha-noi", "quang-nam", "quang-tri")
    ]
    assert indicator_maps(four, provinces, language("en"), link_for, GEOJSON) == []


def test_coverage_maps_count_each_units_numbers(corpus: Corpus) -> None:
    maps = coverage_maps(corpus, language("vi"), link_for, GEOJSON)
    assert [m.system for m in maps] == ["63", "34"]
    for spec in maps:
        units = units_of(spec)
        assert len(units) == (63 if spec.system == "63" else 34)
        for key, unit in units.items():
            count = len({o.same_thing for o in corpus.by_province.get(key, ())})
            if count:
                assert unit.klass is not None
                assert unit.value == f"{count} số liệu"
            else:
                assert (unit.klass, unit.value) == (None, "chưa có số liệu")
    units = units_of(maps[0])
    assert units["63/nghe-an"].klass == len(maps[0].classes) - 1
    assert maps[0].missing_label == "chưa có số liệu"


def test_archipelago_labels_in_each_language(corpus: Corpus) -> None:
    for code, words in {
        "vi": ("Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"),
        "en": ("Paracel Islands – Hoàng Sa (Đà Nẵng)", "Spratly Islands – Trường Sa (Khánh Hòa)"),
    }.items():
        for spec in coverage_maps(corpus, language(code), link_for, GEOJSON):
            assert tuple(a.label for a in spec.archipelagos) == words


@pytest.mark.parametrize(
    "link", ["https://example.org/", "javascript:alert(1)", "//evil.example/", "/root/", "\\x"]
)
def test_a_unit_links_only_to_a_relative_address(link: str) -> None:
    with pytest.raises(ValueError, match="not a relative address"):
        MapUnit("63/ha-noi", ("VN-HN",), "Hà Nội", "3", 0, link=link)


def test_the_digest_names_what_is_drawn(corpus: Corpus) -> None:
    spec = coverage_maps(corpus, language("en"), link_for, GEOJSON)[0]
    assert dataclasses.replace(spec, path="x.svg", alt="other").digest == spec.digest
    assert dataclasses.replace(spec, classes=("a", "b", "c", "d")).digest != spec.digest
    moved = dataclasses.replace(spec, geojson=str(Path("..") / GEOJSON))
    assert moved.digest == spec.digest


# Drawings


@pytest.fixture(scope="module")
def drawn(corpus: Corpus, reported: list[Observation]) -> dict[str, tuple[MapSpec, bytes]]:
    """Every coverage map in both languages, and the indicator map, for light pages and (by
    swapping colours, not drawing again) for dark ones."""
    specs = [
        spec
        for code in ("vi", "en")
        for spec in [
            *coverage_maps(corpus, language(code), link_for, GEOJSON),
            *indicator_maps(reported, corpus.provinces, language(code), link_for, GEOJSON),
        ]
    ]
    found = {}
    for spec in specs:
        light = draw_map(spec)
        found[f"{spec.name}-{spec.locale}-light"] = (spec, light)
        found[f"{spec.name}-{spec.locale}-dark"] = (spec, spec.dark(light))
    return found


def elements(svg: bytes, tag: str) -> Iterator[ET.Element]:
    """Every element of one SVG tag."""
    return ET.fromstring(svg).iter(SVG + tag)


def words(svg: bytes) -> str:
    """All the text of the drawing, lines joined by spaces."""
    return " ".join(" ".join(t.itertext()).strip() for t in elements(svg, "text"))


def test_maps_are_small_and_inert(drawn: dict[str, tuple[MapSpec, bytes]]) -> None:
    assert len(drawn) == 12
    for name, (_, svg) in drawn.items():
        assert len(svg) <= 150_000, (name, len(svg))
        assert svg_is_inert(svg), name
        root = ET.fromstring(svg)
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        # No background, of the figure or the map: the first thing drawn is a unit.
        figure = next(g for g in root.iter(SVG + "g") if g.get("id") == "figure_1")
        first = figure[0][0]
        assert (figure[0].get("id"), first.get("id", "")[:5]) == ("axes_1", "unit-"), name


def test_the_same_spec_gives_the_same_bytes_in_another_process(
    drawn: dict[str, tuple[MapSpec, bytes]],
) -> None:
    spec, svg = drawn["map-coverage-63-vi-light"]
    assert draw_map(spec) == svg
    code = (
        "import sys, pickle; from generator.maps import draw_map;"
        "sys.stdout.buffer.write(draw_map(pickle.loads(sys.stdin.buffer.read())))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(spec), capture_output=True, check=True
    )
    assert other.stdout == svg


def test_every_map_shows_both_archipelagos(drawn: dict[str, tuple[MapSpec, bytes]]) -> None:
    for name, (spec, svg) in drawn.items():
        text = words(svg)
        for archipelago in spec.archipelagos:
            assert archipelago.label in text, name
    assert "Quần đảo Hoàng Sa (Đà Nẵng)" in words(drawn["map-coverage-34-vi-light"][1])


def test_units_link_to_their_pages_with_a_title(drawn: dict[str, tuple[MapSpec, bytes]]) -> None:
    for name, (spec, svg) in drawn.items():
        root = ET.fromstring(svg)
        groups = {g.get("id"): g for g in root.iter(SVG + "g")}
        for unit in spec.units:
            group = groups["unit-" + unit.key.replace("/", "-")]
            links = [a.get(XLINK) for a in group.iter(SVG + "a")]
            assert links == ([unit.link] if unit.link else []), (name, unit.key)
            (title,) = [t.text for t in group.iter(SVG + "title")]
            assert title == f"{unit.name}: {unit.value}"
        for link in root.iter(SVG + "a"):
            assert link.get("target") == "_top"
            assert re.match(r"^\.\./provinces/(63|34)/[a-z-]+/$", link.get(XLINK) or ""), name


def test_text_reads_at_11px_on_a_phone(drawn: dict[str, tuple[MapSpec, bytes]]) -> None:
    for name, (_, svg) in drawn.items():
        root = ET.fromstring(svg)
        width = float(root.get("viewBox", "").split()[2])
        sizes = [float(s) for s in re.findall(rb"font-size: ([\d.]+)px", svg)]
        assert sizes, name
        assert min(sizes) * PHONE_PX / width >= MIN_TEXT_PX, name


def test_dark_maps_write_light_text(drawn: dict[str, tuple[MapSpec, bytes]]) -> None:
    light = drawn["map-coverage-63-en-light"][1]
    dark = drawn["map-coverage-63-en-dark"][1]
    assert b"fill: #1f1f1f" in light and b"fill: #1f1f1f" not in dark
    assert b"fill: #ececec" in dark
    # Only the inks change: the same drawing, the classes' colours kept.
    assert re.sub(rb"#[0-9a-f]{6}", b"", light) == re.sub(rb"#[0-9a-f]{6}", b"", dark)
    assert set(re.findall(rb"#[0-9a-f]{6}", dark)) & {b"#ffffff", b"#5c5c5c", b"#dadada"} == set()


def unit_fills(svg: bytes) -> dict[str, str]:
    """Each unit's fill colour by its id; a hatched unit's is its pattern's background."""
    root = ET.fromstring(svg)
    backgrounds = {
        p.get("id"): next(p.iter(SVG + "rect")).get("fill", "") for p in root.iter(SVG + "pattern")
    }
    fills = {}
    for group in root.iter(SVG + "g"):
        if (group.get("id") or "").startswith("unit-"):
            style = next(group.iter(SVG + "path")).get("style", "")
            fill = dict(p.split(": ") for p in style.split("; "))["fill"]
            hatched = re.fullmatch(r"url\(#(\w+)\)", fill)
            fills[group.get("id", "")] = backgrounds[hatched[1]] if hatched else fill
    return fills


def test_not_reported_is_drawn_unlike_any_class(
    drawn: dict[str, tuple[MapSpec, bytes]],
) -> None:
    spec, svg = drawn["map-63-social-order-crimes-cases-2023-h1-en-light"]
    fills = unit_fills(svg)
    reported = {fills["unit-" + u.key.replace("/", "-")] for u in spec.units if u.klass is not None}
    assert len(reported) == 3
    assert fills["unit-63-nghe-an"] == fills["unit-63-ha-noi"]  # zero and 100: one class
    assert fills["unit-63-cao-bang"] not in reported
    assert b"<pattern" in svg  # and hatched
    legend = words(svg)
    for label in (*spec.classes, "not reported", "sources differ"):
        assert label in legend
