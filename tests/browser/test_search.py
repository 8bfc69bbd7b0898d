"""Search as a reader uses it, in Debian's chromium: the queries of benchmarks/search.py typed
into each edition's search box, what a first page view fetches, the dialog by keyboard and to
a screen reader, and nothing loaded from another host."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page
from search import (
    BUDGET,
    EDITIONS,
    QUERIES,
    Outcome,
    Query,
    Traffic,
    open_search,
    refuse_other_hosts,
    results,
    search,
)

pytestmark = pytest.mark.browser

CASES = [(edition, query) for edition in EDITIONS for query in QUERIES]
IDS = [f"{edition}-{query.words}" for edition, query in CASES]
# What a result for a province's page says it is, per edition.
PROVINCE = {"vi": "Tỉnh, thành phố", "en": "Provincial unit"}
# The filter of kinds of page, per edition.
KIND = {"vi": "Loại trang", "en": "Kind of page"}


@pytest.fixture(scope="module")
def outcomes(browser: Browser, served: tuple[str, Traffic]) -> dict[tuple[str, str], Outcome]:
    """Every query typed once in every edition, each with a cold cache."""
    base, traffic = served
    return {
        (edition, query.words): search(browser, base, traffic, edition, query)
        for edition, query in CASES
    }


@pytest.mark.parametrize(("edition", "query"), CASES, ids=IDS)
def test_a_query_typed_as_readers_type_finds_the_page_they_mean_first(
    outcomes: dict[tuple[str, str], Outcome], edition: str, query: Query
) -> None:
    outcome = outcomes[edition, query.words]
    assert outcome.rank(query.expected) == 1, outcome.results[:5]
    if query.also:
        assert (outcome.rank(query.also) or 99) <= 3, outcome.results[:5]


@pytest.mark.parametrize(("edition", "query"), CASES, ids=IDS)
def test_an_edition_shows_only_its_own_pages(
    outcomes: dict[tuple[str, str], Outcome], edition: str, query: Query
) -> None:
    outcome = outcomes[edition, query.words]
    assert outcome.results
    assert outcome.other_editions == []


@pytest.mark.parametrize(("edition", "query"), CASES, ids=IDS)
def test_a_cold_query_fetches_at_most_250_kb(
    outcomes: dict[tuple[str, str], Outcome], edition: str, query: Query
) -> None:
    outcome = outcomes[edition, query.words]
    assert 0 < outcome.sent <= BUDGET, outcome.paths
    # The edition's own index only.
    other = "en_" if edition == "vi" else "vi_"
    assert not any(f"/{other}" in path or f".{other}" in path for path in outcome.paths)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile that refuses, and records, any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.elsewhere = refuse_other_hosts(context)  # type: ignore[attr-defined]
    yield context
    context.close()


@pytest.mark.parametrize(
    "page_path", ["", "provinces/34/nghe-an/", "en/", "en/conferences/"], ids=str
)
def test_a_first_page_view_fetches_no_search_index(
    context: BrowserContext, served: tuple[str, Traffic], page_path: str
) -> None:
    base, traffic = served
    traffic.take()
    context.new_page().goto(base + page_path, wait_until="load")
    traffic.wait_idle()
    fetched = [path for path, _, _ in traffic.take()]
    assert fetched
    assert not [p for p in fetched if p.startswith(("/pagefind/", "/search/"))]


def _focused(page: Page) -> str:
    """What has the keyboard focus, as its outer HTML's start."""
    return str(page.evaluate("document.activeElement.outerHTML.slice(0, 300)"))


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_the_search_dialog_works_by_keyboard_and_says_what_each_result_is(
    context: BrowserContext, served: tuple[str, Traffic], edition: str
) -> None:
    base, traffic = served
    page = context.new_page()
    page.goto(base + EDITIONS[edition], wait_until="load")
    button = page.locator("button.search-open")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("pagefind-modal dialog[open] input", state="visible")
    assert _focused(page).startswith("<input")
    page.keyboard.press("Escape")
    assert page.locator("pagefind-modal dialog[open]").count() == 0
    assert "search-open" in _focused(page)
    # "/" opens it from anywhere on the page.
    page.locator("h1").click()
    page.keyboard.press("/")
    page.wait_for_selector("pagefind-modal dialog[open] input", state="visible")
    results(page, "nghe an", traffic)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    assert first.startswith(PROVINCE[edition] + ": Nghệ An"), first
    page.keyboard.press("Enter")
    page.wait_for_url("**/provinces/**/nghe-an/")
    assert urlsplit(page.url).path.startswith("/" + EDITIONS[edition] + "provinces/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_the_open_search_dialog_passes_axe(
    browser: Browser, served: tuple[str, Traffic], edition: str, scheme: str
) -> None:
    base, traffic = served
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(base + EDITIONS[edition], wait_until="load")
        open_search(page)
        results(page, "ha noi", traffic)
        dialog = page.locator("pagefind-modal dialog")
        assert dialog.get_attribute("aria-label") == {"vi": "Tìm kiếm", "en": "Search"}[edition]
        found = Axe().run(
            page,
            context="pagefind-modal",
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}},
        )
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in found.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
        named = Axe().run(
            page, options={"runOnly": {"type": "rule", "values": ["aria-dialog-name"]}}
        )
        assert named.response["violations"] == []
    finally:
        context.close()


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_searching_loads_nothing_from_another_host_and_logs_no_error(
    context: BrowserContext, served: tuple[str, Traffic], edition: str
) -> None:
    base, traffic = served
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + EDITIONS[edition], wait_until="load")
    open_search(page)
    assert results(page, "quang binh", traffic)
    assert errors == []
    assert context.elsewhere == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_a_filter_narrows_the_results_to_one_kind_of_page(
    context: BrowserContext, served: tuple[str, Traffic], edition: str
) -> None:
    base, traffic = served
    page = context.new_page()
    page.goto(base + EDITIONS[edition], wait_until="load")
    open_search(page)
    assert len(set(results(page, "nghe an", traffic))) > 3
    page.locator("details.search-filters > summary").click()
    group = page.locator("details.pf-filter-group", has_text=KIND[edition])
    group.locator("summary").click()
    option = group.get_by_role("checkbox", name=PROVINCE[edition])
    option.check()
    page.wait_for_function(
        """label => {
            const kinds = [...document.querySelectorAll(".search-kind")];
            return kinds.length >= 2 && kinds.every(k => k.textContent === label + ": ");
        }""",
        arg=PROVINCE[edition],
        timeout=10_000,
    )
