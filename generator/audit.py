"""`python -m generator audit`: what a careful reader would doubt in the whole record, for
curators. The checks of `check` look at one file; these look across files and outlets:

- the same thing counted (indicator, unit, scope, period, breakdown) with figures that cannot
  both be right, in two conferences or from two outlets of one (figures of one file within a
  tenth of each other are the outlets' usual differences, recorded side by side: acknowledged);
- a series that jumps by more than ten times between two comparable periods;
- a part larger than its total, wherever each is recorded;
- a rate that disagrees with the count it is printed with ("252/299 vụ, đạt 84,28%");
- a listed source that no number, directive or award cites.

A finding is acknowledged in the data: `disagrees_with` on one of its metrics names the other
(with why, in our words), or a source says what it is `listed_for`. Acknowledged findings are
listed as such and do not fail the audit.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .model import Conference, Corpus, Observation, text
from .numbers import plain_number

# A jump between comparable periods larger than this factor is worth a second look.
JUMP_FACTOR = 10
# Why two close figures of one file need no more words (far apart, they need a why).
SAME_FILE = "outlets of one conference that differ by less than a tenth, shown side by side"
# Approximate figures ("gần 50.000") agree with an exact one within this share of it.
APPROXIMATE = Decimal("0.1")


@dataclass(frozen=True)
class Finding:
    """Something a careful reader would doubt, where it is, and whether the data says why."""

    kind: str
    message: str
    where: tuple[str, ...]
    acknowledged: str | None = None

    def __str__(self) -> str:
        line = f"{self.kind}: {self.message} [{'; '.join(self.where)}]"
        if self.acknowledged is not None:
            line += f"\n  acknowledged: {self.acknowledged}"
        return line


def audit(corpus: Corpus) -> list[Finding]:
    """Every finding in the corpus, in a stable order."""
    paths = {c.id: c.path for c in corpus.conferences}
    observations = corpus.observations
    found = [
        *_broken_acknowledgements(corpus, paths),
        *_figures_that_differ(observations, paths),
        *_jumps(observations, paths),
        *_parts_over_totals(observations, paths),
        *_rates_against_counts(corpus.conferences, paths),
        *_unused_sources(corpus.conferences),
    ]
    return sorted(found, key=lambda f: (f.kind, f.where, f.message))


def report(findings: Sequence[Finding]) -> str:
    """The findings, then a count line: open ones first, acknowledged ones after."""
    open_ = [f for f in findings if f.acknowledged is None]
    done = [f for f in findings if f.acknowledged is not None]
    lines = [str(f) for f in open_] + [str(f) for f in done]
    lines.append(
        f"audit: {len(open_)} open finding{'s' if len(open_) != 1 else ''}, "
        f"{len(done)} acknowledged"
    )
    return "\n".join(lines)


def _where(obs: Observation, paths: dict[str, str]) -> str:
    """'conferences/<file>.yaml#metric-id'."""
    return f"{paths[obs.conference_id]}#{obs.metric_id}"


def _shown(obs: Observation) -> str:
    """A figure as the audit prints it: 'nearly 50000 cases', '217/460 communes'."""
    if obs.ratio is not None:
        figure = f"{obs.ratio[0]}/{obs.ratio[1]}"
    elif obs.value is not None:
        figure = plain_number(obs.value)
    else:
        figure = "no value"
    qualifier = f"{obs.qualifier} " if obs.qualifier else ""
    return f"{qualifier}{figure} {obs.unit.key}"


def _what(obs: Observation) -> str:
    """'smuggling_violations, national, 2025-H1 (field=drugs)'."""
    when = obs.period.key if obs.period else f"as of {obs.as_of}"
    parts = "".join(f", {d.key}={m.key}" for d, m in obs.breakdown)
    return f"{obs.indicator.key}, {obs.scope.key}, {when}{parts}"


def _acknowledged(a: Observation, b: Observation) -> str | None:
    """Why two figures differ, when either names the other in `disagrees_with`."""
    for one, other in ((a, b), (b, a)):
        for known in one.acknowledged:
            if (known.conference_id, known.metric_id) == (other.conference_id, other.metric_id):
                return text(known.why, "en")
    return None


def _broken_acknowledgements(corpus: Corpus, paths: dict[str, str]) -> Iterator[Finding]:
    """A `disagrees_with` naming a metric that is not in the record."""
    metrics = {(o.conference_id, o.metric_id) for o in corpus.observations}
    for obs in corpus.observations:
        if obs.paired and obs.unit.key != _first_unit(obs, corpus):
            continue  # a figure in parts: its acknowledgements are checked once
        for known in obs.acknowledged:
            if (known.conference_id, known.metric_id) not in metrics:
                yield Finding(
                    "unknown-disagreement",
                    f"disagrees_with names {known.conference_id}#{known.metric_id}, which is "
                    "not recorded (expected a metric id, and the conference id of its file)",
                    (_where(obs, paths),),
                )


def _first_unit(obs: Observation, corpus: Corpus) -> str:
    """The unit of the first part of the figure an observation belongs to."""
    conference = corpus.conference(obs.conference_id)
    return next(o.unit.key for o in conference.observations if o.metric_id == obs.metric_id)


def _bounds(obs: Observation) -> tuple[Decimal, Decimal] | None:
    """The range a printed figure allows: exact, or within its qualifier's meaning."""
    value = obs.plot_value if obs.ratio is None else None
    if value is None:
        return None
    slack = value * APPROXIMATE
    return {
        None: (value, value),
        "more_than": (value, value + slack),
        "at_least": (value, value + slack),
        "about": (value - slack, value + slack),
        "nearly": (value - slack, value),
        "up_to": (value - slack, value),
        "less_than": (value - slack, value),
    }[obs.qualifier]


def _compatible(a: Observation, b: Observation) -> bool:
    """Whether two printed figures can both be right."""
    if a.ratio is not None or b.ratio is not None:
        return a.ratio == b.ratio
    first, second = _bounds(a), _bounds(b)
    if first is None or second is None:
        return True  # a change without a value says nothing about the figure
    return first[0] <= second[1] and second[0] <= first[1]


def _close(a: Observation, b: Observation) -> bool:
    """Whether two figures are within a tenth of each other: outlets' usual differences."""
    first, second = a.plot_value, b.plot_value
    if first is None or second is None:
        return False
    return abs(first - second) <= APPROXIMATE * max(first, second)


def _figures_that_differ(
    observations: Iterable[Observation], paths: dict[str, str]
) -> Iterator[Finding]:
    """The same thing with figures that cannot both be right: in two conferences, or from
    two outlets of one (those are recorded as disagreeing, so acknowledged)."""
    groups: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[obs.same_thing].append(obs)
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            if _compatible(a, b):
                continue
            known = _acknowledged(a, b)
            if a.conference_id == b.conference_id and _close(a, b):
                known = known or SAME_FILE
            yield Finding(
                "differs",
                f"{_what(a)}: {_shown(a)} against {_shown(b)}",
                (_where(a, paths), _where(b, paths)),
                known,
            )


def _series_key(obs: Observation) -> tuple[str, ...]:
    """What makes two observations points of one series: all but the period."""
    kind = obs.period.kind if obs.period else "stock"
    parts = tuple(f"{d.key}={m.key}" for d, m in obs.breakdown)
    return (obs.indicator.key, obs.unit.key, obs.scope.key, kind, *parts)


def _jumps(observations: Iterable[Observation], paths: dict[str, str]) -> Iterator[Finding]:
    """Consecutive comparable periods whose figures differ more than tenfold."""
    series: dict[tuple[str, ...], dict[object, list[Observation]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for obs in observations:
        if obs.plot_value is not None and obs.plot_value > 0 and obs.unit.kind != "rate":
            when = (obs.period.start, obs.period.end) if obs.period else obs.as_of
            series[_series_key(obs)][when].append(obs)
    for points in series.values():
        ordered = [points[when] for when in sorted(points)]  # type: ignore[type-var]
        for earlier, later in itertools.pairwise(ordered):
            low = min(earlier, key=lambda o: o.plot_value or 0)
            high = max(earlier, key=lambda o: o.plot_value or 0)
            for obs in later:
                value = obs.plot_value or Decimal(0)
                other = high if value > (high.plot_value or 0) else low
                base = other.plot_value or Decimal(1)
                if value > base * JUMP_FACTOR or value * JUMP_FACTOR < base:
                    yield Finding(
                        "jump",
                        f"{_what(other)} is {_shown(other)}, then {_what(obs)} is {_shown(obs)} "
                        f"(more than {JUMP_FACTOR} times apart)",
                        (_where(other, paths), _where(obs, paths)),
                        _acknowledged(other, obs),
                    )


def _parts_over_totals(
    observations: Iterable[Observation], paths: dict[str, str]
) -> Iterator[Finding]:
    """A part of a breakdown larger than a recorded total of the same thing."""
    totals: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    parts: list[Observation] = []
    for obs in observations:
        if obs.value is None or obs.unit.kind == "rate":
            continue
        if obs.breakdown:
            parts.append(obs)
        else:
            totals[obs.same_thing].append(obs)
    for part in parts:
        for total in totals.get(part.same_thing[:4], []):
            part_low, total_high = _bounds(part), _bounds(total)
            if part_low is None or total_high is None or part_low[0] <= total_high[1]:
                continue
            yield Finding(
                "part-over-total",
                f"{_what(part)} is {_shown(part)}, more than the total {_shown(total)}",
                (_where(part, paths), _where(total, paths)),
                _acknowledged(part, total),
            )


def _rates_against_counts(
    conferences: Iterable[Conference], paths: dict[str, str]
) -> Iterator[Finding]:
    """A rate printed with a count out of a total ('252/299 vụ, đạt 84,28%') that it is not."""
    for conference in conferences:
        ratios = [o for o in conference.observations if o.ratio is not None]
        rates = [o for o in conference.observations if o.unit.kind == "rate" and o.value]
        for ratio, rate in itertools.product(ratios, rates):
            if not _printed_together(ratio, rate) or ratio.scope.key != rate.scope.key:
                continue
            assert ratio.ratio is not None and rate.value is not None
            share = Decimal(ratio.ratio[0]) * 100 / Decimal(ratio.ratio[1])
            exponent = rate.value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            # The printed rate is the share rounded to its printed places (at most half a
            # unit of the last place away), unless the source says it is approximate.
            tolerance = Decimal(5) * Decimal(10) ** -(places + 1) + Decimal("0.000001")
            if rate.qualifier is not None or abs(share - rate.value) <= tolerance:
                continue
            yield Finding(
                "rate-against-counts",
                f"{_what(rate)} is {_shown(rate)}, but {_shown(ratio)} is "
                f"{plain_number(share.quantize(Decimal('0.01')))}%",
                (_where(rate, paths), _where(ratio, paths)),
                _acknowledged(rate, ratio),
            )


def _printed_together(ratio: Observation, rate: Observation) -> bool:
    """Whether a source prints the rate in the same words as the count out of a total."""
    forms = {c.written for c in ratio.citations if c.written}
    return any(form in c.quote for c in rate.citations for form in forms)


def _unused_sources(conferences: Iterable[Conference]) -> Iterator[Finding]:
    """A listed source that nothing in its file cites."""
    for conference in conferences:
        cited = {c.source.id for o in conference.observations for c in o.citations}
        cited |= {d.source for d in conference.directives}
        cited |= {a.source for a in conference.awards}
        for source in conference.sources:
            if source.id in cited:
                continue
            yield Finding(
                "unused-source",
                f"{source.id} ({source.publisher}) is listed, but no number, directive or award "
                "cites it (expected its numbers recorded, or listed_for: saying why it is listed)",
                (conference.path,),
                text(source.listed_for, "en") if source.listed_for else None,
            )
