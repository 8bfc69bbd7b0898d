"""The data downloads: every written form in its own column, aligned with the sources."""

from __future__ import annotations

import csv
import io
import json

from builder import cite, conference, metric, observations, source

from generator.export import COLUMNS, observation_record, observation_row


def _targeted() -> dict[str, object]:
    """A number cited three times: with its value, with its change, with its target only."""
    return conference(
        sources=[source("s1"), source("s2", publisher="Báo Hai"), source("s3", publisher="Ba")],
        metrics=[
            metric(
                indicator="criminal_cases_solved",
                unit="cases",
                value=130,
                change={"direction": "increase", "value": 5, "unit": "percent"},
                target={"outcome": "exceeded", "value": 120},
                sources=[
                    cite("130", source="s1"),
                    cite(change_written="5%", source="s2"),
                    cite(target_written="120", source="s3"),
                ],
            )
        ],
    )


def test_each_written_form_has_its_column_aligned_with_the_sources() -> None:
    [obs] = observations(_targeted())
    row = observation_row(obs)
    assert row["sources"] == "s1; s2; s3"
    assert row["written"] == "130; ; "
    assert row["change_written"] == "; 5%; "
    assert row["target_written"] == "; ; 120"


def test_the_csv_header_names_every_written_form() -> None:
    [obs] = observations(_targeted())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(observation_row(obs))
    [read] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert read["target_written"] == "; ; 120"


def test_the_json_record_keeps_the_written_forms_per_citation_only() -> None:
    [obs] = observations(_targeted())
    record = json.loads(json.dumps(observation_record(obs)))
    assert "target_written" not in record and "change_written" not in record
    assert [c["target_written"] for c in record["citations"]] == [None, None, "120"]
    assert [c["change_written"] for c in record["citations"]] == [None, "5%", None]
