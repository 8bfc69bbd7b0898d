"""MkDocs adapter: run the core on every build and hand its files to MkDocs, in memory.

`mkdocs build` cleans site_dir first and aborts a strict build only at the very end, so a
failure would cost the site already built. The plugin points MkDocs at a staging folder
beside site_dir and swaps it in only when everything succeeded (see `staging`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .errors import ContentError
from .languages import LANGUAGES
from .render import RenderError
from .search import SearchError, index_site
from .site import SiteError, SiteOutput, build_site
from .staging import Staging, StagingError
from .urls import navigation, theme_addresses

log = get_plugin_logger(__name__)


class _WarningCount(logging.Handler):
    """Counts warnings, as MkDocs' strict mode will at the end of the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


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
        self.staging: Staging | None = None
        self.warnings = _WarningCount()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember the command: only a build into site_dir needs a staging folder."""
        self.command = command

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
            self.output = build_site(
                root, cache_dir=self.config.cache_dir, jobs=self.config.jobs, progress=True
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
            f"({stats.drawn} figures drawn, {stats.cached} from cache)"
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Hand the generated files to MkDocs, in memory."""
        assert self.output is not None, "on_pre_build runs first"
        for path, content in self.output.files.items():
            files.append(File.generated(config, path, content=content))
        return files

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the finished site for search, then swap it in, unless strict mode is about
        to reject it. A failed indexing fails the build: the previous site is kept."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if config.strict and self.warnings.count:
            if self.staging is not None:
                self.staging.abandon()
                log.info("strict mode: the previous site is kept")
            return
        assert self.output is not None, "on_pre_build runs first"
        started = time.perf_counter()
        try:
            stats = index_site(Path(config.site_dir), self.output.corpus)
        except SearchError as exc:
            raise PluginError(f"search index: {exc}") from None
        pages = ", ".join(f"{code}: {n}" for code, n in stats.pages.items())
        log.info(f"indexed for search in {time.perf_counter() - started:.1f}s ({pages} pages)")
        if self.staging is not None:
            config.site_dir = str(self.staging.commit())

    def on_build_error(self, *, error: Exception) -> None:
        """Whatever failed, the previous site stays as it was."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.staging is not None:
            self.staging.abandon()
