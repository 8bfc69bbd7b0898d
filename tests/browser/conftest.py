"""The real site (built once for the whole run: `built_site` in tests/conftest.py) served on
127.0.0.1, and Debian's chromium driven by Playwright: what the tests marked `browser` read the
site with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from search import Traffic, launch, serve


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
