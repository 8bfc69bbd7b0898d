"""Every observation as CSV and JSON rows, for download and for other tools."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from .escape import csv_cell
from .languages import N_, Language
from .model import Corpus, Observation, text
from .numbers import plain_number

CSV = "data/observations.csv"
JSON = "data/observations.json"
COLUMN_NOTES: tuple[tuple[str, str], ...] = (
    ("conference_id", N_("the conference (its page is conferences/<id>/)")),
    ("conference_date", N_("day the conference was held")),
    (
        "conference_kind",
        N_("review, working_session, briefing or launch: what kind of meeting it was"),
    ),
    ("metric_id", N_("the observation's id within its conference")),
    ("indicator", N_("indicator key (see Indicators)")),
    ("indicator_label", N_("indicator name in English")),
    ("indicator_label_vi", N_("indicator name in Vietnamese")),
    ("committee", N_("138 (crime) or 389 (smuggling)")),
    ("unit", N_("unit key: cases, subjects, percent, vnd, communes, …")),
    (
        "scope_level",
        N_("national, region, province, district or commune: whom the number is about"),
    ),
    ("region", N_("the region's key (see Provinces, Regions), for numbers about a region")),
    ("province_system", N_("63 or 34: the system of provincial units the province belongs to")),
    ("province_code", N_("statistics-office code within that system")),
    ("province_slug", N_("the unit's id on this site")),
    ("province_name", N_("the unit's Vietnamese name on that date")),
    ("district", N_("district-level unit, for numbers about one: its name without its kind")),
    (
        "district_kind",
        N_(
            "district (huyện), town (thị xã), provincial_city (thành phố thuộc tỉnh) or "
            "urban_district (quận)"
        ),
    ),
    ("commune", N_("commune, for numbers about one")),
    ("period", N_("the period a flow is counted over: 2023, 2019-H1, or a date range")),
    ("period_start", N_("first day of the period")),
    ("period_end", N_("last day of the period")),
    ("as_of", N_("the day a stock is counted on")),
    (
        "breakdown",
        N_("the part of a split figure, 'dimension=member' (field=drugs), ';'-separated"),
    ),
    ("qualifier", N_("more_than, nearly, about, at_least, … as the source says")),
    ("value", N_("the number (money in đồng, rates in percent)")),
    ("numerator", N_("for a ratio such as 217/460: 217")),
    ("denominator", N_("for a ratio such as 217/460: 460")),
    ("change_direction", N_("increase, decrease or unchanged, as stated")),
    ("change_value", N_("size of the stated change")),
    (
        "change_unit",
        N_("percent, points, count, or of_earlier (the figure as a share of the earlier one)"),
    ),
    ("change_qualifier", N_("qualifier of the change (nearly 16%)")),
    ("change_also_value", N_("the same change printed a second way: its size")),
    ("change_also_unit", N_("the unit of that second size: percent, points or count")),
    (
        "change_versus",
        N_(
            "what the change compares with: same_period, previous_period, previous_month, "
            "or a period"
        ),
    ),
    ("change_compared_with", N_("the period (or day) compared with, resolved")),
    ("target_outcome", N_("exceeded, met or not_met, as stated")),
    ("target_value", N_("the stated target, where printed")),
    ("target_by", N_("the margin, as stated")),
    (
        "target_unit",
        N_("percent, points, count, or of_target (the value as a share of the target)"),
    ),
    ("target_applies_to", N_("value or change")),
    ("disagrees_with", N_("other figures of the same thing from other sources (their keys)")),
    ("note", N_("what exactly is counted, in our words (English)")),
    ("note_vi", N_("the same note in Vietnamese")),
    ("sources", N_("source ids, ';'-separated")),
    ("written", N_("the number exactly as each source prints it, ';'-separated")),
    ("change_written", N_("the change exactly as each source prints it, ';'-separated")),
    ("target_written", N_("the target exactly as each source prints it, ';'-separated")),
    ("quotes", N_("each source's own words around the number, verbatim, ' | '-separated")),
    ("urls", N_("addresses of the sources, ';'-separated")),
)
COLUMNS = tuple(name for name, _ in COLUMN_NOTES)


def column_notes(lang: Language) -> list[tuple[str, str]]:
    """What each column holds, in the reader's language."""
    return [(name, lang._(note)) for name, note in COLUMN_NOTES]


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


def observations_csv(corpus: Corpus) -> str:
    """All observations as CSV (UTF-8, header row, one row each)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for obs in corpus.observations:
        writer.writerow({k: csv_cell(v) for k, v in observation_row(obs).items()})
    return buffer.getvalue()


def observation_record(obs: Observation) -> dict[str, Any]:
    """One nested record, with each source and its written forms."""
    row: dict[str, Any] = {k: v for k, v in observation_row(obs).items() if v != ""}
    per_citation = ("sources", "written", "change_written", "target_written", "quotes", "urls")
    for key in (*per_citation, "breakdown", "disagrees_with"):
        row.pop(key, None)
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


def observations_json(corpus: Corpus) -> str:
    """All observations as a JSON document with a short header."""
    document = {
        "description": "Observations curated from review conferences of Steering Committees "
        "138 and 389. Each citation keeps the number as its source writes it and the source's "
        "own words around it (quote).",
        "count": len(corpus.observations),
        "observations": [observation_record(o) for o in corpus.observations],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
