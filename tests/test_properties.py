"""Whatever a contributor does to a valid conference file, the result is a clean report or a
clean build: never a traceback, never a problem line that is not one printable line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, ROOT, VALID, VALID_PATH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import REGISTRIES
from generator.errors import ContentError
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
    assert output.files["data/observations.csv"]
