"""The second builder: the fixture corpus's exported tree built by Zensical (no plugins, no
hooks), then indexed by Pagefind, read as a reader would see it. `make zensical` runs the same
steps on content/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
ZENSICAL = Path(sys.executable).parent / "zensical"

pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path) -> None:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture conferences (with the registries they use) built by Zensical."""
    work = tmp_path_factory.mktemp("zensical")
    content = work / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("conferences"))
    for name in ("indicators.yaml", "provinces.yaml", "regions.yaml"):
        if (FIXTURES / name).is_file():
            shutil.copy(FIXTURES / name, content / name)
    shutil.copytree(FIXTURES / "conferences", content / "conferences")
    python = [sys.executable, "-m"]
    cache = work / "cache"
    _run(*python, "generator", "--content", content, "build", "--root", ROOT,
         "--out", work / "tree" / "docs", "--cache", cache, "--quiet", cwd=work)  # fmt: skip
    _run(*python, "generator.builders", "--root", ROOT, "project", work / "tree", cwd=work)
    _run(ZENSICAL, "build", "--clean", cwd=work / "tree")
    site = work / "tree" / "site"
    _run(*python, "generator.builders", "--content", content, "index", site, cwd=work)
    return site


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def _conference(site: Path) -> str:
    return sorted(p.name for p in (site / "conferences").iterdir() if p.is_dir())[0]


@pytest.mark.parametrize(
    ("prefix", "lang", "tab"), [("", "vi", "Hội nghị"), ("en/", "en", "Conferences")]
)
def test_both_editions_in_their_language(site: Path, prefix: str, lang: str, tab: str) -> None:
    home = _page(site, prefix)
    assert f'<html lang="{lang}"' in home
    tabs = re.findall(r'md-tabs__link">\s*([^<]*?)\s*<', home)
    assert tab in tabs
    assert len(tabs) == len(set(tabs)), "a page shows its own language's sections only"


def test_language_switch_leads_to_the_same_page(site: Path) -> None:
    conf = _conference(site)
    page = _page(site, f"conferences/{conf}")
    switch = re.search(r'<a href="([^"]+)" hreflang="en"[^>]*vn-language-link', page)
    assert switch, "the language switch"
    target = (site / "conferences" / conf / switch.group(1)).resolve()
    assert target == (site / "en" / "conferences" / conf).resolve()
    assert (target / "index.html").is_file()


def test_figures_and_tables(site: Path) -> None:
    shown = 0
    for folder in sorted((site / "en" / "conferences").iterdir()):
        if not (folder / "index.html").is_file():
            continue
        page = (folder / "index.html").read_text("utf-8")
        assert "<table" in page, folder.name
        for src in re.findall(r'<img alt="[^"]+"[^>]*src="([^"#]+\.svg)[#"]', page):
            assert (folder / src).resolve().is_file(), src
            shown += 1
    assert shown, "the conferences' charts"


def test_sitemap_gives_every_page_its_alternates(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<url>") > 10
    assert 'hreflang="en"' in sitemap and 'hreflang="vi"' in sitemap


def test_search_index_for_each_edition(site: Path) -> None:
    for code in ("vi", "en"):
        bundle = site / "pagefind" / code
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        assert set(entry["languages"]) == {code}
    assert (site / "search" / "en.json").is_file()
    assert re.search(r'<button[^>]*class="[^"]*search-open', _page(site, "en/"))
