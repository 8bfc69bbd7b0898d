"""The real site built once with a strict `mkdocs build`, served on 127.0.0.1, and Debian's
chromium driven by Playwright: what the tests marked `browser` read the site with."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from playwright.sync_api import Browser, sync_playwright
from search import Traffic, launch, serve


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once, search index included."""
    project = tmp_path_factory.mktemp("browser-project")
    for name in ("content", "templates", "site_config"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = mkdocs_build(project, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def served(built_site: Path) -> Iterator[tuple[str, Traffic]]:
    """The built site on http://127.0.0.1:<port>/, and what the server sent."""
    with serve(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
