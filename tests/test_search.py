"""What the search index is built from: folded words, hidden fields, one record per page.
(The index itself, typed into as readers type, is tested in tests/browser/.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import mkdocs_build, search_index

from generator import rechunk, search
from generator.kinds import KINDS
from generator.languages import LANGUAGES, language
from generator.model import Corpus
from generator.search import (
    FIELD_WEIGHTS,
    PAGE_LENGTH,
    Earlier,
    Record,
    SearchError,
    bundle_of,
    fold,
    folded_words,
    index_site,
    kind_label,
    read_files,
    records,
    searchable_html,
    ui_config,
)
from generator.urls import edition_of, url_for

PAGE = """<!doctype html><html lang="vi"><head><title>Đắk Lắk</title></head><body>
<header>Tìm kiếm</header>
<article class="md-content__inner md-typeset">
<h1 id="dak-lak">Đắk Lắk (từ 1/7/2025)<a class="headerlink" href="#dak-lak">&para;</a></h1>
<p>Ban Chỉ đạo 138 tỉnh Đắk Lắk: 146.678 vụ &amp; đối tượng.</p>
</article></body></html>"""


def test_fold_reads_d_for_đ_and_drops_tone_marks() -> None:
    assert fold("Đắk Lắk") == "Dak Lak"
    assert fold("đắk lắk") == "dak lak"
    assert (
        fold("Trần Lưu Quang, Nghệ An, Thừa Thiên Huế") == "Tran Luu Quang, Nghe An, Thua Thien Hue"
    )


def test_only_words_pagefind_cannot_fold_itself_are_added() -> None:
    assert folded_words("Ban Chỉ đạo tỉnh Đắk Lắk, đạo Đồng Nai") == ["dao", "dak", "dong"]
    assert folded_words("Nghệ An") == []


def test_the_indexed_copy_has_hidden_fields_and_only_the_article() -> None:
    record = Record({"kind": "Tỉnh, thành phố", "name": "Đắk Lắk Dak Lak"}, {"system": ("34",)})
    indexed = searchable_html(PAGE, record, "provinces/34/dak-lak/index.html")
    head = indexed.split("</head>")[0]
    assert '<meta data-pagefind-meta="title[content]" content="Đắk Lắk (từ 1/7/2025)">' in head
    assert '<meta data-pagefind-meta="kind[content]" content="Tỉnh, thành phố">' in head
    assert '<meta data-pagefind-filter="system[content]" content="34">' in head
    folded = re.search(r'data-pagefind-meta="folded\[content\]" content="([^"]*)"', head)
    assert folded is not None
    assert folded.group(1).split() == ["dak", "dao", "doi"]
    assert '<article data-pagefind-body class="md-content__inner' in indexed
    assert '<a data-pagefind-ignore class="headerlink"' in indexed
    # Only the article is copied (not the header), and nothing is added inside the text a
    # result's excerpt is cut from.
    body = indexed.split("<body>")[1]
    assert "Tìm kiếm" not in body
    assert body.replace(" data-pagefind-body", "").replace(" data-pagefind-ignore", "") == (
        PAGE[PAGE.index("<article") :].split("</article>")[0] + "</article></body></html>"
    )
    assert indexed.startswith('<!doctype html><html lang="vi"><head><title>Đắk Lắk</title>')


def test_a_title_s_inline_markup_does_not_split_its_words() -> None:
    page = PAGE.replace("Đắk Lắk (từ", "Đắk <em>Lắk</em> (t<b>ừ</b>")
    indexed = searchable_html(page, Record(), "x/index.html")
    assert '<meta data-pagefind-meta="title[content]" content="Đắk Lắk (từ 1/7/2025)">' in indexed


CHECKED = """<table><tbody><tr><td><details class="check"><summary><data value="27132">27.132
vụ</data></summary><span class="check-body"><span class="check-source">
<span class="check-written">được ghi là “27.132”</span><q lang="vi">phát hiện 27.132 vụ án</q>
<span class="check-by">VTV · 21/1/2025</span>
<span class="check-open"><a href="https://example.org/1">mở bài báo tại đoạn văn này ↗</a></span>
</span></span></details></td></tr></tbody></table>"""


def test_only_a_conference_s_tables_are_indexed_without_the_words_every_check_repeats() -> None:
    page = PAGE.replace("</p>", "</p>" + CHECKED + "<p>Sau bảng.</p>")
    listing = searchable_html(page, Record(), "provinces/63/ha-noi/index.html")
    conference = searchable_html(page, Record(tables=True), "conferences/x/index.html")
    assert "<table" not in listing and "27.132" not in listing
    assert "Sau bảng." in listing and "146.678 vụ" in listing
    body = conference.split("<body>")[1]
    assert "phát hiện 27.132 vụ án" in body and "<table" in body
    for chrome in ("được ghi là", "VTV", "mở bài báo", "check-written", "check-by", "check-open"):
        assert chrome not in body, chrome
    assert '<q lang="vi">' in body and "</details></td></tr></tbody></table>" in body


def test_a_note_on_how_to_read_the_page_and_its_citation_are_not_indexed() -> None:
    notes = (
        '<p data-pagefind-ignore="all">Nhấn vào một giá trị để xem nguồn đăng ngày đó.</p>'
        '<p class="vn-cite" data-pagefind-ignore="all">Trích dẫn: “Đắk Lắk”.</p>'
    )
    indexed = searchable_html(PAGE.replace("</p>", "</p>" + notes), Record(), "x/index.html")
    assert "Nhấn vào" not in indexed and "Trích dẫn" not in indexed
    assert "146.678 vụ" in indexed
    # Nor are their words in the folded field ("đăng", "đó" would be "dang", "do").
    folded = re.search(r'data-pagefind-meta="folded\[content\]" content="([^"]*)"', indexed)
    assert folded is not None and folded.group(1).split() == ["dak", "dao", "doi"]


def test_hidden_fields_are_escaped() -> None:
    indexed = searchable_html(PAGE, Record({"people": 'A "B" <C>'}), "x/index.html")
    assert 'content="A &quot;B&quot; &lt;C&gt;"' in indexed


def test_a_page_without_its_article_fails_the_index() -> None:
    with pytest.raises(SearchError, match=r"x/index\.html: no article to index"):
        searchable_html(PAGE.replace("md-content__inner", "other"), Record(), "x/index.html")


def test_every_generated_page_has_a_record_in_every_language(corpus: Corpus) -> None:
    found = records(corpus)
    expected = {
        url_for(kind.name, key, lang).url + "index.html"
        for kind in KINDS
        if kind.searched
        for key in kind.keys(corpus)
        for lang in LANGUAGES
    }
    assert set(found) == expected
    assert all(record.fields["kind"] for record in found.values())
    # An earlier year of a listing, one indicator's places in a period, or a place's figures
    # over time (its page links them) only show again what search finds elsewhere.
    listings = {
        url_for(kind.name, key, lang).url + "index.html"
        for kind in KINDS
        if kind.name in ("year", "comparison", "over_time")
        for key in kind.keys(corpus)
        for lang in LANGUAGES
    }
    assert listings and not listings & set(found)
    assert "periods/2023/index.html" in found
    tables = {p.split("/")[-3] for p, r in found.items() if r.tables}
    assert tables == {"conferences"}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_every_kind_of_page_says_what_it_is(lang: object) -> None:
    searched = [kind for kind in KINDS if kind.searched]
    labels = {kind.name: kind_label(kind, language(lang.code)) for kind in searched}  # type: ignore[attr-defined]
    assert all(labels.values())
    vi = language("vi")
    assert kind_label(next(k for k in KINDS if k.name == "province"), vi) == "Tỉnh, thành phố"


def test_a_merged_unit_is_found_by_the_names_it_replaced(corpus: Corpus) -> None:
    found = records(corpus)
    quang_tri = found["provinces/34/quang-tri/index.html"]
    assert "Quảng Bình" in quang_tri.fields["alias"]
    assert "Quảng Trị" in quang_tri.fields["name"]
    assert found["provinces/63/quang-binh/index.html"].fields["name"].startswith("Quảng Bình")
    assert "Đắk Lắk" in found["en/provinces/34/dak-lak/index.html"].fields["name"]
    assert found["provinces/34/dak-lak/index.html"].filters["Đơn vị cấp tỉnh"] == (
        "34 tỉnh, thành phố (từ 1/7/2025)",
    )
    assert found["en/provinces/34/dak-lak/index.html"].filters["Provincial units"] == (
        "34 provincial units (from 1 July 2025)",
    )


def test_a_conference_is_found_by_its_numbers_and_its_people(corpus: Corpus) -> None:
    page = "conferences/2024-01-17-national-138-389-review-2023/index.html"
    record = records(corpus)[page]
    assert "146678" in record.fields["numbers"].split()
    assert "Trần Lưu Quang" in record.fields["people"]
    assert record.filters["Ban Chỉ đạo"] == ("Ban Chỉ đạo 138", "Ban Chỉ đạo 389")
    assert record.filters["Loại trang"] == ("Hội nghị",)


def test_a_page_about_a_period_is_filtered_by_the_year_its_period_ends_in(
    corpus: Corpus,
) -> None:
    found = records(corpus)
    # A review of 2023 held in January 2024 is filed under 2023, as the listings file it.
    conference = found["en/conferences/2024-01-17-national-138-389-review-2023/index.html"]
    assert conference.filters["Year"] == ("2023",)
    assert found["periods/2023/index.html"].filters["Năm"] == ("2023",)
    years = {v for r in found.values() for v in r.filters.get("Năm", ())}
    assert years and all(len(y) == 4 and y.isdigit() for y in years)


def test_a_topic_leads_to_the_indicator_with_most_numbers(corpus: Corpus) -> None:
    found = records(corpus)
    assert "Ma túy" in found["indicators/drug-offences/index.html"].fields["topic"]
    assert "topic" not in found["indicators/drug-free-communes/index.html"].fields


def test_committee_pages_carry_their_names_in_every_language(corpus: Corpus) -> None:
    name = records(corpus)["en/committees/138/index.html"].fields["name"]
    assert "phòng, chống tội phạm" in name and "crime prevention" in name


@pytest.mark.parametrize("code", ["vi", "en"])
def test_the_search_box_speaks_the_edition_language(code: str) -> None:
    config = ui_config(language(code))
    words = config["words"]
    assert config["ranking"]["metaWeights"] == dict(FIELD_WEIGHTS)
    assert config["ranking"]["pageLength"] == PAGE_LENGTH
    if code == "vi":
        assert words["placeholder"] == "Tìm kiếm"
        assert words["many_results"] == "[COUNT] kết quả cho [SEARCH_TERM]"
    else:
        assert words["zero_results"] == "No results for [SEARCH_TERM]"


def test_a_failed_index_fails_the_build_and_keeps_the_old_site(
    small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    assert mkdocs_build(small_project, cache).returncode == 0
    site = small_project / "site"
    assert (site / "pagefind" / "vi" / "pagefind-entry.json").is_file()
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    shutil.rmtree(cache / "search")  # else the unchanged site's index is reused, not made
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    result = mkdocs_build(small_project, cache)
    assert result.returncode == 1
    assert "search index: the Pagefind binary is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_each_edition_is_searched_from_a_bundle_of_its_own(
    built_site: Path, corpus: Corpus
) -> None:
    by_edition: dict[str, int] = {}
    for path in records(corpus):
        code = edition_of(path).code
        by_edition[code] = by_edition.get(code, 0) + 1
    for lang in LANGUAGES:
        entry = json.loads((built_site / bundle_of(lang) / "pagefind-entry.json").read_bytes())
        assert entry["languages"].keys() == {lang.code}
        assert entry["languages"][lang.code]["page_count"] == by_edition[lang.code]
    assert sorted(p.name for p in (built_site / "pagefind").iterdir()) == ["en", "vi"]


def _pages_of(built_site: Path, corpus: Corpus, site: Path) -> list[str]:
    """The built site's indexed pages copied into `site`; their paths."""
    pages = list(records(corpus))
    for path in pages:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built_site / path, site / path)
    return pages


def _spy_on_pagefind(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders Pagefind is run on, from now on."""
    runs: list[Path] = []
    real = search._run_pagefind

    def run(source: Path, bundle: Path) -> str:
        runs.append(source)
        return real(source, bundle)

    monkeypatch.setattr(search, "_run_pagefind", run)
    return runs


def test_an_edition_indexed_in_parts_finds_what_one_run_finds(
    built_site: Path, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _pages_of(built_site, corpus, site)
    runs = _spy_on_pagefind(monkeypatch)
    monkeypatch.setattr(search, "PART_BYTES", 1_000_000)
    index_site(site, corpus)
    assert len(runs) >= 2 * 3  # at least three parts an edition (4 MB of copies each)
    for lang in LANGUAGES:
        assert search_index(site / bundle_of(lang)) == search_index(built_site / bundle_of(lang))
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["en", "vi"]


def test_an_index_made_again_keeps_the_earlier_one_where_its_pages_did_not_change(
    built_site: Path, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    pages = _pages_of(built_site, corpus, site)
    first = index_site(site, corpus)
    assert first.read == first.pages
    earlier = Earlier(read_files(site), first.made_of)
    # Since: the list of conferences changed in both editions, and a province's page went.
    listing = next(p for p in pages if p.startswith("conferences/"))
    for path in (listing, f"en/{listing}"):
        built = (site / path).read_text("utf-8")
        (site / path).write_text(built.replace("</h1>", "</h1><p>zqxw</p>", 1), "utf-8")
    gone = next(p for p in pages if p.startswith("provinces/"))
    real = search.records
    monkeypatch.setattr(
        search, "records", lambda c: {p: r for p, r in real(c).items() if p != gone}
    )
    runs = _spy_on_pagefind(monkeypatch)
    again = index_site(site, corpus, earlier=earlier)
    assert again.read == {"vi": 1, "en": 1} and len(runs) == 2
    assert again.pages["vi"] == first.pages["vi"] - 1
    kept = {lang.code: search_index(site / bundle_of(lang)) for lang in LANGUAGES}
    assert all("zqxw" in index["words"] for index in kept.values())
    whole = index_site(site, corpus)
    assert whole.read == whole.pages and whole.made_of == again.made_of
    for lang in LANGUAGES:
        assert search_index(site / bundle_of(lang)) == kept[lang.code]


def test_an_index_made_again_of_the_same_pages_is_the_earlier_one(
    built_site: Path, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _pages_of(built_site, corpus, site)
    first = index_site(site, corpus)
    earlier = Earlier(read_files(site), first.made_of)
    runs = _spy_on_pagefind(monkeypatch)
    again = index_site(site, corpus, earlier=earlier)
    assert again.read == {"vi": 0, "en": 0} and not runs
    assert read_files(site) == earlier.files


@pytest.mark.parametrize("why", ["too much changed", "a page it lacks", "another version"])
def test_an_earlier_index_that_cannot_be_kept_is_made_again_whole(
    built_site: Path, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    site = tmp_path / "site"
    pages = _pages_of(built_site, corpus, site)
    first = index_site(site, corpus)
    made_of = dict(first.made_of)
    made_of[pages[0]] = made_of[f"en/{pages[0]}"] = "changed"
    files = read_files(site)
    if why == "too much changed":
        monkeypatch.setattr(search, "KEEP_UNLESS", 0.0)
    elif why == "a page it lacks":
        made_of["conferences/not-indexed/index.html"] = "x"
        made_of["en/conferences/not-indexed/index.html"] = "x"
    else:
        files = {p: b"{}" if p.endswith("pagefind-entry.json") else d for p, d in files.items()}
    again = index_site(site, corpus, earlier=Earlier(files, made_of))
    assert again.read == again.pages
    for lang in LANGUAGES:
        assert search_index(site / bundle_of(lang))["pages"].keys() == set(
            search_index(built_site / bundle_of(lang))["pages"]
        )


def test_an_index_that_cannot_be_merged_fails_with_what_went_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dak-lak").mkdir()
    (tmp_path / "dak-lak" / "index.html").write_text(PAGE, "utf-8")
    monkeypatch.setattr(rechunk, "FORMAT", "0.0.0")
    with pytest.raises(SearchError, match=r"the vi index could not be merged: .*this reads 0\.0"):
        search._index_edition(tmp_path, {"dak-lak/index.html": Record()}, {}, language("vi"), None)
    assert not (tmp_path / "pagefind").exists()
