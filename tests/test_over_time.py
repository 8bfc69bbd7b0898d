"""A place with more drawn trends than OWN_PAGE_TRENDS shows its "Over time" section on a page
of its own below the place's page; a place with fewer shows it as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from test_render import golden_site

from generator import kinds

PLACE = "provinces/34/nghe-an/index.md"
OWN_PAGE = "provinces/34/nghe-an/over-time.md"
FIGURES = "figures/provinces/34/nghe-an/over-time/"


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every file of the fixture site built with a threshold every drawn trend passes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kinds, "OWN_PAGE_TRENDS", 0)
        return golden_site(ROOT, tmp_path_factory.mktemp("moved"))


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every file of the fixture site built with the real threshold."""
    return golden_site(ROOT, tmp_path_factory.mktemp("kept"))


def _figures(page: str) -> list[str]:
    """The figure files a page shows (light and dark)."""
    return re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)#only-", page)


def test_a_place_with_many_trends_links_its_over_time_page_instead_of_drawing_them(
    moved: dict[str, str], kept: dict[str, str]
) -> None:
    place = moved["en/" + PLACE]
    assert _figures(place) == []
    section = _section(place)
    assert "1 chart of these figures over time is on a page of its own: " in section
    assert '[<span lang="vi">Nghệ An</span>: over time](over-time.md)' in section
    before = _section(kept["en/" + PLACE])
    assert "data (CSV)" in before and "data (CSV)" not in section
    vi = moved[PLACE].split("## Theo thời gian\n")[1].split("\n## ")[0]
    assert "](over-time.md)" in vi and _figures(vi) == []


def _section(page: str) -> str:
    """A place page's "Over time" section, up to the next heading."""
    return page.split("## Over time\n")[1].split("\n## ")[0]


def test_the_over_time_page_shows_every_figure_with_its_data(
    moved: dict[str, str], kept: dict[str, str]
) -> None:
    page = moved["en/" + OWN_PAGE]
    before = _section(kept["en/" + PLACE])
    assert '# <span lang="vi">Nghệ An</span>: over time' in page
    assert "[Nghệ An](index.md){ lang=vi }" in page
    # The same figures in the same files (the page lies beside the place's): moved, not drawn
    # twice.
    shown = _figures(before)
    assert shown and _figures(page) == shown
    data = re.findall(r"\[data \(CSV\)\]\(([^)]+)\)", page)
    assert data == re.findall(r"\[data \(CSV\)\]\(([^)]+)\)", before)
    assert len(data) == len(shown) // 2
    for figure in data:
        assert "en/" + FIGURES + figure.rsplit("/", 1)[1] in moved
    # The trends said in words move with them, and the words on how figures compare.
    said = [line for line in before.splitlines() if line and not line.startswith(("<", "!["))]
    assert len(said) > 1 and all(line in page for line in said)
    # Its figures are made once, in the folder they had, and nowhere else (their data beside).
    made = sorted(p for p in moved if p.startswith(("figures/", "en/figures/")))
    assert made == sorted(p for p in kept if p.startswith(("figures/", "en/figures/")))


def test_places_under_the_threshold_are_unchanged(
    moved: dict[str, str], kept: dict[str, str]
) -> None:
    # At the real threshold no fixture place has a page of its own (the golden pages are
    # unchanged); a place drawing no trend is the same whatever the threshold.
    assert not any(p.endswith("over-time.md") for p in kept)
    for path in ("provinces/63/ha-noi/index.md", "national/index.md"):
        assert moved["en/" + path] == kept["en/" + path]


def test_the_over_time_page_cannot_collide_with_a_period_or_year_page(
    moved: dict[str, str],
) -> None:
    siblings = [p for p in moved if p.startswith("en/provinces/34/nghe-an/")]
    assert "en/" + OWN_PAGE in siblings
    assert all(
        p.endswith(("over-time.md", "index.md")) or re.search(r"/(year-)?\d{4}[^/]*\.md$", p)
        for p in siblings
    ), siblings


def test_a_place_drawing_as_many_trends_as_the_threshold_keeps_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(kinds, "OWN_PAGE_TRENDS", 1)
    pages = golden_site(ROOT, tmp_path)
    # Nghệ An draws one trend: not more than one, so it stays on its page.
    assert "en/" + OWN_PAGE not in pages
    assert "data (CSV)" in _section(pages["en/" + PLACE])
