"""A build lets go of what MkDocs keeps anyway: the generated files, and each page's Markdown
once converted. `mkdocs serve` keeps them, to compare the next rebuild's with."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator import mkdocs_plugin
from generator.figures import RenderStats
from generator.mkdocs_plugin import ConferenceSitePlugin
from generator.packed import PackedFiles
from generator.site import SiteOutput


def _config(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    config.load_dict({"site_name": "x", "docs_dir": str(docs), "site_dir": str(site)})
    assert config.validate() == ([], [])
    return config


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_build_keeps_one_copy_of_each_page(
    tmp_path: Path, command: Literal["build", "serve"]
) -> None:
    config = _config(tmp_path)
    plugin = ConferenceSitePlugin()
    plugin.on_startup(command=command, dirty=True)
    markdown = "# Nghệ An\n\nMột số liệu."
    corpus: Any = object()  # what the index needs after the build: kept
    plugin.output = SiteOutput(PackedFiles.of({"x.md": markdown}), corpus, RenderStats(0, 0), ())
    config.plugins["conference-site"] = plugin  # as MkDocs runs it: the files say who made them
    files = config.plugins.on_files(Files([]), config=config)
    page = Page(None, files.get_file_from_path("x.md"), config)  # type: ignore[arg-type]
    page.read_source(config)
    page.render(config, files)
    converted = page.content
    page.content = config.plugins.on_page_content(
        converted or "", page=page, config=config, files=files
    )
    built = command == "build"
    assert (plugin.output.files == {}) is built
    assert (page.markdown is None) is built
    assert (page.file.content_string == "") is built
    assert plugin.output.corpus is corpus
    # From conversion to writing, a build holds the page's HTML compressed only.
    assert ("Nghệ An" not in page.content) is built
    plugin.on_page_context({}, page=page, config=config, nav=None)  # type: ignore[typeddict-item, arg-type]
    assert page.content == converted and "Nghệ An" in page.content
    written = plugin.on_post_page(f"<p>{page.content}</p>", page=page, config=config)
    assert "Nghệ An" in written
    assert (page.content is None) is built


def test_a_file_from_docs_dir_is_never_emptied(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (tmp_path / "docs" / "own.md").write_text("# Own", "utf-8")
    plugin = ConferenceSitePlugin()
    plugin.on_startup(command="build", dirty=False)
    file = File("own.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    plugin.on_page_content(page.content or "", page=page, config=config, files=Files([file]))
    assert file.content_string == "# Own"


@pytest.mark.parametrize("command", ["build", "serve"])
def test_only_serve_keeps_fingerprints_so_that_a_build_can_read_an_unchanged_site_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: Literal["build", "serve"]
) -> None:
    given: list[Any] = []

    def build_site(root: Path, **options: Any) -> SiteOutput:
        given.append(options["prints"])
        return SiteOutput(PackedFiles(), object(), RenderStats(0, 0), ())  # type: ignore[arg-type]

    monkeypatch.setattr(mkdocs_plugin, "build_site", build_site)
    config = _config(tmp_path)
    config.config_file_path = str(tmp_path / "mkdocs.yml")
    plugin = ConferenceSitePlugin()
    plugin.load_config({})
    plugin.on_startup(command=command, dirty=True)
    for _ in range(2):
        plugin.on_pre_build(config=config)
    if command == "serve":
        assert given[0] is given[1] is plugin.prints
    else:
        assert given == [None, None]
