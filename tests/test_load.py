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


# ------------------------------------------------------------------ tags, reported as tags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: !foo bar\n", "f.yaml:1: title: the tag !foo is not allowed; write plain values"),
        ("a: !!binary eHl6\n", "f.yaml:1: a: the tag !!binary is not allowed; write plain values"),
        ("a: !!set {x}\n", "f.yaml:1: a: the tag !!set is not allowed; write plain values"),
        ("a: !!python/object:os.system x\n", "the tag !!python/object:os.system is not allowed"),
        ("a: !foo [1, 2]\n", "f.yaml:1: a: the tag !foo is not allowed; write plain values"),
        ("a: !!bool maybe\n", "f.yaml:1: a: 'maybe' is not true or false"),
        ("a: !!timestamp soon\n", "f.yaml:1: a: 'soon' is not a valid date (expected YYYY-MM-DD)"),
        ("a: 2024-02-30\n", "f.yaml:1: a: '2024-02-30' is not a valid date (expected YYYY-MM-DD)"),
        ("!foo a: 1\n", "f.yaml:1: the tag !foo is not allowed on a key; write plain names"),
    ],
)
def test_each_kind_of_bad_value_is_reported_as_what_it_is(text: str, expected: str) -> None:
    assert expected in error_of(text)


def test_plain_core_tags_still_read() -> None:
    data = parse_yaml('a: !!str 1\nb: !!int "2"\nc: true\nd: ~\n', "f.yaml").data
    assert data == {"a": "1", "b": 2, "c": True, "d": None}


# ------------------------------------------------------------------ aliases at their own line


def test_an_alias_in_a_list_is_reported_at_its_own_line() -> None:
    text = "a: &x 1\nb:\n  - 2\n  - 3\n  - *x\n"
    assert error_of(text).startswith("f.yaml:5: b[2]: anchors and aliases")


def test_an_alias_as_a_key_is_refused() -> None:
    assert "f.yaml:2: keys must be plain names" in error_of("a: &x k\n? *x\n: 1\n")


# ------------------------------------------------------------------ invisible and raw characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: x\x00y\n", "f.yaml:2: contains the control character U+0000"),
        ("a: 1\n# \x1b[31m red\nb: 2\n", "f.yaml:2: contains the control character U+001B"),
        ("a: |\n  x\n  y\x1b\n", "f.yaml:3: contains the control character U+001B"),
        ("a: 1\nb: x\x85y\n", "f.yaml:2: contains the control character U+0085"),
    ],
)
def test_raw_control_bytes_are_reported_at_their_line(text: str, expected: str) -> None:
    assert error_of(text).startswith(expected)


@pytest.mark.parametrize(
    "char",
    [
        "\u200b",  # zero width space
        "\u200c",  # zero width non-joiner: Vietnamese needs none
        "\u200d",  # zero width joiner
        "\u2060",  # word joiner
        "\u2064",  # invisible plus
        "\u061c",  # Arabic letter mark (bidi)
        "\u180e",  # Mongolian vowel separator
        "\ufff9",  # interlinear annotation anchor
        "\u00ad",  # soft hyphen
        "\U000e0041",  # tag latin capital letter A
        "\ue000",  # private use
    ],
)
def test_invisible_characters_are_refused(char: str) -> None:
    code = f"U+{ord(char):04X}"
    raw = error_of(f"a: 1\nb: x{char}y\n")
    assert raw.startswith("f.yaml:2: contains the ") and f"character {code} (delete it" in raw
    escaped = error_of(f'a: 1\nb: "x\\U{ord(char):08x}"\n')
    assert escaped.startswith("f.yaml:2: b: contains the ")
    assert escaped.endswith(f"character {code} (expected printable text)")


def test_vietnamese_and_non_breaking_spaces_are_fine() -> None:
    text = "a: Nghệ An\u00a0– Hà Tĩnh “x” ₫ 1.000\nb: 'Quảng Trị'\r\n"
    loaded = parse_yaml(text, "f.yaml")
    assert not loaded.problems and loaded.data["a"] == "Nghệ An\u00a0– Hà Tĩnh “x” ₫ 1.000"


def test_numbers_are_written_in_ascii_digits() -> None:
    assert error_of("a: !!float ١.٥\n") == "f.yaml:1: a: '١.٥' is not a number in digits 0-9"
    assert error_of("a: !!int ١٢\n") == "f.yaml:1: a: '١٢' is not a decimal whole number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: " + "{b: " * 900 + "1" + "}" * 900 + "\n", "f.yaml:1: a" + ".b" * 16 + ": nested"),
        (
            "a:\n" + "".join("  " * i + "-\n" for i in range(1, 900)),
            "f.yaml:18: a" + "[0]" * 16 + ": nested",
        ),
    ],
)
def test_deep_nesting_of_any_kind_is_one_problem(text: str, expected: str) -> None:
    assert error_of(text).startswith(expected)
