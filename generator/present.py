"""Words and numbers as readers see them, in English or Vietnamese (numbers by Babel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_interval

from .escape import text_fragment, with_fragment
from .model import Observation, text
from .numbers import Qualifier, format_money, format_number, format_percent_value
from .periods import Period
from .schema import Change, Source, Target, Unit

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


def display_change(change: Change | None, unit: Unit, lang: str = "en") -> str:
    """'up 4.95%', 'down nearly 16%', 'down 88 cases', 'down (size not stated)'; '' for none."""
    if change is None:
        return ""
    direction = _DIRECTION[lang][change.direction]
    if change.value is None:
        size = (
            "" if change.direction == "unchanged" else " (size not stated)" if lang == "en" else ""
        )
        words = f"{direction}{size}"
    else:
        if change.unit == "percent":
            size = format_percent_value(change.value, lang)
        elif change.unit == "points":
            size = format_number(change.value, lang) + (" points" if lang == "en" else " điểm %")
        else:
            size = amount(change.value, unit, lang)
        words = f"{direction} {qualified(size, change.qualifier, lang)}"
    versus = change.versus or ("same period" if lang == "en" else "cùng kỳ")
    return f"{words} vs {versus}" if lang == "en" else f"{words} so với {versus}"


def implied_target(obs: Observation) -> Decimal | None:
    """The target the text implies, where it allows: achieved value minus points exceeded."""
    target = obs.target
    if target is None or target.by is None or target.unit != "points":
        return None
    if target.applies_to == "value" and obs.value is not None and obs.unit.kind == "rate":
        return Decimal(obs.value) - Decimal(target.by)
    if target.applies_to == "change" and obs.change and obs.change.value is not None:
        return Decimal(obs.change.value) - Decimal(target.by)
    return None


def display_target(obs: Observation, lang: str = "en") -> str:
    """'target exceeded by 16 points (implied target 75%, derived)'; '' for none."""
    target: Target | None = obs.target
    if target is None:
        return ""
    words = _OUTCOME[lang][target.outcome]
    if target.by is not None:
        size = format_number(target.by, lang)
        size += (" points" if lang == "en" else " điểm %") if target.unit == "points" else "%"
        words += f" by {size}" if lang == "en" else f" {size}"
    implied = implied_target(obs)
    if implied is not None:
        shown = format_percent_value(implied, lang)
        if target.applies_to == "change" and obs.change:
            shown = f"{_DIRECTION[lang][obs.change.direction]} {shown}"
        words += (
            f" (implied target {shown}, derived)" if lang == "en" else f" (chỉ tiêu suy ra {shown})"
        )
    if target.set_by:
        words += (
            f"; set by {text(target.set_by, lang)}"
            if lang == "en"
            else f"; do {text(target.set_by, lang)} giao"
        )
    return words


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


def fragment_link(source: Source, written: str | None) -> str | None:
    """The source address with a text fragment that highlights the written number."""
    if not source.url:
        return None
    if not written or len(written) < 3:
        # A one- or two-character fragment would highlight the first match, rarely the number.
        return source.url
    return with_fragment(source.url, text_fragment(written))
