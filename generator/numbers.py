"""Numbers as sources write them: read by the source's language, never added together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Qualifier = Literal["more_than", "at_least", "about", "nearly", "up_to", "less_than"]

# Scale words, longest first so "nghìn tỷ" wins over "nghìn".
_SCALES: tuple[tuple[str, int], ...] = (
    ("nghìn tỷ", 10**12),
    ("ngàn tỷ", 10**12),
    ("trillion", 10**12),
    ("billion", 10**9),
    ("tỷ", 10**9),
    ("tỉ", 10**9),
    ("million", 10**6),
    ("triệu", 10**6),
    ("thousand", 10**3),
    ("nghìn", 10**3),
    ("ngàn", 10**3),
)
# The words a source prints before a number to say it is not exact, by language.
QUALIFIER_WORDS: dict[str, dict[str, Qualifier]] = {
    "vi": {
        "gần": "nearly",
        "hơn": "more_than",
        "trên": "more_than",
        "khoảng": "about",
        "chừng": "about",
        "ít nhất": "at_least",
        "tối thiểu": "at_least",
        "lên tới": "up_to",
        "lên đến": "up_to",
        "tới": "up_to",
        "dưới": "less_than",
        "vượt": "more_than",
        "ước tính": "about",
    },
    "en": {
        "more than": "more_than",
        "over": "more_than",
        "nearly": "nearly",
        "almost": "nearly",
        "about": "about",
        "around": "about",
        "approximately": "about",
        "some": "about",
        "at least": "at_least",
        "up to": "up_to",
        "less than": "less_than",
        "fewer than": "less_than",
        "under": "less_than",
        "exceeded": "more_than",
        "exceeding": "more_than",
        "estimated": "about",
    },
}
# Comparatives that end like a qualifier but state a change: "nhiều hơn 17 vụ" is 17 more.
_COMPARATIVES = ("nhiều hơn", "ít hơn", "cao hơn", "thấp hơn", "lớn hơn", "nhỏ hơn")
# Between the two numbers of a ratio, "trên" means "out of", not "more than".
_OUT_OF = ("trên", "out of", "of")
# A currency may stand between the qualifier and the number: "over VND 6,459 billion".
_CURRENCY = re.compile(r"\s*(vnd|vnđ|usd|us\$|\$)\s*$")
# ASCII digits only: `\d` (like Decimal()) also reads "٥٨" and "５８".
_NUMBER = re.compile(r"[0-9][0-9.,]*[0-9]|[0-9]")
_DIGITS = re.compile(r"[0-9]+(\.[0-9]+)?")
# A scale word is a whole word ("tỉ" begins "tỉnh", a province): no letter may follow it
# (letters are Unicode: [^\W\d_]). "tỷ lệ" (a rate) and "tỷ trọng" (a share) begin with
# "tỷ" but are words of their own, never a scale.
_NOT_SCALE = r"(?!\s+(?:lệ|trọng)(?![^\W\d_]))"
_SCALE_WORDS = re.compile(
    "(?:" + "|".join(re.escape(word) for word, _ in _SCALES) + r")(?![^\W\d_])" + _NOT_SCALE
)
_SCALE_OF = dict(_SCALES)
_SEPARATORS = {"en": (",", "."), "vi": (".", ",")}  # (thousands, decimal)
_PLAIN_LIMIT = 40


class WrittenFormError(ValueError):
    """A written form that cannot be read as numbers in its language."""


@dataclass(frozen=True)
class Reading:
    """One number read from a written form, with the qualifier word printed before it."""

    value: Decimal
    qualifier: Qualifier | None
    word: str | None


def plain_number(value: Decimal | int) -> str:
    """A number as plain digits for messages and data ('14570000000000', '4.95'), never 1E+13."""
    number = Decimal(value)
    if number.is_finite() and abs(number.adjusted()) <= _PLAIN_LIMIT:
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return "a number with more than 40 digits"


def parse_number_token(token: str, language: str) -> Decimal:
    """'58.086' (vi) -> 58086; '0,07' (vi) -> 0.07; '146,678' (en) -> 146678."""
    group, point = _SEPARATORS[language]
    whole, _, fraction = token.partition(point)
    if point in fraction:
        raise WrittenFormError(f"{token!r} has two decimal marks for {language!r}")
    if group in whole:
        parts = whole.split(group)
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
            raise WrittenFormError(
                f"{token!r} is not grouped in threes with {group!r} as {language!r} writes numbers"
            )
    digits = whole.replace(group, "") + ("." + fraction if fraction else "")
    if group in fraction or not _DIGITS.fullmatch(digits):
        raise WrittenFormError(f"{token!r} is not a number as {language!r} writes numbers")
    return Decimal(digits)


def _qualifier_before(gap: str, language: str, first: bool) -> tuple[Qualifier | None, str | None]:
    """The qualifier word that ends the text before a number, if any."""
    before = _CURRENCY.sub("", " ".join(gap.lower().split()))
    if not first and before in _OUT_OF:
        return None, None
    if before.endswith(_COMPARATIVES):
        return None, None
    for word, qualifier in sorted(QUALIFIER_WORDS[language].items(), key=lambda w: -len(w[0])):
        if before == word or before.endswith(" " + word) or before.endswith("(" + word):
            return qualifier, word
    return None, None


def read_written(text: str, language: str) -> list[Reading]:
    """Every number in a written form, in order; '6,165 billion 836 million' is one number.

    Numbers are never added together otherwise: '90% plus 1' reads as two numbers.
    """
    lowered = text.lower()
    readings: list[Reading] = []
    last_scale: int | None = None
    position = 0
    for match in _NUMBER.finditer(lowered):
        value = parse_number_token(match.group(), language)
        gap = lowered[position : match.start()]
        rest = lowered[match.end() :]
        scale_match = _SCALE_WORDS.match(rest.lstrip())
        scale = _SCALE_OF[scale_match.group()] if scale_match else None
        position = match.end()
        if scale_match:
            position += len(rest) - len(rest.lstrip()) + len(scale_match.group())
        compound = last_scale is not None and scale is not None and scale < last_scale
        if compound and scale is not None and not gap.strip() and readings:
            head = readings.pop()
            readings.append(Reading(head.value + value * scale, head.qualifier, head.word))
        else:
            qualifier, word = _qualifier_before(gap, language, first=not readings)
            readings.append(Reading(value * (scale or 1), qualifier, word))
        last_scale = scale
    if not readings:
        raise WrittenFormError(f"{text!r} contains no number")
    return readings
