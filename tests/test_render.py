"""Rendered Markdown of a small fixture corpus, compared with reviewed golden files: one page
of every page kind, in every language."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from generator import kinds
from generator.content import REGISTRIES
from generator.escape import md_text as escape_md
from generator.kinds import KINDS
from generator.languages import LANGUAGES
from generator.model import Corpus, unit_key
from generator.registry import read_catalog
from generator.render import environment
from generator.site import build_site

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
# One page of every kind (several where a kind shows different cases), by golden file name.
GOLDEN_PAGES = {
    "home.md": ("home", "index.md"),
    "conferences.md": ("conferences", "conferences/index.md"),
    "conference.md": ("conference", "conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"),
    "conference_no_numbers.md": (
        "conference",
        "conferences/2025-08-01-national-389-review-2025-h1.md",
    ),
    "conference_regional.md": (
        "conference",
        "conferences/2024-08-15-region-mien-trung-tay-nguyen-138-review-2024-h1.md",
    ),
    "provinces.md": ("provinces", "provinces/index.md"),
    "province_old.md": ("province", "provinces/63/nghe-an/index.md"),
    "province_new.md": ("province", "provinces/34/nghe-an/index.md"),
    "scope_period.md": ("scope_period", "provinces/63/nghe-an/2024-h1.md"),
    "region.md": ("region", "regions/mien-trung-tay-nguyen.md"),
    "national.md": ("national", "national/index.md"),
    # Built with every drawn trend over the threshold (`moved_pages`): no fixture place has more.
    "over_time.md": ("over_time", "provinces/34/nghe-an/over-time.md"),
    "periods.md": ("periods", "periods/index.md"),
    "period.md": ("period", "periods/2024-h1.md"),
    "period_no_numbers.md": ("period", "periods/2025-h1.md"),
    "comparison.md": ("comparison", "periods/2024-h1/social-order-crimes.md"),
    "indicators.md": ("indicators", "indicators/index.md"),
    "indicator.md": ("indicator", "indicators/social-order-crimes.md"),
    "committees.md": ("committees", "committees/index.md"),
    "committee.md": ("committee", "committees/138.md"),
    "coverage.md": ("coverage", "coverage.md"),
    "coverage_year.md": ("year", "coverage/year-2024.md"),
    "year.md": ("year", "provinces/63/nghe-an/year-2023.md"),
    "data.md": ("data", "data/index.md"),
    "methodology.md": ("methodology", "methodology.md"),
}
GOLDEN_CASES = [(lang.code, name) for lang in LANGUAGES for name in sorted(GOLDEN_PAGES)]


def golden_site(project: Path, root: Path) -> dict[str, str]:
    """Every language's pages of the fixture corpus of `project`: its fixture registries and
    conferences (tests/fixtures), never its content/, rendered with its templates."""
    content = root / "content"
    content.mkdir(parents=True)
    fixtures = project / "tests" / "fixtures"
    for name in REGISTRIES:
        shutil.copy(fixtures / name, content / name)
    shutil.copytree(fixtures / "conferences", content / "conferences")
    # The boundaries are drawing data, not a registry: the fixture corpus shares them.
    shutil.copytree(project / "content" / "geo", content / "geo")
    shutil.copytree(project / "templates", root / "templates")
    files = build_site(root, draw=False).files
    return {path: text for path, text in files.items() if isinstance(text, str)}


@pytest.fixture(scope="module")
def all_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every language's pages, generated from the fixture registries and conferences."""
    return golden_site(ROOT, tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture(scope="module")
def moved_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every language's pages of the fixture corpus, each place's figures over time on a page
    of their own where it draws any."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kinds, "OWN_PAGE_TRENDS", 0)
        return golden_site(ROOT, tmp_path_factory.mktemp("moved-site"))


@pytest.fixture(scope="module")
def fixture_pages(all_pages: dict[str, str]) -> dict[str, str]:
    """The English pages, by their language-neutral path."""
    return {p.removeprefix("en/"): t for p, t in all_pages.items() if p.startswith("en/")}


def test_adding_an_indicator_to_content_changes_no_golden_file(
    all_pages: dict[str, str], tmp_path: Path
) -> None:
    """Golden files belong to the fixture corpus: a new indicator in content/ leaves them."""
    project = tmp_path / "project"
    for name in ("content", "templates", "tests/fixtures"):
        shutil.copytree(ROOT / name, project / name)
    catalog = project / "content" / "indicators.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8")
        + "  - key: a_new_indicator\n"
        + '    label: {en: "A new indicator", vi: "Chỉ số mới"}\n'
        + '    units: [cases]\n    category: crime\n    committee: "138"\n'
        + "    measure: flow\n    higher_is_better: false\n",
        encoding="utf-8",
    )
    assert read_catalog(project / "content")[0] is not None  # the new indicator is sound
    assert golden_site(project, tmp_path / "site") == all_pages


def test_golden_pages_cover_every_page_kind() -> None:
    assert {kind for kind, _ in GOLDEN_PAGES.values()} == {kind.name for kind in KINDS}


@pytest.mark.parametrize(("lang", "golden"), GOLDEN_CASES)
def test_pages_match_golden_markdown(
    all_pages: dict[str, str], lang: str, golden: str, request: pytest.FixtureRequest
) -> None:
    prefix = next(language.prefix for language in LANGUAGES if language.code == lang)
    kind, path = GOLDEN_PAGES[golden]
    pages = request.getfixturevalue("moved_pages") if kind == "over_time" else all_pages
    page = pages[prefix + path]
    expected = GOLDEN / lang / golden
    if request.config.getoption("--update-golden"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(page, encoding="utf-8")
    assert page == expected.read_text(encoding="utf-8"), (
        f"{prefix}{path} differs from tests/golden/{lang}/{golden}; review, "
        "then run pytest --update-golden"
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
    assert '<summary><data value="1234">1,234 cases</data></summary>' in page
    assert "down nearly 16% vs the same period of 2023" in page
    assert "more than 6,165.836 billion VND" in page
    assert "217/460 communes, wards and towns" in page
    assert "implied target 75%, derived" in page
    assert "Hữu Kiệm, Kỳ Sơn, Nghệ An" in page


def test_every_feature_of_real_reporting_is_shown(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    # a paired count, written once, with an absolute change to each half
    assert '<data value="3200">nearly 3,200 cases</data>' in page
    assert "up 17 cases vs the same period of 2023" in page
    assert "up 16 subjects vs the same period of 2023" in page
    assert page.count("“gần 3.200 vụ, với 5.477 đối tượng”") == 2
    # a breakdown by field; two parts read as the table's rows, three or more get a chart
    assert "Field of crime and violations: Drugs" in page
    assert "by-field-" not in page
    national = fixture_pages["conferences/2025-01-10-national-138-review-2024.md"]
    assert "national/2024/by-field-criminal_prosecutions-count-cases.svg#only-light" in national
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
    assert 'calls the committee “<span lang="vi">BCĐ 138 tỉnh</span>”' in page
    assert "[Bài thử nghiệm](https://example.org/article){ lang=vi }" in page
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
    assert '<data value="3">3 collectives</data>' in awards
    assert '<data value="">number not printed</data>' in awards  # printed without a count
    assert "0" not in awards.split("number not printed")[0].rsplit("\n", 1)[-1]


def test_awards_show_their_counts_as_written_and_quoted(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    awards = page.split("## Awards")[1].split("## Sources")[0]
    # The count is the site's; tapping it shows the source's writing and words.
    assert '<span class="check-written">printed as “3 collectives”</span>' in awards
    assert '<q lang="en">3 collectives received certificates of merit</q>' in awards


def test_figures_in_parts_district_kinds_and_meeting_kinds(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["conferences/2024-07-20-nghe-an-138-389-review-2024-h1.md"]
    assert "### Cửa Lò town, Nghệ An" in page
    assert '<data value="32">32 cases</data>' in page
    assert '<data value="27">27 people killed</data>' in page
    assert '<data value="14">14 people injured</data>' in page
    assert page.count("“32 vụ, làm 27 người chết, 14 người bị thương”") == 3
    assert "down 76 cases (3.9%)" in page
    assert "down, to 81.27% of the same period of 2023" in page
    national = fixture_pages["conferences/2025-08-01-national-389-review-2025-h1.md"]
    assert "**Kind of meeting:** working session" in national
    listing = fixture_pages["conferences/year-2025.md"]
    assert "National, working session" in listing
    earlier = fixture_pages["conferences/2023-07-20-nghe-an-138-review-2023-h1.md"]
    assert "(not named by the sources: Test: the article names no committee.)" in earlier


def test_escape_md_keeps_plain_words() -> None:
    assert escape_md("Nghệ An, 2023: 146,678 cases") == "Nghệ An, 2023: 146,678 cases"
    assert escape_md("- starts like a list") == "\\- starts like a list"


def test_a_province_lists_the_conferences_it_hosted_joined_or_has_numbers_from(
    fixture_corpus: Corpus,
) -> None:
    corpus = fixture_corpus
    for unit in corpus.provinces.units.values():
        key = unit_key(unit)
        expected = [
            c
            for c in corpus.conferences
            if c.host.province_key == key
            or any(o.scope.province_key == key for o in c.observations)
            or any(b.unit is not None and unit_key(b.unit) == key for b in c.bridges)
        ]
        assert list(corpus.conferences_by_province.get(key, ())) == expected, key
    assert any(c.bridges for c in corpus.conferences), "a conference with bridges"


def test_a_template_edited_between_two_builds_of_one_process_is_read_again(
    tmp_path: Path,
) -> None:
    template = tmp_path / "page.md.j2"
    template.write_text("before\n", "utf-8")
    env = environment(tmp_path, LANGUAGES[0])
    assert env.get_template("page.md.j2").render() == "before\n"
    template.write_text("after\n", "utf-8")
    os.utime(template, (template.stat().st_mtime + 2,) * 2)
    again = environment(tmp_path, LANGUAGES[0])
    assert again is env  # compiled templates are kept between builds
    assert again.get_template("page.md.j2").render() == "after\n"


# A value shown without its check, linked to it on its conference's page.
_LINKED_VALUE = re.compile(
    r'\[<data value="([^"]*)">([^<]*)</data>\]\(((?:\.\./)*conferences/[^)#]+\.md)#([^)]+)\)'
)
_CHECKED_VALUE = re.compile(r'<summary><data value="([^"]*)">([^<]*)</data></summary>')


def _number_rows(page: str) -> list[str]:
    """The table rows of a page that show a number (each opens its check, or links it on its
    conference's page)."""
    return [
        line
        for line in page.splitlines()
        if line.startswith("|") and ('class="check"' in line or _LINKED_VALUE.search(line))
    ]


def _years_of_rows(page: str) -> set[int]:
    """The years of the days the page's numbers refer to (each row's first date)."""
    found = (re.search(r'<data value="(\d{4})-\d\d-\d\d">', row) for row in _number_rows(page))
    return {int(m.group(1)) for m in found if m}


def test_an_owner_page_lists_its_newest_year_and_each_earlier_year_its_own_page(
    fixture_pages: dict[str, str],
) -> None:
    owner = fixture_pages["provinces/63/nghe-an/index.md"]
    years = {2023: "provinces/63/nghe-an/year-2023.md", 2021: "provinces/63/nghe-an/year-2021.md"}
    assert _years_of_rows(owner) == {2024}
    for year, path in years.items():
        assert _years_of_rows(fixture_pages[path]) == {year}
    # Every number of the unit is on exactly one of its pages: none is dropped.
    rows = [
        *_number_rows(owner),
        *(r for p in years.values() for r in _number_rows(fixture_pages[p])),
    ]
    assert len(rows) == len(set(rows)) == 26
    assert "provinces/63/nghe-an/year-2024.md" not in fixture_pages


def test_the_year_bar_links_every_year_and_marks_the_one_shown(
    fixture_pages: dict[str, str],
) -> None:
    owner = fixture_pages["provinces/63/nghe-an/index.md"]
    bar = '[2024](index.md){ aria-current="page" } · [2023](year-2023.md) · [2021](year-2021.md)'
    assert f'<nav class="year-bar" aria-label="Years" markdown="span">{bar}</nav>' in owner
    earlier = fixture_pages["provinces/63/nghe-an/year-2023.md"]
    assert '[2024](index.md) · [2023](year-2023.md){ aria-current="page" }' in earlier
    assert '# <span lang="vi">Nghệ An</span>: 2023' in earlier
    # A listing of one year is not split.
    assert "year-bar" not in fixture_pages["provinces/34/nghe-an/index.md"]
    assert not any(p.startswith("provinces/34/nghe-an/year-") for p in fixture_pages)


def test_a_new_unit_links_its_predecessors_history_without_copying_it(
    fixture_pages: dict[str, str],
) -> None:
    page = fixture_pages["provinces/34/nghe-an/index.md"]
    history = page.split("## History of the predecessor units")[1]
    assert "- [Nghệ An](../../63/nghe-an/index.md){ lang=vi }: 26 numbers" in history
    assert _number_rows(history) == []


def test_coverage_counts_units_by_year_and_each_year_by_period(
    fixture_pages: dict[str, str],
) -> None:
    coverage = fixture_pages["coverage.md"]
    assert "| Unit | [2021](coverage/year-2021.md) | [2023](coverage/year-2023.md) |" in coverage
    assert "| [Nghệ An](provinces/63/nghe-an/index.md){ lang=vi } | 1 | 2 | 23 |" in coverage
    year = fixture_pages["coverage/year-2024.md"]
    assert "[first half of 2024](../periods/2024-h1.md)" in year
    assert "first half of 2023" not in year
    home = fixture_pages["index.md"]
    assert "[coverage page](coverage.md)" in home
    # The grid of units and periods is the coverage pages', not the home page's.
    assert "provinces/63/nghe-an/2024-h1.md" not in home


def test_a_period_page_links_each_comparison_to_a_page_of_its_places(
    fixture_pages: dict[str, str],
) -> None:
    period = fixture_pages["periods/2024-h1.md"]
    assert _number_rows(period) == []
    assert "- [Crimes against social order](2024-h1/social-order-crimes.md): 3 places" in period
    compared = fixture_pages["periods/2024-h1/social-order-crimes.md"]
    # Nghệ An's two disagreeing sources, Cửa Lò and the region: every place's latest figure.
    assert len(_number_rows(compared)) == 4
    assert "[Every place, first half of 2024](../2024-h1.md)" in compared


def test_the_periods_index_lists_its_newest_year_and_each_earlier_year_its_own_page(
    fixture_pages: dict[str, str],
) -> None:
    index = fixture_pages["periods/index.md"]
    assert "[first half of 2026](2026-h1.md)" in index and "2024-h1.md" not in index
    year = fixture_pages["periods/year-2024.md"]
    for slug in ("2024", "2024-h1", "2024-01-01-2024-07-20"):
        assert f"]({slug}.md)" in year
    assert "2023-h1.md" not in year


def test_a_listing_too_long_for_its_page_links_each_period_s_page_instead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_pages: dict[str, str]
) -> None:
    monkeypatch.setattr(kinds, "LISTED_NUMBERS", 5)
    built = golden_site(ROOT, tmp_path)
    pages = {p.removeprefix("en/"): t for p, t in built.items() if p.startswith("en/")}
    owner = pages["provinces/63/nghe-an/index.md"]
    assert _number_rows(owner) == []
    listed = owner.split("## Every number about")[1]
    periods = re.findall(r"^- \[([^\]]+)\]\((2024[^)]*\.md)\): (\d+) numbers?$", listed, re.M)
    assert periods and listed.count("\n- [") == len(periods)
    # Every number of the year is on the page of its period, none left out.
    before = fixture_pages["provinces/63/nghe-an/index.md"].split("## Every number about")[1]
    total = sum(int(n) for _, _, n in periods)
    assert f"{total} numbers, too many for one page" in listed
    assert total == len(_number_rows(before))
    for _, path, count in periods:
        assert len(_number_rows(pages[f"provinces/63/nghe-an/{path}"])) == int(count)
    # A short listing is not split.
    assert _number_rows(pages["provinces/63/nghe-an/year-2021.md"])
    national = pages["national/index.md"].split("## Every national number")[1]
    assert _number_rows(national) == [] and "too many for one page" in national


def _listing(page: str, heading: str) -> str:
    """The part of a page from a heading to the next one of its level."""
    return page.split(f"## {heading}\n")[1].split("\n## ")[0]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("provinces/63/nghe-an/2024-h1.md", "All numbers"),
        ("indicators/social-order-crimes/year-2024.md", "Every observation"),
    ],
)
def test_a_listing_too_long_for_its_checks_links_each_value_to_its_conference_s_check(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fixture_pages: dict[str, str],
    path: str,
    heading: str,
) -> None:
    monkeypatch.setattr(kinds, "LISTED_NUMBERS", 10)
    built = golden_site(ROOT, tmp_path)
    before = _CHECKED_VALUE.findall(_listing(fixture_pages[path], heading))
    assert len(before) > 10
    for lang in LANGUAGES:
        prefix = f"{lang.code}/" if lang.code != "vi" else ""
        listed = _listing(built[prefix + path], lang._(heading))
        assert 'class="check"' not in listed
        linked = _LINKED_VALUE.findall(listed)
        # Every value is still there, as the site writes it, with its sort key.
        if lang.code == "en":
            assert [(key, shown) for key, shown, _, _ in linked] == before
            assert f"{len(before)} numbers, too many to show each one's sources here" in listed
        else:
            assert len(linked) == len(before)
            assert f"{len(before)} " in listed.split("|")[0]
        # One tap opens the conference's page at that value's check.
        for key, shown, href, anchor in linked:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            conference = built[prefix + target]
            assert conference.count(f'id="{anchor}"') == 1
            assert f'id="{anchor}"><summary><data value="{key}">{shown}</data>' in conference


def test_a_listing_within_the_limit_keeps_each_value_s_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_pages: dict[str, str]
) -> None:
    monkeypatch.setattr(kinds, "LISTED_NUMBERS", 10)
    built = golden_site(ROOT, tmp_path)
    for path in ("national/2024.md", "indicators/criminal-prosecutions.md"):
        page = built[f"en/{path}"]
        assert _number_rows(page) == _number_rows(fixture_pages[path])
        assert 5 < len(_number_rows(page)) <= 10
        assert "too many to show" not in page and not _LINKED_VALUE.search(page)


def test_each_number_on_a_conference_page_has_a_stable_anchor_of_its_own(
    fixture_pages: dict[str, str],
) -> None:
    """The anchor comes from the number's key (its metric id, and its unit for a part of a
    figure in parts), so a link to it keeps working when the page changes."""
    pages = [t for p, t in fixture_pages.items() if p.startswith("conferences/2")]
    paired = 0
    for page in pages:
        numbers = _listing(page, "Numbers by whom they are about")
        anchors = re.findall(r'<details class="check" id="([^"]+)">', numbers)
        assert len(anchors) == numbers.count('<details class="check"')
        assert len(set(anchors)) == len(anchors)
        assert all(re.fullmatch(r"number-[a-z0-9-]+(--[a-z0-9_]+)?", a) for a in anchors)
        paired += sum("--" in a for a in anchors)
    assert paired, "the fixture has a figure in parts"
