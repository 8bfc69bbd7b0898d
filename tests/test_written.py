"""Whether a written form prints what a metric records, stage by stage: the numbers, their
count, their order and the qualifier word before each; every refusal says why, as printed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.written import Expected, mismatch, unordered_mismatch


def want(*values: int | str, qualifier: str | None = None) -> list[Expected]:
    """The numbers a written form must print, each with `qualifier`."""
    return [Expected(Decimal(v), qualifier) for v in values]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "expected", "language"),
    [
        ("58.086", want(58086), "vi"),
        ("887 vụ/1.513 bị can", want(887, 1513), "vi"),
        ("hơn 14.570 tỷ đồng", want(14_570_000_000_000, qualifier="more_than"), "vi"),
        ("more than 14,570 billion", want(14_570_000_000_000, qualifier="more_than"), "en"),
        ("0,07%", want("0.07"), "vi"),
    ],
)
def test_a_form_that_prints_the_numbers_is_accepted(
    written: str, expected: list[Expected], language: str
) -> None:
    assert mismatch(written, expected, language) is None


def test_one_number_where_two_are_expected_is_refused_never_added() -> None:
    assert mismatch("887 vụ", want(887, 1513), "vi") == (
        "'887 vụ' has 1 number (887); expected 2 (887/1513): copy only the number as printed, "
        "numbers are never added together"
    )


def test_two_numbers_where_one_is_expected_is_refused_never_added() -> None:
    assert mismatch("887 vụ, 1.513 bị can", want(2400), "vi") == (
        "'887 vụ, 1.513 bị can' has 2 numbers (887 and 1513); expected one (2400): copy only "
        "the number as printed, numbers are never added together"
    )


def test_three_numbers_where_two_are_expected_lists_them_all() -> None:
    assert mismatch("1, 2 và 3", want(1, 2), "vi") == (
        "'1, 2 và 3' has 3 numbers (1 and 2 and 3); expected 2 (1/2): copy only the number as "
        "printed, numbers are never added together"
    )


def test_numbers_in_another_order_are_refused() -> None:
    assert mismatch("1.513 bị can/887 vụ", want(887, 1513), "vi") == (
        "'1.513 bị can/887 vụ' reads as 1513 and 887 in 'vi', not 887/1513 (expected the "
        "written form to match the recorded number)"
    )


def test_another_number_is_refused() -> None:
    assert mismatch("58,086", want(58086), "vi") == (
        "'58,086' reads as 58.086 in 'vi', not 58086 (expected the written form to match the "
        "recorded number)"
    )


def test_an_unreadable_form_says_why_and_in_which_language() -> None:
    assert mismatch("0.07%", want("0.07"), "vi") == (
        "'0.07' is not grouped in threes with '.' as 'vi' writes numbers (the source is in 'vi')"
    )
    assert mismatch("none", want(1), "en") == "'none' contains no number (the source is in 'en')"


@pytest.mark.parametrize(
    ("qualifier", "language", "words"),
    [
        ("more_than", "vi", "'hơn' or 'trên' or 'vượt'"),
        ("nearly", "vi", "'gần'"),
        ("up_to", "vi", "'lên tới' or 'lên đến' or 'tới'"),
        ("about", "en", "'about' or 'around' or 'approximately'"),
        ("less_than", "en", "'less than' or 'fewer than' or 'under'"),
    ],
)
def test_a_missing_qualifier_word_names_the_first_three_words_that_say_it(
    qualifier: str, language: str, words: str
) -> None:
    assert mismatch("58", want(58, qualifier=qualifier), language) == (
        f"'58' has no qualifier word before 58, but qualifier is {qualifier} (expected {words} "
        "before the number, copied as printed)"
    )


def test_a_qualifier_word_with_no_qualifier_is_refused() -> None:
    assert mismatch("gần 58", want(58), "vi") == (
        "'gần 58' says 'gần' (nearly) before 58, but no qualifier is set (expected qualifier: "
        "nearly)"
    )


def test_a_qualifier_word_that_says_another_qualifier_is_refused() -> None:
    assert mismatch("about 58", want(58, qualifier="more_than"), "en") == (
        "'about 58' says 'about' (about) before 58, but qualifier is more_than"
    )


def test_each_number_has_its_own_qualifier_checked() -> None:
    expected = [Expected(Decimal(887), "more_than"), Expected(Decimal(1513), "nearly")]
    assert mismatch("hơn 887 vụ, gần 1.513 bị can", expected, "vi") is None
    assert mismatch("hơn 887 vụ, hơn 1.513 bị can", expected, "vi") == (
        "'hơn 887 vụ, hơn 1.513 bị can' says 'hơn' (more_than) before 1513, but qualifier is nearly"
    )
    assert mismatch("hơn 887 vụ, 1.513 bị can", expected, "vi") == (
        "'hơn 887 vụ, 1.513 bị can' has no qualifier word before 1513, but qualifier is nearly "
        "(expected 'gần' before the number, copied as printed)"
    )


def test_a_qualifier_not_checked_may_differ() -> None:
    loose = [Expected(Decimal(887), None, check_qualifier=False), *want(1513)]
    assert mismatch("hơn 887 vụ, 1.513 bị can", loose, "vi") is None
    assert mismatch("hơn 887 vụ, hơn 1.513 bị can", loose, "vi") == (
        "'hơn 887 vụ, hơn 1.513 bị can' says 'hơn' (more_than) before 1513, but no qualifier is "
        "set (expected qualifier: more_than)"
    )


def test_a_target_and_its_margin_may_be_printed_in_any_order() -> None:
    numbers = [Decimal(120), Decimal(10)]
    assert unordered_mismatch("10 trên 120", numbers, "vi") is None
    assert unordered_mismatch("120, vượt 10", numbers, "vi") is None
    assert unordered_mismatch("120", numbers, "vi") == (
        "'120' reads as 120 in 'vi', not 120 and 10 (expected the target's numbers as printed)"
    )
    assert unordered_mismatch("120, 120", [Decimal(120)], "vi") == (
        "'120, 120' reads as 120 and 120 in 'vi', not 120 (expected the target's numbers as "
        "printed)"
    )
    assert unordered_mismatch("1.2", numbers, "vi") == (
        "'1.2' is not grouped in threes with '.' as 'vi' writes numbers (the source is in 'vi')"
    )


def test_an_award_s_counts_are_named_as_such_when_they_differ() -> None:
    assert unordered_mismatch(
        "2 tập thể, 5 cá nhân", [Decimal(5), Decimal(3)], "vi", "the award's counts"
    ) == (
        "'2 tập thể, 5 cá nhân' reads as 2 and 5 in 'vi', not 5 and 3 (expected the award's "
        "counts as printed)"
    )
