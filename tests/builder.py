"""Build conference files for tests as data, write them as YAML, and check them.

Each test states only what its case is about: `conference(metrics=[metric(...)])` is a valid
file until a field says otherwise, and a problem's line is found by locating its field in the
YAML that was written, never counted by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import yaml
from conftest import CONTENT

from generator.errors import Problem, field_path
from generator.load import parse_yaml
from generator.model import Observation
from generator.validate import Registries, read_registries, validate_conference

Loc = tuple[str | int, ...]
CONFERENCE_ID = "2024-02-01-nghe-an-138-review-2023"


def vi(value: int | float | Decimal) -> str:
    """A number as a Vietnamese source prints it: '58.086', '0,07'."""
    whole, _, fraction = format(Decimal(str(value)), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + fraction if fraction else "")


def source(id: str = "s1", **fields: Any) -> dict[str, Any]:
    """A source (Vietnamese, no address unless given)."""
    return _present(
        {
            "id": id,
            "publisher": "Báo Test",
            "title": "A headline",
            "language": "vi",
            "committee_as_printed": "BCĐ 138 tỉnh",
            **fields,
        }
    )


def cite(
    written: str | None = None,
    *,
    source: str = "s1",
    quote: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A citation; its quote holds every written form unless one is given."""
    forms = [written, fields.get("change_written"), fields.get("target_written")]
    shown = ", ".join(f for f in forms if f is not None)
    return _present(
        {
            "source": source,
            "written": written,
            **fields,
            "quote": quote if quote is not None else f"theo báo cáo: {shown}",
        }
    )


def metric(
    id: str = "m",
    *,
    indicator: str = "social_order_crimes",
    scope: Any = "nghe-an",
    sources: Sequence[dict[str, Any]] | None = None,
    written: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A metric; cited once by s1 printing `written` (by default its value, as Vietnamese
    sources print it) unless `sources` says otherwise."""
    value = fields.get("value")
    if sources is None:
        if written is None and value is not None:
            written = vi(value)
        sources = [cite(written)]
    return _present(
        {"id": id, "indicator": indicator, "scope": scope, **fields, "sources": list(sources)}
    )


def conference(
    metrics: Sequence[dict[str, Any]] = (),
    sources: Sequence[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A valid provincial conference of 1 February 2024 on 2023; a field given as None is left
    out of the file."""
    return _present(
        {
            "id": CONFERENCE_ID,
            "title": {"en": "A test conference", "vi": "Hội nghị thử"},
            "date": dt.date(2024, 2, 1),
            "level": "province",
            "host": "nghe-an",
            "committees": ["138"],
            "period": "2023",
            **fields,
            "sources": list(sources) if sources is not None else [source()],
            "metrics": list(metrics),
        }
    )


def path_of(conf: dict[str, Any]) -> str:
    """The file a conference is read from: named by its id."""
    return f"conferences/{conf.get('id', 'unnamed')}.yaml"


def write_yaml(conf: dict[str, Any]) -> str:
    """The conference as a contributor writes it: block YAML, fields in the order given."""
    return yaml.safe_dump(_plain(conf), allow_unicode=True, sort_keys=False, width=1000)


def line_of(text: str, loc: Loc) -> int:
    """The line where the field at `loc` is written (its deepest written parent when it is
    missing), found by PyYAML's own node marks, independently of the loader under test."""
    node = yaml.compose(text)
    line = 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = [(k, v) for k, v in node.value if k.value == part]
            if not found:
                break
            key, node = found[0]
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


@functools.cache
def registries() -> Registries:
    """The real registries, read once."""
    found, problems = read_registries(CONTENT)
    assert found is not None, problems
    return found


def check(conf: dict[str, Any], path: str | None = None) -> list[Problem]:
    """Every problem the conference file has ([] when it is valid)."""
    text = write_yaml(conf)
    return validate_conference(parse_yaml(text, path or path_of(conf)), registries())[1]


def problem(conf: dict[str, Any], loc: Loc, message: str, path: str | None = None) -> Problem:
    """The problem expected at the field `loc` of the conference as written."""
    return Problem(path or path_of(conf), line_of(write_yaml(conf), loc), field_path(loc), message)


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields that are set."""
    return {k: v for k, v in fields.items() if v is not None}


def _plain(data: Any) -> Any:
    """Data YAML writes as a contributor would: Decimals as plain numbers."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    if isinstance(data, Decimal):
        return int(data) if data == data.to_integral_value() else float(data)
    return data


def observations(conf: dict[str, Any]) -> tuple[Observation, ...]:
    """The observations of a conference that must be valid."""
    text = write_yaml(conf)
    found, problems = validate_conference(parse_yaml(text, path_of(conf)), registries())
    assert found is not None, [str(p) for p in problems]
    return found.observations
