"""Rendered Markdown of a small fixture corpus, compared with reviewed golden files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

from generator.charts import plan_charts
from generator.content import REGISTRIES
from generator.escape import md_text as escape_md
from generator.render import render_pages
from generator.validate import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = {
    "conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md": "conference.md",
    "conferences/2025-08-01-national-389-review-2025-h1.md": "conference_no_numbers.md",
    "provinces/63/nghe-an/2024-h1.md": "scope_period.md",
    "provinces/34/nghe-an/index.md": "new_province.md",
    "indicators/social-order-crimes.md": "indicator.md",
    "regions/mien-trung-tay-nguyen.md": "region.md",
    "periods/2025-h1.md": "period_no_numbers.md",
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
    assert "| 1,234 cases<br>" in page
    assert "down nearly 16% vs the same period of 2023" in page
    assert "more than 6,165.836 billion VND" in page
    assert "217/460 communes, wards and towns" in page
    assert "implied target 75%, derived" in page
    assert "Hữu Kiệm, Kỳ Sơn, Nghệ An" in page


def test_every_feature_of_real_reporting_is_shown(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    # a paired count, written once, with an absolute change to each half
    assert "| nearly 3,200 cases |" in page and "up 17 cases vs the same period of 2023" in page
    assert "up 16 subjects vs the same period of 2023" in page
    assert page.count("“gần 3.200 vụ, với 5.477 đối tượng”") == 2
    # a breakdown by field, and its chart
    assert "field of crime and violations: Drugs" in page
    assert "by-field/criminal_prosecutions-cases.svg" in page
    # a change against the previous period, shown in words
    assert "down 43 cases vs the second half of 2023" in page
    # targets as stated: no number, a stated target, a share of the target
    assert "target exceeded (target: 90%)" in page
    assert "target exceeded, reaching 275% of the target" in page
    # sources that disagree are both shown, each with its own words
    assert "⚠ other sources print: about 1,250 cases" in page
    assert "⚠ other sources print: 1,234 cases" in page
    # every number with its quote; the link opens the article at the quote
    assert '<q lang="vi">xảy ra 1.234 vụ, giảm gần 16% so với cùng kỳ</q>' in page
    assert "https://example.org/article#:~:text=x%E1%BA%A3y%20ra%201.234%20v%E1%BB%A5" in page
    assert "address of the article not known" in page
    # a note where the number is, the committee as printed, the host's evidence
    assert '<span class="note">Counted by the provincial police.</span>' in page
    assert "calls the committee “BCĐ 138 tỉnh”" in page
    assert "**How the host is known:** The broadcaster is the provincial station." in page


def test_a_regional_number_is_the_region_s_not_the_nation_s(fixture_pages: dict[str, str]) -> None:
    region = fixture_pages["regions/mien-trung-tay-nguyen.md"]
    assert "7,847 cases" in region
    assert "7,847" not in fixture_pages["national/index.md"]
    conference = fixture_pages[
        "conferences/2024-08-15-region-mien-trung-tay-nguyen-138-review-2024-h1.md"
    ]
    assert "**Region covered:**" in conference and "**Held in:**" in conference


def test_a_conference_without_numbers_has_a_page_and_a_period(
    fixture_pages: dict[str, str],
) -> None:
    page = fixture_pages["conferences/2025-08-01-national-389-review-2025-h1.md"]
    assert "No numbers from this conference are recorded yet." in page
    assert "periods/2025-h1.md" in page
    assert "periods/2025-h1.md" in fixture_pages


def test_not_reported_is_never_zero(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    awards = page.split("## Awards")[1].split("## Sources")[0]
    assert "| 3 | not reported |" in awards


def test_escape_md_keeps_plain_words() -> None:
    assert escape_md("Nghệ An, 2023: 146,678 cases") == "Nghệ An, 2023: 146,678 cases"
    assert escape_md("- starts like a list") == "\\- starts like a list"
