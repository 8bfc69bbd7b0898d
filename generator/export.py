"""Every observation as CSV and JSON rows, for download and for other tools."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args

import simplejson
from pydantic import BaseModel

from .escape import csv_cell
from .languages import N_, Language, language
from .model import Observation, ScopeLevel, text
from .numbers import Qualifier, plain_number
from .schema import COMMITTEES, DISTRICT_KINDS, MEETING_KINDS, Change, Size, Target

CSV = "data/observations.csv"
JSON = "data/observations.json"
SCHEMA = "data/observations.schema.json"
COLUMNS_FILE = "data/columns.csv"
# Excel reads a CSV as UTF-8 only when it starts with a byte-order mark.
BOM = "\ufeff"
# Our curation is licensed; the articles stay their publishers'.
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TERMS = (
    "Our curation (the selection of figures, the recorded numbers, notes, summaries and "
    "translations) is licensed CC BY 4.0: reuse it with credit to this site. The articles remain "
    "their publishers': each quote is a short span of an article's own words, kept so that a "
    "number can be checked against its source. Read and cite the articles themselves, at the "
    "addresses given."
)
ColumnKind = Literal["text", "code", "number", "date", "list"]


@dataclass(frozen=True)
class Column:
    """A column of the CSV (and a field of the JSON): what it holds, in words, and the codes
    it may hold."""

    name: str
    kind: ColumnKind
    meaning: str
    codes: tuple[str, ...] = ()


def _codes(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The fixed codes a schema field allows, as the schema declares them."""
    annotation = model.model_fields[name].annotation
    found: list[str] = []
    pending = [annotation]
    while pending:
        for arg in get_args(pending.pop()):
            if isinstance(arg, str):
                found.append(arg)
            else:
                pending.append(arg)
    return tuple(found)


COLUMN_NOTES: tuple[Column, ...] = (
    Column("conference_id", "code", N_("the conference the number was reported at")),
    Column("conference_date", "date", N_("the day the conference was held")),
    Column("conference_kind", "code", N_("what kind of meeting it was"), MEETING_KINDS),
    Column("metric_id", "code", N_("the number's identifier within its conference")),
    Column("indicator", "code", N_("what is counted: the identifier of the indicator")),
    Column("indicator_label", "text", N_("what is counted, in English")),
    Column("indicator_label_vi", "text", N_("what is counted, in Vietnamese")),
    Column("committee", "code", N_("the steering committee whose work it measures"), COMMITTEES),
    Column("unit", "code", N_("what one of the number is: cases, subjects, percent, đồng, …")),
    Column("scope_level", "code", N_("whom the number is about"), get_args(ScopeLevel)),
    Column("region", "code", N_("the group of provinces a regional number is about")),
    Column(
        "province_system",
        "code",
        N_("the system of provincial units the province belongs to: the 63 or the 34"),
        ("63", "34"),
    ),
    Column("province_code", "code", N_("the statistics office's code of the province")),
    Column("province_slug", "code", N_("the province's identifier on this site")),
    Column("province_name", "text", N_("the province's Vietnamese name on that date")),
    Column("district", "text", N_("the district, for a number about one")),
    Column(
        "district_kind",
        "code",
        N_(
            "the kind of district-level unit: district (huyện), town (thị xã), provincial city "
            "(thành phố thuộc tỉnh) or urban district (quận)"
        ),
        DISTRICT_KINDS,
    ),
    Column("commune", "text", N_("the commune, for a number about one")),
    Column("period", "code", N_("the period a flow is counted over: a year, a half-year, …")),
    Column("period_start", "date", N_("the first day of that period")),
    Column("period_end", "date", N_("the last day of that period")),
    Column("as_of", "date", N_("the day a stock is counted on")),
    Column(
        "breakdown",
        "list",
        N_("for a part of a split figure: which part (dimension=member, ';'-separated)"),
    ),
    Column(
        "qualifier", "code", N_("the word the source puts before the number"), get_args(Qualifier)
    ),
    Column("value", "number", N_("the number (money in đồng, rates in percent)")),
    Column("numerator", "number", N_("for a count out of a total (217/460): the count")),
    Column("denominator", "number", N_("for a count out of a total (217/460): the total")),
    Column(
        "change_direction",
        "code",
        N_("the direction of the stated change"),
        _codes(Change, "direction"),
    ),
    Column("change_value", "number", N_("the size of the stated change")),
    Column("change_unit", "code", N_("the unit of the change"), _codes(Change, "unit")),
    Column(
        "change_qualifier",
        "code",
        N_("the word the source puts before the change"),
        get_args(Qualifier),
    ),
    Column("change_also_value", "number", N_("the same change printed a second way: its size")),
    Column("change_also_unit", "code", N_("the unit of that second size"), _codes(Size, "unit")),
    Column(
        "change_versus",
        "code",
        N_("what the change compares with, as stated, or a period"),
        _codes(Change, "versus"),
    ),
    Column("change_compared_with", "code", N_("the period (or day) it compares with")),
    Column("target_outcome", "code", N_("whether the target was met"), _codes(Target, "outcome")),
    Column("target_value", "number", N_("the stated target, where printed")),
    Column("target_by", "number", N_("the margin by which the target was beaten, as stated")),
    Column(
        "target_unit",
        "code",
        N_("the unit of that margin; of_target: the value as a share of the target"),
        _codes(Target, "unit"),
    ),
    Column(
        "target_applies_to",
        "code",
        N_("whether the target is on the value or on the change"),
        _codes(Target, "applies_to"),
    ),
    Column(
        "disagrees_with",
        "list",
        N_("other figures of the same thing printed by other sources (their identifiers)"),
    ),
    Column("note", "text", N_("what exactly is counted, in our words, in English")),
    Column("note_vi", "text", N_("the same note in Vietnamese")),
    Column("sources", "list", N_("the sources that print the number (';'-separated)")),
    Column("written", "list", N_("the number exactly as each source prints it")),
    Column("change_written", "list", N_("the change exactly as each source prints it")),
    Column("target_written", "list", N_("the target exactly as each source prints it")),
    Column(
        "quotes",
        "list",
        N_("each source's own words around the number, verbatim (' | '-separated)"),
    ),
    Column("urls", "list", N_("the addresses of the sources' articles")),
)
COLUMNS = tuple(column.name for column in COLUMN_NOTES)
_NUMBERS = {c.name for c in COLUMN_NOTES if c.kind == "number"}
_KINDS: dict[ColumnKind, str] = {
    "text": N_("text"),
    "code": N_("code"),
    "number": N_("number"),
    "date": N_("date (YYYY-MM-DD)"),
    "list": N_("list"),
}


def column_notes(lang: Language) -> list[tuple[str, str, str, str]]:
    """Each column's name, kind and meaning in the reader's language, and its codes."""
    return [
        (c.name, lang._(_KINDS[c.kind]), lang._(c.meaning), ", ".join(c.codes))
        for c in COLUMN_NOTES
    ]


def _plain_or_empty(value: Decimal | int | None) -> str:
    """A number in plain machine form ('4.95', '146678'), '' for none."""
    return "" if value is None else plain_number(value)


def observation_row(obs: Observation) -> dict[str, str]:
    """One flat row; empty strings where the source gives nothing."""
    province = obs.scope.province
    change, target = obs.change, obs.target
    return {
        "conference_id": obs.conference_id,
        "conference_date": obs.conference_date.isoformat(),
        "conference_kind": obs.conference_kind,
        "metric_id": obs.metric_id,
        "indicator": obs.indicator.key,
        "indicator_label": obs.indicator.label.en,
        "indicator_label_vi": obs.indicator.label.vi,
        "committee": obs.indicator.committee,
        "unit": obs.unit.key,
        "scope_level": obs.scope.level,
        "region": obs.scope.region.key if obs.scope.region else "",
        "province_system": province.system if province else "",
        "province_code": province.code if province else "",
        "province_slug": province.slug if province else "",
        "province_name": obs.scope.province_name,
        "district": obs.scope.district or "",
        "district_kind": obs.scope.district_kind or "",
        "commune": obs.scope.commune or "",
        "period": obs.period.key if obs.period else "",
        "period_start": obs.period.start.isoformat() if obs.period else "",
        "period_end": obs.period.end.isoformat() if obs.period else "",
        "as_of": obs.as_of.isoformat() if obs.as_of else "",
        "breakdown": "; ".join(f"{d.key}={m.key}" for d, m in obs.breakdown),
        "qualifier": obs.qualifier or "",
        "value": _plain_or_empty(obs.value),
        "numerator": str(obs.ratio[0]) if obs.ratio else "",
        "denominator": str(obs.ratio[1]) if obs.ratio else "",
        "change_direction": change.direction if change else "",
        "change_value": _plain_or_empty(change.value) if change else "",
        "change_unit": change.unit if change and change.value is not None else "",
        "change_qualifier": (change.qualifier or "") if change else "",
        "change_also_value": plain_number(change.also.value) if change and change.also else "",
        "change_also_unit": change.also.unit if change and change.also else "",
        "change_versus": change.versus if change else "",
        "change_compared_with": _compared(obs),
        "target_outcome": target.outcome if target else "",
        "target_value": _plain_or_empty(target.value) if target else "",
        "target_by": _plain_or_empty(target.by) if target else "",
        "target_unit": (target.unit or "") if target else "",
        "target_applies_to": target.applies_to if target else "",
        "disagrees_with": "; ".join(obs.disagrees_with),
        "note": text(obs.note, "en"),
        "note_vi": text(obs.note, "vi"),
        "sources": "; ".join(c.source.id for c in obs.citations),
        # One slot per source in each column, empty where that source does not print it.
        "written": "; ".join(c.written or "" for c in obs.citations),
        "change_written": "; ".join(c.change_written or "" for c in obs.citations),
        "target_written": "; ".join(c.target_written or "" for c in obs.citations),
        "quotes": " | ".join(c.quote for c in obs.citations),
        "urls": "; ".join(c.source.url or "" for c in obs.citations),
    }


def _compared(obs: Observation) -> str:
    """The period key (or day) a stated change compares with."""
    change = obs.change
    if change is None:
        return ""
    if change.compared_with is not None:
        return change.compared_with.key
    return change.compared_on.isoformat() if change.compared_on else ""


def last_change(observations: Iterable[Observation]) -> dt.date | None:
    """The newest day among the numbers: a conference held or a source published (never the
    day of the build); None without numbers."""
    days = [
        day
        for obs in observations
        for day in (obs.conference_date, *(c.source.published for c in obs.citations))
        if day is not None
    ]
    return max(days, default=None)


def observations_csv(observations: Iterable[Observation]) -> str:
    """Observations as CSV (UTF-8, header row, one row each), as a program reads it."""
    return csv_header() + csv_rows(observations)


def csv_header() -> str:
    """The CSV's header row."""
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n").writeheader()
    return buffer.getvalue()


def csv_rows(observations: Iterable[Observation]) -> str:
    """The CSV's rows of some observations (a part of a whole CSV), one a line."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    for obs in observations:
        writer.writerow({k: csv_cell(v) for k, v in observation_row(obs).items()})
    return buffer.getvalue()


def csv_download(observations: Iterable[Observation]) -> str:
    """The CSV as downloaded: with the byte-order mark a spreadsheet needs to read UTF-8."""
    return BOM + observations_csv(observations)


def _json_number(value: Decimal | int) -> Decimal | int:
    """A JSON number with the digits recorded: 26800, 4.95, 4.50 (never 26800.0 or "26800")."""
    if isinstance(value, int):
        return value
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else value


def observation_record(obs: Observation) -> dict[str, Any]:
    """One nested record, with each source and its written forms; numbers are numbers."""
    row: dict[str, Any] = {k: v for k, v in observation_row(obs).items() if v != ""}
    per_citation = ("sources", "written", "change_written", "target_written", "quotes", "urls")
    for key in (*per_citation, "breakdown", "disagrees_with", *_NUMBERS):
        row.pop(key, None)
    change, target = obs.change, obs.target
    numbers = {
        "value": obs.value,
        "numerator": obs.ratio[0] if obs.ratio else None,
        "denominator": obs.ratio[1] if obs.ratio else None,
        "change_value": change.value if change else None,
        "change_also_value": change.also.value if change and change.also else None,
        "target_value": target.value if target else None,
        "target_by": target.by if target else None,
    }
    row.update({k: _json_number(Decimal(v)) for k, v in numbers.items() if v is not None})
    row["breakdown"] = {d.key: m.key for d, m in obs.breakdown}
    if obs.disagrees_with:
        row["disagrees_with"] = list(obs.disagrees_with)
    row["citations"] = [
        {
            "source": c.source.id,
            "publisher": c.source.publisher,
            "title": c.source.title,
            "language": c.source.language,
            "url": c.source.url,
            "published": c.source.published.isoformat() if c.source.published else None,
            "committee_as_printed": c.source.committee_as_printed,
            "written": c.written,
            "change_written": c.change_written,
            "target_written": c.target_written,
            "quote": c.quote,
        }
        for c in obs.citations
    ]
    return row


def observations_json(observations: Sequence[Observation], page: str = "") -> str:
    """Observations as a JSON document: what they are, their licence, the page they are
    shown on (its address below the site's root; '' for all of them), the records."""
    return json_document(
        [JsonPart(json_records(observations), len(observations), last_change(observations))],
        page,
    )


@dataclass(frozen=True)
class JsonPart:
    """Some of a JSON document's records, as written in it, with their count and newest day
    (a whole document is made of the parts of its conferences)."""

    records: str
    count: int
    last_change: dt.date | None


# A record's lines are indented as deep as the document writes them: in a list, in a dict.
_RECORD_INDENT = "  "


def json_records(observations: Iterable[Observation]) -> str:
    """Records as the document's list writes them (without the list's brackets)."""
    return ",\n".join(
        textwrap.indent(
            simplejson.dumps(observation_record(o), ensure_ascii=False, indent=1), _RECORD_INDENT
        )
        for o in observations
    )


def json_document(parts: Sequence[JsonPart], page: str = "") -> str:
    """The JSON document of the records of these parts, in order."""
    days = [p.last_change for p in parts if p.last_change is not None]
    count, changed = sum(p.count for p in parts), max(days, default=None)
    return "".join(json_chunks(count, changed, (p.records for p in parts), page))


def json_chunks(
    count: int, changed: dt.date | None, records: Iterable[str], page: str = ""
) -> Iterator[str]:
    """A JSON document of `count` records, newest `changed`, in chunks: the records as
    `json_records` writes them, a part at a time (so that a document is never held whole)."""
    document: dict[str, Any] = {
        "description": "Observations curated from review conferences of Steering Committees "
        "138 and 389. Each citation keeps the number as its source writes it and the source's "
        "own words around it (quote).",
        "license": {"name": LICENCE, "url": LICENCE_URL},
        "terms": TERMS,
        "schema": "observations.schema.json",
        "page": page,
        "last_change": changed.isoformat() if changed else None,
        "count": count,
        "observations": [],
    }
    head = simplejson.dumps(document, ensure_ascii=False, indent=1)
    if not count:
        yield head + "\n"
        return
    # The records are the document's last field: written into its empty list.
    empty = "[]\n}"
    assert head.endswith(empty)
    yield head[: -len(empty)] + "[\n"
    separator = ""
    for part in records:
        if part:
            yield separator + part
            separator = ",\n"
    yield "\n ]\n}\n"


def columns_csv() -> str:
    """The CSV's columns documented, one row each, in English and Vietnamese (a download)."""
    vi = language("vi")
    en = language("en")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("column", "kind", "meaning", "meaning_vi", "codes"))
    for c in COLUMN_NOTES:
        writer.writerow(
            (c.name, en._(_KINDS[c.kind]), en._(c.meaning), vi._(c.meaning), " ".join(c.codes))
        )
    return BOM + buffer.getvalue()


_JSON_TYPES: dict[ColumnKind, dict[str, Any]] = {
    "text": {"type": "string"},
    "code": {"type": "string"},
    "number": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "list": {"type": "string"},
}
_PER_CITATION = ("sources", "written", "change_written", "target_written", "quotes", "urls")
_OPTIONAL_TEXT = {"type": ["string", "null"]}


def json_schema() -> str:
    """The JSON Schema (2020-12) of the JSON downloads."""
    fields: dict[str, Any] = {}
    for c in COLUMN_NOTES:
        if c.name in _PER_CITATION:
            continue
        field = {**_JSON_TYPES[c.kind], "description": c.meaning}
        if c.codes and c.name != "change_versus":  # a period key may stand there too
            field["enum"] = list(c.codes)
        fields[c.name] = field
    fields["breakdown"] = {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": "for a part of a split figure: dimension -> member; {} for a whole",
    }
    fields["disagrees_with"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "other figures of the same thing printed by other sources",
    }
    fields["citations"] = {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["source", "publisher", "language", "quote"],
            "properties": {
                "source": {"type": "string"},
                "publisher": {"type": "string"},
                "title": _OPTIONAL_TEXT,
                "language": {"enum": ["en", "vi"]},
                "url": {"type": ["string", "null"], "format": "uri"},
                "published": {"type": ["string", "null"], "format": "date"},
                "committee_as_printed": _OPTIONAL_TEXT,
                "written": _OPTIONAL_TEXT,
                "change_written": _OPTIONAL_TEXT,
                "target_written": _OPTIONAL_TEXT,
                "quote": {"type": "string"},
            },
        },
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Observations of the review conferences of Steering Committees 138 and 389",
        "type": "object",
        "required": ["license", "count", "observations"],
        "properties": {
            "description": {"type": "string"},
            "license": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
            },
            "terms": {"type": "string"},
            "schema": {"type": "string"},
            "page": {"type": "string", "description": "the page that shows them; '' for all"},
            "last_change": {"type": ["string", "null"], "format": "date"},
            "count": {"type": "integer", "minimum": 0},
            "observations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [
                        "conference_id",
                        "conference_date",
                        "metric_id",
                        "indicator",
                        "unit",
                        "scope_level",
                        "breakdown",
                        "citations",
                    ],
                    "properties": fields,
                },
            },
        },
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
