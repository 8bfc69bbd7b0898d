"""Written forms are read by the source's language; readers' numbers are formatted by Babel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.escape import csv_cell, md_text
from generator.numbers import (
    WrittenFormError,
    parse_number_token,
    plain_number,
    read_written,
)


def values(written: str, language: str) -> list[Decimal]:
    """The numbers read from a written form, in order."""
    return [r.value for r in read_written(written, language)]


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
        ("217/460", "en", [Decimal(217), Decimal(460)]),
        ("1.513", "vi", Decimal(1513)),
    ],
)
def test_written_forms_read_back_by_language(written: str, language: str, expected: object) -> None:
    wanted = expected if isinstance(expected, list) else [expected]
    assert values(written, language) == wanted


def test_the_same_digits_mean_different_numbers_by_language() -> None:
    assert values("58.086", "vi") == [58086]
    assert values("58.086", "en") == [Decimal("58.086")]


def test_separate_numbers_are_never_added_together() -> None:
    assert values("90% plus 1", "en") == [90, 1]
    assert values("887 vụ/1.513 bị can", "vi") == [887, 1513]


@pytest.mark.parametrize(
    ("written", "language", "qualifiers"),
    [
        ("hơn 14.570 tỷ đồng", "vi", ["more_than"]),
        ("gần 3.200 vụ, với 5.477 đối tượng", "vi", ["nearly", None]),
        ("nhiều hơn 17 vụ và 16 đối tượng", "vi", [None, None]),
        ("more than 14,570 billion", "en", ["more_than"]),
        ("over 56%", "en", ["more_than"]),
        ("217 trên 460", "vi", [None, None]),
    ],
)
def test_qualifier_words_are_read_with_their_number(
    written: str, language: str, qualifiers: list[str | None]
) -> None:
    assert [r.qualifier for r in read_written(written, language)] == qualifiers


def test_plain_numbers_never_use_scientific_notation() -> None:
    assert plain_number(Decimal("1E+13")) == "10000000000000"
    assert plain_number(Decimal("4.950")) == "4.95"
    assert plain_number(Decimal("1E+99")) == "a number with more than 40 digits"


@pytest.mark.parametrize(("written", "language"), [("1,5", "en"), ("58,08", "en"), ("none", "en")])
def test_unreadable_forms_are_refused(written: str, language: str) -> None:
    with pytest.raises(WrittenFormError):
        read_written(written, language)


@pytest.mark.parametrize("written", ["٥٨.٠٨٦", "５８.０８６", "۵۸", "५८"])
def test_digits_of_other_scripts_are_no_number(written: str) -> None:
    # Python's `\d` and Decimal() read them as 58086; a source prints 0-9.
    with pytest.raises(WrittenFormError, match=r"contains no number|not a number"):
        read_written(written, "vi")
    with pytest.raises(WrittenFormError):
        parse_number_token(written, "vi")


def test_only_ascii_digits_make_a_list_or_a_plain_number() -> None:
    assert md_text("1. first") == "1\\. first"
    assert md_text("١. first") == "١. first"  # Markdown starts no list with it
    assert csv_cell("-12.5") == "-12.5"
    assert csv_cell("-١٢") == "'-١٢"  # a spreadsheet reads no number there


def test_numbers_are_formatted_for_the_reader_by_locale() -> None:
    from generator.languages import language
    from generator.present import money, number, percent

    en, vi = language("en"), language("vi")
    assert number(146678, en) == "146,678"
    assert number(146678, vi) == "146.678"
    assert percent(Decimal("4.95"), en) == "4.95%"
    assert percent(Decimal("0.07"), vi) == "0,07%"
    assert money(6_165_836_000_000, en) == "6,165.836 billion VND"
    assert money(14_570_000_000_000, vi) == "14.570 tỷ đồng"


@pytest.mark.parametrize(
    ("written", "language", "expected"),
    [
        ("63 tỉnh", "vi", [Decimal(63)]),  # "tỉ" begins "tỉnh" (province)
        ("63 tỉnh, thành phố", "vi", [Decimal(63)]),
        ("năm 2023 tỷ lệ 90%", "vi", [Decimal(2023), Decimal(90)]),  # "tỷ lệ" is a rate
        ("2023 tỉ lệ", "vi", [Decimal(2023)]),
        ("40 tỷ trọng", "vi", [Decimal(40)]),
        ("5 triệux", "vi", [Decimal(5)]),
        ("3 billions", "en", [Decimal(3)]),
        ("7 thousandth", "en", [Decimal(7)]),
        ("4 tỷ", "vi", [Decimal(4_000_000_000)]),
        ("4 tỷ.", "vi", [Decimal(4_000_000_000)]),
        ("4 tỷ đồng", "vi", [Decimal(4_000_000_000)]),
        ("4 tỉ)", "vi", [Decimal(4_000_000_000)]),
        ("4 nghìn tỷ", "vi", [Decimal(4_000_000_000_000)]),
        ("2 billion,", "en", [Decimal(2_000_000_000)]),
    ],
)
def test_a_scale_word_is_a_whole_word(written: str, language: str, expected: list[Decimal]) -> None:
    assert values(written, language) == expected
