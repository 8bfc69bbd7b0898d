"""Two editions from one set of templates: every message translated, no English on a
Vietnamese page, every page in both languages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

from generator.catalog import run
from generator.languages import catalog_path
from generator.site import SiteOutput, build_site

# What a Vietnamese page may show in English: the words of English-language sources
# (quotes, written forms, headlines), addresses and code.
_ENGLISH_ALLOWED = re.compile(
    r'<q lang="en">.*?</q>|<summary>.*?</summary>|\]\([^)]*\)|`[^`]*`|<span lang="en">.*?</span>'
    r"|\[[^\]]*\]\([^)]*\)\{ lang=en \}",
    re.DOTALL,
)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


@pytest.fixture(scope="module")
def output() -> SiteOutput:
    """The real site, generated (figures planned, not drawn)."""
    return build_site(ROOT, draw=False)


def _vietnamese_pages(output: SiteOutput) -> dict[str, str]:
    return {
        path: _ENGLISH_ALLOWED.sub(" ", text)
        for path, text in output.files.items()
        if path.endswith(".md") and not path.startswith("en/") and isinstance(text, str)
    }


def _english_fragments() -> set[str]:
    """Pieces of message ids (between placeholders) that a Vietnamese reader would notice."""
    with catalog_path("vi").open("rb") as file:
        catalog = read_po(file)
    fragments = set()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        for english in ids:
            for piece in _PLACEHOLDER.split(english):
                piece = piece.strip(" .,:;()*")
                translated = " ".join(str(x) for x in strings)
                if len(piece.split()) >= 2 and len(piece) >= 10 and piece not in translated:
                    fragments.add(piece)
    return fragments


def test_every_message_is_translated_and_the_catalog_is_current() -> None:
    assert run(ROOT / "templates", check=True) == []


def test_an_untranslated_template_string_is_caught(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "new.md.j2").write_text('{{ _("A brand new sentence") }}\n', encoding="utf-8")
    assert any("A brand new sentence" in p for p in run(templates, check=True))


def test_no_english_message_reaches_a_vietnamese_page(output: SiteOutput) -> None:
    pages = _vietnamese_pages(output)
    fragments = _english_fragments()
    assert len(fragments) > 100
    leaks = [
        (path, fragment)
        for path, text in pages.items()
        for fragment in fragments
        if fragment in text
    ]
    assert leaks == []


def test_no_english_content_text_reaches_a_vietnamese_page(output: SiteOutput) -> None:
    pages = _vietnamese_pages(output)
    english = set()
    for conference in output.corpus.conferences:
        for value in (conference.title, conference.summary, conference.organiser):
            if value and value.en != value.vi and len(value.en.split()) >= 3:
                english.add(value.en)
        for obs in conference.observations:
            if obs.note and obs.note.en != obs.note.vi:
                english.add(obs.note.en)
    for indicator in output.corpus.catalog.indicators.values():
        english.add(indicator.label.en)
    leaks = [(p, e) for p, text in pages.items() for e in english if e in text]
    assert leaks == []


def test_every_page_exists_in_both_languages(output: SiteOutput) -> None:
    pages = {p for p in output.files if p.endswith(".md")}
    vietnamese = {p for p in pages if not p.startswith("en/")}
    english = {p.removeprefix("en/") for p in pages if p.startswith("en/")}
    assert vietnamese == english
    assert len(vietnamese) > 100


def test_pages_say_their_language_and_their_other_versions(output: SiteOutput) -> None:
    page = output.files["conferences/2024-01-22-nghe-an-138-review-2023.md"]
    assert isinstance(page, str)
    head = page.split("\n---\n", 1)[0]
    assert 'lang: "vi"' in head
    assert '"url": "en/conferences/2024-01-22-nghe-an-138-review-2023/"' in head


def test_vietnamese_pages_write_numbers_dates_and_periods_the_vietnamese_way(
    output: SiteOutput,
) -> None:
    national = output.files["conferences/2024-01-17-national-138-389-review-2023.md"]
    assert isinstance(national, str)
    assert "146.678 vụ" in national
    assert "tăng 0,07% so với năm 2022" in national
    assert "hơn 14.570 tỷ đồng" in national
    assert "17 tháng 1 năm 2024" in national
    older = output.files["conferences/2019-07-25-national-138-389-review-2019-h1.md"]
    assert isinstance(older, str)
    assert "6 tháng đầu năm 2019" in older
    assert "9 tháng năm 2025" in str(output.files["periods/2025-9m.md"])
