"""Command line: check content, scaffold a conference, export data, write the Markdown tree."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .errors import ContentError, log_safe
from .export import csv_download, observations_csv, observations_json
from .schema import COMMITTEES, DISTRICT_KINDS, MEETING_KINDS, conference_json_schema
from .validate import load_corpus

SCHEMA_FILE = "conference.schema.json"


def _content(args: argparse.Namespace) -> Path:
    """The content folder: --content, else the project root's content/."""
    return Path(args.content) if args.content else Path(args.root) / "content"


def cmd_check(args: argparse.Namespace) -> int:
    """Run every check the build runs (all but drawing figures) on the content folder given,
    rendering with the project's templates; print problems or a summary."""
    from .site import build_site

    output = build_site(Path(args.root), content=_content(args), draw=False)
    _print_warnings(output.warnings)
    if args.strict and output.warnings:
        count = len(output.warnings)
        print(f"{count} warning{'s' if count != 1 else ''} in strict mode.", file=sys.stderr)
        return 1
    corpus = output.corpus
    counts = (
        f"{len(corpus.conferences)} conferences, {len(corpus.observations)} observations, "
        f"{len(corpus.catalog.indicators)} indicators, "
        f"{len(corpus.provinces.units)} provincial units"
    )
    print(f"OK: {counts}; {len(output.files)} files would be generated.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """List what a careful reader would doubt across files; exit 1 on an open finding."""
    from .audit import audit, report
    from .validate import load_corpus

    findings = audit(load_corpus(_content(args)))
    for line in report(findings).splitlines():
        print(log_safe(line, limit=2000))
    return 1 if any(f.acknowledged is None for f in findings) else 0


def _print_warnings(warnings: Sequence[str]) -> None:
    """Each thing the build left out, one line each."""
    for warning in warnings:
        print(f"warning: {log_safe(warning)}", file=sys.stderr)


def schema_text() -> str:
    """The conference JSON Schema as committed to content/."""
    return json.dumps(conference_json_schema(), ensure_ascii=False, indent=2) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or check) content/conference.schema.json."""
    target = _content(args) / SCHEMA_FILE
    expected = schema_text()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != expected:
            print(f"{target} is out of date: run `python -m generator schema`", file=sys.stderr)
            return 1
        print(f"{target} is up to date.")
        return 0
    target.write_text(expected, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Print or write every observation as CSV or JSON."""
    corpus = load_corpus(_content(args))
    observations = corpus.observations
    if args.format == "json":
        text = observations_json(observations)
    elif args.output:  # a file, for a spreadsheet: with the byte-order mark Excel needs
        text = csv_download(observations)
    else:
        text = observations_csv(observations)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {len(corpus.observations)} observations to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    """Update (or check) the translation catalogs from the templates and the code."""
    from .catalog import run

    problems = run(Path(args.templates), check=args.check)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("catalogs are complete" if args.check else "catalogs updated")
    return 1 if problems else 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a conference file that validates."""
    from .scaffold import scaffold

    path = scaffold(_content(args), args)
    print(
        f"created {path}\nnext: replace every TODO (title, summary, names) in your own words, "
        "add metrics, then run `python -m generator check`"
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Write the generated Markdown tree (pages, figures, data) to a folder."""
    from .site import build_site, write_tree

    output = build_site(
        Path(args.root), content=_content(args), cache_dir=args.cache, progress=not args.quiet
    )
    _print_warnings(output.warnings)
    count = write_tree(output.files, Path(args.out))
    stats = output.figures
    drawn = f"{stats.drawn} figures drawn in {stats.cpu:.1f}s CPU, {stats.cached} cached"
    print(f"wrote {count} files to {args.out} ({drawn})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Review-conference site generator."
    )
    parser.add_argument(
        "--content", help="content folder (default: content/ of the project root, which is .)"
    )
    parser.set_defaults(root=".")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate all content files")
    check.add_argument(
        "--root", default=".", help="project root whose templates render the pages (default: .)"
    )
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    check.set_defaults(run=cmd_check)

    audit = sub.add_parser(
        "audit", help="list what a careful reader would doubt across files and outlets"
    )
    audit.set_defaults(run=cmd_audit)

    schema = sub.add_parser("schema", help=f"write content/{SCHEMA_FILE}")
    schema.add_argument("--check", action="store_true", help="fail if the file is out of date")
    schema.set_defaults(run=cmd_schema)

    export = sub.add_parser("export", help="every observation as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(run=cmd_export)

    catalog = sub.add_parser("catalog", help="update the translation catalogs")
    catalog.add_argument("--templates", default="templates", help="templates folder")
    catalog.add_argument("--check", action="store_true", help="fail if stale or incomplete")
    catalog.set_defaults(run=cmd_catalog)

    new = sub.add_parser("new", help="scaffold a new conference file")
    new.add_argument("--date", required=True, help="conference day, YYYY-MM-DD")
    new.add_argument(
        "--level",
        required=True,
        choices=("national", "regional", "province", "district", "commune"),
    )
    new.add_argument("--host", help="host province slug (province/district level), e.g. nghe-an")
    new.add_argument("--district", help="host district's name without its kind word, e.g. Bà Rịa")
    new.add_argument(
        "--district-kind",
        choices=DISTRICT_KINDS,
        help="what the host district is (default: district, a huyện)",
    )
    new.add_argument("--commune", help="host commune, for a commune conference (from July 2025)")
    new.add_argument("--kind", choices=MEETING_KINDS, help="kind of meeting (default: review)")
    new.add_argument("--region", help="region key from content/regions.yaml (regional level)")
    new.add_argument("--venue", help="province where a regional meeting was held")
    new.add_argument(
        "--bridge", help="a national conference seen from this province's bridge, e.g. gia-lai"
    )
    new.add_argument("--committee", action="append", choices=COMMITTEES, required=True)
    new.add_argument("--period", required=True, help="reviewed period: 2024, 2024-H1, ...")
    new.add_argument("--publisher", required=True, help="publisher of the first source")
    new.add_argument("--source-title", help="headline of the first source, as published")
    new.add_argument("--language", required=True, choices=("en", "vi"))
    new.add_argument("--url", help="address of the first source")
    new.add_argument("--published", help="publication day of the first source, YYYY-MM-DD")
    new.add_argument("--title", help="English title in your words (default: a TODO)")
    new.add_argument("--title-vi", help="Vietnamese title in your words (default: a TODO)")
    new.set_defaults(run=cmd_new)

    build = sub.add_parser("build", help="write the generated Markdown tree to a folder")
    build.add_argument("--root", default=".", help="project root (default: .)")
    build.add_argument("--out", default="build/docs", help="output folder")
    build.add_argument("--cache", help="figure cache folder")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(run=cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; content problems print as `file:line: field: problem`, exit 1."""
    from .render import RenderError
    from .site import SiteError

    args = build_parser().parse_args(
        [unicodedata.normalize("NFC", a) for a in (sys.argv[1:] if argv is None else argv)]
    )
    try:
        return int(args.run(args))
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (SiteError, RenderError) as exc:
        print(f"error: {log_safe(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {_os_error(exc)}", file=sys.stderr)
        return 1


def _os_error(exc: OSError) -> str:
    """A system error as one sentence, naming its file where it has one."""
    words = log_safe(str(exc.strerror or exc))
    if exc.filename:
        words += f": {log_safe(str(exc.filename))}"
    return words if words.endswith(".") else words + "."
