"""The swap of a staged build: at every instant the target holds one complete build."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import staging
from generator.staging import Staging, StagingError

# A child process builds into staging and commits; it kills itself (SIGKILL) just before the
# n-th file-system step the swap takes (a rename, an exchange, a removal).
_KILLED_AT_STEP = """
import os, shutil, signal, sys
from pathlib import Path
from generator import staging

target, step = Path(sys.argv[1]), int(sys.argv[2])
calls = 0

def counted(function):
    def run(*args, **kwargs):
        global calls
        calls += 1
        if calls == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return run

build = staging.Staging(target)
folder = build.begin()
(folder / "index.html").write_text("new", encoding="utf-8")
(folder / "more").mkdir()
(folder / "more/page.html").write_text("new", encoding="utf-8")
os.rename = counted(os.rename)
staging._exchange = counted(staging._exchange)
shutil.rmtree = counted(shutil.rmtree)
build.commit()
print("finished after", calls, "steps")
"""


def _old_site(target: Path) -> None:
    (target / "more").mkdir(parents=True)
    (target / "index.html").write_text("old", encoding="utf-8")
    (target / "more/page.html").write_text("old", encoding="utf-8")


def _stage_new_site(build: Staging) -> None:
    """Begin a build and write a complete new site into its staging folder."""
    folder = build.begin()
    (folder / "more").mkdir()
    (folder / "index.html").write_text("new", encoding="utf-8")
    (folder / "more/page.html").write_text("new", encoding="utf-8")


def _complete(target: Path) -> str:
    """'old' or 'new': which whole build the target holds (fails for none or a mix)."""
    pages = {(target / p).read_text(encoding="utf-8") for p in ("index.html", "more/page.html")}
    assert len(pages) == 1, pages
    return pages.pop()


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_kill_at_any_step_of_the_swap_leaves_a_complete_site(tmp_path: Path, step: int) -> None:
    target = tmp_path / "site"
    _old_site(target)
    result = subprocess.run(
        [sys.executable, "-c", _KILLED_AT_STEP, str(target), str(step)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, -9), result.stderr
    assert _complete(target) in ("old", "new")  # before any later build recovers anything
    Staging(target).recover()
    assert _complete(target) in ("old", "new")
    assert not list(tmp_path.glob(".site.*"))


def test_without_an_atomic_exchange_two_renames_still_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    target = tmp_path / "site"
    _old_site(target)
    build = Staging(target)
    _stage_new_site(build)
    assert build.commit() == target.absolute()
    assert _complete(target) == "new"
    assert not list(tmp_path.glob(".site.*"))


def _as_if_not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission checks as an ordinary user meets them (the tests may run as root, which
    may remove files from a read-only folder)."""

    def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
        def run(path: Any, *args: Any, dir_fd: int | None = None, **kwargs: Any) -> Any:
            folder = os.fstat(dir_fd) if dir_fd is not None else Path(path).parent.stat()
            if not folder.st_mode & stat.S_IWUSR:
                raise PermissionError(13, "Permission denied", str(path))
            if dir_fd is None:
                return function(path, *args, **kwargs)
            return function(path, *args, dir_fd=dir_fd, **kwargs)

        return run

    monkeypatch.setattr(os, "unlink", guarded(os.unlink))
    monkeypatch.setattr(os, "rmdir", guarded(os.rmdir))


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)


def test_a_read_only_old_site_is_removed_after_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_if_not_root(monkeypatch)
    target = tmp_path / "site"
    _old_site(target)
    _read_only(target)
    build = Staging(target)
    _stage_new_site(build)
    build.commit()
    assert _complete(target) == "new"
    assert not list(tmp_path.glob(".site.*"))


def test_what_cannot_be_removed_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    target = tmp_path / "site"
    _old_site(target)
    build = Staging(target)
    build.begin()

    def stuck(path: Any, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(os, "unlink", stuck)
    with caplog.at_level("INFO", logger="generator.staging"):
        build.commit()
    leftover = list(tmp_path.glob(".site.*"))
    assert len(leftover) == 1
    assert f"could not remove {leftover[0]}" in caplog.text
    assert "Operation not permitted" in caplog.text and "remove it by hand" in caplog.text


def test_an_unwritable_project_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "mkdir", refuse)
    with pytest.raises(StagingError) as info:
        Staging(tmp_path / "site").begin()
    staged = tmp_path / f".site.staging-{os.getpid()}"
    assert str(info.value) == (
        f"cannot build beside {tmp_path / 'site'}: {staged}: Permission denied (the build is "
        "staged in the folder of its target: make that folder writable, or build elsewhere)"
    )


def test_mkdocs_reports_an_unwritable_site_folder_without_a_traceback(project: Path) -> None:
    (project / "blocked").write_text("a file, not a folder", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nsite_dir: blocked/site\n", encoding="utf-8"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert f"cannot build beside {project / 'blocked/site'}" in result.stderr


def _gone(path: Path, seconds: float = 20) -> bool:
    """Whether a path disappears within some seconds."""
    deadline = time.monotonic() + seconds
    while os.path.lexists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_previous_site_can_be_removed_in_the_background(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _old_site(target)
    build = Staging(target)
    _stage_new_site(build)
    assert build.commit(background=True) == target.absolute()
    assert _complete(target) == "new"
    assert not os.path.lexists(build.folder)  # moved out of the way at once
    assert _gone(build.trash)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_what_a_removal_in_the_background_left_the_next_build_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_if_not_root(monkeypatch)
    target = tmp_path / "site"
    _old_site(target)
    left = tmp_path / f".site.trash-{os.getpid()}"
    shutil.copytree(target, left)
    _read_only(left)
    Staging(target).begin()
    assert not os.path.lexists(left)
    assert _complete(target) == "old"
