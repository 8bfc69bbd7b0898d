"""Words and numbers as readers see them, in English or Vietnamese (numbers by Babel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_interval

from .escape import text_fragment, with_fragment
from .model import Observation, StatedChange, text
from .numbers import Qualifier, format_money, format_number, format_percent_value
from .periods import Period
from .schema import Source, Target, Unit

# English pages write dates the British way (17 January 2024), as Vietnamese readers expect.
_DATE_LOCALE = {"en": "en_GB", "vi": "vi"}
NOT_REPORTED = {"en": "not reported", "vi": "không nêu"}
_QUALIFIERS: dict[str, dict[Qualifier, str]] = {
    "en": {
        "more_than": "more than",
        "at_least": "at least",
        "about": "about",
        "nearly": "nearly",
        "up_to": "up to",
        "less_than": "less than",
    },
    "vi": {
        "more_than": "hơn",
        "at_least": "ít nhất",
        "about": "khoảng",
        "nearly": "gần",
        "up_to": "tới",
        "less_than": "dưới",
    },
}
_DIRECTION = {
    "en": {"increase": "up", "decrease": "down", "unchanged": "unchanged"},
    "vi": {"increase": "tăng", "decrease": "giảm", "unchanged": "không đổi"},
}
_OUTCOME = {
    "en": {"exceeded": "target exceeded", "met": "target met", "not_met": "target not met"},
    "vi": {"exceeded": "vượt chỉ tiêu", "met": "đạt chỉ tiêu", "not_met": "không đạt chỉ tiêu"},
}


def qualified(words: str, qualifier: Qualifier | None, lang: str = "en") -> str:
    """'14,570 billion VND' -> 'more than 14,570 billion VND'."""
    return f"{_QUALIFIERS[lang][qualifier]} {words}" if qualifier else words


def amount(value: Decimal | int, unit: Unit, lang: str = "en") -> str:
    """A number with its unit: '146,678 cases', '4.95%', '6,165.836 billion VND'."""
    if unit.kind == "rate":
        return format_percent_value(value, lang)
    if unit.kind == "money":
        return format_money(value, lang)
    noun = unit.one if value == 1 and unit.one else unit.label
    return f"{format_number(value, lang)} {text(noun, lang)}"


def number_only(value: Decimal | int, unit: Unit, lang: str = "en") -> str:
    """A number without a count noun: '146,678', '4.95%', '6,165.836 billion VND'."""
    return (
        amount(value, unit, lang) if unit.kind in ("rate", "money") else format_number(value, lang)
    )


def display_value(obs: Observation, lang: str = "en", with_unit: bool = True) -> str:
    """The observation's number as a reader sees it; 'not reported' when the source gives none."""
    if obs.ratio is not None:
        num, den = (format_number(n, lang) for n in obs.ratio)
        words = f"{num}/{den}" + (f" {text(obs.unit.label, lang)}" if with_unit else "")
    elif obs.value is not None:
        words = (
            amount(obs.value, obs.unit, lang)
            if with_unit
            else number_only(obs.value, obs.unit, lang)
        )
    else:
        return NOT_REPORTED[lang]
    return qualified(words, obs.qualifier, lang)


def _size(value: Decimal, unit: str, measured: Unit, lang: str) -> str:
    """The size of a change or margin: '4.95%', '2.7 points', '43 cases'."""
    if unit == "percent":
        return format_percent_value(value, lang)
    if unit == "points":
        return format_number(value, lang) + (" points" if lang == "en" else " điểm %")
    return amount(value, measured, lang)


def compared_with(change: StatedChange, lang: str = "en") -> str:
    """What a change compares with, in words: 'the same period of 2022', 'the month before'."""
    period, day = change.compared_with, change.compared_on
    if day is not None:
        return short_date(day, lang)
    if period is None:
        return ""
    label = period_label(period, lang)
    if change.versus == "same_period" and period.kind != "year":
        return (
            f"cùng kỳ năm {period.start.year}"
            if lang == "vi"
            else f"the same period of {period.start.year}"
        )
    if change.versus == "previous_month":
        return f"tháng trước ({label})" if lang == "vi" else f"the month before ({label})"
    if lang == "vi":
        return f"năm {label}" if period.kind == "year" else label
    return f"the {label}" if period.kind in ("half", "nine_months") else label


def display_change(change: StatedChange | None, unit: Unit, lang: str = "en") -> str:
    """'up 4.95% vs 2022', 'down nearly 16% vs the same period of 2018', 'down 43 cases'."""
    if change is None:
        return ""
    words = _DIRECTION[lang][change.direction]
    if change.value is not None:
        words += " " + qualified(
            _size(change.value, change.unit, unit, lang), change.qualifier, lang
        )
    elif change.direction != "unchanged" and lang == "en":
        words += " (size not stated)"
    versus = compared_with(change, lang)
    if not versus:
        return words
    return f"{words} so với {versus}" if lang == "vi" else f"{words} vs {versus}"


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


def display_target(obs: Observation, lang: str = "en") -> str:
    """'target exceeded by 16 points', 'reached 275% of the target', 'target 90% not met'."""
    target: Target | None = obs.target
    if target is None:
        return ""
    words = _OUTCOME[lang][target.outcome]
    if target.value is not None:
        goal = amount(Decimal(target.value), obs.unit, lang)
        words += f" (chỉ tiêu {goal})" if lang == "vi" else f" (target: {goal})"
    if target.by is not None and target.unit == "of_target":
        share = format_percent_value(Decimal(target.by), lang)
        words += f", đạt {share} chỉ tiêu" if lang == "vi" else f", reaching {share} of the target"
    elif target.by is not None and target.unit is not None:
        size = _size(Decimal(target.by), target.unit, obs.unit, lang)
        words += f" {size}" if lang == "vi" else f" by {size}"
    implied = implied_target(obs)
    if implied is not None:
        if obs.unit.kind == "rate" or target.applies_to == "change":
            shown = format_percent_value(implied, lang)
        else:
            shown = amount(implied, obs.unit, lang)
        if target.applies_to == "change" and obs.change:
            shown = f"{_DIRECTION[lang][obs.change.direction]} {shown}"
        words += (
            f" (chỉ tiêu suy ra {shown})" if lang == "vi" else f" (implied target {shown}, derived)"
        )
    if target.set_by:
        words += (
            f"; do {text(target.set_by, lang)} giao"
            if lang == "vi"
            else f"; set by {text(target.set_by, lang)}"
        )
    return words


def display_breakdown(obs: Observation, lang: str = "en") -> str:
    """'field: drugs' for a part of a split figure; '' for a whole."""
    return "; ".join(
        f"{text(dimension.label, lang).lower()}: {text(member.label, lang)}"
        for dimension, member in obs.breakdown
    )


def display_when(obs: Observation, lang: str = "en") -> str:
    """'2023', 'first half of 2019', or 'as of 17 January 2024'."""
    if obs.as_of is not None:
        prefix = "as of" if lang == "en" else "tính đến"
        return f"{prefix} {short_date(obs.as_of, lang)}"
    assert obs.period is not None
    return period_label(obs.period, lang)


def period_label(period: Period, lang: str = "en") -> str:
    """'first half of 2019', or '1 Jan – 20 Jul 2024' for a range."""
    if period.kind != "range":
        return period.label(lang)
    return str(format_interval(period.start, period.end, "yMMMd", locale=_DATE_LOCALE[lang]))


def long_date(day: dt.date, lang: str = "en") -> str:
    """'17 January 2024' / '17 tháng 1, 2024'."""
    return str(
        format_date(day, format="d MMMM y" if lang == "en" else "long", locale=_DATE_LOCALE[lang])
    )


def short_date(day: dt.date, lang: str = "en") -> str:
    """'17 Jan 2024' / '17/1/2024', for table cells."""
    return str(
        format_date(day, format="d MMM y" if lang == "en" else "d/M/y", locale=_DATE_LOCALE[lang])
    )


def quote_link(source: Source, quote: str) -> str | None:
    """The article's address, opening at the quote (a text fragment of its first and last
    words), or None when the address is not known."""
    if not source.url:
        return None
    return with_fragment(source.url, text_fragment(quote))
