"""What lies under content/: the files the site reads, and a problem for anything else."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem

CONFERENCES_DIR = "conferences"
INDICATORS_FILE = "indicators.yaml"
PROVINCES_FILE = "provinces.yaml"
REGIONS_FILE = "regions.yaml"
REGISTRIES = (INDICATORS_FILE, PROVINCES_FILE, REGIONS_FILE)
# A section's own page is <section>/index.md: a conference id or an indicator key of this name
# would give its page the same path.
SECTION_PAGE = "index"
# Read by other tools or by people, never as content: left alone.
_OTHER_FILES = ("conference.schema.json",)
_OTHER_DIRS = ("geo",)
# The whole corpus is bounded too, so that no pull request can make the build run for hours.
MAX_FILES = 10_000
MAX_TOTAL_BYTES = 64_000_000


@dataclass(frozen=True)
class ContentFiles:
    """The conference files to read, and what is wrong with the folder itself."""

    conferences: tuple[Path, ...]
    problems: tuple[Problem, ...]


def _is_yaml_name(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))


def _problem(content: Path, path: Path, message: str) -> Problem:
    return Problem(path.relative_to(content).as_posix(), 0, "", message)


def discover(content: Path) -> ContentFiles:
    """Every conference file in a stable order; stray, linked or misnamed files are problems."""
    conferences: list[Path] = []
    problems: list[Problem] = []
    total = 0
    for folder, dirs, files in os.walk(content, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                problems.append(_problem(content, here / name, _LINK))
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        if here == content:
            dirs[:] = [d for d in dirs if d not in _OTHER_DIRS]
        for name in sorted(files):
            path = here / name
            if path.is_symlink():
                problems.append(_problem(content, path, _LINK))
                continue
            message = _misplaced(content, path)
            if message:
                problems.append(_problem(content, path, message))
            elif here == content / CONFERENCES_DIR:
                conferences.append(path)
                total += path.stat().st_size
    if len(conferences) > MAX_FILES:
        problems.append(Problem(CONFERENCES_DIR, 0, "", f"more than {MAX_FILES:,} files"))
    if total > MAX_TOTAL_BYTES:
        size = f"{total:,} bytes; at most {MAX_TOTAL_BYTES:,}"
        problems.append(
            Problem(CONFERENCES_DIR, 0, "", f"the files are too large together ({size})")
        )
    return ContentFiles(tuple(conferences), tuple(problems))


_LINK = "is a symbolic link: content must be regular files inside the repository (not followed)"


def _misplaced(content: Path, path: Path) -> str | None:
    """Why a file under content/ will not be read, or None when it is read (or not content)."""
    relative = path.relative_to(content)
    parts = relative.parts
    if len(parts) == 1:
        if parts[0] in REGISTRIES or parts[0] in _OTHER_FILES or not _is_yaml_name(parts[0]):
            return None
        return (
            "is not read: conference files go in content/conferences/, and the registries "
            f"are {', '.join(REGISTRIES)}"
        )
    if parts[0] != CONFERENCES_DIR or len(parts) > 2:
        if _is_yaml_name(path.name):
            return "is not read: conference files go directly in content/conferences/"
        return None
    if path.suffix == ".yaml":
        return None
    if _is_yaml_name(path.name):
        return f"is not read: name it {path.stem}.yaml (lowercase .yaml)"
    return "is not read: content/conferences/ holds only <id>.yaml conference files"
