"""`mkdocs serve` after an edit of numbers makes again only the pages that show them, and uses
the others as its last build made them: for every number of the fixture corpus edited, the
site equals a cold build's, and undoing the edit gives back the first site."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT
from corpus import write_corpus

import generator.site as site_module
from generator.changes import changed_numbers, touched_pages, with_references
from generator.memo import Fingerprints, key_of
from generator.model import Corpus, Observation
from generator.render import Page, render_page
from generator.schema import LocalText
from generator.site import SiteOutput, build_site
from generator.validate import load_corpus

FIXTURES = ROOT / "tests" / "fixtures" / "conferences"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registries with the fixture conferences."""
    folder = tmp_path_factory.mktemp("changes") / "content"
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns("conferences"))
    shutil.copytree(FIXTURES, folder / "conferences")
    return folder


@pytest.fixture(scope="module")
def corpus(content: Path) -> Corpus:
    return load_corpus(content, None)


def _bumped(obs: Observation) -> Observation:
    """The figure one more (a share one more part; a number not reported, now reported)."""
    if obs.value is not None:
        return dataclasses.replace(obs, value=obs.value + 1)
    if obs.ratio is not None:
        return dataclasses.replace(obs, ratio=(obs.ratio[0] + 1, obs.ratio[1] + 1))
    return dataclasses.replace(obs, value=Decimal(3))


def _withdrawn(obs: Observation) -> Observation:
    """No figure: the number not reported after all."""
    return dataclasses.replace(obs, value=None, ratio=None)


def _reworded(obs: Observation) -> Observation:
    """Another note, and another quote for its first citation."""
    cited = obs.citations[0]
    quote = dataclasses.replace(cited, quote=cited.quote + " (sửa)")
    note = LocalText(vi="Ghi chú mới", en="A new note")
    return dataclasses.replace(obs, note=note, citations=(quote, *obs.citations[1:]))


# Each edit changes what a number shows in every way at once (a page that shows only one of
# them is made again as well); a number withdrawn can change which pages there are.
EDITS: dict[str, Callable[[Observation], Observation]] = {
    "bumped and reworded": lambda obs: _reworded(_bumped(obs)),
    "withdrawn": _withdrawn,
}


def _edited(corpus: Corpus, key: str, edit: Callable[[Observation], Observation]) -> Corpus:
    """The corpus with one number edited."""
    conference = corpus.observation(key).conference_id
    conferences = tuple(
        dataclasses.replace(
            c, observations=tuple(edit(o) if o.key == key else o for o in c.observations)
        )
        if c.id == conference
        else c
        for c in corpus.conferences
    )
    return dataclasses.replace(corpus, conferences=conferences)


@pytest.fixture
def builds(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Corpus, Fingerprints | None], tuple[SiteOutput, int]]]:
    """Build a given corpus (with a session's fingerprints, or cold): its output and how
    many pages it rendered."""
    cache = tmp_path / "cache" / "figures"
    rendered = 0
    given: list[Corpus] = []
    # A page rendered from the very same inputs is not rendered again (as the page memo
    # does): a build still makes every view, chart and download from its corpus.
    known: dict[str, str] = {}
    prints = Fingerprints()

    def counting(env: Any, template: str, page: Page, view: Mapping[str, Any]) -> str:
        nonlocal rendered
        rendered += 1
        key = key_of(
            template, page.address.file, page.charts, page.downloads, dict(view), prints=prints
        )
        if key not in known:
            known[key] = render_page(env, template, page, view)
        return known[key]

    monkeypatch.setattr(site_module, "render_page", counting)
    monkeypatch.setattr(site_module, "load_corpus", lambda *_: given[-1])

    def build(corpus: Corpus, prints: Fingerprints | None) -> tuple[SiteOutput, int]:
        nonlocal rendered
        given.append(corpus)
        rendered = 0
        # Not drawn (only maps are): a figure's CSV holds what it would draw.
        output = build_site(ROOT, content=content, cache_dir=cache, draw=False, prints=prints)
        return output, rendered

    yield build


@pytest.mark.parametrize("how", list(EDITS))
def test_every_number_edited_gives_a_cold_build_s_site_and_undone_the_first(
    corpus: Corpus,
    how: str,
    builds: Callable[[Corpus, Fingerprints | None], tuple[SiteOutput, int]],
) -> None:
    prints = Fingerprints()
    first, pages = builds(corpus, prints)
    partial_builds = 0
    for obs in corpus.observations:
        edited = _edited(corpus, obs.key, EDITS[how])
        again, rendered = builds(edited, prints)
        cold, _ = builds(edited, None)
        assert again.files == cold.files, obs.key
        assert again.warnings == cold.warnings, obs.key
        partial_builds += rendered < pages / 2
        undone, _ = builds(corpus, prints)
        assert undone.files == first.files, obs.key
    # Most edits made only a few pages: the test followed the path it is about.
    assert partial_builds > len(corpus.observations) / 2


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The benchmark's synthetic corpus of 20 conferences: numbers of every level, of units
    merged on 1 July 2025 and of those formed then, of regions, with references."""
    return load_corpus(write_corpus(tmp_path_factory.mktemp("varied"), 20), None)


def _one_of_each(corpus: Corpus) -> list[Observation]:
    """A number of each level, one of a unit merged into another, and one on each side of
    a reference."""
    provinces = corpus.provinces
    found: dict[str, Observation] = {o.scope.level: o for o in corpus.observations}
    found["merged"] = next(
        o for o in corpus.observations if o.scope.province and provinces.successor(o.scope.province)
    )
    found["referring"] = next(o for o in corpus.observations if o.whole or o.disagrees_with)
    referred = found["referring"].whole or found["referring"].disagrees_with[0]
    found["referred"] = corpus.observation(referred)
    return list(found.values())


def test_the_numbers_of_a_varied_corpus_edited_give_a_cold_build_s_site(
    varied: Corpus, builds: Callable[[Corpus, Fingerprints | None], tuple[SiteOutput, int]]
) -> None:
    prints = Fingerprints()
    _, pages = builds(varied, prints)
    edited = varied
    made = []
    # One edit after another, each made from the last build.
    for obs in _one_of_each(varied):
        edited = _edited(edited, obs.key, EDITS["bumped and reworded"])
        again, rendered = builds(edited, prints)
        cold, _ = builds(edited, None)
        assert again.files == cold.files, obs.key
        assert again.warnings == cold.warnings, obs.key
        made.append(rendered)
    assert max(made) < pages / 4, made


def test_only_an_edit_of_numbers_is_followed(corpus: Corpus) -> None:
    obs = corpus.observations[0]
    assert changed_numbers(corpus, corpus) == ()
    edited = _edited(corpus, obs.key, _bumped)
    assert [o.key for o in changed_numbers(corpus, edited) or ()] == [obs.key]
    # A number moved to another period, or a conference retitled: every page is made.
    period = corpus.observations[-1].reporting_period
    moved = _edited(corpus, obs.key, lambda o: dataclasses.replace(o, reporting_period=period))
    assert obs.reporting_period != period
    assert changed_numbers(corpus, moved) is None
    retitled = dataclasses.replace(
        corpus,
        conferences=(
            dataclasses.replace(corpus.conferences[0], title=LocalText(vi="Khác", en="Other")),
            *corpus.conferences[1:],
        ),
    )
    assert touched_pages(corpus, retitled) is None


def test_a_number_that_another_conference_s_shows_beside_its_own_is_followed(
    corpus: Corpus, builds: Callable[[Corpus, Fingerprints | None], tuple[SiteOutput, int]]
) -> None:
    # A number that names a figure of another conference it disagrees with: its rows show
    # that figure's value, on pages the figure's own edit does not otherwise reach.
    shower = next(o for o in corpus.observations if o.disagrees_with)
    other = next(o for o in corpus.observations if o.conference_id != shower.conference_id)
    naming = _edited(
        corpus,
        shower.key,
        lambda o: dataclasses.replace(o, disagrees_with=(*o.disagrees_with, other.key)),
    )
    prints = Fingerprints()
    builds(naming, prints)
    edited = _edited(naming, other.key, _bumped)
    again, _ = builds(edited, prints)
    cold, _ = builds(edited, None)
    assert again.files == cold.files


def test_a_number_shown_beside_another_is_touched_with_it(corpus: Corpus) -> None:
    # A number that names the figure it disagrees with shows that figure's value.
    shower = next(o for o in corpus.observations if o.disagrees_with)
    shown = corpus.observation(shower.disagrees_with[0])
    assert shower in with_references(corpus, [shown])
    touched = touched_pages(corpus, _edited(corpus, shown.key, _bumped)) or frozenset()
    assert f"conferences/{shower.conference_id}.md" in touched
