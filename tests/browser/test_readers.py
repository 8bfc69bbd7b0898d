"""Readers check every number, in Debian's chromium: a number's check opened with one tap on a
390 px phone and fully on screen; axe-core on every page kind, in both editions and both
colour schemes; a page of every kind loaded in both editions (no request to another host, no
console error, no failed request); a table sorted by its header; the CSV as a spreadsheet
reads it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest
from accessibility import page_kinds
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, FloatRect, Page
from search import EDITIONS, Traffic, refuse_other_hosts

from generator.kinds import KINDS
from generator.model import Corpus

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A national conference with numbers from English and Vietnamese sources.
CONFERENCE = "conferences/2024-01-17-national-138-389-review-2023/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """A phone: 390 px wide, touch."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[arg-type]
    yield context
    context.close()


def _box(page: Page, selector: str) -> FloatRect:
    """Where an element is on screen, in CSS pixels."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_a_number_s_check_opens_with_one_tap_on_a_phone_fully_on_screen(
    phone: BrowserContext, served: tuple[str, Traffic], edition: str
) -> None:
    base, _ = served
    page = phone.new_page()
    page.goto(base + EDITIONS[edition] + CONFERENCE, wait_until="load")
    check = page.locator("details.check").first
    summary = check.locator("summary")
    summary.scroll_into_view_if_needed()
    tapped = summary.bounding_box()
    assert tapped is not None and tapped["width"] >= 24 and tapped["height"] >= 24
    summary.tap()
    assert check.get_attribute("open") is not None
    body = check.locator(".check-body")
    body.scroll_into_view_if_needed()
    card = body.bounding_box()
    assert card is not None
    # Fully on screen: nothing to scroll sideways to, the card within the 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    assert card["width"] >= 250  # not one word a line
    quote = check.locator("q").first
    assert quote.is_visible() and quote.get_attribute("lang") in ("vi", "en")
    link = check.locator(".check-open a").first
    opened = link.bounding_box()
    assert opened is not None and opened["width"] >= 24 and opened["height"] >= 24
    assert ":~:text=" in (link.get_attribute("href") or "")


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_a_link_to_a_number_s_check_opens_it_on_arrival_below_the_header_on_a_phone(
    phone: BrowserContext, served: tuple[str, Traffic], edition: str
) -> None:
    """What a value of a listing too long for its checks links: one tap shows the sources."""
    base, _ = served
    page = phone.new_page()
    page.goto(base + EDITIONS[edition] + CONFERENCE, wait_until="load")
    anchors = page.eval_on_selector_all("details.check[id]", "found => found.map(d => d.id)")
    assert len(anchors) >= 10 and all(a.startswith("number-") for a in anchors)
    anchor = anchors[len(anchors) // 2]
    page.goto(base + EDITIONS[edition] + CONFERENCE + "#" + anchor, wait_until="load")
    check = page.locator(f"details.check#{anchor}")
    assert check.get_attribute("open") is not None
    summary = check.locator("summary").bounding_box()
    header = _box(page, "header.md-header")
    body = check.locator(".check-body").bounding_box()
    assert summary is not None and body is not None
    assert header["y"] + header["height"] <= summary["y"] and body["y"] < PHONE["height"]


def test_a_check_opens_by_keyboard_and_keeps_the_table_in_place_at_1280_px(
    browser: Browser, served: tuple[str, Traffic]
) -> None:
    base, _ = served
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(base + "en/" + CONFERENCE, wait_until="load")
        table = page.locator("article table").first
        before = table.bounding_box()
        page.locator("details.check > summary").first.focus()
        page.keyboard.press("Enter")
        assert page.locator("details.check").first.get_attribute("open") is not None
        after = table.bounding_box()
        card = _box(page, "details.check[open] .check-body")
        assert before is not None and after is not None
        # The table keeps its place and width; the card lies within it and the window.
        assert (after["x"], after["width"]) == (before["x"], before["width"])
        assert after["x"] <= card["x"] and card["x"] + card["width"] <= after["x"] + after["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    finally:
        context.close()


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_no_page_kind_is_cut_off_on_a_phone_and_every_control_is_big_enough(
    phone: BrowserContext, served: tuple[str, Traffic], corpus: Corpus, edition: str
) -> None:
    base, _ = served
    page = phone.new_page()
    for address in page_kinds(corpus):
        page.goto(base + EDITIONS[edition] + address, wait_until="load")
        found = page.evaluate(
            """() => {
                const shown = e => e.getBoundingClientRect().width > 1;
                const cut = [...document.querySelectorAll("article *")].filter(e =>
                    shown(e) && e.scrollWidth > e.clientWidth + 1 &&
                    getComputedStyle(e).overflowX !== "visible" &&
                    !(e.closest(".wide-table") &&
                      e.closest(".wide-table").querySelector(".scroll-hint").offsetHeight));
                const small = [...document.querySelectorAll(
                    "article td a, article details.check > summary, article a[href^='#source-']"
                    )].filter(e => {
                        const r = e.getBoundingClientRect();
                        return r.width > 0 && (r.width < 24 || r.height < 24);
                    });
                return {
                    width: document.documentElement.scrollWidth,
                    cut: cut.map(e => e.tagName + "." + e.className),
                    small: small.map(e => e.textContent.trim().slice(0, 30)),
                };
            }"""
        )
        assert found == {"width": PHONE["width"], "cut": [], "small": []}, address


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_page_kind_passes_axe_with_its_checks_open(
    browser: Browser, served: tuple[str, Traffic], corpus: Corpus, edition: str, scheme: str
) -> None:
    base, _ = served
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    serious: list[tuple[str, str, list[Any]]] = []
    try:
        page = context.new_page()
        for address in page_kinds(corpus):
            page.goto(base + EDITIONS[edition] + address, wait_until="load")
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
                "slate" if scheme == "dark" else "default"
            )
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            found = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            serious += [
                (address, v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in found.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    finally:
        context.close()
    assert serious == []


def test_every_page_kind_of_both_editions_loads_clean(
    browser: Browser, served: tuple[str, Traffic], corpus: Corpus
) -> None:
    """Each edition's home and a page of every kind: no console error, no failed request, no
    request to another host. (Every page's links are followed without a browser, in
    tests/test_site_build.py: crawling the 1,271 pages here took 5 of the test run's 25 min.)"""
    base, _ = served
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    elsewhere = refuse_other_hosts(context)
    failed: list[str] = []
    errors: list[str] = []
    loaded = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for prefix in EDITIONS.values():
            for address in ["", *page_kinds(corpus)]:
                page.goto(base + prefix + address, wait_until="load")
                loaded.append(page.evaluate("document.querySelectorAll('article h1').length"))
    finally:
        context.close()
    assert loaded == [1] * len(loaded) and len(loaded) == 2 * (1 + len(KINDS))
    assert (elsewhere, failed, errors) == ([], [], [])


def test_a_table_sorts_by_its_header_in_vietnamese_order_and_by_number(
    browser: Browser, served: tuple[str, Traffic]
) -> None:
    base, _ = served
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(base + "provinces/", wait_until="load")
        # The 63 units; their names are the second column.
        table = page.locator("article table").first
        header = table.locator("th").nth(1)
        names = "t => [...t.tBodies[0].rows].map(r => r.cells[1].textContent.trim())"
        header.click()
        assert header.get_attribute("aria-sort") == "ascending"
        shown = table.evaluate(names)
        expected = page.evaluate(
            "names => [...names].sort(new Intl.Collator('vi', {numeric: true}).compare)", shown
        )
        assert shown == expected
        # What Intl.Collator('vi') gives, as Vietnamese dictionaries order: đ is a letter after
        # d and ă one after a, so Đà Nẵng, Đắk Lắk, Điện Biên; Bà Rịa before Bắc Giang.
        assert shown.index("Đà Nẵng") < shown.index("Đắk Lắk") < shown.index("Điện Biên")
        assert shown.index("Bà Rịa - Vũng Tàu") < shown.index("Bắc Giang")
        # By keyboard: Enter sorts the other way, Space back again.
        header.focus()
        page.keyboard.press("Enter")
        assert header.get_attribute("aria-sort") == "descending"
        assert table.evaluate(names) == list(reversed(expected))
        page.keyboard.press(" ")
        assert header.get_attribute("aria-sort") == "ascending"

        page.goto(base + CONFERENCE, wait_until="load")
        table = page.locator("article table").first
        value = table.locator("th", has_text="Giá trị")
        value.click()
        keys = table.evaluate(
            "t => [...t.tBodies[0].rows]"
            ".map(r => r.querySelector('td[data-sort]')?.dataset.sort ?? '')"
        )
        numbers = [float(k) for k in keys if k]
        assert numbers == sorted(numbers) and len(numbers) > 3
    finally:
        context.close()


def test_the_csv_a_reader_downloads_opens_as_utf8(
    browser: Browser, served: tuple[str, Traffic]
) -> None:
    base, _ = served
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "data/", wait_until="load")
        link = page.locator("article a[href$='observations.csv']").first
        href = urljoin(page.url, link.get_attribute("href") or "")
        body = page.request.get(href).body()
        assert body.startswith(b"\xef\xbb\xbfconference_id,")
        assert "Nghệ An" in body.decode("utf-8-sig")
    finally:
        context.close()
