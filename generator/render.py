"""Render Markdown pages from the corpus with Jinja templates (one template per page kind)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import paths
from .charts import ChartPlan, latest
from .escape import front_matter, html_attr, md_link, md_text
from .export import COLUMN_NOTES
from .model import Conference, Corpus, Observation, Scope, text, unit_key
from .periods import Period
from .present import (
    display_breakdown,
    display_change,
    display_target,
    display_value,
    display_when,
    long_date,
    period_label,
    quote_link,
    short_date,
)
from .registry import resolve_province
from .schema import Indicator, ProvinceUnit, Source


def _finalize(value: object) -> object:
    """Every {{ value }} is escaped for Markdown unless a helper already built Markup."""
    if value is None:
        return ""
    return md_text(value)


def environment(templates: Path) -> Environment:
    """The Jinja environment: strict, Markdown-escaping, with the presentation helpers."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        text=text,
        value=display_value,
        change=lambda o: display_change(o.change, o.unit),
        breakdown=display_breakdown,
        target=display_target,
        when=display_when,
        date=long_date,
        date_short=short_date,
        period=period_label,
        meta=front_matter,
        attr=html_attr,
    )
    env.tests["startswith"] = lambda value, prefix: str(value).startswith(prefix)
    env.globals["paths"] = paths
    return env


class Renderer:
    """Turns the corpus into {path: markdown} using one template per page kind."""

    def __init__(self, corpus: Corpus, plan: ChartPlan, templates: Path) -> None:
        self.corpus = corpus
        self.plan = plan
        self.env = environment(templates)
        self.pages: dict[str, str] = {}
        provinces = corpus.provinces
        self.helpers: dict[str, Any] = {
            "source_number": source_number,
            "source_by_id": lambda conf, sid: next(s for s in conf.sources if s.id == sid),
            "predecessors_of": provinces.predecessors,
            "successor_of": provinces.successor,
            "scope_of": lambda unit: Scope("province", unit),
            "national_scope": Scope("national"),
            "committee_name": committee_name,
            "columns": COLUMN_NOTES,
            "source_link": lambda label, url: md_link(label, url),
            "whole_of": self._whole_of,
            "bridge_unit": lambda conf, b: resolve_province(provinces, b.province, conf.date),
        }

    def page(self, path: str, template: str, **context: Any) -> None:
        """Render one template to one page; links inside are relative to `path`."""

        def link(label: object, target: str, anchor: str = "") -> Markup:
            return md_link(label, paths.relative(path, target) + (f"#{anchor}" if anchor else ""))

        def rel(target: str) -> Markup:
            return Markup(paths.relative(path, target))

        def cite(obs: Observation) -> Markup:
            return self._citations(path, obs)

        def differs(obs: Observation) -> Markup:
            return self._differs(path, obs)

        template_context = {
            **self.helpers,
            "corpus": self.corpus,
            "page_path": path,
            "link": link,
            "rel": rel,
            "spec": self.plan.specs.__getitem__,
            "cite": cite,
            "differs": differs,
            "charts": [s.path for s in self.plan.for_page(path)],
            **context,
        }
        self.pages[path] = self.env.get_template(template).render(template_context)

    def _whole_of(self, obs: Observation) -> Observation:
        """The observation another is a part of ("of which ..."), in the same unit if it can."""
        siblings = self.corpus.conference(obs.conference_id).observations
        wholes = [o for o in siblings if o.metric_id == obs.part_of]
        return next((o for o in wholes if o.unit.key == obs.unit.key), wholes[0])

    def _source_mark(self, path: str, obs: Observation, source: Source) -> Markup:
        """'[2]': the source's number, linked to its entry on the conference page."""
        conference = self.corpus.conference(obs.conference_id)
        target = f"{paths.relative(path, paths.conference(obs.conference_id))}#source-{source.id}"
        return md_link(source_number(conference, source), target)

    def _citations(self, path: str, obs: Observation) -> Markup:
        """For a table cell: each source's mark and written form; a tap on the written form
        shows the article's words around it, with a link that opens the article at them."""
        marks = []
        for citation in obs.citations:
            mark = self._source_mark(path, obs, citation.source)
            written = citation.written or citation.change_written or citation.target_written
            url = quote_link(citation.source, citation.quote)
            opening = (
                md_link("open the article at these words ↗", url)
                if url
                else Markup("address of the article not known")
            )
            words = Markup(
                '<details class="quote"><summary>“{written}”</summary><q lang="{lang}">{quote}</q>'
                " · {opening}</details>"
            ).format(
                written=md_text(written or ""),
                lang=html_attr(citation.source.language),
                quote=md_text(citation.quote),
                opening=opening,
            )
            marks.append(mark + " " + words)
        return Markup(" ").join(marks)

    def _differs(self, path: str, obs: Observation) -> Markup:
        """'Sources differ: 49,714 [3]; nearly 50,000 [2]': the other figures of the same thing."""
        siblings = self.corpus.conference(obs.conference_id).observations
        others = [o for o in siblings if o.key in obs.disagrees_with]
        shown = [
            Markup("{value} {marks}").format(
                value=md_text(display_value(o)),
                marks=Markup(" ").join(self._source_mark(path, o, c.source) for c in o.citations),
            )
            for o in others
        ]
        return Markup("⚠ other sources print: ") + Markup("; ").join(shown)


def committee_name(number: str) -> str:
    """The committee's English name."""
    if number == "138":
        return "Steering Committee 138 (crime prevention and control)"
    return "National Steering Committee 389 (smuggling, trade fraud and counterfeit goods)"


def source_number(conference: Conference, source: Source) -> int:
    """1-based position of a source in its conference."""
    return conference.sources.index(source) + 1


def render_pages(corpus: Corpus, plan: ChartPlan, templates: Path) -> dict[str, str]:
    """Every Markdown page of the site."""
    renderer = Renderer(corpus, plan, templates)
    for builder in _BUILDERS:
        builder(renderer)
    return dict(sorted(renderer.pages.items()))


# ----------------------------------------------------------------- page builders


def _conference_pages(r: Renderer) -> None:
    corpus = r.corpus
    for conf in corpus.conferences:
        groups = _group(conf.observations, lambda o: o.scope)
        r.page(
            paths.conference(conf.id),
            "conference.md.j2",
            conf=conf,
            scope_groups=groups,
            chart_base=f"figures/conferences/{conf.id}/",
        )
    r.page(paths.CONFERENCES, "conferences.md.j2", conferences=list(reversed(corpus.conferences)))


def _group(
    observations: Iterable[Observation], key: Callable[[Observation], Scope]
) -> list[tuple[Scope, list[Observation]]]:
    groups: dict[str, tuple[Scope, list[Observation]]] = {}
    for obs in observations:
        scope = key(obs)
        groups.setdefault(scope.key, (scope, []))[1].append(obs)
    return sorted(groups.values(), key=lambda g: g[0].sort_key)


def _periods_of(observations: Iterable[Observation]) -> list[Period]:
    return sorted({o.reporting_period for o in observations}, reverse=True)


def _province_pages(r: Renderer) -> None:
    corpus = r.corpus
    units = list(corpus.provinces.units.items())
    for key, unit in units:
        observations = corpus.by_province.get(key, ())
        conferences = _conferences_about(corpus, unit)
        r.page(
            paths.province(unit),
            "province.md.j2",
            unit=unit,
            observations=observations,
            by_indicator=_by_indicator(
                latest_first(o for o in observations if o.scope.level == "province")
            ),
            periods=_periods_of(observations),
            conferences=conferences,
            successor=corpus.provinces.successor(unit),
            predecessors=corpus.provinces.predecessors(unit),
            history=[
                (p, corpus.by_province.get(unit_key(p), ()))
                for p in corpus.provinces.predecessors(unit)
            ],
            places=[o for o in observations if o.scope.level in ("district", "commune")],
        )
    areas = [(Scope("national"), corpus.by_scope.get("national", ()))]
    areas += [(Scope("province", unit), corpus.by_province.get(key, ())) for key, unit in units]
    for scope, observations in areas:
        # A province's page for a period also lists numbers about its districts and communes.
        for period in _periods_of(observations):
            in_period = [o for o in observations if o.reporting_period == period]
            r.page(
                paths.scope_period(scope, period),
                "scope_period.md.j2",
                scope=scope,
                period=period,
                observations=sorted(
                    in_period, key=lambda o: (o.indicator.category, o.indicator.key, o.unit.key)
                ),
                places=any(o.scope.level not in ("national", "province") for o in in_period),
                conferences=_unique_conferences(corpus, in_period),
            )
    r.page(
        paths.PROVINCES,
        "provinces.md.j2",
        systems=_systems(corpus),
        regions=list(corpus.regions.values()),
    )


def _conferences_about(corpus: Corpus, unit: ProvinceUnit) -> list[Conference]:
    """Conferences hosted in the unit, with a bridge there, or with numbers about it."""
    key = unit_key(unit)
    found = []
    for conf in corpus.conferences:
        hosted = conf.host.province_key == key
        numbers = any(o.scope.province_key == key for o in conf.observations)
        bridge = any(b.province == unit.slug for b in conf.bridges) and conf.date < _end_of(unit)
        if hosted or numbers or bridge:
            found.append(conf)
    return list(reversed(found))


def _end_of(unit: ProvinceUnit) -> dt.date:
    """The first day a unit no longer existed (none for current units)."""
    return dt.date(2025, 7, 1) if unit.system == "63" else dt.date.max


def _unique_conferences(corpus: Corpus, observations: Iterable[Observation]) -> list[Conference]:
    ids = sorted({o.conference_id for o in observations})
    return [corpus.conference(i) for i in ids]


def latest_first(observations: Iterable[Observation]) -> list[Observation]:
    """Newest reference date first, then by indicator."""
    return sorted(observations, key=lambda o: (o.reference_date, o.conference_date), reverse=True)


def _by_indicator(observations: Iterable[Observation]) -> list[tuple[Indicator, list[Observation]]]:
    """Observations grouped by indicator, in catalog order (category, then key)."""
    groups: dict[str, tuple[Indicator, list[Observation]]] = {}
    for obs in observations:
        groups.setdefault(obs.indicator.key, (obs.indicator, []))[1].append(obs)
    return sorted(groups.values(), key=lambda g: (g[0].category, g[0].key))


def _systems(corpus: Corpus) -> list[tuple[Any, list[tuple[ProvinceUnit, int]]]]:
    return [
        (
            system,
            [
                (u, len(corpus.by_province.get(unit_key(u), ())))
                for u in corpus.provinces.in_system(system.id)
            ],
        )
        for system in corpus.provinces.systems
    ]


def _region_pages(r: Renderer) -> None:
    corpus = r.corpus
    for key, region in corpus.regions.items():
        scope = Scope("region", region=region)
        observations = corpus.by_scope.get(scope.key, ())
        r.page(
            paths.region(key),
            "region.md.j2",
            region=region,
            members=[
                (system, [corpus.provinces.units[f"{system.id}/{slug}"] for slug in slugs])
                for system in corpus.provinces.systems
                if (slugs := region.members.get(system.id))
            ],
            conferences=[c for c in reversed(corpus.conferences) if c.host.key == scope.key],
            by_indicator=_by_indicator(latest_first(observations)),
        )


def _national_pages(r: Renderer) -> None:
    observations = r.corpus.by_scope.get("national", ())
    r.page(
        paths.NATIONAL,
        "national.md.j2",
        observations=observations,
        by_indicator=_by_indicator(latest_first(observations)),
        periods=_periods_of(observations),
    )


def _period_pages(r: Renderer) -> None:
    corpus = r.corpus
    # Every period a conference reviews has a page, numbers or not: conference pages link to it.
    periods: dict[str, tuple[Period, list[Observation]]] = {
        c.period.key: (c.period, []) for c in corpus.conferences
    }
    for obs in corpus.observations:
        period = obs.reporting_period
        periods.setdefault(period.key, (period, []))[1].append(obs)
    listing = []
    for period, members in sorted(periods.values(), key=lambda pm: pm[0], reverse=True):
        confs = [c for c in corpus.conferences if c.period == period]
        comparisons = [
            (indicator, rows)
            for indicator, rows in _by_indicator(latest(members))
            if len({o.scope.key for o in rows}) >= 2
        ]
        r.page(
            paths.period(period),
            "period.md.j2",
            period=period,
            conferences=confs,
            scopes=_group(latest(members), lambda o: o.scope),
            comparisons=comparisons,
        )
        listing.append((period, len(members), confs))
    r.page(paths.PERIODS, "periods.md.j2", periods=listing)


def _indicator_pages(r: Renderer) -> None:
    corpus = r.corpus
    for key, indicator in corpus.catalog.indicators.items():
        observations = corpus.by_indicator.get(key, ())
        r.page(
            paths.indicator(key),
            "indicator.md.j2",
            indicator=indicator,
            category=corpus.catalog.categories[indicator.category],
            units=[corpus.catalog.units[u] for u in indicator.units],
            observations=sorted(
                observations, key=lambda o: (o.reference_date, o.scope.sort_key), reverse=True
            ),
        )
    by_category = [
        (category, [i for i in corpus.catalog.indicators.values() if i.category == category.key])
        for category in corpus.catalog.categories.values()
    ]
    r.page(paths.INDICATORS, "indicators.md.j2", by_category=by_category)


def _committee_pages(r: Renderer) -> None:
    corpus = r.corpus
    for number in ("138", "389"):
        indicators = [i for i in corpus.catalog.indicators.values() if i.committee == number]
        r.page(
            paths.committee(number),
            "committee.md.j2",
            number=number,
            conferences=list(reversed(corpus.conferences_by_committee.get(number, ()))),
            indicators=indicators,
        )
    r.page(paths.COMMITTEES, "committees.md.j2")


def _coverage(corpus: Corpus, only_with_data: bool) -> list[Any]:
    """Per system: the periods with data, and per unit a cell per period."""
    grids = []
    for system in corpus.provinces.systems:
        units = corpus.provinces.in_system(system.id)
        cells: dict[str, dict[str, int]] = {}
        for unit in units:
            for obs in corpus.by_province.get(unit_key(unit), ()):
                row = cells.setdefault(unit_key(unit), {})
                row[obs.reporting_period.key] = row.get(obs.reporting_period.key, 0) + 1
        periods = sorted(
            {o.reporting_period for u in units for o in corpus.by_province.get(unit_key(u), ())}
        )
        rows = [
            (u, cells.get(unit_key(u), {}))
            for u in units
            if not only_with_data or unit_key(u) in cells
        ]
        grids.append((system, periods, rows))
    return grids


def _home_pages(r: Renderer) -> None:
    corpus = r.corpus
    r.page(
        paths.HOME,
        "home.md.j2",
        latest_conferences=list(reversed(corpus.conferences))[:8],
        grids=_coverage(corpus, only_with_data=True),
        national_periods=_periods_of(corpus.by_scope.get("national", ())),
    )
    r.page(paths.COVERAGE, "coverage.md.j2", grids=_coverage(corpus, only_with_data=False))
    r.page(paths.DATA, "data.md.j2")
    r.page(paths.METHODOLOGY, "methodology.md.j2")


_BUILDERS: tuple[Callable[[Renderer], None], ...] = (
    _conference_pages,
    _province_pages,
    _national_pages,
    _region_pages,
    _period_pages,
    _indicator_pages,
    _committee_pages,
    _home_pages,
)
