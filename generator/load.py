"""Load one YAML file into plain data, remembering the line of every field."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem, field_path

MAX_FILE_BYTES = 1_000_000
Loc = tuple[str | int, ...]
_DECIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Loaded:
    """A parsed file: its data and the 1-based line where each field starts."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest known prefix of `loc` (1 if none)."""
        parts = tuple(loc)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), 1)


class _Builder:
    """Turns a composed YAML node tree into Python data with a line map."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, loc: Loc, message: str) -> None:
        """Record a problem at the line where `node` starts."""
        line = node.start_mark.line + 1
        self.problems.append(Problem(self.path, line, field_path(loc), message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        """Convert `node` (at `loc`) to data."""
        if id(node) in self.seen:
            # PyYAML shares the node of an alias; expanding it could explode ("billion laughs").
            # The shared node starts at the anchor, so report the line of the field using it.
            line = self.lines.get(loc, node.start_mark.line + 1)
            message = "anchors and aliases (&name, *name) are not allowed; write the value"
            self.problems.append(Problem(self.path, line, field_path(loc), message))
            return None
        self.seen.add(id(node))
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        """A mapping with text keys and no duplicates."""
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, loc, "keys must be plain names (merge keys << are not allowed)")
                continue
            if key in out:
                self.fail(key_node, (*loc, key), "duplicate key (each field may appear once)")
                continue
            self.lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*loc, key))
        return out

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        """A scalar: decimal integers, exact decimals for floats, dates, text."""
        text = str(node.value)
        if node.tag == "tag:yaml.org,2002:int":
            if not _DECIMAL_INT.match(text):
                self.fail(node, loc, f"{text!r} is not a decimal whole number")
                return None
            return int(text.replace("_", ""))
        if node.tag == "tag:yaml.org,2002:float":
            try:
                number = Decimal(text.replace("_", ""))
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                self.fail(node, loc, f"{text!r} is not a finite number")
                return None
            return number
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):
            self.fail(node, loc, f"{text!r} is not a valid date (expected YYYY-MM-DD)")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        return value


def parse_yaml(text: str, path: str) -> Loaded:
    """Parse YAML text; raise ContentError with every problem found."""
    text = unicodedata.normalize("NFC", text)
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "cannot be parsed"
        source_lines = text.splitlines()
        source_line = source_lines[line - 1] if line <= len(source_lines) else ""
        if "\t" in source_line:
            what = "tab character: YAML is indented with spaces only"
        raise ContentError([Problem(path, line, "", f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(path, 1, "", f"YAML syntax: {exc}")]) from None
    if node is None:
        raise ContentError(
            [Problem(path, 1, "", "the file is empty (expected a mapping of fields)")]
        )
    builder = _Builder(path)
    data = builder.build(node, ())
    if builder.problems:
        raise ContentError(builder.problems)
    return Loaded(path, data, builder.lines)


def load_yaml(file: Path, display: str) -> Loaded:
    """Read and parse one YAML file, refusing oversized or non-UTF-8 input."""
    raw = file.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw):,} bytes"
        raise ContentError(
            [Problem(display, 1, "", f"file is too large ({size}; at most {MAX_FILE_BYTES:,})")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([Problem(display, line, "", "not valid UTF-8 text")]) from None
    return parse_yaml(text, display)
