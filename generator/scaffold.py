"""`python -m generator new`: start a conference file that already validates."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from .content import CONFERENCES_DIR
from .errors import ContentError, Problem
from .load import parse_yaml
from .model import place_slug
from .validate import read_registries, validate_conference

_TEMPLATE = """\
# yaml-language-server: $schema=../conference.schema.json
id: {id}
title:
  en: {title}
date: {date}
level: {level}
{host}committees: [{committees}]
period: "{period}"
# format: online | in_person | hybrid
# summary:
#   en: Two or three sentences in your own words.

people: []
#  - name: Full Name With Diacritics
#    title: {{en: Position as the source states it}}
#    role: chair

sources:
  - id: source-1
    publisher: {publisher}
    title: {source_title}
    language: {language}
{url}
metrics: []
# Add one entry per number. Copy `written` exactly as the source prints it.
#  - id: cases-detected
#    indicator: social_order_crimes        # see content/indicators.yaml
#    scope: national                       # or a province slug, e.g. nghe-an
#    value: 1234
#    change: {{direction: decrease, value: 5.2, unit: percent}}
#    sources:
#      - source: source-1
#        written: "1,234"                  # "1.234" in a Vietnamese source
#        change_written: "5.2%"

directives: []
#  - text: {{en: One line in your own words.}}
#    source: source-1

awards: []
"""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def conference_id(args: argparse.Namespace) -> str:
    """'2025-01-20-nghe-an-138-review-2024'."""
    where = args.host or "national"
    if args.district:
        where = f"{where}-{place_slug(args.district)}"
    committees = "-".join(sorted(set(args.committee)))
    return f"{args.date}-{where}-{committees}-review-{args.period.lower().replace('/', '-')}"


def render_scaffold(args: argparse.Namespace) -> tuple[str, str]:
    """The id and YAML text of a new conference file."""
    new_id = conference_id(args)
    if args.level == "district":
        host = f"host: {{province: {args.host}, district: {_quoted(args.district or '')}}}\n"
    elif args.level == "province":
        host = f"host: {args.host}\n"
    else:
        host = ""
    where = args.district or args.host or "national"
    title = (
        args.title or f"{where} review of {args.period} (committees {', '.join(args.committee)})"
    )
    text = _TEMPLATE.format(
        id=new_id,
        title=_quoted(title),
        date=args.date,
        level=args.level,
        host=host,
        committees=", ".join(_quoted(c) for c in sorted(set(args.committee))),
        period=args.period,
        publisher=_quoted(args.publisher),
        source_title=_quoted(args.source_title),
        language=args.language,
        url=f"    url: {args.url}\n" if args.url else "    # url: https://…\n",
    )
    return new_id, text


def scaffold(content: Path, args: argparse.Namespace) -> Path:
    """Write content/conferences/<id>.yaml after checking it validates; never overwrite."""
    try:
        dt.date.fromisoformat(args.date)
    except ValueError:
        raise ContentError([Problem("--date", 0, "", f"{args.date!r} is not YYYY-MM-DD")]) from None
    new_id, text = render_scaffold(args)
    display = f"{CONFERENCES_DIR}/{new_id}.yaml"
    loaded = parse_yaml(text, display)
    registries, problems = read_registries(content)
    if registries is not None:
        problems = validate_conference(loaded, registries)[1]
    if problems:
        raise ContentError(problems)
    target = content / CONFERENCES_DIR / f"{new_id}.yaml"
    if target.exists():
        raise FileExistsError(17, "a conference file with this id exists already", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
