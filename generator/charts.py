"""The charts a page shows, as figure specs in the page's language (no drawing here).

A chart draws "reported figures": one thing counted (indicator, unit, scope, period,
breakdown) as the most recent conference reported it. When that conference's sources
disagree, the figure is a range from the lowest to the highest printed number, labelled as
such: a chart never silently picks one source. Each page kind says which of these chart
kinds it shows (see kinds.py); a figure's path comes from its page's path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from .escape import csv_cell
from .figures import ChartKind, FigureSpec
from .languages import Language
from .model import Observation, Scope, text
from .numbers import plain_number
from .present import display_value, number, percent, period_label, qualified, scope_label
from .schema import Unit

# Figures dominate the build time: a page shows a few that each earn their place.
MAX_FIGURES_PER_PAGE = 8
# A chart stays legible and quick to draw (10,000 bars took 335 s); the 63 provinces fit.
MAX_BARS = 100
# A family is what may share an axis: one count unit, rates, money, or shares of one unit.
Family = str
# One thing as reported: one observation, or several when sources disagree.
Reported = tuple[Observation, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Chart:
    """A chart of a page: its name within the page, the part of the page it belongs to."""

    name: str
    group: str
    spec: FigureSpec


def family_of(obs: Observation) -> Family | None:
    """The axis an observation may be drawn on; None when it has no number to draw."""
    if obs.ratio is not None:
        return f"share-{obs.unit.key}"
    if obs.value is None:
        return None
    if obs.unit.kind in ("rate", "money"):
        return obs.unit.kind
    return f"{obs.unit.kind}-{obs.unit.key}"


def family_label(family: Family, unit: Unit, lang: Language) -> str:
    """Axis words for a family."""
    if family == "rate":
        return lang._("rate (%)")
    if family == "money":
        return lang._("billion VND")
    if family.startswith("share-"):
        return lang._("share of %(unit)s (%%)", unit=text(unit.label, lang.code))
    return text(unit.label, lang.code)


def latest_reported(observations: Iterable[Observation]) -> list[Reported]:
    """Each thing counted once: every figure the most recent conference reporting it gave."""
    newest: dict[tuple[str, ...], list[Observation]] = {}
    for obs in sorted(observations, key=lambda o: (o.conference_date, o.conference_id)):
        current = newest.setdefault(obs.same_thing, [])
        if current and current[0].conference_id != obs.conference_id:
            current.clear()
        current.append(obs)
    return [tuple(newest[k]) for k in sorted(newest)]


def latest(observations: Iterable[Observation]) -> list[Observation]:
    """The observations of `latest_reported`, flat (disagreeing figures side by side)."""
    return [obs for reported in latest_reported(observations) for obs in reported]


def _plotted(reported: Reported, family: Family) -> tuple[Decimal | None, Decimal | None]:
    """The low end and (for disagreeing sources) the high end of what a bar draws."""
    values = sorted(v for o in reported if (v := o.plot_value) is not None)
    if not values:
        return None, None
    scale = Decimal(10**9) if family == "money" else Decimal(1)
    low, high = values[0] / scale, values[-1] / scale
    return low, (high if high != low else None)


def _label(reported: Reported, lang: Language) -> str:
    """Short bar label: the value as written for readers, or every figure when sources differ."""
    shown = []
    for obs in reported:
        words = display_value(obs, lang, with_unit=False)
        if obs.ratio is not None and obs.plot_value is not None:
            words += f" ({number_share(obs.plot_value, lang)})"
        if words not in shown:
            shown.append(words)
    joined = " / ".join(shown)
    return lang._("%(figures)s (sources differ)", figures=joined) if len(shown) > 1 else joined


def number_share(value: Decimal, lang: Language) -> str:
    """A ratio's share as a percentage with one decimal: '47.2%'."""
    return percent(value.quantize(Decimal("0.1")), lang)


def _capped(title: str, rows: Sequence[T], lang: Language, latest: bool) -> tuple[str, Sequence[T]]:
    """At most MAX_BARS bars, the latest of a series or else the first; the title (and so the
    alt text) says how many are shown of how many."""
    if len(rows) <= MAX_BARS:
        return title, rows
    shown, total = number(MAX_BARS, lang), number(len(rows), lang)
    if latest:
        words = lang._(
            "%(title)s (latest %(shown)s of %(total)s periods shown)",
            title=title,
            shown=shown,
            total=total,
        )
        return words, rows[-MAX_BARS:]
    words = lang._(
        "%(title)s (first %(shown)s of %(total)s shown)", title=title, shown=shown, total=total
    )
    return words, rows[:MAX_BARS]


def _spec(
    kind: ChartKind,
    title: str,
    rows: Sequence[tuple[str, Reported | None]],
    family: Family,
    unit: Unit,
    lang: Language,
) -> FigureSpec:
    title, rows = _capped(title, rows, lang, latest=kind == "columns")
    categories = tuple(name for name, _ in rows)
    ends = [_plotted(r, family) if r else (None, None) for _, r in rows]
    labels = tuple(_label(r, lang) if r else "" for _, r in rows)
    bounded = family == "rate" or family.startswith("share-")
    missing = lang._("not reported")
    parts = [f"{c}: {label or missing}" for c, label in zip(categories, labels, strict=True)]
    return FigureSpec(
        path="",
        kind=kind,
        title=title,
        categories=categories,
        values=tuple(low for low, _ in ends),
        highs=tuple(high for _, high in ends),
        labels=labels,
        axis_label=family_label(family, unit, lang),
        alt=lang._("Bar chart. %(title)s. %(bars)s.", title=title, bars="; ".join(parts)),
        max_value=100.0 if bounded else None,
        missing_label=missing,
        locale=lang.locale,
    )


def _by_family(reported: Iterable[Reported]) -> dict[Family, list[Reported]]:
    groups: dict[Family, list[Reported]] = {}
    for figures in reported:
        fam = family_of(figures[0])
        if fam:
            groups.setdefault(fam, []).append(figures)
    return dict(sorted(groups.items()))


def snapshot(
    name: str, group: str, title: str, observations: Sequence[Observation], lang: Language
) -> list[Chart]:
    """One group of numbers (a place in a period): a chart per family with two or more
    indicators, one per breakdown with two or more parts, and the stated changes."""
    reported = latest_reported(observations)
    wholes = [r for r in reported if not r[0].breakdown]
    charts = []
    for fam, members in _by_family(wholes).items():
        if len({r[0].indicator.key for r in members}) < 2:
            continue
        rows = [(text(r[0].indicator.label, lang.code), r) for r in members]
        unit = members[0][0].unit
        chart_title = f"{title}: {family_label(fam, unit, lang)}"
        spec = _spec("hbar", chart_title, rows, fam, unit, lang)
        charts.append(Chart(f"{name}/{fam}", group, spec))
    charts += _breakdowns(
        name, group, title, [r for r in reported if len(r[0].breakdown) == 1], lang
    )
    changes = [
        r[0]
        for r in wholes
        if len(r) == 1
        and r[0].change
        and r[0].change.value is not None
        and r[0].change.unit == "percent"
    ]
    if len(changes) >= 2:
        chart_title = lang._("%(title)s: change vs earlier period", title=title)
        chart_title, shown = _capped(chart_title, changes, lang, latest=False)
        charts.append(Chart(f"{name}/change", group, _change_spec(chart_title, shown, lang)))
    return charts


def _breakdowns(
    name: str, group: str, title: str, parts: Sequence[Reported], lang: Language
) -> list[Chart]:
    """A figure split into parts (by field, goods, force…): one bar per part."""
    groups: dict[tuple[str, str, str], list[Reported]] = {}
    for reported in parts:
        obs = reported[0]
        groups.setdefault((obs.indicator.key, obs.unit.key, obs.breakdown[0][0].key), []).append(
            reported
        )
    charts = []
    for (indicator, unit_key, dimension), members in sorted(groups.items()):
        fam = family_of(members[0][0])
        if fam is None or len(members) < 2:
            continue
        first = members[0][0]
        rows = [(text(r[0].breakdown[0][1].label, lang.code), r) for r in members]
        chart_title = lang._(
            "%(title)s: %(indicator)s by %(dimension)s (%(unit)s)",
            title=title,
            indicator=text(first.indicator.label, lang.code),
            dimension=text(first.breakdown[0][0].label, lang.code).lower(),
            unit=text(first.unit.label, lang.code),
        )
        spec = _spec("hbar", chart_title, rows, fam, first.unit, lang)
        charts.append(Chart(f"{name}/by-{dimension}-{indicator}-{unit_key}", group, spec))
    return charts


def _change_spec(title: str, observations: Sequence[Observation], lang: Language) -> FigureSpec:
    """Stated changes in percent, decreases left of zero and increases right."""
    categories, values, labels = [], [], []
    for obs in observations:
        change = obs.change
        assert change is not None and change.value is not None
        sign = -1 if change.direction == "decrease" else 1
        shown = qualified(
            f"{'−' if sign < 0 else '+'}{percent(change.value, lang)}", change.qualifier, lang
        )
        label = text(obs.indicator.label, lang.code)
        categories.append(f"{label} ({text(obs.unit.label, lang.code)})")
        values.append(sign * change.value)
        labels.append(shown)
    parts = [f"{c}: {label}" for c, label in zip(categories, labels, strict=True)]
    return FigureSpec(
        path="",
        kind="change",
        title=title,
        categories=tuple(categories),
        values=tuple(values),
        highs=tuple(None for _ in values),
        labels=tuple(labels),
        axis_label=lang._("% change as stated by the source"),
        alt=lang._("Bar chart. %(title)s. %(bars)s.", title=title, bars="; ".join(parts)),
        missing_label=lang._("not reported"),
        locale=lang.locale,
    )


def series(observations: Sequence[Observation], lang: Language, title_scope: bool) -> list[Chart]:
    """Each indicator over time, for each place that reported it in two or more periods of one
    kind (years, half-years…); whole figures only."""
    wholes = [r for r in latest_reported(observations) if not r[0].breakdown]
    groups: dict[tuple[str, str, str, str], list[Reported]] = {}
    for reported in wholes:
        obs = reported[0]
        fam = family_of(obs)
        if fam is None:
            continue
        key = (obs.indicator.key, fam, obs.scope.key, obs.reporting_period.kind)
        groups.setdefault(key, []).append(reported)
    charts = []
    for (indicator, fam, _, kind), points in sorted(groups.items()):
        if len(points) < 2:
            continue
        ordered = sorted(points, key=lambda r: r[0].reporting_period)
        first = ordered[0][0]
        rows = [(period_label(r[0].reporting_period, lang), r) for r in ordered]
        title = text(first.indicator.label, lang.code)
        if title_scope:
            title = f"{title}, {scope_label(first.scope, lang)}"
        spec = _spec("columns", title, rows, fam, first.unit, lang)
        name = f"over-time/{first.scope.path}/{indicator}-{fam}-{kind}"
        charts.append(Chart(name, first.scope.key, spec))
    return charts


def across_provinces(
    observations: Sequence[Observation], lang: Language, only_period: str | None = None
) -> list[Chart]:
    """Each indicator in one period, a bar per province of the period's unit system that ever
    reported it (those that did not report it that period are shown as not reported)."""
    provinces = [
        r
        for r in latest_reported(observations)
        if not r[0].breakdown and r[0].scope.level == "province" and r[0].scope.province
    ]
    reporters: dict[tuple[str, str, str], dict[str, Scope]] = {}
    groups: dict[tuple[str, str, str, str], dict[str, Reported]] = {}
    for reported in provinces:
        obs = reported[0]
        fam = family_of(obs)
        system: str = obs.scope.province.system if obs.scope.province else ""
        if fam is None:
            continue
        reporters.setdefault((obs.indicator.key, fam, system), {})[obs.scope.key] = obs.scope
        # A period spanning 1 July 2025 holds units of both systems: one chart per system.
        key = (obs.indicator.key, fam, obs.reporting_period.key, system)
        groups.setdefault(key, {})[obs.scope.key] = reported
    charts = []
    for (indicator, fam, period_key, system), present in sorted(groups.items()):
        everyone = reporters[(indicator, fam, system)]
        if len(everyone) < 2 or (only_period and period_key != only_period):
            continue
        first = next(iter(present.values()))[0]
        rows = sorted(
            ((scope_label(s, lang), present.get(k)) for k, s in everyone.items()),
            key=lambda row: row[0],
        )
        title = lang._(
            "%(indicator)s by province, %(period)s",
            indicator=text(first.indicator.label, lang.code),
            period=period_label(first.reporting_period, lang),
        )
        spec = _spec("hbar", title, rows, fam, first.unit, lang)
        name = f"by-province/{first.reporting_period.slug}/{indicator}-{fam}-{system}"
        charts.append(Chart(name, period_key, spec))
    return charts


def figure_csv(spec: FigureSpec) -> str:
    """The numbers behind a chart, exactly, for readers who want them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["category", "value", "value_high", "as_shown"])
    for category, low, high, label in zip(
        spec.categories, spec.values, spec.highs, spec.labels, strict=True
    ):
        writer.writerow(
            [
                csv_cell(category),
                "" if low is None else plain_number(low),
                "" if high is None else plain_number(high),
                csv_cell(label or spec.missing_label),
            ]
        )
    return buffer.getvalue()
