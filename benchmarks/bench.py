"""The site at scale: write a synthetic corpus of N conferences (benchmarks/corpus.py), build
it every way a maintainer does, and print one table.

    make bench N=250                         # or:
    .venv/bin/python benchmarks/bench.py N [--work DIR] [--skip serve,zensical,query]

Each step runs as its own process tree; its CPU seconds (user + system, of every process in
the tree: figure workers, Pagefind) are the steadier figure on a shared machine, wall seconds
are given beside them, and the machine's load average is printed. Steps:

- cold: `mkdocs build` with an empty figure cache; warm: the same again, nothing changed;
- edit: one number of one conference changed; added: one conference more;
- check: `python -m generator check`;
- floor: plain `mkdocs build` of the exported Markdown tree (`generator build --out`),
  without the plugin; zensical: `zensical build` of the same tree;
- figures drawn by the cold build; CPU ms per figure: the CPU the drawings took (in the
  processes that drew them) / figures drawn; and the cold build's premium per figure:
  (cold - warm) / figures drawn (it includes a whole search index and every page made anew);
- pages (HTML), median and largest page, total site size, search index size, and a cold
  query's bytes in headless Chromium (benchmarks/search.py);
- peak memory: the largest sum of RSS over a step's process tree, sampled;
- serve: `mkdocs serve --dirty` (as `make serve`), from saving a YAML file to the page
  showing the change.

The JSON results (--json) keep each step's timed log lines: the generator's share, MkDocs'
own, and search's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from corpus import ROOT, _Writer, dump, printed, read_registries, write_corpus

BIN = Path(sys.executable).parent
SKIPPABLE = ("serve", "zensical", "query")


@dataclass
class Step:
    """One measured process tree: CPU and wall seconds, peak RSS, what it printed."""

    cpu: float
    wall: float
    rss: int
    output: str = field(repr=False)


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> Step:
    """Run a command to its end; its tree's CPU seconds, wall seconds and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{output[-4000:]}")
    return Step(cpu, wall, peak[0], output)


# The lines of a build's log that say where its time went: the generator's share, MkDocs'
# own, and search's (kept in the JSON results).
TIMED = ("generated ", "Documentation built in", "indexed for search", "search index unchanged")


def _timed(output: str) -> list[str]:
    """A step's log lines that say how long a part of it took."""
    return [line.strip() for line in output.splitlines() if any(t in line for t in TIMED)]


def _drawn(output: str) -> int:
    """Figures drawn, from the plugin's or the command line's summary."""
    for line in output.splitlines():
        if "figures drawn" in line:
            words = line.split("(")[-1].split()
            return int(words[0])
    return 0


def _drawing_cpu(output: str) -> float | None:
    """The CPU seconds the drawings took, from the same summary."""
    found = re.search(r"figures drawn in ([\d.]+)s CPU", output)
    return float(found.group(1)) if found else None


def project(work: Path, n: int) -> Path:
    """A project folder with the synthetic content and the repository's templates and theme."""
    folder = work / "project"
    folder.mkdir(parents=True, exist_ok=True)
    write_corpus(folder, n)
    for name in ("templates", "site_config"):
        link = folder / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def edit_one_number(content: Path, rng: random.Random) -> tuple[str, str]:
    """Change one count of one conference (value, written form and quote); the conference id
    and the new written form."""
    files = sorted((content / "conferences").glob("*.yaml"))
    counts = {k for k, kind in read_registries(content).unit_kinds.items() if kind == "count"}
    catalog = {i["key"]: i for i in read_registries(content).indicators}
    for path in rng.sample(files, len(files)):
        conf = yaml.safe_load(path.read_text("utf-8"))
        for metric in conf["metrics"]:
            indicator = catalog[metric["indicator"]]
            unit = metric.get("unit", indicator["units"][0])
            if "breakdown" in metric or "value" not in metric or unit not in counts:
                continue
            cite = metric["sources"][0]
            language = next(s["language"] for s in conf["sources"] if s["id"] == cite["source"])
            new = printed(Decimal(metric["value"]) + 7919, language)
            cite["quote"] = cite["quote"].replace(cite["written"], new, 1)
            cite["written"] = new
            metric["value"] = metric["value"] + 7919
            path.write_text(dump(conf), encoding="utf-8")
            return conf["id"], new
    raise SystemExit("no number to edit")


def add_conference(content: Path, n: int) -> str:
    """Write conference N + 1."""
    conf = _Writer(random.Random(n + 1), read_registries(content), n + 1).conference()
    (content / "conferences" / f"{conf['id']}.yaml").write_text(dump(conf), encoding="utf-8")
    return str(conf["id"])


def site_sizes(site: Path) -> dict[str, int]:
    """Pages, median and largest page, site size and search index size, in bytes."""
    pages = [p.stat().st_size for p in site.rglob("*.html") if "pagefind" not in p.parts]
    files = [p for p in site.rglob("*") if p.is_file()]
    index = [p for p in files if "pagefind" in p.relative_to(site).parts]
    return {
        "pages": len(pages),
        "median_page": int(statistics.median(pages)),
        "largest_page": max(pages),
        "site": sum(p.stat().st_size for p in files),
        "search_index": sum(p.stat().st_size for p in index),
    }


def cold_query(site: Path, words: str) -> int | None:
    """Bytes a cold query fetches in headless Chromium, or None without Chromium."""
    import search

    if not search.CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    with search.serve(site) as (base, traffic), sync_playwright() as playwright:
        browser = search.launch(playwright)
        try:
            outcome = search.search(browser, base, traffic, "vi", search.Query(words, ()))
        finally:
            browser.close()
    return outcome.sent


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def serve_latency(folder: Path, env: dict[str, str], rng: random.Random) -> float:
    """Seconds from saving an edited YAML file to `mkdocs serve` showing the change."""
    port = 8400 + os.getpid() % 500
    process = subprocess.Popen(
        [BIN / "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 7200
        while _get(base) is None:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(2)
        conf_id, new = edit_one_number(folder / "content", rng)
        saved = time.perf_counter()
        while new not in (_get(f"{base}conferences/{conf_id}/") or ""):
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("mkdocs serve did not show the change")
            time.sleep(0.2)
        return time.perf_counter() - saved
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


class _Steps(dict[str, Step]):
    """Measured steps, each reported on stderr as it ends."""

    def __setitem__(self, name: str, step: Step) -> None:
        super().__setitem__(name, step)
        print(
            f"  {name}: {step.cpu:.1f} s CPU, {step.wall:.1f} s wall, {step.rss / 1e6:.0f} MB",
            file=sys.stderr,
            flush=True,
        )


def measure(n: int, work: Path, skip: set[str]) -> dict[str, Any]:
    """Every step of the table for a corpus of N conferences."""
    folder = project(work, n)
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "VN_REVIEW_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    rng = random.Random(n)
    mkdocs: list[str | Path] = [BIN / "mkdocs", "build"]
    generator: list[str | Path] = [
        BIN / "python",
        "-m",
        "generator",
        "--content",
        folder / "content",
    ]
    steps = _Steps()
    steps["cold"] = run(mkdocs, folder, env)
    steps["warm"] = run(mkdocs, folder, env)
    sizes = site_sizes(folder / "site")
    query = None if "query" in skip else cold_query(folder / "site", "nghe an")
    edited, _ = edit_one_number(folder / "content", rng)
    steps["edit"] = run(mkdocs, folder, env)
    add_conference(folder / "content", n)
    steps["added"] = run(mkdocs, folder, env)
    steps["check"] = run([*generator, "check"], folder, env)
    tree = work / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    run([*generator, "build", "--root", folder, "--out", tree / "docs", "--quiet"], folder, env)
    run([BIN / "python", "-m", "generator.builders", "--root", ROOT, "project", tree], tree, env)
    steps["floor"] = run([BIN / "mkdocs", "build"], tree, env)
    if "zensical" not in skip:
        shutil.rmtree(tree / "site")
        steps["zensical"] = run([BIN / "zensical", "build", "--clean"], tree, env)
    serve = None
    if "serve" not in skip:
        try:
            serve = serve_latency(folder, env, rng)
        except SystemExit as exc:
            print(f"  serve: {exc}", file=sys.stderr)
    cold, warm = steps["cold"], steps["warm"]
    drawn = _drawn(cold.output)
    drawing = _drawing_cpu(cold.output)
    return {
        "n": n,
        "load": os.getloadavg(),
        **{name: {"cpu": s.cpu, "wall": s.wall, "rss": s.rss} for name, s in steps.items()},
        "edit_drawn": _drawn(steps["edit"].output),
        "figures": drawn,
        "ms_per_figure": 1000 * drawing / drawn if drawn and drawing is not None else None,
        "cold_ms_per_figure": 1000 * (cold.cpu - warm.cpu) / drawn if drawn else None,
        **sizes,
        "query": query,
        "peak_rss": max(s.rss for s in steps.values()),
        "serve": serve,
        "edited": edited,
        "logs": {name: _timed(s.output) for name, s in steps.items()},
    }


COLUMNS = (
    "N",
    "cold",
    "warm",
    "one edited number",
    "one added conference",
    "check",
    "floor",
    "zensical",
    "figures drawn",
    "CPU ms / figure",
    "cold - warm / figure",
    "pages",
    "median page",
    "largest page",
    "site",
    "search index",
    "cold query",
    "peak RSS",
    "serve: save to shown",
)


def _s(step: dict[str, float] | None) -> str:
    return "-" if step is None else f"{step['cpu']:,.0f} / {step['wall']:,.0f} s"


def _b(size: float | None) -> str:
    if size is None:
        return "-"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,.0f} B"


def row(r: dict[str, Any]) -> list[str]:
    """One result as the table's cells."""
    ms = r["ms_per_figure"]
    return [
        f"{r['n']:,}",
        _s(r["cold"]),
        _s(r["warm"]),
        _s(r["edit"]) + f" ({r['edit_drawn']} drawn)",
        _s(r["added"]),
        _s(r["check"]),
        _s(r["floor"]),
        _s(r.get("zensical")),
        f"{r['figures']:,}",
        "-" if ms is None else f"{ms:,.1f}",
        "-" if r.get("cold_ms_per_figure") is None else f"{r['cold_ms_per_figure']:,.0f} ms",
        f"{r['pages']:,}",
        _b(r["median_page"]),
        _b(r["largest_page"]),
        _b(r["site"]),
        _b(r["search_index"]),
        _b(r["query"]),
        _b(r["peak_rss"]),
        "-" if r["serve"] is None else f"{r['serve']:,.1f} s",
    ]


def table(results: Sequence[dict[str, Any]]) -> str:
    """The Markdown table: times are CPU / wall seconds."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row(r)) + " |" for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+", help="corpus sizes")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--skip", default="", help=f"steps to leave out: {','.join(SKIPPABLE)}")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    if skip - set(SKIPPABLE):
        parser.error(f"--skip takes {', '.join(SKIPPABLE)}")
    results = []
    for n in args.n:
        work = args.work / str(n) if args.work else Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
        load = os.getloadavg()
        print(f"N = {n} in {work}; load average {load[0]:.1f} on {os.cpu_count()} cores")
        result = measure(n, work, skip)
        results.append(result)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(
        "Times: CPU seconds / wall seconds. Load average at the end: "
        + ", ".join(f"{r['load'][0]:.1f}" for r in results)
    )
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
