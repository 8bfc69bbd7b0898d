"""Every kind of page, declared once: where its pages live, what each shows (its view), the
template that writes it, the charts it draws, and whether it opens a section of the site.

Adding a page kind means one `Kind(...)` here, appended to KINDS, and its template.
"""

from __future__ import annotations

import functools
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from . import charts as chart_kinds
from . import maps
from .charts import MAX_FIGURES_PER_PAGE, Chart, LineSource, Trend, latest
from .languages import N_, Language
from .model import Conference, Corpus, Observation, Scope, source_numbers, unit_key
from .periods import Period
from .present import scope_label
from .schema import COMMITTEES, Indicator, ProvinceUnit, Region, UnitSystem

K = TypeVar("K")


@dataclass(frozen=True)
class Section:
    """A top-level section: its place in the navigation and its line on the home page."""

    title: str
    blurb: str = ""


@dataclass(frozen=True)
class Kind(Generic[K]):
    """A kind of page: one page per key."""

    name: str
    template: str
    # Where the page for a key lives in any language ('conferences/x.md'); urls.py makes every
    # address from it.
    path: Callable[[K], str]
    view: Callable[[Corpus, K], Mapping[str, Any]]
    # One page (key None) unless the kind says which keys it has pages for.
    keys: Callable[[Corpus], Iterable[K]] = field(default=lambda corpus: [None])  # type: ignore[assignment]
    charts: Callable[[Corpus, K, Language], list[Chart[Any]]] = field(default=lambda c, k, lang: [])
    section: Section | None = None
    # The numbers the page shows (by default every number: a page about the whole site): the
    # day of its newest data, and its own download where it offers one.
    shows: Callable[[Corpus, K], Sequence[Observation]] = field(
        default=lambda corpus, key: corpus.observations
    )
    download: bool = False
    # The keys of the pages that show a number, read its value, words or quotes, or count
    # with them (its own pages, and those of every number it is shown beside): an edit of
    # that number makes only these again in `mkdocs serve` (`changes.py`). None: any page of
    # the kind may (they are all made again).
    showing: Callable[[Corpus, Observation], Iterable[K]] | None = None
    # The listings that grow with the record, split by year (year pages), where the page has any.
    archive: Archive[K] | None = None
    # The place's figures over time (its "Over time" section), where it is a place's page.
    over_time: OverTime[K] | None = None
    # Whether search finds the page itself. Pages that only list again what other pages show
    # (an earlier year of a listing, one indicator's places in one period) are left out: they
    # crowded the results with copies and made most of the index (59% of pages at N = 1,000).
    searched: bool = True


@dataclass(frozen=True)
class Archive(Generic[K]):
    """An owner page's listings that grow with the record (conferences, numbers), split by
    year like an archive: the owner page shows its newest year's, and a year page each earlier
    year's, with a bar of every year above them. A listing of a single year is not split."""

    # The template of the listings, imported by the owner's page and its year pages: its
    # `tables()` macro writes them, its `title` names the owner.
    template: str
    # The years the listings hold, newest first.
    years: Callable[[Corpus, K], Sequence[int]]
    # The listings' view for one year, or for every year (None).
    tables: Callable[[Corpus, K, int | None], Mapping[str, Any]]
    # The owner page summarises every year instead of showing the newest (the coverage page):
    # every year has its own page.
    summary: bool = False

    def pages(self, corpus: Corpus, key: K) -> Sequence[int]:
        """The years with a page of their own."""
        years = self.years(corpus, key)
        if self.summary:
            return years
        return years[1:] if len(years) > 1 else []


@dataclass(frozen=True)
class OverTime(Generic[K]):
    """A place's figures over time: whom they are about, and its lines (its own figures and,
    for a unit formed on 1 July 2025, those of the units it was formed from). Its page draws
    them, or, with more than OWN_PAGE_TRENDS drawn, links a page of their own below it."""

    scope: Callable[[K], Scope]
    lines: Callable[[Corpus, K], Sequence[LineSource]]


@dataclass(frozen=True)
class Years:
    """The bar of an owner's years above its listings, newest first, and the year shown."""

    owner: str
    key: Any
    years: tuple[int, ...]
    shown: int | None
    summary: bool = False

    def page(self, year: int) -> tuple[str, Any]:
        """The page of one year: the owner's for its newest (unless it summarises), else a
        year page."""
        if year == self.years[0] and not self.summary:
            return self.owner, self.key
        return "year", (self.owner, self.key, year)


Result = TypeVar("Result")
# What `once_per_corpus` keeps, each function's; let go by `forget_per_corpus`.
_PER_CORPUS: list[dict[str, Any]] = []


def forget_per_corpus() -> None:
    """Let go of what was worked out once for the latest corpus (its pages are made: MkDocs
    and the search index need the memory more)."""
    for kept in _PER_CORPUS:
        kept["corpus"], kept["found"] = None, {}
    _split.clear()


def once_per_corpus(
    work: Callable[..., Result],
) -> Callable[..., Result]:
    """`work(corpus, *args)` worked out once per corpus and arguments (the same objects): a
    page's view, its charts and its year pages ask for the same things. Only the latest
    corpus's results are kept."""
    kept: dict[str, Any] = {"corpus": None, "found": {}}
    _PER_CORPUS.append(kept)

    @functools.wraps(work)
    def once(corpus: Corpus, *args: Any) -> Result:
        if kept["corpus"] is not corpus:
            kept["corpus"], kept["found"] = corpus, {}
        key = tuple(id(a) for a in args)
        found = kept["found"].get(key)
        # The arguments are kept with the result, so that an id is never taken for another's.
        if found is None or any(a is not b for a, b in zip(found[0], args, strict=True)):
            found = kept["found"][key] = (args, work(corpus, *args))
        return found[1]  # type: ignore[no-any-return]

    return once


def year_of(item: Conference | Observation) -> int:
    """The year a listing files a conference or a number under: the year the period it reviews
    or counts ends in (a stock's is the period of the conference that counted it). A review of
    2024 held in January 2025 and the numbers it gave share 2024."""
    return period_year(item.period if isinstance(item, Conference) else item.reporting_period)


def period_year(period: Period) -> int:
    """The year a period's conferences and numbers are filed under: the year it ends in."""
    return period.end.year


Dated = TypeVar("Dated", Conference, Observation)


def in_year(items: Iterable[Dated], year: int | None) -> list[Dated]:
    """The conferences or numbers of a year (all of them for None), in the order given."""
    if year is None:
        return list(items)
    if isinstance(items, tuple):
        return list(_by_year(items).get(year, ()))
    return [i for i in items if year_of(i) == year]


# The last few tuples split by year: a listing's year pages come one after another, and each
# asks for its year of the same tuple. Each kept with its tuple, so an id is never another's.
_split: list[tuple[tuple[Any, ...], dict[int, list[Any]]]] = []
_SPLIT_KEPT = 8


def _by_year(items: tuple[Dated, ...]) -> dict[int, list[Dated]]:
    """The items of each year, in the order given."""
    for kept, grouped in _split:
        if kept is items:
            return grouped
    grouped = {}
    for item in items:
        grouped.setdefault(year_of(item), []).append(item)
    _split.insert(0, (items, grouped))
    del _split[_SPLIT_KEPT:]
    return grouped


def years_of(*listings: Iterable[Conference | Observation]) -> list[int]:
    """The years of conferences and numbers, newest first."""
    return sorted({year_of(i) for items in listings for i in items}, reverse=True)


def _archive(owner: str) -> Archive[Any]:
    """The listings split by year of an owner page's kind."""
    archive = BY_NAME[owner].archive
    assert archive is not None, f"{owner} pages have no listings split by year"
    return archive


def archived(corpus: Corpus, owner: str, key: Any) -> Mapping[str, Any]:
    """An owner page's listings: its newest year's and the bar of its years where they span
    more than one year, else all of them."""
    archive = _archive(owner)
    years = tuple(archive.years(corpus, key))
    if len(years) < 2:
        return {**archive.tables(corpus, key, None), "years": None}
    return {**archive.tables(corpus, key, years[0]), "years": Years(owner, key, years, years[0])}


# A place's page draws at most this many figures over time; with more, its "Over time" section
# is a page of its own below it, which the section links. The rest of a place's page reaches
# about 115 KB of HTML (LISTED_NUMBERS numbers at up to 1.6 KB, the frame around them) and a
# figure adds about 2.9 KB (two images, each with an alt text of every value): ten keep the page
# under 150 KB and its scroll on a phone short. A merged unit inherits its predecessors' series
# and each year adds figures: at N = 2,000, 24 figures made 72 KB of a 170 KB page.
OWN_PAGE_TRENDS = 10

# A place's page: its kind and key.
PlaceKey = tuple[str, Any]


@dataclass(frozen=True)
class OwnPage:
    """A place's figures over time, too many for its page: their page, and how many figures
    it shows (at most MAX_FIGURES_PER_PAGE: the build warns of those left out)."""

    key: PlaceKey
    scope: Scope
    figures: int


def _over_time(owner: str) -> OverTime[Any]:
    """The figures over time of a place page's kind."""
    found = BY_NAME[owner].over_time
    assert found is not None, f"{owner} pages have no figures over time"
    return found


@once_per_corpus
def place_trends(corpus: Corpus, owner: str, key: Any) -> list[Trend]:
    """A place's trends, in catalog order."""
    return chart_kinds.trends(_over_time(owner).lines(corpus, key))


def own_page(owner: str, key: Any, found: Sequence[Trend]) -> OwnPage | None:
    """The page of their own of a place's trends, where it draws more than OWN_PAGE_TRENDS."""
    drawn = sum(1 for t in found if t.charted)
    if drawn <= OWN_PAGE_TRENDS:
        return None
    shown = min(drawn, MAX_FIGURES_PER_PAGE)
    return OwnPage((owner, key), _over_time(owner).scope(key), shown)


def over_time_section(corpus: Corpus, owner: str, key: Any) -> Mapping[str, Any]:
    """A place page's "Over time" section: its trends, or the page of their own it links."""
    found = place_trends(corpus, owner, key)
    return {"trends": found, "own_page": own_page(owner, key, found)}


def _drawn(
    owner: str, key: Any, found: Sequence[Trend], lang: Language, folder: str
) -> list[Chart[Any]]:
    """The charts of a place's trends, titled with the place, in `folder` of the page's."""
    where = scope_label(_over_time(owner).scope(key), lang)
    return list(chart_kinds.trend_charts(found, lang, where, folder))


def place_charts(owner: str) -> Callable[[Corpus, Any, Language], list[Chart[Any]]]:
    """A place page's charts: its trends, unless they have a page of their own."""

    def charts(corpus: Corpus, key: Any, lang: Language) -> list[Chart[Any]]:
        found = place_trends(corpus, owner, key)
        if own_page(owner, key, found):
            return []
        return _drawn(owner, key, found, lang, "over-time/")

    return charts


@dataclass(frozen=True)
class Row:
    """One observation as a table row shows it, its references resolved."""

    obs: Observation
    conference: Conference
    whole: Observation | None
    others: tuple[Observation, ...]


def rows(corpus: Corpus, observations: Iterable[Observation]) -> list[Row]:
    """Table rows for observations, in the order given."""
    return [_ROWS.row(corpus, obs) for obs in observations]


class _Rows:
    """One row per number, made once per corpus and kept for the next corpus, where a number
    whose conference and references are the very same objects (`mkdocs serve`: a file not
    edited) gets the very same row: a number is listed on many pages, and a row met again
    is not fingerprinted again."""

    def __init__(self) -> None:
        self._corpus: Corpus | None = None
        # By the number's id; each kept with its number, so that an id is never another's.
        self._made: dict[int, Row] = {}
        self._before: dict[int, Row] = {}

    def row(self, corpus: Corpus, obs: Observation) -> Row:
        """The number's row in this corpus."""
        if corpus is not self._corpus:
            self._corpus, self._before, self._made = corpus, self._made, {}
        found = self._made.get(id(obs))
        if found is not None and found.obs is obs:
            return found
        made = self._resolved(corpus, obs, self._before.get(id(obs)))
        self._made[id(obs)] = made
        return made

    @staticmethod
    def _resolved(corpus: Corpus, obs: Observation, before: Row | None) -> Row:
        """The row of a number, the one made before when it is made of the same objects."""
        conference = corpus.conference(obs.conference_id)
        whole = corpus.observation(obs.whole) if obs.whole else None
        others = tuple(corpus.observation(k) for k in obs.disagrees_with)
        if (
            before is not None
            and before.obs is obs
            and before.conference is conference
            and before.whole is whole
            and len(before.others) == len(others)
            and all(a is b for a, b in zip(before.others, others, strict=True))
        ):
            return before
        return Row(obs, conference, whole, others)


_ROWS = _Rows()


def newest_first(observations: Iterable[Observation]) -> list[Observation]:
    """Newest reference date first."""
    return sorted(observations, key=lambda o: (o.reference_date, o.conference_date), reverse=True)


def by_indicator(
    corpus: Corpus, observations: Iterable[Observation]
) -> list[tuple[Indicator, list[Row]]]:
    """Rows grouped by indicator, in catalog order: its categories, then its indicators, as
    content/indicators.yaml lists them."""
    groups: dict[str, list[Observation]] = {}
    for obs in observations:
        groups.setdefault(obs.indicator.key, []).append(obs)
    return [
        (indicator, rows(corpus, groups[key]))
        for key, indicator in corpus.catalog.indicators.items()
        if key in groups
    ]


# The most numbers a listing shows on one page with their checks: beyond, a place's listing
# links the place's page of each period, where every number is, and a listing that cannot be
# split so (a period's, an indicator's year) shows each value linked to its check on its
# conference's page (a number with its checks is 0.9 to 1.6 KB of HTML: at N = 1,000 a year
# of national numbers made a 276 KB page, too heavy for a phone; 95 numbers made 154 KB).
LISTED_NUMBERS = 60


def fits(observations: Sized) -> bool:
    """Whether a listing shows its numbers on its page with their checks."""
    return len(observations) <= LISTED_NUMBERS


@dataclass(frozen=True)
class PeriodPages:
    """A listing too long for its page, given as the place's page of each period instead."""

    # Each period's page, the period and how many of the numbers it holds, newest first.
    periods: tuple[tuple[tuple[str, Any], Period, int], ...]

    @property
    def count(self) -> int:
        """How many numbers the listing holds."""
        return sum(count for _, _, count in self.periods)


def by_period_pages(scope: Scope, observations: Sequence[Observation]) -> PeriodPages | None:
    """Where a place's listing holds more than LISTED_NUMBERS numbers, its periods' pages."""
    if fits(observations):
        return None
    counts = Counter(o.reporting_period for o in observations)
    return PeriodPages(
        tuple((scope_period_page(scope, p), p, counts[p]) for p in sorted(counts, reverse=True))
    )


def periods_of(observations: Iterable[Observation]) -> list[Period]:
    """The reporting periods, newest first."""
    return sorted({o.reporting_period for o in observations}, reverse=True)


def by_scope(corpus: Corpus, observations: Iterable[Observation]) -> list[tuple[Scope, list[Row]]]:
    """Rows grouped by whom they are about: the nation, regions, provinces, places."""
    groups: dict[str, tuple[Scope, list[Observation]]] = {}
    for obs in observations:
        groups.setdefault(obs.scope.key, (obs.scope, []))[1].append(obs)
    ordered = sorted(groups.values(), key=lambda g: g[0].sort_key)
    return [(scope, rows(corpus, group)) for scope, group in ordered]


# ------------------------------------------------------------------ the site's sections


def _home(corpus: Corpus, _: None) -> Mapping[str, Any]:
    return {
        "latest_conferences": list(reversed(corpus.conferences))[:8],
        "national_periods": periods_of(corpus.by_scope.get("national", ())),
        "national_scope": Scope("national"),
        "counts": {
            "conferences": len(corpus.conferences),
            "numbers": len(corpus.observations),
            "units": len(corpus.by_province),
            "indicators": len(corpus.by_indicator),
        },
        "sections": [(k.name, k.section) for k in KINDS if k.section and k.name != "home"],
    }


# ------------------------------------------------------------------ coverage


def coverage_years(corpus: Corpus) -> list[int]:
    """The years the provincial units have numbers for, newest first."""
    return years_of(*corpus.by_province.values())


def coverage_by_year(corpus: Corpus) -> list[tuple[UnitSystem, list[int], list[Any]]]:
    """Per system: the years with data, oldest first, and per unit a count of numbers per
    year."""
    tables = []
    for system in corpus.provinces.systems:
        units = corpus.provinces.in_system(system.id)
        counts = [
            (u, Counter(year_of(o) for o in corpus.by_province.get(unit_key(u), ()))) for u in units
        ]
        years = sorted({y for _, found in counts for y in found})
        tables.append((system, years, [(Scope("province", u), found) for u, found in counts]))
    return tables


def coverage(corpus: Corpus, year: int | None) -> list[tuple[UnitSystem, list[Period], list[Any]]]:
    """Per system with numbers in the year (in any year for None): the periods with data, and
    per unit a count of numbers per period."""
    grids = []
    for system in corpus.provinces.systems:
        units = corpus.provinces.in_system(system.id)
        found = {unit_key(u): in_year(corpus.by_province.get(unit_key(u), ()), year) for u in units}
        periods = sorted({o.reporting_period for numbers in found.values() for o in numbers})
        if periods:
            grid = [
                (Scope("province", u), Counter(o.reporting_period.key for o in found[unit_key(u)]))
                for u in units
            ]
            grids.append((system, periods, grid))
    return grids


def _linked_from(kind: str, key: Any, lang: Language) -> maps.LinkFor:
    """A map's links to the pages of its units, relative to the map's own file (a link in an
    SVG is read where the SVG lies, not where the page showing it does)."""
    from .urls import url_for  # urls reads this module's kinds: imported when first used

    folder = url_for(kind, key, lang).figures

    def link(unit: ProvinceUnit) -> str:
        page = url_for("province", unit, lang).url
        return posixpath.relpath(page, folder) + "/"

    return link


def _home_charts(corpus: Corpus, _: None, lang: Language) -> list[Chart[Any]]:
    """The coverage maps of both unit systems, each unit linked to its page (none without
    the boundary file: the build says so)."""
    if corpus.boundaries is None:
        return []
    links = _linked_from("home", None, lang)
    found = maps.coverage_maps(corpus, lang, links, corpus.boundaries)
    return [Chart[Any](spec.name, "coverage", spec) for spec in found]


HOME: Kind[None] = Kind(
    name="home",
    template="home.md.j2",
    path=lambda _: "index.md",
    view=_home,
    charts=_home_charts,
    section=Section(N_("Home")),
)
CONFERENCES: Kind[None] = Kind(
    name="conferences",
    template="conferences.md.j2",
    path=lambda _: "conferences/index.md",
    view=lambda corpus, _: {
        "count": len(corpus.conferences),
        **archived(corpus, "conferences", None),
    },
    section=Section(
        N_("Conferences"),
        N_("each conference, its numbers grouped by whom they are about, its sources."),
    ),
    # Its listings name conferences, and its day is that of the newest of all numbers.
    showing=lambda corpus, obs: [None],
    archive=Archive(
        "years/conferences.md.j2",
        years=lambda corpus, _: years_of(corpus.conferences),
        tables=lambda corpus, _, year: {"conferences": in_year(reversed(corpus.conferences), year)},
    ),
)


def _conference(corpus: Corpus, conf: Conference) -> Mapping[str, Any]:
    return {
        "conf": conf,
        "scope_groups": by_scope(corpus, conf.observations),
        "bridge_of": {b.id: b for b in conf.bridges},
        "source_numbers": source_numbers(conf.sources),
    }


def _conference_charts(corpus: Corpus, conf: Conference, lang: Language) -> list[Chart[Any]]:
    """The parts of the figures a conference gave about a place (nation, region, province)
    and its stated changes, where they earn a chart; each in its place's part of the page."""
    about = [o for o in conf.observations if o.scope.level in ("national", "region", "province")]
    return chart_kinds.place_charts(about, lang)


CONFERENCE: Kind[Conference] = Kind(
    name="conference",
    template="conference.md.j2",
    path=lambda conf: f"conferences/{conf.id}.md",
    keys=lambda corpus: corpus.conferences,
    view=_conference,
    charts=_conference_charts,
    shows=lambda corpus, conf: conf.observations,
    showing=lambda corpus, obs: [corpus.conference(obs.conference_id)],
)


def _units(corpus: Corpus) -> list[ProvinceUnit]:
    return list(corpus.provinces.units.values())


def _provinces(corpus: Corpus, _: None) -> Mapping[str, Any]:
    provinces = corpus.provinces
    old, new = provinces.systems
    return {
        "systems": [
            (
                system,
                [
                    (
                        u,
                        [s] if (s := provinces.successor(u)) else provinces.predecessors(u),
                        len(corpus.by_province.get(unit_key(u), ())),
                    )
                    for u in provinces.in_system(system.id)
                ],
            )
            for system in provinces.systems
        ],
        "merger": new.valid_from,
        "basis": new.legal_basis,
        "old_count": len(provinces.in_system(old.id)),
        "new_count": len(provinces.in_system(new.id)),
        "regions": list(corpus.regions.values()),
    }


PROVINCES: Kind[None] = Kind(
    name="provinces",
    template="provinces.md.j2",
    path=lambda _: "provinces/index.md",
    view=_provinces,
    section=Section(
        N_("Provinces"), N_("the provincial units of both systems, how they map, and regions.")
    ),
)


def _conferences_about(corpus: Corpus, unit: ProvinceUnit) -> list[Conference]:
    """Conferences hosted in the unit, with a bridge there, or with numbers about it, newest
    first."""
    return list(reversed(corpus.conferences_by_province.get(unit_key(unit), ())))


def _province_years(corpus: Corpus, unit: ProvinceUnit) -> list[int]:
    """The years of a unit's conferences and numbers."""
    return years_of(_conferences_about(corpus, unit), corpus.by_province.get(unit_key(unit), ()))


def _province_tables(corpus: Corpus, unit: ProvinceUnit, year: int | None) -> Mapping[str, Any]:
    """A unit's conferences, its own numbers by indicator and its places' numbers, of a year."""
    observations = in_year(corpus.by_province.get(unit_key(unit), ()), year)
    split = by_period_pages(Scope("province", unit), observations)
    if split:
        observations = []
    return {
        "split": split,
        "unit": unit,
        "by_indicator": by_indicator(
            corpus, newest_first(o for o in observations if o.scope.level == "province")
        ),
        "places": rows(
            corpus, [o for o in observations if o.scope.level in ("district", "commune")]
        ),
        "conferences": in_year(_conferences_about(corpus, unit), year),
    }


def _province(corpus: Corpus, unit: ProvinceUnit) -> Mapping[str, Any]:
    observations = corpus.by_province.get(unit_key(unit), ())
    provinces = corpus.provinces
    successor = provinces.successor(unit)
    return {
        **archived(corpus, "province", unit),
        "system": provinces.system(unit),
        "scope": Scope("province", unit),
        "periods": [
            (p, sum(1 for o in observations if o.reporting_period == p))
            for p in periods_of(observations)
        ],
        "successor": successor,
        "successor_since": provinces.system(successor).valid_from if successor else None,
        "partners": (
            [p for p in provinces.predecessors(successor) if p.slug != unit.slug]
            if successor
            else []
        ),
        "predecessors": provinces.predecessors(unit),
        # The units it was formed from, with how many numbers each one's own page holds.
        "history": [
            (p, len(corpus.by_province.get(unit_key(p), ()))) for p in provinces.predecessors(unit)
        ],
        **over_time_section(corpus, "province", unit),
    }


def _province_numbers(corpus: Corpus, unit: ProvinceUnit) -> tuple[Observation, ...]:
    """A unit's numbers (its districts' and communes' included), then its predecessors'."""
    own = corpus.by_province.get(unit_key(unit), ())
    history = [
        o
        for p in corpus.provinces.predecessors(unit)
        for o in corpus.by_province.get(unit_key(p), ())
    ]
    return (*own, *history)


def _provinces_showing(corpus: Corpus, obs: Observation) -> list[ProvinceUnit]:
    """The unit a number is about (or lies in), and the unit formed from it: a unit's page
    shows the numbers of the units it was formed from."""
    unit = obs.scope.province
    if unit is None:
        return []
    successor = corpus.provinces.successor(unit)
    return [unit, successor] if successor else [unit]


def _province_lines(corpus: Corpus, unit: ProvinceUnit) -> list[LineSource]:
    """A unit's own figures over time and, for a unit formed on 1 July 2025, those of the
    units it was formed from, each its own line."""
    provinces = corpus.provinces

    def own(of: ProvinceUnit) -> list[Observation]:
        return [o for o in corpus.by_province.get(unit_key(of), ()) if o.scope.level == "province"]

    since = provinces.system(unit).valid_from
    return [(Scope("province", unit), None, own(unit))] + [
        (Scope("province", old), since, own(old)) for old in provinces.predecessors(unit)
    ]


PROVINCE: Kind[ProvinceUnit] = Kind(
    name="province",
    template="province.md.j2",
    path=lambda unit: f"provinces/{unit_key(unit)}/index.md",
    keys=_units,
    view=_province,
    charts=place_charts("province"),
    shows=_province_numbers,
    showing=lambda corpus, obs: _provinces_showing(corpus, obs),
    download=True,
    archive=Archive("years/province.md.j2", years=_province_years, tables=_province_tables),
    over_time=OverTime(lambda unit: Scope("province", unit), _province_lines),
)

ScopePeriod = tuple[Scope, Period]


def _scope_periods(corpus: Corpus) -> list[ScopePeriod]:
    """The nation and each province, for every period it has numbers for."""
    areas = [(Scope("national"), corpus.by_scope.get("national", ()))]
    areas += [
        (Scope("province", u), corpus.by_province.get(unit_key(u), ())) for u in _units(corpus)
    ]
    return [(scope, period) for scope, found in areas for period in periods_of(found)]


def _in_scope_period(corpus: Corpus, key: ScopePeriod) -> list[Observation]:
    """A province's numbers for a period include those about its districts and communes."""
    scope, period = key
    found = (
        corpus.by_scope.get("national", ())
        if scope.province is None
        else corpus.by_province.get(scope.province_key or "", ())
    )
    return [o for o in found if o.reporting_period == period]


def _scope_period(corpus: Corpus, key: ScopePeriod) -> Mapping[str, Any]:
    scope, period = key
    found = sorted(
        _in_scope_period(corpus, key),
        key=lambda o: (o.indicator.category, o.indicator.key, o.unit.key),
    )
    return {
        "scope": scope,
        "period": period,
        "rows": rows(corpus, found),
        "checks": fits(found),
        "places": any(o.scope.level not in ("national", "province") for o in found),
        "conferences": [corpus.conference(i) for i in sorted({o.conference_id for o in found})],
    }


def _scope_periods_showing(obs: Observation) -> list[ScopePeriod]:
    """The page of a number's province (or the nation) for its period; none for a region's."""
    if obs.scope.region is not None:
        return []
    if obs.scope.province is None:
        return [(Scope("national"), obs.reporting_period)]
    return [(Scope("province", obs.scope.province), obs.reporting_period)]


def _scope_period_path(key: ScopePeriod) -> str:
    scope, period = key
    if scope.province is None:
        return f"national/{period.slug}.md"
    return f"provinces/{unit_key(scope.province)}/{period.slug}.md"


SCOPE_PERIOD: Kind[ScopePeriod] = Kind(
    name="scope_period",
    template="scope_period.md.j2",
    path=_scope_period_path,
    keys=_scope_periods,
    view=_scope_period,
    shows=_in_scope_period,
    showing=lambda corpus, obs: _scope_periods_showing(obs),
)


def _region_listed(
    corpus: Corpus, region: Region
) -> tuple[list[Conference], tuple[Observation, ...]]:
    """A region's meetings, newest first, and its figures."""
    scope = Scope("region", region=region)
    meetings = [c for c in reversed(corpus.conferences) if c.host.key == scope.key]
    return meetings, corpus.by_scope.get(scope.key, ())


def _region_tables(corpus: Corpus, region: Region, year: int | None) -> Mapping[str, Any]:
    """A region's meetings and figures of a year."""
    meetings, figures = _region_listed(corpus, region)
    return {
        "region": region,
        "conferences": in_year(meetings, year),
        "by_indicator": by_indicator(corpus, newest_first(in_year(figures, year))),
    }


def _region(corpus: Corpus, region: Region) -> Mapping[str, Any]:
    return {
        **archived(corpus, "region", region),
        "members": [
            (system, [corpus.provinces.units[unit_key(system.id, slug)] for slug in slugs])
            for system in corpus.provinces.systems
            if (slugs := region.members.get(system.id))
        ],
        **over_time_section(corpus, "region", region),
    }


def _region_scope(region: Region) -> Scope:
    return Scope("region", region=region)


def _own_line(corpus: Corpus, scope: Scope) -> list[LineSource]:
    """The line of the nation or a region over time: its own figures."""
    return [(scope, None, corpus.by_scope.get(scope.key, ()))]


REGION: Kind[Region] = Kind(
    name="region",
    template="region.md.j2",
    path=lambda region: f"regions/{region.key}.md",
    keys=lambda corpus: corpus.regions.values(),
    view=_region,
    charts=place_charts("region"),
    shows=lambda corpus, region: corpus.by_scope.get(f"region/{region.key}", ()),
    showing=lambda corpus, obs: [obs.scope.region] if obs.scope.region else [],
    archive=Archive(
        "years/region.md.j2",
        years=lambda corpus, region: years_of(*_region_listed(corpus, region)),
        tables=_region_tables,
    ),
    over_time=OverTime(
        _region_scope,
        lambda corpus, region: _own_line(corpus, _region_scope(region)),
    ),
)


def _national(corpus: Corpus, _: None) -> Mapping[str, Any]:
    return {
        **archived(corpus, "national", None),
        "scope": Scope("national"),
        "periods": periods_of(corpus.by_scope.get("national", ())),
        **over_time_section(corpus, "national", None),
    }


NATIONAL: Kind[None] = Kind(
    name="national",
    template="national.md.j2",
    path=lambda _: "national/index.md",
    view=_national,
    charts=place_charts("national"),
    section=Section(N_("Whole country"), N_("national figures over time.")),
    shows=lambda corpus, _: corpus.by_scope.get("national", ()),
    showing=lambda corpus, obs: [None] if obs.scope.key == "national" else [],
    download=True,
    archive=Archive(
        "years/national.md.j2",
        years=lambda corpus, _: years_of(corpus.by_scope.get("national", ())),
        tables=lambda corpus, _, year: _national_tables(corpus, year),
    ),
    over_time=OverTime(
        lambda _: Scope("national"), lambda corpus, _: _own_line(corpus, Scope("national"))
    ),
)


def _national_tables(corpus: Corpus, year: int | None) -> Mapping[str, Any]:
    """The national numbers of a year, by indicator (or by period, where too many)."""
    observations = in_year(corpus.by_scope.get("national", ()), year)
    split = by_period_pages(Scope("national"), observations)
    return {
        "split": split,
        "by_indicator": [] if split else by_indicator(corpus, newest_first(observations)),
    }


def _periods(corpus: Corpus) -> list[Period]:
    """Every period a conference reviews or a number is counted over, newest first."""
    found = {c.period for c in corpus.conferences} | {
        group[0].reporting_period for group in corpus.by_period.values()
    }
    return sorted(found, reverse=True)


def _in_period(corpus: Corpus, period: Period) -> list[Observation]:
    return list(corpus.by_period.get(period.key, ()))


def _reviewing(corpus: Corpus, period: Period) -> list[Conference]:
    """The conferences that review the period."""
    return list(corpus.conferences_by_period.get(period.key, ()))


def _compared(corpus: Corpus, period: Period) -> list[tuple[Indicator, int]]:
    """The indicators reported for more than one place in a period, in catalog order, each
    with how many places report it."""
    places: dict[str, set[str]] = {}
    for obs in latest(_in_period(corpus, period)):
        places.setdefault(obs.indicator.key, set()).add(obs.scope.key)
    return [
        (indicator, len(places[key]))
        for key, indicator in corpus.catalog.indicators.items()
        if len(places.get(key, ())) >= 2
    ]


def _period(corpus: Corpus, period: Period) -> Mapping[str, Any]:
    shown = latest(_in_period(corpus, period))
    return {
        "period": period,
        "conferences": _reviewing(corpus, period),
        "scopes": [(scope, len(group)) for scope, group in by_scope(corpus, shown)],
        "comparisons": _compared(corpus, period),
    }


def _period_charts(corpus: Corpus, period: Period, lang: Language) -> list[Chart[Any]]:
    """Provincial units ranked, for each indicator at least MIN_UNITS of them report."""
    systems = corpus.provinces.systems
    return chart_kinds.ranked(_in_period(corpus, period), systems, lang, only_period=period.key)


PERIODS: Kind[None] = Kind(
    name="periods",
    template="periods.md.j2",
    path=lambda _: "periods/index.md",
    view=lambda corpus, _: archived(corpus, "periods", None),
    section=Section(N_("Periods"), N_("every year and half-year, provinces compared.")),
    showing=lambda corpus, obs: [None],
    archive=Archive(
        "years/periods.md.j2",
        # A period belongs to the year its last day falls in.
        years=lambda corpus, _: sorted({p.end.year for p in _periods(corpus)}, reverse=True),
        tables=lambda corpus, _, year: {
            "periods": [
                (p, len(_in_period(corpus, p)), _reviewing(corpus, p))
                for p in _periods(corpus)
                if year is None or p.end.year == year
            ]
        },
    ),
)
PERIOD: Kind[Period] = Kind(
    name="period",
    template="period.md.j2",
    path=lambda period: f"periods/{period.slug}.md",
    keys=_periods,
    view=_period,
    charts=_period_charts,
    shows=_in_period,
    showing=lambda corpus, obs: [obs.reporting_period],
)


def _indicators(corpus: Corpus, _: None) -> Mapping[str, Any]:
    catalog = corpus.catalog
    return {
        "by_category": [
            (category, [i for i in catalog.indicators.values() if i.category == category.key])
            for category in catalog.categories.values()
        ],
        "counts": {k: len(v) for k, v in corpus.by_indicator.items()},
    }


# A period and an indicator reported for more than one place in it.
Comparison = tuple[Period, Indicator]


def _comparisons(corpus: Corpus) -> list[Comparison]:
    """Every period's indicators reported for more than one place."""
    return [(p, indicator) for p in _periods(corpus) for indicator, _ in _compared(corpus, p)]


def _compared_numbers(corpus: Corpus, key: Comparison) -> list[Observation]:
    """The latest figure of each place for an indicator in a period."""
    period, indicator = key
    return latest(o for o in _in_period(corpus, period) if o.indicator.key == indicator.key)


# The places compared for one indicator in one period: a page of its own, so that a period's
# page stays small however many places report (at N = 1,000, 400 rows a period).
COMPARISON: Kind[Comparison] = Kind(
    name="comparison",
    template="comparison.md.j2",
    path=lambda key: f"periods/{key[0].slug}/{key[1].key.replace('_', '-')}.md",
    keys=_comparisons,
    view=lambda corpus, key: {
        "period": key[0],
        "indicator": key[1],
        "rows": rows(corpus, _compared_numbers(corpus, key)),
    },
    shows=_compared_numbers,
    showing=lambda corpus, obs: [(obs.reporting_period, obs.indicator)],
    searched=False,
)
INDICATORS: Kind[None] = Kind(
    name="indicators",
    template="indicators.md.j2",
    path=lambda _: "indicators/index.md",
    view=_indicators,
    section=Section(N_("Indicators"), N_("every observation of each indicator.")),
)


def _indicator_tables(corpus: Corpus, indicator: Indicator, year: int | None) -> Mapping[str, Any]:
    """An indicator's numbers of a year, newest first."""
    observations = in_year(corpus.by_indicator.get(indicator.key, ()), year)
    return {
        "indicator": indicator,
        "rows": rows(
            corpus,
            sorted(observations, key=lambda o: (o.reference_date, o.scope.sort_key), reverse=True),
        ),
        "checks": fits(observations),
    }


def _indicator(corpus: Corpus, indicator: Indicator) -> Mapping[str, Any]:
    return {
        **archived(corpus, "indicator", indicator),
        "numbers": len(corpus.by_indicator.get(indicator.key, ())),
        "category": corpus.catalog.categories[indicator.category],
        "units": [corpus.catalog.units[u] for u in indicator.units],
        "dimensions": [corpus.catalog.dimensions[d] for d in indicator.dimensions],
        "trends": _national_trends(corpus.by_indicator.get(indicator.key, ())),
    }


def _national_trends(observations: Iterable[Observation]) -> list[Trend]:
    """An indicator's national figures over time."""
    national = Scope("national")
    return chart_kinds.trends([(national, None, [o for o in observations if o.scope == national])])


def _indicator_charts(corpus: Corpus, indicator: Indicator, lang: Language) -> list[Chart[Any]]:
    """The national series over time, then in each period where enough provincial units
    report it, the units ranked and mapped."""
    observations = corpus.by_indicator.get(indicator.key, ())
    where = scope_label(Scope("national"), lang)
    over_time = chart_kinds.trend_charts(_national_trends(observations), lang, where)
    ranked = chart_kinds.ranked(observations, corpus.provinces.systems, lang)
    if corpus.boundaries is None:
        return over_time + ranked
    links = _linked_from("indicator", indicator, lang)
    found = maps.indicator_maps(observations, corpus.provinces, lang, links, corpus.boundaries)
    return over_time + ranked + [Chart[Any](spec.name, "maps", spec) for spec in found]


INDICATOR: Kind[Indicator] = Kind(
    name="indicator",
    template="indicator.md.j2",
    path=lambda indicator: f"indicators/{indicator.key.replace('_', '-')}.md",
    keys=lambda corpus: corpus.catalog.indicators.values(),
    view=_indicator,
    charts=_indicator_charts,
    shows=lambda corpus, indicator: corpus.by_indicator.get(indicator.key, ()),
    showing=lambda corpus, obs: [obs.indicator],
    download=True,
    archive=Archive(
        "years/indicator.md.j2",
        years=lambda corpus, indicator: years_of(corpus.by_indicator.get(indicator.key, ())),
        tables=_indicator_tables,
    ),
)
COMMITTEES_INDEX: Kind[None] = Kind(
    name="committees",
    template="committees.md.j2",
    path=lambda _: "committees/index.md",
    view=lambda corpus, _: {
        "committees": [(n, len(corpus.conferences_by_committee.get(n, ()))) for n in COMMITTEES]
    },
    section=Section(
        N_("Committees"), N_("Steering Committee 138 and National Steering Committee 389.")
    ),
)
COMMITTEE: Kind[str] = Kind(
    name="committee",
    template="committee.md.j2",
    path=lambda number: f"committees/{number}.md",
    keys=lambda corpus: COMMITTEES,
    view=lambda corpus, number: {
        **archived(corpus, "committee", number),
        "indicators": [
            (i, len(corpus.by_indicator.get(i.key, ())))
            for i in corpus.catalog.indicators.values()
            if i.committee == number
        ],
    },
    shows=lambda corpus, number: [
        o for c in corpus.conferences_by_committee.get(number, ()) for o in c.observations
    ],
    showing=lambda corpus, obs: corpus.conference(obs.conference_id).committees,
    archive=Archive(
        "years/committee.md.j2",
        years=lambda corpus, number: years_of(corpus.conferences_by_committee.get(number, ())),
        tables=lambda corpus, number, year: {
            "number": number,
            "conferences": in_year(reversed(corpus.conferences_by_committee.get(number, ())), year),
        },
    ),
)
COVERAGE: Kind[None] = Kind(
    name="coverage",
    template="coverage.md.j2",
    path=lambda _: "coverage.md",
    view=lambda corpus, _: {
        "systems": coverage_by_year(corpus),
        "years": (
            Years("coverage", None, years, None, summary=True)
            if (years := tuple(coverage_years(corpus)))
            else None
        ),
    },
    section=Section(N_("Coverage"), N_("which provincial units have numbers for which periods.")),
    showing=lambda corpus, obs: [None],
    archive=Archive(
        "years/coverage.md.j2",
        years=lambda corpus, _: coverage_years(corpus),
        tables=lambda corpus, _, year: {"grids": coverage(corpus, year)},
        summary=True,
    ),
)
DATA: Kind[None] = Kind(
    name="data",
    template="data.md.j2",
    path=lambda _: "data/index.md",
    view=lambda corpus, _: {
        "observations": len(corpus.observations),
        "conferences": len(corpus.conferences),
    },
    section=Section(N_("Data"), N_("every observation as CSV and JSON.")),
)
METHODOLOGY: Kind[None] = Kind(
    name="methodology",
    template="methodology.md.j2",
    path=lambda _: "methodology.md",
    view=lambda corpus, _: {
        **_provinces(corpus, None),
        "ended": corpus.provinces.systems[0].valid_until,
    },
    section=Section(N_("Methodology"), N_("how numbers are curated and checked.")),
)

# ------------------------------------------------------------------ a place's figures over time


def _own_pages(corpus: Corpus) -> list[PlaceKey]:
    """Every place whose figures over time have a page of their own."""
    return [
        (kind.name, key)
        for kind in KINDS
        if kind.over_time is not None
        for key in kind.keys(corpus)
        if own_page(kind.name, key, place_trends(corpus, kind.name, key))
    ]


def _below(owner: str, of: Any, name: str) -> str:
    """A page below an owner page's own address: 'provinces/63/ha-noi/<name>.md'."""
    stem = BY_NAME[owner].path(of).removesuffix(".md").removesuffix("/index")
    return f"{stem}/{name}.md"


def _trends_shown(corpus: Corpus, key: PlaceKey) -> list[Observation]:
    """The numbers a place's trends are drawn from: its lines'."""
    return [o for _, _, found in _over_time(key[0]).lines(corpus, key[1]) for o in found]


def _over_time_showing(corpus: Corpus, obs: Observation) -> list[PlaceKey]:
    """The figures over time of the places whose pages show a number (every place's of a
    kind that does not say which)."""
    found: list[PlaceKey] = []
    for kind in KINDS:
        if kind.over_time is None:
            continue
        if kind.showing is None:
            found += [key for key in _own_pages(corpus) if key[0] == kind.name]
        else:
            found += [(kind.name, key) for key in kind.showing(corpus, obs)]
    return found


# A place's figures over time, too many for its page. Its address is below the place's and
# never a period's or a year's (theirs start with a year, or 'year-'); its figures keep the
# files they had on the place's page. Search leaves it out: the place's page, which search
# finds, links it, and the numbers it draws are in the place's listings.
OVER_TIME: Kind[PlaceKey] = Kind(
    name="over_time",
    template="over_time.md.j2",
    path=lambda key: _below(*key, "over-time"),
    keys=_own_pages,
    view=lambda corpus, key: {
        "owner": key[0],
        "of": key[1],
        "scope": _over_time(key[0]).scope(key[1]),
        "trends": place_trends(corpus, *key),
    },
    charts=lambda corpus, key, lang: _drawn(*key, place_trends(corpus, *key), lang, ""),
    shows=_trends_shown,
    showing=lambda corpus, obs: _over_time_showing(corpus, obs),
    searched=False,
)

# ------------------------------------------------------------------ one year of an owner page

# The owner page's kind, its key, and the year.
YearKey = tuple[str, Any, int]


def _year_pages(corpus: Corpus) -> list[YearKey]:
    """Every year of every owner page that has a page of its own."""
    return [
        (kind.name, key, year)
        for kind in KINDS
        if kind.archive is not None
        for key in kind.keys(corpus)
        for year in kind.archive.pages(corpus, key)
    ]


def _year(corpus: Corpus, key: YearKey) -> Mapping[str, Any]:
    owner, of, year = key
    archive = _archive(owner)
    years = tuple(archive.years(corpus, of))
    return {
        **archive.tables(corpus, of, year),
        "owner": owner,
        "of": of,
        "year": year,
        "tables_template": archive.template,
        "years": Years(owner, of, years, year, archive.summary),
    }


@once_per_corpus
def _owner_shows(corpus: Corpus, owner: str, of: Any) -> tuple[Observation, ...]:
    """The numbers an owner page shows (the same tuple for each of its years)."""
    return tuple(BY_NAME[owner].shows(corpus, of))


def _years_showing(corpus: Corpus, obs: Observation) -> list[YearKey]:
    """A number's year on the pages of its owners, and every year page of an owner kind that
    does not say which of its pages show a number."""
    found: list[YearKey] = []
    for kind in KINDS:
        if kind.archive is None:
            continue
        if kind.showing is None:
            keys = kind.keys(corpus)
            found += [(kind.name, k, y) for k in keys for y in kind.archive.pages(corpus, k)]
        else:
            found += [(kind.name, k, year_of(obs)) for k in kind.showing(corpus, obs)]
    return found


def _year_path(key: YearKey) -> str:
    """Below the owner page's own address: 'provinces/63/ha-noi/year-2023.md' (a period's
    slug starts with its year, so never collides)."""
    owner, of, year = key
    return _below(owner, of, f"year-{year}")


YEAR: Kind[YearKey] = Kind(
    name="year",
    template="year.md.j2",
    path=_year_path,
    keys=_year_pages,
    view=_year,
    shows=lambda corpus, key: in_year(_owner_shows(corpus, key[0], key[1]), key[2]),
    showing=lambda corpus, obs: _years_showing(corpus, obs),
    searched=False,
)

# The navigation lists the kinds with a section, in this order.
KINDS: tuple[Kind[Any], ...] = (
    HOME,
    CONFERENCES,
    CONFERENCE,
    PROVINCES,
    PROVINCE,
    SCOPE_PERIOD,
    REGION,
    NATIONAL,
    OVER_TIME,
    PERIODS,
    PERIOD,
    COMPARISON,
    INDICATORS,
    INDICATOR,
    COMMITTEES_INDEX,
    COMMITTEE,
    COVERAGE,
    DATA,
    METHODOLOGY,
    YEAR,
)
BY_NAME: Mapping[str, Kind[Any]] = {kind.name: kind for kind in KINDS}


def scope_page(scope: Scope) -> tuple[str, Any]:
    """The page of a scope: the whole country, its region, or the province it lies in."""
    if scope.region is not None:
        return "region", scope.region
    if scope.province is None:
        return "national", None
    return "province", scope.province


def scope_period_page(scope: Scope, period: Period) -> tuple[str, Any]:
    """A scope's page for one period (a region has one page for all its periods)."""
    if scope.region is not None:
        return "region", scope.region
    if scope.province is not None:
        return "scope_period", (Scope("province", scope.province), period)
    return "scope_period", (Scope("national"), period)
