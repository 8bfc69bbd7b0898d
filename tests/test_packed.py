"""Generated files held compressed come back exactly as they were put, text or bytes, and
MkDocs writes a compressed file's content, never its empty placeholder."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator.figures import RenderStats
from generator.mkdocs_plugin import ConferenceSitePlugin
from generator.packed import Packed, PackedFiles
from generator.site import SiteOutput

PAGE = "# Nghệ An\n\n| Chỉ tiêu | Số |\n|---|---|\n| Đối tượng | 1.234 |\n" * 50
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g/>" * 500 + b"</svg>"


def test_files_come_back_as_they_were_put() -> None:
    files = PackedFiles.of({"b.svg": SVG, "a.md": PAGE})
    assert files["a.md"] == PAGE and isinstance(files["a.md"], str)
    assert files["b.svg"] == SVG and isinstance(files["b.svg"], bytes)
    assert list(files) == ["b.svg", "a.md"] and list(files.sorted()) == ["a.md", "b.svg"]
    assert "a.md" in files and "c.md" not in files and len(files) == 2
    assert files == {"a.md": PAGE, "b.svg": SVG} and files != {"a.md": PAGE}
    assert files == PackedFiles.of({"a.md": PAGE, "b.svg": SVG})
    assert files != PackedFiles.of({"a.md": PAGE, "b.svg": SVG[:-1]})


def test_text_and_bytes_of_the_same_content_are_different_files() -> None:
    assert Packed.of("x") != Packed.of(b"x")
    assert Packed.of("x").content() == "x" and Packed.of(b"x").content() == b"x"


def test_a_page_is_held_in_a_fraction_of_its_size() -> None:
    packed = PackedFiles.of({"a.md": PAGE}).packed("a.md")
    assert len(packed.blob) * 5 < len(PAGE.encode())
    assert zlib.decompress(packed.blob).decode() == PAGE


def _files(tmp_path: Path, command: Literal["build", "serve"], rebuilds: int = 1) -> Files:
    """The files the plugin hands MkDocs, after `rebuilds` generations of the same content."""
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir(exist_ok=True)
    config.load_dict(
        {"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")}
    )
    assert config.validate() == ([], [])
    plugin = ConferenceSitePlugin()
    plugin.on_startup(command=command, dirty=True)
    config.plugins["conference-site"] = plugin
    corpus: Any = object()
    for _ in range(rebuilds):
        contents: dict[str, str | bytes] = {"figures/a.svg": SVG, "a.md": PAGE}
        plugin.output = SiteOutput(PackedFiles.of(contents), corpus, RenderStats(0, 0), ())
        files = config.plugins.on_files(Files([]), config=config)
    return files


def test_mkdocs_writes_what_a_compressed_file_holds(tmp_path: Path) -> None:
    files = _files(tmp_path, "build")
    page, figure = files.get_file_from_path("a.md"), files.get_file_from_path("figures/a.svg")
    assert page is not None and figure is not None
    assert page.content_string == PAGE and page.content_bytes == PAGE.encode()
    figure.copy_file()
    assert (tmp_path / "site" / "figures" / "a.svg").read_bytes() == SVG


def test_serve_leaves_an_unchanged_file_as_it_wrote_it(tmp_path: Path) -> None:
    target = tmp_path / "site" / "figures" / "a.svg"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"as written before")
    for rebuilds, expected in ((2, b"as written before"), (1, SVG)):
        figure = _files(tmp_path, "serve", rebuilds).get_file_from_path("figures/a.svg")
        assert figure is not None
        figure.copy_file(dirty=True)
        assert target.read_bytes() == expected
