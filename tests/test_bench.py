"""The benchmark's synthetic corpus is valid and realistic; its table has the issue's columns."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from bench import COLUMNS, _drawing_cpu, _drawn, _timed, _tree_rss, table
from conftest import ROOT, run_cli
from corpus import write_corpus


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus of 20 conferences."""
    return write_corpus(tmp_path_factory.mktemp("bench"), 20)


def _conferences(content: Path) -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((content / "conferences").glob("*.yaml"))
    ]


def test_synthetic_corpus_passes_strict_check(content: Path) -> None:
    result = run_cli("--content", str(content), "check", "--root", str(ROOT), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 20 conferences" in result.stdout


def test_synthetic_corpus_is_varied(content: Path) -> None:
    confs = _conferences(content)
    levels = Counter(str(c["level"]) for c in confs)
    assert set(levels) == {"national", "regional", "province", "district", "commune"}, levels
    assert {"review", "working_session", "briefing", "launch"} <= {c["kind"] for c in confs}
    places = [c["host"] for c in confs if c["level"] == "district"]
    assert any("kind" in p for p in places), "district-level units of other kinds"
    committees = {tuple(c["committees"]) for c in confs}
    assert {("138",), ("389",), ("138", "389")} <= committees
    metrics = [m for c in confs for m in c["metrics"]]
    assert any("parts" in m for m in metrics)
    assert any("breakdown" in m for m in metrics)
    assert any("change" in m for m in metrics)
    languages = {s["language"] for c in confs for s in c["sources"]}
    assert languages == {"vi", "en"}
    assert any(c.get("bridges") for c in confs)
    years = {int(str(c["date"])[:4]) for c in confs}
    assert min(years) < 2025 <= max(years), "old (63) and new (34) units by date"


def test_same_size_gives_same_files(content: Path, tmp_path: Path) -> None:
    again = write_corpus(tmp_path, 20)
    assert sorted(p.name for p in (content / "conferences").iterdir()) == sorted(
        p.name for p in (again / "conferences").iterdir()
    )


def test_table_has_the_issue_columns() -> None:
    step = {"cpu": 12.0, "wall": 30.0, "rss": 1}
    result = {
        "n": 250,
        **dict.fromkeys(("cold", "warm", "edit", "added", "check", "floor", "zensical"), step),
        "edit_drawn": 2,
        "figures": 100,
        "ms_per_figure": 20.0,
        "cold_ms_per_figure": 90.0,
        "pages": 10,
        "median_page": 20_000,
        "largest_page": 90_000,
        "site": 5_000_000,
        "search_index": 1_000_000,
        "query": 150_000,
        "peak_rss": 400_000_000,
        "serve": 3.5,
    }
    header, _rule, line = table([result]).splitlines()
    assert header.count("|") == line.count("|") == len(COLUMNS) + 1
    assert "| 250 | 12 / 30 s |" in line
    assert "(2 drawn)" in line
    assert "| 100 | 20.0 | 90 ms |" in line
    assert "| 20.0 KB | 90.0 KB |" in line


def test_tree_rss_counts_this_process() -> None:
    assert _tree_rss(os.getpid()) > 10_000_000


def test_the_results_keep_the_lines_that_say_where_a_build_s_time_went() -> None:
    timed = [
        "INFO    -  generator: generated 17286 files in 134.7s "
        "(1840 figures drawn in 36.8s CPU, 0 from cache)",
        "INFO    -  Documentation built in 503.47 seconds",
        "INFO    -  generator: indexed for search in 9.1s (vi: 2296 pages, 3 read again)",
    ]
    output = "\n".join(["INFO    -  Cleaning site directory", *timed, "exit 0"])
    assert _timed(output) == timed


def test_figures_and_their_drawing_cpu_are_read_from_the_build_s_summary() -> None:
    output = (
        "INFO    -  generator: generated 9 files in 4.1s (12 figures drawn in 0.3s CPU, 5 cached)"
    )
    assert (_drawn(output), _drawing_cpu(output)) == (12, 0.3)
    assert _drawing_cpu("INFO    -  Documentation built in 3.0 seconds") is None
