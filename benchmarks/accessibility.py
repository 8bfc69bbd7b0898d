"""Accessibility as axe-core sees it: one page of every kind, in both editions and both colour
schemes, each with its disclosures open, checked against WCAG 2.0 A/AA and 2.1 AA in headless
Chromium (Debian's, driven by Playwright) on the built site served on 127.0.0.1. Prints the
nodes found per rule and impact, over all page views, and fails on a serious or critical one.

    make bench-a11y                          # builds the site, then runs this
    .venv/bin/python benchmarks/accessibility.py SITE  # a site already built

The browser tests (tests/browser/test_readers.py) assert the same pages have no serious or
critical violation; this prints every impact, for the record.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, sync_playwright
from search import EDITIONS, launch, serve

from generator.kinds import KINDS
from generator.languages import LANGUAGES
from generator.model import Corpus
from generator.urls import url_for
from generator.validate import load_corpus

TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
SCHEMES = ("light", "dark")
SERIOUS = ("serious", "critical")


def page_kinds(corpus: Corpus) -> list[str]:
    """One page of every kind (the key whose page shows the most numbers), by address."""
    found = []
    for kind in KINDS:
        key = max(kind.keys(corpus), key=lambda k: len(kind.shows(corpus, k)))
        found.append(url_for(kind.name, key, LANGUAGES[0]).url)
    return found


def count(
    browser: Browser, base: str, addresses: list[str]
) -> tuple[Counter[tuple[str, str]], int]:
    """Nodes per (rule, impact) over every edition, scheme and address; and the page views."""
    nodes: Counter[tuple[str, str]] = Counter()
    views = 0
    for scheme in SCHEMES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        for prefix in EDITIONS.values():
            for address in addresses:
                page.goto(base + prefix + address, wait_until="load")
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                found = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
                for violation in found.response["violations"]:
                    nodes[(violation["id"], violation["impact"])] += len(violation["nodes"])
                views += 1
        context.close()
    return nodes, views


def main(site: Path) -> int:
    """Print the table; exit 1 on a serious or critical violation."""
    addresses = page_kinds(load_corpus(Path("content")))
    with serve(site) as (base, _), sync_playwright() as playwright:
        browser = launch(playwright)
        nodes, views = count(browser, base, addresses)
        browser.close()
    kinds = f"{len(addresses)} page kinds x {len(EDITIONS)} editions x {len(SCHEMES)} schemes"
    print(f"axe-core {', '.join(TAGS)}: {views} page views ({kinds})")
    print(f"{'rule':<28} {'impact':<10} nodes")
    for (rule, impact), n in sorted(nodes.items(), key=lambda item: -item[1]):
        print(f"{rule:<28} {impact:<10} {n}")
    serious = sum(n for (_, impact), n in nodes.items() if impact in SERIOUS)
    print(f"total nodes {sum(nodes.values())}; serious or critical {serious}")
    return 1 if serious else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
