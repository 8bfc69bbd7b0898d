"""Reporting periods: '2023', '2019-H1', '2023-Q3', '2023-9M' or '2019-01-01/2019-07-25'."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["year", "half", "quarter", "nine_months", "range"]

PERIOD_PATTERN = r"^(\d{4}(-(H[12]|Q[1-4]|9M))?|\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2})$"
PERIOD_HELP = (
    "a period: '2023' (year), '2019-H1' (first half), '2023-Q3' (quarter), "
    "'2023-9M' (first nine months) or 'YYYY-MM-DD/YYYY-MM-DD' (a range)"
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


_SHORT = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|9M))?$")

_LABELS_EN = {
    "H1": "first half of {y}",
    "H2": "second half of {y}",
    "Q1": "Q1 {y}",
    "Q2": "Q2 {y}",
    "Q3": "Q3 {y}",
    "Q4": "Q4 {y}",
    "9M": "first nine months of {y}",
}
_LABELS_VI = {
    "H1": "6 tháng đầu năm {y}",
    "H2": "6 tháng cuối năm {y}",
    "Q1": "quý I/{y}",
    "Q2": "quý II/{y}",
    "Q3": "quý III/{y}",
    "Q4": "quý IV/{y}",
    "9M": "9 tháng năm {y}",
}


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

    def label(self, lang: str = "en") -> str:
        """A reader's label: 'first half of 2019' / '6 tháng đầu năm 2019'."""
        match = _SHORT.match(self.key)
        if match and match.group(2):
            table = _LABELS_VI if lang == "vi" else _LABELS_EN
            return table[match.group(2)].format(y=match.group(1))
        if match:
            return self.key
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        """Whether `day` falls within the period."""
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period key; raise ValueError with the expected forms."""
    match = _SHORT.match(text)
    if match:
        year, part = int(match.group(1)), match.group(2)
        first, last = {
            None: (1, 12),
            "H1": (1, 6),
            "H2": (7, 12),
            "Q1": (1, 3),
            "Q2": (4, 6),
            "Q3": (7, 9),
            "Q4": (10, 12),
            "9M": (1, 9),
        }[part]
        kind: PeriodKind = (
            "year"
            if part is None
            else "nine_months"
            if part == "9M"
            else "half"
            if part.startswith("H")
            else "quarter"
        )
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
