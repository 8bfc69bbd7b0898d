"""Which charts the site shows, built from the corpus as figure specs (no drawing here).

A chart draws "reported figures": one thing counted (indicator, unit, scope, period,
breakdown) as the most recent conference reported it. When that conference's sources
disagree, the figure is a range from the lowest to the highest printed number, labelled as
such: a chart never silently picks one source.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from . import paths as pages
from .escape import csv_cell
from .figures import ChartKind, FigureSpec
from .model import Corpus, Observation, text
from .numbers import plain_number
from .present import display_value, period_label
from .schema import LocalText, Unit

# Figures dominate the build time: a page shows a few that each earn their place, however
# many places a conference lists.
MAX_FIGURES_PER_PAGE = 8
# A family is what may share an axis: one count unit, rates, money, or shares of one unit.
Family = str
# One thing as reported: one observation, or several when sources disagree.
Reported = tuple[Observation, ...]


def family_of(obs: Observation) -> Family | None:
    """The axis an observation may be drawn on; None when it has no number to draw."""
    if obs.ratio is not None:
        return f"share-{obs.unit.key}"
    if obs.value is None:
        return None
    if obs.unit.kind == "rate":
        return "rate"
    if obs.unit.kind == "money":
        return "money"
    return f"{obs.unit.kind}-{obs.unit.key}"


def family_label(family: Family, unit: Unit) -> str:
    """Axis words for a family."""
    if family == "rate":
        return "rate (%)"
    if family == "money":
        return "billion VND"
    if family.startswith("share-"):
        return f"share of {text(unit.label)} (%)"
    return text(unit.label)


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


def _label(reported: Reported) -> str:
    """Short bar label: the value as written for readers, or the range when sources differ."""
    shown = []
    for obs in reported:
        words = display_value(obs, with_unit=False)
        if obs.ratio is not None and obs.plot_value is not None:
            words += f" ({float(obs.plot_value):.1f}%)"
        if words not in shown:
            shown.append(words)
    return " / ".join(shown) + (" (sources differ)" if len(shown) > 1 else "")


def _alt(title: str, categories: Sequence[str], labels: Sequence[str]) -> str:
    parts = [f"{c}: {label or 'not reported'}" for c, label in zip(categories, labels, strict=True)]
    return f"Bar chart. {title}. " + "; ".join(parts) + "."


def _spec(
    path: str,
    kind: ChartKind,
    title: str,
    rows: Sequence[tuple[str, Reported | None]],
    family: Family,
    unit: Unit,
) -> FigureSpec:
    categories = tuple(name for name, _ in rows)
    ends = [_plotted(r, family) if r else (None, None) for _, r in rows]
    labels = tuple(_label(r) if r else "" for _, r in rows)
    bounded = family == "rate" or family.startswith("share-")
    return FigureSpec(
        path=path,
        kind=kind,
        title=title,
        categories=categories,
        values=tuple(low for low, _ in ends),
        highs=tuple(high for _, high in ends),
        labels=labels,
        axis_label=family_label(family, unit),
        alt=_alt(title, categories, labels),
        max_value=100.0 if bounded else None,
    )


def _change_spec(path: str, title: str, observations: Sequence[Observation]) -> FigureSpec:
    """Stated changes in percent, decreases left of zero and increases right."""
    categories, values, labels = [], [], []
    for obs in observations:
        change = obs.change
        assert change is not None and change.value is not None
        sign = -1 if change.direction == "decrease" else 1
        shown = f"{'−' if sign < 0 else '+'}{plain_number(change.value)}%"
        if change.qualifier:
            shown = f"{change.qualifier.replace('_', ' ')} {shown}"
        categories.append(f"{text(obs.indicator.label)} ({text(obs.unit.label)})")
        values.append(sign * change.value)
        labels.append(shown)
    return FigureSpec(
        path=path,
        kind="change",
        title=title,
        categories=tuple(categories),
        values=tuple(values),
        highs=tuple(None for _ in values),
        labels=tuple(labels),
        axis_label="% change as stated by the source",
        alt=_alt(title, categories, labels),
    )


@dataclass
class ChartPlan:
    """All charts, and which page shows which."""

    specs: dict[str, FigureSpec] = field(default_factory=dict)
    by_page: dict[str, list[str]] = field(default_factory=dict)

    def add(self, page: str, spec: FigureSpec) -> None:
        """Register a chart for a page (one chart may serve several pages, each page a few)."""
        shown = self.by_page.setdefault(page, [])
        if len(shown) >= MAX_FIGURES_PER_PAGE:
            return
        if self.specs.get(spec.path, spec) != spec:
            raise ValueError(f"two different charts share the path {spec.path!r}")
        self.specs[spec.path] = spec
        shown.append(spec.path)

    def for_page(self, page: str) -> list[FigureSpec]:
        """Charts shown on one page, in order."""
        return [self.specs[p] for p in self.by_page.get(page, [])]


def _group(
    items: Iterable[Observation], key: Callable[[Observation], str]
) -> dict[str, list[Observation]]:
    groups: dict[str, list[Observation]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return dict(sorted(groups.items()))


def _by_family(reported: Iterable[Reported]) -> dict[Family, list[Reported]]:
    groups: dict[Family, list[Reported]] = {}
    for figures in reported:
        fam = family_of(figures[0])
        if fam:
            groups.setdefault(fam, []).append(figures)
    return dict(sorted(groups.items()))


def _snapshot(
    plan: ChartPlan, page: str, base: str, title: str, observations: Sequence[Observation]
) -> None:
    """Charts of one group of numbers: one per family with two or more indicators, one per
    breakdown with two or more parts, and the stated changes."""
    reported = latest_reported(observations)
    wholes = [r for r in reported if not r[0].breakdown]
    for fam, members in _by_family(wholes).items():
        if len({r[0].indicator.key for r in members}) < 2:
            continue
        rows = [(text(r[0].indicator.label), r) for r in members]
        unit = members[0][0].unit
        path = f"{base}/{fam}.svg"
        plan.add(page, _spec(path, "hbar", f"{title}: {family_label(fam, unit)}", rows, fam, unit))
    _breakdown_charts(plan, page, base, title, [r for r in reported if len(r[0].breakdown) == 1])
    changes = [
        r[0]
        for r in wholes
        if len(r) == 1
        and r[0].change
        and r[0].change.value is not None
        and r[0].change.unit == "percent"
    ]
    if len(changes) >= 2:
        plan.add(
            page, _change_spec(f"{base}/change.svg", f"{title}: change vs earlier period", changes)
        )


def _breakdown_charts(
    plan: ChartPlan, page: str, base: str, title: str, parts: Sequence[Reported]
) -> None:
    """A figure split into parts (by field, goods, force…): one bar per part."""
    groups: dict[tuple[str, str, str], list[Reported]] = {}
    for reported in parts:
        obs = reported[0]
        dimension = obs.breakdown[0][0].key
        groups.setdefault((obs.indicator.key, obs.unit.key, dimension), []).append(reported)
    for (indicator, unit_key, dimension), members in sorted(groups.items()):
        fam = family_of(members[0][0])
        if fam is None or len(members) < 2:
            continue
        first = members[0][0]
        rows = [(text(r[0].breakdown[0][1].label), r) for r in members]
        by = text(first.breakdown[0][0].label).lower()
        chart_title = f"{title}: {text(first.indicator.label)} by {by} ({text(first.unit.label)})"
        path = f"{base}/by-{dimension}/{indicator}-{unit_key}.svg"
        plan.add(page, _spec(path, "hbar", chart_title, rows, fam, first.unit))


def plan_charts(corpus: Corpus) -> ChartPlan:
    """Every chart of the site, keyed by the pages that show them."""
    plan = ChartPlan()
    for conf in corpus.conferences:
        by_scope_and_period = _group(
            conf.observations, lambda o: f"{o.scope.key} {o.reporting_period.key}"
        )
        for members in by_scope_and_period.values():
            scope, period = members[0].scope, members[0].reporting_period
            if scope.level not in ("national", "region", "province"):
                continue  # districts and communes are listed in tables: a chart each is too many
            title = f"{scope.label()}, {period_label(period)}"
            base = f"figures/conferences/{conf.id}/{scope.path}/{period.slug}"
            _snapshot(plan, pages.conference(conf.id), base, title, members)
    for in_scope in corpus.by_scope.values():
        scope = in_scope[0].scope
        if scope.level not in ("national", "province"):
            continue
        for group in _group(in_scope, lambda o: o.reporting_period.key).values():
            period = group[0].reporting_period
            page = pages.scope_period(scope, period)
            base = f"figures/scopes/{scope.path}/{period.slug}"
            _snapshot(plan, page, base, f"{scope.label()}, {period_label(period)}", group)
    for key, of_indicator in corpus.by_indicator.items():
        _indicator_charts(plan, key, latest_reported(of_indicator))
    return plan


def _indicator_charts(plan: ChartPlan, key: str, reported: list[Reported]) -> None:
    """Over time for each scope, and across provinces for each period (whole figures only)."""
    wholes = [r for r in reported if not r[0].breakdown]
    if not wholes:
        return
    indicator = wholes[0][0].indicator
    page = pages.indicator(key)
    slug = key.replace("_", "-")
    for fam, group in _by_family(wholes).items():
        unit = group[0][0].unit
        by_scope: dict[str, list[Reported]] = {}
        for r in group:
            by_scope.setdefault(r[0].scope.key, []).append(r)
        for _, series in sorted(by_scope.items()):
            by_kind: dict[str, list[Reported]] = {}
            for r in series:
                by_kind.setdefault(r[0].reporting_period.kind, []).append(r)
            for kind, points in sorted(by_kind.items()):
                if len(points) < 2:
                    continue
                ordered = sorted(points, key=lambda r: r[0].reporting_period)
                rows = [(period_label(r[0].reporting_period), r) for r in ordered]
                scope = points[0][0].scope
                title = f"{text(indicator.label)}, {scope.label()}"
                path = f"figures/indicators/{slug}/{scope.path}/{fam}-{kind}.svg"
                spec = _spec(path, "columns", title, rows, fam, unit)
                plan.add(page, spec)
                plan.add(pages.scope(scope), spec)
        _across_provinces(plan, page, slug, indicator.label, fam, unit, group)


def _across_provinces(
    plan: ChartPlan,
    page: str,
    slug: str,
    label: LocalText,
    fam: Family,
    unit: Unit,
    group: Sequence[Reported],
) -> None:
    """One period, every province of each unit system that reported it."""
    provinces = [r for r in group if r[0].scope.level == "province"]
    by_period: dict[str, list[Reported]] = {}
    for r in provinces:
        by_period.setdefault(r[0].reporting_period.key, []).append(r)
    for members in by_period.values():
        period = members[0][0].reporting_period
        # A period spanning 1 July 2025 holds units of both systems: one chart per system.
        for system in sorted({r[0].scope.province_key.split("/")[0] for r in members}):  # type: ignore[union-attr]
            everyone = sorted(
                {
                    r[0].scope.key: r[0].scope
                    for r in provinces
                    if (r[0].scope.province_key or "").startswith(system + "/")
                }.items()
            )
            if len(everyone) < 2:
                continue
            present = {r[0].scope.key: r for r in members}
            bars: list[tuple[str, Reported | None]] = [
                (scope.label(), present.get(k)) for k, scope in everyone
            ]
            title = f"{text(label)} by province, {period_label(period)}"
            path = f"figures/indicators/{slug}/{period.slug}/{fam}-provinces-{system}.svg"
            spec = _spec(path, "hbar", title, bars, fam, unit)
            plan.add(page, spec)
            plan.add(pages.period(period), spec)


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
                csv_cell(label or "not reported"),
            ]
        )
    return buffer.getvalue()
