"""The site's languages, declared once, and their gettext catalogs.

Vietnamese is the site's first language and lives at the root; English lives under /en/.
Reader-facing words are English message ids translated by the catalog of each language in
generator/locale/<code>/LC_MESSAGES/messages.po (compiled in memory, nothing to build).
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")


@functools.cache
def babel_locale(code: str) -> Locale:
    """A Babel locale parsed once: Babel parses a locale given by name on every call, which
    was a tenth of a warm build's time when done for every page."""
    return Locale.parse(code)


def N_(message: str) -> str:
    """Mark a message id for the catalogs where it is declared; it is translated where shown."""
    return message


@dataclass(frozen=True)
class Language:
    """One edition of the site: its code, its Babel locale, where its pages live."""

    code: str
    locale: str
    prefix: str  # where its pages live: "en/" (only urls.py makes addresses from it)
    name: str
    # Babel patterns: a date in running text, a date in a table cell, a span of dates.
    date_long: str
    date_short: str
    interval: str
    translations: gettext.NullTranslations = field(compare=False, repr=False)

    @property
    def babel(self) -> Locale:
        """Its Babel locale, parsed once."""
        return babel_locale(self.locale)

    def _(self, message: str, **params: Any) -> str:
        """The message in this language, with `%(name)s` parameters filled in."""
        text = self.translations.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, count: int, **params: Any) -> str:
        """The singular or plural message for `count` (as `%(num)s`), in this language."""
        text = self.translations.ngettext(singular, plural, count)
        return text % {"num": count, **params}


def catalog_path(code: str) -> Path:
    """Where a language's catalog lives."""
    return LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"


@functools.cache
def _catalog(code: str) -> gettext.NullTranslations:
    """The compiled catalog of a language; the message ids themselves for English."""
    po = catalog_path(code)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as file:
        catalog = read_po(file, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


# The order is the order of the language switch; the first language is the default.
# English pages write dates the British way (17 January 2024), as Vietnamese readers expect.
LANGUAGES: tuple[Language, ...] = (
    Language("vi", "vi", "", "Tiếng Việt", "d 'tháng' M 'năm' y", "d/M/y", "yMd", _catalog("vi")),
    Language("en", "en_GB", "en/", "English", "d MMMM y", "d MMM y", "yMMMd", _catalog("en")),
)


def language(code: str) -> Language:
    """The language with this code."""
    return next(lang for lang in LANGUAGES if lang.code == code)
