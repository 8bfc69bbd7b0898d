"""Pagefind's index split again by size: the same words, in the same order, with the same
data, in chunks the page list names (tests/browser/ searches the real site's index)."""

from __future__ import annotations

import gzip
import json
import shutil
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any

import cbor2
import pytest
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

from generator.rechunk import ENTRY, FORMAT, SIGNATURE, FormatError, _array, rechunk, split
from generator.search import _run_pagefind

PAGE = """<!doctype html><html lang="vi"><head><title>{title}</title></head><body>
<article data-pagefind-body><h1>{title}</h1><p>{words}</p></article></body></html>"""


def _document(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(SIGNATURE)
    return cbor2.loads(raw[len(SIGNATURE) :])


def _index(bundle: Path) -> tuple[list[Any], list[list[str]]]:
    """Every word of the bundle's index in order, and the chunks its page list names."""
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    meta = _document(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    words = [
        w for chunk in meta[2] for w in _document(bundle / "index" / f"{chunk[2]}.pf_index")[0]
    ]
    return words, meta[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Pagefind bundle of 60 Vietnamese pages, with the syllables that share a chunk."""
    site = tmp_path_factory.mktemp("pages")
    syllables = ["nghị", "nguồn", "nhận", "ngày", "Nghệ", "An", "an", "ninh", "đắk", "lắk"]
    for i in range(60):
        words = " ".join(syllables[(i + k) % len(syllables)] for k in range(40)) + f" số {i}"
        page = site / f"p{i}" / "index.html"
        page.parent.mkdir()
        page.write_text(PAGE.format(title=f"Hội nghị {i}", words=words), "utf-8")
    out = tmp_path_factory.mktemp("bundle") / "pagefind"
    _run_pagefind(site, out)
    return out


def test_the_same_words_in_chunks_of_at_most_the_limit(bundle: Path, tmp_path: Path) -> None:
    before, _ = _index(bundle)
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    made = rechunk(copy, limit=300)
    after, chunks = _index(copy)
    assert after == before
    assert made == len(chunks) > 1
    for first, last, name in chunks:
        words = _document(copy / "index" / f"{name}.pf_index")[0]
        assert (words[0][0], words[-1][0]) == (first, last)
        assert len(words) == 1 or sum(len(cbor2.dumps(w)) for w in words) <= 300
    # Nothing else is left: only the chunks named, and one page list.
    assert {p.stem for p in (copy / "index").iterdir()} == {c[2] for c in chunks}
    assert len(list(copy.glob("*.pf_meta"))) == 1


def test_the_same_index_gives_the_same_files(bundle: Path, tmp_path: Path) -> None:
    copies = [tmp_path / "a", tmp_path / "b"]
    for copy in copies:
        shutil.copytree(bundle, copy)
        rechunk(copy, limit=500)
    assert snapshot(copies[0]) == snapshot(copies[1])


def test_a_bundle_of_another_pagefind_is_refused(bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    entry = json.loads((copy / ENTRY).read_text("utf-8"))
    assert entry["version"] == FORMAT
    entry["version"] = "9.9.9"
    (copy / ENTRY).write_text(json.dumps(entry), "utf-8")
    with pytest.raises(FormatError, match=r"Pagefind 9\.9\.9, this reads 1\.5\.2"):
        rechunk(copy)


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
