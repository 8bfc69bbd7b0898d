"""Render each page of each kind (kinds.py) to Markdown with its Jinja template, in one
language: the same templates serve every language, their words come from the catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from . import present
from .charts import Chart
from .escape import front_matter, html_attr, md_link, md_text, safe_href
from .export import column_notes
from .kinds import Row, scope_page, scope_period_page
from .languages import LANGUAGES, Language
from .model import Conference, Scope, source_numbers, text
from .schema import Award, Source
from .urls import Address, figure_data, url_for


class RenderError(RuntimeError):
    """A template failed: names the page and the template."""


def _finalize(value: object) -> object:
    """Every {{ value }} is escaped for Markdown unless a helper already built Markup."""
    if value is None:
        return ""
    return md_text(value)


def _translator(lang: Language) -> tuple[Any, Any]:
    """gettext and ngettext for templates: parameters escaped for Markdown, result Markup."""

    def escaped(params: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v if isinstance(v, Markup) else md_text(v) for k, v in params.items()}

    def gettext(message: str, **params: Any) -> Markup:
        translated = Markup(lang.translations.gettext(message))
        return translated % escaped(params) if params else translated

    def ngettext(singular: str, plural: str, count: int, **params: Any) -> Markup:
        chosen = lang.translations.ngettext(singular, plural, count)
        return Markup(chosen) % escaped({"num": count, **params})

    return gettext, ngettext


def environment(templates: Path, lang: Language) -> Environment:
    """The Jinja environment of one language: strict, Markdown-escaping, translated."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    gettext, ngettext = _translator(lang)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters.update(
        text=lambda value: text(value, lang.code),
        value=lambda o: present.display_value(o, lang),
        change=lambda o: present.display_change(o.change, o.unit, lang),
        target=lambda o: present.display_target(o, lang),
        breakdown=lambda o: present.display_breakdown(o, lang),
        when=lambda o: present.display_when(o, lang),
        date=lambda d: present.long_date(d, lang),
        date_short=lambda d: present.short_date(d, lang),
        period=lambda p: present.period_label(p, lang),
        scope=lambda s: present.scope_label(s, lang),
        committee=lambda code: present.term("committee", code, lang),
        committee_short=lambda n: present.committee_short(n, lang),
        level=lambda code: present.term("level", code, lang),
        meeting_kind=lambda code: present.term("kind", code, lang),
        award_counts=lambda award: present.award_counts(award, lang),
        format=lambda code: present.term("format", code, lang),
        role=lambda code: present.term("role", code, lang),
        language=lambda code: present.term("language", code, lang),
        measure=lambda code: present.term("measure", code, lang),
        number=lambda n: present.number(n, lang),
        meta=front_matter,
        attr=html_attr,
    )
    env.globals.update(
        # Plain words for front matter, which is not Markdown (`_` escapes for Markdown).
        t_=lang._,
        lang=lang,
        languages=LANGUAGES,
        columns=column_notes(lang),
        scope_page=scope_page,
        scope_period_page=scope_period_page,
    )
    return env


class Page:
    """The helpers a template gets for one page: links relative to it, its charts."""

    def __init__(self, address: Address, charts: list[Chart[Any]]) -> None:
        self.address = address
        self.lang = address.lang
        self.charts = charts

    def url(self, kind: str, key: Any = None) -> str:
        """The relative address of another page of the same language."""
        return self.address.link(url_for(kind, key, self.lang).file)

    def file(self, path: str) -> Markup:
        """The relative address of a generated file (a figure, a data file)."""
        return safe_href(self.address.link(path))

    def href(self, path: str) -> Markup:
        """The relative address of a generated file in raw HTML (a map's <object>)."""
        return safe_href(self.address.href(path))

    def figure_data(self, chart: Chart[Any]) -> Markup:
        """The relative address of a chart's data file."""
        return self.file(figure_data(chart.spec.path))

    def vi(self, name: object) -> Markup:
        """A Vietnamese name: marked as Vietnamese on pages in another language."""
        return self.words(name, "vi")

    def words(self, text: object, code: str) -> Markup:
        """Words in the language `code` (a source's): marked as such on other pages."""
        if self.lang.code == code:
            return md_text(text)
        return Markup('<span lang="{}">{}</span>').format(code, md_text(text))

    def link(
        self, label: object, kind: str, key: Any = None, anchor: str = "", vi: bool = False
    ) -> Markup:
        """A link to another page; `vi` marks a Vietnamese label on other pages."""
        href = self.url(kind, key) + (f"#{anchor}" if anchor else "")
        marked = "{ lang=vi }" if vi and self.lang.code != "vi" else ""
        return md_link(label, href) + Markup(marked)

    def link_out(self, label: object, url: str, code: str | None = None) -> Markup:
        """A link to an article; a headline in another language (`code`) is marked as such."""
        marked = f"{{ lang={code} }}" if code and code != self.lang.code else ""
        return md_link(label, url) + Markup(marked)

    def source_mark(self, conference: Conference, number: int, source_id: str) -> Markup:
        """'[2]': a source's number, linked to its entry on the conference page."""
        return md_link(number, f"{self.url('conference', conference)}#source-{source_id}")

    def cite(self, row: Row) -> Markup:
        """Each source's mark and the number as it wrote it; a tap shows the article's words
        around it, with a link that opens the article at them."""
        marks = []
        for citation in row.obs.citations:
            mark = self.source_mark(row.conference, citation.number, citation.source.id)
            written = citation.written or citation.change_written or citation.target_written
            marks.append(mark + " " + self._quoted(citation.source, written, citation.quote))
        return Markup(" ").join(marks)

    def award_cite(self, conference: Conference, award: Award) -> Markup:
        """An award's source mark and its counts as written, opening the source's words."""
        number = source_numbers(conference.sources)[award.source]
        source = next(s for s in conference.sources if s.id == award.source)
        mark = self.source_mark(conference, number, award.source)
        return mark + " " + self._quoted(source, award.written, award.quote)

    def _quoted(self, source: Source, written: str | None, quote: str) -> Markup:
        """'“written”' (or, with nothing written, "the source's words"); tapping shows the
        source's words and a link opening the article at them."""
        lang = self.lang
        url = present.quote_link(source, quote)
        opening = (
            md_link(lang._("open the article at these words ↗"), url)
            if url
            else md_text(lang._("address of the article not known"))
        )
        summary = f"“{written}”" if written else lang._("the source's words")
        return Markup(
            '<details class="quote"><summary>{summary}</summary>'
            '<q lang="{lang}">{quote}</q> · {opening}</details>'
        ).format(
            summary=md_text(summary),
            lang=html_attr(source.language),
            quote=md_text(quote),
            opening=opening,
        )

    def differs(self, row: Row) -> Markup:
        """'⚠ other sources print: 49,714 [3]; nearly 50,000 [2]'."""
        shown = [
            Markup("{value} {marks}").format(
                value=md_text(present.display_value(o, self.lang)),
                marks=Markup(" ").join(
                    self.source_mark(row.conference, c.number, c.source.id) for c in o.citations
                ),
            )
            for o in row.others
        ]
        return md_text(self.lang._("⚠ other sources print:")) + " " + Markup("; ").join(shown)

    def charts_of(self, group: str | None = None) -> list[Chart[Any]]:
        """The page's charts, or those of one part of it."""
        return [c for c in self.charts if group is None or c.group == group]

    def scope_link(self, scope: Scope) -> Markup:
        """A link to the page of whom a number is about."""
        kind, key = scope_page(scope)
        label = present.scope_label(scope, self.lang)
        return self.link(label, kind, key, vi=scope.level == "province")


def render_page(env: Environment, template: str, page: Page, view: Mapping[str, Any]) -> str:
    """One page; a template error names the page and the template."""
    try:
        return env.get_template(template).render({"page": page, **view})
    except Exception as exc:  # a template or a helper failed: say which page and template
        what = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
        raise RenderError(
            f"rendering {page.address.file} with templates/{template}: {what}"
        ) from exc
