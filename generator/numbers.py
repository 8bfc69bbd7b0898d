"""Numbers as sources write them, and as readers see them (formatted by Babel)."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal, format_percent

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
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_RATIO = re.compile(r"^\s*(\d[\d.,]*)\s*/\s*(\d[\d.,]*)\s*$")
_SCALE_WORDS = re.compile("|".join(re.escape(word) for word, _ in _SCALES))
_SEPARATORS = {"en": (",", "."), "vi": (".", ",")}  # (thousands, decimal)


class WrittenFormError(ValueError):
    """A written form that cannot be read as a number in its language."""


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
    if group in fraction or not digits.replace(".", "").isdigit():
        raise WrittenFormError(f"{token!r} is not a number as {language!r} writes numbers")
    return Decimal(digits)


def parse_written(text: str, language: str) -> Decimal | tuple[int, int]:
    """Read a written form: a number with optional scale words, or a ratio 'a/b'."""
    ratio = _RATIO.match(text)
    if ratio:
        num, den = (parse_number_token(g, language) for g in ratio.groups())
        return int(num), int(den)
    lowered = text.lower()
    total = Decimal(0)
    found = False
    for match in _NUMBER.finditer(lowered):
        value = parse_number_token(match.group(), language)
        rest = lowered[match.end() :].lstrip()
        scale_match = _SCALE_WORDS.match(rest)
        scale = dict(_SCALES)[scale_match.group()] if scale_match else 1
        total += value * scale
        found = True
    if not found:
        raise WrittenFormError(f"{text!r} contains no number")
    return total


def same_number(a: Decimal | int, b: Decimal | int) -> bool:
    """Equal as numbers (4.95 == 4.950)."""
    return Decimal(a) == Decimal(b)


def format_number(value: Decimal | int, locale: str) -> str:
    """146678 -> '146,678' (en) / '146.678' (vi)."""
    return str(format_decimal(value, format="#,##0.###", locale=locale))


def format_percent_value(value: Decimal | int, locale: str) -> str:
    """4.95 -> '4.95%' (en) / '4,95%' (vi)."""
    return str(format_percent(Decimal(value) / 100, format="#,##0.###%", locale=locale))


_MONEY_SCALES: dict[str, tuple[tuple[int, str], ...]] = {
    "en": ((10**9, "billion VND"), (10**6, "million VND"), (1, "VND")),
    "vi": ((10**9, "tỷ đồng"), (10**6, "triệu đồng"), (1, "đồng")),
}


def format_money(value: Decimal | int, locale: str) -> str:
    """6165836000000 -> '6,165.836 billion VND' (en) / '6.165,836 tỷ đồng' (vi)."""
    for scale, words in _MONEY_SCALES[locale]:
        if abs(Decimal(value)) >= scale:
            scaled = Decimal(value) / scale
            return f"{format_decimal(scaled, format='#,##0.######', locale=locale)} {words}"
    return f"{format_number(value, locale)} {_MONEY_SCALES[locale][-1][1]}"
