"""Check conference files against the registries and each other, then build the corpus.

Every stage reports: a value the loader refused, a field of the wrong shape and a reference
to an unknown indicator in one file are three problems of one run. Checks that need a part
of the file run on whatever parts are sound on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .content import discover
from .errors import ContentError, Problem, Suggestions, field_path, one_of
from .escape import safe_url
from .load import Loaded, load_yaml
from .model import Catalog, Citation, Conference, Corpus, Observation, Provinces, Scope, ScopeLevel
from .numbers import WrittenFormError, plain_number, read_written
from .periods import Period, implausible, parse_period
from .registry import read_catalog, read_provinces, resolve_province
from .schema import Conference as ConferenceFile
from .schema import Metric, Place, Source
from .shape import check_shape, list_item_model, salvage

# A review is held near the end of its period or after it; two months of slack covers
# year-end reviews held in late November and December.
MAX_DAYS_BEFORE_PERIOD_END = 62
Loc = tuple[str | int, ...]
Expected = Decimal | tuple[int, int]


@dataclass(frozen=True)
class _Draft:
    """The sound parts of one conference file: top-level fields and list items by index."""

    fields: Mapping[str, Any]
    items: Mapping[str, list[tuple[int, Any]]]
    raw_ids: Mapping[str, set[str]]
    complete: bool

    def get(self, name: str) -> Any:
        """A top-level field's value, or None when it is missing or unsound."""
        return self.fields.get(name)

    def each(self, name: str) -> list[tuple[int, Any]]:
        """The sound items of a list, with their positions in the file."""
        return self.items.get(name, [])


def _draft(loaded: Loaded) -> tuple[_Draft, list[Problem]]:
    """The file's shape problems, and its sound parts."""
    parsed, problems = check_shape(loaded, ConferenceFile)
    if parsed is not None and not loaded.problems:
        names = ConferenceFile.model_fields
        lists = {n for n, info in names.items() if list_item_model(info.annotation)}
        items = {n: list(enumerate(getattr(parsed, n))) for n in lists}
        fields = {n: getattr(parsed, n) for n in names if n not in lists}
        ids = {n: {getattr(x, "id", "") for _, x in v} for n, v in items.items()}
        return _Draft(fields, items, ids, complete=True), problems
    rescued = salvage(loaded, ConferenceFile)
    return _Draft(rescued.fields, rescued.items, rescued.raw_ids, complete=False), problems


@dataclass
class _Checker:
    """Collects problems for one file, with line numbers."""

    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)
    suggest: Suggestions = field(default_factory=Suggestions)

    def report(self, loc: Loc, message: str) -> None:
        """Record a problem at `loc`."""
        line = self.loaded.line_of(loc)
        self.problems.append(Problem(self.loaded.path, line, field_path(loc), message))


def _unique(check: _Checker, section: str, items: Iterable[tuple[int, Any]]) -> None:
    """Report ids that appear twice in one list."""
    seen: set[str] = set()
    for i, item in items:
        if item.id in seen:
            check.report((section, i, "id"), f"duplicate id {item.id!r} (ids must be unique)")
        seen.add(item.id)


def _check_date(check: _Checker, loc: Loc, day: dt.date | None) -> None:
    """A date in the plausible window."""
    why = implausible(day) if day else None
    if why:
        check.report(loc, f"{why} (expected a date within the committees' reviews)")


def _check_period(check: _Checker, loc: Loc, key: str, day: dt.date | None) -> Period | None:
    """Parse a period and check that a conference on `day` can review it."""
    try:
        period = parse_period(key)
    except ValueError as exc:
        check.report(loc, str(exc))
        return None
    why = implausible(period.start) or implausible(period.end)
    if why:
        check.report(loc, f"{key}: {why} (expected a period within the committees' reviews)")
        return None
    if day is None:
        return period
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
        self,
        loaded: Loaded,
        draft: _Draft,
        catalog: Catalog,
        provinces: Provinces,
    ):
        self.check = _Checker(loaded)
        self.draft = draft
        self.catalog = catalog
        self.provinces = provinces
        self.date: dt.date | None = draft.get("date")
        self.sources: dict[str, Source] = {}
        self.bridges = {b.id for _, b in draft.each("bridges")}

    def run(self) -> tuple[Conference | None, list[Problem]]:
        """All checks; the conference when none failed."""
        draft, check = self.draft, self.check
        stem = Path(check.loaded.path).stem
        conf_id = draft.get("id")
        if conf_id is not None and conf_id != stem:
            check.report(("id",), f"{conf_id!r} differs from the file name (expected {stem!r})")
        committees = draft.get("committees") or []
        if len(set(committees)) != len(committees):
            check.report(("committees",), "a committee is listed twice")
        _check_date(check, ("date",), self.date)
        period = None
        if draft.get("period") is not None:
            period = _check_period(check, ("period",), draft.get("period"), self.date)
        host = self._host()
        self._sources()
        self._references()
        observations = [self._metric(i, m, period) for i, m in draft.each("metrics")]
        self._parts(observations)
        if check.problems or not draft.complete or period is None or host is None:
            return None, check.problems
        assert self.date is not None
        return (
            Conference(
                id=draft.get("id"),
                path=check.loaded.path,
                title=draft.get("title"),
                date=self.date,
                level=draft.get("level"),
                host=host,
                committees=tuple(sorted(committees)),
                period=period,
                format=draft.get("format"),
                summary=draft.get("summary"),
                bridges=tuple(b for _, b in draft.each("bridges")),
                people=tuple(p for _, p in draft.each("people")),
                sources=tuple(self.sources.values()),
                observations=tuple(o for o in observations if o is not None),
                directives=tuple(d for _, d in draft.each("directives")),
                awards=tuple(a for _, a in draft.each("awards")),
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
                        + self.check.suggest(
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
        level, host = self.draft.get("level"), self.draft.get("host")
        if level is None:
            return None
        if level == "national":
            if host not in (None, "national"):
                self.check.report(("host",), "a national conference has no host province")
            return Scope("national")
        if host is None:
            if ("host",) not in self.check.loaded.invalid:
                self.check.report(("host",), f"a {level} conference needs its host (e.g. nghe-an)")
            return None
        if self.date is None:
            return None
        scope = self._scope(("host",), host, self.date)
        if scope and level == "district" and scope.level != "district":
            self.check.report(("host",), "a district conference needs {province, district}")
        if scope and level == "province" and scope.level != "province":
            self.check.report(("host",), "a province conference is hosted by a province slug")
        return scope

    def _sources(self) -> None:
        """Sources with their addresses checked and written again in a safe form."""
        for i, source in self.draft.each("sources"):
            _check_date(self.check, ("sources", i, "published"), source.published)
            if source.url:
                try:
                    source = source.model_copy(update={"url": safe_url(source.url)})
                except ValueError as exc:
                    self.check.report(("sources", i, "url"), f"the address {exc}")
            self.sources.setdefault(source.id, source)

    def _references(self) -> None:
        """Ids unique; bridges, people, directives and awards refer to what exists."""
        draft, check = self.draft, self.check
        for section in ("sources", "bridges", "metrics"):
            _unique(check, section, draft.each(section))
        for i, bridge in draft.each("bridges"):
            if bridge.province and self.date:
                self._scope(("bridges", i, "province"), bridge.province, self.date)
        seated = [("people", i, p.bridge) for i, p in draft.each("people")]
        seated += [("sources", i, s.bridge) for i, s in draft.each("sources")]
        known_bridges = self.bridges | draft.raw_ids.get("bridges", set())
        for section, i, bridge_id in seated:
            if bridge_id and bridge_id not in known_bridges:
                hint = check.suggest(bridge_id, self.bridges)
                check.report((section, i, "bridge"), f"unknown bridge {bridge_id!r}{hint}")
        names = {p.name for _, p in draft.each("people")}
        for i, directive in draft.each("directives"):
            self._source_ref(("directives", i, "source"), directive.source)
            if directive.by and directive.by not in names:
                hint = check.suggest(directive.by, names)
                check.report(("directives", i, "by"), f"{directive.by!r} is not in people{hint}")
        for i, award in draft.each("awards"):
            self._source_ref(("awards", i, "source"), award.source)
            if award.collectives is None and award.individuals is None:
                check.report(("awards", i), "give collectives:, individuals: or both")

    def _source_ref(self, loc: Loc, source_id: str) -> Source | None:
        """The source cited at `loc`; an unknown id is a problem (an unsound one was reported)."""
        source = self.sources.get(source_id)
        if source is None and source_id not in self.draft.raw_ids.get("sources", set()):
            hint = self.check.suggest(source_id, self.sources)
            self.check.report(loc, f"unknown source {source_id!r}{hint}")
        return source

    def _metric(self, i: int, metric: Metric, conf_period: Period | None) -> Observation | None:
        """Check one metric; the observation when it is sound."""
        loc: Loc = ("metrics", i)
        check = self.check
        problems_before = len(check.problems)
        indicator = self.catalog.indicators.get(metric.indicator)
        if indicator is None:
            hint = check.suggest(metric.indicator, self.catalog.indicators)
            check.report(
                (*loc, "indicator"),
                f"unknown indicator {metric.indicator!r}{hint} "
                "(indicators are listed in content/indicators.yaml; add a new one there)",
            )
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
        scope = None
        if self.date is not None:
            day = as_of or (period.end if period else self.date)
            scope = self._scope((*loc, "scope"), metric.scope, min(day, self.date))
        self._values(loc, metric, unit.kind)
        citations = self._citations(loc, metric)
        if len(check.problems) > problems_before or scope is None or conf_period is None:
            return None
        assert self.date is not None
        return Observation(
            conference_id=self.draft.get("id"),
            conference_date=self.date,
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
        day = self.date
        if measure == "stock":
            if metric.period is not None:
                self.check.report(
                    (*loc, "period"),
                    f"{metric.indicator} is a stock, counted at a date: use as_of, not period",
                )
            as_of = metric.as_of or day
            _check_date(self.check, (*loc, "as_of"), metric.as_of)
            if as_of and day and as_of > day:
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
        value = metric.value
        if value is not None and kind == "rate" and value > 100:
            check.report(
                (*loc, "value"), f"{plain_number(value)} is not a percentage (expected 0 to 100)"
            )
        if value is not None and kind in ("count", "money") and value != int(value):
            check.report((*loc, "value"), f"{plain_number(value)} is not a whole number of {kind}")
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
            expected: Expected | None = (
                (metric.ratio.numerator, metric.ratio.denominator)
                if metric.ratio
                else Decimal(metric.value)
                if metric.value is not None
                else None
            )
            change = metric.change.value if metric.change else None
            target = metric.target.by if metric.target else None
            pairs = (
                ("written", cited.written, expected),
                ("change_written", cited.change_written, change),
                ("target_written", cited.target_written, target),
            )
            for name, written, number in pairs:
                if number is not None and not isinstance(number, tuple):
                    number = Decimal(number)
                self._written((*cloc, name), written, number, source.language)
            out.append(Citation(source, cited.written, cited.change_written, cited.target_written))
        return tuple(out)

    def _written(
        self, loc: Loc, written: str | None, number: Expected | None, language: str
    ) -> None:
        """A written form must be present for a number and read back as exactly that number."""
        if number is None:
            if written is not None:
                self.check.report(loc, "written form given for a number that is not recorded")
            return
        if written is None:
            if loc[-1] == "written":
                self.check.report(loc, "missing: copy the number exactly as the source prints it")
            return
        try:
            readings = read_written(written, language)
        except WrittenFormError as exc:
            self.check.report(loc, f"{exc} (the source is in {language!r})")
            return
        wanted = [Decimal(n) for n in number] if isinstance(number, tuple) else [number]
        read = [r.value for r in readings]
        shown_read = " and ".join(plain_number(v) for v in read)
        shown_wanted = "/".join(plain_number(v) for v in wanted)
        if len(read) != len(wanted):
            self.check.report(
                loc,
                f"{written!r} has {len(read)} numbers ({shown_read}); expected "
                f"{'one' if len(wanted) == 1 else len(wanted)} ({shown_wanted}): copy only "
                "the number as printed, numbers are never added together",
            )
        elif read != wanted:
            self.check.report(
                loc,
                f"{written!r} reads as {shown_read} in {language!r}, not {shown_wanted} "
                "(expected the written form to match the recorded number)",
            )

    def _parts(self, observations: list[Observation | None]) -> None:
        """`part_of` names another metric of the same unit, with a value at least as large."""
        by_id = {o.metric_id: o for o in observations if o}
        ids = self.draft.raw_ids.get("metrics", set())
        for i, metric in self.draft.each("metrics"):
            if metric.part_of is None:
                continue
            loc: Loc = ("metrics", i, "part_of")
            if metric.part_of == metric.id or metric.part_of not in ids:
                hint = self.check.suggest(metric.part_of, ids)
                self.check.report(loc, f"{metric.part_of!r} is not another metric here{hint}")
                continue
            part, whole = by_id.get(metric.id), by_id.get(metric.part_of)
            if not part or not whole or part.unit.key != whole.unit.key:
                continue
            if part.value is not None and whole.value is not None and part.value > whole.value:
                self.check.report(
                    loc,
                    f"{plain_number(part.value)} is larger than the whole "
                    f"({plain_number(whole.value)})",
                )


def validate_conference(
    loaded: Loaded, catalog: Catalog | None, provinces: Provinces | None
) -> tuple[Conference | None, list[Problem]]:
    """Load, shape and meaning problems of one conference file, and the conference if sound."""
    if not loaded.usable:
        return None, list(loaded.problems)
    draft, problems = _draft(loaded)
    problems = [*loaded.problems, *problems]
    if catalog is None or provinces is None:
        return None, problems
    conference, found = _ConferenceChecker(loaded, draft, catalog, provinces).run()
    return (conference if not problems else None), problems + found


def load_corpus(content: Path) -> Corpus:
    """Load and validate all content; raise ContentError listing every problem."""
    found = discover(content)
    catalog, catalog_problems = read_catalog(content)
    provinces, province_problems = read_provinces(content)
    problems = [*found.problems, *catalog_problems, *province_problems]
    conferences: list[Conference] = []
    for file in found.conferences:
        loaded = load_yaml(file, file.relative_to(content).as_posix())
        conference, file_problems = validate_conference(loaded, catalog, provinces)
        problems.extend(file_problems)
        if conference:
            conferences.append(conference)
    counts = Counter(c.id for c in conferences)
    problems.extend(
        Problem(c.path, 1, "id", f"duplicate conference id {c.id!r}")
        for c in conferences
        if counts[c.id] > 1
    )
    if problems or catalog is None or provinces is None:
        raise ContentError(problems)
    return Corpus(tuple(sorted(conferences, key=lambda c: c.sort_key)), catalog, provinces)
