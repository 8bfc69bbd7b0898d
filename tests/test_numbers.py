"""Written forms are read by the source's language; readers' numbers are formatted by Babel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.numbers import (
    WrittenFormError,
    format_money,
    format_number,
    format_percent_value,
    parse_written,
)


@pytest.mark.parametrize(
    ("written", "language", "expected"),
    [
        ("58.086", "vi", Decimal(58086)),
        ("0,07%", "vi", Decimal("0.07")),
        ("146,678", "en", Decimal(146678)),
        ("4.95%", "en", Decimal("4.95")),
        ("14,570 billion", "en", Decimal(14_570_000_000_000)),
        ("6,165 billion 836 million", "en", Decimal(6_165_836_000_000)),
        ("4,35 tỷ đồng", "vi", Decimal(4_350_000_000)),
        ("37,5 nghìn", "vi", Decimal(37_500)),
        ("1.392", "vi", Decimal(1392)),
        ("07", "en", Decimal(7)),
        ("217/460", "en", (217, 460)),
        ("1.513", "vi", Decimal(1513)),
    ],
)
def test_written_forms_read_back_by_language(written: str, language: str, expected: object) -> None:
    assert parse_written(written, language) == expected


def test_the_same_digits_mean_different_numbers_by_language() -> None:
    assert parse_written("58.086", "vi") == 58086
    assert parse_written("58.086", "en") == Decimal("58.086")


@pytest.mark.parametrize(("written", "language"), [("1,5", "en"), ("58,08", "en"), ("none", "en")])
def test_unreadable_forms_are_refused(written: str, language: str) -> None:
    with pytest.raises(WrittenFormError):
        parse_written(written, language)


def test_numbers_are_formatted_for_the_reader_by_locale() -> None:
    assert format_number(146678, "en") == "146,678"
    assert format_number(146678, "vi") == "146.678"
    assert format_percent_value(Decimal("4.95"), "en") == "4.95%"
    assert format_percent_value(Decimal("0.07"), "vi") == "0,07%"
    assert format_money(6_165_836_000_000, "en") == "6,165.836 billion VND"
    assert format_money(14_570_000_000_000, "vi") == "14.570 tỷ đồng"
