"""Render each page of each kind (kinds.py) to Markdown with its Jinja template, in one
language: the same templates serve every language, their words come from the catalogs."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from . import present
from .charts import Chart
from .escape import front_matter, html_attr, md_link, md_text, safe_href
from .export import LICENCE, LICENCE_URL, column_notes
from .kinds import Row, scope_page, scope_period_page
from .languages import LANGUAGES, N_, Language
from .model import Conference, Observation, Scope, text
from .numbers import plain_number
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
    """The Jinja environment of one language: strict, Markdown-escaping, translated. One per
    folder and language in a process, so that `mkdocs serve` compiles a template again only
    when it changed (Jinja checks each template's file before using its compiled form)."""
    return _environment(str(templates.absolute()), lang)


@functools.lru_cache(maxsize=16)
def _environment(templates: str, lang: Language) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
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
        licence={"name": LICENCE, "url": LICENCE_URL},
        scope_page=scope_page,
        scope_period_page=scope_period_page,
    )
    return env


class Page:
    """The helpers a template gets for one page: links relative to it, its charts, its own
    downloads (their stem, when it offers them)."""

    def __init__(
        self, address: Address, charts: list[Chart[Any]], downloads: str | None = None
    ) -> None:
        self.address = address
        self.lang = address.lang
        self.charts = charts
        self.downloads = downloads

    def url(self, kind: str, key: Any = None) -> str:
        """The relative address of another page of the same language."""
        return self.address.link(url_for(kind, key, self.lang).file)

    def file(self, path: str) -> Markup:
        """The relative address of a generated file (a figure, a data file)."""
        return safe_href(self.address.link(path))

    def download(self, extension: str) -> Markup:
        """The relative address of the page's own download: 'csv' or 'json'."""
        assert self.downloads, "only a page that offers downloads links them"
        return self.file(f"{self.downloads}.{extension}")

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

    def check(self, obs: Observation, anchored: bool = False) -> Markup:
        """The observation's value as the site writes it; a tap (or Enter) opens how each
        source printed it, its words around it, the source and a link to those words.
        `anchored` on its conference's page, where other pages link each number's check."""
        return self._check(
            value_key(obs),
            present.display_value(obs, self.lang),
            [
                self._source_words(
                    c.source,
                    (
                        (N_("printed as"), c.written),
                        (N_("change printed as"), c.change_written),
                        (N_("target printed as"), c.target_written),
                    ),
                    c.quote,
                )
                for c in obs.citations
            ],
            number_anchor(obs) if anchored else "",
        )

    def to_check(self, obs: Observation, conference: Conference) -> Markup:
        """The observation's value as the site writes it (with its sort key), linked to its
        check on its conference's page: a listing too long to hold every check."""
        shown = _keyed(value_key(obs), present.display_value(obs, self.lang))
        return self.link(shown, "conference", conference, anchor=number_anchor(obs))

    def award_check(self, conference: Conference, award: Award) -> Markup:
        """An award's recipients as the site writes them, opening, as a number's check does,
        how the source printed them and its words about the award."""
        source = next(s for s in conference.sources if s.id == award.source)
        counts = [award.collectives, award.individuals, award.recipients]
        key = sum(n for n in counts if n is not None) if any(n is not None for n in counts) else ""
        printed = ((N_("printed as"), award.written),)
        return self._check(
            str(key),
            present.award_counts(award, self.lang),
            [self._source_words(source, printed, award.quote)],
        )

    def _check(self, key: str, shown: str, sources: list[Markup], anchor: str = "") -> Markup:
        """A value (with its machine sort key) that opens the words of its sources; `anchor`,
        its id, where other pages link it."""
        return Markup(
            '<details class="check"{anchor}><summary>{value}</summary>'
            '<span class="check-body">{sources}</span></details>'
        ).format(
            anchor=Markup(' id="{}"').format(html_attr(anchor)) if anchor else "",
            value=_keyed(key, shown),
            sources=Markup("").join(sources),
        )

    def _source_words(
        self, source: Source, printed: tuple[tuple[str, str | None], ...], quote: str
    ) -> Markup:
        """What one source printed (each written form, with its label), its words, who
        published it, and the link that opens the article at those words."""
        lang = self.lang
        mark = self.language_mark(source.language)
        forms = [
            Markup("{label} {words}").format(
                label=md_text(lang._(label)), words=self.words(f"“{written}”", source.language)
            )
            for label, written in printed
            if written
        ]
        who = [self.words(source.publisher, source.language)]
        if source.published:
            who.append(md_text(present.short_date(source.published, lang)))
        who.append(
            self.words(source.title, source.language)
            if source.title
            else md_text(lang._("headline not recorded"))
        )
        url = present.quote_link(source, quote)
        opening = (
            md_link(lang._("open the article at these words ↗"), url)
            if url
            else md_text(lang._("address of the article not known"))
        )
        return Markup(
            '<span class="check-source">{written}<q lang="{code}">{quote}</q>{mark}'
            '<span class="check-by">{who}</span><span class="check-open">{opening}</span></span>'
        ).format(
            written=(
                Markup('<span class="check-written">{}{}</span>').format(
                    Markup(" · ").join(forms), mark
                )
                if forms
                else ""
            ),
            mark=mark,
            code=html_attr(source.language),
            quote=md_text(quote),
            who=Markup(" · ").join(who),
            opening=opening,
        )

    def language_mark(self, code: str) -> Markup:
        """' (in English)' after words in another language than the page's; '' otherwise."""
        if code == self.lang.code:
            return Markup("")
        return Markup(' <span class="lang-mark">({})</span>').format(
            md_text(present.term("in_language", code, self.lang))
        )

    def differs(self, row: Row) -> Markup:
        """'⚠ other sources print: 49,714; nearly 50,000' (each has its own row and check)."""
        shown = [md_text(present.display_value(o, self.lang)) for o in row.others]
        return md_text(self.lang._("⚠ other sources print:")) + " " + Markup("; ").join(shown)

    def charts_of(self, group: str | None = None) -> list[Chart[Any]]:
        """The page's charts, or those of one part of it."""
        return [c for c in self.charts if group is None or c.group == group]

    def scope_link(self, scope: Scope) -> Markup:
        """A link to the page of whom a number is about."""
        kind, key = scope_page(scope)
        label = present.scope_label(scope, self.lang)
        return self.link(label, kind, key, vi=scope.level == "province")


def _keyed(key: str, shown: str) -> Markup:
    """A value as the site writes it, with the machine value its table sorts it by."""
    return Markup('<data value="{key}">{shown}</data>').format(
        key=html_attr(key), shown=md_text(shown)
    )


def number_anchor(obs: Observation) -> str:
    """The id of a number's check on its conference's page, from its key, so that links to it
    stay valid: 'number-seizures' ('number-seizures--cases' for one part of a figure in parts;
    a metric id never holds '--')."""
    half = f"--{obs.unit.key}" if obs.paired else ""
    return f"number-{obs.metric_id}{half}"


def value_key(obs: Observation) -> str:
    """The number a value sorts by, in plain machine form ('146678', '0.4717' for 217/460);
    '' when the source gives none."""
    if obs.ratio is not None:
        numerator, denominator = obs.ratio
        return plain_number(round(Decimal(numerator) / Decimal(denominator), 6))
    return plain_number(obs.value) if obs.value is not None else ""


def render_page(env: Environment, template: str, page: Page, view: Mapping[str, Any]) -> str:
    """One page; a template error names the page and the template."""
    try:
        return env.get_template(template).render({"page": page, **view})
    except Exception as exc:  # a template or a helper failed: say which page and template
        what = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
        raise RenderError(
            f"rendering {page.address.file} with templates/{template}: {what}"
        ) from exc
