"""The mutation score of each mutated module, from mutmut's results in mutants/ (`make mutation`).

A mutant counts as killed when a test failed, or when its tests ran out of time (a mutant that
makes the code loop is caught; the limit in pyproject.toml is generous, so that a slow honest
run is no timeout). The score is (killed + timeout) / (killed + timeout + survived + no tests):
a mutant that no test runs counts against it, like one that survives. Exits 1 when a module
scores below the bar or a mutant was not checked.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

BAR = 90.0
# mutmut's exit codes (mutmut.stats.status_by_exit_code), by what they mean here.
KILLED = {1, 3}  # a test failed; pytest's internal error
TIMEOUT = {24, -24, 152, 255, 36}  # killed by the time limit
SURVIVED = {0}
NO_TESTS = {5, 33}


def status(code: int | None) -> str:
    """What a mutant's exit code means for the score."""
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "not checked" if code is None else f"other ({code})"


def main(root: Path) -> int:
    """Print the score per module and its surviving mutants; 1 when one is below the bar."""
    metas = sorted((root / "mutants").rglob("*.py.meta"))
    if not metas:
        print("no mutation results: run `make mutation`", file=sys.stderr)
        return 1
    failed = False
    print(
        f"{'module':<24} {'killed':>7} {'timeout':>8} {'survived':>9} {'no tests':>9} {'score':>7}"
    )
    survivors: list[str] = []
    for meta in metas:
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))[
            "exit_code_by_key"
        ]
        found = Counter(status(code) for code in codes.values())
        killed = found["killed"] + found["timeout"]
        counted = killed + found["survived"] + found["no tests"]
        score = 100 * killed / counted if counted else 0.0
        module = str(meta.relative_to(root / "mutants")).removesuffix(".meta")
        print(
            f"{module:<24} {found['killed']:>7} {found['timeout']:>8} {found['survived']:>9} "
            f"{found['no tests']:>9} "
            f"{score:>6.1f}%"
        )
        other = {
            k: v for k, v in found.items() if k not in ("killed", "timeout", "survived", "no tests")
        }
        if other:
            print(f"  {module}: not counted, the run is incomplete: {dict(other)}")
            failed = True
        failed = failed or score < BAR
        survivors += sorted(k for k, v in codes.items() if status(v) in ("survived", "no tests"))
    print(f"\nEach module must score {BAR:.0f}% or more. Surviving mutants ({len(survivors)}):")
    print("\n".join(f"  {name}" for name in survivors) or "  none")
    print("See one with `.venv/bin/mutmut show NAME`.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
