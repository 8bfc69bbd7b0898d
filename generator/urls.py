"""Every address on the site, declared once.

A page is one kind (kinds.py) for one key, in one language. Its kind declares where the page
lives in any language ('conferences/x.md'); everything else follows from that and the language,
here and nowhere else (as Pelican's URL settings and MkDocs' `File.url` do): the Markdown file
written ('en/conferences/x.md'), the address readers find it at ('en/conferences/x/'), a link
from one page to another, and the folder of its figures and their data. Pages, their front
matter (language switch, sitemap alternates), the navigation and the theme take addresses from
`url_for`; none builds one.
"""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass
from typing import Any

from .kinds import BY_NAME, KINDS
from .languages import LANGUAGES, Language


@dataclass(frozen=True)
class Address:
    """One page in one language."""

    # Where the page lives in any language, as its kind declares it: 'conferences/x.md'.
    path: str
    lang: Language

    @property
    def file(self) -> str:
        """The Markdown file generated: 'en/conferences/x.md'."""
        return self.lang.prefix + self.path

    @property
    def url(self) -> str:
        """The address below the site root, as MkDocs serves it: 'en/conferences/x/', 'en/'."""
        stem = self.file.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    @property
    def figures(self) -> str:
        """The folder of the page's figures and their data: 'en/figures/conferences/x'."""
        stem = self.path.removesuffix(".md").removesuffix("/index")
        return f"{self.lang.prefix}figures/{stem}"

    @property
    def data(self) -> str:
        """The stem of the page's own downloads, one for every language:
        'data/provinces/63/nghe-an' (+ '.csv', '.json')."""
        stem = self.path.removesuffix(".md").removesuffix("/index")
        return f"data/{stem}"

    def link(self, file: str) -> str:
        """A relative link from this page to a generated file: another page, a figure, data."""
        return posixpath.relpath(file, posixpath.dirname(self.file) or ".")

    def href(self, file: str) -> str:
        """A relative address from this page as served to a generated file, for raw HTML
        (MkDocs rewrites Markdown links, not the attributes of raw HTML)."""
        return posixpath.relpath(file, self.url or ".")

    def in_language(self, lang: Language) -> Address:
        """The same page in another language."""
        return dataclasses.replace(self, lang=lang)


def url_for(kind: str, key: Any, lang: Language) -> Address:
    """Where the page of `kind` for `key` lives in `lang`."""
    return Address(BY_NAME[kind].path(key), lang)


def edition_of(file: str) -> Language:
    """The edition a generated file belongs to, by its path (the longest matching prefix)."""
    return max((x for x in LANGUAGES if file.startswith(x.prefix)), key=lambda x: len(x.prefix))


def figure_data(figure: str) -> str:
    """A figure's data file, beside it: 'en/figures/x/y.svg' -> 'en/figures/x/y.csv'."""
    return figure.removesuffix(".svg") + ".csv"


def _sections(lang: Language) -> list[tuple[str, Address]]:
    """The pages that open a section, in the navigation's order, with their titles' ids."""
    return [
        (kind.section.title, url_for(kind.name, None, lang))
        for kind in KINDS
        if kind.section is not None
    ]


def navigation(lang: Language) -> list[tuple[str, str]]:
    """The section pages of one language, in order, with their titles: the site's navigation."""
    return [(lang._(title), address.file) for title, address in _sections(lang)]


def theme_addresses() -> dict[str, dict[str, Any]]:
    """Per language, for the theme: the address of its home page, and the files of its
    sections (a page shows the navigation of its own language only)."""
    return {
        lang.code: {
            "home": url_for("home", None, lang).url,
            "sections": [address.file for _, address in _sections(lang)],
        }
        for lang in LANGUAGES
    }
