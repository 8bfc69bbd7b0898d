"""`mkdocs serve` indexes search in the background and never holds a rebuild up for it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from test_search import PAGE

from generator import mkdocs_plugin
from generator.memo import Memo
from generator.search import Record


def test_a_rebuild_never_waits_for_the_index_and_only_the_latest_is_indexed_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started, release, indexed = threading.Event(), threading.Event(), []

    def slow_index(site: Path, pages: Any, memo: Any) -> str:
        indexed.append(site.name)
        started.set()
        release.wait(10)
        return "indexed"

    monkeypatch.setattr(mkdocs_plugin, "_index_apart", slow_index)
    memo = Memo(tmp_path / "memo", tmp_path / "secret")
    indexer = mkdocs_plugin._Indexer()
    indexer.request(tmp_path / "first", None, memo)  # type: ignore[arg-type]
    assert started.wait(10)
    began = time.monotonic()
    for name in ("second", "third", "fourth"):  # rebuilds that end while it works
        indexer.request(tmp_path / name, None, memo)  # type: ignore[arg-type]
    assert time.monotonic() - began < 1  # none of them waited
    release.set()
    deadline = time.monotonic() + 10
    while indexer.busy() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert indexed == ["first", "fourth"]


def test_the_background_index_is_made_in_a_process_of_its_own_and_kept_next_time(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    pages = {"dak-lak/index.html": Record(), "en/dak-lak/index.html": Record()}
    for path in pages:
        (site / path).parent.mkdir(parents=True)
        lang = "en" if path.startswith("en/") else "vi"
        (site / path).write_text(PAGE.replace('lang="vi"', f'lang="{lang}"'), "utf-8")
    memo = Memo(tmp_path / "memo", tmp_path / "secret")
    first = mkdocs_plugin._index_apart(site, pages, memo)
    assert first.startswith("indexed for search in") and "en: 1 pages, 1 read again" in first
    assert (site / "pagefind" / "en" / "pagefind-entry.json").is_file()
    assert mkdocs_plugin._index_apart(site, pages, memo).startswith("search index unchanged")


def test_an_index_that_fails_in_the_background_is_asked_for_again_next_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []

    def failing(site: Path, pages: Any, memo: Any) -> str:
        calls.append(site.name)
        if len(calls) == 1:
            raise OSError("no process could be started")
        return "indexed"

    monkeypatch.setattr(mkdocs_plugin, "_index_apart", failing)
    memo = Memo(tmp_path / "memo", tmp_path / "secret")
    indexer = mkdocs_plugin._Indexer()
    for name in ("first", "second"):
        indexer.request(tmp_path / name, {}, memo)
        deadline = time.monotonic() + 10
        while indexer.busy() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not indexer.busy()
    assert calls == ["first", "second"]
