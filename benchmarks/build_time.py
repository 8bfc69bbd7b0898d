"""Print how long the site takes to build: the core alone, and a full `mkdocs build` with an
empty and with a warm figure cache.

    .venv/bin/python benchmarks/build_time.py [PROJECT]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent


def mkdocs(project: Path, cache: Path) -> float:
    """Seconds for a plain `mkdocs build --strict` of a copy of the project."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VN_REVIEW_CACHE": str(cache)}
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        check=True,
        env=env,
        cwd=project,
    )
    return time.perf_counter() - started


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator.site import build_site

    started = time.perf_counter()
    output = build_site(ROOT, draw=False)
    core = time.perf_counter() - started
    pages = sum(p.endswith(".md") for p in output.files)
    # Each drawing once: its dark variant is the same drawing, recoloured.
    figures = sum(p.endswith(".svg") and not p.endswith(".dark.svg") for p in output.files)
    with tempfile.TemporaryDirectory() as folder:
        project, cache = Path(folder) / "project", Path(folder) / "cache"
        project.mkdir()
        for name in ("content", "templates", "site_config", "generator"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "mkdocs.yml", project)
        cold = mkdocs(project, cache)
        warm = mkdocs(project, cache)
        size = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    print(f"pages (Markdown)        {pages}")
    print(f"figures                 {figures}")
    print(f"core, no drawing        {core:6.1f} s")
    print(f"mkdocs build, cold      {cold:6.1f} s")
    print(f"mkdocs build, warm      {warm:6.1f} s")
    print(f"site size               {size / 1e6:6.1f} MB")


if __name__ == "__main__":
    main()
