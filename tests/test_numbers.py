"""Written forms are read by the source's language; readers' numbers are formatted by Babel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.escape import csv_cell, md_text
from generator.numbers import (
    QUALIFIER_WORDS,
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


@pytest.mark.parametrize(
    ("written", "language", "expected"),
    [
        ("2 nghìn tỷ", "vi", 2 * 10**12),
        ("2 ngàn tỷ", "vi", 2 * 10**12),
        ("2 trillion", "en", 2 * 10**12),
        ("2 billion", "en", 2 * 10**9),
        ("2 tỷ", "vi", 2 * 10**9),
        ("2 tỉ", "vi", 2 * 10**9),
        ("2 million", "en", 2 * 10**6),
        ("2 triệu", "vi", 2 * 10**6),
        ("2 thousand", "en", 2 * 10**3),
        ("2 nghìn", "vi", 2 * 10**3),
        ("2 ngàn", "vi", 2 * 10**3),
        ("2 TRIỆU", "vi", 2 * 10**6),
        ("2   triệu", "vi", 2 * 10**6),
    ],
)
def test_every_scale_word_multiplies_by_its_own_power_of_ten(
    written: str, language: str, expected: int
) -> None:
    assert values(written, language) == [expected]


@pytest.mark.parametrize(
    ("written", "language", "expected"),
    [
        # a smaller scale right after a larger one continues the same number
        ("1 nghìn tỷ 250 tỷ", "vi", [1_250_000_000_000]),
        ("3 tỷ 200 triệu 5 nghìn", "vi", [3_200_005_000]),
        # the same or a larger scale starts a new number: never added together
        ("2 billion 3 billion", "en", [2_000_000_000, 3_000_000_000]),
        ("2 million 3 billion", "en", [2_000_000, 3_000_000_000]),
        # words or punctuation between them: two numbers
        ("6,165 billion, 836 million", "en", [6_165_000_000_000, 836_000_000]),
        ("6,165 billion and 836 million", "en", [6_165_000_000_000, 836_000_000]),
        # a number with no scale between them breaks the chain
        ("5 tỷ 7 vụ 3 triệu", "vi", [5_000_000_000, 7, 3_000_000]),
        ("5 tỷ 7 3 triệu", "vi", [5_000_000_000, 7, 3_000_000]),
    ],
)
def test_a_smaller_scale_right_after_a_larger_one_continues_the_number(
    written: str, language: str, expected: list[int]
) -> None:
    assert values(written, language) == expected


def test_a_continued_number_keeps_the_qualifier_printed_before_it() -> None:
    [reading] = read_written("hơn 6 tỷ 500 triệu đồng", "vi")
    assert (reading.value, reading.qualifier, reading.word) == (
        Decimal(6_500_000_000),
        "more_than",
        "hơn",
    )


def test_the_words_after_a_scale_are_read_for_the_next_number() -> None:
    # The text between "tỷ" and the next number is "hơn", whatever the scale word's length.
    readings = read_written("5 nghìn tỷ, hơn 3 vụ", "vi")
    assert [(r.value, r.qualifier) for r in readings] == [
        (Decimal(5 * 10**12), None),
        (Decimal(3), "more_than"),
    ]
    readings = read_written("5 tỷ gần 3 vụ", "vi")
    assert [(r.value, r.qualifier) for r in readings] == [
        (Decimal(5 * 10**9), None),
        (Decimal(3), "nearly"),
    ]


# Every qualifier word a source prints, with the qualifier it means: written out here, not read
# from the table under test.
VI_WORDS = [
    ("gần", "nearly"),
    ("hơn", "more_than"),
    ("trên", "more_than"),
    ("khoảng", "about"),
    ("chừng", "about"),
    ("ít nhất", "at_least"),
    ("tối thiểu", "at_least"),
    ("lên tới", "up_to"),
    ("lên đến", "up_to"),
    ("tới", "up_to"),
    ("dưới", "less_than"),
    ("vượt", "more_than"),
    ("ước tính", "about"),
]
EN_WORDS = [
    ("more than", "more_than"),
    ("over", "more_than"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("about", "about"),
    ("around", "about"),
    ("approximately", "about"),
    ("some", "about"),
    ("at least", "at_least"),
    ("up to", "up_to"),
    ("less than", "less_than"),
    ("fewer than", "less_than"),
    ("under", "less_than"),
    ("exceeded", "more_than"),
    ("exceeding", "more_than"),
    ("estimated", "about"),
]


@pytest.mark.parametrize(
    ("language", "word", "qualifier"),
    [("vi", w, q) for w, q in VI_WORDS] + [("en", w, q) for w, q in EN_WORDS],
)
def test_every_qualifier_word_is_read_with_its_meaning(
    language: str, word: str, qualifier: str
) -> None:
    # alone, after other words, in brackets, in capitals, and before the second number
    for text in (f"{word} 12", f"đạt {word} 12", f"({word} 12)", f"{word.upper()} 12"):
        [reading] = read_written(text, language)
        assert (reading.qualifier, reading.word) == (qualifier, word), text
    second = read_written(f"5; {word} 12", language)[1]
    assert (second.qualifier, second.word) == (qualifier, word)


def test_the_qualifier_words_are_exactly_those_listed() -> None:
    assert {"vi": dict(VI_WORDS), "en": dict(EN_WORDS)} == QUALIFIER_WORDS


@pytest.mark.parametrize(
    ("written", "language"),
    [
        ("thêm 12", "vi"),
        ("xhơn 12", "vi"),  # a word that only ends like one
        ("hơn nữa, 12", "vi"),
        ("tháng 12", "vi"),
        ("moreover 12", "en"),
        ("hover 12", "en"),
    ],
)
def test_other_words_before_a_number_are_no_qualifier(written: str, language: str) -> None:
    [reading] = read_written(written, language)
    assert (reading.qualifier, reading.word) == (None, None)


@pytest.mark.parametrize(
    "comparative", ["nhiều hơn", "ít hơn", "cao hơn", "thấp hơn", "lớn hơn", "nhỏ hơn"]
)
def test_a_comparative_states_a_change_not_a_qualifier(comparative: str) -> None:
    [reading] = read_written(f"{comparative} 17 vụ", "vi")
    assert (reading.value, reading.qualifier) == (Decimal(17), None)


@pytest.mark.parametrize(
    ("written", "language"), [("217 trên 460", "vi"), ("217 out of 460", "en"), ("2 of 3", "en")]
)
def test_between_the_numbers_of_a_ratio_out_of_is_no_qualifier(written: str, language: str) -> None:
    assert [r.qualifier for r in read_written(written, language)] == [None, None]


def test_out_of_words_before_the_first_number_are_read_as_qualifiers() -> None:
    [reading] = read_written("trên 460 xã", "vi")
    assert reading.qualifier == "more_than"


@pytest.mark.parametrize(
    ("written", "language", "value"),
    [
        ("over VND 6,459 billion", "en", 6_459_000_000_000),
        ("more than US$ 3 million", "en", 3_000_000),
        ("over USD 3 million", "en", 3_000_000),
        ("over $3 million", "en", 3_000_000),
        ("hơn VNĐ 3 tỷ", "vi", 3_000_000_000),
        ("hơn vnd 3 tỷ", "vi", 3_000_000_000),
    ],
)
def test_a_currency_may_stand_between_the_qualifier_and_the_number(
    written: str, language: str, value: int
) -> None:
    [reading] = read_written(written, language)
    assert (reading.value, reading.qualifier) == (Decimal(value), "more_than")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("10.00"), "10"),
        (Decimal("0.50"), "0.5"),
        (Decimal(-3), "-3"),
        (Decimal("1E+40"), "1" + "0" * 40),
        (Decimal("1E+41"), "a number with more than 40 digits"),
        (Decimal("1E-40"), "0." + "0" * 39 + "1"),
        (Decimal("1E-41"), "a number with more than 40 digits"),
        (Decimal("Infinity"), "a number with more than 40 digits"),
        (7, "7"),
    ],
)
def test_plain_numbers_are_digits_up_to_forty_places(value: Decimal | int, expected: str) -> None:
    assert plain_number(value) == expected


@pytest.mark.parametrize(
    ("token", "language", "expected"),
    [
        ("1", "en", Decimal(1)),
        ("123", "en", Decimal(123)),
        ("1,234", "en", Decimal(1234)),
        ("12,345,678", "en", Decimal(12345678)),
        ("1,234.5", "en", Decimal("1234.5")),
        ("1.234.567", "vi", Decimal(1234567)),
        ("1.234,5", "vi", Decimal("1234.5")),
        ("0,5", "vi", Decimal("0.5")),
    ],
)
def test_a_token_is_read_with_its_language_separators(
    token: str, language: str, expected: Decimal
) -> None:
    assert parse_number_token(token, language) == expected


@pytest.mark.parametrize(
    ("token", "language", "message"),
    [
        ("1.2.3", "en", "'1.2.3' has two decimal marks for 'en'"),
        ("1,2,3", "vi", "'1,2,3' has two decimal marks for 'vi'"),
        (
            "1,2345",
            "en",
            "'1,2345' is not grouped in threes with ',' as 'en' writes numbers",
        ),
        ("1234,567", "en", "'1234,567' is not grouped in threes with ',' as 'en' writes numbers"),
        (",123", "en", "',123' is not grouped in threes with ',' as 'en' writes numbers"),
        ("1,23", "en", "'1,23' is not grouped in threes with ',' as 'en' writes numbers"),
        ("1.234,5", "en", "'1.234,5' is not a number as 'en' writes numbers"),
        ("12a", "en", "'12a' is not a number as 'en' writes numbers"),
        ("1.5", "vi", "'1.5' is not grouped in threes with '.' as 'vi' writes numbers"),
    ],
)
def test_a_token_not_written_as_its_language_writes_numbers_is_refused(
    token: str, language: str, message: str
) -> None:
    with pytest.raises(WrittenFormError) as refused:
        parse_number_token(token, language)
    assert str(refused.value) == message


def test_a_form_with_no_number_is_refused_saying_so() -> None:
    with pytest.raises(WrittenFormError) as refused:
        read_written("không có số", "vi")
    assert str(refused.value) == "'không có số' contains no number"


def test_a_number_is_its_digits_and_separators_only() -> None:
    assert values("5-7", "en") == [5, 7]
    assert values("x9y", "en") == [9]
    assert values("1,234,", "en") == [1234]
