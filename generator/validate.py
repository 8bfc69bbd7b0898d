"""Check conference files against the registries and each other, then build the corpus.

Every stage reports: a value the loader refused, a field of the wrong shape and a reference
to an unknown indicator in one file are three problems of one run. Checks that need a part
of the file run on whatever parts are sound on their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content import SECTION_PAGE, discover
from .errors import ContentError, Problem, Suggestions, field_path
from .escape import safe_url
from .geo import GEO_FILE
from .load import Loaded, load_yaml, read_bounded
from .memo import Memo, files_digest, key_of
from .metrics import Context, MetricChecker, check_award, check_date, check_period
from .model import (
    Catalog,
    Conference,
    Corpus,
    Provinces,
    Scope,
    ScopeLevel,
    Venue,
    source_numbers,
)
from .registry import read_catalog, read_provinces, read_regions, resolve_province
from .schema import (
    DISTRICT_KIND_WORDS,
    Place,
    ProvinceUnit,
    Region,
    RegionRef,
    Source,
    district_kind_word,
)
from .schema import Conference as ConferenceFile
from .shape import check_shape, list_item_model, salvage

Loc = tuple[str | int, ...]
# Each distinct period gets a page and charts, and several pages list every period: a bound
# keeps the build quick (3,000 one-day periods took over 282 s to plan). Thirty years of years,
# halves, quarters, nine months and months are about 600.
MAX_PERIODS = 1_000


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


def _unique(check: Context, section: str, items: Iterable[tuple[int, Any]]) -> None:
    """Report ids that appear twice in one list."""
    seen: set[str] = set()
    for i, item in items:
        if item.id in seen:
            check.report((section, i, "id"), f"duplicate id {item.id!r} (ids must be unique)")
        seen.add(item.id)


@dataclass(frozen=True)
class Registries:
    """What conference files refer to: indicators, provinces and regions, all sound."""

    catalog: Catalog
    provinces: Provinces
    regions: Mapping[str, Region]


class _ConferenceChecker:
    """Semantic checks of one conference file; builds the model when they pass."""

    def __init__(self, loaded: Loaded, draft: _Draft, registries: Registries):
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.suggest = Suggestions()
        self.draft = draft
        self.catalog: Catalog = registries.catalog
        self.provinces = registries.provinces
        self.regions = registries.regions
        self.date: dt.date | None = draft.get("date")
        self.sources: dict[str, Source] = {}
        self.source_numbers: dict[str, int] = {}
        self.bridges = {b.id for _, b in draft.each("bridges")}
        self.venues: list[Venue] = []

    def report(self, loc: Loc, message: str) -> None:
        """Record a problem at `loc`."""
        line = self.loaded.line_of(loc)
        self.problems.append(Problem(self.loaded.path, line, field_path(loc), message))

    def run(self) -> tuple[Conference | None, list[Problem]]:
        """All checks; the conference when none failed."""
        draft = self.draft
        stem = Path(self.loaded.path).stem
        conf_id = draft.get("id")
        if conf_id is not None and conf_id != stem:
            self.report(("id",), f"{conf_id!r} differs from the file name (expected {stem!r})")
        if conf_id == SECTION_PAGE:
            message = f"{conf_id!r} names the page of the conferences section (choose another id)"
            self.report(("id",), message)
        committees = draft.get("committees") or []
        if len(set(committees)) != len(committees):
            self.report(("committees",), "a committee is listed twice")
        self._committees_named()
        check_date(self, ("date",), self.date)
        period = None
        if draft.get("period") is not None:
            period = check_period(self, ("period",), draft.get("period"), self.date)
        host = self._host()
        venue = self._venue()
        self._sources()
        self._references()
        metrics = MetricChecker(self, conf_id or stem, period, draft.get("kind") or "review")
        for i, metric in draft.each("metrics"):
            metrics.add(i, metric)
        observations = metrics.relations(draft.each("metrics"))
        if self.problems or not draft.complete or period is None or host is None:
            return None, self.problems
        assert self.date is not None
        return (
            Conference(
                id=draft.get("id"),
                path=self.loaded.path,
                title=draft.get("title"),
                date=self.date,
                level=draft.get("level"),
                kind=draft.get("kind"),
                host=host,
                host_note=draft.get("host_note"),
                venue=venue,
                organiser=draft.get("organiser"),
                committees=tuple(sorted(committees)),
                committees_note=draft.get("committees_note"),
                period=period,
                format=draft.get("format"),
                summary=draft.get("summary"),
                bridges=tuple(self.venues),
                people=tuple(p for _, p in draft.each("people")),
                sources=tuple(self.sources.values()),
                observations=tuple(observations),
                directives=tuple(d for _, d in draft.each("directives")),
                awards=tuple(a for _, a in draft.each("awards")),
            ),
            self.problems,
        )

    def _committees_named(self) -> None:
        """A conference is filed under the committees its sources name; where none prints a
        committee's name, a note says what they do say and why it is filed there."""
        named = any(s.committee_as_printed for _, s in self.draft.each("sources"))
        if not named and self.draft.complete and self.draft.get("committees_note") is None:
            self.report(
                ("committees",),
                "no source prints a committee's name (expected committee_as_printed: on the "
                "source that names it, or committees_note: {en, vi} saying what the sources say "
                "and why the conference is filed under these committees)",
            )

    def scope(self, loc: Loc, scope: object, day: dt.date) -> Scope | None:
        """Resolve 'national', a province slug, a place or a region on `day`."""
        if scope == "national":
            return Scope("national")
        if isinstance(scope, RegionRef):
            region = self.regions.get(scope.region)
            if region is None:
                hint = self.suggest(scope.region, self.regions)
                self.report(
                    (*loc, "region"),
                    f"unknown region {scope.region!r}{hint} "
                    "(regions are listed in content/regions.yaml)",
                )
                return None
            return Scope("region", region=region)
        place = scope if isinstance(scope, Place) else Place(province=str(scope))
        if place.system and (wrong := self._system_not_in_force(place.system, day)):
            self.report((*loc, "system"), wrong)
            return None
        try:
            unit = resolve_province(self.provinces, place.province, day)
        except LookupError as exc:
            self.report((*loc, "province") if isinstance(scope, Place) else loc, str(exc.args[0]))
            return None
        kind = self._district_kind(loc, place, day)
        level: ScopeLevel = (
            "commune" if place.commune else "district" if place.district else "province"
        )
        return Scope(level, unit, place.district, place.commune, day=day, district_kind=kind)

    def _district_kind(self, loc: Loc, place: Place, day: dt.date) -> str | None:
        """What a place's district-level unit is: as given, else the host's for the host's
        district, else a district (huyện); none after district level was abolished."""
        districts_abolished = self.provinces.system_on(day).id == "34"
        if place.district is None:
            if place.kind is not None:
                self.report((*loc, "kind"), "a kind needs its district (expected district:)")
            if place.commune and not districts_abolished:
                self.report(
                    loc,
                    "before 1 July 2025 a commune needs its district (expected district: and "
                    "commune:)",
                )
            return None
        if districts_abolished:
            self.report(
                (*loc, "district"),
                f"there are no districts on {day}: district level was abolished on 1 July 2025 "
                "(expected {province, commune} or the province alone)",
            )
        word = district_kind_word(place.district)
        if word:
            self.report(
                (*loc, "district"),
                f"{place.district!r} starts with its kind {word!r} (expected the name alone, and "
                f"kind: {DISTRICT_KIND_WORDS[word]})",
            )
        if place.kind is not None:
            return place.kind
        host = self.draft.get("host")
        if (
            isinstance(host, Place)
            and host.kind is not None
            and (host.province, host.district) == (place.province, place.district)
        ):
            return host.kind
        return "district"

    def _system_not_in_force(self, system_id: str, day: dt.date) -> str | None:
        """Why a place cannot name a unit of this system on `day` (it was not in force), or None.

        Naming the system only confirms what the date decides; it never reaches a unit that did
        not exist that day."""
        in_force = self.provinces.system_on(day)
        if system_id == in_force.id:
            return None
        named = next(s for s in self.provinces.systems if s.id == system_id)
        when = (
            f"begins on {named.valid_from.isoformat()}, after"
            if named.valid_from and day < named.valid_from
            else f"ended on {named.valid_until}, before"
        )
        return (
            f"the {system_id}-unit system {when} {day.isoformat()} (expected a unit of the "
            f"{in_force.id}-unit system in force then, or no system:)"
        )

    def source_number(self, source_id: str) -> int:
        """A source's 1-based place in the conference's list, as pages number it."""
        return self.source_numbers[source_id]

    def source(self, loc: Loc, source_id: str) -> Source | None:
        """The source cited at `loc`; an unknown id is a problem (an unsound one was reported)."""
        found = self.sources.get(source_id)
        if found is None and source_id not in self.draft.raw_ids.get("sources", set()):
            hint = self.suggest(source_id, self.sources)
            self.report(loc, f"unknown source {source_id!r}{hint}")
        return found

    def _host(self) -> Scope | None:
        """The host: the nation, a region, or the province/district that held the conference."""
        level, host = self.draft.get("level"), self.draft.get("host")
        region = self.draft.get("region")
        if level is None:
            return None
        if level != "regional" and region is not None:
            self.report(("region",), "only a regional meeting covers a region (level: regional)")
        if level in ("national", "regional"):
            if host is not None:
                self.report(("host",), f"a {level} conference has no host province")
            if level == "national":
                return Scope("national")
            if region is None:
                self.report(("region",), "a regional meeting needs the region it covers")
                return None
            return self.scope((), RegionRef(region=region), self.date or dt.date.min)
        if host is None:
            if ("host",) not in self.loaded.invalid:
                self.report(("host",), f"a {level} conference needs its host (e.g. nghe-an)")
            return None
        if self.date is None:
            return None
        scope = self.scope(("host",), host, self.date)
        if scope and level == "district" and scope.level != "district":
            self.report(("host",), "a district conference needs {province, district}")
        if scope and level == "commune" and scope.level != "commune":
            self.report(("host",), "a commune conference needs {province, commune}")
        if scope and level == "province" and scope.level != "province":
            self.report(("host",), "a province conference is hosted by a province slug")
        return scope

    def _venue(self) -> ProvinceUnit | None:
        """The province a meeting was held in (required for regional meetings)."""
        venue = self.draft.get("venue")
        if venue is None:
            if self.draft.get("level") == "regional":
                self.report(("venue",), "a regional meeting needs the province it was held in")
            return None
        if self.date is None:
            return None
        scope = self.scope(("venue",), venue, self.date)
        return scope.province if scope else None

    def _sources(self) -> None:
        """Sources with their addresses checked and written again in a safe form."""
        for i, source in self.draft.each("sources"):
            check_date(self, ("sources", i, "published"), source.published)
            if source.url:
                try:
                    source = source.model_copy(update={"url": safe_url(source.url)})
                except ValueError as exc:
                    self.report(("sources", i, "url"), f"the address {exc}")
            self.sources.setdefault(source.id, source)
        self.source_numbers = source_numbers(self.sources.values())

    def _references(self) -> None:
        """Ids unique; bridges, people, directives and awards refer to what exists."""
        draft = self.draft
        for section in ("sources", "bridges", "metrics"):
            _unique(self, section, draft.each(section))
        for i, bridge in draft.each("bridges"):
            unit = None
            if bridge.province and self.date:
                where = self.scope(("bridges", i, "province"), bridge.province, self.date)
                unit = where.province if where else None
            self.venues.append(Venue(bridge.id, bridge.name, unit))
        seated = [("people", i, p.bridge) for i, p in draft.each("people")]
        seated += [("sources", i, s.bridge) for i, s in draft.each("sources")]
        known_bridges = self.bridges | draft.raw_ids.get("bridges", set())
        for section, i, bridge_id in seated:
            if bridge_id and bridge_id not in known_bridges:
                hint = self.suggest(bridge_id, self.bridges)
                self.report((section, i, "bridge"), f"unknown bridge {bridge_id!r}{hint}")
        names = {p.name for _, p in draft.each("people")}
        for i, directive in draft.each("directives"):
            self.source(("directives", i, "source"), directive.source)
            if directive.by and directive.by not in names:
                hint = self.suggest(directive.by, names)
                self.report(("directives", i, "by"), f"{directive.by!r} is not in people{hint}")
        for i, award in draft.each("awards"):
            check_award(self, ("awards", i), award)


def read_registries(content: Path) -> tuple[Registries | None, list[Problem]]:
    """Every registry, checked; None with their problems when one is not sound."""
    catalog, problems = read_catalog(content)
    provinces, more = read_provinces(content)
    regions, most = read_regions(content, provinces)
    problems += more + most
    if catalog is None or provinces is None or regions is None:
        return None, problems
    return Registries(catalog, provinces, regions), problems


def validate_conference(
    loaded: Loaded, registries: Registries | None
) -> tuple[Conference | None, list[Problem]]:
    """Load, shape and meaning problems of one conference file, and the conference if sound."""
    if not loaded.usable:
        return None, list(loaded.problems)
    draft, problems = _draft(loaded)
    problems = [*loaded.problems, *problems]
    if registries is None:
        return None, problems
    conference, found = _ConferenceChecker(loaded, draft, registries).run()
    return (conference if not problems else None), problems + found


Validated = tuple[Conference | None, tuple[Problem, ...]]
# The last load's conferences in this process, by what they were made of: `mkdocs serve`
# rebuilds with the very objects a file made last time, so that their fingerprints are kept.
_last_load: dict[str, Validated] = {}
# The same, each conference's key by the object's id (kept alive by `_last_load`).
_loaded_as: dict[int, str] = {}


def _validated(
    file: Path,
    content: Path,
    registries: Registries | None,
    memo: Memo | None,
    basis: str,
    loaded: dict[str, Validated],
) -> tuple[Conference | None, list[Problem]]:
    """One conference file validated, or remembered from a build that read the same bytes
    with the same registries and code (`basis`): in this process, the same objects."""
    display = file.relative_to(content).as_posix()
    if memo is None:
        return validate_conference(load_yaml(file, display), registries)
    try:
        # Bounded: a file over the limit is refused by its first bytes, never read whole.
        key = key_of("conference", display, read_bounded(file), basis)
    except OSError:
        return validate_conference(load_yaml(file, display), registries)
    if key in _last_load:
        loaded[key] = _last_load[key]
        return loaded[key][0], list(loaded[key][1])
    remembered = memo.get(key)
    if remembered is None:
        remembered = validate_conference(load_yaml(file, display), registries)
        memo.put(key, remembered)
    conference, problems = remembered
    loaded[key] = (conference, tuple(problems))
    return conference, list(problems)


def _too_many_periods(conferences: list[Conference]) -> list[Problem]:
    """A problem when the conferences name more than MAX_PERIODS periods, at the file that
    names the most."""
    names: dict[str, set[str]] = {
        c.path: {c.period.key} | {o.reporting_period.key for o in c.observations}
        for c in conferences
    }
    found = set().union(*names.values())
    if len(found) <= MAX_PERIODS:
        return []
    path, most = max(names.items(), key=lambda item: (len(item[1]), item[0]))
    return [
        Problem(
            path,
            0,
            "",
            f"the content names {len(found):,} distinct periods, {len(most):,} of them here "
            f"(at most {MAX_PERIODS:,}: each period gets a page and charts; give a number for "
            "a year, a half, a quarter or a month rather than for many short ranges)",
        )
    ]


# The last registries read in this process, by the digest of the files they were read from.
_last_registries: dict[str, tuple[Registries | None, tuple[Problem, ...]]] = {}


def _registries(
    content: Path, digest: str, remember: bool
) -> tuple[Registries | None, list[Problem]]:
    """The registries, read again only when their files changed since this process last read
    them (`mkdocs serve`: the same objects, so that their fingerprints are kept)."""
    if not remember:
        return read_registries(content)
    if digest not in _last_registries:
        registries, problems = read_registries(content)
        _last_registries.clear()
        _last_registries[digest] = (registries, tuple(problems))
    registries, found = _last_registries[digest]
    return registries, list(found)


def load_corpus(content: Path, memo: Memo | None = None) -> Corpus:
    """Load and validate all content; raise ContentError listing every problem. With a
    `memo`, a conference file read before with the same registries is not validated again."""
    found = discover(content)
    registry_files = files_digest(content.glob("*.yaml"), content)
    registries, registry_problems = _registries(content, registry_files, memo is not None)
    problems = [*found.problems, *registry_problems]
    conferences: list[Conference] = []
    # A file's checks depend on the registries, and on today (no date past next year).
    basis = key_of(registry_files, dt.date.today().isoformat())
    loaded: dict[str, Validated] = {}
    for file in found.conferences:
        conference, file_problems = _validated(file, content, registries, memo, basis, loaded)
        problems.extend(file_problems)
        if conference:
            conferences.append(conference)
    if memo is not None:
        _last_load.clear()
        _last_load.update(loaded)
        _loaded_as.clear()
        _loaded_as.update({id(c): k for k, (c, _) in loaded.items() if c is not None})
    counts = Counter(c.id for c in conferences)
    problems.extend(
        Problem(c.path, 1, "id", f"duplicate conference id {c.id!r}")
        for c in conferences
        if counts[c.id] > 1
    )
    problems.extend(_too_many_periods(conferences))
    if problems or registries is None:
        raise ContentError(problems)
    boundaries = content / GEO_FILE
    return Corpus(
        _in_order(conferences),
        registries.catalog,
        registries.provinces,
        registries.regions,
        boundaries if boundaries.is_file() else None,
    )


def _in_order(conferences: Iterable[Conference]) -> tuple[Conference, ...]:
    """Conferences in the order a corpus keeps them."""
    return tuple(sorted(conferences, key=lambda c: c.sort_key))


def loaded_keys() -> tuple[str, ...]:
    """What the conference files of the last load with a memo were remembered under: with
    `remembered_corpus`, another process finds that corpus again (`last_build.Record`)."""
    return tuple(_last_load)


def loaded_as(conference: Conference) -> str | None:
    """The key the last load with a memo validated this very conference under: a digest of
    all it is made of (its file's bytes, the registries, the code); None for another."""
    key = _loaded_as.get(id(conference))
    return key if key is not None and _last_load[key][0] is conference else None


def remembered_corpus(keys: Iterable[str], like: Corpus, memo: Memo) -> Corpus | None:
    """The corpus a load read (its `loaded_keys`), from this process or the memo, with the
    registries and boundaries of `like`; None when a file of it is no longer remembered or
    did not validate."""
    conferences = []
    for key in keys:
        found = _last_load.get(key) or memo.get(key)
        if not isinstance(found, tuple) or len(found) != 2 or found[1]:
            return None
        if not isinstance(found[0], Conference):
            return None
        conferences.append(found[0])
    return dataclasses.replace(like, conferences=_in_order(conferences))
