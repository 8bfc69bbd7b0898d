"""A build after an edit of numbers makes again only the pages that show them, and uses the
others as the last build made them (in its process, `mkdocs serve`, or as the cache recorded
it): for every number of the fixture corpus edited, the site equals a cold build's, and
undoing the edit gives back the first site."""

from __future__ import annotations

import dataclasses
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from bench import edit_one_number
from conftest import CONTENT, ROOT
from corpus import dump, write_corpus

import generator.site as site_module
import generator.validate as validate_module
from generator.changes import changed_numbers, touched_pages, with_references
from generator.export import CSV, JSON
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
STRIDES = {"bumped and reworded": 1, "withdrawn": 3}


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
    # A build without a session's fingerprints reads the cache's record of the last build
    # (`last_build.Record`): a cold one has a cache of its own.
    caches = {True: tmp_path / "cache" / "figures", False: tmp_path / "cold" / "figures"}
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
        cache = caches[prints is not None]
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
    # A number withdrawn reaches the same pages as one bumped, and more often every page
    # (a page with no number left): every third is enough, and keeps the run short.
    numbers = corpus.observations[:: STRIDES[how]]
    for obs in numbers:
        edited = _edited(corpus, obs.key, EDITS[how])
        again, rendered = builds(edited, prints)
        cold, _ = builds(edited, None)
        assert again.files == cold.files, obs.key
        assert again.warnings == cold.warnings, obs.key
        partial_builds += rendered < pages / 2
        undone, _ = builds(corpus, prints)
        assert undone.files == first.files, obs.key
    # Most edits made only a few pages: the test followed the path it is about.
    assert partial_builds > len(numbers) / 2


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


def _counting_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages made from now on (each page's keys: its files are rendered or recalled),
    by path."""
    made: list[str] = []
    make_pages = site_module._make_pages

    def counting(corpus: Corpus, root: Path, keys: Any, *rest: Any) -> Any:
        made.extend(kind.path(key) for kind, key in keys)
        return make_pages(corpus, root, keys, *rest)

    monkeypatch.setattr(site_module, "_make_pages", counting)
    return made


def _fresh_build(content: Path, cache: Path) -> SiteOutput:
    """A build as `mkdocs build` makes it in a process of its own."""
    validate_module._last_load.clear()  # what a new process has loaded: nothing
    return build_site(ROOT, content=content, cache_dir=cache)


def _cold_build(content: Path, cache: Path, tmp_path: Path, root: Path = ROOT) -> SiteOutput:
    """A build that remembers no page: only the figures drawn (the cache less its pages)."""
    cold = Path(tempfile.mkdtemp(dir=tmp_path)) / "figures"
    shutil.copytree(cache, cold, ignore=shutil.ignore_patterns("pages"))
    return build_site(root, content=content, cache_dir=cold)


def test_a_build_in_another_process_after_an_edit_makes_only_the_touched_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "varied", 10)
    cache = tmp_path / "cache" / "figures"
    rendered = _counting_made(monkeypatch)
    first = _fresh_build(folder, cache)
    pages = len(rendered)
    for seed in range(3):
        edit_one_number(folder, random.Random(seed))
        rendered.clear()
        again = _fresh_build(folder, cache)
        made = len(rendered)
        cold = _cold_build(folder, cache, tmp_path)
        assert again.files == cold.files, seed
        assert again.warnings == cold.warnings, seed
        assert 0 < made < pages / 4, (made, pages)
    assert again.files != first.files
    # The whole record, made of each conference's part as remembered: as a check writes it,
    # which remembers nothing.
    checked = build_site(ROOT, content=folder, cache_dir=cache, draw=False)
    for path in (CSV, JSON):
        assert again.files[path] == checked.files[path], path


def _retitled(folder: Path) -> None:
    """A conference given another title."""
    conference = sorted((folder / "conferences").glob("*.yaml"))[0]
    data = yaml.safe_load(conference.read_text("utf-8"))
    data["title"]["vi"] += " (sửa)"
    conference.write_text(dump(data), "utf-8")


def _appended(template: Path) -> None:
    """A template with a line more."""
    template.write_text(template.read_text("utf-8") + "\nThêm.\n", "utf-8")


def test_a_build_in_another_process_makes_every_page_where_the_record_is_of_no_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    folder = write_corpus(root, 10)
    cache = tmp_path / "cache" / "figures"
    made = _counting_made(monkeypatch)
    first = build_site(root, content=folder, cache_dir=cache)
    pages = len(made)
    # Each with an edit of a number, which alone would make only a few pages.
    spoilers: dict[str, Callable[[], None]] = {
        "a conference retitled": lambda: _retitled(folder),
        "a template edited": lambda: _appended(root / "templates" / "methodology.md.j2"),
        "the validated files gone": lambda: shutil.rmtree(cache / "validated"),
        "the files gone": lambda: shutil.rmtree(cache / "files"),
    }
    for seed, (name, spoil) in enumerate(spoilers.items()):
        edit_one_number(folder, random.Random(seed))
        spoil()
        made.clear()
        validate_module._last_load.clear()
        again = build_site(root, content=folder, cache_dir=cache)
        assert len(made) == pages, name
    assert again.files != first.files
    assert again.files == _cold_build(folder, cache, tmp_path, root).files
