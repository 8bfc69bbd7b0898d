"""Print how long hostile content within the size limits takes to check, plan and draw.

    .venv/bin/python benchmarks/hostile.py                       # every case, one process each
    .venv/bin/python benchmarks/hostile.py periods               # one case
    HOSTILE_SCALE=0.1 .venv/bin/python benchmarks/hostile.py     # a tenth of the counts

Each case was a denial of service once. Issue 10: 7,500 typos took 152 s to check, one file
with 3,000 districts drew 3,030 charts (433 s), a 1 MB address built a 7.9 MB page. Issue 15:
thousands of distinct periods took 282 s to plan (every period page scanned every number), a
10,000-bar chart took 335 s to draw, 10,000 files took 1.3 GB. A chart draws at most 100 rows
(charts.MAX_BARS) and the build warns about the rest: the drawing cases count those warnings.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import VALID, VALID_PATH  # noqa: E402

from generator.content import CONFERENCES_DIR, MAX_FILES  # noqa: E402
from generator.errors import ContentError  # noqa: E402
from generator.site import build_site  # noqa: E402

HEAD = VALID.split("metrics:")[0] + "metrics:\n"
SCALE = float(os.environ.get("HOSTILE_SCALE", "1"))
_SOURCE = "sources: [{source: s1, written: '1', quote: '1'}]"


def typos() -> dict[str, str]:
    """7,500 metrics, each naming a part_of that does not exist (did-you-mean over 7,500 ids)."""
    return {
        VALID_PATH: HEAD
        + "".join(
            f"  - {{id: m{i},indicator: detection_rate,scope: nghe-an,value: 1,part_of: m{i}x,"
            "sources: [{source: s1,written: '1',quote: '1'}]}\n"
            for i in range(7500)
        )
    }


def districts() -> dict[str, str]:
    """3,000 district observations in one file."""
    return {
        VALID_PATH: HEAD
        + "".join(
            f"  - {{id: d{i}, indicator: social_order_crimes, value: 1, "
            f"scope: {{province: nghe-an, district: 'Vùng {i}'}}, {_SOURCE}}}\n"
            for i in range(3000)
        )
    }


def long_url() -> dict[str, str]:
    """An address of 900,000 characters."""
    return {
        VALID_PATH: VALID.replace(
            "    language: vi", "    language: vi\n    url: https://x.org/" + "a" * 900_000
        )
    }


def _scaled(count: int) -> int:
    return max(2, round(count * SCALE))


def metrics() -> dict[str, str]:
    """5,000 sound metrics in one file: four indicators, each for 1,250 districts."""
    indicators = ("social_order_crimes", "criminal_cases", "drug_offences", "smuggling_violations")
    return {
        VALID_PATH: HEAD
        + "".join(
            f"  - {{id: m{i}, indicator: {indicators[i % 4]}, unit: cases, value: 1, "
            f"scope: {{province: nghe-an, district: 'Xã {i // 4}'}}, {_SOURCE}}}\n"
            for i in range(_scaled(5000))
        )
    }


def _days(i: int) -> str:
    """A distinct one-day period in 1999-2022 for each i."""
    import datetime as dt

    day = dt.date(1999, 1, 1) + dt.timedelta(days=i)
    return f"{day.isoformat()}/{day.isoformat()}"


def _period_files(count: int, per_file: int) -> dict[str, str]:
    """`count` numbers about one province, each for a distinct one-day period, in files of
    `per_file` (a conference file holds at most 1 MB)."""
    out = {}
    for start in range(0, count, per_file):
        name = f"2024-02-01-nghe-an-138-review-2023-{start}"
        out[f"conferences/{name}.yaml"] = HEAD.replace(
            "2024-02-01-nghe-an-138-review-2023", name
        ) + "".join(
            f"  - {{id: p{i}, indicator: social_order_crimes, value: 1, scope: nghe-an, "
            f'period: "{_days(i)}", {_SOURCE}}}\n'
            for i in range(start, min(count, start + per_file))
        )
    return out


def periods() -> dict[str, str]:
    """950 distinct periods (with the real content's, just under the bound): a page each,
    planned (a range of days is never a point of a trend: the longest trend is one a year)."""
    return _period_files(_scaled(950), 950)


def periods_over() -> dict[str, str]:
    """3,000 distinct periods: over the bound."""
    return _period_files(_scaled(3000), 3000)


_KINDS = """\
  - key: hostile_kind
    label: {en: "Kind", vi: "Loại"}
    members:
"""
_INDICATOR = """\
  - key: hostile_split
    label: {en: "Split", vi: "Chia"}
    units: [cases]
    category: crime
    committee: "138"
    measure: flow
    higher_is_better: false
    dimensions: [hostile_kind]
"""


def bars() -> dict[str, str]:
    """A breakdown into 10,000 parts (a dimension of 10,000 members in the registry), 2,000
    in each of five conference files: a chart of 2,000 bars on each conference page (its
    first 100 drawn, and a warning); drawn."""
    count = _scaled(10_000)
    members = "".join(
        f"      - {{key: k{i}, label: {{en: 'Kind {i}', vi: 'Loại {i}'}}}}\n" for i in range(count)
    )
    catalog = (ROOT / "content/indicators.yaml").read_text(encoding="utf-8")
    catalog = catalog.replace("\nindicators:\n", "\n" + _KINDS + members + "\nindicators:\n", 1)
    out = {"indicators.yaml": catalog + _INDICATOR}
    per_file = max(1, count // 5)
    for start in range(0, count, per_file):
        name = f"2024-02-01-nghe-an-138-review-2023-{start}"
        out[f"conferences/{name}.yaml"] = HEAD.replace(
            "2024-02-01-nghe-an-138-review-2023", name
        ) + "".join(
            f"  - {{id: b{i}, indicator: hostile_split, breakdown: {{hostile_kind: k{i}}}, "
            f"value: 1, scope: nghe-an, {_SOURCE}}}\n"
            for i in range(start, min(count, start + per_file))
        )
    return out


_CHANGED = """\
  - key: hostile_changed_{i}
    label: {{en: "Changed {i}", vi: "Thay đổi {i}"}}
    units: [cases]
    category: crime
    committee: "138"
    measure: flow
    higher_is_better: false
"""


def changes() -> dict[str, str]:
    """4,000 indicators (in the registry, just under its 1 MB), each with a stated change for
    one province and period in one conference file: a page per indicator, and a chart of 4,000
    stated changes on the conference page (its first 100 drawn, and a warning); drawn."""
    count = _scaled(4_000)
    catalog = (ROOT / "content/indicators.yaml").read_text(encoding="utf-8")
    catalog += "".join(_CHANGED.format(i=i) for i in range(count))
    return {
        "indicators.yaml": catalog,
        VALID_PATH: HEAD
        + "".join(
            f"  - {{id: c{i}, indicator: hostile_changed_{i}, value: 1, scope: nghe-an, "
            "change: {direction: increase, value: 1, unit: percent}, sources: [{source: s1, "
            "written: '1', change_written: '1%', quote: '1 vụ, tăng 1%'}]}\n"
            for i in range(count)
        ),
    }


def files() -> dict[str, str]:
    """Conference files up to the limit of 10,000 with the real ones, each a small valid
    conference."""
    real = len(list((ROOT / "content" / CONFERENCES_DIR).glob("*.yaml")))
    out = {}
    for i in range(_scaled(MAX_FILES - real)):
        day = f"2024-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
        name = f"{day}-nghe-an-138-review-2023-{i}"
        text = VALID.replace("2024-02-01-nghe-an-138-review-2023", name).replace(
            "date: 2024-02-01", f"date: {day}"
        )
        out[f"conferences/{name}.yaml"] = text
    return out


@dataclass(frozen=True)
class Case:
    """A hostile input: its files, and whether to count figures or draw them."""

    name: str
    make: Callable[[], dict[str, str]]
    plan: bool = False
    draw: bool = False


CASES = (
    Case("typos", typos),
    Case("districts", districts, plan=True),
    Case("long url", long_url),
    Case("metrics", metrics, plan=True),
    Case("periods", periods, plan=True),
    Case("periods+", periods_over, plan=True),
    Case("bars", bars, draw=True),
    Case("changes", changes, draw=True),
    Case("files", files, plan=True),
)


def _cpu_seconds() -> float:
    """CPU time of this process so far (less noisy than wall time on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _megabytes() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(case: Case) -> None:
    """Check and plan (or draw) one hostile input; print size, time, memory and outcome."""
    texts = case.make()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "templates", root / "templates")
        for path, text in texts.items():
            (root / "content" / path).write_text(text, encoding="utf-8")
        started, cpu = time.perf_counter(), _cpu_seconds()
        outcome: str
        try:
            output = build_site(root, draw=case.draw, cache_dir=root / "cache", jobs=1)
            outcome = "builds"
            figures = [path for path in output.files if path.endswith(".svg")]
            if case.plan:
                outcome += f"; {len(figures)} figures planned (both languages)"
            if case.draw:
                outcome += f"; {output.figures.drawn} figures drawn"
            outcome += f"; {len(output.warnings)} warnings"
        except ContentError as exc:
            outcome = f"{len(exc.problems):,} problems reported"
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    size = sum(len(text.encode()) for text in texts.values())
    print(
        f"{case.name:<10} {len(texts):>6,} {size / 1e6:6.2f} MB {elapsed:8.2f} s {cpu:8.2f} s "
        f"{_megabytes():7,.0f} MB  {outcome}",
        flush=True,
    )


def main() -> None:
    """One case in this process, or each case in a process of its own (for its peak memory)."""
    wanted = sys.argv[1:]
    if len(wanted) == 1:
        measure(next(case for case in CASES if case.name == wanted[0]))
        return
    print(
        f"{'case':<10} {'files':>6} {'size':>9} {'wall':>10} {'CPU':>10} {'peak RSS':>10}  outcome"
    )
    if SCALE != 1:
        print(f"(counts scaled by {SCALE:g})")
    for case in CASES:
        if not wanted or case.name in wanted:
            subprocess.run([sys.executable, __file__, case.name], check=False)


if __name__ == "__main__":
    main()
