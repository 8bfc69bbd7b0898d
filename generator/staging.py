"""Build a folder beside its target and swap it in only when it is complete.

Whatever stops a build (an error, a rejected strict build, a kill), the target keeps the
previous complete build. The swap is one atomic exchange of the two folders where the system
has one (Linux `renameat2(RENAME_EXCHANGE)`), else two renames, the first undone by the next
build if a kill falls between them.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The exchange is not there (old kernel or C library) or this file system cannot do it.
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


class StagingError(OSError):
    """The staging folder cannot be made beside the target (e.g. its folder is read-only)."""

    def __str__(self) -> str:
        return str(self.strerror)


def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2, where there is one (glibc 2.28+ on Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Any = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


_RENAMEAT2 = _renameat2()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False when the system cannot (then nothing changed)."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _alive(pid: int) -> bool:
    """Whether a process with this id still runs (so its staging folder is in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _open_up(folder: Path) -> None:
    """Give the owner every right on each folder below `folder` (links are left alone), so that
    a read-only copy of a site can be removed."""
    for path in [folder, *(Path(root) / d for root, dirs, _ in os.walk(folder) for d in dirs)]:
        try:
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                path.chmod(stat.S_IMODE(mode) | stat.S_IRWXU)
        except OSError:
            pass


def remove(folder: Path) -> bool:
    """Remove a folder this module made, read-only parts too; report (not raise) what stays."""
    if not os.path.lexists(folder):
        return True
    try:
        shutil.rmtree(folder)
    except OSError:
        _open_up(folder)
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            log.warning("could not remove %s (%s): remove it by hand", folder, exc.strerror or exc)
            return False
    return True


def _remove_in_background(folder: Path, trash: Path) -> bool:
    """Move a folder out of the way and remove it in a process of its own (here, if none can
    start); False when it cannot be moved."""
    try:
        folder.rename(trash)
    except OSError:
        return False
    command = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        # A process of its own session, not waited for: it outlives the build (and a Ctrl-C).
        os.posix_spawn(
            sys.executable,
            [sys.executable, "-I", "-S", "-c", command, str(trash)],
            os.environ,
            setsid=True,
            file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)],
        )
    except (OSError, AttributeError, NotImplementedError):  # no posix_spawn here
        remove(trash)
    return True


class Staging:
    """A staging folder for `target`, named after this process."""

    def __init__(self, target: Path) -> None:
        self.target = target.absolute()
        self.folder = self.target.with_name(f".{self.target.name}.staging-{os.getpid()}")
        self.backup = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        self.trash = self.target.with_name(f".{self.target.name}.trash-{os.getpid()}")

    def _siblings(self, kind: str) -> list[tuple[Path, int]]:
        """Leftover staging or backup folders of this target, with their process ids."""
        prefix = f".{self.target.name}.{kind}-"
        found = []
        for path in self.target.parent.glob(prefix + "*"):
            pid = path.name[len(prefix) :]
            if pid.isascii() and pid.isdigit():
                found.append((path, int(pid)))
        return found

    def recover(self) -> None:
        """Undo what a killed build left: restore a site caught between two renames,
        remove staging folders of processes that no longer run and previous sites a removal
        in the background left (it may still be at work: what it removes first is skipped)."""
        for trash, _ in self._siblings("trash"):
            _open_up(trash)
            shutil.rmtree(trash, ignore_errors=True)
        for backup, pid in self._siblings("old"):
            if _alive(pid) and pid != os.getpid():
                continue
            if not self.target.exists():
                backup.rename(self.target)
            else:
                remove(backup)
        for folder, pid in self._siblings("staging"):
            if not _alive(pid) or pid == os.getpid():
                remove(folder)

    def begin(self) -> Path:
        """A fresh, empty staging folder; StagingError when none can be made beside the target."""
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.recover()
            self.folder.mkdir()
        except OSError as exc:
            path = os.fsdecode(exc.filename) if exc.filename else self.target.parent
            raise StagingError(
                exc.errno,
                f"cannot build beside {self.target}: {path}: {exc.strerror or exc} (the build "
                "is staged in the folder of its target: make that folder writable, or build "
                "elsewhere)",
            ) from exc
        return self.folder

    def commit(self, background: bool = False) -> Path:
        """Swap the staging folder in; the previous build is removed only after the swap,
        with `background` by a process of its own, so that the build ends at once (what it
        leaves, the next build removes)."""
        if self.target.exists() and _exchange(self.folder, self.target):
            old = self.folder  # it now holds the previous build
        else:
            if self.target.exists():
                self.target.rename(self.backup)
            self.folder.rename(self.target)
            old = self.backup
        if background and os.path.lexists(old) and _remove_in_background(old, self.trash):
            return self.target
        remove(old)
        return self.target

    def abandon(self) -> None:
        """Throw the staging folder away; the target is untouched."""
        remove(self.folder)
