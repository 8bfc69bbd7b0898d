"""Words and numbers as readers see them, in the reader's language (numbers and dates by
Babel, words from the gettext catalogs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal, format_percent

from .escape import text_fragment, with_fragment
from .languages import N_, Language
from .model import Observation, Scope, StatedChange, text
from .numbers import Qualifier
from .periods import Period
from .schema import Award, Source, Target, Unit

# The words for each code the data uses, declared once: terms(group, code, lang).
TERMS: Mapping[str, Mapping[str, str]] = {
    "qualifier": {
        "more_than": N_("more than"),
        "at_least": N_("at least"),
        "about": N_("about"),
        "nearly": N_("nearly"),
        "up_to": N_("up to"),
        "less_than": N_("less than"),
    },
    "direction": {"increase": N_("up"), "decrease": N_("down"), "unchanged": N_("unchanged")},
    "outcome": {
        "exceeded": N_("target exceeded"),
        "met": N_("target met"),
        "not_met": N_("target not met"),
    },
    "level": {
        "national": N_("National"),
        "regional": N_("Regional"),
        "province": N_("Provincial"),
        "district": N_("District"),
        "commune": N_("Commune"),
    },
    "kind": {
        "review": N_("review conference"),
        "working_session": N_("working session"),
        "briefing": N_("briefing"),
        "launch": N_("launch conference"),
    },
    "format": {
        "online": N_("online"),
        "in_person": N_("in person"),
        "hybrid": N_("in person and online"),
    },
    "role": {
        "chair": N_("chair"),
        "co_chair": N_("co-chair"),
        "speaker": N_("speaker"),
        "attendee": N_("attendee"),
    },
    "language": {"en": N_("English"), "vi": N_("Vietnamese")},
    # The mark after words quoted in another language than the page's: "(in English)".
    "in_language": {"en": N_("in English"), "vi": N_("in Vietnamese")},
    "committee": {
        "138": N_("Steering Committee 138 (crime prevention and control)"),
        "389": N_("National Steering Committee 389 (smuggling, trade fraud and counterfeit goods)"),
    },
    "measure": {
        "flow": N_("flow, counted over a period"),
        "stock": N_("stock, counted on a date"),
    },
}


def term(group: str, code: str, lang: Language) -> str:
    """The words for a code of the data: term("level", "national", lang) -> 'National'."""
    return lang._(TERMS[group][code])


def qualified(words: str, qualifier: Qualifier | None, lang: Language) -> str:
    """'14,570 billion VND' -> 'more than 14,570 billion VND'."""
    return f"{term('qualifier', qualifier, lang)} {words}" if qualifier else words


def number(value: Decimal | int, lang: Language) -> str:
    """146678 -> '146,678' (en) / '146.678' (vi)."""
    return str(format_decimal(value, format="#,##0.###", locale=lang.babel))


def percent(value: Decimal | int, lang: Language) -> str:
    """4.95 -> '4.95%' (en) / '4,95%' (vi)."""
    return str(format_percent(Decimal(value) / 100, format="#,##0.###%", locale=lang.babel))


def money(value: Decimal | int, lang: Language) -> str:
    """6165836000000 -> '6,165.836 billion VND' (en) / '6.165,836 tỷ đồng' (vi)."""
    amount = Decimal(value)
    for scale in (10**9, 10**6):
        if abs(amount) >= scale:
            shown = str(format_decimal(amount / scale, format="#,##0.######", locale=lang.babel))
            if scale == 10**9:
                return lang._("%(amount)s billion VND", amount=shown)
            return lang._("%(amount)s million VND", amount=shown)
    return lang._("%(amount)s VND", amount=number(amount, lang))


def amount(value: Decimal | int, unit: Unit, lang: Language) -> str:
    """A number with its unit: '146,678 cases', '4.95%', '6,165.836 billion VND'."""
    if unit.kind == "rate":
        return percent(value, lang)
    if unit.kind == "money":
        return money(value, lang)
    noun = unit.one if value == 1 and unit.one else unit.label
    return f"{number(value, lang)} {text(noun, lang.code)}"


def number_only(value: Decimal | int, unit: Unit, lang: Language) -> str:
    """A number without a count noun: '146,678', '4.95%', '6,165.836 billion VND'."""
    return amount(value, unit, lang) if unit.kind in ("rate", "money") else number(value, lang)


def display_value(obs: Observation, lang: Language, with_unit: bool = True) -> str:
    """The observation's number as a reader sees it; 'not reported' when the source gives none."""
    if obs.ratio is not None:
        num, den = (number(n, lang) for n in obs.ratio)
        words = f"{num}/{den}" + (f" {text(obs.unit.label, lang.code)}" if with_unit else "")
    elif obs.value is not None:
        words = (
            amount(obs.value, obs.unit, lang)
            if with_unit
            else number_only(obs.value, obs.unit, lang)
        )
    else:
        return lang._("not reported")
    return qualified(words, obs.qualifier, lang)


def _size(value: Decimal, unit: str, measured: Unit, lang: Language) -> str:
    """The size of a change or margin: '4.95%', '2.7 points', '43 cases'."""
    if unit in ("percent", "of_earlier"):
        return percent(value, lang)
    if unit == "points":
        return lang._("%(size)s percentage points", size=number(value, lang))
    return amount(value, measured, lang)


def compared_with(change: StatedChange, lang: Language) -> str:
    """What a change compares with, in words: 'the same period of 2022', 'the month before'."""
    period, day = change.compared_with, change.compared_on
    if day is not None:
        return short_date(day, lang)
    if period is None:
        return ""
    if change.versus == "same_period" and period.kind != "year":
        return lang._("the same period of %(year)s", year=period.start.year)
    label = period_label(period, lang)
    if change.versus == "previous_month":
        return lang._("the month before (%(period)s)", period=label)
    if period.kind in ("half", "nine_months"):
        return lang._("the %(period)s", period=label)
    return label


def display_change(change: StatedChange | None, unit: Unit, lang: Language) -> str:
    """'up 4.95% vs 2022', 'down nearly 16% vs the same period of 2018', 'down 43 cases'."""
    if change is None:
        return ""
    words = term("direction", change.direction, lang)
    if change.value is not None and change.unit == "of_earlier":
        share = qualified(percent(change.value, lang), change.qualifier, lang)
        earlier = compared_with(change, lang) or lang._("the earlier figure")
        return lang._(
            "%(direction)s, to %(share)s of %(earlier)s",
            direction=words,
            share=share,
            earlier=earlier,
        )
    if change.value is not None:
        words += " " + qualified(
            _size(change.value, change.unit, unit, lang), change.qualifier, lang
        )
        if change.also is not None:
            also = _size(Decimal(change.also.value), change.also.unit, unit, lang)
            words += f" ({qualified(also, change.also.qualifier, lang)})"
    elif change.direction != "unchanged":
        words = lang._("%(direction)s (size not stated)", direction=words)
    versus = compared_with(change, lang)
    return lang._("%(change)s vs %(earlier)s", change=words, earlier=versus) if versus else words


def implied_target(obs: Observation) -> Decimal | None:
    """The target the text implies, only where the curator marked it derived."""
    target = obs.target
    if target is None or not target.derived or target.by is None:
        return None
    if target.applies_to == "change":
        if obs.change is None or obs.change.value is None:
            return None
        return obs.change.value - Decimal(target.by)
    return obs.value - Decimal(target.by) if obs.value is not None else None


def display_target(obs: Observation, lang: Language) -> str:
    """'target exceeded by 16 percentage points', 'target exceeded, reaching 275% of it'."""
    target: Target | None = obs.target
    if target is None:
        return ""
    words = term("outcome", target.outcome, lang)
    if target.value is not None:
        goal = amount(Decimal(target.value), obs.unit, lang)
        words = lang._("%(outcome)s (target: %(target)s)", outcome=words, target=goal)
    if target.by is not None and target.unit == "of_target":
        share = percent(Decimal(target.by), lang)
        words = lang._("%(outcome)s, reaching %(share)s of the target", outcome=words, share=share)
    elif target.by is not None and target.unit is not None:
        size = _size(Decimal(target.by), target.unit, obs.unit, lang)
        words = lang._("%(outcome)s by %(size)s", outcome=words, size=size)
    implied = implied_target(obs)
    if implied is not None:
        shown = (
            percent(implied, lang)
            if obs.unit.kind == "rate" or target.applies_to == "change"
            else amount(implied, obs.unit, lang)
        )
        if target.applies_to == "change" and obs.change:
            shown = f"{term('direction', obs.change.direction, lang)} {shown}"
        words = lang._(
            "%(outcome)s (implied target %(target)s, derived)", outcome=words, target=shown
        )
    if target.set_by:
        words = lang._(
            "%(outcome)s; set by %(who)s", outcome=words, who=text(target.set_by, lang.code)
        )
    return words


def display_breakdown(obs: Observation, lang: Language) -> str:
    """'field: drugs' for a part of a split figure; '' for a whole."""
    return "; ".join(
        f"{text(dimension.label, lang.code)}: {text(member.label, lang.code)}"
        for dimension, member in obs.breakdown
    )


def display_when(obs: Observation, lang: Language) -> str:
    """'2023', 'first half of 2019', or 'as of 17 Jan 2024'."""
    if obs.as_of is not None:
        return lang._("as of %(date)s", date=short_date(obs.as_of, lang))
    assert obs.period is not None
    return period_label(obs.period, lang)


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_label(period: Period, lang: Language) -> str:
    """'first half of 2019' / '6 tháng đầu năm 2019'; a span of dates for a range."""
    year = period.start.year
    if period.kind == "year":
        return lang._("%(year)s", year=year)
    if period.kind == "half":
        if period.start.month == 1:
            return lang._("first half of %(year)s", year=year)
        return lang._("second half of %(year)s", year=year)
    if period.kind == "quarter":
        quarter = str((period.start.month - 1) // 3 + 1)
        # Translators: %(roman)s (the quarter in Roman numerals) may stand for %(quarter)s.
        return lang._("Q%(quarter)s %(year)s", quarter=quarter, roman=_ROMAN[quarter], year=year)
    if period.kind == "nine_months":
        return lang._("first nine months of %(year)s", year=year)
    if period.kind == "month":
        return str(format_skeleton("yMMMM", period.start, locale=lang.babel))
    return str(format_interval(period.start, period.end, lang.interval, locale=lang.babel))


def long_date(day: dt.date, lang: Language) -> str:
    """'17 January 2024' / '17 tháng 1 năm 2024'."""
    return str(format_date(day, format=lang.date_long, locale=lang.babel))


def short_date(day: dt.date, lang: Language) -> str:
    """'17 Jan 2024' / '17/1/2024', for table cells."""
    return str(format_date(day, format=lang.date_short, locale=lang.babel))


# How a district-level unit is named, by its kind: huyện, thị xã, thành phố, quận.
_DISTRICT_LABELS = {
    "district": N_("%(district)s district, %(province)s"),
    "town": N_("%(district)s town, %(province)s"),
    "provincial_city": N_("%(district)s city, %(province)s"),
    "urban_district": N_("District %(district)s, %(province)s"),
}


def scope_label(scope: Scope, lang: Language) -> str:
    """'Whole country', 'Central provinces', 'Nghệ An', 'Kỳ Sơn district, Nghệ An', 'Bà Rịa
    city, Bà Rịa - Vũng Tàu'."""
    if scope.region is not None:
        return text(scope.region.name, lang.code)
    if scope.province is None:
        return lang._("Whole country")
    province = scope.province_name
    if scope.commune and not scope.district:
        return lang._("%(commune)s, %(province)s", commune=scope.commune, province=province)
    if scope.commune:
        return lang._(
            "%(commune)s, %(district)s, %(province)s",
            commune=scope.commune,
            district=scope.district,
            province=province,
        )
    if scope.district:
        label = _DISTRICT_LABELS[scope.district_kind or "district"]
        return lang._(label, district=scope.district, province=province)
    return province


def award_counts(award: Award, lang: Language) -> str:
    """'43 collectives and 43 individuals', '45 collectives and individuals', 'Lê Văn Đỏ', or
    'number not printed'."""
    parts = []
    if award.collectives is not None:
        parts.append(
            lang.ngettext(
                "%(num)s collective",
                "%(num)s collectives",
                award.collectives,
                num=number(award.collectives, lang),
            )
        )
    if award.individuals is not None:
        parts.append(
            lang.ngettext(
                "%(num)s individual",
                "%(num)s individuals",
                award.individuals,
                num=number(award.individuals, lang),
            )
        )
    if award.recipients is not None:
        parts.append(
            lang.ngettext(
                "%(num)s collective or individual",
                "%(num)s collectives and individuals",
                award.recipients,
                num=number(award.recipients, lang),
            )
        )
    parts += award.named
    if not parts:
        return lang._("number not printed")
    return "; ".join(parts)


def committee_short(committee: str, lang: Language) -> str:
    """'Steering Committee 138' / 'Ban Chỉ đạo 138'."""
    return lang._("Steering Committee %(number)s", number=committee)


def quote_link(source: Source, quote: str) -> str | None:
    """The article's address, opening at the quote (a text fragment of its first and last
    words), or None when the address is not known."""
    if not source.url:
        return None
    return with_fragment(source.url, text_fragment(quote))
