"""Remembered validation and rendering: a warm or incremental build gives exactly the bytes of
a cold one, and a remembered entry is used only when it is signed on this machine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, mkdocs_build, snapshot

import generator.site as site_module
from generator.maps import MapSpec
from generator.memo import Fingerprints, Memo, key_of, memo_for
from generator.render import render_page
from generator.site import SiteOutput, build_site
from generator.validate import load_corpus

FIXTURES = ROOT / "tests" / "fixtures" / "conferences"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The registries with the fixture conferences: a small corpus to build several times."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns("conferences"))
    shutil.copytree(FIXTURES, folder / "conferences")
    return folder


def _build(content: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[SiteOutput, int]:
    """A build, and how many pages it rendered (rather than remembered)."""
    rendered = 0

    def counting(*args: Any) -> str:
        nonlocal rendered
        rendered += 1
        return render_page(*args)

    monkeypatch.setattr(site_module, "render_page", counting)
    return build_site(ROOT, content=content, cache_dir=cache), rendered


def _edit_one_number(content: Path, which: str = "*national*") -> None:
    """Change one printed number of one conference (the first file `which` matches), its
    written form and quote with it."""
    path = sorted((content / "conferences").glob(which))[0]
    text = path.read_text("utf-8")
    match = re.search(r"value: (\d{3,})\n", text)
    assert match, path
    old = int(match.group(1))
    vi_old = f"{old:,}".replace(",", ".")
    vi_new = f"{old + 1:,}".replace(",", ".")
    assert vi_old in text, (path, vi_old)
    path.write_text(
        text.replace(f"value: {old}\n", f"value: {old + 1}\n", 1).replace(vi_old, vi_new),
        "utf-8",
    )


def test_warm_build_renders_nothing_and_gives_the_same_bytes(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "figures"
    cold, rendered_cold = _build(content, cache, monkeypatch)
    warm, rendered_warm = _build(content, cache, monkeypatch)
    assert rendered_cold > 0
    assert rendered_warm == 0
    assert warm.files == cold.files


def test_edited_build_renders_only_changed_pages_and_equals_a_cold_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "figures"
    first, pages = _build(content, cache, monkeypatch)
    _edit_one_number(content)
    incremental, rendered = _build(content, cache, monkeypatch)
    cold, _ = _build(content, tmp_path / "cold" / "figures", monkeypatch)
    assert incremental.files == cold.files
    assert incremental.files != first.files
    assert 0 < rendered < pages


def test_a_session_recalls_its_last_build_s_pages_without_the_cache(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdocs serve`: one Fingerprints across the builds of the process.
    cache = tmp_path / "cache" / "figures"
    prints = Fingerprints()
    first = build_site(ROOT, content=content, cache_dir=cache, prints=prints)
    # A number that a chart shows (Nghệ An's over the years), so that figures change too.
    _edit_one_number(content, "*nghe-an*")
    read: list[str] = []
    get = Memo.get

    def reading(self: Memo, key: str) -> Any:
        if self.folder.name == "pages":
            read.append(key)
        return get(self, key)

    looked_for: list[str] = []
    has = Memo.has

    def looking(self: Memo, key: str) -> bool:
        looked_for.append(key)
        return has(self, key)

    monkeypatch.setattr(Memo, "get", reading)
    monkeypatch.setattr(Memo, "has", looking)
    again = build_site(ROOT, content=content, cache_dir=cache, prints=prints)
    pages = [p for p in again.files if p.endswith(".md")]
    # Only the pages the edit changed are looked for in the cache (and not found there).
    assert 0 < len(read) < len(pages) / 4
    # ... and only the files it changed are looked for in the store of files.
    assert 0 < len(looked_for) < len(again.files) / 4
    assert again.files != first.files
    # A chart's numbers changed with the number: its files are made again, not recalled.
    figures = [p for p in again.files if "figures/" in p]
    assert any(first.files.get(p) != again.files[p] for p in figures if p.endswith(".csv"))
    assert any(first.files.get(p) != again.files[p] for p in figures if p.endswith(".dark.svg"))
    monkeypatch.setattr(Memo, "get", get)
    monkeypatch.setattr(Memo, "has", has)
    cold, _ = _build(content, tmp_path / "cold" / "figures", monkeypatch)
    assert again.files == cold.files


def test_entries_from_elsewhere_or_altered_are_not_used(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "figures"
    cold, _ = _build(content, cache, monkeypatch)
    # Another machine's cache (its own signing key): restored, it counts for nothing.
    moved = tmp_path / "restored" / "figures"
    shutil.copytree(cache, moved)
    _, rendered = _build(content, moved, monkeypatch)
    assert rendered > 0
    # An altered entry is made again; the output is unchanged.
    pages = cache / "pages"
    for entry in pages.iterdir():
        entry.write_bytes(entry.read_bytes()[:-1] + b"X")
    again, rendered = _build(content, cache, monkeypatch)
    assert rendered > 0
    assert again.files == cold.files


def test_memo_round_trip_and_signature(tmp_path: Path) -> None:
    memo = memo_for(tmp_path / "figures", "pages")
    memo.put("k", {"a": 1})
    assert memo.get("k") == {"a": 1}
    assert not (tmp_path / "figures" / "pages.secret").exists()
    assert (tmp_path / "figures.secret").is_file(), "the key lives outside the cache folder"
    stranger = Memo(tmp_path / "figures" / "pages", tmp_path / "other.secret")
    assert stranger.get("k") is None


@dataclasses.dataclass(frozen=True)
class _Point:
    x: object
    y: object


def test_fingerprints_tell_values_apart() -> None:
    prints = Fingerprints()
    distinct = [
        1,
        1.0,
        "1",
        Decimal("1"),
        Decimal("1.0"),
        True,
        None,
        dt.date(2024, 1, 1),
        (1, 2),
        [1, 2],
        (2, 1),
        {"a": 1, "b": 2},
        {"b": 2, "a": 1},
        _Point(1, 2),
        _Point(2, 1),
        b"1",
    ]
    digests = [prints.of(v) for v in distinct]
    assert len(set(digests)) == len(distinct)
    assert prints.of({1, 2, 3}) == prints.of({3, 2, 1})
    assert key_of(_Point(1, (2, 3))) == key_of(_Point(1, (2, 3)))


def test_fingerprints_keep_what_the_next_build_meets_again_and_only_that(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prints = Fingerprints()
    kept, dropped = _Point(1, (2, 3)), _Point(4, (5, 6))
    first = prints.of(kept), prints.of(dropped)
    encoded: list[object] = []
    encode = Fingerprints._encode

    def counting(self: Fingerprints, value: object) -> bytes:
        encoded.append(value)
        return encode(self, value)

    monkeypatch.setattr(Fingerprints, "_encode", counting)
    prints.next_build()
    assert prints.of(kept) == first[0] and encoded == []
    prints.next_build()
    # Met again in the last build: still known; not met then: digested again, to the same.
    assert prints.of(kept) == first[0] and encoded == []
    assert prints.of(dropped) == first[1] and dropped in encoded


def test_a_load_in_the_same_process_gives_an_unchanged_file_s_very_objects(
    content: Path, tmp_path: Path
) -> None:
    memo = memo_for(tmp_path / "cache", "validated")
    first = load_corpus(content, memo)
    edited = sorted((content / "conferences").glob("*.yaml"))[0]
    edited.write_text(edited.read_text("utf-8") + "\n", "utf-8")
    second = load_corpus(content, memo)
    same = [a is b for a, b in zip(first.conferences, second.conferences, strict=True)]
    changed = [c.path.endswith(edited.name) for c in first.conferences]
    assert same == [not c for c in changed] and any(changed)
    assert first.conferences == second.conferences


def test_fingerprints_refuse_what_they_cannot_read() -> None:
    with pytest.raises(TypeError):
        Fingerprints().of(object())
    with pytest.raises(TypeError):
        Fingerprints().of({"f": lambda: 1})


def test_warm_mkdocs_build_is_the_cold_one_and_reuses_the_search_index(
    tmp_path: Path, content: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.move(content, project / "content")
    for name in ("templates", "site_config"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    cache = tmp_path / "cache" / "figures"
    cold = mkdocs_build(project, cache)
    assert cold.returncode == 0, cold.stderr
    first = snapshot(project / "site")
    # Another project built with the same cache in between keeps its own index.
    other = tmp_path / "other"
    shutil.copytree(project, other, symlinks=True, ignore=shutil.ignore_patterns("site"))
    min((other / "content/conferences").iterdir()).unlink()
    assert mkdocs_build(other, cache).returncode == 0
    warm = mkdocs_build(project, cache)
    assert warm.returncode == 0, warm.stderr
    assert "search index unchanged" in warm.stderr
    assert snapshot(project / "site") == first


def test_an_unchanged_project_is_read_back_whole_and_a_bad_part_is_made_again(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "figures"
    cold, _ = _build(content, cache, monkeypatch)

    def no_view(*args: Any) -> None:
        raise AssertionError("an unchanged project needs no page's view nor its links checked")

    with monkeypatch.context() as patched:
        patched.setattr(site_module, "check_targets", no_view)
        warm = build_site(ROOT, content=content, cache_dir=cache)
    assert warm.files == cold.files
    assert list(warm.files) == list(cold.files)  # in the same order
    assert warm.warnings == cold.warnings
    assert warm.figures.cached == cold.figures.drawn + cold.figures.cached
    # A stored file altered: the build is made again, equal, and the part stored again.
    store = cache / "files"
    entry = sorted(store.iterdir())[0]
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")
    again, rendered = _build(content, cache, monkeypatch)
    assert again.files == cold.files and rendered == 0
    with monkeypatch.context() as patched:
        patched.setattr(site_module, "check_targets", no_view)
        assert build_site(ROOT, content=content, cache_dir=cache).files == cold.files
    # Any content file changed is another build (here a file the pages do not read).
    (content / "notes.txt").write_text("x", "utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(site_module, "check_targets", no_view)
        with pytest.raises(AssertionError, match="needs no page's view"):
            build_site(ROOT, content=content, cache_dir=cache)


def test_check_states_each_map_s_size_from_the_drawing_a_build_left_in_the_cache(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    maps: list[str] = []
    draw = MapSpec.render

    def drawn(spec: MapSpec) -> bytes:
        maps.append(spec.path)
        return draw(spec)

    monkeypatch.setattr(MapSpec, "render", drawn)
    built = build_site(ROOT, content=content, cache_dir=cache, jobs=1)
    assert len(maps) > 2

    def drawn_again(spec: MapSpec) -> bytes:
        raise AssertionError(f"{spec.path}: drawn again")

    monkeypatch.setattr(MapSpec, "render", drawn_again)
    checked = build_site(ROOT, content=content, cache_dir=cache, draw=False)
    for path in maps:
        assert checked.files[path] == built.files[path]
    pages = [p for p in built.files if p.endswith(".md")]
    assert [checked.files[p] for p in pages] == [built.files[p] for p in pages]
