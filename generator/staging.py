"""Build a folder beside its target and swap it in only when it is complete.

Whatever stops a build (an error, a rejected strict build, a kill), the target keeps the
previous complete build: the new one only ever replaces it by two renames at the very end.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _alive(pid: int) -> bool:
    """Whether a process with this id still runs (so its staging folder is in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Staging:
    """A staging folder for `target`, named after this process."""

    def __init__(self, target: Path) -> None:
        self.target = target.absolute()
        self.folder = self.target.with_name(f".{self.target.name}.staging-{os.getpid()}")
        self.backup = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")

    def _siblings(self, kind: str) -> list[tuple[Path, int]]:
        """Leftover staging or backup folders of this target, with their process ids."""
        prefix = f".{self.target.name}.{kind}-"
        found = []
        for path in self.target.parent.glob(prefix + "*"):
            pid = path.name[len(prefix) :]
            if pid.isdigit():
                found.append((path, int(pid)))
        return found

    def recover(self) -> None:
        """Undo what a killed build left: restore a site caught between the two renames,
        remove staging folders of processes that no longer run."""
        for backup, pid in self._siblings("old"):
            if _alive(pid) and pid != os.getpid():
                continue
            if not self.target.exists():
                backup.rename(self.target)
            else:
                shutil.rmtree(backup, ignore_errors=True)
        for folder, pid in self._siblings("staging"):
            if not _alive(pid) or pid == os.getpid():
                shutil.rmtree(folder, ignore_errors=True)

    def begin(self) -> Path:
        """A fresh, empty staging folder."""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.recover()
        self.folder.mkdir()
        return self.folder

    def commit(self) -> Path:
        """Swap the staging folder in; the previous build is removed only after the swap."""
        if self.target.exists():
            self.target.rename(self.backup)
        self.folder.rename(self.target)
        shutil.rmtree(self.backup, ignore_errors=True)
        return self.target

    def abandon(self) -> None:
        """Throw the staging folder away; the target is untouched."""
        shutil.rmtree(self.folder, ignore_errors=True)
