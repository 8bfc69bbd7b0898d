"""One escaping discipline: text from YAML is data until one function here turns it into
Markdown, HTML, front matter, a link, a CSV cell or a log line for that context."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from urllib.parse import quote, urlsplit

from markupsafe import Markup

MAX_URL = 2000
# Markdown's punctuation (< and > are entities by then).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!+])")
_LIST_MARK = re.compile(r"^([0-9]+)\.(?=\s)")
# What may stand in a link destination we write: no space, quote, bracket or parenthesis,
# so nothing can end the Markdown link or the HTML attribute it becomes.
_SAFE_HREF = re.compile(r"^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_PATH_SAFE = "/%-._~!$&*+,;=:@"
_QUERY_SAFE = _PATH_SAFE + "?"
_CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")
# ASCII digits (`\d` is any script's): what Markdown numbers a list with, a spreadsheet reads.
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def md_text(value: object) -> Markup:
    """Plain text made inert in Markdown: no markup, link, HTML, attribute list or entity."""
    if isinstance(value, Markup):
        return value
    flat = " ".join(str(value).split())
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # At a line start '1. ' would open a list, '-' a list or a rule, '=' a heading underline.
    escaped = _LIST_MARK.sub(r"\1\\.", escaped)
    if escaped.startswith("-"):
        escaped = "\\" + escaped
    elif escaped.startswith("="):
        escaped = "&#61;" + escaped[1:]
    return Markup(escaped)


def html_attr(value: object) -> Markup:
    """Text for an HTML attribute value we write between double quotes."""
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


def safe_href(href: str) -> Markup:
    """A link destination we write, checked to hold nothing that could end it."""
    if not _SAFE_HREF.match(href):
        raise ValueError(f"unsafe link destination {href!r}")
    return Markup(href)


def md_link(label: object, href: str) -> Markup:
    """A Markdown link whose destination cannot break out of the link."""
    return Markup(f"[{md_text(label)}]({safe_href(href)})")


def front_matter(value: object) -> Markup:
    """A front-matter string: YAML-quoted, HTML-escaped (themes print it raw), one line."""
    flat = " ".join(str(value).split())
    quoted = json.dumps(html.escape(flat), ensure_ascii=False)
    return Markup("".join(_escape_invisible(c) for c in quoted))


def _escape_invisible(char: str) -> str:
    """Control and format characters as JSON escapes (also valid in YAML); line and paragraph
    separators are whitespace, split away before."""
    if unicodedata.category(char)[0] == "C":
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else char
    return char


def safe_url(text: str) -> str:
    """An http(s) address parsed and written again with only safe characters; ValueError if not."""
    if len(text) > MAX_URL:
        raise ValueError(f"is too long ({len(text):,} characters; at most {MAX_URL:,})")
    if any(c.isspace() or unicodedata.category(c)[0] == "C" for c in text):
        raise ValueError("contains a space or control character (expected one unbroken address)")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("is not an http:// or https:// address")
    if parts.username is not None or parts.password is not None:
        raise ValueError("names a user before the host (expected https://host/path)")
    host = _host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port") from None
    netloc = host + (f":{port}" if port is not None else "")
    out = f"{parts.scheme.lower()}://{netloc}{quote(parts.path, safe=_PATH_SAFE) or '/'}"
    if parts.query:
        out += "?" + quote(parts.query, safe=_QUERY_SAFE)
    if parts.fragment:
        out += "#" + quote(parts.fragment, safe=_QUERY_SAFE)
    return out


def _host(name: str) -> str:
    """A host name in ASCII (IDNA), each label checked."""
    if not name:
        raise ValueError("has no host name")
    try:
        ascii_name = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError("has an invalid host name") from None
    labels = ascii_name.rstrip(".").split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        raise ValueError("has an invalid host name")
    return ascii_name


def text_fragment(quote_text: str, words_each_end: int = 4) -> str:
    """A text directive that highlights the quote: the whole of a short one, else its ends."""
    words = quote_text.split()
    if len(words) <= 2 * words_each_end:
        return ":~:text=" + _fragment_part(" ".join(words))
    start = _fragment_part(" ".join(words[:words_each_end]))
    end = _fragment_part(" ".join(words[-words_each_end:]))
    return f":~:text={start},{end}"


def _fragment_part(text: str) -> str:
    """Percent-encoded for a text directive, where '-', ',' and '&' are syntax."""
    return quote(text, safe="").replace("-", "%2D")


def with_fragment(url: str, directive: str) -> str:
    """`url` with a text directive appended to its fragment (after an existing one)."""
    return url + directive if "#" in url else url + "#" + directive


def csv_cell(value: str) -> str:
    """A CSV cell that no spreadsheet will run: text starting = + - @ gets a leading quote."""
    if _CSV_FORMULA.match(value) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value
