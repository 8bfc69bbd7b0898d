"""The pure core: content folder in, {path: text or bytes} out. Knows nothing of MkDocs."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .charts import figure_csv, plan_charts
from .errors import Problem
from .export import observations_csv, observations_json
from .figures import RenderStats, default_cache_dir, render_all
from .render import render_pages
from .validate import load_corpus

SiteFiles = dict[str, str | bytes]


@dataclass(frozen=True)
class SiteOutput:
    """Generated files, the warnings met on the way, and figure cache statistics."""

    files: SiteFiles
    warnings: tuple[Problem, ...]
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


def build_site(
    root: Path,
    *,
    cache_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
) -> SiteOutput:
    """Load and validate all content, then render every page, figure and data file."""
    corpus, warnings = load_corpus(root / "content")
    plan = plan_charts(corpus)
    pages = render_pages(corpus, plan, root / "templates")
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    distinct = len({spec.digest for spec in plan.specs.values()})
    with _progress(distinct, progress) as advance:
        figures, stats = render_all(plan.specs, cache, jobs, advance)  # type: ignore[arg-type]
    files: SiteFiles = {**pages, **figures}
    for spec in plan.specs.values():
        files[spec.path[: -len(".svg")] + ".csv"] = figure_csv(spec)
    files[paths.CSV] = observations_csv(corpus)
    files[paths.JSON] = observations_json(corpus)
    return SiteOutput(dict(sorted(files.items())), tuple(warnings), stats)


def write_tree(files: Mapping[str, str | bytes], out: Path) -> int:
    """Write files into a fresh folder, then swap it in: a failed write leaves `out` as it was."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, content in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        backup = out.with_name(f".{out.name}.old")
        if out.exists():
            out.rename(backup)
        staging.rename(out)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)
