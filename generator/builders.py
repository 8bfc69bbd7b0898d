"""The exported Markdown tree as a project of its own, for a builder that runs no plugin:
Zensical (which reads mkdocs.yml but runs no MkDocs plugin or hook) or plain `mkdocs build`.

    python -m generator.builders project OUT [--root DIR]   # OUT/docs from `build --out`
    python -m generator.builders index SITE [--content DIR] # Pagefind on a built site

`project` writes OUT/mkdocs.yml (the project's own, without the plugin, with what the plugin
adds at build time written out: the navigation and the theme's addresses), the theme
overrides (OUT/overrides) and the static assets beside the generated pages (OUT/docs).
`index` writes the search index of a site any builder made (generator/search.py only reads
the built HTML).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from .kinds import KINDS
from .languages import LANGUAGES, Language
from .urls import navigation, theme_addresses, url_for

PLUGIN = "conference-site"
# Written by `build --out`: only such a tree gets a project around it.
MARKER = ".generated-by-vn-review-site"


class _Tagged:
    """A YAML value with a tag this module passes through untouched (!ENV, !!python/name)."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag = tag
        self.node = node


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml keeping its tagged values as they are written."""


class _Dumper(yaml.SafeDumper):
    """Writes the tagged values back with their tags; no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _keep(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, node)


def _write(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    node = data.node
    if isinstance(node, yaml.ScalarNode):
        return dumper.represent_scalar(data.tag, node.value)
    values = [loader_value(n) for n in node.value]
    return dumper.represent_sequence(data.tag, values)


def loader_value(node: yaml.Node) -> Any:
    """A plain value of a node inside a tagged sequence (!ENV [NAME, default])."""
    return yaml.load(yaml.serialize(node), Loader=_Loader)


_Loader.add_multi_constructor("!", _keep)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_Dumper.add_representer(_Tagged, _write)


def _section_urls(lang: Language) -> list[tuple[str, str]]:
    """The pages that open a section in `lang`, with their addresses."""
    return [
        (kind.name, url_for(kind.name, None, lang).url)
        for kind in KINDS
        if kind.section is not None
    ]


def project_config(mkdocs_yml: Path) -> dict[str, Any]:
    """The project's MkDocs configuration for the exported tree: no plugin, and what the
    plugin sets at build time written out."""
    config: dict[str, Any] = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=_Loader)
    plugins = [p for p in config.get("plugins", []) if p != PLUGIN and PLUGIN not in p]
    config["plugins"] = plugins
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["theme"] = {**config["theme"], "custom_dir": "overrides"}
    config["nav"] = [{title: path} for lang in LANGUAGES for title, path in navigation(lang)]
    editions = theme_addresses()
    # Zensical's navigation items have no file, only an address: its sections by address.
    for lang in LANGUAGES:
        editions[lang.code]["urls"] = [url for _, url in _section_urls(lang)]
    config["extra"] = {**config.get("extra", {}), "editions": editions}
    return config


def write_project(root: Path, out: Path) -> Path:
    """Write OUT/mkdocs.yml, OUT/overrides and the static assets into OUT/docs; returns the
    configuration file."""
    docs = out / "docs"
    if not (docs / MARKER).is_file():
        raise SystemExit(f"{docs} is not a tree written by `python -m generator build --out`")
    source = root / "mkdocs.yml"
    config = project_config(source)
    site_config = root / "site_config"
    overrides = out / "overrides"
    shutil.rmtree(overrides, ignore_errors=True)
    shutil.copytree(site_config / "overrides", overrides)
    shutil.copytree(site_config / "docs", docs, dirs_exist_ok=True)
    target = out / "mkdocs.yml"
    header = f"# Written by `python -m generator.builders project` from {source.name}.\n"
    body = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    target.write_text(header + body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """The command line: `project OUT` or `index SITE`."""
    parser = argparse.ArgumentParser(prog="python -m generator.builders")
    parser.add_argument("--root", type=Path, default=Path(), help="project root")
    parser.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("project", help="a builder project around OUT/docs").add_argument(
        "out", type=Path
    )
    sub.add_parser("index", help="the search index of a built site").add_argument("site", type=Path)
    args = parser.parse_args(argv)
    if args.command == "project":
        print(f"wrote {write_project(args.root, args.out)}")
        return 0
    from .errors import ContentError
    from .search import SearchError, index_site
    from .validate import load_corpus

    try:
        stats = index_site(args.site, load_corpus(args.content or args.root / "content"))
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except SearchError as exc:
        print(f"search index: {exc}", file=sys.stderr)
        return 1
    print("indexed " + ", ".join(f"{code}: {n}" for code, n in stats.pages.items()) + " pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
