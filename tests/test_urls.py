"""Every address comes from one place (generator/urls.py), so a third language gets every
page, figure, alternate, link and theme address right, and a text missing in it is found by
`check`, never printed as "None"."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, ROOT, Problems
from mkdocs.structure.files import File

from generator import shape
from generator.content import REGISTRIES
from generator.languages import LANGUAGES, Language, language
from generator.site import build_site
from generator.urls import Address, url_for

FIXTURES = Path(__file__).parent / "fixtures"
# What a maintainer adds for a third language: one Language, and the schema's field for its
# texts, optional while the translation is under way. No catalog: its words stay English.
FRENCH = (
    '    Language("fr", "fr", "fr/", "Français", "d MMMM y", "d/M/y", "yMMMd", _catalog("fr")),\n'
)
FRENCH_TEXT = '    fr: Text | None = Field(None, description="French text")\n'
ENGLISH = '    Language("en", "en_GB", "en/", "English",'
VIETNAMESE_TEXT = '    vi: Text = Field(description="Vietnamese text, full diacritics")\n'
# An address that names the English edition: 'en/…' at the start of a path or after a slash.
ENGLISH_ADDRESS = re.compile(r"(?<![\w-])en/")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
LINK = re.compile(r"(?<!\\)\]\(([^)\s#]+)")
# The sections of the navigation, in order: the folders of their pages in each language.
SECTIONS = ["", "conferences", "provinces", "national", "periods", "indicators"]
SECTIONS += ["committees", "coverage", "data", "methodology"]

VALID_TITLE_ONLY = """\
id: 2024-02-01-nghe-an-138-review-2023
title: {en: A test conference, vi: Hội nghị thử}
date: 2024-02-01
level: province
host: nghe-an
committees: ["138"]
period: "2023"
sources:
  - {id: s1, publisher: Báo Test, language: vi, committee_as_printed: BCĐ 138 tỉnh}
metrics: []
"""


def fake(code: str, prefix: str) -> Language:
    """A language for tests: English words, its own code and path prefix."""
    return Language(
        code, "fr", prefix, "Français", "d MMMM y", "d/M/y", "yMMMd", LANGUAGES[0].translations
    )


def mkdocs_url(file: str) -> str:
    """Where MkDocs serves a Markdown file (the root as '', as the site writes it)."""
    url = File(file, None, "", True).url
    return "" if url == "./" else url


# ------------------------------------------------------------------ addresses, declared once


@pytest.mark.parametrize(
    ("lang", "file", "url", "figures"),
    [
        (language("vi"), "conferences/x.md", "conferences/x/", "figures/conferences/x"),
        (language("en"), "en/conferences/x.md", "en/conferences/x/", "en/figures/conferences/x"),
        (fake("fr", "fr/"), "fr/conferences/x.md", "fr/conferences/x/", "fr/figures/conferences/x"),
    ],
)
def test_a_page_has_one_file_one_address_and_one_figure_folder_per_language(
    lang: Language, file: str, url: str, figures: str
) -> None:
    page = Address("conferences/x.md", lang)
    assert (page.file, page.url, page.figures) == (file, url, figures)
    assert page.url == mkdocs_url(page.file)


@pytest.mark.parametrize("lang", [language("vi"), language("en"), fake("fr", "fr/")])
def test_section_pages_are_served_at_their_folder(lang: Language) -> None:
    home = url_for("home", None, lang)
    provinces = url_for("provinces", None, lang)
    assert home.url == lang.prefix == mkdocs_url(home.file)
    assert provinces.url == f"{lang.prefix}provinces/" == mkdocs_url(provinces.file)
    assert provinces.figures == f"{lang.prefix}figures/provinces"
    assert home.link(provinces.file) == "provinces/index.md"
    assert provinces.link(home.file) == "../index.md"
    assert provinces.link("data/observations.csv") == (
        "../../data/observations.csv" if lang.prefix else "../data/observations.csv"
    )


def test_a_page_in_another_language_is_the_same_page_there() -> None:
    vi = url_for("committee", "138", language("vi"))
    assert vi.in_language(language("en")) == url_for("committee", "138", language("en"))
    assert vi.in_language(language("en")).url == "en/committees/138/"


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture conferences' pages in the site's two languages."""
    root = _fixture_project(tmp_path_factory.mktemp("two-languages"))
    files = build_site(root, draw=False).files
    return {path: text for path, text in files.items() if isinstance(text, str)}


def test_every_alternate_is_the_address_mkdocs_serves_the_page_at(
    two_languages: dict[str, str],
) -> None:
    pages = [p for p in two_languages if p.endswith(".md")]
    assert len(pages) > 100
    for path in pages:
        neutral = path.removeprefix("en/")
        assert _meta(two_languages[path])["alternates"] == [
            {"lang": lang.code, "name": lang.name, "url": mkdocs_url(lang.prefix + neutral)}
            for lang in LANGUAGES
        ], path
        assert all(lang.prefix + neutral in two_languages for lang in LANGUAGES)


def test_no_address_is_built_outside_urls_py() -> None:
    code = {p: p.read_text(encoding="utf-8") for p in (ROOT / "generator").glob("*.py")}
    theme = {p: p.read_text(encoding="utf-8") for p in (ROOT / "site_config").rglob("*.*ml")}
    templates = {p: p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.j2")}
    prefixes = [p.name for p, text in code.items() if ".prefix" in text]
    assert prefixes == ["urls.py"]
    hand_built_keys = re.compile(r'f"(63|34)/|f"\{[^}]*system[^}]*\}/')
    assert [p.name for p, text in code.items() if hand_built_keys.search(text)] == ["model.py"]
    english = [p.name for p, text in {**theme, **templates}.items() if ENGLISH_ADDRESS.search(text)]
    assert english == []
    assert [p.name for p, text in templates.items() if '".csv"' in text or ".svg" in text] == []


# ------------------------------------------------------------------ a missing translation


def test_a_text_missing_in_a_language_of_the_site_is_a_content_problem(
    problems: Problems, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shape, "LANGUAGES", (*LANGUAGES, fake("fr", "fr/")))
    assert problems(VALID_TITLE_ONLY) == [
        "conferences/2024-02-01-nghe-an-138-review-2023.yaml:2: title.fr: no text in Français "
        "(fr) (expected a text in every language of the site: vi, en, fr)"
    ]


def test_every_text_in_both_languages_passes(problems: Problems) -> None:
    assert problems(VALID_TITLE_ONLY) == []


# ------------------------------------------------------------------ a third language, added


@pytest.fixture(scope="module")
def with_french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (the fixture conferences) whose generator has a third language,
    French, under fr/, with its texts optional in the schema and none written yet."""
    root = _fixture_project(tmp_path_factory.mktemp("with-french"))
    shutil.copytree(
        ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    _insert_after(root / "generator/languages.py", ENGLISH, FRENCH)
    _insert_after(root / "generator/schema.py", VIETNAMESE_TEXT, FRENCH_TEXT)
    return root


def test_a_missing_translation_stops_check_and_build_with_file_and_line(
    with_french: Path,
) -> None:
    name = "conferences/2025-08-01-national-389-review-2025-h1.yaml"
    lines = (with_french / "content" / name).read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines, start=1) if line.startswith("title:"))
    expected = (
        f"{name}:{title}: title.fr: no text in Français (fr) "
        "(expected a text in every language of the site: vi, en, fr)"
    )
    checked = _run(with_french, "-m", "generator", "check")
    assert checked.returncode == 1
    assert expected in checked.stdout + checked.stderr
    assert "indicators.yaml:" in checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr
    built = _run(with_french, "-m", "generator", "build", "--out", "out", "--quiet")
    assert built.returncode == 1
    assert expected in built.stdout + built.stderr
    assert not (with_french / "out").exists()


@pytest.fixture(scope="module")
def translated(with_french: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The French project with every text translated, built as a Markdown tree (`out/`) and
    as a site (`site/`)."""
    root = tmp_path_factory.mktemp("translated") / "project"
    shutil.copytree(with_french, root)
    for file in (root / "content").rglob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        file.write_text(yaml.safe_dump(_in_french(data), allow_unicode=True), encoding="utf-8")
    cache = str(tmp_path_factory.mktemp("cache"))
    built = _run(root, "-m", "generator", "build", "--out", "out", "--quiet", "--cache", cache)
    assert built.returncode == 0, built.stderr
    site = _run(root, "-m", "mkdocs", "build", "--strict", cache=cache)
    assert site.returncode == 0, site.stderr
    return root


def test_a_third_language_has_every_page_at_its_own_addresses(translated: Path) -> None:
    out = translated / "out"
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    pages = {p for p in files if p.endswith(".md")}
    by_language = {
        lang.code: {p.removeprefix(lang.prefix) for p in pages if _language_of(p).code == lang.code}
        for lang in (*LANGUAGES, fake("fr", "fr/"))
    }
    assert by_language["fr"] == by_language["en"] == by_language["vi"]
    assert any(p.startswith("fr/figures/") and p.endswith(".svg") for p in files)
    for page in pages:
        text = (out / page).read_text(encoding="utf-8")
        assert not re.search(r"\bNone\b", text), page
        meta = _meta(text)
        neutral = page.removeprefix(_language_of(page).prefix)
        assert meta["alternates"] == [
            {"lang": "vi", "name": "Tiếng Việt", "url": mkdocs_url(neutral)},
            {"lang": "en", "name": "English", "url": mkdocs_url("en/" + neutral)},
            {"lang": "fr", "name": "Français", "url": mkdocs_url("fr/" + neutral)},
        ]
        if page.startswith("fr/"):
            body = FRONT_MATTER.sub("", text, count=1)
            assert not ENGLISH_ADDRESS.search(body), page
            for target in LINK.findall(body):
                if target.startswith(("http://", "https://")):
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
                assert resolved.startswith(("fr/", "data/")), (page, target)
                assert resolved in files, (page, target)


def test_the_theme_serves_a_third_language_from_its_own_addresses(translated: Path) -> None:
    site = translated / "site"
    folder = site / "fr/conferences"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link', page)
    assert [_served(folder, href) for href in tabs] == [
        site / "fr" / section / "index.html" for section in SECTIONS
    ]
    logo = re.search(r'<a href="([^"]*)" title="[^"]*" class="md-header__button md-logo"', page)
    assert logo is not None and _served(folder, logo[1]) == site / "fr/index.html"
    switch = re.findall(
        r'<a href="([^"]+)" hreflang="(\w+)" lang="\2" class="md-header__button', page
    )
    assert {lang: _served(folder, href) for href, lang in switch} == {
        "vi": site / "conferences/index.html",
        "en": site / "en/conferences/index.html",
    }
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count('hreflang="fr"') == sitemap.count("<url>") > 100
    assert 'hreflang="fr" href="https://example.org/fr/conferences/"' in sitemap


# ------------------------------------------------------------------ helpers


def _fixture_project(root: Path) -> Path:
    """The real registries, boundaries and templates with the fixture conferences."""
    content = root / "content"
    content.mkdir()
    for name in REGISTRIES:
        shutil.copy(CONTENT / name, content / name)
    shutil.copytree(FIXTURES / "conferences", content / "conferences")
    shutil.copytree(CONTENT / "geo", content / "geo")
    for name in ("templates", "site_config"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _insert_after(file: Path, line_start: str, added: str) -> None:
    """Add a line after the one that starts with `line_start` (which must exist)."""
    text = file.read_text(encoding="utf-8")
    start = text.index(line_start)
    end = text.index("\n", start) + 1
    file.write_text(text[:end] + added + text[end:], encoding="utf-8")


def _in_french(data: object) -> object:
    """Every {en, vi} text given in French too."""
    if isinstance(data, dict):
        found = {k: _in_french(v) for k, v in data.items()}
        if set(data) == {"en", "vi"}:
            found["fr"] = f"fr {data['en']}"
        return found
    if isinstance(data, list):
        return [_in_french(v) for v in data]
    return data


def _run(cwd: Path, *args: str, cache: str = "") -> subprocess.CompletedProcess[str]:
    """Python in `cwd`, which imports the generator copied there."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": "https://example.org/",
        **({"VN_REVIEW_CACHE": cache} if cache else {}),
    }
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def _meta(page: str) -> dict[str, Any]:
    """A generated page's front matter: one JSON value per line."""
    match = FRONT_MATTER.match(page)
    assert match is not None
    return {
        key: json.loads(value)
        for key, value in (line.split(": ", 1) for line in match[1].splitlines()[:2])
    }


def _language_of(path: str) -> Language:
    """The language a generated file belongs to, by its folder."""
    for lang in (fake("fr", "fr/"), language("en")):
        if path.startswith(lang.prefix):
            return lang
    return language("vi")


def _served(folder: Path, href: str) -> Path:
    """The HTML file a relative link from a page in `folder` opens."""
    return (folder / href / "index.html").resolve()
