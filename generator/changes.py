"""What an edit changed, and which pages show it: for a process that builds again
(`mkdocs serve`), so that its rebuild makes only those pages and uses the others as the last
build made them.

Only an edit of numbers is followed: a figure, its written form, its quote, its note. Any
other change (a number added, moved to another place, period or indicator, a conference's
details, the registries) is answered with None, and every page is made again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from .kinds import KINDS, Kind
from .model import Conference, Corpus, Observation

# The fields of a number that an edit may change while the number stays where it is: on the
# same conference, about the same place, period and indicator, referring to the same numbers.
# Every page that lists, counts or groups numbers reads only the other fields to find its
# numbers, so a change here reaches only the pages that show the number (`Kind.showing`).
VALUE_FIELDS = ("value", "ratio", "qualifier", "change", "target", "note", "citations")


def changed_numbers(before: Corpus, after: Corpus) -> tuple[Observation, ...] | None:
    """The numbers whose values, words or quotes differ between two corpora (as `after`
    has them), or None when anything else differs."""
    same_frame = (
        before.catalog == after.catalog
        and before.provinces == after.provinces
        and before.regions == after.regions
        and before.boundaries == after.boundaries
        and len(before.conferences) == len(after.conferences)
    )
    if not same_frame:
        return None
    changed: list[Observation] = []
    for old, new in zip(before.conferences, after.conferences, strict=True):
        if old is new or old == new:
            continue
        found = _changed_in(old, new)
        if found is None:
            return None
        changed += found
    return tuple(changed)


def _changed_in(old: Conference, new: Conference) -> list[Observation] | None:
    """A conference's numbers whose values differ, or None when anything else does."""
    if len(old.observations) != len(new.observations):
        return None
    if dataclasses.replace(old, observations=new.observations) != new:
        return None
    changed = []
    for was, now in zip(old.observations, new.observations, strict=True):
        if was == now:
            continue
        if dataclasses.replace(was, **{f: getattr(now, f) for f in VALUE_FIELDS}) != now:
            return None
        changed.append(now)
    return changed


def with_references(corpus: Corpus, numbers: Sequence[Observation]) -> list[Observation]:
    """The numbers, and those that show one of them beside their own: a part shows its
    whole's value, a number the values it `disagrees_with`."""
    keys = {obs.key for obs in numbers}
    referring = [
        obs
        for obs in corpus.observations
        if obs.whole in keys or any(k in keys for k in obs.disagrees_with)
    ]
    return [*numbers, *referring]


def touched_pages(before: Corpus, after: Corpus) -> frozenset[str] | None:
    """The pages (by `Kind.path`) an edit from `before` to `after` may change: those showing
    a changed number, and every page of a kind that does not say which pages show a number;
    None when more than numbers changed."""
    changed = changed_numbers(before, after)
    if changed is None:
        return None
    numbers = with_references(after, changed)
    return frozenset(path for kind in KINDS for path in _showing(kind, after, numbers))


def _showing(kind: Kind[object], corpus: Corpus, numbers: Iterable[Observation]) -> set[str]:
    """The pages of a kind that show any of the numbers (all of them where it does not say)."""
    if kind.showing is None:
        return {kind.path(key) for key in kind.keys(corpus)}
    return {kind.path(key) for obs in numbers for key in kind.showing(corpus, obs)}
