"""Reporting periods read from their keys (the days they span, their kind) and the periods a
stated change compares them with, asserted as dates."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.periods import (
    EARLIEST,
    PERIOD_HELP,
    Period,
    comparison_period,
    implausible,
    latest_plausible,
    parse_period,
    previous_month,
    previous_period,
    same_period_before,
)

D = dt.date


@pytest.mark.parametrize(
    ("key", "start", "end", "kind"),
    [
        ("2023", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("2019-H1", D(2019, 1, 1), D(2019, 6, 30), "half"),
        ("2019-H2", D(2019, 7, 1), D(2019, 12, 31), "half"),
        ("2023-Q1", D(2023, 1, 1), D(2023, 3, 31), "quarter"),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "quarter"),
        ("2023-Q2", D(2023, 4, 1), D(2023, 6, 30), "quarter"),
        ("2023-Q3", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
        ("2023-Q4", D(2023, 10, 1), D(2023, 12, 31), "quarter"),
        ("2023-9M", D(2023, 1, 1), D(2023, 9, 30), "nine_months"),
        ("2025-06", D(2025, 6, 1), D(2025, 6, 30), "month"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("2023-02", D(2023, 2, 1), D(2023, 2, 28), "month"),
        ("2023-12", D(2023, 12, 1), D(2023, 12, 31), "month"),
        ("2019-01-01/2019-07-25", D(2019, 1, 1), D(2019, 7, 25), "range"),
        ("2019-07-25/2019-07-25", D(2019, 7, 25), D(2019, 7, 25), "range"),
    ],
)
def test_a_period_key_spans_its_days(key: str, start: dt.date, end: dt.date, kind: str) -> None:
    assert parse_period(key) == Period(start, end, key, kind)  # type: ignore[arg-type]


def test_a_period_knows_its_length_and_its_address() -> None:
    assert parse_period("2023").days == 365
    assert parse_period("2024").days == 366
    assert parse_period("2024-02").days == 29
    assert parse_period("2019-07-25/2019-07-25").days == 1
    assert parse_period("2019-H1").slug == "2019-h1"
    assert parse_period("2023-9M").slug == "2023-9m"
    assert parse_period("2019-01-01/2019-07-25").slug == "2019-01-01-2019-07-25"


def test_periods_sort_by_their_start_then_their_end() -> None:
    keys = ["2023", "2023-Q2", "2022-H2", "2023-H1", "2023-01-01/2023-01-31"]
    assert [p.key for p in sorted(parse_period(k) for k in keys)] == [
        "2022-H2",
        "2023-01-01/2023-01-31",
        "2023-H1",
        "2023",
        "2023-Q2",
    ]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2023-H3", f"'2023-H3' is not {PERIOD_HELP}"),
        ("2023-Q5", f"'2023-Q5' is not {PERIOD_HELP}"),
        ("2023-13", f"'2023-13' is not {PERIOD_HELP}"),
        ("2023-00", f"'2023-00' is not {PERIOD_HELP}"),
        ("2023-8M", f"'2023-8M' is not {PERIOD_HELP}"),
        ("23", f"'23' is not {PERIOD_HELP}"),
        ("2023-h1", f"'2023-h1' is not {PERIOD_HELP}"),
        (" 2023", f"' 2023' is not {PERIOD_HELP}"),
        ("2023 ", f"'2023 ' is not {PERIOD_HELP}"),
        ("2023-H1x", f"'2023-H1x' is not {PERIOD_HELP}"),
        (
            "2023-02-30/2023-03-01",
            f"'2023-02-30/2023-03-01' has an impossible date (expected {PERIOD_HELP})",
        ),
        ("2023-01-01/", f"'2023-01-01/' has an impossible date (expected {PERIOD_HELP})"),
        ("2023-05-01/2023-01-01", "'2023-05-01/2023-01-01' ends before it starts"),
    ],
)
def test_a_key_that_is_no_period_is_refused_with_the_forms_expected(key: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_period(key)
    assert str(refused.value) == message


def test_the_forms_expected_are_named() -> None:
    assert PERIOD_HELP == (
        "a period: '2023' (year), '2019-H1' (first half), '2023-Q3' (quarter), "
        "'2023-9M' (first nine months), '2025-06' (a month) or 'YYYY-MM-DD/YYYY-MM-DD' (a range)"
    )


# ------------------------------------------------------------------ plausible dates


def test_a_date_is_plausible_from_1998_to_the_end_of_next_year() -> None:
    today = D(2025, 3, 10)
    assert latest_plausible(today) == D(2026, 12, 31)
    assert implausible(EARLIEST, today) is None
    assert D(1998, 1, 1) == EARLIEST
    assert implausible(D(2026, 12, 31), today) is None
    assert implausible(D(1997, 12, 31), today) == "1997-12-31 is outside 1998-01-01 to 2026-12-31"
    assert implausible(D(2027, 1, 1), today) == "2027-01-01 is outside 1998-01-01 to 2026-12-31"


def test_without_a_day_given_next_year_is_counted_from_today() -> None:
    assert latest_plausible() == D(dt.date.today().year + 1, 12, 31)
    assert implausible(D(dt.date.today().year + 2, 1, 1)) is not None


# ------------------------------------------------------------------ the periods compared with


@pytest.mark.parametrize(
    ("key", "before"),
    [
        ("2023", "2022"),
        ("2023-H1", "2022-H1"),
        ("2023-H2", "2022-H2"),
        ("2023-Q3", "2022-Q3"),
        ("2023-9M", "2022-9M"),
        ("2025-06", "2024-06"),
        ("2019-01-01/2019-07-25", "2018-01-01/2018-07-25"),
        ("2024-02-29/2024-05-31", "2023-02-28/2023-05-31"),
        ("2019-12-15/2020-01-14", "2018-12-15/2019-01-14"),
    ],
)
def test_the_same_period_before_is_one_year_earlier(key: str, before: str) -> None:
    assert same_period_before(parse_period(key)) == parse_period(before)
    assert comparison_period(parse_period(key), "same_period") == parse_period(before)


@pytest.mark.parametrize(
    ("key", "before"),
    [
        ("2023", "2022"),
        ("2023-H1", "2022-H2"),
        ("2023-H2", "2023-H1"),
        ("2023-Q1", "2022-Q4"),
        ("2023-Q2", "2023-Q1"),
        ("2023-Q3", "2023-Q2"),
        ("2023-Q4", "2023-Q3"),
        ("2023-01", "2022-12"),
        ("2023-03", "2023-02"),
        ("2019-07-11/2019-07-20", "2019-07-01/2019-07-10"),
        ("2019-03-01/2019-03-31", "2019-01-29/2019-02-28"),
    ],
)
def test_the_previous_period_is_the_one_just_before_of_its_kind(key: str, before: str) -> None:
    assert previous_period(parse_period(key)) == parse_period(before)
    assert comparison_period(parse_period(key), "previous_period") == parse_period(before)


def test_nine_months_have_no_previous_period() -> None:
    with pytest.raises(ValueError) as refused:
        previous_period(parse_period("2023-9M"))
    assert str(refused.value) == (
        "nine months have no period just before: name it (e.g. '2024-9M')"
    )


@pytest.mark.parametrize(
    ("key", "before"),
    [
        ("2025-06", "2025-05"),
        ("2025-01", "2024-12"),
        ("2024-03", "2024-02"),
        # a month-long range: the same days a month earlier, up to the day before it starts
        ("2024-03-31/2024-04-29", "2024-02-29/2024-03-30"),
        ("2023-05-31/2023-06-30", "2023-04-30/2023-05-30"),
        ("2023-01-15/2023-02-15", "2022-12-15/2023-01-14"),
        ("2023-01-01/2023-02-01", "2022-12-01/2022-12-31"),
    ],
)
def test_the_previous_month_of_a_month_long_period(key: str, before: str) -> None:
    assert previous_month(parse_period(key)) == parse_period(before)
    assert comparison_period(parse_period(key), "previous_month") == parse_period(before)


@pytest.mark.parametrize("key", ["2023", "2023-Q1", "2023-01-01/2023-02-02"])
def test_a_period_longer_than_a_month_has_no_previous_month(key: str) -> None:
    with pytest.raises(ValueError) as refused:
        previous_month(parse_period(key))
    assert str(refused.value) == (
        f"{key} is not a month: previous_month compares a month-long period"
    )


def test_a_change_may_name_the_earlier_period_it_compares_with() -> None:
    period = parse_period("2023-H1")
    assert comparison_period(period, "2021-H1") == parse_period("2021-H1")
    assert comparison_period(period, "2022-12-31/2022-12-31") == parse_period(
        "2022-12-31/2022-12-31"
    )
    for later in ("2023-H1", "2023-Q2", "2024"):
        with pytest.raises(ValueError) as refused:
            comparison_period(period, later)
        assert str(refused.value) == (
            f"{later} does not begin before 2023-H1 (expected an earlier period)"
        )
    with pytest.raises(ValueError) as refused:
        comparison_period(period, "last year")
    assert str(refused.value) == f"'last year' is not {PERIOD_HELP}"
