"""MkDocs adapter: run the core on every build and hand its files to MkDocs, in memory."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .errors import ContentError
from .site import SiteOutput, build_site

log = get_plugin_logger(__name__)


class ConferenceSiteConfig(base.Config):
    """Options under `plugins: - conference-site:` in mkdocs.yml."""

    root = c.Type(str, default=".")
    cache_dir = c.Optional(c.Type(str))
    jobs = c.Optional(c.Type(int))


class ConferenceSitePlugin(BasePlugin[ConferenceSiteConfig]):
    """Generates every page, figure and data file from content/ without touching docs_dir."""

    def __init__(self) -> None:
        self.output: SiteOutput | None = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Generate before MkDocs cleans site_dir, so bad content never costs the built site."""
        root = Path(config.config_file_path).parent / self.config.root
        started = time.perf_counter()
        try:
            self.output = build_site(
                root, cache_dir=self.config.cache_dir, jobs=self.config.jobs, progress=True
            )
        except ContentError as exc:
            raise PluginError(f"content problems:\n{exc.report()}") from None
        for warning in self.output.warnings:
            log.warning(str(warning))
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
