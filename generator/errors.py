"""Problems found in content files, reported as `file:line: field: problem`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one file."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}:{field} {prefix}{self.message}"


class ContentError(Exception):
    """Raised when content files have problems; carries all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, followed by a count."""
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in content.")
        return "\n".join(lines)


def did_you_mean(wrong: str, choices: Iterable[str]) -> str:
    """A '; did you mean X?' suffix when a close match exists, else ''."""
    matches = difflib.get_close_matches(wrong, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean {matches[0]}?" if matches else ""


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
