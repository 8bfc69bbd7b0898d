"""`mkdocs serve` indexes search in the background and never holds a rebuild up for it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator import mkdocs_plugin
from generator.memo import Memo


def test_a_rebuild_never_waits_for_the_index_and_only_the_latest_is_indexed_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started, release, indexed = threading.Event(), threading.Event(), []

    def slow_index(site: Path, corpus: Any, memo: Any, target: Path, background: bool) -> None:
        assert background and target == site
        indexed.append(site.name)
        started.set()
        release.wait(10)

    monkeypatch.setattr(mkdocs_plugin, "_index", slow_index)
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
