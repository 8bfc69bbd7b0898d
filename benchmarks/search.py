"""Search as readers type it: each query below, in both editions, typed into the site's search
box in headless Chromium (Debian's, driven by Playwright) against the built site served on
127.0.0.1. Prints, per query, the page a reader means, its rank and the bytes the query
fetched (from opening search to the results shown, with a cold cache).

    make bench-search                          # builds the site, then runs this
    .venv/bin/python benchmarks/search.py SITE # a site already built

Bytes are counted by the server as sent: text compressed with gzip, as any static host
serves it; Pagefind's index files are compressed already. The tests (tests/browser/) use the
same queries and the same harness.
"""

from __future__ import annotations

import gzip
import http.server
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium, headless, quiet: no component updates or other traffic of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# What a cold query may fetch, from opening search to its results.
BUDGET = 250_000
EDITIONS = {"vi": "", "en": "en/"}
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".csv", ".txt")

CONFERENCE_2023 = "conferences/2024-01-17-national-138-389-review-2023/"


@dataclass(frozen=True)
class Query:
    """What a reader types, and the pages they mean (any of them counts as the page)."""

    words: str
    expected: tuple[str, ...]
    # Pages that must come within the first three as well (a merged unit).
    also: tuple[str, ...] = ()


def _both(slug: str) -> tuple[str, ...]:
    """A place's own pages: its unit before and after 1 July 2025."""
    return (f"provinces/34/{slug}/", f"provinces/63/{slug}/")


QUERIES: tuple[Query, ...] = (
    Query("toi pham", ("committees/138/",)),
    Query("buon lau", ("committees/389/",)),
    Query("hang gia", ("committees/389/",)),
    Query("ma tuy", ("indicators/drug-offences/",)),
    Query("nghe an", _both("nghe-an")),
    Query("Nghệ An", _both("nghe-an")),
    Query("ha noi", _both("ha-noi")),
    Query("hue", ("provinces/34/hue/", "provinces/63/thua-thien-hue/")),
    Query("quang tri", _both("quang-tri")),
    Query("quang binh", ("provinces/63/quang-binh/",), also=("provinces/34/quang-tri/",)),
    Query("vinh phuc", ("provinces/63/vinh-phuc/",), also=("provinces/34/phu-tho/",)),
    Query("dak lak", _both("dak-lak")),
    Query("Đắk Lắk", _both("dak-lak")),
    Query("đắk lắk", _both("dak-lak")),
    Query("146678", (CONFERENCE_2023,)),
    Query("146.678", (CONFERENCE_2023,)),
    Query("146,678", (CONFERENCE_2023,)),
    Query("tran luu quang", (CONFERENCE_2023,)),
)


@dataclass
class Traffic:
    """What the server sent: each path requested, with the bytes of its body as sent and
    as stored."""

    requests: list[tuple[str, int, int]] = field(default_factory=list)
    last: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, sent: int, stored: int) -> None:
        with self.lock:
            self.requests.append((path, sent, stored))
            self.last = time.monotonic()

    def take(self) -> list[tuple[str, int, int]]:
        """The requests so far, forgetting them."""
        with self.lock:
            taken, self.requests = self.requests, []
            return taken

    def wait_idle(self, quiet: float = 1.0, timeout: float = 20.0) -> None:
        """Until no request has come for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and time.monotonic() - self.last < quiet:
            time.sleep(0.05)


def _handler(root: Path, traffic: Traffic) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serves the site as a static host would: text gzipped when the browser accepts it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
            if not path.is_file() or not gzipped or path.suffix not in COMPRESSED:
                stored = path.stat().st_size if path.is_file() else 0
                super().do_GET()
                traffic.add(urlsplit(self.path).path, stored, stored)
                return
            body = path.read_bytes()
            sent = gzip.compress(body, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(sent)))
            self.end_headers()
            self.wfile.write(sent)
            traffic.add(urlsplit(self.path).path, len(sent), len(body))

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, Traffic]]:
    """The folder served on 127.0.0.1 (a free port) in a thread: its address and traffic."""
    traffic = Traffic()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, traffic))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", traffic
    finally:
        server.shutdown()
        server.server_close()


def refuse_other_hosts(context: BrowserContext) -> list[str]:
    """Abort every request the context makes to another host than the local server; the list
    it returns fills with their addresses."""
    elsewhere: list[str] = []

    def only_here(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    return elsewhere


def launch(playwright: Playwright) -> Browser:
    """Debian's chromium; it must be installed (`make test` installs it)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `apt-get install chromium` (make test does)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_search(page: Page) -> None:
    """Press the search button and wait for the box to take the typing."""
    page.click(".search-open")
    page.wait_for_selector("pagefind-modal dialog[open] input", state="visible")


def results(page: Page, words: str, traffic: Traffic) -> list[str]:
    """Type a query into the open search box; the addresses of the results shown, in order."""
    page.keyboard.type(words, delay=60)
    # The summary names the query once its search is done ("18 results for quang binh"), and
    # ends with "..." while it runs; the first results show once their pages' data is in.
    page.wait_for_function(
        """words => {
            const summary = document.querySelector("pagefind-summary")?.textContent.trim();
            if (!summary?.includes(words) || summary.endsWith("...")) return false;
            const count = Number((summary.match(/^[0-9.,]+/) || ["0"])[0].replace(/[.,]/g, ""));
            return document.querySelectorAll(".pf-result-link").length >= Math.min(count, 3);
        }""",
        arg=words,
        timeout=30_000,
    )
    traffic.wait_idle()
    links = page.eval_on_selector_all(".pf-result-link", "links => links.map(a => a.href)")
    return [urlsplit(str(href)).path for href in links]


@dataclass(frozen=True)
class Outcome:
    """One query in one edition: the results shown and what they cost."""

    query: Query
    edition: str
    results: list[str]
    sent: int
    stored: int
    paths: list[str]

    def rank(self, pages: tuple[str, ...]) -> int | None:
        """The rank (from 1) of the first of these pages in the results, or None."""
        found = self.found(pages)
        prefix = "/" + EDITIONS[self.edition]
        return self.results.index(prefix + found) + 1 if found else None

    def found(self, pages: tuple[str, ...]) -> str | None:
        """The first of these pages in the results, or None."""
        prefix = "/" + EDITIONS[self.edition]
        return next(
            (
                url[len(prefix) :]
                for url in self.results
                if url[len(prefix) :] in pages and url.startswith(prefix)
            ),
            None,
        )

    @property
    def other_editions(self) -> list[str]:
        """Results from another edition than the one searched."""
        mine = "/" + EDITIONS[self.edition]
        longer = [p for p in EDITIONS.values() if len(p) > len(EDITIONS[self.edition])]
        return [
            url
            for url in self.results
            if not url.startswith(mine) or any(url.startswith("/" + p) for p in longer if p)
        ]


def search(browser: Browser, base: str, traffic: Traffic, edition: str, query: Query) -> Outcome:
    """A reader's first search on an edition's home page, with a cold cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        page.goto(base + EDITIONS[edition], wait_until="load")
        traffic.wait_idle()
        traffic.take()
        open_search(page)
        shown = results(page, query.words, traffic)
        fetched = traffic.take()
    finally:
        context.close()
    return Outcome(
        query,
        edition,
        shown,
        sum(sent for _, sent, _ in fetched),
        sum(stored for _, _, stored in fetched),
        [path for path, _, _ in fetched],
    )


def run(site: Path) -> list[Outcome]:
    """Every query in every edition."""
    with serve(site) as (base, traffic), sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            return [
                search(browser, base, traffic, edition, query)
                for edition in EDITIONS
                for query in QUERIES
            ]
        finally:
            browser.close()


def main() -> int:
    """Print the table; exit 1 if a query misses its page or its budget."""
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "site"
    outcomes = run(site)
    print(f"{'edition':<8}{'query':<16}{'rank':>5}{'also':>6}{'KB sent':>9}{'KB raw':>8}  page")
    failed = 0
    for o in outcomes:
        rank = o.rank(o.query.expected)
        also = o.rank(o.query.also) if o.query.also else None
        ok = rank == 1 and (not o.query.also or (also or 9) <= 3) and o.sent <= BUDGET
        ok = ok and not o.other_editions
        failed += not ok
        page = o.found(o.query.expected) or " or ".join(o.query.expected)
        print(
            f"{o.edition:<8}{o.query.words:<16}{rank or '-':>5}{also or '':>6}"
            f"{o.sent / 1000:>9.1f}{o.stored / 1000:>8.1f}  {page}" + ("" if ok else "  <- MISS")
        )
    print(f"{len(outcomes) - failed} of {len(outcomes)} queries find their page first")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
