"""Build into a staging folder beside OUTPUT_PATH and put it in place only when the build succeeded.

Pelican writes straight into OUTPUT_PATH, and with DELETE_OUTPUT_DIRECTORY it empties it before
reading any content: a build that then fails leaves nothing, and a build killed half-way leaves
half a site. Here every build (local, rebuild, preview, publish, plain `pelican`) writes into
`.NAME.staging-PID` beside `NAME`, which replaces `NAME` by two renames once everything is written:
a failed build leaves the previous output byte for byte. So every build starts from an empty folder,
which is what DELETE_OUTPUT_DIRECTORY promised, without its risk.

Static files (images, audio) are hard-linked from content/ when both folders share a filesystem
(Pelican's STATIC_CREATE_LINKS): no byte is copied, and the output always holds exactly the
source's bytes whatever the modification times. Across filesystems (or with STATIC_HARD_LINKS =
False) they are copied, each only when it changed (static_copies.py).

A lock file beside the output makes a second build into the same folder wait, then refuse with a
clear message: two builds at once would otherwise mix local and production pages. Leftovers of a
killed build (staging folder, folder being replaced) are removed by the next build, under the lock.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..editor_loop.hooks import partial_scope_of
from ..problems import BuildStopped

if TYPE_CHECKING:
    from pelican import Pelican

logger = logging.getLogger(__name__)


class OutputBusy(BuildStopped):
    """Another build holds the output folder."""


class _Lock:
    """An exclusive flock on `.NAME.lock`, released by the OS if the process dies."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.descriptor: int | None = None

    def acquire(self, path: str, timeout: float, output: str) -> None:
        if self.descriptor is not None and self.path == path:
            return  # this process's previous build failed without releasing: it is ours
        self.release()
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(descriptor)
                    raise OutputBusy(
                        f"une autre construction écrit déjà dans {_shown(output)} : attendez qu'elle se termine "
                        "(ou arrêtez-la), puis relancez la commande."
                    ) from None
                if not told:
                    logger.warning("Une autre construction écrit dans le même dossier : attente de sa fin…")
                    told = True
                time.sleep(0.2)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self.path, self.descriptor = path, descriptor

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing drops the flock
        self.path, self.descriptor = None, None


_lock = _Lock()


def _shown(path: str) -> str:
    return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path


def _siblings(output: str) -> tuple[str, str]:
    """(folder holding the output, prefix of our hidden siblings)."""
    parent, name = os.path.split(output.rstrip(os.sep))
    return parent, os.path.join(parent, f".{name}.")


def begin_staged_build(pelican: Pelican) -> None:
    """get_generators (start of every build): lock, clean leftovers, point Pelican at a staging folder."""
    if pelican.settings["CHECK_ONLY"]:
        return  # `invoke check` writes nothing, not even a lock: the gate stops it before writing
    output = os.path.abspath(pelican.settings["OUTPUT_PATH"])
    parent, prefix = _siblings(output)
    os.makedirs(parent, exist_ok=True)
    # OUTPUT_LOCK_TIMEOUT: its default and its check are in plugins.checks.site_settings.
    _lock.acquire(prefix + "lock", float(pelican.settings["OUTPUT_LOCK_TIMEOUT"]), output)
    _recover_and_clean(output, prefix)
    pelican.output_path = f"{prefix}staging-{os.getpid()}"
    # Every build starts empty: Pelican must not empty (or keep) anything itself.
    pelican.delete_outputdir = False
    links = pelican.settings["STATIC_HARD_LINKS"] and _same_filesystem(pelican.settings["PATH"], parent)
    pelican.settings["STATIC_CREATE_LINKS"] = links
    if not links:
        # static_copies.py puts each static file in place, as new as its source: Pelican copies none.
        pelican.settings["STATIC_CHECK_IF_MODIFIED"] = True


@contextmanager
def output_locked(settings: dict[str, Any]) -> Iterator[str]:
    """The output folder (absolute), under the lock every build into it takes, for a writer that
    replaces a few of its files one by one (the editor's loop, text_edit.py)."""
    output = os.path.abspath(settings["OUTPUT_PATH"])
    _, prefix = _siblings(output)
    _lock.acquire(prefix + "lock", float(settings["OUTPUT_LOCK_TIMEOUT"]), output)
    try:
        yield output
    finally:
        _lock.release()


def publish_staged_build(pelican: Pelican) -> None:
    """finalized (everything written): the staging folder becomes the output."""
    output = os.path.abspath(pelican.settings["OUTPUT_PATH"])
    staging = pelican.output_path
    _, prefix = _siblings(output)
    os.makedirs(staging, exist_ok=True)
    if partial_scope_of(pelican) is not None:
        _merge(staging, output)  # the editor's loop: the pages it rewrote, over the previous site
        pelican.output_path = output
        _lock.release()
        return
    for kept in pelican.settings.get("OUTPUT_RETENTION") or ():
        _move_if_present(os.path.join(output, kept), os.path.join(staging, kept))
    _swap(staging, output, f"{prefix}old-{os.getpid()}")
    pelican.output_path = output
    _lock.release()


def _recover_and_clean(output: str, prefix: str) -> None:
    """Under the lock, any sibling of ours is a killed build's leftover."""
    replaced = sorted(glob.glob(glob.escape(prefix) + "old-*"), key=os.path.getmtime)
    if replaced and not os.path.exists(output):
        # Killed between the two renames: the previous output is still whole, put it back.
        os.rename(replaced.pop(), output)
    for leftover in replaced + glob.glob(glob.escape(prefix) + "staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap(staging: str, output: str, old: str) -> None:
    if not os.path.lexists(output):
        os.rename(staging, output)
        return
    try:
        os.rename(output, old)
    except OSError as error:
        if error.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
            raise
        # A mount point or a folder we may not rename: replace its content instead.
        _replace_content(staging, output)
        return
    os.rename(staging, output)
    shutil.rmtree(old, ignore_errors=True)


def _replace_content(staging: str, output: str) -> None:
    for name in os.listdir(output):
        path = os.path.join(output, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    for name in os.listdir(staging):
        os.rename(os.path.join(staging, name), os.path.join(output, name))
    os.rmdir(staging)


def _merge(staging: str, output: str) -> None:
    """Move every file of a partial rebuild over its previous version, each in one rename.

    A build killed here leaves each file whole, old or new; the next build in a new process is a
    full one, which makes the output whole again.
    """
    for folder, _, files in os.walk(staging):
        target_folder = os.path.join(output, os.path.relpath(folder, staging))
        if os.path.lexists(target_folder) and not os.path.isdir(target_folder):
            os.unlink(target_folder)
        os.makedirs(target_folder, exist_ok=True)
        for name in files:
            target = os.path.join(target_folder, name)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            os.replace(os.path.join(folder, name), target)
    shutil.rmtree(staging, ignore_errors=True)


def _move_if_present(source: str, target: str) -> None:
    if os.path.lexists(source) and not os.path.lexists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.rename(source, target)


def _same_filesystem(content: str, output_parent: str) -> bool:
    try:
        return os.stat(content).st_dev == os.stat(output_parent).st_dev
    except OSError:
        return False
