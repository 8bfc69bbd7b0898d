"""Choropleth maps of the provincial units: specs from the model, then deterministic SVG.

A map spec is plain frozen data: each unit's class (or none: not reported), its words for the
tooltip and the text table, and the address it links to, which the caller computes (this
module knows nothing of the site's addresses). `draw_map` turns a spec into SVG bytes with
matplotlib; every map shows the Hoàng Sa and Trường Sa archipelagos as parts of Đà Nẵng and
Khánh Hòa, coloured like them.

Sizes are chosen for a phone: the drawing is 288 pt wide (the map and a margin) and shown
about 358 CSS px wide on a 390 px screen, so 9 pt text reads at 11.2 px there.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import textwrap
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_FLOOR, Decimal
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from shapely.geometry.base import BaseGeometry

from . import figures, geo
from .charts import latest_reported
from .escape import csv_cell
from .figures import _RC, RELATIVE_ADDRESS, dark_variant
from .languages import Language
from .model import Corpus, Observation, Provinces, place_slug, text, unit_key, unit_name
from .present import display_breakdown, display_value, display_when, number, number_only, percent
from .schema import ProvinceUnit

LinkFor = Callable[[ProvinceUnit], str | None]

# A map per period needs this many reporting units; fewer say more as a table.
MIN_UNITS = 5
MAX_CLASSES = 5
# The map's width; the margin of the saved drawing adds 2 * PAD_PT.
WIDTH_PT = 282.0
PAD_PT = 2.88
TEXT_PT = 9.0
TITLE_PT = 10.5
# West, east, south, north: the mainland and both archipelagos, nothing else.
EXTENT = (102.0, 118.4, 7.1, 23.5)
# Degrees of longitude are shorter than degrees of latitude by cos(latitude), at the middle.
_ASPECT = 1 / math.cos(math.radians((EXTENT[2] + EXTENT[3]) / 2))
# ColorBrewer YlGnBu (colourblind-safe) by class count, without its palest colour, which would
# vanish on a white page; the darkest still stands out on a dark one.
_PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#a1dab4", "#41b6c4", "#225ea8"),
    4: ("#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    5: ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
}
# A map is drawn for light pages; its variant for dark pages swaps each ink for its dark
# counterpart in the drawing's bytes (the classes' colours read on both).
_INK: dict[str, str] = {
    "text": "#1f1f1f",
    "muted": "#5c5c5c",
    "edge": "#ffffff",
    "missing": "#dadada",
    "hatch": "#a0a0a0",
}
_DARK_INK: dict[str, str] = {
    "text": "#ececec",
    "muted": "#b4b4b4",
    "edge": "#1e2129",
    "missing": "#5d6169",
    "hatch": "#858a94",
}
DARK = {_INK[k]: _DARK_INK[k] for k in _INK}
# Not reported: grey and hatched, unlike any class even in greyscale; sources that differ:
# cross-hatched in the higher class's colour.
_MISSING_HATCH = "///"
_DIFFER_HATCH = "xxxx"
_MAP_RC: dict[str, Any] = {**_RC, "hatch.linewidth": 0.5}
_CODE_VERSION = hashlib.sha256(
    Path(__file__).read_bytes()
    + Path(geo.__file__).read_bytes()
    + Path(figures.__file__).read_bytes()
    + matplotlib.__version__.encode()
    + shapely.__version__.encode()
).hexdigest()[:16]


@dataclass(frozen=True)
class MapUnit:
    """One unit on a map: its class, its words, and where it links to."""

    key: str
    # ISO 3166-2 codes of the 63-system features it covers (several for a merged unit).
    parts: tuple[str, ...]
    name: str
    # Its value in words, as the text table and the tooltip show it.
    value: str
    # Index into the spec's classes; None: not reported.
    klass: int | None
    # When its sources disagree across a class break: the class of the highest figure.
    high: int | None = None
    # An address relative to the page showing the map (figures.RELATIVE_ADDRESS), or None.
    link: str | None = None

    def __post_init__(self) -> None:
        if self.link is not None and not RELATIVE_ADDRESS.fullmatch(self.link):
            raise ValueError(f"{self.key}: link {self.link!r} is not a relative address")


@dataclass(frozen=True)
class ArchipelagoLabel:
    """The words for an archipelago of geo.ARCHIPELAGOS on one map."""

    key: str
    label: str


@dataclass(frozen=True)
class MapSpec:
    """Everything a map shows, as plain data; its hash names the cached drawing."""

    name: str
    title: str
    # Its lines: when, and which units.
    subtitle: str
    alt: str
    system: str
    units: tuple[MapUnit, ...]
    legend_title: str
    # Lower bounds of every class after the first; the legend states them in `classes`.
    breaks: tuple[Decimal, ...]
    classes: tuple[str, ...]
    missing_label: str
    disagree_label: str
    archipelagos: tuple[ArchipelagoLabel, ...]
    # The boundary file (content/geo/...), read where the map is drawn.
    geojson: str
    # The language code of its words, written as the drawing's xml:lang.
    locale: str
    path: str = ""

    @cached_property
    def digest(self) -> str:
        """Content hash of what is drawn: not the path, name or alt text; the boundary file by
        its bytes, not by where it lies."""
        drawn = asdict(self)
        for key in ("path", "name", "alt"):
            drawn.pop(key)
        drawn["geojson"] = geo.file_digest(Path(self.geojson))
        blob = json.dumps(drawn, sort_keys=True, ensure_ascii=False, default=str) + _CODE_VERSION
        return hashlib.sha256(blob.encode()).hexdigest()

    def render(self) -> bytes:
        """Its SVG for light pages."""
        return draw_map(self)

    def dark(self, svg: bytes) -> bytes:
        """Its SVG for dark pages: light text, dark borders, the same classes."""
        return dark_variant(svg, DARK)


# Classes


def _round_down(value: Decimal) -> Decimal:
    """Down to two significant digits: 1234 -> 1200, 95.37 -> 95, 0.456 -> 0.45."""
    step = Decimal(1).scaleb(value.adjusted() - 1)
    rounded = (value / step).to_integral_value(rounding=ROUND_FLOOR) * step
    return rounded.quantize(Decimal(1)) if step >= 1 else rounded


def class_breaks(values: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Quantile breaks rounded to two significant digits, about three units a class at least
    (5 units: 2 classes, 12 or more: 5), never an empty class. A value v is in class
    bisect_right(breaks, v)."""
    ordered = sorted(values)
    count = len(ordered)
    wanted = min(MAX_CLASSES, count // 3 + 1)
    breaks: list[Decimal] = []
    for i in range(1, wanted):
        candidate = _round_down(ordered[i * count // wanted])
        lower = breaks[-1] if breaks else ordered[0]
        if candidate > lower and any(lower <= v < candidate for v in ordered):
            breaks.append(candidate)
    return tuple(breaks)


def class_labels(
    breaks: Sequence[Decimal],
    values: Sequence[Decimal],
    show: Callable[[Decimal], str],
    whole: bool,
    lang: Language,
) -> tuple[str, ...]:
    """What each class holds, for the legend: '3–4', '5–9' for whole counts; 'under 90%',
    '90% to under 95%', '95% or more' for anything else."""
    low, high = min(values), max(values)
    if not breaks:
        return (show(low) if low == high else f"{show(low)}–{show(high)}",)
    if whole:
        starts, ends = [low, *breaks], [b - 1 for b in breaks] + [high]
        return tuple(
            show(s) if s == e else f"{show(s)}–{show(e)}" for s, e in zip(starts, ends, strict=True)
        )
    middle = [
        lang._("%(low)s to under %(high)s", low=show(a), high=show(b)) for a, b in pairwise(breaks)
    ]
    return (
        lang._("under %(value)s", value=show(breaks[0])),
        *middle,
        lang._("%(value)s or more", value=show(breaks[-1])),
    )


# Specs from the model


def archipelago_labels(
    provinces: Provinces, system: str, lang: Language
) -> tuple[ArchipelagoLabel, ...]:
    """'Quần đảo Hoàng Sa (Đà Nẵng)' / 'Paracel Islands – Hoàng Sa (Đà Nẵng)', and Trường Sa."""
    words = {
        "hoang-sa": lambda owner: lang._(
            "Paracel Islands – Hoàng Sa (%(province)s)", province=owner
        ),
        "truong-sa": lambda owner: lang._(
            "Spratly Islands – Trường Sa (%(province)s)", province=owner
        ),
    }
    return tuple(
        ArchipelagoLabel(a.key, words[a.key](unit_name(provinces.units[unit_key(system, a.owner)])))
        for a in geo.ARCHIPELAGOS
    )


def _unit_entry(
    unit: ProvinceUnit,
    value: str,
    klass: int | None,
    high: int | None,
    link_for: LinkFor,
    parts: dict[str, tuple[str, ...]],
) -> MapUnit:
    """A unit of a map: the caller's link for it, its features and words."""
    key = unit_key(unit)
    return MapUnit(key, parts[key], unit_name(unit), value, klass, high, link_for(unit))


def _top(entries: Iterable[tuple[Decimal, MapUnit]]) -> str:
    """'Nghệ An (27 numbers)': the units with the highest value, at most three."""
    ranked = sorted(entries, key=lambda e: e[0], reverse=True)
    best = [u for v, u in ranked if v == ranked[0][0]][:3]
    return ", ".join(f"{u.name} ({u.value})" for u in best)


def _alt(lead: str, top: str, lang: Language) -> str:
    """The words a reader who cannot see the map reads instead."""
    rest = lang._(
        "The Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos are shown as parts of "
        "Đà Nẵng and Khánh Hòa. The table beside the map lists every unit."
    )
    highest = lang._("Highest: %(units)s.", units=top) if top else ""
    return " ".join(part for part in (lead, highest, rest) if part)


def coverage_maps(
    corpus: Corpus, lang: Language, link_for: LinkFor, geojson: Path
) -> list[MapSpec]:
    """For each unit system, a map of how many numbers the site has about each unit (its own
    numbers, districts and communes included; a figure reported twice counts once)."""
    parts = geo.unit_parts(corpus.provinces)
    maps = []
    for system in corpus.provinces.systems:
        units = corpus.provinces.in_system(system.id)
        counts = {
            unit_key(u): len({o.same_thing for o in corpus.by_province.get(unit_key(u), ())})
            for u in units
        }
        values = [Decimal(c) for c in counts.values() if c]
        breaks = class_breaks(values) if values else ()
        entries = []
        for unit in units:
            count = counts[unit_key(unit)]
            words = (
                lang.ngettext("%(num)s number", "%(num)s numbers", count)
                if count
                else lang._("no numbers yet")
            )
            klass = bisect_right(breaks, count) if count else None
            entries.append(_unit_entry(unit, words, klass, None, link_for, parts))
        label = text(system.label, lang.code)
        lead = lang.ngettext(
            "Map of Viet Nam's %(system)s: %(num)s unit has numbers on this site.",
            "Map of Viet Nam's %(system)s: %(num)s units have numbers on this site.",
            len(values),
            system=label,
        )
        top = _top((Decimal(counts[u.key]), u) for u in entries if counts[u.key])
        maps.append(
            MapSpec(
                name=f"map-coverage-{system.id}",
                title=lang._("Numbers reported per provincial unit"),
                subtitle=label,
                alt=_alt(lead, top, lang),
                system=system.id,
                units=tuple(entries),
                legend_title=lang._("Numbers"),
                breaks=breaks,
                classes=class_labels(breaks, values, lambda v: number(v, lang), True, lang)
                if values
                else (),
                missing_label=lang._("no numbers yet"),
                disagree_label="",
                archipelagos=archipelago_labels(corpus.provinces, system.id, lang),
                geojson=str(geojson),
                locale=lang.code,
            )
        )
    return maps


MapGroup = tuple[str, tuple[str, ...]]


def _map_groups(observations: Iterable[Observation]) -> dict[MapGroup, list[Observation]]:
    """Provincial numbers grouped by what one map shows: the unit system, and the same thing
    (indicator, unit, period or date, breakdown) counted in each unit."""
    groups: dict[MapGroup, list[Observation]] = {}
    for obs in observations:
        if obs.scope.level != "province" or obs.scope.province is None:
            continue
        thing = obs.same_thing
        key = (obs.scope.province.system, (*thing[:2], *thing[3:]))
        groups.setdefault(key, []).append(obs)
    return groups


def indicator_maps(
    observations: Iterable[Observation],
    provinces: Provinces,
    lang: Language,
    link_for: LinkFor,
    geojson: Path,
) -> list[MapSpec]:
    """A map for each period (or date) and unit system in which at least MIN_UNITS units
    report the same thing: each unit's figures from the most recent conference reporting it
    (a range where its sources disagree); in time order."""
    layers = []
    for (system, thing), group in _map_groups(observations).items():
        figures = {}
        for reported in latest_reported(group):
            drawn = sorted((o for o in reported if o.plot_value is not None), key=_plot_value)
            if drawn:
                figures[reported[0].scope.key] = tuple(drawn)
        if len(figures) >= MIN_UNITS:
            layers.append((group[0].reference_date, system, thing, figures))
    return [
        _indicator_map(system, figures, provinces, lang, link_for, geojson)
        for _, system, _, figures in sorted(layers, key=lambda layer: layer[:3])
    ]


def _plot_value(obs: Observation) -> Decimal:
    """The number a map classes an observation by (only called on those that have one)."""
    assert obs.plot_value is not None
    return obs.plot_value


def _indicator_map(
    system: str,
    figures: dict[str, tuple[Observation, ...]],
    provinces: Provinces,
    lang: Language,
    link_for: LinkFor,
    geojson: Path,
) -> MapSpec:
    """One indicator map: classes from every reporting unit's figures."""
    first = next(iter(figures.values()))[0]
    share = first.ratio is not None
    every = [_plot_value(o) for found in figures.values() for o in found]
    whole = first.unit.kind == "count" and not share and all(v == int(v) for v in every)

    def show(value: Decimal) -> str:
        return percent(value, lang) if share else number_only(value, first.unit, lang)

    breaks = class_breaks(every)
    parts = geo.unit_parts(provinces)
    entries, ranked = [], []
    for unit in provinces.in_system(system):
        found = figures.get(unit_key(unit), ())
        if not found:
            entries.append(_unit_entry(unit, lang._("not reported"), None, None, link_for, parts))
            continue
        words = " / ".join(dict.fromkeys(display_value(o, lang) for o in found))
        low = bisect_right(breaks, _plot_value(found[0]))
        high = bisect_right(breaks, _plot_value(found[-1]))
        entry = _unit_entry(unit, words, low, high if high != low else None, link_for, parts)
        entries.append(entry)
        ranked.append((_plot_value(found[-1]), entry))
    what = text(first.indicator.label, lang.code)
    split = display_breakdown(first, lang)
    if split:
        what = f"{what} ({split})"
    label = text(next(s for s in provinces.systems if s.id == system).label, lang.code)
    when = display_when(first, lang)
    lead = lang._(
        "Map of Viet Nam's %(system)s: %(what)s, %(when)s; %(count)s of %(total)s units report it.",
        system=label,
        what=what,
        when=when,
        count=len(figures),
        total=len(entries),
    )
    unit_words = (
        lang._("share of %(unit)s (%%)", unit=text(first.unit.label, lang.code))
        if share
        else text(first.unit.label, lang.code)
    )
    thing = (*first.same_thing[:2], *first.same_thing[3:])
    return MapSpec(
        name=place_slug(f"map-{system}-{'-'.join(thing)}"),
        title=what,
        subtitle=f"{when}\n{label}",
        alt=_alt(lead, _top(ranked), lang),
        system=system,
        units=tuple(entries),
        legend_title=unit_words,
        breaks=breaks,
        classes=class_labels(breaks, every, show, whole, lang),
        missing_label=lang._("not reported"),
        disagree_label=lang._("sources differ (hatching: the higher class)"),
        archipelagos=archipelago_labels(provinces, system, lang),
        geojson=str(geojson),
        locale=lang.code,
    )


def map_csv(spec: MapSpec) -> str:
    """The numbers behind a map: each unit, its figure as shown, and its class's words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "name", "as_shown", "class"])
    for unit in spec.units:
        klass = spec.missing_label if unit.klass is None else spec.classes[unit.klass]
        writer.writerow([unit.key, csv_cell(unit.name), csv_cell(unit.value), csv_cell(klass)])
    return buffer.getvalue()


# Drawing


def _mpl_path(geometry: BaseGeometry) -> MplPath:
    """A shapely (multi)polygon as one matplotlib path, holes included (rings are oriented, so
    the nonzero fill rule leaves holes empty)."""
    rings = [
        np.asarray(ring.coords)
        for polygon in getattr(geometry, "geoms", [geometry])
        for ring in (polygon.exterior, *polygon.interiors)
    ]
    codes = [
        code
        for ring in rings
        for code in (MplPath.MOVETO, *[MplPath.LINETO] * (len(ring) - 2), MplPath.CLOSEPOLY)
    ]
    return MplPath(np.concatenate(rings), codes)


def _colours(spec: MapSpec) -> tuple[str, ...]:
    """The palette for the spec's number of classes."""
    return _PALETTES[len(spec.classes)] if spec.classes else ()


def _fill(spec: MapSpec, klass: int | None) -> str:
    """A class's colour; the 'not reported' colour for none."""
    return _INK["missing"] if klass is None else _colours(spec)[klass]


def _gid(key: str) -> str:
    """The SVG id of a unit's group: 'unit-63-nghe-an'."""
    return "unit-" + key.replace("/", "-")


def _draw_units(ax: Axes, spec: MapSpec) -> None:
    """Each unit filled with its class's colour, a link where it has one, an id for its title."""
    ink = _INK
    path = Path(spec.geojson)
    for unit in spec.units:
        outline = _mpl_path(geo.unit_shape(path, unit.parts))
        patch = PathPatch(
            outline,
            facecolor=_fill(spec, unit.klass),
            edgecolor=ink["edge"],
            linewidth=0.35,
            hatch=_MISSING_HATCH if unit.klass is None else None,
            hatchcolor=ink["hatch"],
        )
        patch.set_gid(_gid(unit.key))
        patch.set_url(unit.link)
        patches = [patch]
        if unit.high is not None:
            patches.append(
                PathPatch(
                    outline,
                    facecolor="none",
                    linewidth=0,
                    hatch=_DIFFER_HATCH,
                    hatchcolor=_colours(spec)[unit.high],
                )
            )
        # The limits and the drawing's box are fixed by the map's extent: measuring every
        # vertex for them (add_patch, in_layout) would take half of the drawing time.
        for each in patches:
            each.set_in_layout(False)
            ax.add_artist(each)


def _draw_archipelagos(ax: Axes, spec: MapSpec) -> None:
    """Each archipelago: a dashed box, its islands in its unit's colour, and its name."""
    ink = _INK
    units = {u.key: u for u in spec.units}
    labels = {a.key: a.label for a in spec.archipelagos}
    for archipelago in geo.ARCHIPELAGOS:
        owner = units[unit_key(spec.system, archipelago.owner)]
        west, south, east, north = archipelago.box
        ax.add_patch(
            Rectangle(
                (west, south),
                east - west,
                north - south,
                fill=False,
                edgecolor=ink["muted"],
                linewidth=0.6,
                linestyle=(0, (3, 2)),
            )
        )
        lons, lats = zip(*archipelago.islands, strict=True)
        islands = ax.scatter(
            lons,
            lats,
            s=9,
            color=_fill(spec, owner.klass),
            edgecolors=ink["text"],
            linewidths=0.4,
            zorder=3,
        )
        if owner.link:
            islands.set_urls([owner.link] * len(lons))
        ax.text(
            west,
            north + 0.2,
            _archipelago_words(labels[archipelago.key]),
            va="bottom",
            ha="left",
            fontsize=TEXT_PT,
            color=ink["text"],
            linespacing=1.15,
        )


def _archipelago_words(label: str) -> str:
    """'Quần đảo Hoàng Sa (Đà Nẵng)' on lines that fit east of the box's west side, the province
    on a line of its own."""
    name, bracket, owner = label.rpartition(" (")
    if not bracket:
        return textwrap.fill(label, 20)
    return "\n".join([*textwrap.wrap(name, 20), f"({owner}"])


def _legend_words(label: str) -> str:
    """A legend entry on lines that fit the width."""
    return textwrap.fill(label, 40, break_long_words=False)


def _draw_legend(ax: Axes, spec: MapSpec) -> None:
    """Below the map: the classes with their bounds, then 'sources differ' and 'not reported'
    where used."""
    ink = _INK
    handles = [
        Patch(facecolor=colour, edgecolor=ink["muted"], linewidth=0.3, label=_legend_words(label))
        for colour, label in zip(_colours(spec), spec.classes, strict=True)
    ]
    if any(u.high is not None for u in spec.units):
        handles.append(
            Patch(
                facecolor=_colours(spec)[0],
                hatch=_DIFFER_HATCH,
                hatchcolor=_colours(spec)[-1],
                edgecolor=ink["muted"],
                linewidth=0.3,
                label=_legend_words(spec.disagree_label),
            )
        )
    if any(u.klass is None for u in spec.units):
        handles.append(
            Patch(
                facecolor=ink["missing"],
                hatch=_MISSING_HATCH,
                hatchcolor=ink["hatch"],
                edgecolor=ink["muted"],
                linewidth=0.3,
                label=_legend_words(spec.missing_label),
            )
        )
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, 0),
        frameon=False,
        fontsize=TEXT_PT,
        title=spec.legend_title,
        title_fontsize=TEXT_PT,
        alignment="left",
        labelcolor=ink["text"],
        handlelength=1.6,
        handleheight=1.1,
        borderaxespad=0.3,
    )
    legend.get_title().set_color(ink["text"])


def _draw_header(ax: Axes, spec: MapSpec) -> None:
    """Above the map: the title (what), and the subtitle (when, which units)."""
    words: dict[str, Any] = {"va": "bottom", "ha": "left", "color": _INK["text"]}
    subtitle = ax.annotate(
        "\n".join(textwrap.fill(line, 50) for line in spec.subtitle.splitlines()),
        xy=(0, 1),
        xycoords="axes fraction",
        xytext=(2, 6),
        textcoords="offset points",
        fontsize=TEXT_PT,
        linespacing=1.2,
        **words,
    )
    ax.annotate(
        textwrap.fill(spec.title, 38),
        xy=(0, 1),
        xycoords=subtitle,
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=TITLE_PT,
        weight="bold",
        linespacing=1.15,
        **words,
    )


def _add_titles(svg: str, spec: MapSpec) -> str:
    """A <title> in each unit's group and link (its name and value: a tooltip, and the name
    assistive technology reads), the language of the words, and links that open in the page,
    not in a new window (matplotlib writes target="_blank")."""
    for unit in spec.units:
        found = re.search(rf'<g id="{_gid(unit.key)}">\s*(?:<a [^>]*>)?', svg)
        if found is None:
            raise ValueError(f"map {spec.name}: no group for {unit.key} in the drawing")
        title = f"<title>{escape(f'{unit.name}: {unit.value}')}</title>"
        svg = svg[: found.end()] + title + svg[found.end() :]
    svg = svg.replace(' target="_blank"', ' target="_top"')
    return svg.replace("<svg ", f'<svg xml:lang="{escape(spec.locale)}" ', 1)


def _figure(spec: MapSpec) -> Figure:
    """The map as a matplotlib figure: the title, the units, the archipelagos, the legend.
    The map is WIDTH_PT wide; the words above and below it do not widen the drawing, and
    saving it with a tight box takes in their height."""
    west, east, south, north = EXTENT
    height = WIDTH_PT * (north - south) * _ASPECT / (east - west)
    fig = Figure(figsize=(WIDTH_PT / 72, height / 72))
    FigureCanvasSVG(fig)
    fig.patch.set_visible(False)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(_ASPECT)
    _draw_units(ax, spec)
    _draw_archipelagos(ax, spec)
    _draw_legend(ax, spec)
    _draw_header(ax, spec)
    return fig


def draw_map(spec: MapSpec) -> bytes:
    """Render a map spec to SVG bytes: transparent, the same bytes for the same spec."""
    with matplotlib.rc_context(_MAP_RC):  # type: ignore[arg-type]
        buffer = io.BytesIO()
        _figure(spec).savefig(
            buffer,
            format="svg",
            metadata={"Date": None},
            bbox_inches="tight",
            pad_inches=PAD_PT / 72,
        )
    return _add_titles(buffer.getvalue().decode(), spec).encode()
