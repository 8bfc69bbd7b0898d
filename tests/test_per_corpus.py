"""What a build works out once per corpus gives what working it out each time gives."""

from __future__ import annotations

import dataclasses

from generator.kinds import (
    forget_per_corpus,
    in_year,
    once_per_corpus,
    rows,
    year_of,
    years_of,
)
from generator.model import Corpus


def test_a_year_of_a_tuple_is_that_year_of_the_same_numbers_as_a_list(
    fixture_corpus: Corpus,
) -> None:
    numbers = fixture_corpus.observations
    assert isinstance(numbers, tuple)
    for year in years_of(numbers):
        expected = [o for o in numbers if year_of(o) == year]
        assert expected
        assert in_year(numbers, year) == expected == in_year(list(numbers), year)
        # Asked again (a listing's next year page), the same numbers.
        assert in_year(numbers, year) == expected
    assert in_year(numbers, 1900) == []
    assert in_year(numbers, None) == list(numbers)
    # The split is kept with its tuple: another tuple is split anew.
    fewer = numbers[:1]
    assert in_year(fewer, year_of(numbers[0])) == [numbers[0]]


def test_work_is_done_once_per_corpus_and_arguments(fixture_corpus: Corpus) -> None:
    calls: list[object] = []

    @once_per_corpus
    def work(corpus: Corpus, key: object) -> list[object]:
        calls.append(key)
        return [key]

    key = ["a"]
    first = work(fixture_corpus, key)
    assert work(fixture_corpus, key) is first and calls == [key]
    # An equal argument that is another object, or another corpus: worked out again.
    assert work(fixture_corpus, ["a"]) == first and len(calls) == 2
    other = dataclasses.replace(fixture_corpus)
    assert work(other, key) == first and work(other, key) is not first and len(calls) == 3
    # Once a build's pages are made, what it worked out is let go.
    forget_per_corpus()
    assert work(other, key) == first and len(calls) == 4


def test_a_number_made_of_the_same_objects_keeps_its_row_in_the_next_corpus(
    fixture_corpus: Corpus,
) -> None:
    numbers = fixture_corpus.observations
    first = rows(fixture_corpus, numbers)
    assert [r.obs for r in first] == list(numbers)
    assert all(r.conference.id == r.obs.conference_id for r in first)
    # The next build's corpus, made of the very same conferences: the very same rows.
    same = dataclasses.replace(fixture_corpus)
    again = rows(same, numbers)
    assert all(a is b for a, b in zip(first, again, strict=True))
    # A conference made anew (a file edited): its numbers' rows are made anew, and equal.
    edited = fixture_corpus.conferences[0]
    copy = dataclasses.replace(edited)
    changed = dataclasses.replace(
        fixture_corpus, conferences=(copy, *fixture_corpus.conferences[1:])
    )
    anew = rows(changed, numbers)
    assert anew == first
    for a, b in zip(first, anew, strict=True):
        assert (a is b) == (a.obs.conference_id != edited.id)
