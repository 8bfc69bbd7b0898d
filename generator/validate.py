"""Check conference files against the registries and each other, then build the corpus."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import ContentError, Problem, Severity, did_you_mean, field_path, one_of
from .load import Loaded, load_yaml
from .model import (
    Catalog,
    Citation,
    Conference,
    Corpus,
    Observation,
    Provinces,
    Scope,
    ScopeLevel,
)
from .numbers import WrittenFormError, parse_written, same_number
from .periods import Period, parse_period
from .registry import load_catalog, load_provinces, resolve_province
from .schema import Conference as ConferenceFile
from .schema import Metric, Place, Source
from .shape import check_shape

CONFERENCES_DIR = "conferences"
# A review is held near the end of its period or after it; two months of slack covers
# year-end reviews held in late November and December.
MAX_DAYS_BEFORE_PERIOD_END = 62
Loc = tuple[str | int, ...]


@dataclass
class _Checker:
    """Collects problems for one file, with line numbers."""

    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)

    def report(self, loc: Loc, message: str, severity: Severity = "error") -> None:
        """Record a problem at `loc`."""
        line = self.loaded.line_of(loc)
        self.problems.append(Problem(self.loaded.path, line, field_path(loc), message, severity))

    @property
    def failed(self) -> bool:
        """Whether any error (not warning) was recorded."""
        return any(p.severity == "error" for p in self.problems)


def _unique(check: _Checker, section: str, ids: Iterable[str]) -> None:
    """Report ids that appear twice in one list."""
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            check.report((section, i, "id"), f"duplicate id {item_id!r} (ids must be unique)")
        seen.add(item_id)


def _check_period(check: _Checker, loc: Loc, key: str, day: dt.date) -> Period | None:
    """Parse a period and check that a conference on `day` can review it."""
    try:
        period = parse_period(key)
    except ValueError as exc:
        check.report(loc, str(exc))
        return None
    if period.start > day:
        check.report(loc, f"{key} starts after the conference ({day}): a review looks back")
    elif (period.end - day).days > MAX_DAYS_BEFORE_PERIOD_END:
        check.report(
            loc,
            f"{key} ends on {period.end}, long after the conference ({day}) "
            "(expected a period that has ended, or nearly, by the conference date)",
        )
    return period


class _ConferenceChecker:
    """Semantic checks of one conference file; builds the model when they pass."""

    def __init__(
        self, loaded: Loaded, conf: ConferenceFile, catalog: Catalog, provinces: Provinces
    ):
        self.check = _Checker(loaded)
        self.conf = conf
        self.catalog = catalog
        self.provinces = provinces
        self.sources = {s.id: s for s in conf.sources}
        self.bridges = {b.id for b in conf.bridges}

    def run(self) -> tuple[Conference | None, list[Problem]]:
        """All checks; the conference when none failed."""
        conf, check = self.conf, self.check
        stem = Path(check.loaded.path).stem
        if conf.id != stem:
            check.report(("id",), f"{conf.id!r} differs from the file name (expected {stem!r})")
        if len(set(conf.committees)) != len(conf.committees):
            check.report(("committees",), "a committee is listed twice")
        period = _check_period(check, ("period",), conf.period, conf.date)
        host = self._host()
        self._references()
        observations = [self._metric(i, m, period) for i, m in enumerate(conf.metrics)]
        self._parts(observations)
        self._unused_sources()
        if check.failed or period is None or host is None:
            return None, check.problems
        return (
            Conference(
                id=conf.id,
                path=check.loaded.path,
                title=conf.title,
                date=conf.date,
                level=conf.level,
                host=host,
                committees=tuple(sorted(conf.committees)),
                period=period,
                format=conf.format,
                summary=conf.summary,
                bridges=tuple(conf.bridges),
                people=tuple(conf.people),
                sources=tuple(conf.sources),
                observations=tuple(o for o in observations if o is not None),
                directives=tuple(conf.directives),
                awards=tuple(conf.awards),
            ),
            check.problems,
        )

    def _scope(self, loc: Loc, scope: str | Place, day: dt.date) -> Scope | None:
        """Resolve 'national', a province slug or a place on `day`."""
        if scope == "national":
            return Scope("national")
        place = scope if isinstance(scope, Place) else Place(province=scope)
        try:
            if place.system:
                unit = self.provinces.units.get(f"{place.system}/{place.province}")
                if unit is None:
                    raise LookupError(
                        f"{place.province!r} is not a unit of the {place.system}-unit system"
                        + did_you_mean(
                            place.province, [u.slug for u in self.provinces.in_system(place.system)]
                        )
                    )
            else:
                unit = resolve_province(self.provinces, place.province, day)
        except LookupError as exc:
            sub = (*loc, "province") if isinstance(scope, Place) else loc
            self.check.report(sub, str(exc.args[0]))
            return None
        if place.commune and not place.district:
            self.check.report(loc, "a commune needs its district (expected district: and commune:)")
        level: ScopeLevel = (
            "commune" if place.commune else "district" if place.district else "province"
        )
        return Scope(level, unit, place.district, place.commune)

    def _host(self) -> Scope | None:
        """The host: the nation, or the province/district that held the conference."""
        conf = self.conf
        if conf.level == "national":
            if conf.host not in (None, "national"):
                self.check.report(("host",), "a national conference has no host province")
            return Scope("national")
        if conf.host is None:
            self.check.report(("host",), f"a {conf.level} conference needs its host (e.g. nghe-an)")
            return None
        host = self._scope(("host",), conf.host, conf.date)
        if host and conf.level == "district" and host.level != "district":
            self.check.report(("host",), "a district conference needs {province, district}")
        if host and conf.level == "province" and host.level != "province":
            self.check.report(("host",), "a province conference is hosted by a province slug")
        return host

    def _references(self) -> None:
        """Ids unique; bridges, people, directives and awards refer to what exists."""
        conf, check = self.conf, self.check
        _unique(check, "sources", (s.id for s in conf.sources))
        _unique(check, "bridges", (b.id for b in conf.bridges))
        _unique(check, "metrics", (m.id for m in conf.metrics))
        for i, bridge in enumerate(conf.bridges):
            if bridge.province:
                self._scope(("bridges", i, "province"), bridge.province, conf.date)
        seated = [("people", i, p.bridge) for i, p in enumerate(conf.people)]
        seated += [("sources", i, s.bridge) for i, s in enumerate(conf.sources)]
        for section, i, bridge_id in seated:
            if bridge_id and bridge_id not in self.bridges:
                hint = did_you_mean(bridge_id, self.bridges)
                check.report((section, i, "bridge"), f"unknown bridge {bridge_id!r}{hint}")
        names = {p.name for p in conf.people}
        for i, directive in enumerate(conf.directives):
            self._source_ref(("directives", i, "source"), directive.source)
            if directive.by and directive.by not in names:
                hint = did_you_mean(directive.by, names)
                check.report(("directives", i, "by"), f"{directive.by!r} is not in people{hint}")
        for i, award in enumerate(conf.awards):
            self._source_ref(("awards", i, "source"), award.source)
            if award.collectives is None and award.individuals is None:
                check.report(("awards", i), "give collectives:, individuals: or both")

    def _source_ref(self, loc: Loc, source_id: str) -> Source | None:
        source = self.sources.get(source_id)
        if source is None:
            hint = did_you_mean(source_id, self.sources)
            self.check.report(loc, f"unknown source {source_id!r}{hint}")
        return source

    def _unused_sources(self) -> None:
        """Warn about a source nothing cites (a new, still empty file is fine)."""
        conf = self.conf
        if not (conf.metrics or conf.directives or conf.awards):
            return
        cited = {c.source for m in conf.metrics for c in m.sources}
        cited |= {d.source for d in conf.directives} | {a.source for a in conf.awards}
        for i, source in enumerate(conf.sources):
            if source.id not in cited:
                self.check.report(("sources", i, "id"), "nothing cites this source", "warning")

    def _metric(self, i: int, metric: Metric, conf_period: Period | None) -> Observation | None:
        """Check one metric; the observation when it is sound."""
        loc: Loc = ("metrics", i)
        check = self.check
        errors_before = len(check.problems)
        indicator = self.catalog.indicators.get(metric.indicator)
        if indicator is None:
            hint = did_you_mean(metric.indicator, self.catalog.indicators)
            check.report((*loc, "indicator"), f"unknown indicator {metric.indicator!r}{hint}")
            return None
        unit_key = metric.unit or indicator.units[0]
        if unit_key not in indicator.units:
            allowed = one_of(list(indicator.units))
            check.report(
                (*loc, "unit"), f"{unit_key!r} is not a unit of {indicator.key} ({allowed})"
            )
            return None
        if metric.unit is None and len(indicator.units) > 1:
            allowed = one_of(list(indicator.units))
            check.report(
                (*loc, "unit"),
                f"{indicator.key} is counted in several units: pick one of {allowed}",
            )
        unit = self.catalog.units[unit_key]
        period, as_of = self._when(loc, metric, indicator.measure, conf_period)
        day = as_of or (period.end if period else self.conf.date)
        scope = self._scope((*loc, "scope"), metric.scope, min(day, self.conf.date))
        self._values(loc, metric, unit.kind)
        citations = self._citations(loc, metric)
        if any(p.severity == "error" for p in check.problems[errors_before:]):
            return None
        if scope is None or conf_period is None:
            return None
        return Observation(
            conference_id=self.conf.id,
            conference_date=self.conf.date,
            metric_id=metric.id,
            indicator=indicator,
            unit=unit,
            scope=scope,
            period=period,
            as_of=as_of,
            reporting_period=period or conf_period,
            value=Decimal(metric.value) if metric.value is not None else None,
            ratio=(metric.ratio.numerator, metric.ratio.denominator) if metric.ratio else None,
            qualifier=metric.qualifier,
            change=metric.change,
            target=metric.target,
            part_of=metric.part_of,
            note=metric.note,
            citations=citations,
        )

    def _when(
        self, loc: Loc, metric: Metric, measure: str, conf_period: Period | None
    ) -> tuple[Period | None, dt.date | None]:
        """A flow's period or a stock's as-of date, with defaults from the conference."""
        day = self.conf.date
        if measure == "stock":
            if metric.period is not None:
                self.check.report(
                    (*loc, "period"),
                    f"{metric.indicator} is a stock, counted at a date: use as_of, not period",
                )
            as_of = metric.as_of or day
            if as_of > day:
                self.check.report((*loc, "as_of"), f"{as_of} is after the conference ({day})")
            return None, as_of
        if metric.as_of is not None:
            self.check.report(
                (*loc, "as_of"),
                f"{metric.indicator} is a flow, counted over a period: use period, not as_of",
            )
        if metric.period is None:
            return conf_period, None
        return _check_period(self.check, (*loc, "period"), metric.period, day), None

    def _values(self, loc: Loc, metric: Metric, kind: str) -> None:
        """The number itself: present, in range, consistent."""
        check = self.check
        if metric.value is not None and metric.ratio is not None:
            check.report((*loc, "ratio"), "give value: or ratio:, not both")
        if metric.value is None and metric.ratio is None and metric.change is None:
            check.report(loc, "no number: give value:, ratio: or at least change:")
        if metric.ratio and metric.ratio.numerator > metric.ratio.denominator:
            r = metric.ratio
            check.report(
                (*loc, "ratio"),
                f"numerator {r.numerator} is larger than denominator {r.denominator}",
            )
        if metric.value is not None and kind == "rate" and metric.value > 100:
            check.report((*loc, "value"), f"{metric.value} is not a percentage (expected 0 to 100)")
        if (
            metric.value is not None
            and kind in ("count", "money")
            and metric.value != int(metric.value)
        ):
            check.report((*loc, "value"), f"{metric.value} is not a whole number of {kind}")
        if metric.qualifier and metric.value is None and metric.ratio is None:
            check.report((*loc, "qualifier"), "a qualifier needs a value")
        target = metric.target
        if target and target.by is not None and target.unit is None:
            check.report((*loc, "target", "unit"), "say whether `by` is percent or points")

    def _citations(self, loc: Loc, metric: Metric) -> tuple[Citation, ...]:
        """Citations whose written forms match the numbers."""
        out: list[Citation] = []
        for j, cited in enumerate(metric.sources):
            cloc: Loc = (*loc, "sources", j)
            source = self._source_ref((*cloc, "source"), cited.source)
            if source is None:
                continue
            expected = (
                (metric.ratio.numerator, metric.ratio.denominator) if metric.ratio else metric.value
            )
            change = metric.change.value if metric.change else None
            target = metric.target.by if metric.target else None
            pairs = (
                ("written", cited.written, expected),
                ("change_written", cited.change_written, change),
                ("target_written", cited.target_written, target),
            )
            for name, written, number in pairs:
                self._written((*cloc, name), written, number, source.language)
            out.append(Citation(source, cited.written, cited.change_written, cited.target_written))
        return tuple(out)

    def _written(
        self,
        loc: Loc,
        written: str | None,
        number: int | Decimal | tuple[int, int] | None,
        language: str,
    ) -> None:
        """A written form must be present for a number and read back as that number."""
        if number is None:
            if written is not None:
                self.check.report(loc, "written form given for a number that is not recorded")
            return
        if written is None:
            if loc[-1] == "written":
                self.check.report(loc, "missing: copy the number exactly as the source prints it")
            return
        try:
            parsed = parse_written(written, language)
        except WrittenFormError as exc:
            self.check.report(loc, f"{exc} (the source is in {language!r})")
            return
        agrees = (
            parsed == number
            if isinstance(number, tuple) or isinstance(parsed, tuple)
            else same_number(parsed, number)
        )
        if not agrees:
            shown = f"{number[0]}/{number[1]}" if isinstance(number, tuple) else number
            read = f"{parsed[0]}/{parsed[1]}" if isinstance(parsed, tuple) else parsed.normalize()
            self.check.report(
                loc,
                f"{written!r} reads as {read} in {language!r}, not {shown} "
                "(expected the written form to match the recorded number)",
            )

    def _parts(self, observations: list[Observation | None]) -> None:
        """`part_of` names another metric of the same unit, with a value at least as large."""
        by_id = {o.metric_id: o for o in observations if o}
        ids = [m.id for m in self.conf.metrics]
        for i, metric in enumerate(self.conf.metrics):
            if metric.part_of is None:
                continue
            loc: Loc = ("metrics", i, "part_of")
            if metric.part_of == metric.id or metric.part_of not in ids:
                hint = did_you_mean(metric.part_of, ids)
                self.check.report(loc, f"{metric.part_of!r} is not another metric here{hint}")
                continue
            part, whole = by_id.get(metric.id), by_id.get(metric.part_of)
            if not part or not whole or part.unit.key != whole.unit.key:
                continue
            if part.value is not None and whole.value is not None and part.value > whole.value:
                self.check.report(loc, f"{part.value} is larger than the whole ({whole.value})")


def validate_conference(
    loaded: Loaded, catalog: Catalog, provinces: Provinces
) -> tuple[Conference | None, list[Problem]]:
    """Shape and meaning of one conference file."""
    parsed, problems = check_shape(loaded, ConferenceFile)
    if parsed is None:
        return None, problems
    return _ConferenceChecker(loaded, parsed, catalog, provinces).run()


def conference_files(content: Path) -> list[Path]:
    """Every conference file, in a stable order."""
    folder = content / CONFERENCES_DIR
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_corpus(content: Path) -> tuple[Corpus, list[Problem]]:
    """Load and validate all content; raise ContentError listing every error."""
    catalog = load_catalog(content)
    provinces = load_provinces(content)
    problems: list[Problem] = []
    conferences: list[Conference] = []
    for file in conference_files(content):
        display = file.relative_to(content).as_posix()
        try:
            loaded = load_yaml(file, display)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        conference, found = validate_conference(loaded, catalog, provinces)
        problems.extend(found)
        if conference:
            conferences.append(conference)
    counts = Counter(c.id for c in conferences)
    problems.extend(
        Problem(c.path, 1, "id", f"duplicate conference id {c.id!r}")
        for c in conferences
        if counts[c.id] > 1
    )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(problems)
    corpus = Corpus(tuple(sorted(conferences, key=lambda c: c.sort_key)), catalog, provinces)
    return corpus, sorted(problems)
