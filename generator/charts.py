"""Which charts the site shows, built from the corpus as figure specs (no drawing here)."""

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
from .schema import Unit

# Figures dominate the build time: a page shows a few that each earn their place, however
# many places a conference lists.
MAX_FIGURES_PER_PAGE = 8
# A family is what may share an axis: one count unit, rates, money, or shares of one unit.
Family = str


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


def latest(observations: Iterable[Observation]) -> list[Observation]:
    """One observation per indicator, unit, scope and period: the most recently reported."""
    chosen: dict[tuple[str, str, str, str], Observation] = {}
    for obs in sorted(observations, key=lambda o: (o.conference_date, o.conference_id)):
        chosen[(obs.indicator.key, obs.unit.key, obs.scope.key, obs.reporting_period.key)] = obs
    return [chosen[k] for k in sorted(chosen)]


def _plot_value(obs: Observation, family: Family) -> Decimal | None:
    value = obs.plot_value
    if value is None:
        return None
    if family == "money":
        value = value / Decimal(10**9)
    return value


def _label(obs: Observation) -> str:
    """Short bar label: the value as written for readers, without the count noun."""
    words = display_value(obs, with_unit=False)
    if obs.ratio is not None and obs.plot_value is not None:
        words += f" ({float(obs.plot_value):.1f}%)"
    return words


def _alt(title: str, categories: Sequence[str], labels: Sequence[str]) -> str:
    parts = [f"{c}: {label or 'not reported'}" for c, label in zip(categories, labels, strict=True)]
    return f"Bar chart. {title}. " + "; ".join(parts) + "."


def _spec(
    path: str,
    kind: ChartKind,
    title: str,
    rows: Sequence[tuple[str, Observation | None]],
    family: Family,
    unit: Unit,
) -> FigureSpec:
    categories = tuple(name for name, _ in rows)
    values = tuple(_plot_value(o, family) if o else None for _, o in rows)
    labels = tuple(_label(o) if o else "" for _, o in rows)
    bounded = family == "rate" or family.startswith("share-")
    return FigureSpec(
        path=path,
        kind=kind,
        title=title,
        categories=categories,
        values=values,
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
        shown = f"{'−' if sign < 0 else '+'}{change.value}%"
        if change.qualifier:
            shown = f"{change.qualifier.replace('_', ' ')} {shown}"
        categories.append(f"{text(obs.indicator.label)} ({text(obs.unit.label)})")
        values.append(sign * Decimal(change.value))
        labels.append(shown)
    return FigureSpec(
        path=path,
        kind="change",
        title=title,
        categories=tuple(categories),
        values=tuple(values),
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


def _by_family(observations: Iterable[Observation]) -> dict[Family, list[Observation]]:
    groups: dict[Family, list[Observation]] = {}
    for obs in observations:
        fam = family_of(obs)
        if fam:
            groups.setdefault(fam, []).append(obs)
    return dict(sorted(groups.items()))


def _snapshot(
    plan: ChartPlan, page: str, base: str, title: str, obs: Sequence[Observation]
) -> None:
    """Charts of one group of numbers: one per family with two or more, plus stated changes."""
    for fam, members in _by_family(obs).items():
        if len({o.indicator.key for o in members}) < 2:
            continue
        rows = [(text(o.indicator.label), o) for o in members]
        unit = members[0].unit
        plan.add(
            page,
            _spec(
                f"{base}/{fam}.svg", "hbar", f"{title}: {family_label(fam, unit)}", rows, fam, unit
            ),
        )
    changes = [
        o for o in obs if o.change and o.change.value is not None and o.change.unit == "percent"
    ]
    if len(changes) >= 2:
        plan.add(
            page, _change_spec(f"{base}/change.svg", f"{title}: change vs earlier period", changes)
        )


def plan_charts(corpus: Corpus) -> ChartPlan:
    """Every chart of the site, keyed by the pages that show them."""
    plan = ChartPlan()
    for conf in corpus.conferences:
        for members in _group(conf.observations, lambda o: o.scope.key).values():
            scope = members[0].scope
            if scope.level not in ("national", "province"):
                continue  # districts and communes are listed in tables: a chart each is too many
            title = f"{scope.label()}, {period_label(conf.period)}"
            base = f"figures/conferences/{conf.id}/{scope.path}"
            _snapshot(plan, pages.conference(conf.id), base, title, members)
    for in_scope in corpus.by_scope.values():
        scope = in_scope[0].scope
        if scope.level not in ("national", "province"):
            continue
        for group in _group(latest(in_scope), lambda o: o.reporting_period.key).values():
            period = group[0].reporting_period
            page = pages.scope_period(scope, period)
            base = f"figures/scopes/{scope.path}/{period.slug}"
            _snapshot(plan, page, base, f"{scope.label()}, {period_label(period)}", group)
    for key, of_indicator in corpus.by_indicator.items():
        _indicator_charts(plan, key, latest(of_indicator))
    return plan


def _group(
    items: Iterable[Observation], key: Callable[[Observation], str]
) -> dict[str, list[Observation]]:
    groups: dict[str, list[Observation]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return dict(sorted(groups.items()))


def _indicator_charts(plan: ChartPlan, key: str, members: list[Observation]) -> None:
    """Over time for each scope, and across provinces for each period."""
    indicator = members[0].indicator
    page = pages.indicator(key)
    slug = key.replace("_", "-")
    for fam, group in _by_family(members).items():
        unit = group[0].unit
        for series in _group(group, lambda o: o.scope.key).values():
            for kind, points in _group(series, lambda o: o.reporting_period.kind).items():
                if len(points) < 2:
                    continue
                rows = [
                    (period_label(o.reporting_period), o)
                    for o in sorted(points, key=lambda o: o.reporting_period)
                ]
                title = f"{text(indicator.label)}, {points[0].scope.label()}"
                path = f"figures/indicators/{slug}/{series[0].scope.path}/{fam}-{kind}.svg"
                spec = _spec(path, "columns", title, rows, fam, unit)
                plan.add(page, spec)
                plan.add(pages.scope(points[0].scope), spec)
        provinces = [o for o in group if o.scope.level == "province"]
        for period_group in _group(provinces, lambda o: o.reporting_period.key).values():
            system = period_group[0].scope.province_key.split("/")[0]  # type: ignore[union-attr]
            everyone = sorted(
                {
                    o.scope.key: o.scope for o in provinces if o.scope.key.startswith(system + "/")
                }.items()
            )
            if len(everyone) < 2:
                continue
            present = {o.scope.key: o for o in period_group}
            bars: list[tuple[str, Observation | None]] = [
                (scope.label(), present.get(k)) for k, scope in everyone
            ]
            period = period_group[0].reporting_period
            title = f"{text(indicator.label)} by province, {period_label(period)}"
            path = f"figures/indicators/{slug}/{period.slug}/{fam}-provinces.svg"
            spec = _spec(path, "hbar", title, bars, fam, unit)
            plan.add(page, spec)
            plan.add(pages.period(period), spec)


def figure_csv(spec: FigureSpec) -> str:
    """The numbers behind a chart, exactly, for readers who want them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["category", "value", "as_shown"])
    for category, value, label in zip(spec.categories, spec.values, spec.labels, strict=True):
        exact = "" if value is None else plain_number(value)
        writer.writerow([csv_cell(category), exact, csv_cell(label or "not reported")])
    return buffer.getvalue()
