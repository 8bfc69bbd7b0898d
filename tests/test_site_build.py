"""A full `mkdocs build --strict` of the real content, checked as a reader would see it."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import mkdocs_build

from generator.export import BOM, COLUMN_NOTES
from generator.kinds import KINDS
from generator.languages import LANGUAGES
from generator.model import Corpus
from generator.urls import url_for


@pytest.fixture
def site(built_site: Path) -> Path:
    """The real project built once into a temporary folder."""
    return built_site


def html(site: Path, page: str, lang: str = "en") -> str:
    """The built HTML of a page, by its URL path, in a language (English under en/)."""
    prefix = "" if lang == "vi" else f"{lang}/"
    return (site / prefix / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_home_links_every_section(site: Path, lang: str) -> None:
    page = html(site, "", lang)
    for section in (
        "conferences/",
        "provinces/",
        "periods/",
        "indicators/",
        "data/",
        "methodology/",
    ):
        assert f'href="{section}"' in page, section
    assert "fonts.googleapis.com" not in page


def test_every_conference_has_a_page_with_its_numbers_and_sources(
    site: Path, corpus: Corpus
) -> None:
    for conf in corpus.conferences:
        page = html(site, f"conferences/{conf.id}")
        assert '<h2 id="sources">Sources' in page
        assert '<h2 id="nguon">Nguồn' in html(site, f"conferences/{conf.id}", "vi")
        for obs in conf.observations:
            for citation in obs.citations:
                if citation.written:
                    assert f"“{citation.written}”" in page, (conf.id, citation.written)


def test_search_skips_a_conference_page_s_notes_on_reading_it_and_its_citation(
    site: Path, corpus: Corpus
) -> None:
    page = html(site, f"conferences/{corpus.conferences[0].id}")
    notes = re.findall(r'<p( class="vn-cite")? data-pagefind-ignore="all">(.*?)</p>', page, re.S)
    assert [cite for cite, _ in notes] == ["", "", ' class="vn-cite"'], notes
    assert notes[0][1].startswith("Each number is listed under the place it describes")


def test_a_province_page_names_its_successor(site: Path) -> None:
    page = html(site, "provinces/63/nghe-an")
    assert (
        '<h1 id="nghe-an-until-30-june-2025"><span lang="vi">Nghệ An</span> (until 30 June 2025)'
        in page
    )
    assert '<a href="../../34/nghe-an/" lang="vi">Nghệ An</a>' in page


def test_figures_are_built_with_alt_text_and_data(site: Path) -> None:
    svgs = list((site / "figures").rglob("*.svg")) + list((site / "en/figures").rglob("*.svg"))
    light = [svg for svg in svgs if not svg.name.endswith(".dark.svg")]
    assert light
    for svg in light:
        assert svg.with_suffix(".csv").exists()
        assert svg.with_suffix(".dark.svg").exists()
    page = html(site, "national/over-time")
    assert re.search(r'<img alt="Line chart\. [^"]+"', page)
    conference = "conferences/2024-01-22-quang-nam-138-review-2023"
    assert re.search(r'<img alt="Bar chart\. [^"]+"', html(site, conference))
    assert re.search(r'<img alt="Biểu đồ cột\. [^"]+"', html(site, conference, "vi"))


def test_every_figure_states_its_size_and_opens_larger(site: Path) -> None:
    page = html(site, "national/over-time")
    images = re.findall(r"<img [^>]*>", page.split('class="md-content"')[1])
    charts = [i for i in images if "/figures/" in i]
    assert len(charts) >= 6
    for image in charts:
        assert re.search(r'width="384"', image) and re.search(r'height="\d+"', image), image
    # each chart twice, the dark drawing shown on dark pages only; each opens in the lightbox
    assert sum("#only-light" in i for i in charts) == sum("#only-dark" in i for i in charts)
    assert page.count('class="glightbox"') == len(charts)
    assert (site / "assets/javascripts/glightbox.min.js").exists()


def test_the_home_page_maps_both_unit_systems_with_a_link_per_unit(site: Path) -> None:
    page = html(site, "")
    objects = re.findall(r'<object [^>]*data="([^"]+)"[^>]*>', page)
    assert [Path(o).name for o in objects] == [
        "map-coverage-63.svg",
        "map-coverage-63.dark.svg",
        "map-coverage-34.svg",
        "map-coverage-34.dark.svg",
    ]
    drawing = site / "en" / objects[0]
    links = re.findall(r'<a xlink:href="([^"]+)"', drawing.read_text(encoding="utf-8"))
    assert len(set(links)) >= 10
    for link in set(links):
        assert (drawing.parent / link / "index.html").resolve().exists(), link


def test_data_downloads_exist(site: Path, corpus: Corpus) -> None:
    rows = (site / "data" / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(corpus.observations) + 1
    assert (site / "data" / "observations.json").exists()


def test_no_page_requests_a_third_party_host(site: Path) -> None:
    pattern = re.compile(r'(?:src|href)="(https?://[^"]+)"')
    for page in site.rglob("*.html"):
        for url in pattern.findall(page.read_text(encoding="utf-8")):
            # Links to sources are fine; nothing is loaded from elsewhere.
            assert "googleapis" not in url and "jsdelivr" not in url and "unpkg" not in url, url
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # A canonical address names the page itself; it is not loaded.
        loaded = re.search(
            r'<(?:script|img)[^>]+src="https?://|<link (?!rel="canonical")[^>]+href="https?://',
            text,
        )
        assert not loaded, page


def test_a_site_built_without_its_address_cites_its_pages_without_one(
    small_project: Path, tmp_path: Path
) -> None:
    assert mkdocs_build(small_project, tmp_path / "cache", site_url="").returncode == 0
    for page in ("index.html", "en/provinces/index.html"):
        text = (small_project / "site" / page).read_text("utf-8")
        cite = re.search(r'<p class="vn-cite"[^>]*>(.*?)</p>', text, re.DOTALL)
        assert cite, page
        assert "None" not in cite.group(1) and "<a " not in cite.group(1), cite.group(1)


def test_broken_yaml_fails_the_build_clearly_and_keeps_the_old_site(
    small_project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert mkdocs_build(small_project, cache).returncode == 0
    built = sorted(p.relative_to(small_project) for p in (small_project / "site").rglob("*"))
    conference = small_project / "content/conferences/2023-07-20-nghe-an-138-review-2023-h1.yaml"
    text = conference.read_text(encoding="utf-8")
    conference.write_text(
        text.replace("indicator: detection_rate", "indicator: detection_rat"), "utf-8"
    )
    result = mkdocs_build(small_project, cache)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(
        rf"conferences/{conference.name}:\d+: metrics\[\d+\]\.indicator: unknown indicator "
        r"'detection_rat'; did you mean detection_rate\?",
        result.stderr,
    ), result.stderr
    assert (
        sorted(p.relative_to(small_project) for p in (small_project / "site").rglob("*")) == built
    )


def test_every_model_feature_is_shown_on_a_page_of_the_real_site(site: Path) -> None:
    quang_nam = html(site, "conferences/2024-01-22-quang-nam-138-review-2023")
    assert "Field of crime and violations: Drugs" in quang_nam  # a breakdown
    assert "“887 vụ/1.513 bị can”" in quang_nam  # a pair, written once
    assert "target exceeded" in quang_nam  # a target with no number
    vung_tau = html(site, "conferences/2023-07-26-ba-ria-vung-tau-138-review-2023-h1")
    assert "down 43 cases vs the same period of 2022" in vung_tau  # an absolute change
    assert "up 17 cases vs the same period of 2022" in vung_tau  # a change to each half
    national = html(site, "conferences/2025-06-23-national-389-review-2025-h1")
    assert "⚠ other sources print: nearly 50,000 cases" in national  # disagreeing outlets
    assert '<summary><data value="50736">50,736 cases</data></summary>' in national
    assert 'printed as <span lang="vi">“50.736”</span>' in national
    assert '<q lang="vi">' in national
    assert "#:~:text=b%E1%BA%AFt%20gi%E1%BB%AF" in national  # opens the article at the quote
    region = html(site, "regions/mien-trung-tay-nguyen")
    assert "Quảng Bình" in region and "2019" in region  # a region and its meeting
    quiet = html(site, "conferences/2025-07-24-nghe-an-389-review-2025-h1")
    assert "No numbers from this conference are recorded yet." in quiet  # no numbers at all


def test_the_banner_promises_only_what_is_true(site: Path, corpus: Corpus) -> None:
    for shown in ("", "national"):
        found = re.search(
            r'<div class="md-banner__inner[^"]*"[^>]*>(.*?)</div>', html(site, shown), re.DOTALL
        )
        assert found, shown
        banner = " ".join(found.group(1).split())
        assert "Every number shows the words its source printed" in banner
        # Some articles' addresses are not known: a link is promised only where one is online
        assert "where the article is online, a link opens it at those words" in banner
    assert any(not c.source.url for o in corpus.observations for c in o.citations)
    # and there, every number's page links to the article at its words.
    for conf in corpus.conferences:
        page = html(site, f"conferences/{conf.id}")
        for obs in conf.observations:
            for citation in obs.citations:
                url = citation.source.url
                if url:
                    opened = escape(url + ("" if "#" in url else "#") + ":~:text=")
                    assert f'href="{opened}' in page, (conf.id, url)


def test_the_vietnamese_edition_is_vietnamese(site: Path) -> None:
    page = html(site, "conferences/2024-01-17-national-138-389-review-2023", "vi")
    assert '<html lang="vi"' in page
    assert "146.678 vụ" in page and "17 tháng 1 năm 2024" in page
    assert "Tìm kiếm" in page  # the theme's own words
    home = html(site, "", "vi")
    assert '<h2 id="hoi-nghi-gan-day">Hội nghị gần đây' in home


def test_every_page_links_to_itself_in_the_other_language(site: Path) -> None:
    switch = re.compile(r'<a href="([^"]+)" hreflang="(vi|en)" lang="\2" class="md-header__button')
    pages = [p for p in site.rglob("index.html") if p.parent.name != "assets"]
    assert len(pages) > 200
    for page in pages:
        found = switch.findall(page.read_text(encoding="utf-8"))
        assert len(found) == 1, page
        href, _ = found[0]
        assert (page.parent / href / "index.html").resolve().exists(), (page, href)


def test_english_pages_mark_vietnamese_names(site: Path) -> None:
    page = html(site, "conferences/2024-01-22-nghe-an-138-review-2023")
    assert '<html lang="en"' in page
    assert 'lang="vi">Nghệ An</a>' in page
    assert '<span lang="vi">Lê Hồng Vinh</span>' in page


def test_the_sitemap_names_every_page_in_both_languages(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        '<xhtml:link rel="alternate" hreflang="en" '
        'href="https://example.org/en/conferences/2024-01-22-nghe-an-138-review-2023/"/>'
    ) in sitemap
    assert sitemap.count('hreflang="vi"') == sitemap.count('hreflang="en"') > 200


class _Reader(HTMLParser):
    """What a reader sees of a page: its text (no script or style) and its code spans."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.in_code = False
        self.text: list[str] = []
        self.code: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        self.in_code = self.in_code or tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")
        self.in_code = self.in_code and tag != "code"

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)
            if self.in_code:
                self.code.append(data)


def _pages(site: Path) -> list[Path]:
    """Every page of both editions."""
    return [p for p in site.rglob("index.html") if "assets" not in p.parts]


SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
SHOWN_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|<>]")


def test_no_page_shows_code_names_escapes_or_file_paths(site: Path) -> None:
    # The download's column names and codes may stand as data in the data page's table.
    columns = {c.name for c in COLUMN_NOTES} | {code for c in COLUMN_NOTES for code in c.codes}
    pages = _pages(site)
    assert len(pages) > 400
    for page in pages:
        reader = _Reader()
        reader.feed(page.read_text(encoding="utf-8"))
        text = " ".join(reader.text)
        where = page.relative_to(site).as_posix()
        assert not SHOWN_ESCAPE.search(text), (where, SHOWN_ESCAPE.findall(text))
        assert "`" not in text and ".yaml" not in text, where
        assert not [c for c in reader.code if SNAKE_CASE.search(c)], where
        allowed = columns if where in ("data/index.html", "en/data/index.html") else set()
        assert set(SNAKE_CASE.findall(text)) <= allowed, (where, SNAKE_CASE.findall(text))


def test_every_page_describes_itself_for_search_engines_and_links(site: Path) -> None:
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<meta name="description" content="[^"]+">', text), page
        for tag in ("og:type", "og:site_name", "og:title", "og:description", "og:url"):
            assert re.search(rf'<meta property="{tag}" content="[^"]+">', text), (page, tag)
        assert "og:image" not in text  # the site has no picture that stands for a page
    home = html(site, "", "en")
    assert '<meta property="og:locale" content="en_GB">' in home
    assert '<meta property="og:locale:alternate" content="vi_VN">' in home
    assert '<meta property="og:url" content="https://example.org/en/">' in home
    assert '<meta property="og:locale" content="vi_VN">' in html(site, "", "vi")


def test_every_page_says_how_to_cite_it_with_the_day_of_its_newest_data(
    site: Path, corpus: Corpus
) -> None:
    conf = next(c for c in corpus.conferences if c.id == "2024-01-17-national-138-389-review-2023")
    published = [c.source.published for o in conf.observations for c in o.citations]
    newest = max([conf.date, *(d for d in published if d)])
    page = html(site, f"conferences/{conf.id}")
    cite = re.search(r'<p class="vn-cite"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert cite, "no cite line"
    words = " ".join(cite.group(1).split())
    address = f"https://example.org/en/conferences/{conf.id}/"
    assert words.startswith("<strong>Cite this page:</strong> “")
    assert f'<a href="{address}">{address}</a>, data as of {newest:%-d %B %Y}.' in words
    assert (
        f"<lastmod>{newest.isoformat()}</lastmod>"
        in (site / "sitemap.xml")
        .read_text(encoding="utf-8")
        .split(f"<loc>{address}</loc>", 1)[1]
        .split("</url>", 1)[0]
    )
    for each in _pages(site):
        assert 'class="vn-cite"' in each.read_text(encoding="utf-8"), each


def test_a_number_from_an_english_source_reads_as_the_site_writes_it(site: Path) -> None:
    page = html(site, "conferences/2024-01-17-national-138-389-review-2023", "vi")
    # The main figure is the site's own (146.678 vụ); the source's "146,678" is marked English.
    assert '<summary><data value="146678">146.678 vụ</data></summary>' in page
    assert 'được ghi là <span lang="en">“146,678”</span>' in page
    assert '<span class="lang-mark">(tiếng Anh)</span>' in page
    assert '<q lang="en">handled 146,678 cases' in page
    # Each cell names its column for phones, and sorts by its machine value.
    assert 'data-label="Giá trị" data-sort="146678"' in page


def test_the_csv_downloads_open_as_utf8_in_a_spreadsheet(site: Path) -> None:
    for path, header in (
        ("data/observations.csv", "conference_id,"),
        ("data/national.csv", "conference_id,"),
        ("data/provinces/63/nghe-an.csv", "conference_id,"),
        ("data/columns.csv", "column,"),
    ):
        assert (site / path).read_bytes().startswith((BOM + header).encode("utf-8")), path
    figures = list((site / "figures").rglob("*.csv"))
    assert figures
    assert all(f.read_bytes().startswith(BOM.encode("utf-8")) for f in figures)


def test_a_listing_split_by_year_links_each_year_from_its_bar(site: Path) -> None:
    owner = html(site, "conferences")
    bar = re.search(r'<nav aria-label="Years" class="year-bar">(.*?)</nav>', owner)
    assert bar is not None
    links = re.findall(r'<a ([^>]*)href="([^"]+)">(\d{4})</a>', bar.group(1))
    assert links[0][:2] == ('aria-current="page" ', "./")
    assert len(links) > 1 and all(not marked for marked, _, _ in links[1:])
    for _, href, year in links[1:]:
        assert href == f"year-{year}/"
        page = html(site, f"conferences/year-{year}")
        assert f">Conferences: {year}<" in page
        assert f'<a aria-current="page" href="./">{year}</a>' in page


def test_the_home_page_links_the_coverage_tables_instead_of_copying_them(site: Path) -> None:
    home = html(site, "")
    assert "wide-table" not in home
    assert 'href="coverage/"' in home
    assert "year-bar" in html(site, "coverage")


def test_a_new_unit_links_its_predecessors_instead_of_copying_their_numbers(site: Path) -> None:
    page = html(site, "provinces/34/quang-tri")
    history = page.split('id="history-of-the-predecessor-units"')[1]
    assert "<table" not in history
    assert 'href="../../63/quang-binh/"' in history and 'href="../../63/quang-tri/"' in history


def test_no_page_carries_the_theme_s_indentation(site: Path) -> None:
    pages = _pages(site)
    indented = [p.relative_to(site).as_posix() for p in pages if "\n  " in _unkept(p)]
    assert not indented, indented[:5]


def _unkept(page: Path) -> str:
    """A page without the elements that keep their whitespace (scripts, styles, code)."""
    return re.sub(
        r"<(pre|textarea|script|style)\b.*?</\1>", "", page.read_text("utf-8"), flags=re.S
    )


class _Links(HTMLParser):
    """A page's ids, and the addresses its links, images, styles and scripts name."""

    NAMED: ClassVar[dict[str, str]] = {"a": "href", "img": "src", "link": "href", "script": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        address = found.get(self.NAMED.get(tag, ""))
        if address:
            self.addresses.append(address)


def test_every_page_of_both_editions_is_reached_and_links_only_to_what_exists(
    site: Path, corpus: Corpus
) -> None:
    """Every page from the editions' home pages, link by link: each page, file and anchor
    it names exists. (What needs a browser, a page's scripts, is in tests/browser/.)"""
    here = "http://site.test/"
    queue = [here + prefix for prefix in ("", "en/")]
    seen, ids = set(queue), {}
    missing, anchors = [], []
    while queue:
        url = queue.pop()
        page = site / urlsplit(url).path.lstrip("/") / "index.html"
        if not page.is_file():
            missing.append(url)
            continue
        reader = _Links()
        reader.feed(page.read_text("utf-8"))
        ids[url] = reader.ids
        for address in reader.addresses:
            target, _, fragment = urljoin(url, address).partition("#")
            target = target.split("?")[0]
            if not target.startswith(here):
                continue
            if fragment:
                anchors.append((url, target, fragment))
            if target.endswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
            elif not target.endswith("/") and not (site / target[len(here) :]).is_file():
                missing.append(f"{url} -> {target}")
    broken = [a for a in anchors if a[1] in ids and a[2] not in ids[a[1]]]
    pages = {
        url_for(k.name, key, x).url for k in KINDS for key in k.keys(corpus) for x in LANGUAGES
    }
    assert {urlsplit(u).path.lstrip("/") for u in ids} >= pages
    assert (sorted(set(missing)), broken) == ([], [])
