"""Load one YAML file into plain data, remembering the line of every field.

The loader refuses what no later stage should see (control characters, aliases, runaway
nesting or numbers) but keeps going: a bad value becomes `INVALID` and its problem is
recorded, so that the shape and meaning checks still report everything else in the file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import yaml

from .errors import Problem, field_path

MAX_FILE_BYTES = 1_000_000
# The schema's deepest field is about six levels down; anything far deeper is an attack or a slip.
MAX_DEPTH = 16
MAX_DIGITS = 30
Loc = tuple[str | int, ...]
_DECIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
# Unicode categories no text here needs: controls, format characters (bidi controls, zero-width
# spaces and joiners, soft hyphens, tags: invisible, able to break front matter or logs or to
# reorder what a reviewer reads), private-use and unassigned code points, line and paragraph
# separators. Vietnamese needs none of them (its letters are precomposed after NFC).
_WHAT: dict[str, str] = {"Cc": "control", "Zl": "invisible", "Zp": "invisible"}
_WHAT |= {"Cf": "invisible", "Co": "invisible private-use", "Cn": "unassigned", "Cs": "invisible"}
# Where each may stand: in text a tab and a line feed, in a file also a carriage return
# (CRLF line ends), in a key nothing (a space is a slip the schema explains).
_IN_TEXT = "\t\n"
_IN_FILE = "\t\n\r"
_IN_KEYS = ""
# A decimal digit of another script ('٥', '５'): Python's int(), Decimal() and `\d` read them as
# numbers, and no source here prints them.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
_MAP, _SEQ = _CORE + "map", _CORE + "seq"
_COLLECTION_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_SCALAR_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_TIMESTAMP = yaml.constructor.SafeConstructor.timestamp_regexp
_BOOLEANS = yaml.constructor.SafeConstructor.bool_values
# Syntax errors whose real cause is where the construct started, not where the parser gave up.
_STARTS_AT_CONTEXT = {
    "while scanning a simple key": "this line has no ':' (expected `field: value`)",
    "while scanning a quoted scalar": "a quoted text starting here is never closed",
    "while parsing a flow sequence": "a [ … ] list starting here is never closed",
    "while parsing a flow mapping": "a { … } mapping starting here is never closed",
}


class Invalid:
    """The value of a field the loader refused; its problem is already recorded."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = Invalid()


@dataclass(frozen=True)
class Loaded:
    """A parsed file: its data, the 1-based line of each field, and what the loader refused."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    invalid: frozenset[Loc] = frozenset()

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest known prefix of `loc` (1 if none)."""
        parts = tuple(loc)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), 1)

    def refused(self, loc: Sequence[str | int]) -> bool:
        """Whether the loader already reported `loc` or a field containing it."""
        parts = tuple(loc)
        return any(parts[:i] in self.invalid for i in range(len(parts) + 1))

    @property
    def usable(self) -> bool:
        """Whether there is data to check at all (not a syntax error or an empty file)."""
        return self.data is not None


def forbidden_character(text: str, allowed: str = _IN_TEXT) -> str | None:
    """'the control character U+0080' for the first character `text` must not hold, else None."""
    if text.isprintable():  # the common case, at C speed
        return None
    for char in text:
        if char.isprintable() or char in allowed:
            continue
        category = unicodedata.category(char)
        if category in _WHAT:  # not a space (U+00A0 and the like are printable text)
            return f"the {_WHAT[category]} character U+{ord(char):04X}"
    return None


class _Alias(yaml.Node):
    """Where an alias (*name) stands: refused there, never expanded."""

    id = "alias"


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser, for where libyaml is missing."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


# libyaml's parser where available (fast); the composing is PyYAML's, to keep aliases apart.
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", _PythonParser)


class _Loader(yaml.composer.Composer, _Parser, yaml.resolver.Resolver):  # type: ignore[misc]
    """Parse and compose one document, an alias kept as a node of its own at its own line;
    nothing is constructed (the builder does that)."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """An alias as `_Alias`; a collection nested past what the builder reads as an empty
        one (composing recurses); anything else as PyYAML composes it."""
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            return _Alias("alias", event.anchor, event.start_mark, event.end_mark)
        # libyaml's check_event matches the exact class, not a base class.
        if self.depth > MAX_DEPTH + 1 and self.check_event(*_COLLECTION_STARTS):
            return self._skipped()
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _skipped(self) -> yaml.Node:
        """Consume a collection's events without recursion; an empty node of its kind."""
        start = self.get_event()
        level = 1
        while level:
            event = self.get_event()
            level += isinstance(event, yaml.CollectionStartEvent)
            level -= isinstance(event, yaml.CollectionEndEvent)
        marks: Any = (start.start_mark, event.end_mark)
        if isinstance(start, yaml.MappingStartEvent):
            return yaml.MappingNode(_MAP, [], *marks)
        return yaml.SequenceNode(_SEQ, [], *marks)


def _compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, aliases kept as `_Alias` nodes."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _tag_shown(tag: str) -> str:
    """A tag as it is written: '!!binary', '!foo'."""
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return _shown(shown if shown.startswith("!") else f"!<{shown}>").strip("'\"")


class _Builder:
    """Turns a composed YAML node tree into Python data with a line map."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.invalid: set[Loc] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, loc: Loc, message: str) -> Invalid:
        """Record a problem at the field's line (else where `node` starts); the value is INVALID."""
        line = self.lines.get(loc, node.start_mark.line + 1)
        self.problems.append(Problem(self.path, line, field_path(loc), message))
        self.invalid.add(loc)
        return INVALID

    def key_problem(self, line: int, loc: Loc, message: str) -> None:
        """A key that cannot be used: reported at its own line, the mapping stays usable."""
        self.problems.append(Problem(self.path, line, field_path(loc), message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        """Convert `node` (at `loc`) to data."""
        if isinstance(node, _Alias):
            # Expanding an alias could explode ("billion laughs"); it is reported where it is.
            self.lines[loc] = node.start_mark.line + 1
            return self.fail(
                node, loc, "anchors and aliases (&name, *name) are not allowed; write the value"
            )
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if not _tag_fits(node):
            return self.fail(
                node, loc, f"the tag {_tag_shown(node.tag)} is not allowed; write plain values"
            )
        if len(loc) > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            return self.fail(node, loc, f"nested too deeply (at most {MAX_DEPTH} levels)")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        """A mapping with plain text keys and no duplicates."""
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if not isinstance(key, str) or isinstance(key_node, _Alias) or key_node.tag == _MERGE:
                self.key_problem(
                    line, loc, "keys must be plain names (merge keys << are not allowed)"
                )
                continue
            if not _tag_fits(key_node):
                shown = _tag_shown(key_node.tag)
                self.key_problem(
                    line, loc, f"the tag {shown} is not allowed on a key; write plain names"
                )
                continue
            bad = forbidden_character(key, _IN_KEYS)
            if bad:
                self.key_problem(line, loc, f"a key contains {bad}")
                continue
            if key in out:
                self.key_problem(line, (*loc, key), "duplicate key (each field may appear once)")
                continue
            self.lines[(*loc, key)] = line
            out[key] = self.build(value_node, (*loc, key))
        return out

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        """A scalar of a core tag: decimal integers, exact decimals for floats, dates, text."""
        text = str(node.value)
        kind = node.tag[len(_CORE) :]
        if kind == "int":
            return self.integer(node, loc, text)
        if kind == "float":
            return self.decimal(node, loc, text)
        bad = forbidden_character(text)
        if bad:
            return self.fail(node, loc, f"contains {bad} (expected printable text)")
        digit = _OTHER_DIGIT.search(text)
        if digit:
            code = f"U+{ord(digit.group()):04X}"
            return self.fail(
                node, loc, f"contains the digit {digit.group()!r} ({code}) (expected digits 0-9)"
            )
        if kind == "timestamp":
            return self.date(node, loc, text)
        if kind == "bool":
            if text.lower() not in _BOOLEANS:
                return self.fail(node, loc, f"{_shown(text)} is not true or false")
            return _BOOLEANS[text.lower()]
        if kind == "null":
            return None
        return text

    def date(self, node: yaml.ScalarNode, loc: Loc, text: str) -> dt.date | Invalid:
        """A calendar date (a time of day, if written, is not kept)."""
        if _TIMESTAMP.match(text):
            try:
                value = self.constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                pass
            else:
                return value.date() if isinstance(value, dt.datetime) else value
        return self.fail(node, loc, f"{_shown(text)} is not a valid date (expected YYYY-MM-DD)")

    def integer(self, node: yaml.Node, loc: Loc, text: str) -> int | Invalid:
        """A decimal whole number of bounded size (int() refuses over 4,300 digits anyway)."""
        if not _DECIMAL_INT.match(text):
            return self.fail(node, loc, f"{_shown(text)} is not a decimal whole number")
        digits = text.replace("_", "").lstrip("+-")
        if len(digits.lstrip("0")) > MAX_DIGITS:
            return self.fail(node, loc, f"the number is too large (at most {MAX_DIGITS} digits)")
        return int(text.replace("_", ""))

    def decimal(self, node: yaml.Node, loc: Loc, text: str) -> Decimal | Invalid:
        """An exact decimal of bounded size, in ASCII digits (Decimal reads any script's)."""
        if not text.isascii():
            return self.fail(node, loc, f"{_shown(text)} is not a number in digits 0-9")
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            return self.fail(node, loc, f"{_shown(text)} is not a finite number")
        if number != 0 and not -MAX_DIGITS < number.adjusted() < MAX_DIGITS:
            return self.fail(node, loc, f"the number is too large (at most {MAX_DIGITS} digits)")
        if len(number.as_tuple().digits) > MAX_DIGITS:
            return self.fail(node, loc, f"the number has more than {MAX_DIGITS} digits")
        return number


def _tag_fits(node: yaml.Node) -> bool:
    """Whether a node's tag (resolved or written) is one of YAML's plain core types."""
    if isinstance(node, yaml.MappingNode):
        return bool(node.tag == _MAP)
    if isinstance(node, yaml.SequenceNode):
        return bool(node.tag == _SEQ)
    return node.tag in _SCALAR_TAGS


def _shown(text: str) -> str:
    """A short quoted excerpt of what was written."""
    return repr(text if len(text) <= 40 else text[:37] + "…")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """Where a YAML syntax error really is, in words."""
    context_line = exc.context_mark.line + 1 if exc.context_mark else None
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark else None
    what = exc.problem or "cannot be parsed"
    line = problem_line or context_line or 1
    if exc.context in _STARTS_AT_CONTEXT and context_line:
        line, what = context_line, _STARTS_AT_CONTEXT[str(exc.context)]
    source_lines = text.splitlines()
    if line <= len(source_lines) and "\t" in source_lines[line - 1]:
        what = "tab character: YAML is indented with spaces only"
    return Problem(path, line, "", f"YAML syntax: {what}")


def _raw_problems(text: str, path: str) -> list[Problem]:
    """A problem for each line holding a character no file may hold, even in a comment."""
    if text.isprintable():
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        bad = forbidden_character(line, _IN_FILE)
        if bad:
            found.append(
                Problem(path, number, "", f"contains {bad} (delete it; YAML is plain text)")
            )
    return found


def parse_yaml(text: str, path: str) -> Loaded:
    """Parse YAML text; problems are recorded, never raised."""
    text = unicodedata.normalize("NFC", text)
    raw = _raw_problems(text, path)
    if raw:
        return Loaded(path, None, problems=tuple(raw))
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return Loaded(path, None, problems=(_syntax_problem(exc, text, path),))
    except yaml.YAMLError:
        return Loaded(path, None, problems=(Problem(path, 1, "", "YAML syntax: cannot be parsed"),))
    if node is None:
        empty = Problem(path, 1, "", "the file is empty (expected a mapping of fields)")
        return Loaded(path, None, problems=(empty,))
    builder = _Builder(path)
    data = builder.build(node, ())
    return Loaded(path, data, builder.lines, tuple(builder.problems), frozenset(builder.invalid))


def read_bounded(file: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, at most limit + 1 of them: enough to tell that it is too large without
    reading (or holding) all of it."""
    with file.open("rb") as handle:
        return handle.read(limit + 1)


def read_text(
    file: Path, display: str, limit: int = MAX_FILE_BYTES
) -> tuple[str | None, Problem | None]:
    """A file's UTF-8 text, or the reason it cannot be read (size, encoding, I/O)."""
    try:
        raw = read_bounded(file, limit)
    except OSError as exc:
        return None, Problem(display, 0, "", f"cannot be read ({exc.strerror or 'I/O error'})")
    if len(raw) > limit:
        return None, Problem(display, 0, "", f"file is too large (at most {limit:,} bytes)")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(display, line, "", "not valid UTF-8 text")


def load_yaml(file: Path, display: str) -> Loaded:
    """Read and parse one YAML file; an unreadable file is a Loaded with no data."""
    text, problem = read_text(file, display)
    if text is None:
        assert problem is not None
        return Loaded(display, None, problems=(problem,))
    return parse_yaml(text, display)
