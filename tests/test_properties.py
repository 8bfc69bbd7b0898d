"""Whatever a contributor does to a valid conference file, the result is a clean report or a
clean build: never a traceback, never a problem line that is not one printable line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, ROOT, VALID, VALID_PATH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import REGISTRIES
from generator.errors import ContentError
from generator.escape import csv_cell
from generator.site import build_site

Path_ = tuple[str | int, ...]
HOSTILE_TEXT = [
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "$\\frac{$",
    "---",
    "\u0080\u202e\u2028",
    "=cmd|' /C calc'!A0",
    "Nghe\u0302\u0323 An",
    "{: onclick=alert(1) }",
    "x" * 5000,
    "",
    "9" * 40,
]
OTHER_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**30,
    1.5,
    [],
    {},
    dt.date(2999, 1, 1),
    "nghe-an",
    [1, 2],
]


def _paths(data: Any, here: Path_ = ()) -> list[Path_]:
    """Every place in the data a mutation can touch."""
    found: list[Path_] = [here] if here else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*here, i))
    return found


BASE = yaml.safe_load(VALID)
PATHS = _paths(BASE)


def _mutate(data: Any, path: Path_, operation: str, value: Any) -> Any:
    """A deep copy of `data` with one mutation at `path`."""
    copy = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    *parents, last = path
    holder = copy
    for part in parents:
        holder = holder[part]
    if operation == "delete":
        del holder[last]
    elif operation == "duplicate" and isinstance(holder, list):
        holder.insert(int(last), holder[int(last)])
    elif operation == "duplicate" and isinstance(holder, dict):
        holder[f"{last}_copy"] = holder[last]
    else:
        holder[last] = value
    return copy


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the real registries and templates, and room for one conference file."""
    folder = tmp_path_factory.mktemp("property")
    (folder / "content" / "conferences").mkdir(parents=True)
    for name in REGISTRIES:
        shutil.copy(CONTENT / name, folder / "content" / name)
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


@settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(PATHS),
    operation=st.sampled_from(["delete", "retype", "duplicate", "inject"]),
    other=st.sampled_from(OTHER_VALUES),
    text=st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40)),
)
def test_any_mutation_gives_a_clean_report_or_a_clean_build(
    root: Path, path: Path_, operation: str, other: Any, text: str
) -> None:
    value = text if operation == "inject" else other
    mutated = _mutate(BASE, path, operation, value)
    file = root / "content" / VALID_PATH
    file.write_text(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False), "utf-8")
    try:
        output = build_site(root, draw=False)
    except ContentError as exc:
        assert exc.problems
        for line in exc.report().splitlines():
            assert line.isprintable(), line
            assert not line.startswith("::")
        return
    _exported_as_recorded(mutated, output.files["data/observations.csv"])


def _exported_as_recorded(data: Any, exported: str | bytes) -> None:
    """Every metric of a file that built is in the CSV once (a figure in parts once per part),
    with its numbers and written forms exactly as the file records them."""
    assert isinstance(exported, str)
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(exported)):
        key = (row["metric_id"], row["unit"])
        assert key not in rows, key
        rows[key] = row
    expected: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
    for recorded in data.get("metrics") or []:
        halves = recorded.get("parts") or [recorded]
        for half in halves:
            unit = half.get("unit") or _only_unit(recorded["indicator"])
            expected[(recorded["id"], unit)] = (recorded, half)
    assert rows.keys() == expected.keys()
    for key, (recorded, half) in expected.items():
        row = rows[key]
        assert _number(row["value"]) == _number(half.get("value")), key
        ratio = recorded.get("ratio") or {}
        assert _number(row["numerator"]) == _number(ratio.get("numerator")), key
        assert _number(row["denominator"]) == _number(ratio.get("denominator")), key
        change = half.get("change") or {}
        assert row["change_direction"] == change.get("direction", ""), key
        assert _number(row["change_value"]) == _number(change.get("value")), key
        assert row["qualifier"] == (half.get("qualifier") or ""), key
        for form in ("written", "change_written", "target_written"):
            printed = "; ".join(c.get(form) or "" for c in recorded["sources"])
            assert row[form] == csv_cell(printed), (key, form)
        assert row["sources"] == csv_cell("; ".join(c["source"] for c in recorded["sources"]))


def _only_unit(indicator: str) -> str:
    """The unit a metric without `unit:` is in: its indicator's first listed unit."""
    raw = yaml.safe_load((CONTENT / "indicators.yaml").read_text(encoding="utf-8"))
    [units] = [i["units"] for i in raw["indicators"] if i["key"] == indicator]
    return str(units[0])


def _number(value: object) -> Decimal | None:
    """A number as recorded or exported, compared exactly ('' and None: no number)."""
    if value is None or value == "":
        return None
    return Decimal(str(value))


def test_a_valid_file_is_exported_as_recorded(root: Path) -> None:
    file = root / "content" / VALID_PATH
    file.write_text(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False), "utf-8")
    _exported_as_recorded(BASE, build_site(root, draw=False).files["data/observations.csv"])
