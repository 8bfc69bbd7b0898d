"""Hostile and clumsy input: a clear problem at the right line, or an inert page; never a
traceback, a lost site or a deleted folder."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    CONTENT,
    FIXTURES,
    ROOT,
    VALID,
    VALID_PATH,
    Problems,
    mkdocs_build,
    run_cli,
    snapshot,
)

import generator.periods
import generator.validate
from generator import kinds
from generator.charts import MAX_BARS
from generator.content import REGISTRIES, discover
from generator.errors import ContentError
from generator.figures import FigureSpec, render_all
from generator.languages import LANGUAGES
from generator.load import MAX_FILE_BYTES, parse_yaml
from generator.memo import memo_for
from generator.model import Corpus, Provinces, Scope
from generator.periods import PERIOD_PATTERN, parse_period
from generator.present import period_label
from generator.site import SiteOutput, build_site
from generator.validate import load_corpus

F = VALID_PATH

HOSTILE = """\
id: 2024-02-01-nghe-an-138-review-2023
title: {en: "[click](javascript:alert(1)) <script>alert(2)</script>", vi: "<b>x</b>"}
date: 2024-02-01
level: province
host: nghe-an
committees: ["138"]
period: "2023"
summary: {en: "---", vi: "---"}
people:
  - name: "<img src=x onerror=alert(3)>"
    title: {en: "{: onclick=alert(4) }", vi: "{: onclick=alert(4) }"}
sources:
  - id: s1
    publisher: "**bold** ![x](javascript:alert(5))"
    title: "A headline <b>"
    language: vi
    committee_as_printed: "<b>BCĐ</b> {: onclick=alert(9) }"
    url: "https://example.org/)<img/src/onerror=alert(1)>"
metrics:
  - id: cases
    indicator: social_order_crimes
    scope: nghe-an
    value: 58086
    note: {en: "<iframe src=javascript:alert(6)>", vi: "<iframe src=javascript:alert(6)>"}
    sources:
      - source: s1
        written: "58.086"
        quote: "<script>alert(7)</script> 58.086 [x](javascript:alert(8)) --- <b>"
  - id: criminal
    indicator: criminal_cases
    scope: nghe-an
    value: 9000
    sources: [{source: s1, written: "9.000", quote: "9.000 vụ"}]
  - id: district
    indicator: social_order_crimes
    scope: {province: nghe-an, district: "Kỳ Sơn $\\\\frac{$"}
    value: 5
    sources: [{source: s1, written: "5", quote: "5 vụ"}]
  - id: commune
    indicator: social_order_crimes
    scope: {province: nghe-an, district: "Kỳ", commune: "=HYPERLINK(1)"}
    value: 3
    sources: [{source: s1, written: "3", quote: "3 vụ"}]
"""


# ------------------------------------------------------------------ a built site stays inert


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project plus one hostile conference, built with `mkdocs build --strict`."""
    project = tmp_path_factory.mktemp("hostile")
    for name in ("content", "templates", "site_config"):
        subprocess.run(["cp", "-r", str(ROOT / name), str(project / name)], check=True)
    subprocess.run(["cp", str(ROOT / "mkdocs.yml"), str(project)], check=True)
    (project / "content/conferences/2024-02-01-nghe-an-138-review-2023.yaml").write_text(
        HOSTILE, encoding="utf-8"
    )
    indicators = project / "content/indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    text = text.replace('{en: "Criminal cases",', '{en: "Criminal cases $\\\\frac{$",', 1)
    indicators.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_no_data_becomes_markup_in_the_built_site(hostile_site: Path) -> None:
    pages = [p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html")]
    everything = "\n".join(pages)
    assert "onerror=" not in everything.replace("onerror=alert", "")  # only ever as text
    assert not re.search(r"<img[^>]+onerror", everything)
    assert not re.search(r'href="javascript:', everything)
    assert "<script>alert" not in everything
    assert "<iframe" not in everything
    assert not re.search(r"<[a-z]+[^>]*\sonclick=", everything)
    conference = hostile_site / "en/conferences/2024-02-01-nghe-an-138-review-2023/index.html"
    page = conference.read_text(encoding="utf-8")
    assert 'href="https://example.org/%29%3Cimg/src/onerror=alert%281%29%3E"' in page
    assert "[click](javascript:alert(1))" in page  # the title, shown as text
    assert "<hr" not in page.split('<article class="md-content__inner')[1].split("</article>")[0]


def test_tex_in_labels_prints_as_written(hostile_site: Path) -> None:
    svgs = "\n".join(p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.svg"))
    assert "Criminal cases $\\frac{$" in svgs


def test_district_and_commune_with_the_same_letters_keep_apart(provinces: Provinces) -> None:
    unit = provinces.units["63/nghe-an"]
    district = Scope("district", unit, "Kỳ Sơn")
    commune = Scope("commune", unit, "Kỳ", "Sơn")
    assert district.path != commune.path


def test_spreadsheet_formulas_are_neutralised_in_csv(hostile_site: Path) -> None:
    data = (hostile_site / "data/observations.csv").read_text(encoding="utf-8")
    assert ",'=HYPERLINK(1)," in data
    assert ",=HYPERLINK" not in data


# ------------------------------------------------------------------ front matter, dates, numbers


@pytest.mark.parametrize(
    ("control", "what"),
    [
        ("\u0080", "control"),
        ("\u007f", "control"),
        ("\u202e", "invisible"),
        ("\u2028", "invisible"),
        ("\u200b", "invisible"),
        ("\u2066", "invisible"),
    ],
)
def test_control_characters_are_refused_at_their_line(
    problems: Problems, control: str, what: str
) -> None:
    text = VALID.replace(
        "title: {en: A test conference, vi: Hội nghị thử}",
        f'title: {{en: "A\\u{ord(control):04x}b", vi: Hội nghị thử}}',
    )
    found = problems(text)
    code = f"U+{ord(control):04X}"
    assert found == [
        f"{F}:2: title.en: contains the {what} character {code} (expected printable text)"
    ]


def test_dates_outside_the_plausible_window_are_refused(problems: Problems) -> None:
    text = VALID.replace("date: 2024-02-01", "date: 2999-02-01")
    found = problems(text)
    assert any(p.startswith(f"{F}:3: date: 2999-02-01 is outside 1998-01-01 to ") for p in found)
    text = VALID.replace('period: "2023"', 'period: "1990"')
    found = problems(text)
    assert any(f"{F}:7: period: 1990: 1990-01-01 is outside 1998-01-01" in p for p in found), found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10000000000000000000000000", "which is too large (expected at most 100000000000000000"),
        ("1" * 4301, "the number is too large (at most 30 digits)"),
        ("1.5e+40", "the number is too large (at most 30 digits)"),
    ],
)
def test_huge_numbers_get_a_plain_message(problems: Problems, value: str, expected: str) -> None:
    found = problems(VALID.replace("value: 58086", f"value: {value}"))
    assert any(p.startswith(f"{F}:17: metrics[0].value:") and expected in p for p in found), found
    assert not any("E+" in p or "e+" in p for p in found)


def test_deep_nesting_is_refused() -> None:
    loaded = parse_yaml("a: " + "[" * 600 + "]" * 600 + "\n", "f.yaml")
    assert [str(p) for p in loaded.problems] == [
        "f.yaml:1: a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested too deeply "
        "(at most 16 levels)"
    ]


def test_separate_numbers_in_a_written_form_are_never_summed(problems: Problems) -> None:
    text = VALID.replace('written: "58.086"', 'written: "58.000 và 86"')
    found = problems(text)
    expected = (
        f"{F}:21: metrics[0].sources[0].written: '58.000 và 86' has 2 numbers (58000 and 86); "
        "expected one (58086): copy only the number as printed, numbers are never added together"
    )
    assert expected in found, found


# ------------------------------------------------------------------ every stage in one run


def test_load_shape_and_reference_problems_are_reported_together(problems: Problems) -> None:
    text = (
        VALID.replace("date: 2024-02-01", "date: 2024-02-30")
        .replace("level: province", "level: province\nlocation: Vinh")
        .replace("indicator: drug_free_communes", "indicator: drug_free_comunes")
    )
    found = problems(text)
    assert f"{F}:3: date: '2024-02-30' is not a valid date (expected YYYY-MM-DD)" in found
    assert any(p.startswith(f"{F}:5: location: unknown field") for p in found), found
    assert any(
        p.startswith(
            f"{F}:26: metrics[1].indicator: unknown indicator 'drug_free_comunes'; "
            "did you mean drug_free_communes? (indicators are listed in content/indicators.yaml"
        )
        for p in found
    ), found
    assert len(found) == 3, found


def test_an_unsound_source_is_not_also_called_unknown(problems: Problems) -> None:
    text = VALID.replace("    language: vi", "    language: fr")
    found = problems(text)
    assert len(found) == 1 and "sources[0].language" in found[0], found


# ------------------------------------------------------------------ bounds


def test_thousands_of_typos_stay_fast_and_each_is_reported(problems: Problems) -> None:
    head = VALID.split("metrics:")[0] + "metrics:\n"
    rows = [
        f"  - {{id: m{i},indicator: detection_rate,scope: nghe-an,value: 1,part_of: m{i}x,"
        "sources: [{source: s1,written: '1',quote: '1'}]}\n"
        for i in range(7500)
    ]
    text = head + "".join(rows)
    assert len(text.encode()) < 1_000_000
    started = time.perf_counter()
    found = problems(text)
    assert sum("is not another metric here" in p for p in found) == 7500
    assert time.perf_counter() - started < 60  # was 152 s; the benchmark prints the figure


def test_thousands_of_districts_draw_a_few_figures(tmp_path: Path) -> None:
    head = VALID.split("metrics:")[0] + "metrics:\n"
    rows = [
        f"  - {{id: {key}{i}, indicator: {indicator}, value: 1, "
        f"scope: {{province: nghe-an, district: 'Vùng {i}'}}, "
        "sources: [{source: s1, written: '1', quote: '1'}]}\n"
        for i in range(1500)
        for key, indicator in (("d", "social_order_crimes"), ("k", "criminal_cases"))
    ]
    content = tmp_path / "content"
    (content / "conferences").mkdir(parents=True)
    for name in REGISTRIES:
        (content / name).write_bytes((CONTENT / name).read_bytes())
    (content / VALID_PATH).write_text(head + "".join(rows), encoding="utf-8")
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    files = build_site(tmp_path, draw=False).files
    assert sum(path.endswith(".svg") for path in files) <= 40


def test_long_addresses_are_refused(problems: Problems) -> None:
    text = VALID.replace(
        "    language: vi", "    language: vi\n    url: https://x.org/" + "a" * 3000
    )
    found = problems(text)
    assert any(p.startswith(f"{F}:13: sources[0].url: is 3014 characters long") for p in found), (
        found
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("javascript:alert(1)", "got text 'javascript:alert(1)'"),
        ("https://user:pw@example.org/", "the address names a user before the host"),
        ("https://exa mple.org/", "the address contains a space"),
        ("https://-bad-.org/", "the address has an invalid host name"),
    ],
)
def test_addresses_must_be_plain_http(problems: Problems, url: str, expected: str) -> None:
    text = VALID.replace("    language: vi", f'    language: vi\n    url: "{url}"')
    found = problems(text)
    assert any(p.startswith(f"{F}:13: sources[0].url:") and expected in p for p in found), found


def test_the_whole_corpus_is_bounded(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.content

    monkeypatch.setattr(generator.content, "MAX_TOTAL_BYTES", 1000)
    found = [str(p) for p in discover(project / "content").problems]
    assert any("the files are too large together" in p for p in found), found


# ------------------------------------------------------------------ files under content/


def test_stray_links_and_misnamed_files_are_reported(project: Path) -> None:
    content = project / "content"
    (content / "extra.yaml").write_text("a: 1\n", encoding="utf-8")
    (content / "conferences/upper.YAML").write_text("a: 1\n", encoding="utf-8")
    (content / "conferences/notes.md").write_text("notes\n", encoding="utf-8")
    (content / "conferences/sub").mkdir()
    (content / "conferences/sub/x.yaml").write_text("a: 1\n", encoding="utf-8")
    (content / "conferences/passwd.yaml").symlink_to("/etc/passwd")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    report = info.value.report()
    assert "extra.yaml: is not read: conference files go in content/conferences/" in report
    assert "conferences/upper.YAML: is not read: name it upper.yaml (lowercase .yaml)" in report
    assert "conferences/notes.md: is not read:" in report
    assert "conferences/sub/x.yaml: is not read:" in report
    assert "conferences/passwd.yaml: is a symbolic link" in report
    assert "root:" not in report


def test_names_and_keys_cannot_forge_log_lines(project: Path) -> None:
    content = project / "content"
    forged = content / "conferences" / "x\n::error file=a::pwned.yaml"
    forged.write_text('id: x\n"bad\\nkey": 1\n', encoding="utf-8")
    result = run_cli("--content", str(content), "check")
    assert result.returncode == 1
    for line in result.stderr.splitlines():
        assert not line.startswith("::"), line
    assert "'conferences/x\\u000a::error file=a::pwned.yaml':2: a key contains" in result.stderr


# ------------------------------------------------------------------ the figure cache


def _spec() -> FigureSpec:
    from decimal import Decimal

    from generator.figures import Point, Series

    return FigureSpec(
        path="figures/x.svg",
        kind="bars",
        title="T",
        subtitle="2023",
        axis_label="cases",
        categories=("a", "b"),
        series=(Series("", (Point(Decimal(1), None, "1"), Point(Decimal(2), None, "2"))),),
        alt="alt",
    )


@pytest.mark.parametrize("damage", ["truncate", "empty", "script"])
def test_a_damaged_cache_entry_is_drawn_again(tmp_path: Path, damage: str) -> None:
    import hashlib

    spec = _spec()
    first, _ = render_all({spec.path: spec}, tmp_path)
    entry = tmp_path / f"{spec.digest}.svg"
    if damage == "truncate":
        entry.write_bytes(entry.read_bytes()[:200])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        evil = first[spec.path].replace(b"</svg>", b"<script>alert(1)</script></svg>")
        entry.write_bytes(b"sha256 " + hashlib.sha256(evil).hexdigest().encode() + b"\n" + evil)
    again, stats = render_all({spec.path: spec}, tmp_path)
    assert stats.drawn == 1
    assert again == first


def test_an_unusable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    spec = _spec()
    svgs, stats = render_all({spec.path: spec}, blocker / "cache")
    assert stats.drawn == 1 and svgs[spec.path].startswith(b"<?xml")


# ------------------------------------------------------------------ the site already built


def test_build_out_never_replaces_a_folder_it_did_not_write(project: Path, tmp_path: Path) -> None:
    before = snapshot(project / "content")
    for out in (project, project / "content"):
        result = run_cli("build", "--root", str(project), "--out", str(out), "--quiet")
        assert result.returncode == 1
        assert "refusing to replace it" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(project / "content") == before
    out = tmp_path / "tree"
    for _ in range(2):  # a new folder, then the folder it made before
        result = run_cli("build", "--root", str(project), "--out", str(out), "--quiet")
        assert result.returncode == 0, result.stderr
    assert (out / "index.md").exists()


def _break_theme(project: Path) -> None:
    overrides = project / "site_config/overrides/main.html"
    overrides.write_text(overrides.read_text(encoding="utf-8") + "{% block x %}\n", "utf-8")


def _add_warning(project: Path) -> None:
    (project / "site_config/docs/broken.md").write_text("[x](missing.md)\n", "utf-8")


@pytest.mark.parametrize("failure", [_break_theme, _add_warning], ids=["theme", "strict-warning"])
def test_a_failed_build_keeps_the_previous_site(
    small_project: Path, tmp_path: Path, failure: Callable[[Path], None]
) -> None:
    cache = tmp_path / "cache"
    assert mkdocs_build(small_project, cache).returncode == 0
    before = snapshot(small_project / "site")
    failure(small_project)
    result = mkdocs_build(small_project, cache)
    assert result.returncode == 1
    assert snapshot(small_project / "site") == before
    assert not list(small_project.glob(".site.*"))


def test_a_killed_build_keeps_the_previous_site(small_project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert mkdocs_build(small_project, cache).returncode == 0
    before = snapshot(small_project / "site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VN_REVIEW_CACHE": str(cache)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(small_project / "mkdocs.yml"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = small_project / f".site.staging-{process.pid}"
    deadline = time.monotonic() + 60
    while not (staging / "index.html").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert staging.exists(), "the build was killed while writing"
    assert snapshot(small_project / "site") == before
    assert mkdocs_build(small_project, cache).returncode == 0
    assert not staging.exists()


# ------------------------------------------------------------------ other digits, other times


@pytest.mark.parametrize(
    "period", ["２０２３", "٢٠٢٣", "۲۰۲۳-H1", "2023-0１", "２０２３-01-01/2023-02-01"]
)
def test_periods_are_written_in_ascii_digits(period: str) -> None:
    assert not re.match(PERIOD_PATTERN, period)
    with pytest.raises(ValueError, match="digits 0-9"):
        parse_period(period)


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ('period: "2023"', 'period: "２０２３"', 7, "period"),
        ("58.086", "٥٨.٠٨٦", 21, "metrics[0].sources[0].written"),
        ("value: 0.07, unit: percent}", 'value: 0.07, unit: percent, versus: "٢٠٢٢"}', 18, None),
    ],
)
def test_digits_of_other_scripts_are_refused_where_they_stand(
    problems: Problems, old: str, new: str, line: int, field: str | None
) -> None:
    found = problems(VALID.replace(old, new))
    where = f"{F}:{line}: {field or 'metrics[0].change.versus'}: contains the digit"
    assert any(p.startswith(where) and "(expected digits 0-9)" in p for p in found), found


def test_a_unit_named_with_a_system_not_in_force_is_refused(problems: Problems) -> None:
    text = VALID.replace("host: nghe-an", "host: {province: dong-nai, system: '34'}")
    assert problems(text) == [
        f"{F}:5: host.system: the 34-unit system begins on 2025-07-01, after 2024-02-01 "
        "(expected a unit of the 63-unit system in force then, or no system:)"
    ]
    text = VALID.replace(
        "    scope: nghe-an\n    value: 58086",
        "    scope: {province: quang-tri, system: '34', district: Vĩnh Linh}\n    value: 58086",
    )
    assert problems(text) == [
        f"{F}:16: metrics[0].scope.system: the 34-unit system begins on 2025-07-01, after "
        "2023-12-31 (expected a unit of the 63-unit system in force then, or no system:)"
    ]
    text = VALID.replace("host: nghe-an", "host: {province: nghe-an, system: '63'}")
    assert problems(text) == []


# ------------------------------------------------------------------ names that pages already use

_INDEX_INDICATOR = """\
  - key: index
    label: {en: "An index", vi: "Một chỉ số"}
    units: [cases]
    category: crime
    committee: "138"
    measure: flow
    higher_is_better: false
"""


def test_an_id_or_key_that_names_a_section_page_is_refused_at_its_line(project: Path) -> None:
    content = project / "content"
    (content / "conferences/index.yaml").write_text(
        VALID.replace("id: 2024-02-01-nghe-an-138-review-2023", "id: index"), encoding="utf-8"
    )
    result = run_cli("--content", str(content), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "share the path" not in result.stderr
    assert (
        "conferences/index.yaml:1: id: 'index' names the page of the conferences section "
        "(choose another id)" in result.stderr
    ), result.stderr
    (content / "conferences/index.yaml").unlink()
    indicators = content / "indicators.yaml"
    before = indicators.read_text(encoding="utf-8")
    indicators.write_text(before + _INDEX_INDICATOR, encoding="utf-8")
    result = run_cli("--content", str(content), "check")
    assert result.returncode == 1 and "share the path" not in result.stderr
    line = before.count("\n") + 1
    assert f"indicators.yaml:{line}: indicators[" in result.stderr, result.stderr
    assert "].key: 'index' names the page of the indicators section (choose another key)" in (
        result.stderr
    )


# ------------------------------------------------------------------ labels are data, drawn as text


def test_a_label_that_looks_like_script_is_drawn_as_text(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "conferences").mkdir(parents=True)
    for name in REGISTRIES:
        (content / name).write_bytes((CONTENT / name).read_bytes())
    indicators = content / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    label = "javascript:alert(1) one = 1 <b>"
    text = text.replace('{en: "Criminal cases",', f'{{en: "{label}",', 1)
    indicators.write_text(text, encoding="utf-8")
    # Three years of it, nationally: a trend, whose title is the label.
    trend = "".join(
        f"  - {{id: c{year}, indicator: criminal_cases, scope: national, period: '{year}', "
        f"value: {year - 2000}, sources: [{{source: s1, written: '{year - 2000}', "
        f"quote: '{year - 2000} vụ'}}]}}\n"
        for year in (2021, 2022, 2023)
    )
    (content / VALID_PATH).write_text(VALID + trend, encoding="utf-8")
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    output = build_site(tmp_path, cache_dir=tmp_path / "cache", jobs=1)
    svgs = [v for k, v in output.files.items() if k.endswith(".svg")]
    assert output.figures.drawn >= 1 and svgs
    assert any(b"javascript:alert(1) one = 1 &lt;b&gt;" in svg for svg in svgs)


# ------------------------------------------------------------------ many periods, many bars


def _one_day_periods(count: int) -> str:
    """VALID's head, then `count` numbers about Nghệ An, each for a distinct one-day period."""
    import datetime as dt

    rows = []
    for i in range(count):
        day = (dt.date(1999, 1, 1) + dt.timedelta(days=i)).isoformat()
        rows.append(
            f"  - {{id: p{i}, indicator: social_order_crimes, value: {i % 10}, scope: nghe-an, "
            f"period: '{day}/{day}', sources: [{{source: s1, written: '{i % 10}', "
            f"quote: '{i % 10}'}}]}}\n"
        )
    return VALID.split("metrics:")[0] + "metrics:\n" + "".join(rows)


def _corpus_of(tmp_path: Path, text: str, catalog: Callable[[str], str] = str) -> Corpus:
    """The corpus of one conference text, with the real registries (the catalog edited)."""
    content = tmp_path / "content"
    (content / "conferences").mkdir(parents=True)
    for name in REGISTRIES:
        (content / name).write_bytes((CONTENT / name).read_bytes())
    indicators = content / "indicators.yaml"
    indicators.write_text(catalog(indicators.read_text(encoding="utf-8")), encoding="utf-8")
    (content / VALID_PATH).write_text(text, encoding="utf-8")
    return load_corpus(content)


def test_a_period_page_finds_its_numbers_without_scanning_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.validate, "MAX_PERIODS", 10_000)
    corpus = _corpus_of(tmp_path, _one_day_periods(3000))
    started = time.perf_counter()
    found = {p.key: kinds._in_period(corpus, p) for p in kinds._periods(corpus)}
    assert time.perf_counter() - started < 1  # was 7 s here (every period scanned every number)
    assert len(found) == 3000 + 1  # and the conference's own period, 2023
    assert all(
        len(obs) == 1 and obs[0].reporting_period.key == k
        for k, obs in found.items()
        if k != "2023"
    )


def test_more_periods_than_pages_can_hold_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.validate, "MAX_PERIODS", 100)
    with pytest.raises(ContentError) as info:
        _corpus_of(tmp_path, _one_day_periods(150))
    assert info.value.report().splitlines()[0] == (
        f"{F}: the content names 151 distinct periods, 151 of them here (at most 100: each "
        "period gets a page and charts; give a number for a year, a half, a quarter or a month "
        "rather than for many short ranges)"
    )


def _yearly(count: int) -> str:
    """VALID's head, then a national number for each of the `count` years up to 2023."""
    rows = [
        f"  - {{id: y{year}, indicator: social_order_crimes, value: {year % 10}, scope: national, "
        f"period: '{year}', sources: [{{source: s1, written: '{year % 10}', "
        f"quote: '{year % 10}'}}]}}\n"
        for year in range(2024 - count, 2024)
    ]
    return VALID.split("metrics:")[0] + "metrics:\n" + "".join(rows)


def _site_of(tmp_path: Path, text: str, catalog: Callable[[str], str] = str) -> SiteOutput:
    """The site of one conference text (the catalog edited), planned but not drawn."""
    _corpus_of(tmp_path, text, catalog)
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    return build_site(tmp_path, draw=False)


def test_a_series_longer_than_a_chart_shows_the_latest_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A year per period: more years than a chart holds only before the programme began.
    monkeypatch.setattr(generator.periods, "EARLIEST", dt.date(1800, 1, 1))
    total = MAX_BARS + 50
    output = _site_of(tmp_path, _yearly(total))
    for lang, words in (
        ("en", f"(latest {MAX_BARS} of {total} periods shown)"),
        ("vi", f"(hiển thị {MAX_BARS} kỳ gần nhất trong số {total} kỳ)"),
    ):
        language = next(x for x in LANGUAGES if x.code == lang)
        [chart] = kinds.NATIONAL.charts(output.corpus, None, language)
        spec = chart.spec
        [line] = spec.series
        assert len(spec.categories) == len(spec.ticks) == len(line.points) == MAX_BARS
        assert spec.title.endswith(words) and words in spec.alt
        assert spec.ticks[0] == str(2024 - MAX_BARS) and spec.ticks[-1] == "2023"
        assert spec.categories[-1] == period_label(parse_period("2023"), language)
        assert line.points[-1].low == 3  # 2023's figure, in 2023's slot
    # The warning names periods in the words of the first edition built.
    left_out = ", ".join(
        period_label(parse_period(str(year)), LANGUAGES[0])
        for year in range(2024 - total, 2034 - total)
    )
    assert (
        f"national/index.md: chart {chart.name} shows its latest {MAX_BARS} of "
        f"{total} periods (at most {MAX_BARS} a chart); not shown: {left_out} and 40 more"
    ) in output.warnings


def _many_kinds(count: int) -> Callable[[str], str]:
    """A catalog edit: criminal_cases may be split into `count` kinds."""
    members = "".join(
        f"      - {{key: k{i}, label: {{en: K{i}, vi: L{i}}}}}\n" for i in range(count)
    )
    dimension = "  - key: kind\n    label: {en: Kind, vi: Loại}\n    members:\n" + members

    def edit(text: str) -> str:
        text = text.replace("\nindicators:\n", "\n" + dimension + "\nindicators:\n", 1)
        start = text.index("  - key: criminal_cases\n")
        end = text.index("    higher_is_better: false\n", start) + len(
            "    higher_is_better: false\n"
        )
        return text[:end] + "    dimensions: [kind]\n" + text[end:]

    return edit


def _breakdown_project(project: Path, count: int) -> None:
    """The project with one conference whose criminal cases are split into `count` kinds,
    kind i counting i + 1 cases."""
    rows = "".join(
        f"  - {{id: k{i}, indicator: criminal_cases, breakdown: {{kind: k{i}}}, value: {i + 1}, "
        f"scope: nghe-an, sources: [{{source: s1, written: '{i + 1}', quote: '{i + 1}'}}]}}\n"
        for i in range(count)
    )
    content = project / "content"
    for old in (content / "conferences").glob("*.yaml"):
        old.unlink()
    (content / VALID_PATH).write_text(VALID + rows, encoding="utf-8")
    indicators = content / "indicators.yaml"
    edit = _many_kinds(count)
    indicators.write_text(edit(indicators.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_breakdown_longer_than_a_chart_shows_the_first_and_says_so(
    project: Path, tmp_path: Path
) -> None:
    total = MAX_BARS + 20
    _breakdown_project(project, total)
    output = build_site(project, draw=False)
    [conference] = output.corpus.conferences
    for lang, words in (
        ("en", f"(first {MAX_BARS} of {total} shown)"),
        ("vi", f"(hiển thị {MAX_BARS} đầu tiên trong số {total})"),
    ):
        language = next(x for x in LANGUAGES if x.code == lang)
        [chart] = [
            c
            for c in kinds.CONFERENCE.charts(output.corpus, conference, language)
            if "/by-kind-" in c.name
        ]
        assert chart.spec.title.endswith(words) and words in chart.spec.alt
        # The largest parts: kind i counts i + 1.
        first = range(total - 1, total - 1 - MAX_BARS, -1)
        expected = tuple(f"{'K' if lang == 'en' else 'L'}{i}" for i in first)
        assert chart.spec.categories == expected
    assert (
        f"conferences/{conference.id}.md: chart {chart.name} shows its first {MAX_BARS} of "
        f"{total} rows (at most {MAX_BARS} a chart); not shown: "
        + ", ".join(f"L{i}" for i in range(19, 9, -1))
        + " and 10 more"
    ) in output.warnings
    # A strict build fails on it, and keeps no site.
    result = mkdocs_build(project, tmp_path / "cache")
    assert result.returncode == 1
    assert f"WARNING -  generator: conferences/{conference.id}.md: chart {chart.name}" in (
        result.stderr
    )
    assert not (project / "site").exists()


@pytest.mark.parametrize("remembered", [False, True])
def test_a_file_far_over_the_limit_is_refused_without_being_read_whole(
    tmp_path: Path, remembered: bool
) -> None:
    content = tmp_path / "content"
    (content / "conferences").mkdir(parents=True)
    for name in REGISTRIES:
        shutil.copy(FIXTURES / name, content / name)
    huge = content / "conferences" / "2024-01-22-nghe-an-138-review-2023.yaml"
    with huge.open("wb") as handle:  # 256 MB, sparse: nothing is written but its length
        handle.truncate(256 * 2**20)
    memo = memo_for(tmp_path / "cache", "conferences") if remembered else None
    tracemalloc.start()
    try:
        with pytest.raises(ContentError) as refused:
            load_corpus(content, memo)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20
    assert f"file is too large (at most {MAX_FILE_BYTES:,} bytes)" in str(refused.value)
