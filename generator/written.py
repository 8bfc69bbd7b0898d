"""Whether a written form prints what a metric records: the same numbers, in order, with the
same qualifier words ("hơn", "nearly") before them. Numbers are never added together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .numbers import QUALIFIER_WORDS, Qualifier, WrittenFormError, plain_number, read_written


@dataclass(frozen=True)
class Expected:
    """A number the written form must print, and the qualifier it must print before it."""

    value: Decimal
    qualifier: Qualifier | None = None
    check_qualifier: bool = True


def _words_for(qualifier: Qualifier, language: str) -> str:
    """'gần' or 'hơn, trên': the words that say `qualifier` in `language`."""
    words = [w for w, q in QUALIFIER_WORDS[language].items() if q == qualifier]
    return " or ".join(repr(w) for w in words[:3])


def _listed(values: Sequence[Decimal], joiner: str) -> str:
    return joiner.join(plain_number(v) for v in values)


def mismatch(written: str, expected: Sequence[Expected], language: str) -> str | None:
    """Why `written` does not print the expected numbers in order, or None when it does."""
    try:
        readings = read_written(written, language)
    except WrittenFormError as exc:
        return f"{exc} (the source is in {language!r})"
    read = [r.value for r in readings]
    wanted = [e.value for e in expected]
    if len(read) != len(wanted):
        count = "one" if len(wanted) == 1 else str(len(wanted))
        return (
            f"{written!r} has {len(read)} number{'s' if len(read) != 1 else ''} "
            f"({_listed(read, ' and ')}); expected {count} ({_listed(wanted, '/')}): copy only "
            "the number as printed, numbers are never added together"
        )
    if read != wanted:
        return (
            f"{written!r} reads as {_listed(read, ' and ')} in {language!r}, not "
            f"{_listed(wanted, '/')} (expected the written form to match the recorded number)"
        )
    for reading, want in zip(readings, expected, strict=True):
        if not want.check_qualifier or reading.qualifier == want.qualifier:
            continue
        number = plain_number(reading.value)
        if reading.qualifier is None:
            assert want.qualifier is not None
            return (
                f"{written!r} has no qualifier word before {number}, but qualifier is "
                f"{want.qualifier} (expected {_words_for(want.qualifier, language)} before the "
                "number, copied as printed)"
            )
        said = f"{written!r} says {reading.word!r} ({reading.qualifier}) before {number}"
        if want.qualifier is None:
            return f"{said}, but no qualifier is set (expected qualifier: {reading.qualifier})"
        return f"{said}, but qualifier is {want.qualifier}"
    return None


def unordered_mismatch(
    written: str, expected: Sequence[Decimal], language: str, what: str = "the target's numbers"
) -> str | None:
    """Like `mismatch` for numbers that may be printed in any order (a target and its margin,
    an award's counts)."""
    try:
        read = [r.value for r in read_written(written, language)]
    except WrittenFormError as exc:
        return f"{exc} (the source is in {language!r})"
    if Counter(read) == Counter(expected):
        return None
    return (
        f"{written!r} reads as {_listed(read, ' and ')} in {language!r}, not "
        f"{_listed(expected, ' and ')} (expected {what} as printed)"
    )
