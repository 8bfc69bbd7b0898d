"""Print how long hostile content within the 1 MB file limit takes to check and plan.

    .venv/bin/python benchmarks/hostile.py

Each case was a denial of service once (issue 10): 7,500 typos took 152 s to check, one file with
3,000 districts drew 3,030 charts (433 s), a 1 MB address built a 7.9 MB page.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import VALID, VALID_PATH  # noqa: E402

from generator.errors import ContentError  # noqa: E402
from generator.site import build_site  # noqa: E402

HEAD = VALID.split("metrics:")[0] + "metrics:\n"


def typos() -> str:
    """7,500 metrics, each naming a part_of that does not exist (did-you-mean over 7,500 ids)."""
    return HEAD + "".join(
        f"  - {{id: m{i},indicator: detection_rate,scope: nghe-an,value: 1,part_of: m{i}x,"
        "sources: [{source: s1,written: '1',quote: '1'}]}\n"
        for i in range(7500)
    )


def districts() -> str:
    """3,000 district observations in one file."""
    return HEAD + "".join(
        f"  - {{id: d{i}, indicator: social_order_crimes, value: 1, "
        f"scope: {{province: nghe-an, district: 'Vùng {i}'}}, "
        f"sources: [{{source: s1, written: '1', quote: '1'}}]}}\n"
        for i in range(3000)
    )


def long_url() -> str:
    """An address of 900,000 characters."""
    return VALID.replace(
        "    language: vi", "    language: vi\n    url: https://x.org/" + "a" * 900_000
    )


def measure(name: str, text: str, plan: bool) -> None:
    """Check (and plan figures for) one hostile file; print size, time and outcome."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "templates", root / "templates")
        (root / "content" / VALID_PATH).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        outcome: str
        try:
            files = build_site(root, draw=False).files
            outcome = "builds"
            if plan:
                figures = sum(path.endswith(".svg") for path in files)
                outcome += f"; {figures} figures planned (both languages)"
        except ContentError as exc:
            outcome = f"{len(exc.problems):,} problems reported"
        elapsed = time.perf_counter() - started
    size = len(text.encode())
    print(f"{name:<12} {size / 1e6:6.2f} MB  {elapsed:7.2f} s  {outcome}")


def main() -> None:
    cases: list[tuple[str, Callable[[], str], bool]] = [
        ("typos", typos, False),
        ("districts", districts, True),
        ("long url", long_url, False),
    ]
    print(f"{'case':<12} {'size':>9}  {'time':>9}  outcome")
    for name, make, plan in cases:
        measure(name, make(), plan)


if __name__ == "__main__":
    main()
