"""What the last successful build read and left in the output folder, kept in CACHE_PATH, so that
a build in a new process (`invoke build` again) can prove that nothing changed and rewrite nothing.

The build is reproducible: its dates come from the content, never from the clock, so the same
inputs give the same bytes. A new process knows nothing of the previous build, though, and would
render all its pages again. This record lets it see that:

- every input is as the last build found it: each file of the content, the theme and our plugins
  (size, mtime, inode), the settings (their values, and the code of those that are functions),
  Python and its installed packages;
- every content has the same front matter and status (`fingerprints`), and no content date fell
  between the last build and now (a scheduled page that is now due);
- the output folder is, file by file, as the last build left it (nobody edited, added or deleted
  a file, no build was killed half-way through replacing it).

Anything else, or anything that cannot be read, means a full build. A file changed less than
RACY_SECONDS before the last build looked at it may have changed again within the same timestamp:
that build leaves no record to rely on (git's "racy clean" rule).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import sysconfig
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import PLUGINS_FOLDER, clock
from ..files import ignored, write_atomically

logger = logging.getLogger(__name__)

RECORD_FILE = "last-build.json"
FORMAT_NAME = "cite-ia last build"
RECORD_VERSION = 1
RACY_SECONDS = 1.0
# Settings that change whether a build may stop or reuse, never a byte of what it writes; and
# OUTPUT_PATH, which the record keeps apart, absolute (`-o output` and the settings' relative
# "output" are the same folder).
NOT_IN_OUTPUT = frozenset({"FAIL_ON_WARNINGS", "PUBLISH_ALLOW_WARNINGS", "FULL_REBUILD", "OUTPUT_LOCK_TIMEOUT",
                           "OUTPUT_PATH"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass(frozen=True)
class Inputs:
    """The files a build reads, as it found them when it started."""

    digest: str
    racy: bool  # a file changed too shortly before: its timestamp may hide a later change
    taken_at: float  # seconds since the epoch


def take_inputs(settings: Mapping[str, Any]) -> Inputs:
    """get_generators, before anything is read: the state of every file the build reads."""
    taken_at = clock.timestamp()
    digest = hashlib.sha256()
    newest = 0
    digest.update(f"{sys.version}\n{_packages_state()}\n".encode())
    for root in _input_folders(settings):
        newest = max(newest, _add_files(digest, root, settings["IGNORE_FILES"]))
    return Inputs(digest.hexdigest(), racy=newest >= (taken_at - RACY_SECONDS) * 1e9, taken_at=taken_at)


def settings_digest(settings: Mapping[str, Any]) -> str:
    """The settings' values as a digest: the same in two processes for the same settings."""
    kept = {name: value for name, value in settings.items() if name not in NOT_IN_OUTPUT}
    return hashlib.sha256(_stable(kept).encode()).hexdigest()


def fingerprints_digest(fingerprints: Mapping[str, str]) -> str:
    return hashlib.sha256(repr(sorted(fingerprints.items())).encode()).hexdigest()


def output_digest(output: str) -> str | None:
    """Every file of the output folder (path, size, mtime, inode); None when there is no folder."""
    if not os.path.isdir(output):
        return None
    digest = hashlib.sha256()
    _add_files(digest, output)
    return digest.hexdigest()


def due_since(dates: Iterable[datetime], since: float, now: float) -> bool:
    """Whether a content's date fell in (since, now]: a scheduled page became due in between."""
    return any(since < date.timestamp() <= now for date in dates)


@dataclass(frozen=True)
class Record:
    output: str
    inputs: str
    settings: str
    fingerprints: str
    built_at: float
    output_files: str


def record_path(settings: Mapping[str, Any]) -> str:
    return os.path.join(str(settings["CACHE_PATH"]), RECORD_FILE)


def load(settings: Mapping[str, Any]) -> Record | None:
    """The record the last successful build left, or None (none, unreadable, of another version)."""
    try:
        with open(record_path(settings), encoding="utf-8") as stream:
            document = json.load(stream)
        if document.get("format") != FORMAT_NAME or document.get("version") != RECORD_VERSION:
            return None
        return Record(**{name: document[name] for name in Record.__dataclass_fields__})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # no proof that nothing changed: the build writes everything, as always


def save(settings: Mapping[str, Any], record: Record) -> None:
    document = {"format": FORMAT_NAME, "version": RECORD_VERSION, **record.__dict__}
    try:
        write_atomically(record_path(settings), json.dumps(document).encode())
    except OSError as error:
        # Not kept: the next build rewrites everything, which is always right.
        logger.debug("last build record not written: %s", error)


def forget(settings: Mapping[str, Any]) -> None:
    try:
        os.unlink(record_path(settings))
    except FileNotFoundError:
        pass
    except OSError as error:
        logger.debug("last build record not removed: %s", error)


def _input_folders(settings: Mapping[str, Any]) -> list[str]:
    folders = [settings["PATH"], settings["THEME"], str(PLUGINS_FOLDER)]
    folders += list(settings.get("THEME_TEMPLATES_OVERRIDES") or ())
    folders += list(settings.get("EXTRA_TEMPLATES_PATHS") or ())
    return [os.path.abspath(str(folder)) for folder in dict.fromkeys(folders)]


def _add_files(digest: Any, root: str, ignores: Iterable[str] = ()) -> int:
    """Every file under root into `digest` (path, size, mtime, inode); the newest mtime (ns), 0 if none.
    Not the ctime: hard-linking a static file into the output changes it."""
    newest = 0
    for path, (size, mtime_ns, inode) in _files_under(root, tuple(ignores)):
        digest.update(f"{path}\0{size}\0{mtime_ns}\0{inode}\n".encode())
        newest = max(newest, mtime_ns)
    return newest


def _files_under(root: str, ignores: tuple[str, ...]) -> list[tuple[str, tuple[int, int, int]]]:
    """(path relative to root, (size, mtime_ns, inode)) of every file under root, in a stable order.
    Symbolic links are followed, as Pelican follows them (each folder once); a file that cannot be
    read (a dangling link) counts as empty, so that it reading again later is a change. Names in
    `ignores` (IGNORE_FILES: an editor's lock or swap file) are left out, as the build never reads
    them: one coming or going is no change."""
    found: list[tuple[str, tuple[int, int, int]]] = []
    seen: set[tuple[int, int]] = set()

    def walk(folder: str, prefix: str) -> None:
        try:
            stat = os.stat(folder)
            if (stat.st_dev, stat.st_ino) in seen:
                return
            seen.add((stat.st_dev, stat.st_ino))
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if ignored(entry.name, ignores):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                # Python's own compiled copies of our modules come and go with the .py files they mirror.
                if entry.name != "__pycache__":
                    walk(entry.path, prefix + entry.name + "/")
                continue
            try:
                stat = entry.stat()
                found.append((prefix + entry.name, (stat.st_size, stat.st_mtime_ns, stat.st_ino)))
            except OSError:
                found.append((prefix + entry.name, (0, 0, 0)))

    walk(root, "")
    return found


def _packages_state() -> str:
    """Installing, removing or upgrading a package changes its folder's entries, so its mtime."""
    states = []
    for name in ("purelib", "platlib"):
        try:
            stat = os.stat(sysconfig.get_paths()[name])
            states.append(f"{stat.st_mtime_ns}:{stat.st_ino}")
        except (OSError, KeyError):
            states.append("?")
    return ",".join(states)


def _stable(value: Any) -> str:
    """A text for a settings value that is the same in every process: sorted mappings and sets, the
    code of functions rather than their address."""
    if isinstance(value, Mapping):
        return "{" + ",".join(sorted(f"{_stable(k)}:{_stable(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(item) for item in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(item) for item in value) + "]"
    if isinstance(value, (types.FunctionType, types.MethodType)):
        function = getattr(value, "__func__", value)
        closure = [cell.cell_contents for cell in function.__closure__ or ()]
        return f"{function.__module__}.{function.__qualname__}:{_code(function.__code__)}:{_stable(closure)}"
    if isinstance(value, type):
        return f"{value.__module__}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def _code(code: types.CodeType) -> str:
    parts = [code.co_code.hex(), repr(code.co_names)]
    parts += [_code(const) if isinstance(const, types.CodeType) else repr(const) for const in code.co_consts]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
