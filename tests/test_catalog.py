"""The translation catalogs: a translation may not change what a message shows or how."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from conftest import ROOT

from generator.catalog import extract, translation_problems, updated


def _problems(msgid: str | tuple[str, str], msgstr: str | tuple[str, ...]) -> list[str]:
    catalog = Catalog(locale="vi")
    catalog.add(msgid, msgstr, lineno=7)
    return translation_problems(catalog, "messages.po")


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        (
            "%(title)s: change vs earlier period",
            "%(title)s: thay đổi %(value)s",
            "adds the placeholder %(value)s",
        ),
        ("Value was %(value)s", "Giá trị", "drops the placeholder %(value)s"),
        ("Value was %(value)s", "Giá trị %(value)d", "drops the placeholder %(value)s"),
        ("Value was %(value)s", "Giá trị %s", "adds the placeholder %s"),
        ("Sections", "Mục %(x)s", "adds the placeholder %(x)s"),
        ("Sections", "<script>alert(1)</script>", "adds the markup '<'"),
        ("Sections", "[Mục](javascript:alert(1))", "adds the markup '['"),
        ("Sections", "**Mục**", "adds the markup '*'"),
        ("Sections", "Mục {: onclick=x }", "adds the markup '{'"),
        ("Sections", "Mục | khác", "adds the markup '|'"),
        ("Sections", "Mục\n\n# tiêu đề", "adds a line break"),
        ("Sections", "- Mục", "starts a Markdown block ('- ')"),
        ("Sections", "1. Mục", "starts a Markdown block ('1. ')"),
        (
            ("%(num)s conference", "%(num)s conferences"),
            ("%(num)s hội nghị %(x)s",),
            "adds the placeholder %(x)s",
        ),
    ],
)
def test_a_translation_that_changes_placeholders_or_adds_markup_is_refused(
    msgid: str | tuple[str, str], msgstr: str | tuple[str, ...], expected: str
) -> None:
    found = _problems(msgid, msgstr)
    assert len(found) == 1 and found[0].startswith("messages.po:7: the translation of "), found
    assert expected in found[0], found


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("share of %(unit)s (%%)", "tỷ lệ %(unit)s (%%)"),
        ("%(a)s and %(b)s", "%(b)s và %(a)s"),
        ("rate (%)", "tỷ lệ (%)"),
        ("5% more", "tăng 5% so với"),  # no placeholders: '% s' is text
        ("[%(x)s](y)", "[%(x)s](y)"),
        (("%(num)s conference", "%(num)s conferences"), ("%(num)s hội nghị",)),
        (("one conference", "%(num)s conferences"), ("%(num)s hội nghị",)),
    ],
)
def test_faithful_translations_pass(
    msgid: str | tuple[str, str], msgstr: str | tuple[str, ...]
) -> None:
    assert _problems(msgid, msgstr) == []


def test_the_real_catalogs_pass() -> None:
    catalog, _ = updated("vi", extract(ROOT / "templates"))
    assert translation_problems(catalog, "vi") == []
