"""The exported tree's project for a builder without plugins (Zensical, plain MkDocs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from generator.builders import project_config, write_project
from generator.languages import LANGUAGES
from generator.urls import navigation


def test_config_has_no_plugin_and_the_navigation_written_out() -> None:
    config = project_config(ROOT / "mkdocs.yml")
    assert "conference-site" not in config["plugins"]
    assert any("glightbox" in p for p in config["plugins"]), "other plugins are kept"
    assert config["docs_dir"] == "docs"
    assert config["theme"]["custom_dir"] == "overrides"
    titles = [next(iter(item)) for item in config["nav"]]
    assert "Conferences" in titles and "Hội nghị" in titles
    editions = config["extra"]["editions"]
    assert editions["en"]["home"] == "en/"
    assert "en/conferences/index.md" in editions["en"]["sections"]
    assert "en/conferences/" in editions["en"]["urls"]
    assert "conferences/" in editions["vi"]["urls"]
    assert "watch" not in config


def test_written_config_keeps_tags_and_reads_back(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ".generated-by-vn-review-site").write_text("", "utf-8")
    written = write_project(ROOT, tmp_path).read_text("utf-8")
    assert "!ENV" in written
    assert "!!python/name:generator.slugs.heading_slug" in written
    assert (tmp_path / "overrides" / "main.html").is_file()
    assert (docs / "stylesheets" / "extra.css").is_file()
    again = project_config(tmp_path / "mkdocs.yml")
    assert again["nav"] == project_config(ROOT / "mkdocs.yml")["nav"]
    first = navigation(LANGUAGES[0])[0]
    assert again["nav"][0] == {first[0]: first[1]}


def test_refuses_a_folder_not_written_by_build(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(SystemExit, match="not a tree written by"):
        write_project(ROOT, tmp_path)
