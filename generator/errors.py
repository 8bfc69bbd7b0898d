"""Problems found in content files, reported as `file:line: field: problem`."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

# A problem line is printed to terminals and CI logs: it must stay one line, short enough to
# read, and unable to pose as a CI command (GitHub reads `::error ...` at a line start).
MAX_SHOWN = 300
MAX_PROBLEMS_PER_FILE = 100
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
# Suggestions compare strings pairwise: bounded so that thousands of typos stay fast.
_MAX_CHOICES = 500
_MAX_WORD = 100


def log_safe(text: str, limit: int = MAX_SHOWN) -> str:
    """One printable line: control, separator and format characters escaped, length capped."""
    out = []
    for char in str(text):
        category = unicodedata.category(char)
        if char != " " and (category[0] == "C" or category in ("Zl", "Zp", "Zs")):
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    shown = "".join(out)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def shown_path(path: str) -> str:
    """A file path as printed: plain paths as they are, anything unusual quoted and escaped."""
    if _PLAIN_PATH.match(path) and len(path) <= MAX_SHOWN:
        return path
    return "'" + log_safe(path, 120).replace("'", "\\'") + "'"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one file (line 0: the whole file)."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = shown_path(self.path) + (f":{self.line}" if self.line else "")
        field = f" {log_safe(self.field, 120)}:" if self.field else ""
        return f"{where}:{field} {log_safe(self.message)}"


class ContentError(Exception):
    """Raised when content files have problems; carries all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        """The problems one per line (at most MAX_PROBLEMS_PER_FILE a file), then a count."""
        lines: list[str] = []
        per_file: dict[str, int] = {}
        for problem in self.problems:
            per_file[problem.path] = per_file.get(problem.path, 0) + 1
            if per_file[problem.path] <= MAX_PROBLEMS_PER_FILE:
                lines.append(str(problem))
            elif per_file[problem.path] == MAX_PROBLEMS_PER_FILE + 1:
                lines.append(f"{shown_path(problem.path)}: … more problems in this file")
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in content.")
        return "\n".join(lines)


class Suggestions:
    """'did you mean' with a budget of comparisons, so thousands of typos stay linear."""

    def __init__(self, budget: int = 50_000) -> None:
        self.budget = budget

    def __call__(self, wrong: str, choices: Collection[str]) -> str:
        """A '; did you mean X?' suffix when a close match exists, else ''."""
        # Sized before sorted: even copying thousands of choices per mistake is quadratic.
        if len(wrong) > _MAX_WORD or len(choices) > min(_MAX_CHOICES, self.budget):
            return ""
        options = sorted(set(choices))
        self.budget -= len(options)
        matches = difflib.get_close_matches(wrong, options, n=1, cutoff=0.6)
        return f"; did you mean {matches[0]}?" if matches else ""


def did_you_mean(wrong: str, choices: Collection[str]) -> str:
    """A '; did you mean X?' suffix for one mistake in a small registry."""
    return Suggestions()(wrong, choices)


def one_of(choices: Sequence[str], limit: int = 12) -> str:
    """A short human list of allowed values."""
    shown = ", ".join(choices[:limit])
    return shown + (f", … ({len(choices)} in all)" if len(choices) > limit else "")


def field_path(loc: Sequence[str | int]) -> str:
    """('metrics', 2, 'value') -> 'metrics[2].value'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
