"""Keep the translation catalogs in step with the code: extract every message id from the
templates and the Python modules, merge it into each catalog, and report what is untranslated.

    python -m generator catalog            # update generator/locale/*/LC_MESSAGES/messages.po
    python -m generator catalog --check    # exit 1 if a catalog is stale or incomplete
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from .languages import LANGUAGES, catalog_path

PACKAGE = Path(__file__).parent
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
KEYWORDS = {"_": None, "t_": None, "N_": None, "ngettext": (1, 2)}
# A comment for translators before a message, e.g. naming a parameter a translation may use instead
# of one of the message's: "# Translators: %(roman)s … may stand for %(quarter)s."
_TRANSLATORS = "Translators:"
# Messages are Markdown text, table cells and front matter: a translation may use these only as
# often as its message id does (a '<' opens HTML, '[' a link, '{' an attribute list, '|' a cell).
_MARKUP = "<>[]`*_{}|#\\&"
_NAMED = re.compile(r"%\(\w+\)[a-z]?")
# A line that starts a list, a heading underline or a numbered list.
_BLOCK_START = re.compile(r"^\s*(?:[-+=]|[0-9]+[.)])(?:\s|$)", re.MULTILINE)


def _sources(templates: Path) -> Iterator[tuple[str, Path, str]]:
    """Every file that holds reader-facing messages (templates in subfolders too), with its
    extraction method and its name in the catalog ('templates/years/x.md.j2')."""
    for path in sorted(templates.rglob("*.j2")):
        yield "jinja2", path, path.relative_to(templates.parent).as_posix()
    for path in sorted(PACKAGE.glob("*.py")):
        yield "python", path, path.relative_to(PACKAGE.parent).as_posix()


def extract(templates: Path) -> Catalog:
    """A catalog of every message id the site uses, each with where it is used."""
    found = Catalog(locale="en", project="vn-review-site", creation_date=FIXED_DATE)
    for method, path, name in _sources(templates):
        options = {"trim_blocks": "true", "lstrip_blocks": "true"} if method == "jinja2" else {}
        for line, message, comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, comment_tags=(_TRANSLATORS,), options=options
        ):
            found.add(message, locations=[(name, line)], auto_comments=comments, context=context)
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


def _placeholders(text: str) -> Counter[str]:
    """The %-placeholders of a message that takes parameters ('%(value)s', '%s'), not '%%'."""
    return Counter(m.group() for m in PYTHON_FORMAT.finditer(text) if m.group(3) != "%")


def _takes_parameters(ids: tuple[str, ...]) -> bool:
    """Whether a message is %-formatted: it names a parameter or doubles a percent sign.

    (Babel's own test also takes '4.95% over' for a placeholder '% o'.)"""
    return any(_NAMED.search(i) or "%%" in i for i in ids)


def _placeholder_changes(ids: tuple[str, ...], translation: str, offered: str) -> list[str]:
    """Placeholders a translation adds or drops; one its comment offers may stand for another."""
    if not _takes_parameters(ids):  # a '%' is text here, but a name would be printed raw
        return [f"adds the placeholder {m.group()}" for m in _NAMED.finditer(translation)]
    have = _placeholders(translation)
    wanted = [_placeholders(i) for i in ids]
    if have in wanted:
        return []
    extra = _placeholders(offered)
    allowed = wanted[-1] | extra
    found = [f"adds the placeholder {p}" for p in sorted(set(have) - set(allowed))]
    if not set(have) & set(extra):
        found += [f"drops the placeholder {p}" for p in sorted(set(wanted[-1]) - set(have))]
    return found


def _markup_changes(ids: tuple[str, ...], translation: str) -> list[str]:
    """Markdown or HTML a translation adds: characters, a line break, a block at a line start."""
    found = [
        f"adds the markup {char!r}"
        for char in _MARKUP
        if translation.count(char) > max(i.count(char) for i in ids)
    ]
    if "\n" in translation and not any("\n" in i for i in ids):
        found.append("adds a line break")
    block = _BLOCK_START.search(translation)
    if block and not any(_BLOCK_START.search(i) for i in ids):
        found.append(f"starts a Markdown block ({block.group().strip() + ' '!r})")
    return found


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple of texts (one, or one per plural form)."""
    return tuple(map(str, value)) if isinstance(value, tuple | list) else (str(value),)


def translation_problems(catalog: Catalog, path: object) -> list[str]:
    """Translations whose placeholders differ from their message's, or that add markup."""
    problems = []
    message: Message
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids, strings = _texts(message.id), _texts(message.string)
        offered = " ".join(c for c in message.auto_comments if c.startswith(_TRANSLATORS))
        changes = [
            change
            for text in strings
            if text
            for change in (_placeholder_changes(ids, text, offered) + _markup_changes(ids, text))
        ]
        if changes:
            where = f"{path}:{message.lineno}" if message.lineno else str(path)
            problems.append(
                f"{where}: the translation of {ids[0]!r} {'; '.join(changes)} "
                "(a translation keeps the placeholders and adds no markup)"
            )
    return problems


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
        # Read back from the text, so that each problem has its line in the file.
        written = read_po(io.BytesIO(text.encode("utf-8")), locale=lang.code)
        problems += translation_problems(written, path)
    return problems
