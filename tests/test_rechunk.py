"""Pagefind's index made from parts and split again by size: two parts merged find what one
run over the same pages finds; one run split again keeps its words in order, in chunks the
page list names (tests/browser/ searches the real site's index)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection, Iterable
from importlib import metadata
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

import cbor2
import pytest
from conftest import pagefind_file, search_index, snapshot
from hypothesis import given
from hypothesis import strategies as st

from generator.rechunk import ENTRY, FORMAT, FormatError, _array, fragments, merge, split
from generator.search import _run_pagefind

PAGE = """<!doctype html><html lang="vi"><head><title>{title}</title></head><body>
<article data-pagefind-body><h1>{title}</h1>{extra}<p>{words}</p></article></body></html>"""
SYLLABLES = ["nghị", "nguồn", "nhận", "ngày", "Nghệ", "An", "an", "ninh", "đắk", "lắk"]


def _index(bundle: Path) -> tuple[list[Any], list[list[str]]]:
    """Every word of the bundle's index in order, and the chunks its page list names."""
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    meta = pagefind_file(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    words = [
        w for chunk in meta[2] for w in pagefind_file(bundle / "index" / f"{chunk[2]}.pf_index")[0]
    ]
    return words, meta[2]


def _page(i: int, revised: bool = False) -> str:
    """A page whose words, filters and meta fields vary with i: the pages of one part have
    meta fields and filter values the other's lack. Page 59 alone has a filter and a word
    ("nghĩa"); a revised page has other words, filter values and people."""
    words = " ".join(SYLLABLES[(i * 3 + k) % len(SYLLABLES)] for k in range(10 + i % 30))
    extra = f'<span data-pagefind-filter="loại">{"abc"[i % 3]}</span>'
    if revised:
        words = f"{' '.join(reversed(words.split()))} sửa đổi"
        extra = '<span data-pagefind-filter="loại">d</span>'
        extra += '<span data-pagefind-meta="people">Trần Thị</span>'
    if i == 59:
        extra += '<span data-pagefind-filter="riêng">x</span><p>nghĩa</p>'
    if i % 2 == 0:
        extra += f'<span data-pagefind-filter="năm">{2015 + i % 7}</span>'
    if i < 10:
        extra += f'<span data-pagefind-meta="alias">Đắk Lắk {i}</span>'
    if i >= 40:
        extra += f'<span data-pagefind-meta="people">Nguyễn Văn {i}</span>'
    return PAGE.format(title=f"Hội nghị {i}", words=f"{words} số {i}", extra=extra)


def _bundle(folder: Path, pages: Iterable[int], revised: Collection[int] = ()) -> Path:
    """Pagefind's bundle of the pages, some of them revised."""
    site = folder / "pages"
    for i in pages:
        page = site / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(_page(i, i in revised), "utf-8")
    _run_pagefind(site, folder / "pagefind")
    return folder / "pagefind"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One run over 60 pages, and runs over three parts of them."""
    parts = {"whole": range(60), "a": range(25), "b": range(25, 40), "c": range(40, 60)}
    return {name: _bundle(tmp_path_factory.mktemp(name), pages) for name, pages in parts.items()}


def _copies(bundles: dict[str, Path], tmp_path: Path, *names: str) -> list[Path]:
    """Copies of bundles to merge (a merge moves their fragments)."""
    copies = [tmp_path / "parts" / name for name in names]
    for name, copy in zip(names, copies, strict=True):
        shutil.copytree(bundles[name], copy)
    return copies


def test_parts_merged_find_what_one_run_finds(bundles: dict[str, Path], tmp_path: Path) -> None:
    whole = search_index(bundles["whole"])
    parts = [search_index(bundles[name]) for name in "abc"]
    # The parts differ from the whole where a merge must mend them: meta fields one part or
    # another lacks, pages numbered from 0 in each, words in some parts only.
    assert len({tuple(part["fields"]) for part in [whole, *parts]}) == 4
    assert parts[0]["filters"].keys() < whole["filters"].keys()
    assert all(part["words"].keys() < whole["words"].keys() for part in parts)
    made = merge(_copies(bundles, tmp_path, "a", "b", "c"), tmp_path / "out", limit=400)
    merged = search_index(tmp_path / "out")
    assert merged == whole
    assert made > 1
    # The first part's pages first, as numbered in the merged words.
    entry = json.loads((tmp_path / "out" / ENTRY).read_text("utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 60
    listed = pagefind_file(
        tmp_path / "out" / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    )
    assert [p for p, _ in listed[1]] == [p for part in parts for p in part["pages"]]


def test_an_index_without_its_changed_pages_and_them_indexed_again_is_one_run_over_all(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    # Since the whole was indexed, pages 5, 17 and 41 changed, 59 went and 60 came.
    revised, gone, came = {5, 17, 41}, 59, 60
    now = [*range(gone), came]
    whole = search_index(_bundle(tmp_path / "whole", now, revised))
    [before] = _copies(bundles, tmp_path, "whole")
    changed = _bundle(tmp_path / "changed", [*revised, came], revised)
    urls = fragments(before)
    merge(
        [before, changed],
        tmp_path / "out",
        limit=400,
        leave_out={before: [urls[f"/p{i}/"] for i in [*revised, gone]]},
    )
    merged = search_index(tmp_path / "out")
    # Page 59's own filter and word went with it; the revised pages' old words went too.
    assert "riêng" not in merged["filters"] and "nghia" not in merged["words"]
    assert merged == whole
    assert sorted(fragments(tmp_path / "out")) == sorted(f"/p{i}/" for i in now)


def _listed(bundle: Path) -> list[str]:
    """A bundle's pages (their fragments' names), in the order of their numbers."""
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    meta = pagefind_file(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    return [name for name, _ in meta[1]]


def _numbers(word: list[Any]) -> set[int]:
    """The numbers of the pages a word (or any of its marked forms) is on."""
    found: set[int] = set()
    for pages in [word[1], *(pages for _, pages in word[2])]:
        found.update(accumulate(page[0] for page in pages))
    return found


def test_pages_kept_keep_their_numbers_and_words_on_none_changed_pass_through(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    # Pages 5 and 41 changed and 17 and 59 went: 58 pages remain. The places they leave
    # below 58 are filled by the earlier index's pages numbered 58 and over and by the 2
    # pages indexed again; every other page keeps its number.
    revised, gone = {5, 41}, {17, 59}
    [before] = _copies(bundles, tmp_path, "whole")
    urls, then = fragments(before), _listed(before)
    out = tmp_path / "out"
    merge(
        [before, _bundle(tmp_path / "changed", revised, revised)],
        out,
        limit=400,
        leave_out={before: [urls[f"/p{i}/"] for i in revised | gone]},
    )
    now = [i for i in range(60) if i not in gone]
    assert search_index(out) == search_index(_bundle(tmp_path / "whole", now, revised))
    freed = {then.index(urls[f"/p{i}/"]) for i in revised | gone}
    moved = {n for n in freed if n < 58}
    listed = _listed(out)
    assert len(listed) == 58
    assert [p for i, p in enumerate(listed) if i not in moved] == [
        p for i, p in enumerate(then[:58]) if i not in moved
    ]
    fresh = set(listed) - set(then)
    assert len(fresh) == 2 and fresh <= {listed[i] for i in moved}
    # A word on none of the pages that moved or went is as it was.
    touched = freed | {58, 59}
    merged = {word[0]: word for word in _index(out)[0]}
    untouched = [w for w in _index(before)[0] if not _numbers(w) & touched]
    assert untouched
    assert all(merged[word[0]] == word for word in untouched)


def test_pages_to_leave_out_must_be_in_the_part(bundles: dict[str, Path], tmp_path: Path) -> None:
    [part] = _copies(bundles, tmp_path, "a")
    with pytest.raises(FormatError, match="1 pages to leave out are not in it"):
        merge([part], tmp_path / "out", leave_out={part: ["vi_0000000"]})


def test_one_run_split_again_keeps_its_words_in_chunks_of_at_most_the_limit(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    before, _ = _index(bundles["whole"])
    made = merge(_copies(bundles, tmp_path, "whole"), tmp_path / "out", limit=300)
    after, chunks = _index(tmp_path / "out")
    assert after == before
    assert made == len(chunks) > 1
    for first, last, name in chunks:
        words = pagefind_file(tmp_path / "out" / "index" / f"{name}.pf_index")[0]
        assert (words[0][0], words[-1][0]) == (first, last)
        assert len(words) == 1 or sum(len(cbor2.dumps(w)) for w in words) <= 300
    # Nothing else is left: only the chunks named, and one page list.
    assert {p.stem for p in (tmp_path / "out" / "index").iterdir()} == {c[2] for c in chunks}
    assert len(list((tmp_path / "out").glob("*.pf_meta"))) == 1
    assert search_index(tmp_path / "out") == search_index(bundles["whole"])


def test_the_same_parts_give_the_same_files(bundles: dict[str, Path], tmp_path: Path) -> None:
    outs = [tmp_path / "x", tmp_path / "y"]
    for out in outs:
        merge(_copies(bundles, out, "a", "b"), out / "pagefind", limit=500)
    assert snapshot(outs[0] / "pagefind") == snapshot(outs[1] / "pagefind")


def test_a_bundle_of_another_pagefind_is_refused(bundles: dict[str, Path], tmp_path: Path) -> None:
    [copy] = _copies(bundles, tmp_path, "a")
    entry = json.loads((copy / ENTRY).read_text("utf-8"))
    assert entry["version"] == FORMAT
    entry["version"] = "9.9.9"
    (copy / ENTRY).write_text(json.dumps(entry), "utf-8")
    with pytest.raises(FormatError, match=r"Pagefind 9\.9\.9, this reads 1\.5\.2"):
        merge([copy], tmp_path / "out")


def test_parts_of_different_languages_are_refused(bundles: dict[str, Path], tmp_path: Path) -> None:
    a, b = _copies(bundles, tmp_path, "a", "b")
    entry = json.loads((b / ENTRY).read_text("utf-8"))
    entry["languages"] = {"en": entry["languages"]["vi"]}
    (b / ENTRY).write_text(json.dumps(entry), "utf-8")
    with pytest.raises(FormatError, match="different languages: en, vi"):
        merge([a, b], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_index_with_sorts_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "pages"
    for i in range(2):
        page = site / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True)
        sort = f'<span data-pagefind-sort="ngày">202{i}</span>'
        page.write_text(PAGE.format(title=f"Trang {i}", words="an ninh", extra=sort), "utf-8")
    _run_pagefind(site, tmp_path / "pagefind")
    with pytest.raises(FormatError, match=r"sorts \(1\) cannot be merged"):
        merge([tmp_path / "pagefind"], tmp_path / "out")


def test_the_installed_pagefind_writes_the_format_read() -> None:
    assert metadata.version("pagefind") == FORMAT


@pytest.mark.parametrize("n", [0, 1, 23, 24, 255, 256, 65_535, 65_536])
def test_an_array_of_encoded_items_is_the_cbor_array(n: int) -> None:
    items = [cbor2.dumps(i % 7) for i in range(n)]
    assert _array(items) == cbor2.dumps([i % 7 for i in range(n)])


@given(st.lists(st.binary(min_size=1, max_size=50)), st.integers(min_value=1, max_value=120))
def test_runs_keep_the_order_and_stay_under_the_limit(words: list[bytes], limit: int) -> None:
    runs = list(split(words, limit))
    assert [w for run in runs for w in run] == words
    assert all(len(run) == 1 or sum(map(len, run)) <= limit for run in runs)
    # A run ends only where the next word would not fit.
    assert all(sum(map(len, a)) + len(b[0]) > limit for a, b in pairwise(runs))
