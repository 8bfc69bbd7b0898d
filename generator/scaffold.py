"""`python -m generator new`: start a conference file that is sound but for the placeholders
("TODO: …") the curator must replace before `check` accepts it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from .content import CONFERENCES_DIR
from .errors import ContentError, Problem
from .escape import safe_url
from .load import parse_yaml
from .model import place_slug
from .shape import PLACEHOLDER_MARKER, PLACEHOLDER_MESSAGE
from .validate import read_registries, validate_conference

# Every value below is written by `_quoted` (or is a checked date): a line break, ' #' or ': '
# in an argument stays inside its value.
_TEMPLATE = """\
# yaml-language-server: $schema=../conference.schema.json
id: {id}
# Every "TODO" below is yours to write: `check` and the build refuse the file until it is gone.
title:
  en: {title_en}
  vi: {title_vi}
date: {date}
level: {level}
{kind}{where}committees: [{committees}]
# committees_note: {{en: …, vi: …}}   # only if no source prints the committee's name
period: {period}
# format: online | in_person | hybrid
# organiser: {{en: Government Office, vi: Văn phòng Chính phủ}}   # who convened it, if printed
summary:
  en: "TODO: two or three sentences in your own words"
  vi: "TODO: hai, ba câu bằng lời của bạn"
{bridges}
people: []
#  - name: Full Name With Diacritics
#    title: {{en: Position as the source states it, vi: Chức vụ như nguồn ghi}}
#    role: chair{person_bridge}

sources:
  - id: source-1
    publisher: {publisher}
{source_title}    language: {language}
{url}{published}{source_bridge}    committee_as_printed: "TODO: as printed, or use committees_note"

metrics: []
# One entry per number; see README "Add a conference" for every field, with real examples.
#  - id: cases-detected
#    indicator: social_order_crimes        # a key of content/indicators.yaml
#    scope: national        # or a province slug, {{region: key}}, {{province, district}}
#    value: 58086
#    change: {{direction: increase, value: 0.07, unit: percent}}    # versus: same_period (default)
#    sources:
#      - source: source-1
#        written: "58.086"                 # exactly as printed, with its qualifier word
#        change_written: "0,07%"
#        quote: "toàn quốc xảy ra 58.086 vụ phạm tội về trật tự xã hội, tăng 0,07%"

directives: []
#  - text: {{en: One line in your own words., vi: Một dòng bằng lời của bạn.}}
#    source: source-1

awards: []
"""


def _quoted(text: str) -> str:
    """One YAML double-quoted scalar: a JSON string (valid YAML), with every character that is
    not printable text escaped too (YAML would read U+2028 or U+0085 as a line break)."""
    return "".join(
        char
        if char.isprintable()
        else f"\\u{ord(char):04x}"
        if ord(char) <= 0xFFFF
        else f"\\U{ord(char):08x}"
        for char in json.dumps(text, ensure_ascii=False)
    )


def conference_id(args: argparse.Namespace) -> str:
    """'2025-01-20-nghe-an-138-review-2024', '2019-08-22-region-mien-trung-138-review-2019-h1'."""
    where = f"region-{args.region}" if args.level == "regional" else args.host or "national"
    if args.district or args.commune:
        where = f"{where}-{place_slug(args.district or args.commune)}"
    committees = "-".join(sorted(set(args.committee)))
    return f"{args.date}-{where}-{committees}-review-{args.period.lower().replace('/', '-')}"


def _where(args: argparse.Namespace) -> str:
    """The host, region and venue lines for the conference's level."""
    host = _quoted(args.host or "")
    if args.level == "district":
        kind = f", kind: {_quoted(args.district_kind)}" if args.district_kind else ""
        district = _quoted(args.district or "")
        return f"host: {{province: {host}, district: {district}{kind}}}\n"
    if args.level == "commune":
        return f"host: {{province: {host}, commune: {_quoted(args.commune or '')}}}\n"
    if args.level == "province":
        return f"host: {host}\n"
    if args.level == "regional":
        return f"region: {_quoted(args.region or '')}\nvenue: {_quoted(args.venue or '')}\n"
    return ""


def _bridges(args: argparse.Namespace) -> str:
    """A national conference seen from a provincial bridge: the central venue and that bridge."""
    if not args.bridge:
        return ""
    bridge = _quoted(args.bridge)
    return (
        "bridges:\n"
        "  - id: central\n"
        "    name: {en: Central bridge, vi: Điểm cầu Trung ương}\n"
        f"  - id: {bridge}\n"
        '    name: {en: "TODO: the bridge\'s name", vi: "TODO: tên điểm cầu"}\n'
        f"    province: {bridge}\n"
    )


def render_scaffold(args: argparse.Namespace) -> tuple[str, str]:
    """The id and YAML text of a new conference file."""
    new_id = conference_id(args)
    headline = args.source_title
    bridge = _quoted(args.bridge) if args.bridge else None
    text = _TEMPLATE.format(
        id=_quoted(new_id),
        title_en=_quoted(args.title or f"{PLACEHOLDER_MARKER}: a short title in your own words"),
        title_vi=_quoted(args.title_vi or f"{PLACEHOLDER_MARKER}: tiêu đề ngắn bằng lời của bạn"),
        date=_day(args.date, "date").isoformat(),
        level=_quoted(args.level),
        kind=f"kind: {_quoted(args.kind)}\n"
        if args.kind
        else "# kind: review      # review (the default) | working_session | briefing | launch\n",
        where=_where(args),
        committees=", ".join(_quoted(c) for c in sorted(set(args.committee))),
        period=_quoted(args.period),
        bridges=_bridges(args),
        person_bridge=f"\n#    bridge: {bridge}" if bridge else "",
        publisher=_quoted(args.publisher),
        source_title=f"    title: {_quoted(headline)}\n"
        if headline
        else "    # title: headline as published\n",
        language=_quoted(args.language),
        url=f"    url: {_quoted(args.url)}\n" if args.url else "    # url: https://…\n",
        published=f"    published: {_day(args.published, 'published').isoformat()}\n"
        if args.published
        else "",
        source_bridge=f"    bridge: {bridge}\n" if bridge else "",
    )
    return new_id, text


def _refused(option: str, message: str) -> ContentError:
    """A problem with an argument of `new`, printed as 'new: --option: message'."""
    return ContentError([Problem("new", 0, f"--{option}", message)])


def _day(value: str, option: str) -> dt.date:
    """A YYYY-MM-DD argument as a date."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None and day.isoformat() == value:  # not '20250920' or '2025-W38-6'
        return day
    raise _refused(option, f"{value!r} is not a date written YYYY-MM-DD")


def scaffold(content: Path, args: argparse.Namespace) -> Path:
    """Write content/conferences/<id>.yaml after checking all but its placeholders are sound;
    never overwrite."""
    if args.url:
        try:
            safe_url(args.url)
        except ValueError as exc:
            raise _refused("url", f"the address {exc}") from None
    new_id, text = render_scaffold(args)
    display = f"{CONFERENCES_DIR}/{new_id}.yaml"
    loaded = parse_yaml(text, display)
    registries, problems = read_registries(content)
    if registries is not None:
        problems = validate_conference(loaded, registries)[1]
    # The placeholders are the curator's to replace: everything else must already be sound.
    problems = [p for p in problems if not p.message.startswith(PLACEHOLDER_MESSAGE)]
    if problems:
        raise ContentError(problems)
    target = content / CONFERENCES_DIR / f"{new_id}.yaml"
    if target.exists():
        raise FileExistsError(17, "a conference file with this id exists already", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
