"""The charts a page shows, as figure specs in the page's language (no drawing here).

A chart plots reported figures: one point per thing counted (indicator, unit, scope, period,
breakdown). The same figure reported at several conferences or by several outlets is one
point where they agree, and a range labelled "sources differ" where they do not: a chart never
picks one source silently, nor draws two bars for one period. A stock (counted on a date) is
placed in the year its as-of date falls in, the latest as-of date of the year standing for it.

Things share an axis only when they are comparable: one indicator across periods or places,
or the parts of one figure; stated changes only in percent, and never money beside counts.
Periods are compared with periods of their kind (years with years, first halves with first
halves...), on a continuous axis where a period with no figure is a gap. Three comparable
figures or more make an over-time chart; two are said in words (`Trend.words`); one is left
to the table. Each page kind says which of these it shows (kinds.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from babel.numbers import format_percent

from .escape import csv_cell
from .figures import ChartKind, Drawable, FigureSpec, Point, Series, dark_path
from .languages import Language
from .model import Observation, Scope, StatedChange, text
from .numbers import plain_number
from .periods import Period, parse_period
from .present import (
    compared_with,
    display_value,
    long_date,
    number,
    percent,
    period_label,
    qualified,
    scope_label,
    short_date,
)
from .schema import Indicator, Unit, UnitSystem

# Figures dominate the build time: a page shows those that earn their place, and a page with
# more than this is a build warning naming what it leaves out.
MAX_FIGURES_PER_PAGE = 24
# Fewer comparable figures than this are said in words, not drawn.
MIN_TREND = 3
# A ranked comparison of provincial units needs this many of them; fewer stay a table.
MIN_UNITS = 5
# The parts of one figure, or the stated changes of one place and period, earn a chart from
# this many on; fewer read better as the table's rows.
MIN_BARS = 3
# A chart stays legible and quick to draw (10,000 bars took 335 s); the 63 provinces fit. One
# with more rows or periods draws this many (a trend its latest periods, any other chart its
# first rows), its title says so, and the build warns naming what it leaves out.
MAX_BARS = 100

# What may share an axis: a count unit, a rate, money, a share of one unit ('share-communes').
Family = str
# One reported figure: every observation of it, agreeing or not.
Reported = tuple[Observation, ...]
# Where a figure sits on a time axis: the kind of period and its year.
Cadence = str
Slot = tuple[Cadence, int]


S = TypeVar("S", bound=Drawable)


@dataclass(frozen=True)
class Chart(Generic[S]):
    """A figure of a page (a chart or a map): its name within the page, the part of the page it
    belongs to, for a map the size it turned out to have once drawn, and for a chart over
    MAX_BARS the rows (or periods) it leaves out."""

    name: str
    group: str
    spec: S
    measured: tuple[int, int] | None = None
    left_out: tuple[str, ...] = ()

    @property
    def dark(self) -> str:
        """The file of its variant for dark pages."""
        return dark_path(self.spec.path)

    @property
    def size(self) -> tuple[int, int]:
        """Its width and height in CSS pixels: a chart's is known before drawing."""
        if isinstance(self.spec, FigureSpec):
            return self.spec.size
        assert self.measured is not None, f"{self.name} is not drawn yet"
        return self.measured

    @property
    def linked(self) -> bool:
        """Whether it holds links (a map's units link to their pages): shown as a document, not
        an image, so that they work."""
        return not isinstance(self.spec, FigureSpec)


# ------------------------------------------------------------------ figures and their axis


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


def _scale(family: Family) -> Decimal:
    """Money is drawn in billions of đồng; everything else as it is."""
    return Decimal(10**9) if family == "money" else Decimal(1)


def _bounded(family: Family) -> bool:
    """A rate or a share is a percentage: its axis ends at 100."""
    return family == "rate" or family.startswith("share-")


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


def one_figure(observations: Iterable[Observation]) -> Reported:
    """Observations of one thing in one slot, as one figure: every one of them for a flow,
    those of the latest as-of date for a stock."""
    found = sorted(observations, key=lambda o: (o.reference_date, o.conference_id, o.key))
    if found and found[-1].as_of is not None:
        last = found[-1].as_of
        found = [o for o in found if o.as_of == last]
    return tuple(found)


def _values(reported: Reported) -> list[Decimal]:
    """The distinct numbers the figure's observations draw, lowest first."""
    return sorted({v for o in reported if (v := o.plot_value) is not None})


def _short(value: Decimal, family: Family, lang: Language) -> str:
    """A number as a chart writes it, in its axis' unit: '14,570', '95.4%'."""
    scaled = value / _scale(family)
    if family.startswith("share-"):
        # A share is computed from a ratio: one decimal is all it claims.
        return str(format_percent(scaled / 100, format="#,##0.0%", locale=lang.babel))
    if family == "rate":
        return percent(scaled, lang)
    return number(scaled, lang)


def point(reported: Reported, family: Family, lang: Language) -> Point:
    """A figure as a chart draws it: its value, or its lowest and highest when sources
    differ; a short label in the axis' unit and the words of the figure in full."""
    values = _values(reported)
    if not values:
        return Point(None, label="", words=lang._("not reported"))
    scale = _scale(family)
    low, high = values[0] / scale, values[-1] / scale
    first = reported[0]
    if len(values) > 1:
        label = f"{_short(values[0], family, lang)}–{_short(values[-1], family, lang)}"
    else:
        label = qualified(_short(values[0], family, lang), first.qualifier, lang)
    shown = list(dict.fromkeys(display_value(o, lang) for o in reported))
    words = " / ".join(shown)
    if len(values) > 1:
        words = lang._("%(figures)s (sources differ)", figures=words)
    if first.as_of is not None:
        words = lang._(
            "%(figures)s (as of %(date)s)", figures=words, date=short_date(first.as_of, lang)
        )
    return Point(low, high if len(values) > 1 else None, label, words)


def _missing(lang: Language) -> Point:
    """A slot with no figure: drawn as a gap, written 'not reported'."""
    return Point(None, label="", words=lang._("not reported"))


def _sentence(words: str) -> str:
    """Words as a sentence: a capital first, a full stop last."""
    words = words[:1].upper() + words[1:]
    return words if words.endswith(".") else words + "."


def _cut(kind: ChartKind, count: int) -> tuple[slice, slice]:
    """The rows a chart draws and those it leaves out: all of them up to MAX_BARS, else a
    trend's latest periods or another chart's first rows."""
    if count <= MAX_BARS:
        return slice(None), slice(0)
    if kind == "trend":
        return slice(count - MAX_BARS, None), slice(count - MAX_BARS)
    return slice(MAX_BARS), slice(MAX_BARS, None)


def _capped_title(title: str, kind: ChartKind, shown: int, total: int, lang: Language) -> str:
    """The title of a chart that draws `shown` of its `total` rows, saying so when it is fewer."""
    if shown == total:
        return title
    counts = {"title": title, "shown": number(shown, lang), "total": number(total, lang)}
    if kind == "trend":
        return lang._("%(title)s (latest %(shown)s of %(total)s periods shown)", **counts)
    return lang._("%(title)s (first %(shown)s of %(total)s shown)", **counts)


def _chart(
    name: str,
    group: str,
    kind: ChartKind,
    what: str,
    title: str,
    subtitle: str,
    axis: str,
    categories: Sequence[str],
    series: tuple[Series, ...],
    lang: Language,
    *,
    bounded: bool = False,
    gaps: Sequence[str] = (),
    ticks: Sequence[str] = (),
) -> Chart[FigureSpec]:
    """A chart of at most MAX_BARS rows, with the words under it (gaps, ranges) and the text a
    reader who cannot see it reads instead: what it is, then every figure it draws."""
    kept, dropped = _cut(kind, len(categories))
    shown = tuple(categories[kept])
    series = tuple(Series(line.name, line.points[kept]) for line in series)
    title = _capped_title(title, kind, len(shown), len(categories), lang)
    note = _notes((p for s in series for p in s.points), [g for g in gaps if g in shown], lang)
    sentences = [what, title, f"{subtitle}, {axis}"]
    for line in series:
        found = [(c, p) for c, p in zip(shown, line.points, strict=True) if p.low is not None]
        values = "; ".join(f"{c}: {p.words}" for c, p in found)
        sentences.append(f"{line.name}: {values}" if line.name else values)
    spec = FigureSpec(
        path="",
        kind=kind,
        title=title,
        subtitle=subtitle,
        axis_label=axis,
        categories=shown,
        ticks=tuple(ticks[kept]),
        series=series,
        alt=" ".join(_sentence(w) for w in [*sentences, note] if w),
        note=note,
        bounded=bounded,
        missing_label=lang._("not reported"),
        locale=lang.locale,
    )
    return Chart(name, group, spec, left_out=tuple(categories[dropped]))


def _notes(points: Iterable[Point], gaps: Sequence[str], lang: Language) -> str:
    """The words below a chart: which periods have no figure, and what a range means."""
    notes = []
    if gaps:
        notes.append(lang._("Not reported: %(periods)s.", periods=", ".join(gaps)))
    if any(p.high is not None for p in points):
        notes.append(lang._("A bar from the lowest to the highest figure: sources differ."))
    return " ".join(notes)


# ------------------------------------------------------------------ over time


def slot_of(obs: Observation) -> Slot | None:
    """Where an observation sits on a time axis; None for a month or a range of dates, which
    are not compared over time."""
    if obs.as_of is not None:
        return "stock", obs.as_of.year
    period = obs.period
    assert period is not None
    year = period.start.year
    if period.kind == "year":
        return "year", year
    if period.kind == "half":
        return ("H1" if period.start.month == 1 else "H2"), year
    if period.kind == "quarter":
        return f"Q{(period.start.month - 1) // 3 + 1}", year
    if period.kind == "nine_months":
        return "9M", year
    return None


_CADENCES = ("year", "stock", "H1", "H2", "9M", "Q1", "Q2", "Q3", "Q4")


def _period(cadence: Cadence, year: int) -> Period | None:
    """The period of a slot (None for a stock's year, which is a year of dates)."""
    if cadence == "stock":
        return None
    return parse_period(str(year) if cadence == "year" else f"{year}-{cadence}")


def _cadence_words(cadence: Cadence, lang: Language) -> str:
    """'by year', 'first half of each year'…: the kind of period a trend compares."""
    words = {
        "year": lambda: lang._("by year"),
        "stock": lambda: lang._("by year, as of the latest date reported in each year"),
        "H1": lambda: lang._("first half of each year"),
        "H2": lambda: lang._("second half of each year"),
        "9M": lambda: lang._("first nine months of each year"),
    }
    if cadence in words:
        return words[cadence]()
    return lang._("Q%(quarter)s of each year", quarter=cadence[1])


@dataclass(frozen=True)
class Line:
    """One place's figures over time: the page's own place, or (on a new unit's page) a
    unit it was formed from, whose figures end before `before`."""

    scope: Scope
    before: dt.date | None
    figures: tuple[tuple[int, Reported], ...]

    def name(self, lang: Language) -> str:
        """Its legend words: 'before 1 July 2025: Quảng Bình', or the place's name."""
        place = scope_label(self.scope, lang)
        if self.before is None:
            return place
        return lang._("before %(date)s: %(unit)s", date=long_date(self.before, lang), unit=place)


@dataclass(frozen=True)
class Trend:
    """One indicator of one place over time, in one unit and one kind of period: its lines
    (one, or the page's unit and those it was formed from)."""

    indicator: Indicator
    unit: Unit
    family: Family
    cadence: Cadence
    lines: tuple[Line, ...]

    @property
    def key(self) -> str:
        """Its name on its page: 'smuggling_violations-cases-H1'."""
        return f"{self.indicator.key}-{self.family}-{self.cadence}".lower()

    @property
    def years(self) -> list[int]:
        """Every year from the first figure to the last: the axis has no hole."""
        found = [year for line in self.lines for year, _ in line.figures]
        return list(range(min(found), max(found) + 1))

    @property
    def observed(self) -> int:
        """How many periods have a figure."""
        return len({year for line in self.lines for year, _ in line.figures})

    @property
    def charted(self) -> bool:
        """Whether it is drawn (else said in words, or left to the table)."""
        return self.observed >= MIN_TREND

    def _when(self, year: int, lang: Language) -> str:
        """A slot's period in words: '2019', 'first half of 2019'."""
        period = _period(self.cadence, year)
        return str(year) if period is None else period_label(period, lang)

    @property
    def named(self) -> bool:
        """Whether its lines are named: several places, or a unit's predecessor alone."""
        return len(self.lines) > 1 or any(line.before for line in self.lines)

    def words(self, lang: Language) -> str:
        """The figures of a trend too short to draw, in a sentence."""
        parts = []
        for year in self.years:
            for line in self.lines:
                found = dict(line.figures).get(year)
                if found is None:
                    continue
                shown = point(found, self.family, lang).words
                when = self._when(year, lang)
                if self.named:
                    when = f"{when}, {line.name(lang)}"
                parts.append(lang._("%(value)s (%(when)s)", value=shown, when=when))
        what = lang._(
            "%(indicator)s, %(cadence)s",
            indicator=text(self.indicator.label, lang.code),
            cadence=_cadence_words(self.cadence, lang),
        )
        return lang._("%(what)s: %(figures)s, as reported.", what=what, figures="; ".join(parts))

    def chart(self, lang: Language, where: str, name: str) -> Chart[FigureSpec]:
        """The over-time chart: a line per place, a slot per period, gaps where none."""
        years = self.years
        series = tuple(
            Series(
                line.name(lang) if self.named else "",
                tuple(
                    point(found, self.family, lang)
                    if (found := dict(line.figures).get(year))
                    else _missing(lang)
                    for year in years
                ),
            )
            for line in self.lines
        )
        observed = {year for line in self.lines for year, _ in line.figures}
        categories = tuple(self._when(year, lang) for year in years)
        gaps = [c for year, c in zip(years, categories, strict=True) if year not in observed]
        title = f"{text(self.indicator.label, lang.code)}, {where}"
        return _chart(
            name,
            self.key,
            "trend",
            lang._("Line chart"),
            title,
            _cadence_words(self.cadence, lang),
            family_label(self.family, self.unit, lang),
            categories,
            series,
            lang,
            bounded=_bounded(self.family),
            gaps=gaps,
            ticks=[str(year) for year in years],
        )


LineSource = tuple[Scope, dt.date | None, Iterable[Observation]]


def trends(lines: Sequence[LineSource]) -> list[Trend]:
    """The trends of a page: for each indicator, unit and kind of period, each place's
    figures by year (whole figures only: parts have their own charts), in catalog order."""
    grouped: dict[tuple[str, str, Cadence], dict[int, dict[int, list[Observation]]]] = {}
    found: dict[tuple[str, str, Cadence], Observation] = {}
    for index, (_, _, observations) in enumerate(lines):
        for obs in observations:
            fam, slot = family_of(obs), slot_of(obs)
            if obs.breakdown or fam is None or slot is None:
                continue
            key = (obs.indicator.key + "/" + obs.unit.key, fam, slot[0])
            found.setdefault(key, obs)
            years = grouped.setdefault(key, {}).setdefault(index, {})
            years.setdefault(slot[1], []).append(obs)
    made = []
    for key, by_line in grouped.items():
        first = found[key]
        made.append(
            Trend(
                first.indicator,
                first.unit,
                key[1],
                key[2],
                tuple(
                    Line(
                        lines[i][0],
                        lines[i][1],
                        tuple((y, one_figure(obs)) for y, obs in sorted(by_line[i].items())),
                    )
                    for i in sorted(by_line)
                ),
            )
        )
    return sorted(
        made,
        key=lambda t: (
            t.indicator.category,
            t.indicator.key,
            t.unit.key,
            t.family,
            _CADENCES.index(t.cadence),
        ),
    )


def trend_charts(
    found: Sequence[Trend], lang: Language, where: str, folder: str = "over-time/"
) -> list[Chart[FigureSpec]]:
    """The over-time charts of the trends with enough figures, each in its trend's group, in
    `folder` of its page's figures."""
    return [t.chart(lang, where, f"{folder}{t.key}") for t in found if t.charted]


# ------------------------------------------------------------------ provincial units ranked


def ranked(
    observations: Iterable[Observation],
    systems: Sequence[UnitSystem],
    lang: Language,
    only_period: str | None = None,
) -> list[Chart[FigureSpec]]:
    """For each indicator, unit and period, the provincial units reporting it ranked, highest
    first, where at least MIN_UNITS of one unit system report it (a period spanning 1 July
    2025 holds units of both systems: a chart for each)."""
    groups: dict[tuple[str, Family, str, str], dict[str, list[Observation]]] = {}
    by_id: dict[str, UnitSystem] = {s.id: s for s in systems}
    for obs in observations:
        fam, province = family_of(obs), obs.scope.province
        if obs.breakdown or fam is None or obs.scope.level != "province" or province is None:
            continue
        period = obs.reporting_period
        if only_period is not None and period.key != only_period:
            continue
        key = (f"{obs.indicator.key}/{obs.unit.key}", fam, period.key, province.system)
        groups.setdefault(key, {}).setdefault(obs.scope.key, []).append(obs)
    charts: list[Chart[FigureSpec]] = []
    for (_, fam, _, system), units in sorted(groups.items(), key=_period_order):
        if len(units) < MIN_UNITS:
            continue
        figures = [one_figure(found) for found in units.values()]
        charts.append(_ranked_chart(figures, fam, by_id[system], lang))
    return charts


def _period_order(item: tuple[tuple[str, Family, str, str], object]) -> tuple[str, str, int, str]:
    """Indicator, newest period first, then unit system."""
    (thing, fam, period, system), _ = item
    return (thing, fam, -parse_period(period).end.toordinal(), system)


def _ranked_chart(
    figures: Sequence[Reported], fam: Family, system: UnitSystem, lang: Language
) -> Chart[FigureSpec]:
    """Units ranked by their figure, highest first (the middle of a range)."""
    points = [(scope_label(r[0].scope, lang), point(r, fam, lang)) for r in figures]
    points.sort(key=lambda item: (-_rank_value(item[1]), item[0]))
    first = figures[0][0]
    period = first.reporting_period
    title = lang._(
        "%(indicator)s by provincial unit", indicator=text(first.indicator.label, lang.code)
    )
    subtitle = f"{period_label(period, lang)} · {text(system.label, lang.code)}"
    name = f"by-province/{period.slug}/{first.indicator.key}-{fam}-{system.id}"
    return _chart(
        name.lower(),
        period.key,
        "dots",
        lang._("Dot chart, highest first"),
        title,
        subtitle,
        family_label(fam, first.unit, lang),
        [name for name, _ in points],
        (Series("", tuple(p for _, p in points)),),
        lang,
        bounded=_bounded(fam),
    )


def _rank_value(p: Point) -> Decimal:
    """What a unit is ranked by: its figure, or the middle of its range."""
    assert p.low is not None
    return p.low if p.high is None else (p.low + p.high) / 2


# ------------------------------------------------------------------ one place, one period


def _place_period(obs: Observation) -> tuple[str, str]:
    """The place and period (or day) a figure is about."""
    when = obs.period.key if obs.period else f"as of {obs.as_of}"
    return obs.scope.key, when


def _when_words(obs: Observation, lang: Language) -> str:
    """'2023', 'first half of 2025', 'as of 17 Jan 2024'."""
    if obs.as_of is not None:
        return lang._("as of %(date)s", date=short_date(obs.as_of, lang))
    assert obs.period is not None
    return period_label(obs.period, lang)


def breakdowns(observations: Iterable[Observation], lang: Language) -> list[Chart[FigureSpec]]:
    """A figure split into MIN_BARS parts or more (by field, goods, force…): a bar per part,
    largest first, for each place, period, indicator, unit and dimension."""
    groups: dict[tuple[str, str, str, str, Family, str], dict[str, list[Observation]]] = {}
    for obs in observations:
        fam = family_of(obs)
        if len(obs.breakdown) != 1 or fam is None:
            continue
        dimension, member = obs.breakdown[0]
        key = (*_place_period(obs), obs.indicator.key, obs.unit.key, fam, dimension.key)
        groups.setdefault(key, {}).setdefault(member.key, []).append(obs)
    charts: list[Chart[FigureSpec]] = []
    for key, parts in sorted(groups.items()):
        if len(parts) < MIN_BARS:
            continue
        figures = [one_figure(found) for found in parts.values()]
        charts.append(_breakdown_chart(figures, key[4], lang))
    return charts


def _breakdown_chart(figures: Sequence[Reported], fam: Family, lang: Language) -> Chart[FigureSpec]:
    """The parts of one figure, largest first."""
    first = figures[0][0]
    dimension = first.breakdown[0][0]
    rows = [(text(r[0].breakdown[0][1].label, lang.code), point(r, fam, lang)) for r in figures]
    rows.sort(key=lambda item: (-_rank_value(item[1]), item[0]))
    title = lang._(
        "%(indicator)s by %(dimension)s, %(place)s",
        indicator=text(first.indicator.label, lang.code),
        dimension=text(dimension.label, lang.code).lower(),
        place=scope_label(first.scope, lang),
    )
    slug = _slug_when(first)
    name = f"{first.scope.path}/{slug}/by-{dimension.key}-{first.indicator.key}-{fam}"
    return _chart(
        name.lower(),
        first.scope.key,
        "bars",
        lang._("Bar chart"),
        title,
        _when_words(first, lang),
        family_label(fam, first.unit, lang),
        [name for name, _ in rows],
        (Series("", tuple(p for _, p in rows)),),
        lang,
        bounded=_bounded(fam),
    )


def _slug_when(obs: Observation) -> str:
    """A file-name part for a figure's period or day."""
    return obs.period.slug if obs.period else f"as-of-{obs.as_of}"


def _slug_versus(change: StatedChange) -> str:
    """A file-name part for what a change compares with; none for the same period a year
    earlier, the usual comparison."""
    if change.versus == "same_period":
        return ""
    earlier = change.compared_with.slug if change.compared_with else f"as-of-{change.compared_on}"
    return f"-vs-{earlier}"


# How a stated change is drawn: decreases left of zero, increases right, an unchanged figure at
# zero with no sign.
_SIGNS = {"decrease": (-1, "−"), "increase": (1, "+"), "unchanged": (0, "")}
# Stated changes in percent share an axis only within one of these: counts, money, rates.
_CHANGE_GROUPS: dict[str, str] = {"money": "money", "rate": "rate"}


def changes(observations: Iterable[Observation], lang: Language) -> list[Chart[FigureSpec]]:
    """Stated changes in percent of MIN_BARS whole figures or more about one place and period,
    compared with the same earlier period: decreases left of zero, increases right. Counts,
    money and rates have charts of their own; changes in points or counts are not drawn."""
    groups: dict[tuple[str, str, str, str], dict[tuple[str, str], list[Observation]]] = {}
    for obs in observations:
        change = obs.change
        if obs.breakdown or change is None or obs.ratio is not None:
            continue
        if change.unit != "percent" and change.direction != "unchanged":
            continue
        if change.value is None and change.direction != "unchanged":
            continue
        kind = _CHANGE_GROUPS.get(obs.unit.kind, "count")
        versus = change.compared_with.key if change.compared_with else str(change.compared_on)
        key = (*_place_period(obs), kind, versus)
        groups.setdefault(key, {}).setdefault((obs.indicator.key, obs.unit.key), []).append(obs)
    charts: list[Chart[FigureSpec]] = []
    for key, rows in sorted(groups.items()):
        if len(rows) >= MIN_BARS:
            charts.append(_change_chart([one_figure(r) for r in rows.values()], key[2], lang))
    return charts


def _signed(obs: Observation) -> Decimal:
    """A stated change as a number: negative for a decrease, 0 when unchanged."""
    assert obs.change is not None
    sign, _ = _SIGNS[obs.change.direction]
    return sign * (obs.change.value or Decimal(0))


def _change_words(obs: Observation, lang: Language) -> str:
    """'−20.95%', '+12.5%', 'nearly −3.1%'; '0%' or 'unchanged' with no sign."""
    change = obs.change
    assert change is not None
    if change.direction == "unchanged" and (change.value is None or change.unit == "of_earlier"):
        return lang._("unchanged")
    _, mark = _SIGNS[change.direction]
    return qualified(f"{mark}{percent(change.value or 0, lang)}", change.qualifier, lang)


def _change_point(reported: Reported, lang: Language) -> Point:
    """A stated change as a bar: its value, or a range where sources state different ones."""
    values = sorted({_signed(o) for o in reported})
    shown = list(dict.fromkeys(_change_words(o, lang) for o in reported))
    label = " / ".join(shown)
    words = label if len(values) == 1 else lang._("%(figures)s (sources differ)", figures=label)
    return Point(values[0], values[-1] if len(values) > 1 else None, label, words)


def _change_chart(figures: Sequence[Reported], kind: str, lang: Language) -> Chart[FigureSpec]:
    """Stated changes of one place and period, in the order of the indicators."""
    ordered = sorted(figures, key=lambda r: (r[0].indicator.category, r[0].indicator.key))
    first = ordered[0][0]
    assert first.change is not None
    categories = tuple(
        f"{text(r[0].indicator.label, lang.code)} ({text(r[0].unit.label, lang.code)})"
        if kind != "money"
        else text(r[0].indicator.label, lang.code)
        for r in ordered
    )
    place = scope_label(first.scope, lang)
    title = {
        "count": lambda: lang._("Stated changes in counts, %(place)s", place=place),
        "money": lambda: lang._("Stated changes in money, %(place)s", place=place),
        "rate": lambda: lang._("Stated changes in rates, %(place)s", place=place),
    }[kind]()
    subtitle = lang._(
        "%(when)s, compared with %(earlier)s",
        when=_when_words(first, lang),
        earlier=compared_with(first.change, lang),
    )
    name = f"{first.scope.path}/{_slug_when(first)}/change-{kind}{_slug_versus(first.change)}"
    return _chart(
        name.lower(),
        first.scope.key,
        "change",
        lang._("Bar chart of changes"),
        title,
        subtitle,
        lang._("% change as stated by the source"),
        categories,
        (Series("", tuple(_change_point(r, lang) for r in ordered)),),
        lang,
    )


def place_charts(observations: Iterable[Observation], lang: Language) -> list[Chart[FigureSpec]]:
    """What one conference (or one place in one period) earns: the parts of its figures and
    its stated changes."""
    found = list(observations)
    return breakdowns(found, lang) + changes(found, lang)


# ------------------------------------------------------------------ the numbers behind a chart


def figure_csv(spec: FigureSpec) -> str:
    """The numbers behind a chart, exactly, for readers who want them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["series", "category", "value", "value_high", "as_shown"])
    for series in spec.series:
        for category, p in zip(spec.categories, series.points, strict=True):
            writer.writerow(
                [
                    csv_cell(series.name),
                    csv_cell(category),
                    "" if p.low is None else plain_number(p.low),
                    "" if p.high is None else plain_number(p.high),
                    csv_cell(p.words or (p.label if p.low is not None else spec.missing_label)),
                ]
            )
    return buffer.getvalue()
