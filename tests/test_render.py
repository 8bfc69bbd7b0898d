"""Rendered Markdown of a small fixture corpus, compared with reviewed golden files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

from generator.content import REGISTRIES
from generator.charts import plan_charts
from generator.escape import md_text as escape_md
from generator.render import render_pages
from generator.validate import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = {
    "conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md": "conference.md",
    "provinces/63/nghe-an/2024-h1.md": "scope_period.md",
    "provinces/34/nghe-an/index.md": "new_province.md",
    "indicators/drug-offences.md": "indicator.md",
}


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Pages rendered from the real registries and the fixture conferences only."""
    content = tmp_path_factory.mktemp("content")
    for name in REGISTRIES:
        shutil.copy(CONTENT / name, content / name)
    shutil.copytree(FIXTURES / "conferences", content / "conferences")
    corpus = load_corpus(content)
    return render_pages(corpus, plan_charts(corpus), ROOT / "templates")


@pytest.mark.parametrize(("page", "golden"), sorted(GOLDEN_PAGES.items()))
def test_pages_match_golden_markdown(
    fixture_pages: dict[str, str], page: str, golden: str, request: pytest.FixtureRequest
) -> None:
    expected = GOLDEN / golden
    if request.config.getoption("--update-golden"):
        expected.write_text(fixture_pages[page], encoding="utf-8")
    assert fixture_pages[page] == expected.read_text(encoding="utf-8"), (
        f"{page} differs from tests/golden/{golden}; review, then run pytest --update-golden"
    )


def test_hostile_text_is_literal(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "\\[real\\](http://example.com)" in page
    assert "\\{\\{ x \\}\\}" in page
    assert "\\*not\\*" in page
    assert "&lt;b&gt;markup&lt;/b&gt;" in page


def test_numbers_read_as_the_reader_expects(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    assert "| 1,234 cases |" in page
    assert "down nearly 16% vs same period" in page
    assert "more than 6,165.836 billion VND" in page
    assert "217/460 communes, wards and towns" in page
    assert "implied target 75%, derived" in page
    assert "[“1.234”](https://example.org/article#:~:text=1.234)" in page
    assert "Hữu Kiệm, Kỳ Sơn, Nghệ An" in page


def test_not_reported_is_never_zero(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    awards = page.split("## Awards")[1].split("## Sources")[0]
    assert "| 3 | not reported |" in awards


def test_escape_md_keeps_plain_words() -> None:
    assert escape_md("Nghệ An, 2023: 146,678 cases") == "Nghệ An, 2023: 146,678 cases"
    assert escape_md("- starts like a list") == "\\- starts like a list"
