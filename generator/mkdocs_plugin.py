"""MkDocs adapter: run the core on every build and hand its files to MkDocs, in memory.

`mkdocs build` cleans site_dir first and aborts a strict build only at the very end, so a
failure would cost the site already built. The plugin points MkDocs at a staging folder
beside site_dir and swaps it in only when everything succeeded (see `staging`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import functools
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .compact import compact
from .errors import ContentError
from .figures import default_cache_dir
from .languages import LANGUAGES
from .memo import Fingerprints, Memo, memo_for
from .model import Corpus
from .packed import Packed, PackedFiles
from .render import RenderError
from .search import Earlier, Record, SearchError, index_pages, read_files, records
from .site import SiteError, SiteOutput, build_site
from .staging import Staging, StagingError
from .urls import navigation, theme_addresses

log = get_plugin_logger(__name__)


@contextlib.contextmanager
def _collections_skip_what_exists(serving: bool) -> Iterator[None]:
    """While `serve` generates again, Python's garbage collector leaves alone every object
    that exists already: a rebuild makes millions of short-lived objects, and each full
    collection would otherwise walk the whole last site the server holds (1.5 of 8.4 s at
    N = 1,000)."""
    if not serving:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, found once (finding it runs `ldconfig`); None where it cannot load."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _give_back_freed_memory() -> None:
    """Return the memory of freed objects to the system now (glibc keeps it otherwise, and a
    build's many large strings, each freed, leave the process as large as at its peak: at
    N = 2,000 1.0 GB resident held 0.25 GB of live objects)."""
    gc.collect()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc only
        libc.malloc_trim(0)


class _WarningCount(logging.Handler):
    """Counts warnings, as MkDocs' strict mode will at the end of the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _index(site: Path, pages: Mapping[str, Record], memo: Memo | None, target: Path) -> str:
    """The search index of a built site's pages, kept from the previous build's of the same
    `target` folder where its pages are the same; what was done, in how long."""
    started = time.perf_counter()
    latest = _latest(target)
    remembered = memo.get(latest) if memo is not None else None
    earlier = remembered if isinstance(remembered, Earlier) else None
    stats = index_pages(site, pages, earlier)
    if memo is not None and (earlier is None or stats.made_of != earlier.made_of):
        memo.put(latest, Earlier(read_files(site), stats.made_of))
    took = time.perf_counter() - started
    if not any(stats.read.values()):
        return f"search index unchanged, reused in {took:.1f}s"
    counts = ", ".join(
        f"{code}: {n} pages, {stats.read[code]} read again" for code, n in stats.pages.items()
    )
    return f"indexed for search in {took:.1f}s ({counts})"


# How far below a rebuild `serve` indexes search (nice(1)): it yields the cores at once.
NICENESS = 15


def _index_apart(site: Path, pages: Mapping[str, Record], memo: Memo) -> str:
    """`_index` in a process of its own at a low priority: making copies and merging are
    Python's work, and in the server's process they would take turns with a rebuild."""
    context = multiprocessing.get_context("forkserver")
    with context.Pool(1, initializer=os.nice, initargs=(NICENESS,)) as pool:
        return str(pool.apply(_index, (site, pages, memo, site)))


def _latest(target: Path) -> str:
    """The one entry that keeps a site folder's last index, replaced each time (projects that
    share a cache folder each keep their own)."""
    return "latest-" + hashlib.sha256(os.fsencode(target.absolute())).hexdigest()[:32]


class _Compressed(File):
    """A generated file MkDocs holds compressed: its content is decompressed when MkDocs
    reads a page or writes the file, and a page's source is let go once converted."""

    packed: Packed | None

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, packed: Packed) -> _Compressed:
        file = cls.generated(config, path, content=b"")
        assert isinstance(file, cls)
        file.packed = packed
        return file

    @property
    def content_bytes(self) -> bytes:
        return self.packed.data() if self.packed is not None else b""

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed = Packed.of(value)

    @property
    def content_string(self) -> str:
        return self.packed.data().decode() if self.packed is not None else ""

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed = Packed.of(value)

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file (MkDocs' own copy would write the empty placeholder)."""
        if dirty and not self.is_modified():
            return
        target = Path(self.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.content_bytes)


class _Unchanged(_Compressed):
    """A generated file with the same content as in the previous `serve --dirty` rebuild:
    MkDocs keeps what it built from it then."""

    def is_modified(self) -> bool:
        return False


class _Indexer:
    """Indexes search in a thread, never holding a rebuild up: rebuilds that end while it
    works are indexed once, after it, from the latest."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: tuple[Path, Mapping[str, Record], Memo] | None = None
        self._thread: threading.Thread | None = None

    def request(self, site: Path, pages: Mapping[str, Record], memo: Memo) -> None:
        """Index `site` as soon as the indexing under way, if any, ends."""
        with self._lock:
            self._pending = (site, pages, memo)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._thread.start()

    def busy(self) -> bool:
        """Whether an indexing is under way or waiting."""
        with self._lock:
            return self._thread is not None

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    return
            site, pages, memo = job
            try:
                log.info(_index_apart(site, pages, memo))
            except (OSError, RuntimeError, pickle.PicklingError) as exc:
                # A SearchError, or the process not started: the server goes on, and the
                # next rebuild asks again.
                log.error(f"search index: {exc}")


class ConferenceSiteConfig(base.Config):
    """Options under `plugins: - conference-site:` in mkdocs.yml."""

    root = c.Type(str, default=".")
    cache_dir = c.Optional(c.Type(str))
    jobs = c.Optional(c.Type(int))


class ConferenceSitePlugin(BasePlugin[ConferenceSiteConfig]):
    """Generates every page, figure and data file from content/ without touching docs_dir."""

    def __init__(self) -> None:
        self.output: SiteOutput | None = None
        self.command: str = "build"
        self.dirty = False
        self.staging: Staging | None = None
        self.warnings = _WarningCount()
        # `mkdocs serve --dirty` keeps this plugin between rebuilds (it has on_startup): the
        # files of the previous rebuild, so that MkDocs renders again only those that changed.
        self.served: dict[str, Packed] = {}
        # ... and the fingerprints of what it was made of, most of which the next one shares.
        self.prints = Fingerprints()
        self.indexer = _Indexer()
        # A build's converted pages, compressed, from conversion to writing (by source path).
        self.converted: dict[str, bytes] = {}
        # A build's settings, once MkDocs has written every page: `on_shutdown` indexes it.
        self.built: MkDocsConfig | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember the command: only a build into site_dir needs a staging folder."""
        self.command = command
        self.dirty = dirty

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Build into a staging folder beside site_dir; count warnings as strict mode will."""
        # The navigation is the sections the page kinds declare, in every language.
        config.nav = [{title: path} for lang in LANGUAGES for title, path in navigation(lang)]
        # The theme links each language's home and sections from here, never builds them.
        config.extra["editions"] = theme_addresses()
        if self.command in ("build", "gh-deploy"):
            self.staging = Staging(Path(config.site_dir))
            try:
                config.site_dir = str(self.staging.begin())
            except StagingError as exc:
                raise PluginError(str(exc)) from None
        logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Generate everything; bad content stops the build before anything is written."""
        root = Path(config.config_file_path).parent / self.config.root
        started = time.perf_counter()
        try:
            with _collections_skip_what_exists(self.command == "serve"):
                self.output = build_site(
                    root,
                    cache_dir=self.config.cache_dir,
                    jobs=self.config.jobs,
                    progress=True,
                    # Only `serve` builds again: a build's first and only build reads back a
                    # whole remembered build when nothing changed.
                    prints=self.prints if self.command == "serve" else None,
                )
        except ContentError as exc:
            raise PluginError(f"content problems:\n{exc.report()}") from None
        except (SiteError, RenderError) as exc:
            raise PluginError(f"the generated site is inconsistent: {exc}") from None
        for warning in self.output.warnings:
            log.warning(warning)  # counted: a strict build fails and keeps the old site
        stats = self.output.figures
        log.info(
            f"generated {len(self.output.files)} files in {time.perf_counter() - started:.1f}s "
            f"({stats.drawn} figures drawn in {stats.cpu:.1f}s CPU, {stats.cached} from cache)"
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Hand the generated files to MkDocs, in memory."""
        assert self.output is not None, "on_pre_build runs first"
        reuse = self.command == "serve" and self.dirty
        building = self.command != "serve"
        for path, packed in self.output.files.packed_items():
            same = reuse and self.served.get(path) == packed
            files.append((_Unchanged if same else _Compressed).of(config, path, packed))
        if reuse:
            self.served = dict(self.output.files.packed_items())
        elif building:
            # MkDocs keeps every page's Markdown and HTML to the end of the build: let it hold
            # the only copy of the files.
            self.output = dataclasses.replace(self.output, files=PackedFiles())
            # Not in `serve`: a full collection there walks the whole last site it keeps.
            _give_back_freed_memory()
        self.converted = {}
        return files

    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Let go of a page's Markdown once converted, and keep its HTML compressed until
        the page is written: MkDocs converts every page before it writes any, and would hold
        each page's Markdown and HTML to the end of the build (at N = 1,000 the Markdown was
        1.45 -> 1.0 GB at the peak)."""
        if self.command == "serve":
            return html
        page.markdown = None
        if isinstance(page.file, _Compressed):
            page.file.packed = None
        self.converted[page.file.src_uri] = zlib.compress(html.encode(), 1)
        return ""

    @event_priority(100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The page's HTML back, just before its template makes the page of it."""
        stashed = self.converted.pop(page.file.src_uri, None)
        if stashed is not None:
            page.content = zlib.decompress(stashed).decode()
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A page as written, without the theme's indentation (after every other plugin)."""
        if self.command != "serve":
            page.content = None  # written: no later step reads it
        return compact(output)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Unless strict mode is about to reject the site: in `serve`, index it in the
        background; in a build, leave indexing and the swap to `on_shutdown`."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if config.strict and self.warnings.count:
            if self.staging is not None:
                self.staging.abandon()
                log.info("strict mode: the previous site is kept")
            return
        assert self.output is not None, "on_pre_build runs first"
        if self.command == "serve":
            self._index_in_background(Path(config.site_dir), self.output.corpus)
            return
        self.built = config

    def on_shutdown(self) -> None:
        """Index the finished site for search, then swap it in. MkDocs has let go of its
        pages and navigation by now: Pagefind, which needs as much memory as they held
        (643 MB for the larger edition at N = 2,000), runs beside a process that gave them
        back. A failed indexing fails the build: the previous site is kept."""
        config, self.built = self.built, None
        if config is None or self.output is None:
            return  # not a build, or it failed (on_build_error kept the previous site)
        corpus = self.output.corpus
        self.output = None
        _give_back_freed_memory()
        site = Path(config.site_dir)
        try:
            target = self.staging.target if self.staging else site
            log.info(_index(site, records(corpus), self._memo(), target))
        except SearchError as exc:
            if self.staging is not None:
                self.staging.abandon()
            raise PluginError(f"search index: {exc}") from None
        if self.staging is not None:
            config.site_dir = str(self.staging.commit(background=True))

    def _memo(self) -> Memo:
        """Where the last search index is remembered: beside the figure cache."""
        cache = Path(self.config.cache_dir) if self.config.cache_dir else default_cache_dir()
        return memo_for(cache, "search")

    def _index_in_background(self, site: Path, corpus: Corpus) -> None:
        """`mkdocs serve`: the changed page shows at once, its search index follows."""
        self.indexer.request(site, records(corpus), self._memo())

    def on_build_error(self, *, error: Exception) -> None:
        """Whatever failed, the previous site stays as it was."""
        self.built = None
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.staging is not None:
            self.staging.abandon()
