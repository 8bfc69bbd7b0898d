"""The YAML loader: line numbers, and input it refuses."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from generator.load import MAX_FILE_BYTES, load_yaml, parse_yaml


def error_of(text: str) -> str:
    """The single problem reported for `text`."""
    problems = parse_yaml(text, "f.yaml").problems
    assert len(problems) == 1, problems
    return str(problems[0])


def test_lines_are_recorded_for_every_field() -> None:
    loaded = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert loaded.lines[("a",)] == 1
    assert loaded.lines[("b", 1, "c")] == 4
    assert loaded.line_of(("b", 1, "c", "deeper")) == 4


def test_numbers_are_exact_and_decimal() -> None:
    data = parse_yaml("a: 4.95\nb: 010\nc: 1_000\nd: 2024-01-17\n", "f.yaml").data
    assert data == {"a": Decimal("4.95"), "b": 10, "c": 1000, "d": dt.date(2024, 1, 17)}


def test_text_is_normalized_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghệ An")
    assert parse_yaml(f"name: {decomposed}\n", "f.yaml").data["name"] == "Nghệ An"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", "f.yaml:2: a: duplicate key"),
        ("a: &x [1, 2]\nb: *x\n", "f.yaml:2: b: anchors and aliases"),
        ("a:\n\t- 1\n", "f.yaml:2: YAML syntax: tab character"),
        ("", "f.yaml:1: the file is empty"),
        ("a: 2024-02-30\n", "f.yaml:1: a: '2024-02-30' is not a valid date"),
        ("a: 0x1F\n", "f.yaml:1: a: '0x1F' is not a decimal whole number"),
        ("a: .inf\n", "f.yaml:1: a: '.inf' is not a finite number"),
        ("a: [1\n", "f.yaml:1: YAML syntax: a [ … ] list starting here is never closed"),
        ("a: 1\nfoo\nb: 2\n", "f.yaml:2: YAML syntax: this line has no ':'"),
        ('a: 1\nb: "abc\nc: 2\n', "f.yaml:2: YAML syntax: a quoted text starting here"),
        ("a:\n  b: 1\n c: 2\n", "f.yaml:3: YAML syntax: did not find expected key"),
        ("<<: {a: 1}\n", "keys must be plain names"),
    ],
)
def test_broken_yaml_gets_one_clear_problem(text: str, expected: str) -> None:
    assert expected in error_of(text)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    problems = parse_yaml("\n".join(lines) + "\n", "f.yaml").problems
    assert problems and all("anchors and aliases" in str(p) for p in problems)


def test_oversized_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    assert "big.yaml: file is too large" in str(load_yaml(big, "big.yaml").problems[0])
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nb: Ngh\xe9\n".encode("latin-1"))
    assert str(load_yaml(latin, "latin.yaml").problems[0]) == "latin.yaml:2: not valid UTF-8 text"
