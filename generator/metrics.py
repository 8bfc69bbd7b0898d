"""Check one conference's metrics and turn them into observations: each number with its unit,
scope, breakdown, period, stated change and target, and each citation with its written forms and
its verification quote; then the relations between them (parts, duplicates, disagreements)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from .errors import Problem, Suggestions, one_of
from .model import (
    Acknowledged,
    Breakdown,
    Catalog,
    Citation,
    Observation,
    Scope,
    StatedChange,
)
from .numbers import Qualifier, plain_number
from .periods import (
    Period,
    comparison_period,
    implausible,
    parse_period,
)
from .schema import Award, Change, Indicator, Metric, Source, Target
from .schema import Citation as CitationFile
from .written import Expected, mismatch, unordered_mismatch

Loc = tuple[str | int, ...]
# As many figures of one thing as a file can have sources (see schema.Conference.sources).
MAX_SOURCES = 50
# A review is held near the end of its period or after it; two months of slack covers
# year-end reviews held in late November and December.
MAX_DAYS_BEFORE_PERIOD_END = 62
# A part's printed number is a lower bound unless the source says it is approximate; a total's
# is an upper bound unless the source says "more than". Only bounds can prove parts too large.
_LOWER_BOUND: set[Qualifier | None] = {None, "more_than", "at_least"}
_UPPER_BOUND: set[Qualifier | None] = {None, "nearly", "up_to", "less_than"}
# What a stated outcome means against a stated target, by the indicator's direction.
_DIRECTIONS: dict[bool | None, tuple[str, dict[str, str]]] = {
    True: (
        "higher is better",
        {"exceeded": "above it", "met": "at or above it", "not_met": "below it"},
    ),
    False: (
        "lower is better",
        {"exceeded": "below it", "met": "at or below it", "not_met": "above it"},
    ),
    None: (
        "neutral",
        {"exceeded": "above or below it", "met": "anywhere", "not_met": "above or below it"},
    ),
}


class Context(Protocol):
    """What the metric checks need from the conference around them."""

    catalog: Catalog
    date: dt.date | None
    suggest: Suggestions
    problems: list[Problem]

    def report(self, loc: Loc, message: str) -> None: ...

    def scope(self, loc: Loc, scope: object, day: dt.date) -> Scope | None: ...

    def source(self, loc: Loc, source_id: str) -> Source | None: ...

    def source_number(self, source_id: str) -> int: ...


@dataclass(frozen=True)
class _Reading:
    """One number a metric records: the metric itself, or one of its parts."""

    loc: Loc
    unit: str
    value: Decimal | None
    ratio: tuple[int, int] | None
    qualifier: Qualifier | None
    change: Change | None


class MetricChecker:
    """Checks metrics one by one, then their relations; collects the observations."""

    def __init__(
        self,
        context: Context,
        conference_id: str,
        conference_period: Period | None,
        conference_kind: str = "review",
    ):
        self.ctx = context
        self.conference_id = conference_id
        self.conference_kind = conference_kind
        self.conference_period = conference_period
        self.by_index: dict[int, list[Observation]] = {}

    # ------------------------------------------------------------------ one metric

    def add(self, i: int, metric: Metric) -> None:
        """Check one metric; keep its observations when it is sound."""
        ctx, loc = self.ctx, ("metrics", i)
        problems_before = len(ctx.problems)
        indicator = ctx.catalog.indicators.get(metric.indicator)
        if indicator is None:
            hint = ctx.suggest(metric.indicator, ctx.catalog.indicators)
            ctx.report(
                (*loc, "indicator"),
                f"unknown indicator {metric.indicator!r}{hint} (indicators are listed in "
                "content/indicators.yaml: add a new one there, with its units)",
            )
            return
        readings = self._readings(loc, metric, indicator)
        period, as_of = self._when(loc, metric, indicator.measure)
        scope = None
        if ctx.date is not None:
            day = as_of or (period.end if period else ctx.date)
            scope = ctx.scope((*loc, "scope"), metric.scope, min(day, ctx.date))
        breakdown = self._breakdown(loc, metric, indicator)
        changes = [self._change(r, period, as_of) for r in readings]
        self._target(loc, metric, indicator, readings)
        citations = self._citations(loc, metric, readings)
        if len(ctx.problems) > problems_before or scope is None or ctx.date is None:
            return
        if self.conference_period is None:
            return  # the conference's own period is wrong, and reported
        self.by_index[i] = [
            Observation(
                conference_id=self.conference_id,
                conference_date=ctx.date,
                metric_id=metric.id,
                indicator=indicator,
                unit=ctx.catalog.units[reading.unit],
                scope=scope,
                breakdown=breakdown,
                period=period,
                as_of=as_of,
                reporting_period=period or self.conference_period,
                value=reading.value,
                ratio=reading.ratio,
                qualifier=reading.qualifier,
                change=change,
                target=metric.target,
                whole=None,
                note=metric.note,
                citations=citations,
                paired=metric.parts is not None,
                conference_kind=self.conference_kind,
                acknowledged=tuple(
                    Acknowledged(d.conference or self.conference_id, d.metric, d.why)
                    for d in metric.disagrees_with
                ),
            )
            for reading, change in zip(readings, changes, strict=True)
        ]

    def _readings(self, loc: Loc, metric: Metric, indicator: Indicator) -> list[_Reading]:
        """The numbers the metric records, each in a unit of its indicator (the first listed
        unit unless the metric names one)."""
        ctx = self.ctx
        if metric.parts is not None:
            for name in ("unit", "value", "ratio", "qualifier", "change"):
                if getattr(metric, name) is not None:
                    ctx.report(
                        (*loc, name),
                        f"a figure in parts gives {name} in each part (expected parts: [{{unit, "
                        "value, qualifier, change}, …] and no top-level value)",
                    )
            readings = [
                _Reading(
                    (*loc, "parts", j),
                    part.unit,
                    Decimal(part.value) if part.value is not None else None,
                    None,
                    part.qualifier,
                    part.change,
                )
                for j, part in enumerate(metric.parts)
            ]
            seen: set[str] = set()
            for reading in readings:
                if reading.unit in seen:
                    ctx.report(
                        (*reading.loc, "unit"),
                        f"{reading.unit!r} is the unit of an earlier part (expected each part in "
                        "a unit of its own: two figures in one unit are two metrics)",
                    )
                seen.add(reading.unit)
        else:
            unit = metric.unit or indicator.units[0]
            ratio = (metric.ratio.numerator, metric.ratio.denominator) if metric.ratio else None
            value = Decimal(metric.value) if metric.value is not None else None
            readings = [_Reading(loc, unit, value, ratio, metric.qualifier, metric.change)]
        for reading in readings:
            if reading.unit not in indicator.units:
                where = (*reading.loc, "unit")
                allowed = one_of(list(indicator.units))
                ctx.report(where, f"{reading.unit!r} is not a unit of {indicator.key} ({allowed})")
            else:
                self._values(reading)
        return readings

    def _values(self, reading: _Reading) -> None:
        """The number itself: present, in range, consistent."""
        ctx, loc = self.ctx, reading.loc
        kind = ctx.catalog.units[reading.unit].kind
        value = reading.value
        if value is not None and reading.ratio is not None:
            ctx.report((*loc, "ratio"), "give value: or ratio:, not both")
        if value is None and reading.ratio is None and reading.change is None:
            ctx.report(loc, "no number: give value:, ratio:, parts: or at least change:")
        if reading.ratio and reading.ratio[0] > reading.ratio[1]:
            numerator, denominator = reading.ratio
            ctx.report(
                (*loc, "ratio"), f"numerator {numerator} is larger than denominator {denominator}"
            )
        if value is not None and kind == "rate" and value > 100:
            ctx.report(
                (*loc, "value"), f"{plain_number(value)} is not a percentage (expected 0 to 100)"
            )
        if value is not None and kind in ("count", "money") and value != int(value):
            ctx.report((*loc, "value"), f"{plain_number(value)} is not a whole number of {kind}")
        if reading.qualifier and value is None and reading.ratio is None:
            ctx.report((*loc, "qualifier"), "a qualifier needs a value")

    def _when(self, loc: Loc, metric: Metric, measure: str) -> tuple[Period | None, dt.date | None]:
        """A flow's period or a stock's as-of date, with defaults from the conference."""
        ctx, day = self.ctx, self.ctx.date
        if measure == "stock":
            if metric.period is not None:
                ctx.report(
                    (*loc, "period"),
                    f"{metric.indicator} is a stock, counted at a date: use as_of, not period",
                )
            as_of = metric.as_of or day
            if as_of and day and as_of > day:
                ctx.report((*loc, "as_of"), f"{as_of} is after the conference ({day})")
            return None, as_of
        if metric.as_of is not None:
            ctx.report(
                (*loc, "as_of"),
                f"{metric.indicator} is a flow, counted over a period: use period, not as_of",
            )
        if metric.period is None:
            return self.conference_period, None
        return check_period(ctx, (*loc, "period"), metric.period, day), None

    def _breakdown(self, loc: Loc, metric: Metric, indicator: Indicator) -> Breakdown:
        """The dimension members a split figure belongs to."""
        ctx, found = self.ctx, []
        for key, member_key in sorted((metric.breakdown or {}).items()):
            where = (*loc, "breakdown", key)
            dimension = ctx.catalog.dimensions.get(key)
            if dimension is None:
                hint = ctx.suggest(key, ctx.catalog.dimensions)
                ctx.report(where, f"unknown dimension {key!r}{hint} (see content/indicators.yaml)")
                continue
            if key not in indicator.dimensions:
                ctx.report(
                    where,
                    f"{indicator.key} is not broken down by {key} (add {key!r} to its "
                    "dimensions in content/indicators.yaml)",
                )
            members = {m.key: m for m in dimension.members}
            if member_key not in members:
                hint = ctx.suggest(member_key, members)
                ctx.report(where, f"{member_key!r} is not a member of {key}{hint}")
                continue
            found.append((dimension, members[member_key]))
        return tuple(found)

    def _change(
        self, reading: _Reading, period: Period | None, as_of: dt.date | None
    ) -> StatedChange | None:
        """The change with the period (or day) it compares with resolved from its words."""
        change = reading.change
        if change is None:
            return None
        loc = (*reading.loc, "change")
        if change.value is None and change.qualifier is not None:
            self.ctx.report((*loc, "qualifier"), "a qualifier needs a value")
        # A share of the earlier figure is checked against its direction on its own: 100%.
        if change.direction == "unchanged" and change.value and change.unit != "of_earlier":
            self.ctx.report(
                (*loc, "value"),
                f"an unchanged figure has no size of change, but value is "
                f"{plain_number(change.value)} (expected value 0 or none, or direction increase "
                "or decrease)",
            )
        if change.also is not None and change.value is None:
            self.ctx.report((*loc, "also"), "a second size needs the first (expected value:)")
        if change.also is not None and change.also.unit == change.unit:
            self.ctx.report(
                (*loc, "also", "unit"),
                f"the second size is in {change.unit} like the first (expected another unit: "
                "'giảm 76 vụ, tỷ lệ 3,9%' is count, then percent)",
            )
        if change.unit == "of_earlier" and change.value is not None:
            self._of_earlier(loc, change.direction, Decimal(change.value))
        compared_with, compared_on = None, None
        try:
            if period is not None:
                compared_with = comparison_period(period, change.versus)
            elif as_of is not None:
                compared_on = _earlier_day(as_of, change.versus)
        except ValueError as exc:
            self.ctx.report((*loc, "versus"), str(exc))
        return StatedChange(
            direction=change.direction,
            value=Decimal(change.value) if change.value is not None else None,
            unit=change.unit,
            qualifier=change.qualifier,
            versus=change.versus,
            compared_with=compared_with,
            compared_on=compared_on,
            also=change.also,
        )

    def _of_earlier(self, loc: Loc, direction: str, share: Decimal) -> None:
        """A figure at a share of the earlier one went down below 100%, up above it."""
        fits = {"decrease": share < 100, "increase": share > 100, "unchanged": share == 100}
        if not fits[direction]:
            self.ctx.report(
                (*loc, "direction"),
                f"{direction} does not fit a figure at {plain_number(share)}% of the earlier one "
                "(expected decrease below 100%, increase above it, unchanged at 100%)",
            )

    def _target(
        self, loc: Loc, metric: Metric, indicator: Indicator, readings: Sequence[_Reading]
    ) -> None:
        """A target says how it was met, in a unit that fits, derived only when asked."""
        target, ctx = metric.target, self.ctx
        if target is None:
            return
        where = (*loc, "target")
        if metric.parts is not None:
            ctx.report(where, "a target on a figure in parts: record it on a metric of its own")
            return
        if target.by is not None and target.unit is None:
            ctx.report(
                (*where, "unit"), "say what `by` counts: percent, points, count or of_target"
            )
        if target.unit is not None and target.by is None:
            ctx.report((*where, "by"), f"unit {target.unit} needs the margin `by` as printed")
        if target.derived and (target.unit not in ("points", "count") or target.value is not None):
            ctx.report(
                (*where, "derived"),
                "only a margin in points or count, with no stated target, lets the site derive "
                "the target (value minus by)",
            )
        achieved = readings[0].value if target.applies_to == "value" else None
        if target.value is not None and achieved is not None and readings[0].qualifier is None:
            _check_outcome(ctx, where, target, achieved, indicator)

    def _citations(
        self, loc: Loc, metric: Metric, readings: Sequence[_Reading]
    ) -> tuple[Citation, ...]:
        """Citations whose written forms print the numbers and whose quote holds them."""
        out: list[Citation] = []
        values = _expected_values(readings)
        changes = _expected_changes(readings, with_also=True)
        # An outlet may print only the first size of a change printed two ways elsewhere.
        first_sizes = _expected_changes(readings, with_also=False)
        target = metric.target
        numbers = (target.value, target.by) if target else ()
        targets = [Expected(Decimal(n), check_qualifier=False) for n in numbers if n is not None]
        if values and all(c.written is None for c in metric.sources):
            self.ctx.report(
                (*loc, "sources", 0, "written"),
                "missing: copy the number exactly as the source prints it",
            )
        for j, cited in enumerate(metric.sources):
            where: Loc = (*loc, "sources", j)
            if (
                cited.written is None
                and cited.change_written is None
                and cited.target_written is None
            ):
                self.ctx.report(
                    where, "give the number as printed: written, change_written or target_written"
                )
            source = self.ctx.source((*where, "source"), cited.source)
            if source is None:
                continue
            language = source.language
            self._written((*where, "written"), cited.written, values, language)
            printed = changes
            only_first = cited.change_written and first_sizes != changes
            if only_first and not mismatch(cited.change_written or "", first_sizes, language):
                printed = first_sizes
            self._written((*where, "change_written"), cited.change_written, printed, language)
            self._written(
                (*where, "target_written"),
                cited.target_written,
                targets,
                language,
                what="target number",
                ordered=False,
            )
            self._quote(where, cited)
            out.append(
                Citation(
                    source,
                    self.ctx.source_number(source.id),
                    cited.written,
                    cited.change_written,
                    cited.target_written,
                    cited.quote,
                )
            )
        return tuple(out)

    def _written(
        self,
        loc: Loc,
        written: str | None,
        expected: Sequence[Expected],
        language: str,
        what: str = "number",
        ordered: bool = True,
    ) -> None:
        """A written form prints exactly the numbers recorded (absent when there are none);
        a target and its margin may be printed in either order."""
        if written is None:
            return
        if not expected:
            self.ctx.report(loc, f"written form given for a {what} that is not recorded")
            return
        if ordered:
            why = mismatch(written, expected, language)
        else:
            why = unordered_mismatch(written, [e.value for e in expected], language)
        if why:
            self.ctx.report(loc, why)

    def _quote(self, loc: Loc, cited: CitationFile) -> None:
        """The quote holds every written form of its citation, character for character."""
        quote = cited.quote
        for name in ("written", "change_written", "target_written"):
            written = getattr(cited, name)
            if written is not None and written not in quote:
                self.ctx.report(
                    (*loc, "quote"),
                    f"does not contain the {name.replace('_', ' ')} {written!r} (expected the "
                    "article's own words around the number, copied verbatim)",
                )

    # ------------------------------------------------------------------ relations

    def relations(self, metrics: Sequence[tuple[int, Metric]]) -> list[Observation]:
        """Parts within their wholes, one figure per source; the observations, disagreements
        marked."""
        self._parts(metrics)
        self._same_things()
        self._acknowledged(metrics)
        return [o for i in sorted(self.by_index) for o in self.by_index[i]]

    def _acknowledged(self, metrics: Sequence[tuple[int, Metric]]) -> None:
        """A disagreement acknowledged in this file names another metric of it."""
        ids = {m.id for _, m in metrics}
        for i, metric in metrics:
            for j, other in enumerate(metric.disagrees_with):
                here = other.conference in (None, self.conference_id)
                if here and (other.metric == metric.id or other.metric not in ids):
                    hint = self.ctx.suggest(other.metric, ids - {metric.id})
                    self.ctx.report(
                        ("metrics", i, "disagrees_with", j, "metric"),
                        f"{other.metric!r} is not another metric here{hint} (expected a metric id "
                        "of this file, or conference: with the other file's id)",
                    )

    def _index_of(self) -> dict[str, int]:
        return {obs.metric_id: i for i, group in self.by_index.items() for obs in group}

    def _parts(self, metrics: Sequence[tuple[int, Metric]]) -> None:
        """A part names another metric, and parts of one dimension never exceed their total."""
        ctx = self.ctx
        ids = {m.id for _, m in metrics}
        index = self._index_of()
        for i, metric in metrics:
            if metric.part_of is None:
                continue
            loc: Loc = ("metrics", i, "part_of")
            if metric.part_of == metric.id or metric.part_of not in ids:
                hint = ctx.suggest(metric.part_of, ids - {metric.id})
                ctx.report(loc, f"{metric.part_of!r} is not another metric here{hint}")
                continue
            wholes = self.by_index.get(index.get(metric.part_of, -1), [])
            parts = self.by_index.get(i, [])
            for k, part in enumerate(parts):
                whole = next((w for w in wholes if w.unit.key == part.unit.key), None)
                if whole is None and len(wholes) == 1:
                    whole = wholes[0]  # a part in another unit than its whole ("of which")
                if whole is None:
                    continue
                if whole.unit.key == part.unit.key and _bounds_exceeded([part], whole):
                    ctx.report(
                        loc,
                        f"{plain_number(part.value or 0)} is larger than the whole "
                        f"({plain_number(whole.value or 0)})",
                    )
                parts[k] = dataclasses.replace(part, whole=whole.key)
        self._breakdown_sums(index)

    def _breakdown_sums(self, index: dict[str, int]) -> None:
        """Members of one dimension are disjoint: together they cannot exceed their total.

        Each figure of a total (sources may disagree) is checked against the parts printed by
        a source that prints it, whatever the order of the metrics."""
        everything = [o for group in self.by_index.values() for o in group]
        totals: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
        parts: dict[tuple[tuple[str, ...], str], list[Observation]] = defaultdict(list)
        for obs in everything:
            if not obs.breakdown:
                totals[obs.same_thing].append(obs)
            elif len(obs.breakdown) == 1:
                parts[(obs.same_thing[:4], obs.breakdown[0][0].key)].append(obs)
        for (whole_key, dimension), members in sorted(parts.items()):
            for total in totals.get(whole_key, []):
                printed = _parts_printed_with(total, members)
                if printed and _bounds_exceeded(printed, total):
                    shown = ", ".join(plain_number(m.value or 0) for m in printed)
                    self.ctx.report(
                        ("metrics", index[total.metric_id]),
                        f"its parts by {dimension} exceed it: {shown} against "
                        f"{plain_number(total.value or 0)} (expected parts within their total)",
                    )

    def _same_things(self) -> None:
        """Two figures of the same thing are one figure cited twice, or sources disagreeing."""
        groups: dict[tuple[str, ...], list[tuple[int, Observation]]] = defaultdict(list)
        for i in sorted(self.by_index):
            for obs in self.by_index[i]:
                groups[obs.same_thing].append((i, obs))
        for group in groups.values():
            if len(group) > 1:
                self._one_figure_per_source(group)
                self._mark_disagreements(group)

    def _one_figure_per_source(self, group: list[tuple[int, Observation]]) -> None:
        """Each source gives one figure; one figure is one metric (a figure in parts is written
        once)."""
        by_source: dict[str, int] = {}
        by_figure: dict[tuple[object, ...], int] = {}
        what = "the same indicator, unit, scope, period and breakdown as metrics"
        for i, obs in group:
            sources = sorted({c.source.id for c in obs.citations})
            shared = [s for s in sources if by_source.get(s, i) != i]
            if shared:
                self.ctx.report(
                    ("metrics", i),
                    f"{what}[{by_source[shared[0]]}], from the same source {shared[0]!r} "
                    "(expected one figure per source: when outlets disagree, each metric cites "
                    "only the sources printing it; when the source counts something else, say "
                    "what: its own period (period:, the narrowest the words allow, with a note "
                    "when its dates are not printed), breakdown: or scope:)",
                )
            elif not obs.paired and by_figure.get(_figure(obs), i) != i:
                self.ctx.report(
                    ("metrics", i),
                    f"{what}[{by_figure[_figure(obs)]}], with the same figure (expected one "
                    "metric citing both sources)",
                )
            for source in sources:
                by_source.setdefault(source, i)
            if not obs.paired:
                by_figure.setdefault(_figure(obs), i)

    def _mark_disagreements(self, group: list[tuple[int, Observation]]) -> None:
        """Each figure names the other figures of the same thing (a source gives one each)."""
        if len(group) > MAX_SOURCES:
            return  # more figures than sources: the problems above already stop the build
        for i, obs in group:
            others = tuple(o.key for _, o in group if _figure(o) != _figure(obs))
            if others:
                replaced = dataclasses.replace(obs, disagrees_with=others)
                self.by_index[i] = [replaced if o.key == obs.key else o for o in self.by_index[i]]


def _figure(obs: Observation) -> tuple[object, ...]:
    """The figure as printed: two observations with different figures disagree."""
    return (obs.value, obs.ratio, obs.qualifier)


def _expected_changes(readings: Sequence[_Reading], with_also: bool) -> list[Expected]:
    """The sizes `change_written` prints, in order: each change's, and its second size."""
    return [
        Expected(Decimal(size.value), size.qualifier)
        for r in readings
        if r.change
        for size in (r.change, r.change.also if with_also else None)
        if size is not None and size.value is not None
    ]


def _expected_values(readings: Sequence[_Reading]) -> list[Expected]:
    """The numbers `written` must print, in order: a value, a ratio's two, each part's."""
    expected: list[Expected] = []
    for reading in readings:
        if reading.ratio is not None:
            expected.append(Expected(Decimal(reading.ratio[0]), reading.qualifier))
            expected.append(Expected(Decimal(reading.ratio[1]), None, check_qualifier=False))
        elif reading.value is not None:
            expected.append(Expected(reading.value, reading.qualifier))
    return expected


def _earlier_day(day: dt.date, versus: str) -> dt.date:
    """The day a stock is compared with; ValueError when the words fit no day."""
    if versus in ("previous_period", "previous_month"):
        raise ValueError(f"a stock counted on a day has no {versus}: use same_period or a period")
    return comparison_period(Period(day, day, day.isoformat(), "range"), versus).end


def _check_outcome(
    ctx: Context, loc: Loc, target: Target, achieved: Decimal, indicator: Indicator
) -> None:
    """A stated target and the achieved value agree with the stated outcome, read in the
    indicator's direction: where lower is better, "met" is at or below the target. A neutral
    indicator's target may point either way: only an outcome wrong in both is refused."""
    goal = Decimal(target.value or 0)
    better = indicator.higher_is_better
    fits = {
        True: {"exceeded": achieved > goal, "met": achieved >= goal, "not_met": achieved < goal},
        False: {"exceeded": achieved < goal, "met": achieved <= goal, "not_met": achieved > goal},
        None: {"exceeded": achieved != goal, "met": True, "not_met": achieved != goal},
    }[better][target.outcome]
    if not fits:
        direction = _DIRECTIONS[better]
        ctx.report(
            (*loc, "outcome"),
            f"{target.outcome} does not fit {plain_number(achieved)} against the stated target "
            f"{plain_number(goal)} ({indicator.key}: {direction[0]}, so {target.outcome} means "
            f"{direction[1][target.outcome]})",
        )


def _parts_printed_with(total: Observation, members: Sequence[Observation]) -> list[Observation]:
    """The parts a source of this total prints, one figure per part (by member): where
    sources print a part differently, the smallest bound, so that disagreement never adds."""
    sources = {c.source.id for c in total.citations}
    smallest: dict[tuple[str, ...], Observation] = {}
    for part in members:
        if sources.isdisjoint(c.source.id for c in part.citations):
            continue
        kept = smallest.get(part.same_thing)
        if kept is None or _lower_bound(part) < _lower_bound(kept):
            smallest[part.same_thing] = part
    return [smallest[key] for key in sorted(smallest)]


def _lower_bound(part: Observation) -> Decimal:
    """What a part's printed figure proves at least (nothing when it is approximate)."""
    if part.value is None or part.qualifier not in _LOWER_BOUND:
        return Decimal(0)
    return part.value


def _bounds_exceeded(parts: Sequence[Observation], whole: Observation) -> bool:
    """Whether the parts' printed lower bounds together exceed the whole's upper bound."""
    if whole.value is None or whole.qualifier not in _UPPER_BOUND or whole.unit.kind == "rate":
        return False
    return sum((_lower_bound(p) for p in parts), Decimal(0)) > whole.value


def check_award(ctx: Context, loc: Loc, award: Award) -> None:
    """An award's counts are printed by its source, in its written form, inside its quote."""
    counts = [n for n in (award.collectives, award.individuals, award.recipients) if n is not None]
    source = ctx.source((*loc, "source"), award.source)
    if award.recipients is not None and (award.collectives or award.individuals) is not None:
        ctx.report(
            (*loc, "recipients"),
            "recipients counts collectives and individuals together: give it only when the "
            "source prints no separate counts (expected recipients:, or collectives: and "
            "individuals:)",
        )
    if not counts and not award.named and award.written is None:
        return  # an award printed without a count: the quote says what was given
    if counts and award.written is None:
        ctx.report(
            (*loc, "written"),
            "missing: copy the counts exactly as the source prints them ('43 tập thể và 43 cá "
            "nhân')",
        )
        return
    if award.written is None or source is None:
        return
    why = (
        unordered_mismatch(
            award.written, [Decimal(n) for n in counts], source.language, "the award's counts"
        )
        if counts
        else f"written form given for a count that is not recorded ({award.written!r}; expected "
        "collectives:, individuals: or recipients:)"
    )
    if why:
        ctx.report((*loc, "written"), why)
    elif award.written not in award.quote:
        ctx.report(
            (*loc, "quote"),
            f"does not contain the written {award.written!r} (expected the article's own words "
            "around the counts, copied verbatim)",
        )


def check_date(ctx: Context, loc: Loc, day: dt.date | None) -> None:
    """A date in the plausible window."""
    why = implausible(day) if day else None
    if why:
        ctx.report(loc, f"{why} (expected a date within the committees' reviews)")


def check_period(ctx: Context, loc: Loc, key: str, day: dt.date | None) -> Period | None:
    """Parse a period and check that a conference on `day` can review it."""
    try:
        period = parse_period(key)
    except ValueError as exc:
        ctx.report(loc, str(exc))
        return None
    why = implausible(period.start) or implausible(period.end)
    if why:
        ctx.report(loc, f"{key}: {why} (expected a period within the committees' reviews)")
        return None
    if day is None:
        return period
    if period.start > day:
        ctx.report(loc, f"{key} starts after the conference ({day}): a review looks back")
    elif (period.end - day).days > MAX_DAYS_BEFORE_PERIOD_END:
        ctx.report(
            loc,
            f"{key} ends on {period.end}, long after the conference ({day}) "
            "(expected a period that has ended, or nearly, by the conference date)",
        )
    return period
