"""Reporting periods: '2023', '2019-H1', '2023-Q3', '2023-9M', '2025-06' (a month) or
'2019-01-01/2019-07-25', and the periods a stated change compares them with."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["year", "half", "quarter", "nine_months", "month", "range"]

# After the year: a half, a quarter, the first nine months or a month. Digits are ASCII: `\d`
# would also match '２０２３' or '٢٠٢٣' (and int() reads them).
_SUFFIX = r"H[12]|Q[1-4]|9M|0[1-9]|1[0-2]"
_DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
PERIOD_PATTERN = rf"^([0-9]{{4}}(-({_SUFFIX}))?|{_DAY}/{_DAY})$"
PERIOD_HELP = (
    "a period: '2023' (year), '2019-H1' (first half), '2023-Q3' (quarter), "
    "'2023-9M' (first nine months), '2025-06' (a month) or 'YYYY-MM-DD/YYYY-MM-DD' (a range)"
)
# Committee 138's programme began in 1998; nothing reviewed here can be older, and nothing
# more than a year ahead can have been held yet.
EARLIEST = dt.date(1998, 1, 1)


def latest_plausible(today: dt.date | None = None) -> dt.date:
    """The last day a curated date may fall on: 31 December of next year."""
    return dt.date((today or dt.date.today()).year + 1, 12, 31)


def implausible(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a date cannot be right, or None."""
    latest = latest_plausible(today)
    if EARLIEST <= day <= latest:
        return None
    return f"{day.isoformat()} is outside {EARLIEST.isoformat()} to {latest.isoformat()}"


_SHORT = re.compile(rf"^([0-9]{{4}})(?:-({_SUFFIX}))?$")
# Suffix -> first month, last month, kind; a two-digit suffix is one month.
_PARTS: dict[str | None, tuple[int, int, PeriodKind]] = {
    None: (1, 12, "year"),
    "H1": (1, 6, "half"),
    "H2": (7, 12, "half"),
    "Q1": (1, 3, "quarter"),
    "Q2": (4, 6, "quarter"),
    "Q3": (7, 9, "quarter"),
    "Q4": (10, 12, "quarter"),
    "9M": (1, 9, "nine_months"),
}
_PREVIOUS = {"H1": ("H2", -1), "H2": ("H1", 0), "Q1": ("Q4", -1), "Q2": ("Q1", 0)}
_PREVIOUS |= {"Q3": ("Q2", 0), "Q4": ("Q3", 0)}


@dataclass(frozen=True, order=True)
class Period:
    """A span of dates with a stable key, e.g. '2019-H1'."""

    start: dt.date
    end: dt.date
    key: str
    kind: PeriodKind

    @property
    def slug(self) -> str:
        """The key as a lowercase URL part: '2019-h1', '2019-01-01-2019-07-25'."""
        return self.key.lower().replace("/", "-")

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period key; raise ValueError with the expected forms."""
    if not text.isascii():
        raise ValueError(f"{text!r} is not written in digits 0-9 (expected {PERIOD_HELP})")
    match = _SHORT.match(text)
    if match:
        year, part = int(match.group(1)), match.group(2)
        if part and part.isdigit():
            month = int(part)
            return Period(dt.date(year, month, 1), _month_end(year, month), text, "month")
        first, last, kind = _PARTS[part]
        return Period(dt.date(year, first, 1), _month_end(year, last), text, kind)
    if "/" in text:
        left, _, right = text.partition("/")
        try:
            start, end = dt.date.fromisoformat(left), dt.date.fromisoformat(right)
        except ValueError:
            raise ValueError(f"{text!r} has an impossible date (expected {PERIOD_HELP})") from None
        if end < start:
            raise ValueError(f"{text!r} ends before it starts")
        return Period(start, end, text, "range")
    raise ValueError(f"{text!r} is not {PERIOD_HELP}")


def _range(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, f"{start.isoformat()}/{end.isoformat()}", "range")


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day some months earlier, clamped to the month's length (31 May -> 30 April)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _short_key(year: int, part: str | None) -> str:
    return f"{year}" if part is None else f"{year}-{part}"


def same_period_before(period: Period) -> Period:
    """The same period one year earlier ('so với cùng kỳ')."""
    match = _SHORT.match(period.key)
    if match:
        return parse_period(_short_key(int(match.group(1)) - 1, match.group(2)))
    return _range(_months_back(period.start, 12), _months_back(period.end, 12))


def previous_period(period: Period) -> Period:
    """The period just before, of the same kind; ValueError when there is none."""
    match = _SHORT.match(period.key)
    if period.kind == "range":
        length = period.end - period.start
        end = period.start - dt.timedelta(days=1)
        return _range(end - length, end)
    if period.kind == "month":
        return previous_month(period)
    if period.kind == "nine_months":
        raise ValueError("nine months have no period just before: name it (e.g. '2024-9M')")
    assert match is not None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return parse_period(str(year - 1))
    before, shift = _PREVIOUS[part]
    return parse_period(_short_key(year + shift, before))


def previous_month(period: Period) -> Period:
    """The month before a month (or before a month-long range); ValueError for longer periods."""
    if period.kind == "month":
        day = _months_back(period.start, 1)
        return parse_period(f"{day.year}-{day.month:02d}")
    if period.kind == "range" and period.days <= 32:
        return _range(_months_back(period.start, 1), period.start - dt.timedelta(days=1))
    raise ValueError(f"{period.key} is not a month: previous_month compares a month-long period")


def comparison_period(period: Period, versus: str) -> Period:
    """The period a stated change compares `period` with; ValueError when the words do not fit."""
    if versus == "same_period":
        return same_period_before(period)
    if versus == "previous_period":
        return previous_period(period)
    if versus == "previous_month":
        return previous_month(period)
    earlier = parse_period(versus)
    if earlier.start >= period.start:
        raise ValueError(
            f"{versus} does not begin before {period.key} (expected an earlier period)"
        )
    return earlier
