"""The shape of the core: bugs a review found in it, each with a test that failed first."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, VALID

from generator import charts
from generator.charts import figure_csv
from generator.content import REGISTRIES
from generator.figures import FigureSpec, Point, Series
from generator.languages import language
from generator.load import parse_yaml
from generator.model import Observation
from generator.render import RenderError
from generator.site import SiteError, _add, build_site
from generator.validate import Registries, validate_conference

SPANNING = "2025-01-01/2025-07-15"


def _conference(registries: Registries, day: str, slugs: tuple[str, ...]) -> list[Observation]:
    """A conference on `day` with crime numbers for provinces over a period spanning the
    merger of 1 July 2025."""
    text = (
        VALID.replace("2024-02-01", day)
        .replace('period: "2023"', f'period: "{SPANNING}"')
        .split("metrics:")[0]
        + "metrics:\n"
        + "".join(
            f"  - {{id: m{i}, indicator: social_order_crimes, scope: {slug}, value: {10 + i}, "
            f"sources: [{{source: s1, written: '{10 + i}', quote: '{10 + i} vụ'}}]}}\n"
            for i, slug in enumerate(slugs)
        )
    )
    path = f"conferences/{day}-nghe-an-138-review-2023.yaml"
    conference, problems = validate_conference(parse_yaml(text, path), registries)
    assert conference is not None, problems
    return list(conference.observations)


def test_a_period_spanning_the_merger_charts_the_units_of_both_systems(
    registries: Registries,
) -> None:
    before = _conference(
        registries, "2025-06-28", ("nghe-an", "ha-tinh", "quang-binh", "hue", "da-nang")
    )  # 63 units
    after = _conference(
        registries, "2025-08-01", ("quang-tri", "hue", "nghe-an", "ha-tinh", "da-nang")
    )  # 34 units
    found = charts.ranked([*before, *after], registries.provinces.systems, language("en"))
    by_system = {c.name.rsplit("-", 1)[1]: sorted(c.spec.categories) for c in found}
    assert by_system == {
        "63": ["Huế", "Hà Tĩnh", "Nghệ An", "Quảng Bình", "Đà Nẵng"],
        "34": ["Huế", "Hà Tĩnh", "Nghệ An", "Quảng Trị", "Đà Nẵng"],
    }


def test_the_numbers_behind_a_chart_keep_their_precision() -> None:
    spec = FigureSpec(
        path="figures/x.svg",
        kind="bars",
        title="t",
        subtitle="s",
        axis_label="x",
        categories=("a", "b"),
        series=(
            Series(
                "",
                (
                    Point(Decimal(12345678), None, "12,345,678"),
                    Point(Decimal("6165.836"), None, "6,165.836"),
                ),
            ),
        ),
        alt="x",
    )
    rows = figure_csv(spec).splitlines()
    assert rows[1].startswith(",a,12345678,")
    assert rows[2].startswith(",b,6165.836,")


def test_two_files_on_one_path_are_an_error_not_an_overwrite() -> None:
    files: dict[str, object] = {"conferences/x.md": "first"}
    with pytest.raises(SiteError, match=r"two generated files share the path 'conferences/x\.md'"):
        _add(files, "conferences/x.md", "second")
    assert files["conferences/x.md"] == "first"


def test_a_template_error_names_the_page_and_the_template(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    for name in REGISTRIES:
        shutil.copy(CONTENT / name, tmp_path / "content" / name)
    shutil.copytree(CONTENT / "conferences", tmp_path / "content" / "conferences")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    template = tmp_path / "templates" / "region.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_thing }}\n", "utf-8")
    with pytest.raises(RenderError) as error:
        build_site(tmp_path, draw=False)
    message = str(error.value)
    assert "regions/" in message and "with templates/region.md.j2" in message
    assert "no_such_thing" in message


# What the validation library says in its own words: none of it may reach a curator.
LIBRARY_PHRASES = (
    "after validation",
    "Input should",
    "input should",
    "type=",
    "validation error",
    "pydantic",
    "should have at most",
    "should have at least",
    "For further information",
)
BAD_VALUES: tuple[object, ...] = (
    None,
    -1,
    10**30,
    "x" * 3000,
    "",
    [],
    [1] * 200,
    {},
    {"unexpected": 1},
    True,
    1.5,
)


def _leaves(value: object, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a YAML document where a value can be replaced."""
    found: list[tuple[str | int, ...]] = [loc] if loc else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaves(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _leaves(item, (*loc, i))
    return found


def _replaced(data: object, loc: tuple[str | int, ...], new: object) -> object:
    """A deep copy of `data` with the value at `loc` replaced."""
    if not loc:
        return new
    head, *rest = loc
    if isinstance(data, dict):
        return {k: _replaced(v, tuple(rest), new) if k == head else v for k, v in data.items()}
    assert isinstance(data, list)
    return [_replaced(v, tuple(rest), new) if i == head else v for i, v in enumerate(data)]


def test_no_library_phrasing_reaches_a_problem_line(registries: Registries) -> None:
    """Every field of a valid file, replaced by every kind of wrong value, and a figure in too
    many parts: each problem says what to write, in our words."""
    import yaml

    base = yaml.safe_load(VALID)
    base["metrics"].append(
        {
            "id": "parts",
            "indicator": "traffic_accidents",
            "scope": "nghe-an",
            "parts": [{"unit": "cases", "value": n} for n in range(7)],
            "sources": [{"source": "s1", "written": "1", "quote": "1"}],
        }
    )
    seen: list[str] = []
    for loc in _leaves(base):
        for bad in BAD_VALUES:
            text = yaml.safe_dump(_replaced(base, loc, bad), allow_unicode=True)
            loaded = parse_yaml(text, "conferences/2024-02-01-nghe-an-138-review-2023.yaml")
            seen += [str(p) for p in validate_conference(loaded, registries)[1]]
    raw = sorted({line for line in seen for phrase in LIBRARY_PHRASES if phrase in line})
    assert len(seen) > 500
    assert raw == []
