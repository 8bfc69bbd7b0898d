"""The audit: what a careful reader would doubt across files, found exactly on a fixture corpus
made to raise each finding, and none left open in the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, run_cli

from generator.audit import Finding, audit
from generator.content import REGISTRIES
from generator.validate import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
A = "conferences/2023-07-20-nghe-an-138-review-2023-h1.yaml"
N = "conferences/2023-07-25-national-138-review-2023-h1.yaml"
B = "conferences/2024-07-20-nghe-an-138-review-2024-h1.yaml"


@pytest.fixture(scope="module")
def audit_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The audit's fixture corpus: fixture registries and tests/fixtures/audit conferences."""
    content = tmp_path_factory.mktemp("audit") / "content"
    content.mkdir()
    for name in REGISTRIES:
        shutil.copy(FIXTURES / name, content / name)
    shutil.copytree(FIXTURES / "audit" / "conferences", content / "conferences")
    return content


def _summary(findings: list[Finding]) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(f.kind, f.where, f.acknowledged is not None) for f in findings]


def test_the_audit_finds_exactly_what_the_fixture_corpus_holds(audit_content: Path) -> None:
    assert _summary(audit(load_corpus(audit_content))) == [
        # the same thing, two figures that cannot both be right, in two conferences
        ("differs", (f"{A}#crimes", f"{N}#nghe-an-crimes"), False),
        # acknowledged: the other conference's figure is named in disagrees_with
        ("differs", (f"{A}#sanctions", f"{N}#nghe-an-sanctions"), True),
        # two outlets of one file within a tenth of each other: the usual difference
        ("differs", (f"{N}#nghe-an-crimes", f"{N}#nghe-an-crimes-nearly"), True),
        ("differs", (f"{B}#trafficking-x", f"{B}#trafficking-y"), True),
        # 1,000 cases in 2023-H1, 50 in 2024-H1 (an approximate "gần 1.050" raises nothing)
        ("jump", (f"{A}#crimes", f"{B}#crimes"), False),
        ("part-over-total", (f"{A}#prosecutions-drugs", f"{N}#nghe-an-prosecutions"), False),
        ("rate-against-counts", (f"{A}#communes-rate", f"{A}#communes"), False),
        ("unknown-disagreement", (f"{B}#crimes",), False),
        ("unused-source", (A,), True),  # it says what it is listed_for
        ("unused-source", (A,), False),
    ]


def test_each_finding_names_files_metrics_and_figures(audit_content: Path) -> None:
    found = {f.kind: str(f) for f in audit(load_corpus(audit_content)) if not f.acknowledged}
    assert found["jump"] == (
        "jump: social_order_crimes, 63/nghe-an, 2023-H1 is 1000 cases, then social_order_crimes, "
        "63/nghe-an, 2024-H1 is 50 cases (more than 10 times apart) "
        f"[{A}#crimes; {B}#crimes]"
    )
    assert found["rate-against-counts"] == (
        "rate-against-counts: detection_rate, 63/nghe-an, 2023-H1 is 90 percent, but 217/460 "
        f"communes is 47.17% [{A}#communes-rate; {A}#communes]"
    )


def test_the_command_fails_on_an_open_finding_and_lists_acknowledged_ones(
    audit_content: Path,
) -> None:
    result = run_cli("--content", str(audit_content), "audit")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "audit: 6 open findings, 4 acknowledged"
    assert "  acknowledged: The national report counts to a later day." in lines


def test_the_real_content_has_no_open_finding() -> None:
    findings = audit(load_corpus(CONTENT))
    assert [str(f) for f in findings if f.acknowledged is None] == []
    result = run_cli("--content", str(CONTENT), "audit")
    assert result.returncode == 0, result.stdout
