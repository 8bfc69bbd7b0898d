"""The pure core: content folder in, {path: text or bytes} out. Knows nothing of MkDocs."""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .charts import figure_csv, plan_charts
from .export import observations_csv, observations_json
from .figures import RenderStats, default_cache_dir, render_all
from .model import Corpus
from .render import render_pages
from .staging import Staging
from .validate import load_corpus

SiteFiles = dict[str, str | bytes]
# `build --out` only ever replaces a folder that holds this file, which it wrote itself.
OUTPUT_MARKER = ".generated-by-vn-review-site"
# A link's "](target)"; an escaped "\]" in text is no link.
_LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class SiteError(RuntimeError):
    """The generated site is inconsistent (a bug, not a content problem): two files on one
    path, or a link to a page that does not exist."""


@dataclass(frozen=True)
class SiteOutput:
    """Generated files, the corpus they show, and figure cache statistics."""

    files: SiteFiles
    corpus: Corpus
    figures: RenderStats


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[object]:
    """A progress bar for figures when a person watches a terminal; silent otherwise."""
    if not (enabled and sys.stderr.isatty() and not os.environ.get("CI")):
        yield lambda n: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("figures", total=total)
        yield lambda n: bar.advance(task, n)


def _add(files: SiteFiles, path: str, content: str | bytes) -> None:
    """Add one file; a second file on the same path is a bug, never a silent overwrite."""
    if path in files:
        raise SiteError(f"two generated files share the path {path!r}")
    files[path] = content


def build_site(
    root: Path,
    *,
    cache_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
    draw: bool = True,
) -> SiteOutput:
    """Load and validate all content, then render every page, figure and data file.

    With `draw=False` figures are planned but not drawn: the checks a build makes, quickly.
    """
    corpus = load_corpus(root / "content")
    plan = plan_charts(corpus)
    files: SiteFiles = {}
    for path, page in render_pages(corpus, plan, root / "templates").items():
        _add(files, path, page)
    stats = RenderStats(drawn=0, cached=0)
    if draw:
        cache = Path(cache_dir) if cache_dir else default_cache_dir()
        distinct = len({spec.digest for spec in plan.specs.values()})
        with _progress(distinct, progress) as advance:
            figures, stats = render_all(plan.specs, cache, jobs, advance)  # type: ignore[arg-type]
    else:
        figures = dict.fromkeys(plan.specs, b"")
    for path, svg in figures.items():
        _add(files, path, svg)
    for spec in plan.specs.values():
        _add(files, spec.path[: -len(".svg")] + ".csv", figure_csv(spec))
    _add(files, paths.CSV, observations_csv(corpus))
    _add(files, paths.JSON, observations_json(corpus))
    check_links(files)
    return SiteOutput(dict(sorted(files.items())), corpus, stats)


def check_links(files: Mapping[str, str | bytes]) -> None:
    """Every relative link in a generated page leads to a generated file."""
    for path, content in files.items():
        if not path.endswith(".md") or not isinstance(content, str):
            continue
        body = _FRONT_MATTER.sub("", content, count=1)
        for target in _LINK.findall(body):
            if target.startswith(("http://", "https://", "#")):
                continue
            file = target.split("#", 1)[0]
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
            if resolved not in files:
                raise SiteError(f"{path} links to {target!r}, which is not generated")


def _writable_output(out: Path) -> None:
    """Refuse to replace anything but an empty folder or one this command wrote before."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out} exists and is not a folder: choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / OUTPUT_MARKER).is_file():
        raise SiteError(
            f"{out} is not empty and was not written by `build --out`: refusing to replace it "
            "(choose an empty or new folder)"
        )


def write_tree(files: Mapping[str, str | bytes], out: Path) -> int:
    """Write files into a staging folder, then swap it in: a failed write leaves `out` as it was."""
    _writable_output(out)
    staging = Staging(out)
    folder = staging.begin()
    try:
        for rel, content in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        (folder / OUTPUT_MARKER).write_text(
            "Written by `python -m generator build --out`; replaced on the next build.\n",
            encoding="utf-8",
        )
        staging.commit()
    except BaseException:
        staging.abandon()
        raise
    return len(files)
