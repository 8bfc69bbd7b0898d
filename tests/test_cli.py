"""The command line a maintainer uses: check, new, export, schema."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT
from conftest import run_cli as run

import generator.site
from generator.cli import main
from generator.figures import RenderStats
from generator.model import Corpus
from generator.packed import PackedFiles
from generator.site import SiteOutput


def test_check_passes_on_the_real_content(corpus: Corpus) -> None:
    result = run("--content", str(CONTENT), "check")
    assert result.returncode == 0, result.stderr
    assert f"OK: {len(corpus.conferences)} conferences" in result.stdout


def test_check_reports_problems_without_a_traceback(project: Path) -> None:
    target = project / "content" / "conferences" / "broken.yaml"
    target.write_text("id: broken\ntitle: {en: x}\ndate: 2024-13-01\n", encoding="utf-8")
    result = run("--content", str(project / "content"), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "conferences/broken.yaml:3: date: '2024-13-01' is not a valid date" in result.stderr


def _written_by_a_curator(scaffolded: str) -> str:
    """A scaffolded file with every placeholder replaced by text."""
    return re.sub(r'"TODO: [^"]*"', '"Text written by the curator"', scaffolded)


def test_new_scaffolds_a_file_sound_but_for_its_placeholders(project: Path) -> None:
    content = str(project / "content")
    args = ["--content", content, "new", "--date", "2025-09-20", "--level", "province"]
    args += ["--host", "quang-tri", "--committee", "138", "--period", "2025-9M"]
    args += ["--publisher", "Báo Quảng Trị", "--source-title", "Sơ kết 9 tháng", "--language", "vi"]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    created = project / "content/conferences/2025-09-20-quang-tri-138-review-2025-9m.yaml"
    assert created.exists()
    written = created.read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=")
    checked = run("--content", content, "check")
    assert checked.returncode == 1
    name = "conferences/2025-09-20-quang-tri-138-review-2025-9m.yaml"
    assert [line.split(": is a placeholder")[0] for line in checked.stderr.splitlines()[:-1]] == [
        f"{name}:5: title.en",
        f"{name}:6: title.vi",
        f"{name}:17: summary.en",
        f"{name}:18: summary.vi",
        f"{name}:31: sources[0].committee_as_printed",
    ]
    created.write_text(_written_by_a_curator(written), encoding="utf-8")
    assert run("--content", content, "check").returncode == 0
    again = run(*args)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_new_scaffolds_every_level(project: Path) -> None:
    content = str(project / "content")
    common = ["--committee", "389", "--publisher", "Báo Test", "--language", "vi"]
    cases = [
        [
            "--date",
            "2024-07-10",
            "--level",
            "national",
            "--bridge",
            "gia-lai",
            "--period",
            "2024-H1",
        ],
        [
            "--date",
            "2019-08-22",
            "--level",
            "regional",
            "--region",
            "mien-trung-tay-nguyen",
            "--venue",
            "quang-binh",
            "--period",
            "2019-H1",
        ],
        [
            "--date",
            "2022-01-26",
            "--level",
            "district",
            "--host",
            "quang-binh",
            "--district",
            "Tuyên Hóa",
            "--period",
            "2021",
            "--url",
            "https://example.org/a",
            "--published",
            "2022-01-27",
            "--source-title",
            "Tổng kết",
        ],
    ]
    for args in cases:
        result = run("--content", content, "new", *args, *common)
        assert result.returncode == 0, result.stderr
    for made_file in (project / "content/conferences").glob("*.yaml"):
        text = made_file.read_text(encoding="utf-8")
        made_file.write_text(_written_by_a_curator(text), encoding="utf-8")
    assert run("--content", content, "check").returncode == 0
    made = sorted(p.name for p in (project / "content/conferences").glob("20*-region-*.yaml"))
    assert made == ["2019-08-22-region-mien-trung-tay-nguyen-389-review-2019-h1.yaml"]
    national = project / "content/conferences/2024-07-10-national-389-review-2024-h1.yaml"
    assert yaml.safe_load(national.read_text(encoding="utf-8"))["sources"][0]["bridge"] == "gia-lai"


def test_new_refuses_a_province_that_no_longer_exists(project: Path) -> None:
    result = run(
        "--content",
        str(project / "content"),
        "new",
        "--date",
        "2025-09-20",
        "--level",
        "province",
        "--host",
        "quang-binh",
        "--committee",
        "138",
        "--period",
        "2025-9M",
        "--publisher",
        "X",
        "--source-title",
        "Y",
        "--language",
        "vi",
    )
    assert result.returncode == 1
    assert "it merged into quang-tri" in result.stderr


def test_export_gives_every_observation(corpus: Corpus) -> None:
    rows = list(csv.DictReader(io.StringIO(run("--content", str(CONTENT), "export").stdout)))
    assert len(rows) == len(corpus.observations)
    document = json.loads(run("--content", str(CONTENT), "export", "--format", "json").stdout)
    assert document["count"] == len(corpus.observations)


def test_the_committed_json_schema_is_current() -> None:
    result = run("--content", str(CONTENT), "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_every_conference_file_points_editors_at_the_schema() -> None:
    for path in sorted((CONTENT / "conferences").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../conference.schema.json", path


def test_check_validates_the_content_folder_it_is_given(project: Path) -> None:
    draft = project / "draft"
    shutil.copytree(project / "content", draft)
    broken = draft / "conferences" / "2024-01-22-nghe-an-138-review-2023.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("indicator: detection_rate", "indicator: detection_rat"))
    result = run("--content", "draft", "check", cwd=project)
    assert result.returncode == 1, result.stdout
    assert f"conferences/{broken.name}:" in result.stderr
    assert "unknown indicator 'detection_rat'" in result.stderr
    # the project's own content is still valid: only the folder given was checked
    assert run("check", cwd=project).returncode == 0


def test_check_renders_with_the_templates_of_the_root_it_is_given(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    content = str(project / "content")
    result = run("--content", content, "check", "--root", str(project), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    (project / "templates" / "conference.md.j2").write_text("{{ nope() }}", encoding="utf-8")
    result = run("--content", content, "check", "--root", str(project), cwd=elsewhere)
    assert result.returncode == 1
    assert "conference.md.j2" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_outside_a_project_says_where_the_templates_are_expected(tmp_path: Path) -> None:
    result = run("--content", str(CONTENT), "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "has no templates/ folder (expected the project's root folder)" in result.stderr
    assert "Traceback" not in result.stderr


_NEW = ["new", "--date", "2025-09-20", "--level", "province", "--host", "quang-tri"]
_NEW += ["--committee", "138", "--period", "2025-9M", "--publisher", "Báo X", "--language", "vi"]
_MADE = "content/conferences/2025-09-20-quang-tri-138-review-2025-9m.yaml"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://example.org/a\n    bridge: central",
            "new: --url: the address contains a space or control character",
        ),
        (
            "https://example.org/a #frag",
            "new: --url: the address contains a space or control character",
        ),
        ("javascript:alert(1)", "new: --url: the address is not an http:// or https:// address"),
        ("https://user@example.org/", "new: --url: the address names a user before the host"),
    ],
)
def test_new_refuses_a_bad_address_up_front(project: Path, url: str, expected: str) -> None:
    result = run("--content", str(project / "content"), *_NEW, "--url", url)
    assert result.returncode == 1
    assert result.stderr.startswith(expected), result.stderr
    assert not (project / _MADE).exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--url", "https://example.org/a?b=1&c=*x#:~:text=a,b"),
        ("--url", "https://example.org/a:"),  # a plain scalar ending in ':' is a mapping
        ("--url", "https://example.org/{x}/'y'/%22z%22"),
        ("--publisher", 'Báo "X"\n    bridge: central'),
        ("--source-title", "A # headline: with 'quotes'"),
        ("--title", "x\n  vi: y"),
    ],
)
def test_new_writes_every_value_as_one_quoted_scalar(
    project: Path, option: str, value: str
) -> None:
    result = run("--content", str(project / "content"), *_NEW, option, value)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((project / _MADE).read_text(encoding="utf-8"))
    source = data["sources"][0]
    read = {
        "--url": source.get("url"),
        "--publisher": source["publisher"],
        "--source-title": source.get("title"),
        "--title": data["title"]["en"],
    }
    assert read[option] == value
    assert "bridge" not in source


def test_new_refuses_an_invisible_character_before_writing(project: Path) -> None:
    result = run("--content", str(project / "content"), *_NEW, "--source-title", "a\u2028b")
    assert result.returncode == 1
    assert "sources[0].title: contains the invisible character U+2028" in result.stderr
    assert not (project / _MADE).exists()


def test_build_into_an_unwritable_folder_says_why_in_a_sentence(
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    empty = SiteOutput(files=PackedFiles(), corpus=corpus, figures=RenderStats(0, 0), warnings=())
    monkeypatch.setattr(generator.site, "build_site", lambda *args, **kwargs: empty)
    monkeypatch.setattr(os, "mkdir", refuse)
    out = tmp_path / "out"
    assert main(["--content", str(CONTENT), "build", "--out", str(out), "--quiet"]) == 1
    staged = tmp_path / f".out.staging-{os.getpid()}"
    assert capsys.readouterr().err == (
        f"error: cannot build beside {out}: {staged}: Permission denied (the build is staged in "
        "the folder of its target: make that folder writable, or build elsewhere).\n"
    )
