"""Search: index the built site with Pagefind, one index per edition, so that a reader finds
a page typing the way Vietnamese readers type (no tone marks, "d" for "đ", numbers in any
convention). Knows nothing of MkDocs: the plugin calls `index_site` on the built folder.

Pagefind keys an index by each page's `<html lang>`, so the Vietnamese edition searches only
Vietnamese pages and the English edition only English ones. It folds tone marks itself but
not "đ" (U+0111 has no decomposition), and it searches metadata as well as the text. Each
page is therefore indexed from a copy of its HTML with hidden metadata added: what the page is
(its kind), the names of its subject in every language, the names a merged unit replaced, the
people and numbers of a conference, and a folded copy of every word with "đ" in it. Metadata
is never part of a result's excerpt, and the HTML readers get is not changed. Only the pages a
reader looks for are indexed, and only a conference's tables (where its numbers are checked).

Pagefind has no incremental mode. Given the index it made before (`Earlier`), `index_pages`
indexes only the pages whose copy would differ (`made_of`) and merges them into the earlier
index without the pages that changed or went (`rechunk.merge`).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from .kinds import KINDS, Kind, period_year
from .languages import LANGUAGES, N_, Language
from .memo import CODE_VERSION
from .model import Conference, Corpus, text
from .periods import Period
from .present import TERMS, committee_short, term
from .rechunk import FormatError, fragments, merge
from .schema import Indicator, ProvinceUnit, Region
from .urls import edition_of, url_for

# Pagefind writes each edition's bundle (its scripts and its language's index) below this
# folder of the site root, in a folder named by the edition's code: pagefind/vi/, pagefind/en/.
# Each edition is indexed by runs of its own, one after the other: Pagefind holds all it
# indexes in memory (at N = 2,000, 973 MB for both editions at once, 643 MB for the larger).
BUNDLE = "pagefind"
# An edition is indexed in parts of at most this many bytes of copies (or one page), each by
# a Pagefind run of its own, and the parts' bundles merged (generator/rechunk.py): a run's
# memory follows the words it indexes. At N = 2,000 an edition's copies are 45 MB: in one run
# Pagefind peaked at 0.65 GB; in parts of 10 MB, 0.16 GB, for 8 s of merging an edition.
PART_BYTES = 10_000_000
# An index built before is kept, without the pages changed since and with them indexed
# again, unless more than this share of an edition's pages changed: it is merged whole, so an
# edition costs at least its merge (5-9 s CPU at N = 2,000), and Pagefind's runs over the
# changed pages come on top.
KEEP_UNLESS = 0.5
# The search box's words and ranking, one file per language, read by
# site_config/docs/javascripts/search.js when the reader opens search.
UI_CONFIG = "search/{code}.json"
# The folders of the site that hold search: the bundles and the search box's settings.
SEARCH_FILES = (BUNDLE, UI_CONFIG.split("/", 1)[0])
# How much a match in each hidden field counts, relative to the body text. Pagefind boosts a
# page by weight x the share of the query the field matches; the title (5) is its default.
FIELD_WEIGHTS: Mapping[str, float] = {
    "title": 5.0,
    "name": 10.0,  # the page is this place's, region's or committee's own page
    "alias": 6.0,  # names of the units merged into this one
    # The topics a page leads: a committee's categories of indicators, and a category on its
    # indicator with the most numbers. A topic outweighs a name that a query only begins.
    "topic": 12.0,
    "people": 8.0,  # people named at a conference
    "numbers": 8.0,  # numbers a conference printed, as plain digits
    "folded": 1.0,  # the page's words with "đ", folded to "d"
    "kind": 0.0,  # what the page is: shown with the result, no weight of its own
    # Pagefind's own fields from a page's first figure: its alt text is in the body already.
    "image": 0.0,
    "image_alt": 0.0,
}

# How much a long page's matches are discounted for its length (Pagefind's default 0.75).
# Year and comparison pages made most pages short: at 0.75 and 0.5 a conference that names a
# person eight times ranked below one that names them twice, for being long.
PAGE_LENGTH = 0.25

# What each kind of page is, in the words a result shows; a section page says its title.
KIND_LABELS: Mapping[str, str] = {
    "conference": N_("Conference"),
    "province": N_("Provincial unit"),
    "scope_period": N_("Figures for one period"),
    "region": N_("Region"),
    "period": N_("Period"),
    "indicator": N_("Indicator"),
    "committee": N_("Steering committee"),
}

# The filters a reader can narrow results by. The index names each by its words in the
# edition's language, which is what the search box shows. A page's year is the year its
# period ends in, as the listings file it: a filter of every period was 274 boxes to scroll
# at N = 1,000 (and a quarter of the filters a first query fetches).
FILTERS: Mapping[str, str] = {
    "kind": N_("Kind of page"),
    "committee": N_("Committee"),
    "level": N_("Level"),
    "year": N_("Year"),
    "system": N_("Provincial units"),
}

# Pagefind's Component UI words (its translations/en.json), from our catalogs.
UI_WORDS: Mapping[str, str] = {
    "placeholder": N_("Search"),
    "clear_search": N_("Clear"),
    "load_more": N_("Load more results"),
    "search_label": N_("Search this site"),
    "filters_label": N_("Filters"),
    "zero_results": N_("No results for [SEARCH_TERM]"),
    "many_results": N_("[COUNT] results for [SEARCH_TERM]"),
    "one_result": N_("[COUNT] result for [SEARCH_TERM]"),
    "total_zero_results": N_("No results"),
    "total_one_result": N_("[COUNT] result"),
    "total_many_results": N_("[COUNT] results"),
    "alt_search": N_("No results for [SEARCH_TERM]. Showing results for [DIFFERENT_TERM] instead"),
    "search_suggestion": N_("No results for [SEARCH_TERM]. Try one of the following searches:"),
    "searching": N_("Searching for [SEARCH_TERM]..."),
    "results_label": N_("Search results"),
    "keyboard_navigate": N_("navigate"),
    "keyboard_select": N_("select"),
    "keyboard_clear": N_("clear"),
    "keyboard_close": N_("close"),
    "keyboard_search": N_("Search"),
    "error_search": N_("Search failed"),
    "filter_selected_one": N_("[COUNT] selected"),
    "filter_selected_many": N_("[COUNT] selected"),
    "input_hint": N_("Results will appear as you type"),
    "loading": N_("Loading"),
}

_ARTICLE = '<article class="md-content__inner'
_HEADERLINK = '<a class="headerlink"'


class SearchError(RuntimeError):
    """The search index could not be built."""


@dataclass(frozen=True)
class Record:
    """What search knows of one page besides its text: hidden fields and filters."""

    fields: Mapping[str, str] = field(default_factory=dict)
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Whether the words of the page's tables are indexed: only where a number is checked (its
    # conference). Elsewhere tables repeat those numbers, and every common syllable's entry in
    # the index grew with them (a cold query fetched 559 KB at N = 1,000).
    tables: bool = False


@dataclass(frozen=True)
class SearchStats:
    """How many pages each edition's index holds, and how many of them Pagefind read (the
    rest kept from an earlier index); what each page's copy was made of."""

    pages: Mapping[str, int]
    read: Mapping[str, int]
    made_of: Mapping[str, str]


@dataclass(frozen=True)
class Earlier:
    """An index built before, to keep where its pages have not changed since."""

    files: Mapping[str, bytes]  # its files, by path below the site (SEARCH_FILES)
    made_of: Mapping[str, str]  # what each page's copy was made of (`made_of`)


def fold(words: str) -> str:
    """'Đắk Lắk' -> 'Dak Lak': tone marks dropped and "đ" read as "d", as readers type."""
    plain = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def folded_words(words: str) -> list[str]:
    """The words Pagefind's own folding misses ("đ"), folded, each once, in order."""
    found = (fold(w).lower() for w in re.findall(r"\w+", words) if "đ" in w.lower())
    return list(dict.fromkeys(found))


def _searchable(*names: str) -> str:
    """Names as a hidden field: each once, with their folded forms."""
    distinct = list(dict.fromkeys(n for n in names if n))
    return " ".join([*distinct, *folded_words(" ".join(distinct))])


def _in_every_language(message: str) -> list[str]:
    """A message id in every edition's words, so either edition finds it either way."""
    return [lang._(message) for lang in LANGUAGES]


def _plain(value: Decimal | int) -> str:
    """146678 as typed, with no separators: Pagefind drops them from printed numbers too."""
    return format(Decimal(value).normalize(), "f")


# ------------------------------------------------------------------ what each kind of page is


def _unit_names(unit: ProvinceUnit) -> list[str]:
    """A unit's names in both languages, including the names it took later."""
    return [
        unit.name_vi,
        unit.name_en,
        *(n for later in unit.names for n in (later.name_vi, later.name_en)),
    ]


def _province(corpus: Corpus, unit: ProvinceUnit, lang: Language) -> Record:
    predecessors = corpus.provinces.predecessors(unit)
    merged = [n for p in predecessors if p.slug != unit.slug for n in _unit_names(p)]
    return Record(
        {"name": _searchable(*_unit_names(unit)), "alias": _searchable(*merged)},
        {"system": (text(corpus.provinces.system(unit).label, lang.code),)},
    )


def _scope_period(corpus: Corpus, key: tuple[Any, Period], lang: Language) -> Record:
    scope, period = key
    filters = {"year": _year(period)}
    if scope.province is not None:
        filters["system"] = (text(corpus.provinces.system(scope.province).label, lang.code),)
    return Record(filters=filters)


def _region(corpus: Corpus, region: Region, lang: Language) -> Record:
    return Record({"name": _searchable(*(text(region.name, x.code) for x in LANGUAGES))})


def _conference(corpus: Corpus, conf: Conference, lang: Language) -> Record:
    numbers: list[str] = []
    for obs in conf.observations:
        values = [obs.value, *(obs.ratio or ()), obs.change.value if obs.change else None]
        numbers += [_plain(v) for v in values if v is not None]
        for c in obs.citations:
            numbers += [w for w in (c.written, c.change_written, c.target_written) if w]
    return Record(
        {
            "people": _searchable(*(p.name for p in conf.people)),
            "numbers": " ".join(dict.fromkeys(numbers)),
        },
        {
            "committee": tuple(committee_short(c, lang) for c in conf.committees),
            "level": (term("level", conf.level, lang),),
            "year": _year(conf.period),
        },
        tables=True,
    )


def _topics(corpus: Corpus, categories: Iterable[str]) -> str:
    """Categories' labels in every language, as a hidden field."""
    labels = corpus.catalog.categories
    return _searchable(*(text(labels[c].label, x.code) for c in categories for x in LANGUAGES))


def _committee(corpus: Corpus, number: str, lang: Language) -> Record:
    categories = dict.fromkeys(
        i.category for i in corpus.catalog.indicators.values() if i.committee == number
    )
    return Record(
        {
            "name": _searchable(*_in_every_language(TERMS["committee"][number])),
            "topic": _topics(corpus, categories),
        },
        {"committee": (committee_short(number, lang),)},
    )


def _leads(corpus: Corpus) -> set[str]:
    """Per category, the indicator with the most numbers: the page its topic leads to."""
    leads: dict[str, tuple[str, int]] = {}
    for indicator in corpus.catalog.indicators.values():
        count = len(corpus.by_indicator.get(indicator.key, ()))
        best = leads.get(indicator.category)
        if best is None or count > best[1]:
            leads[indicator.category] = (indicator.key, count)
    return {key for key, _ in leads.values()}


def _indicator(corpus: Corpus, indicator: Indicator, lang: Language) -> Record:
    fields = {}
    if indicator.key in _leads(corpus):
        fields["topic"] = _topics(corpus, [indicator.category])
    return Record(fields, {"committee": (committee_short(indicator.committee, lang),)})


def _period(corpus: Corpus, period: Period, lang: Language) -> Record:
    return Record(filters={"year": _year(period)})


def _year(period: Period) -> tuple[str]:
    """The year filter's value for a page about a period, as the listings file it."""
    return (str(period_year(period)),)


Describe = Callable[[Corpus, Any, Language], Record]
# Search's view of each kind of page; a kind not named here is known by its kind alone.
DESCRIBE: Mapping[str, Describe] = {
    "province": _province,
    "scope_period": _scope_period,
    "region": _region,
    "conference": _conference,
    "committee": _committee,
    "indicator": _indicator,
    "period": _period,
}


def kind_label(kind: Kind[Any], lang: Language) -> str:
    """What a page of this kind is, in the reader's words."""
    if kind.name in KIND_LABELS:
        return lang._(KIND_LABELS[kind.name])
    if kind.section is None:
        raise SearchError(f"page kind {kind.name!r} has no label for search results")
    return lang._(kind.section.title)


def records(corpus: Corpus) -> dict[str, Record]:
    """Every generated page's HTML file, with what search knows of it."""
    found = {}
    for kind in (k for k in KINDS if k.searched):
        describe = DESCRIBE.get(kind.name)
        for key in kind.keys(corpus):
            for lang in LANGUAGES:
                record = describe(corpus, key, lang) if describe else Record()
                filters = {**record.filters, "kind": (kind_label(kind, lang),)}
                found[url_for(kind.name, key, lang).url + "index.html"] = Record(
                    {**record.fields, "kind": kind_label(kind, lang)},
                    {lang._(FILTERS[name]): values for name, values in filters.items()},
                    record.tables,
                )
    return found


# ------------------------------------------------------------------ the indexed copy of a page


# Built pages are the theme's and Python-Markdown's own well-formed HTML: their article, first
# h1 and permalinks are found by pattern, many times faster than parsing every page.
_TAG = re.compile(r"<[^>]*>")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# Python-Markdown's tables never nest.
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
# The words a checked number carries besides its quote ("printed as", the source's name and
# date, "open the article"): the same on every number, so left out of the index; the printed
# forms are in the conference's `numbers` field. The link is the only element inside them.
_CHECK_CHROME = re.compile(r'<span class="check-(?:written|by|open)">.*?</span>', re.S)
# A note on how to read a page (templates' `reading_note`) and the line on how to cite it: the
# same words on every page of a kind, which Pagefind skips; cut here, so that the folded field
# leaves them out too.
_READING_NOTE = re.compile(r'<p [^>]*data-pagefind-ignore="all"[^>]*>.*?</p>', re.S)


def _text(fragment: str, between: str = " ") -> str:
    """The text of an HTML fragment, without its permalinks."""
    return html.unescape(_TAG.sub(between, _PERMALINK.sub("", fragment)))


def _meta(key: str, value: str, kind: str = "meta") -> str:
    return f'<meta data-pagefind-{kind}="{key}[content]" content="{html.escape(value)}">'


def searchable_html(page: str, record: Record, path: str = "") -> str:
    """The copy of a built page that Pagefind indexes: its head with the page's hidden fields
    and filters, and only its article, without permalinks, the words every checked number
    repeats, or (unless the record says) its tables."""
    start, head_end = page.find(_ARTICLE), page.find("</head>")
    end = page.find("</article>", start)
    if page.count(_ARTICLE) != 1 or head_end < 0 or end < 0:
        raise SearchError(f"{path}: no article to index (is the theme's main template changed?)")
    article = _CHECK_CHROME.sub("", page[start : end + len("</article>")])
    article = _READING_NOTE.sub("", article)
    if not record.tables:
        article = _TABLE.sub("", article)
    h1 = _H1.search(article)
    title = " ".join(_text(h1.group(1), between="").split()) if h1 else ""
    if not title:
        raise SearchError(f"{path}: the article has no title (h1)")
    fields = {"title": title, **record.fields}
    fields["folded"] = " ".join(folded_words(" ".join([_text(article), *fields.values()])))
    head = [_meta(k, v) for k, v in fields.items() if v.strip()]
    head += [_meta(k, v, "filter") for k, values in record.filters.items() for v in values]
    article = article.replace(_ARTICLE, "<article data-pagefind-body " + _ARTICLE[9:], 1)
    article = article.replace(_HEADERLINK, '<a data-pagefind-ignore class="headerlink"')
    return f"{page[:head_end]}{''.join(head)}</head><body>{article}</body></html>"


# ------------------------------------------------------------------ the index


def ui_config(lang: Language) -> dict[str, Any]:
    """What the search box needs besides the index: its words and its ranking."""
    return {
        "words": {key: lang._(message) for key, message in UI_WORDS.items()},
        "ranking": {"metaWeights": dict(FIELD_WEIGHTS), "pageLength": PAGE_LENGTH},
    }


def _run_pagefind(source: Path, bundle: Path) -> str:
    """Run the Pagefind binary (shipped by the `pagefind[extended]` package) on a folder."""
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchError(
            f"the Pagefind binary is missing ({binary or 'not found'}): "
            "install the pinned packages (make install)"
        )
    command = [str(binary), "--site", str(source), "--output-path", str(bundle)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0:
        raise SearchError(f"Pagefind failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def bundle_of(lang: Language) -> str:
    """The folder of an edition's search bundle, below the site root."""
    return f"{BUNDLE}/{lang.code}"


def _indexed(output: str, expected: int, code: str) -> None:
    """Fail unless Pagefind says it indexed every page of the edition it was given."""
    indexed = re.search(r"Indexed (\d+) pages?\b", output)
    if indexed is None or int(indexed.group(1)) != expected:
        raise SearchError(f"Pagefind did not index all {expected} pages ({code}):\n{output}")


def made_of(site: Path, pages: Mapping[str, Record]) -> dict[str, str]:
    """What each page's indexed copy is made of, as a hash: its built HTML, its record and
    the code that makes the copy."""
    found = {}
    for path, record in pages.items():
        try:
            built = (site / path).read_bytes()
        except OSError:
            raise SearchError(f"{path}: the page was not built") from None
        digest = hashlib.sha256(f"{CODE_VERSION}\0{path}\0{record!r}\0".encode())
        digest.update(built)
        found[path] = digest.hexdigest()
    return found


def read_files(site: Path) -> dict[str, bytes]:
    """The index's files (both editions' bundles and the search box's settings), by path."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for folder in SEARCH_FILES
        for p in sorted((site / folder).rglob("*"))
        if p.is_file()
    }


def write_files(site: Path, files: Mapping[str, bytes], prefix: str = "") -> None:
    """Put an index's files (those below `prefix`) in place below `site`."""
    for path, data in files.items():
        if path.startswith(prefix):
            target = site / path[len(prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _copies(site: Path, pages: Mapping[str, Record]) -> Iterator[tuple[str, bytes]]:
    """Each page of an edition, as Pagefind should read it."""
    for path, record in pages.items():
        built = site / path
        if not built.is_file():
            raise SearchError(f"{path}: the page was not built")
        yield path, searchable_html(built.read_text("utf-8"), record, path).encode()


def _index_part(work: Path, number: int, pages: int, code: str) -> Path:
    """Index the part's copies (then removed) into a bundle of its own; that bundle."""
    source, bundle = work / f"source-{number}", work / f"part-{number}"
    source.mkdir(exist_ok=True)
    _indexed(_run_pagefind(source, bundle), pages, code)
    shutil.rmtree(source)
    return bundle


def _index_parts(site: Path, pages: Mapping[str, Record], work: Path, lang: Language) -> list[Path]:
    """The pages, copied as Pagefind should read them, indexed in parts of at most
    PART_BYTES of copies; the parts' bundles."""
    parts: list[Path] = []
    count = size = 0
    for path, copy in _copies(site, pages):
        if count and size + len(copy) > PART_BYTES:
            parts.append(_index_part(work, len(parts), count, lang.code))
            count = size = 0
        target = work / f"source-{len(parts)}" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy)
        count, size = count + 1, size + len(copy)
    if count:
        parts.append(_index_part(work, len(parts), count, lang.code))
    return parts


def _address(path: str) -> str:
    """A page's address as Pagefind records it: its folder, from the site root."""
    return "/" + path.removesuffix("index.html")


def _kept(
    work: Path, earlier: Earlier | None, lang: Language, made: Mapping[str, str]
) -> tuple[Path, list[str], set[str]] | None:
    """The edition's earlier index as a part, the fragments of its pages that changed or
    went since, and the pages it holds unchanged; None if the edition is to be indexed
    whole (no earlier index, too much changed, or the earlier one does not add up)."""
    if earlier is None:
        return None
    then = {p: d for p, d in earlier.made_of.items() if edition_of(p) == lang}
    same = {p for p, d in then.items() if made.get(p) == d}
    stale = then.keys() - same
    fresh = [p for p in made if p not in same]
    if not then or len(stale) + len(fresh) > KEEP_UNLESS * max(len(made), 1):
        return None
    folder, prefix = work / "earlier", f"{bundle_of(lang)}/"
    bundle = {p[len(prefix) :]: d for p, d in earlier.files.items() if p.startswith(prefix)}
    write_files(folder, bundle)
    try:
        urls = fragments(folder, bundle)
    except (FormatError, OSError, LookupError, TypeError, ValueError):
        return None
    names = [urls.get(_address(p)) for p in stale]
    if len(urls) != len(then) or any(_address(p) not in urls for p in same) or None in names:
        return None
    return folder, [n for n in names if n is not None], same


def _index_edition(
    site: Path,
    pages: Mapping[str, Record],
    made: Mapping[str, str],
    lang: Language,
    earlier: Earlier | None,
) -> int:
    """One edition's pages indexed into its bundle: those changed since the earlier index
    (all, without one) read by Pagefind in parts, merged with what is kept; how many pages
    Pagefind read."""
    out = site / bundle_of(lang)
    with tempfile.TemporaryDirectory(prefix=f"search-{lang.code}-") as tmp:
        work = Path(tmp)
        kept = _kept(work, earlier, lang, made)
        if kept is None:
            read, leave_out = pages, {}
            folders = _index_parts(site, read, work, lang)
            if not folders:
                folders = [_index_part(work, 0, 0, lang.code)]
        else:
            folder, stale, same = kept
            if not stale and len(same) == len(pages):
                shutil.copytree(folder, out)
                return 0
            read = {p: r for p, r in pages.items() if p not in same}
            folders = [folder, *_index_parts(site, read, work, lang)]
            leave_out = {folder: stale}
        try:
            merge(folders, out, leave_out=leave_out)
        except (ValueError, OSError, LookupError, TypeError) as exc:
            raise SearchError(f"the {lang.code} index could not be merged: {exc}") from None
    return len(read)


def index_site(site: Path, corpus: Corpus, earlier: Earlier | None = None) -> SearchStats:
    """Index every generated page of the built site in `site` (`index_pages`)."""
    return index_pages(site, records(corpus), earlier)


def index_pages(
    site: Path,
    pages: Mapping[str, Record],
    earlier: Earlier | None = None,
) -> SearchStats:
    """Index the pages (`records`) of the built site in `site`, each edition into its own
    bundle (site/pagefind/<code>/), with the search box's settings in site/search/;
    `earlier`: an index of the same site built before, kept where its pages are unchanged."""
    made = made_of(site, pages)
    for folder in SEARCH_FILES:
        shutil.rmtree(site / folder, ignore_errors=True)
    by_edition: dict[str, dict[str, Record]] = {lang.code: {} for lang in LANGUAGES}
    for path, record in pages.items():
        by_edition[edition_of(path).code][path] = record
    counts = {code: len(found) for code, found in by_edition.items()}
    if earlier is not None and earlier.made_of == made:
        write_files(site, earlier.files)
        return SearchStats(counts, dict.fromkeys(counts, 0), made)
    read = {}
    for lang in LANGUAGES:
        edition = by_edition[lang.code]
        made_here = {p: made[p] for p in edition}
        read[lang.code] = _index_edition(site, edition, made_here, lang, earlier)
        config = site / UI_CONFIG.format(code=lang.code)
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps(ui_config(lang), ensure_ascii=False, indent=1), "utf-8")
    return SearchStats(counts, read, made)
