"""Figures as a reader on a 390 px phone sees them, in Debian's chromium: text that reads at
11 px, a chart that opens larger in the lightbox (by tap or keyboard) and closes again, the
drawing of the page's own colour scheme, and the maps of the home page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from urllib.request import urlopen

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize
from search import Traffic

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
CHART = "figure.chart img"


@pytest.fixture(params=["light", "dark"])
def phone(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A phone-sized window in a light or a dark colour scheme."""
    context = browser.new_context(viewport=PHONE, color_scheme=request.param)
    yield context
    context.close()


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def _shown(page: Page) -> list[str]:
    """The addresses of the chart images the page shows (the other scheme's are hidden)."""
    return [
        img.get_attribute("src") or "" for img in page.query_selector_all(CHART) if img.is_visible()
    ]


def test_a_chart_s_text_reads_at_11_px_on_a_390_px_phone(
    phone: BrowserContext, served: tuple[str, Traffic]
) -> None:
    base, _ = served
    page = _open(phone, f"{base}en/national/over-time/")
    image = next(i for i in page.query_selector_all(CHART) if i.is_visible())
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    assert box is not None
    assert 340 <= box["width"] <= 390 - 2 * 8
    source = image.evaluate("img => img.src").split("#")[0]
    with urlopen(source) as response:  # the drawing the page shows
        svg = response.read().decode()
    drawn_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])  # type: ignore[index]
    smallest = min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg))
    assert smallest * box["width"] / drawn_width >= 11


def test_the_page_shows_the_drawing_of_its_colour_scheme(
    phone: BrowserContext, served: tuple[str, Traffic]
) -> None:
    base, _ = served
    page = _open(phone, f"{base}en/national/over-time/")
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    shown = _shown(page)
    assert shown
    assert all(src.endswith("#only-dark" if dark else "#only-light") for src in shown), shown
    maps = _open(phone, base)
    visible = [o.get_attribute("data") or "" for o in maps.query_selector_all("object")]
    visible = [
        d for d, o in zip(visible, maps.query_selector_all("object"), strict=True) if o.is_visible()
    ]
    assert len(visible) == 2
    assert all(d.endswith(".dark.svg") == dark for d in visible), visible
    # A map is transparent: its corner has the page's background, not a white backdrop.
    drawing = next(o for o in maps.query_selector_all("object") if o.is_visible())
    drawing.scroll_into_view_if_needed()
    corner = Image.open(io.BytesIO(drawing.screenshot())).convert("L").getpixel((2, 2))
    page_colour = Image.open(io.BytesIO(maps.screenshot())).convert("L").getpixel((2, 400))
    assert abs(float(corner) - float(page_colour)) < 30, (corner, page_colour)  # type: ignore[arg-type]


def test_a_chart_opens_larger_in_the_lightbox_and_closes(
    phone: BrowserContext, served: tuple[str, Traffic]
) -> None:
    base, _ = served
    page = _open(phone, f"{base}en/national/over-time/")
    link = next(a for a in page.query_selector_all("figure.chart a.glightbox") if a.is_visible())
    inline = link.query_selector("img")
    assert inline is not None
    small = inline.bounding_box()
    link.focus()
    page.keyboard.press("Enter")
    slide = page.wait_for_selector(".glightbox-container .gslide.current .gslide-image img")
    assert slide is not None
    # Once the opening animation is over, the drawing fills the phone's width.
    page.wait_for_function(
        "([img, width]) => img.complete && img.getBoundingClientRect().width >= width",
        arg=[slide, small["width"] if small else 0],
    )
    large = slide.bounding_box()
    assert small is not None and large is not None

    def address(img: object) -> str:
        return str(page.evaluate("img => img.src.split('#')[0]", img))

    assert address(slide) == address(inline)
    assert large["width"] >= small["width"]
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
