"""Shared fixtures: the real registries, a valid conference text to break, helpers."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2
import pytest

from generator.content import REGISTRIES
from generator.errors import Problem
from generator.load import parse_yaml
from generator.model import Catalog, Corpus, Provinces
from generator.validate import Registries, load_corpus, read_registries, validate_conference

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = ROOT / "tests" / "fixtures"

VALID = textwrap.dedent(
    """\
    id: 2024-02-01-nghe-an-138-review-2023
    title: {en: A test conference, vi: Hội nghị thử}
    date: 2024-02-01
    level: province
    host: nghe-an
    committees: ["138"]
    period: "2023"
    sources:
      - id: s1
        publisher: Báo Test
        committee_as_printed: BCĐ 138 tỉnh
        language: vi
    metrics:
      - id: cases
        indicator: social_order_crimes
        scope: nghe-an
        value: 58086
        change: {direction: increase, value: 0.07, unit: percent}
        sources:
          - source: s1
            written: "58.086"
            change_written: "0,07%"
            quote: "xảy ra 58.086 vụ phạm tội về trật tự xã hội, tăng 0,07% so với cùng kỳ"
      - id: communes
        indicator: drug_free_communes
        scope: nghe-an
        ratio: {numerator: 217, denominator: 460}
        sources: [{source: s1, written: "217/460", quote: "đến nay có 217/460 xã không ma túy"}]
    """
)
VALID_PATH = "conferences/2024-02-01-nghe-an-138-review-2023.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites the golden Markdown files instead of comparing."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden files")


@pytest.fixture(scope="session")
def registries() -> Registries:
    """The real registries: indicators, provinces, regions."""
    found, problems = read_registries(CONTENT)
    assert found is not None, problems
    return found


@pytest.fixture(scope="session")
def catalog(registries: Registries) -> Catalog:
    """The real indicator catalog."""
    return registries.catalog


@pytest.fixture(scope="session")
def provinces(registries: Registries) -> Provinces:
    """The real province registry."""
    return registries.provinces


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The real content, validated."""
    return load_corpus(CONTENT)


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The fixture registries and conferences with the real boundaries: a chart of every kind
    (never content/'s registries: a new indicator or unit there changes no golden file)."""
    content = tmp_path_factory.mktemp("fixture-content") / "content"
    content.mkdir()
    put_fixture_corpus(content)
    shutil.copytree(CONTENT / "geo", content / "geo")
    return load_corpus(content)


def put_fixture_corpus(content: Path) -> None:
    """The fixture registries and conferences in a content folder, in place of its own."""
    for name in REGISTRIES:
        shutil.copy(FIXTURES / name, content / name)
    shutil.rmtree(content / "conferences", ignore_errors=True)
    shutil.copytree(FIXTURES / "conferences", content / "conferences")


def check_text(text: str, registries: Registries, path: str = VALID_PATH) -> list[Problem]:
    """Problems of one conference text (load and validate); [] when it is valid."""
    return validate_conference(parse_yaml(text, path), registries)[1]


Problems = Callable[..., list[str]]


@pytest.fixture
def problems(registries: Registries) -> Problems:
    """A function: conference text -> list of problem strings."""
    return lambda text, path=VALID_PATH: [str(p) for p in check_text(text, registries, path)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project (content, templates, site config, mkdocs.yml) to build or break."""
    return copy_project(tmp_path)


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """The project with the fixture corpus for content: for tests of how a build fails, is
    stopped or is kept, which need a site, not the real one (it builds in a fifth of the time)."""
    project = copy_project(tmp_path)
    put_fixture_corpus(project / "content")
    return project


def copy_project(folder: Path) -> Path:
    """The project's sources (content, templates, site config, mkdocs.yml) copied into folder."""
    for name in ("content", "templates", "site_config"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once with a strict `mkdocs build`, search index included: what
    the build tests and the browser tests read."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


def mkdocs_build(
    project: Path, cache: Path, site_url: str = "https://example.org/"
) -> subprocess.CompletedProcess[str]:
    """Run the plain `mkdocs build --strict` a maintainer or CI runs."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "VN_REVIEW_CACHE": str(cache),
        "SITE_URL": site_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS`."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, to prove a folder unchanged."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pagefind_file(path: Path) -> Any:
    """A Pagefind index file's CBOR document."""
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(b"pagefind_dcd"), path
    return cbor2.loads(raw[len(b"pagefind_dcd") :])


def search_index(bundle: Path) -> dict[str, Any]:
    """What a Pagefind bundle of one language finds, whatever the numbers it gives its pages
    and meta fields: every word's pages (by fragment) with their places, every filter value's
    pages, each page's word count, the meta fields."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    [language] = entry["languages"].values()
    meta = pagefind_file(bundle / f"pagefind.{language['hash']}.pf_meta")
    assert language["page_count"] == len(meta[1])
    page_of = [page for page, _ in meta[1]]
    fields = meta[5]

    def pages(found: list[Any]) -> dict[str, Any]:
        number, out = 0, {}
        for delta, places, meta_places in found:
            number += delta
            named = [fields[-v - 1] if v < 0 else v for v in meta_places]
            out[page_of[number]] = (places, named)
        return out

    words = {}
    for chunk in meta[2]:
        for word in pagefind_file(bundle / "index" / f"{chunk[2]}.pf_index")[0]:
            assert word[0] not in words
            words[word[0]] = (pages(word[1]), {form: pages(p) for form, p in word[2]})
    filters = {}
    for name, digest in meta[3]:
        document = pagefind_file(bundle / "filter" / f"{digest}.pf_filter")
        assert document[0] == name
        filters[name] = {value: sorted(page_of[p] for p in found) for value, found in document[1]}
    fragments = {p.stem for p in (bundle / "fragment").iterdir()}
    assert fragments == set(page_of)
    return {
        "words": words,
        "filters": filters,
        "pages": dict(meta[1]),
        "fields": sorted(fields),
        "sorts": meta[4],
    }
