"""Keep the translation catalogs in step with the code: extract every message id from the
templates and the Python modules, merge it into each catalog, and report what is untranslated.

    python -m generator catalog            # update generator/locale/*/LC_MESSAGES/messages.po
    python -m generator catalog --check    # exit 1 if a catalog is stale or incomplete
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from .languages import LANGUAGES, catalog_path

PACKAGE = Path(__file__).parent
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
KEYWORDS = {"_": None, "t_": None, "N_": None, "ngettext": (1, 2)}


def _sources(templates: Path) -> Iterator[tuple[str, Path]]:
    """Every file that holds reader-facing messages, with its extraction method."""
    for path in sorted(templates.glob("*.j2")):
        yield "jinja2", path
    for path in sorted(PACKAGE.glob("*.py")):
        yield "python", path


def extract(templates: Path) -> Catalog:
    """A catalog of every message id the site uses, each with where it is used."""
    found = Catalog(locale="en", project="vn-review-site", creation_date=FIXED_DATE)
    for method, path in _sources(templates):
        options = {"trim_blocks": "true", "lstrip_blocks": "true"} if method == "jinja2" else {}
        for line, message, comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options
        ):
            location = (path.relative_to(path.parent.parent).as_posix(), line)
            found.add(message, locations=[location], auto_comments=comments, context=context)
    return found


def _render(catalog: Catalog) -> str:
    buffer = io.BytesIO()
    # No line numbers: editing code elsewhere in a file does not make the catalog stale.
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue().decode("utf-8")


def updated(code: str, template: Catalog) -> tuple[Catalog, str]:
    """A language's catalog merged with the current message ids, and its text."""
    path = catalog_path(code)
    if path.exists():
        with path.open("rb") as file:
            catalog = read_po(file, locale=code)
    else:
        catalog = Catalog(locale=code, project="vn-review-site", creation_date=FIXED_DATE)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # No wall-clock time in the file: the same code gives the same catalog.
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    return catalog, _render(catalog)


def missing(catalog: Catalog) -> list[str]:
    """Message ids with no translation (or only a fuzzy one)."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def run(templates: Path, check: bool) -> list[str]:
    """Update (or only check) every translated catalog; the problems found."""
    template = extract(templates)
    problems = []
    for lang in LANGUAGES:
        if lang.code == "en":
            continue  # English is the language of the message ids
        catalog, text = updated(lang.code, template)
        path = catalog_path(lang.code)
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                problems.append(f"{path}: out of date (run `python -m generator catalog`)")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        problems += [f"{path}: no translation for {m!r}" for m in missing(catalog)]
    return problems
