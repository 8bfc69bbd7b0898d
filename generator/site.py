"""The pure core: content folder in, {path: text or bytes} out. Knows nothing of MkDocs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from babel.core import Locale, get_global
from jinja2 import Environment

from . import last_build
from .charts import MAX_BARS, MAX_FIGURES_PER_PAGE, Chart, figure_csv
from .export import (
    BOM,
    COLUMNS_FILE,
    CSV,
    JSON,
    SCHEMA,
    JsonPart,
    columns_csv,
    csv_download,
    csv_header,
    csv_rows,
    json_chunks,
    json_records,
    json_schema,
    last_change,
    observations_json,
)
from .figures import (
    Drawable,
    FigureSpec,
    RenderStats,
    dark_path,
    default_cache_dir,
    measured_size,
    render_all,
)
from .geo import GEO_FILE
from .kinds import KINDS, Kind, forget_per_corpus
from .languages import LANGUAGES, Language, babel_locale, language
from .last_build import LastBuild, Record, frame_of
from .maps import MapSpec, map_csv
from .memo import Fingerprints, Memo, files_digest, key_of, memo_for
from .model import Corpus, Observation
from .packed import Packed, PackedFiles, TextPacker
from .present import long_date
from .render import Page, environment, render_page
from .staging import Staging
from .urls import Address, figure_data, url_for
from .validate import load_corpus, loaded_as

SiteFiles = PackedFiles
# `build --out` only ever replaces a folder that holds this file, which it wrote itself.
OUTPUT_MARKER = ".generated-by-vn-review-site"
# A link's "](target)"; an escaped "\]" in text is no link.
_LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
# A warning names this many of the rows a chart leaves out, then counts the rest.
_NAMED_ROWS = 10


class SiteError(RuntimeError):
    """The generated site is inconsistent (a bug, not a content problem): two files on one
    path, or a link to a page that does not exist."""


@dataclass(frozen=True)
class SiteOutput:
    """Generated files, the corpus they show, figure cache statistics, and warnings: one line
    for each thing the build left out (a strict build fails on any)."""

    files: SiteFiles
    corpus: Corpus
    figures: RenderStats
    warnings: tuple[str, ...]


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[object]:
    """A progress bar for figures when a person watches a terminal; silent otherwise."""
    if not (enabled and sys.stderr.isatty() and not os.environ.get("CI")):
        yield lambda n: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("figures", total=total)
        yield lambda n: bar.advance(task, n)


def _add(files: dict[str, Any] | PackedFiles, path: str, content: Any) -> None:
    """Add one file; a second file on the same path is a bug, never a silent overwrite."""
    if path in files:
        raise SiteError(f"two generated files share the path {path!r}")
    if isinstance(files, PackedFiles):
        files.put(path, content)
        return
    files[path] = content


def build_site(
    root: Path,
    *,
    content: Path | None = None,
    cache_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
    draw: bool = True,
    prints: Fingerprints | None = None,
) -> SiteOutput:
    """Load and validate all content, then render every page of every kind in every language,
    with its figures and data files.

    `root` is the project (its templates/); `content` defaults to its content/. With
    `draw=False` figures are planned but not drawn: the checks a build makes, quickly. The
    `prints` of the previous build in this process make this one's quicker (`mkdocs serve`).
    """
    if not (root / "templates").is_dir():
        raise SiteError(f"{root} has no templates/ folder (expected the project's root folder)")
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    # Only a build remembers: `check` (no drawing) always reads and renders everything.
    validated, rendered = (
        (memo_for(cache, "validated"), memo_for(cache, "pages")) if draw else (None, None)
    )
    folder = content or root / "content"
    corpus = load_corpus(folder, validated)
    templates = files_digest((root / "templates").rglob("*.*"), root / "templates")
    inputs = _inputs(folder, templates) if rendered else None
    # A process that builds again (`mkdocs serve`) makes its first build in full: what it
    # learns of the fingerprints makes the later ones quick.
    first_of_many = prints is not None and not prints.known()
    if rendered is not None and inputs is not None and not first_of_many:
        remembered = _read_back(rendered, memo_for(cache, "files"), inputs)
        if remembered is not None:
            kept, cached, left_out = remembered
            return SiteOutput(kept, corpus, RenderStats(drawn=0, cached=cached), left_out)
    if prints is None:
        prints = Fingerprints()
    prints.next_build()
    keys = [(kind, key) for kind in KINDS for key in kind.keys(corpus)]
    paths = [kind.path(key) for kind, key in keys]
    frame = frame_of(corpus, templates)
    # A process's first build of many learns every page's fingerprints (see above).
    memos = None
    if validated is not None and rendered is not None and not first_of_many:
        memos = (validated, rendered, memo_for(cache, "files"))
    last = last_build.untouched(prints, memos, folder, corpus, paths, frame)
    made, stats = _make_pages(
        corpus, root, [k for k, path in zip(keys, paths, strict=True) if path not in last],
        _Drawing(cache, draw, jobs, progress), rendered, templates, prints,
    )  # fmt: skip
    by_path = {path: last.get(path) or made[path] for path in paths}
    pages = list(by_path.values())
    files = PackedFiles()
    links: dict[str, frozenset[str]] = {}
    digests: dict[str, str] = {}
    warnings: dict[str, str] = {}
    if corpus.boundaries is None:
        warnings["maps"] = f"no {GEO_FILE} in the content folder: the site has no maps"
    for lang in LANGUAGES:
        for page in pages:
            for where, warning in page.warnings[lang.code]:
                warnings.setdefault(where, warning)
    for page in pages:
        for path, (packed, digest) in page.files.items():
            _add(files, path, packed)
            digests[path] = digest
        links.update(page.links)
    for path, data in _whole_downloads(corpus, rendered, prints).items():
        _add(files, path, data)
    check_targets(links, files)
    forget_per_corpus()
    # Distinct drawings, as the figure cache counts them: those drawn now, the rest read.
    if draw:
        figures = len({digest for page in pages for digest in page.figures})
        stats = dataclasses.replace(stats, cached=figures - stats.drawn)
    output = SiteOutput(files.sorted(), corpus, stats, tuple(warnings.values()))
    if rendered is not None and inputs is not None:
        _keep(rendered, memo_for(cache, "files"), inputs, output, digests, prints)
        rendered.put(last_build.record_key(folder), Record.of(frame, by_path))
    prints.keep(last_build.IN_PROCESS, LastBuild(corpus, frame, by_path))
    return output


@dataclass(frozen=True)
class _Drawing:
    """How a build draws its figures: with which cache, whether at all (a check plans them
    and draws only maps), on how many processes, with a progress bar or not."""

    cache: Path
    draw: bool
    jobs: int | None
    progress: bool

    def figures(self, specs: Mapping[str, Drawable]) -> tuple[dict[str, bytes], RenderStats]:
        """Each spec's SVG (empty for a chart not drawn) by path, and how they were had."""
        if self.draw:
            distinct = len({spec.digest for spec in specs.values()})
            with _progress(distinct, self.progress) as advance:
                return render_all(specs, self.cache, self.jobs, advance)  # type: ignore[arg-type]
        # A map's size is known once drawn, and its page states it: maps are drawn even here,
        # as a build draws them (from the figure cache, on every core). The maps a corpus
        # has grow faster than it (a period needs MIN_UNITS units reporting to have one).
        maps = {p: s for p, s in specs.items() if not isinstance(s, FigureSpec)}
        drawn = dict.fromkeys(specs, b"") | render_all(maps, self.cache, self.jobs)[0]
        return drawn, RenderStats(drawn=0, cached=0)


def _make_pages(
    corpus: Corpus,
    root: Path,
    keys: Sequence[tuple[Kind[Any], Any]],
    drawing: _Drawing,
    rendered: Memo | None,
    templates: str,
    prints: Fingerprints,
) -> tuple[dict[str, last_build.Made], RenderStats]:
    """The pages of these keys in every language, with their figures and downloads; by
    path."""
    pages = [(kind, key, kind.view(corpus, key), kind.shows(corpus, key)) for kind, key in keys]
    # The day of a page's newest number, once for all its languages.
    newest = _Newest.of_process(prints)
    days = [newest.of(numbers) for _, _, _, numbers in pages]
    specs: dict[str, Drawable] = {}
    made: dict[str, last_build.Made] = {}
    for kind, key in keys:
        _add(made, kind.path(key), last_build.Made.empty())
    planned: list[
        tuple[Kind[Any], Address, Mapping[str, Any], list[Chart[Any]], Sequence[Observation]]
    ] = []
    for lang in LANGUAGES:
        for kind, key, view, numbers in pages:
            here = url_for(kind.name, key, lang)
            charts = kind.charts(corpus, key, lang)
            warnings = made[here.path].warnings[lang.code]
            if len(charts) > MAX_FIGURES_PER_PAGE:
                warnings.append((here.path, _too_many_charts(here.path, charts)))
            charts = _placed(charts[:MAX_FIGURES_PER_PAGE], here)
            for chart in charts:
                _add(specs, chart.spec.path, chart.spec)
                made[here.path].figures.add(chart.spec.digest)
                if chart.left_out:
                    warnings.append((f"{here.path}#{chart.name}", _too_many_rows(here, chart)))
            planned.append((kind, here, view, charts, numbers))
    figures, stats = drawing.figures(specs)
    envs = {lang.code: environment(root / "templates", lang) for lang in LANGUAGES}
    for (kind, here, view, charts, numbers), day in zip(
        planned, days * len(LANGUAGES), strict=True
    ):
        page = made[here.path]
        shown = [_measured(c, figures[c.spec.path]) for c in charts]
        downloads = here.data if kind.download and numbers else None
        env = envs[here.lang.code]
        done = _render(
            rendered, env, kind.template, Page(here, shown, downloads), view, templates, prints, day
        )
        page.files[here.file] = (done.packed, done.digest)
        page.links[here.file] = done.links
        for chart in charts:
            page.files.update(_figure_files(chart.spec, figures[chart.spec.path], prints))
    for kind, key, _, numbers in pages:
        if kind.download and numbers:
            page = made[kind.path(key)]
            page.files.update(_page_downloads_of(kind, key, numbers, rendered, prints))
    return made, stats


def _inputs(content: Path, templates: str) -> str:
    """What a whole build is made of besides the code: every content file, the templates,
    and today (a date's checks depend on it)."""
    found = (p for p in content.rglob("*") if p.is_file())
    return key_of("site", files_digest(found, content), templates, dt.date.today().isoformat())


def _keep(
    pages: Memo,
    store: Memo,
    inputs: str,
    output: SiteOutput,
    digests: Mapping[str, str],
    prints: Fingerprints,
) -> None:
    """Remember a build's files, each under the hash of its bytes (a file that did not
    change is stored once; `digests` are those known already), and which file is which,
    under the build's inputs. A process that builds again (`mkdocs serve`) recalls which
    files it stored, rather than looking for each one in the store every time."""
    listing = []
    for path, packed in output.files.packed_items():
        digest = digests.get(path) or _digest(packed.data())
        stored = f"stored-{digest}"
        if prints.recall(stored) is None and not store.has(digest):
            store.put(digest, packed)
        prints.keep(stored, True)
        listing.append((path, digest))
    figures = output.figures.drawn + output.figures.cached
    pages.put(f"site-{inputs}", (listing, figures, output.warnings))


def _read_back(
    pages: Memo, store: Memo, inputs: str
) -> tuple[SiteFiles, int, tuple[str, ...]] | None:
    """The files of a build made of the same inputs with the same code, with its figure
    count and warnings; None when any part is missing or not signed here (a part not signed
    here is forgotten, so that the next build stores it again)."""
    found = pages.get(f"site-{inputs}")
    if not isinstance(found, tuple) or len(found) != 3:
        return None
    listing, figures, left_out = found
    files = PackedFiles()
    for path, digest in listing:
        content = store.get(digest)
        if isinstance(content, Packed):
            files.put(path, content)
        else:
            store.forget(digest)
    return (files, figures, left_out) if len(files) == len(listing) else None


@dataclass(frozen=True)
class Rendered:
    """A page as written (its Markdown with its front matter, compressed), its links'
    targets, and the hash of its bytes (the key it is stored under)."""

    packed: Packed
    links: frozenset[str]
    digest: str


def _render(
    memo: Memo | None,
    env: Environment,
    template: str,
    page: Page,
    view: Mapping[str, Any],
    templates: str,
    prints: Fingerprints,
    data_date: dt.date | None,
) -> Rendered:
    """A page as written, remembered from a build that rendered the same view, charts,
    downloads and day of its newest data with the same templates and code: in this process
    (`mkdocs serve`), or in the cache."""
    if memo is None:
        return _rendered(env, template, page, view, data_date)
    try:
        key = key_of(
            templates, template, page.address.file, page.charts, page.downloads, dict(view),
            data_date, prints=prints,
        )  # fmt: skip
    except TypeError:  # a value with no fingerprint: rendered every time
        return _rendered(env, template, page, view, data_date)
    found = prints.recall(key)
    if not isinstance(found, Rendered):
        found = memo.get(key)
    if not isinstance(found, Rendered):
        found = _rendered(env, template, page, view, data_date)
        memo.put(key, found)
    prints.keep(key, found)
    return found


def _rendered(
    env: Environment, template: str, page: Page, view: Mapping[str, Any], data_date: dt.date | None
) -> Rendered:
    """A page rendered, with its front matter."""
    markdown = render_page(env, template, page, view)
    text = with_page_meta(markdown, page.address, data_date)
    return Rendered(Packed.of(text), links_in(markdown), _digest(text))


def _figure_files(
    spec: Drawable, svg: bytes, prints: Fingerprints
) -> dict[str, tuple[Packed, str]]:
    """A figure's files (its SVG, its dark variant, its numbers as CSV), compressed, each
    with the hash of its bytes: made once in a process that builds again (`mkdocs serve`)
    for the same spec, where they were a tenth of a rebuild. The spec is the key: its
    drawing is the one the figure cache holds under its digest, checked there."""
    key = key_of("figure files", spec, prints=prints)
    found = prints.recall(key)
    if not isinstance(found, dict):
        contents: dict[str, str | bytes] = {
            spec.path: svg,
            dark_path(spec.path): spec.dark(svg),
            figure_data(spec.path): BOM + _figure_data(spec),  # a spreadsheet reads UTF-8
        }
        found = {path: (Packed.of(c), _digest(c)) for path, c in contents.items()}
    prints.keep(key, found)
    return found


def _digest(content: str | bytes) -> str:
    """The hash of a file's bytes (text as UTF-8)."""
    return hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()


class _Newest:
    """The newest day among a page's numbers (`last_change`), each number's found once: a
    number is shown on many pages."""

    def __init__(self, last: _Newest | None = None) -> None:
        self._days: dict[int, tuple[Observation, dt.date | None]] = {}
        # The last build's days: a number met again is not worked out again, and one not
        # met again is let go with them.
        self._last = last._days if last is not None else {}

    @classmethod
    def of_process(cls, prints: Fingerprints) -> _Newest:
        """One for this build that knows the days of the last build in this process
        (`mkdocs serve`): most numbers are the same objects in the next one."""
        last = prints.recall("newest days")
        newest = cls(last if isinstance(last, _Newest) else None)
        prints.keep("newest days", newest)
        return newest

    def of(self, numbers: Sequence[Observation]) -> dt.date | None:
        """The newest day of these numbers, None without numbers or days."""
        days = [self._day(obs) for obs in numbers]
        return max((d for d in days if d is not None), default=None)

    def _day(self, obs: Observation) -> dt.date | None:
        found = self._days.get(id(obs))
        if found is None or found[0] is not obs:
            found = self._last.get(id(obs))
            if found is None or found[0] is not obs:
                found = (obs, last_change((obs,)))
            self._days[id(obs)] = found
        return found[1]


def _whole_downloads(
    corpus: Corpus, memo: Memo | None, prints: Fingerprints
) -> dict[str, str | Packed]:
    """Every number (CSV, JSON), the JSON's schema and the CSV's columns: one set for every
    language."""
    return {
        **_whole_record(corpus, memo, prints),
        SCHEMA: json_schema(),
        COLUMNS_FILE: columns_csv(),
    }


def _page_downloads_of(
    kind: Kind[Any], key: Any, shown: Sequence[Observation], memo: Memo | None, prints: Fingerprints
) -> dict[str, tuple[Packed, str]]:
    """The numbers a page shows, for a page that offers its own download: one set for every
    language, remembered like a page (compressed), keyed by the numbers it holds; each file
    with the hash of its bytes."""
    page = url_for(kind.name, key, LANGUAGES[0])
    made = _remembered(
        memo, prints, ("page downloads", page.data, page.url, shown),
        functools.partial(_page_downloads, page, shown), dict,
    )  # fmt: skip
    return {path: (packed, _digest(packed.data())) for path, packed in made.items()}


def _whole_record(corpus: Corpus, memo: Memo | None, prints: Fingerprints) -> dict[str, Packed]:
    """Every number as CSV and JSON, written from each conference's part (remembered like a
    page) and compressed a part at a time: at N = 2,000 the two files and their parts were
    0.5 GB as strings."""
    table, document = TextPacker(), TextPacker()
    table.write(BOM + csv_header())

    def records() -> Iterator[str]:
        """Each conference's JSON records, its CSV rows written on the way."""
        for conference in corpus.conferences:
            # A conference's numbers are all it is made of: by the key of what made it
            # when it has one (found without digesting it: most of an edit's build).
            made_of = loaded_as(conference) or conference.observations
            part = _remembered(
                memo,
                prints,
                ("download part", made_of),
                functools.partial(_download_part, conference.observations),
                _DownloadPart,
            )
            table.write(part.csv)
            yield part.json.records

    numbers = [o for c in corpus.conferences for o in c.observations]
    for chunk in json_chunks(len(numbers), last_change(numbers), records()):
        document.write(chunk)
    return {CSV: table.packed(), JSON: document.packed()}


@dataclass(frozen=True)
class _DownloadPart:
    """One conference's part of the whole record: its CSV rows and its JSON records."""

    csv: str
    json: JsonPart


def _download_part(numbers: Sequence[Observation]) -> _DownloadPart:
    """A conference's numbers as their part of the whole record."""
    return _DownloadPart(
        csv_rows(numbers), JsonPart(json_records(numbers), len(numbers), last_change(numbers))
    )


def _page_downloads(page: Address, shown: Sequence[Observation]) -> dict[str, Packed]:
    """The numbers one page shows, as CSV and JSON, compressed."""
    return {
        f"{page.data}.csv": Packed.of(csv_download(shown)),
        f"{page.data}.json": Packed.of(observations_json(shown, page=page.url)),
    }


Made = TypeVar("Made")


def _remembered(
    memo: Memo | None,
    prints: Fingerprints,
    parts: tuple[Any, ...],
    make: Callable[[], Made],
    made_as: type[Made],
) -> Made:
    """What `make` makes from `parts` (a `made_as`), remembered from a build that made it
    from the same parts with the same code."""
    try:
        key = key_of(*parts, prints=prints) if memo is not None else None
    except TypeError:  # a value with no fingerprint: made every time
        key = None
    found = memo.get(key) if memo is not None and key is not None else None
    if isinstance(found, made_as):
        return found
    made = make()
    if memo is not None and key is not None:
        memo.put(key, made)
    return made


def _measured(chart: Chart[Any], svg: bytes) -> Chart[Any]:
    """A map with the size its drawing has; a chart as it is (its size is known)."""
    if isinstance(chart.spec, FigureSpec):
        return chart
    return dataclasses.replace(chart, measured=measured_size(svg))


def _figure_data(spec: Drawable) -> str:
    """The numbers behind a figure, as CSV."""
    if isinstance(spec, MapSpec):
        return map_csv(spec)
    assert isinstance(spec, FigureSpec)
    return figure_csv(spec)


def _too_many_charts(page: str, charts: list[Chart[Any]]) -> str:
    """The warning for a page with more charts than it shows, naming those left out."""
    cap = MAX_FIGURES_PER_PAGE
    dropped = ", ".join(c.name for c in charts[cap:])
    return (
        f"{page}: shows {cap} of its {len(charts)} charts (at most {cap} a page); "
        f"not shown: {dropped}"
    )


def _too_many_rows(page: Address, chart: Chart[Any]) -> str:
    """The warning for a chart with more rows than it draws, naming some of those left out."""
    shown = len(chart.spec.categories)
    total = shown + len(chart.left_out)
    which, rows = ("latest", "periods") if chart.spec.kind == "trend" else ("first", "rows")
    dropped = ", ".join(chart.left_out[:_NAMED_ROWS])
    if len(chart.left_out) > _NAMED_ROWS:
        dropped += f" and {len(chart.left_out) - _NAMED_ROWS} more"
    return (
        f"{page.path}: chart {chart.name} shows its {which} {shown} of {total} {rows} "
        f"(at most {MAX_BARS} a chart); not shown: {dropped}"
    )


def _placed(charts: list[Chart[Any]], page: Address) -> list[Chart[Any]]:
    """A page's figures, each given its file in its page's figure folder."""
    return [
        dataclasses.replace(
            c,
            spec=dataclasses.replace(c.spec, path=f"{page.figures}/{c.name}.svg"),
        )
        for c in charts
    ]


def ui_strings(lang: Language) -> dict[str, object]:
    """The words the theme shows around every page, in the page's language."""
    return {
        "site_name": lang._("Vietnam's crime-prevention and anti-smuggling reviews"),
        "banner": lang._(
            "Figures as reported in the press about review conferences. Every number shows the "
            "words its source printed; where the article is online, a link opens it at those "
            "words."
        ),
        "copyright": lang._(
            "Figures as reported in the press, each with its source. Site code MIT."
        ),
        "dark": lang._("Switch to dark mode"),
        "light": lang._("Switch to light mode"),
        "switch": lang._("Read this page in another language"),
        "cite": lang._("Cite this page"),
        # Material's own words it leaves untranslated in some languages.
        "theme": {
            "tabs": lang._("Sections"),
            "search.result.initializer": lang._("Initialising search"),
            "top": lang._("Back to top"),
        },
    }


def open_graph_locale(lang: Language) -> str:
    """The page's locale as Open Graph writes it, with a territory: 'vi_VN', 'en_GB'."""
    return _with_territory(lang.locale)


@functools.cache
def _with_territory(code: str) -> str:
    """A locale with its likely territory, worked out once per language (not per page)."""
    locale = babel_locale(code)
    if not locale.territory:
        locale = Locale.parse(get_global("likely_subtags").get(str(locale), str(locale)))
    return f"{locale.language}_{locale.territory}"


def with_page_meta(markdown: str, page: Address, data_date: dt.date | None = None) -> str:
    """The page's front matter gets its language, its versions in every language, the theme's
    words and the day of its newest data, so that one MkDocs build serves every language."""
    lang = page.lang
    alternates = [
        {"lang": other.code, "name": other.name, "url": page.in_language(other).url}
        for other in LANGUAGES
    ]
    head = "\n".join(
        (
            _meta_line("lang", lang.code),
            _meta_line("alternates", alternates),
            _theme_lines(lang.code),
            # The newest conference or publication among the page's numbers, never the
            # build's day.
            _data_lines(lang.code, data_date),
        )
    )
    if not markdown.startswith("---\n"):
        raise SiteError(f"{page.file} has no front matter")
    return "---\n" + head + "\n" + markdown[len("---\n") :]


def _meta_line(key: str, value: object) -> str:
    """One front matter line (JSON is YAML)."""
    return f"{key}: {json.dumps(value, ensure_ascii=False)}"


@functools.cache
def _theme_lines(code: str) -> str:
    """The front matter every page of a language shares: the theme's words and locales,
    written once per language (not per page)."""
    lang = language(code)
    return "\n".join(
        (
            _meta_line("ui", ui_strings(lang)),
            _meta_line("locale", open_graph_locale(lang)),
            _meta_line("other_locales", [open_graph_locale(x) for x in LANGUAGES if x != lang]),
        )
    )


@functools.lru_cache(maxsize=4096)
def _data_lines(code: str, data_date: dt.date | None) -> str:
    """The front matter of a page's newest data: its day, and the words that show it."""
    lang = language(code)
    as_of = lang._("data as of %(date)s", date=long_date(data_date, lang)) if data_date else None
    return "\n".join(
        (
            _meta_line("data_date", data_date.isoformat() if data_date else None),
            _meta_line("data_as_of", as_of),
        )
    )


def links_in(markdown: str) -> frozenset[str]:
    """The targets of a page's relative links (not its front matter's, nor web addresses,
    nor anchors on the page itself)."""
    front = _FRONT_MATTER.match(markdown)
    found = _LINK.findall(markdown, front.end() if front else 0)
    return frozenset(t for t in found if not t.startswith(("http://", "https://", "#")))


def check_links(files: Mapping[str, str | bytes]) -> None:
    """Every relative link in a generated page leads to a generated file."""
    pages = {
        path: links_in(content)
        for path, content in files.items()
        if path.endswith(".md") and isinstance(content, str)
    }
    check_targets(pages, files)


def check_targets(links: Mapping[str, Iterable[str]], files: Mapping[str, object]) -> None:
    """Every link target of each page (by its path) is a generated file."""
    # Many pages of a folder link to the same files: each (folder, file) is resolved once.
    checked: set[tuple[str, str]] = set()
    for path, targets in links.items():
        folder = posixpath.dirname(path)
        for target in targets:
            file = target.split("#", 1)[0]
            if (folder, file) in checked:
                continue
            if posixpath.normpath(posixpath.join(folder, file)) not in files:
                raise SiteError(f"{path} links to {target!r}, which is not generated")
            checked.add((folder, file))


def _writable_output(out: Path) -> None:
    """Refuse to replace anything but an empty folder or one this command wrote before."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out} exists and is not a folder: choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / OUTPUT_MARKER).is_file():
        raise SiteError(
            f"{out} is not empty and was not written by `build --out`: refusing to replace it "
            "(choose an empty or new folder)"
        )


def write_tree(files: Mapping[str, str | bytes], out: Path) -> int:
    """Write files into a staging folder, then swap it in: a failed write leaves `out` as it was."""
    _writable_output(out)
    staging = Staging(out)
    folder = staging.begin()
    try:
        for rel, content in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        (folder / OUTPUT_MARKER).write_text(
            "Written by `python -m generator build --out`; replaced on the next build.\n",
            encoding="utf-8",
        )
        staging.commit()
    except BaseException:
        staging.abandon()
        raise
    return len(files)
