"""What the last successful build read and left in the output folder, kept in CACHE_PATH, so that
a build in a new process (`invoke build` again) can prove that nothing changed and rewrite nothing.

The build is reproducible: its dates come from the content, never from the clock, so the same
inputs give the same bytes. A new process knows nothing of the previous build, though, and would
render all its pages again. This record lets it see that:

- every input is as the last build found it: each file of the content, the theme and our plugins
  (its sha256, file_hashes.py; audio files by size, mtime and inode), the settings (their values,
  and the code of those that are functions, with what they name),
  Python and its installed packages;
- every content has the same front matter and status (`fingerprints`), and no content date fell
  between the last build and now (a scheduled page that is now due);
- the output folder is, file by file, as the last build left it (nobody edited, added or deleted
  a file, no build was killed half-way through replacing it).

Anything else, or anything that cannot be read, means a full build. A file dated within RACY_SECONDS
of the moment the last build looked at it may have changed again within the same timestamp: that
build leaves no record to rely on (git's "racy clean" rule; a file dated further ahead cannot,
file_hashes.changed_within_grain).
"""

from __future__ import annotations

import functools
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

from pelican.plugins.podcast.files import finite_number, ignored, write_atomically

from .. import CODE_FOLDERS, clock
from .file_hashes import FileHashes, changed_within_grain

logger = logging.getLogger(__name__)

RECORD_FILE = "last-build.json"
FORMAT_NAME = "cite-ia last build"
RECORD_VERSION = 1
# Settings that change whether a build may stop or reuse, or where a cache lives, never a byte of
# what it writes; and
# OUTPUT_PATH, which the record keeps apart, absolute (`-o output` and the settings' relative
# "output" are the same folder).
NOT_IN_OUTPUT = frozenset({"FAIL_ON_WARNINGS", "PUBLISH_ALLOW_WARNINGS", "FULL_REBUILD", "OUTPUT_LOCK_TIMEOUT",
                           "OUTPUT_PATH", "COMPILED_TEMPLATES_PATH", "PODCAST_THUMBNAILS_PATH"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Where Python's own modules and the installed packages live: their code is digested by version
# (`_packages_state`), not function by function.
_LIBRARY_FOLDERS = tuple(dict.fromkeys(
    os.path.abspath(folder) + os.sep
    for folder in (sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib"))
))


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
    times: list[int] = []
    digest.update(environment().encode())
    hashes = FileHashes(settings)
    for root in _input_folders(settings):
        times += add_contents(digest, root, hashes, settings["IGNORE_FILES"])
    hashes.save(taken_at)
    racy = any(changed_within_grain(time_ns, taken_at) for time_ns in times)
    return Inputs(digest.hexdigest(), racy=racy, taken_at=taken_at)


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
        record = Record(**{name: document[name] for name in Record.__dataclass_fields__})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # no proof that nothing changed: the build writes everything, as always
    # Python's JSON reads NaN and Infinity: a date that is no finite number would hide a scheduled
    # content falling due (every comparison with NaN is false).
    texts = (record.output, record.inputs, record.settings, record.fingerprints, record.output_files)
    if not all(isinstance(text, str) for text in texts) or not finite_number(record.built_at):
        return None
    return record


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
    folders = [settings["PATH"], settings["THEME"], *map(str, CODE_FOLDERS)]
    folders += list(settings.get("THEME_TEMPLATES_OVERRIDES") or ())
    folders += list(settings.get("EXTRA_TEMPLATES_PATHS") or ())
    return [os.path.abspath(str(folder)) for folder in dict.fromkeys(folders)]


def add_contents(digest: Any, root: str, hashes: FileHashes, ignores: Iterable[str] = ()) -> list[int]:
    """Every file under root into `digest` by its content (path, sha256: whatever its mtime says);
    their mtimes (ns).

    Audio files by their size, mtime and inode instead, the audio metadata cache's rule
    (podcast/cache.py): they are large, every full build's hard links change their ctime, and a
    text edit's rebuild must open none of them."""
    times = []
    for path, stat in files_under(root, ignores):
        if is_audio(path):
            identity = f"{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"
        else:
            identity = hashes.sha256(os.path.join(root, path), stat)
        digest.update(f"{path}\0{identity}\n".encode())
        times.append(stat.st_mtime_ns)
    return times


def is_audio(path: str) -> bool:
    # Imported here: pelican.plugins.podcast imports this module's package (a cycle at import time).
    from pelican.plugins.podcast.audio_formats import MIME_TYPES

    return path.rpartition(".")[2].lower() in MIME_TYPES


def _add_files(digest: Any, root: str) -> int:
    """Every file under root into `digest` (path, size, mtime, inode); the newest mtime (ns), 0 if none.
    Not the ctime: hard-linking a static file into the output changes it."""
    newest = 0
    for path, stat in files_under(root):
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode())
        newest = max(newest, stat.st_mtime_ns)
    return newest


def files_under(root: str, ignores: Iterable[str] = ()) -> list[tuple[str, os.stat_result]]:
    """(path relative to root, stat) of every file under root, in a stable order. Symbolic links
    are followed, as Pelican follows them (each folder once); a file that cannot be read (a
    dangling link) counts with an empty stat, so that it reading again later is a change. Names in
    `ignores` (IGNORE_FILES: an editor's lock or swap file) are left out, as the build never reads
    them: one coming or going is no change."""
    ignores = tuple(ignores)
    found: list[tuple[str, os.stat_result]] = []
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
                found.append((prefix + entry.name, entry.stat()))
            except OSError:
                found.append((prefix + entry.name, _EMPTY_STAT))

    walk(root, "")
    return found


# All zeros, the nanosecond times included (a bare 10-tuple leaves them None).
_EMPTY_STAT = os.stat_result((0,) * 10, {"st_atime_ns": 0, "st_mtime_ns": 0, "st_ctime_ns": 0})


def environment() -> str:
    """Python and its installed packages, as a text that changes when either does."""
    return f"{sys.version}\n{_packages_state()}\n"


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


# Values whose repr is the same in every process and holds no other value.
_PLAIN = frozenset({str, int, float, bool, type(None), bytes})


def _stable(value: Any, seen: frozenset[int] = frozenset()) -> str:
    """A text for a settings value that is the same in every process: sorted mappings and sets, the
    code of functions rather than their address. A function counts with all that decides what it
    returns: its code, its defaults, what it closes over, and the module-level functions and values
    it names (a JINJA_FILTERS entry calling a helper of pelicanconf.py), followed recursively.
    `seen`: the functions and objects being described, so that a cycle ends."""
    if type(value) in _PLAIN:  # most of the values: said as they are, and first (a build takes two digests)
        return repr(value)
    if id(value) in seen:
        return "<cycle>"
    inner = seen | {id(value)}
    if isinstance(value, Mapping):
        return "{" + ",".join(sorted(f"{_stable(k, inner)}:{_stable(v, inner)}" for k, v in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(item, inner) for item in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(item, inner) for item in value) + "]"
    if isinstance(value, (types.FunctionType, types.MethodType)):
        return _function(value, inner)
    if isinstance(value, functools.partial):
        return f"partial({_stable(value.func, inner)},{_stable(value.args, inner)},{_stable(value.keywords, inner)})"
    if isinstance(value, type):
        return _class(value, inner)
    if _is_ours(type(value)):
        # A callable class's instance (a filter with its own state): its class's code and its attributes.
        return f"{_class(type(value), inner)}({_stable(getattr(value, '__dict__', {}), inner)})"
    return _ADDRESS.sub("", repr(value))


def _function(value: types.FunctionType | types.MethodType, seen: frozenset[int]) -> str:
    function = value.__func__ if isinstance(value, types.MethodType) else value
    if not isinstance(function, types.FunctionType):  # a bound built-in method: its name says it
        return _ADDRESS.sub("", repr(value))
    name = f"{function.__module__}.{function.__qualname__}"
    if _in_library(function.__code__.co_filename):
        return name
    closure = [cell.cell_contents for cell in function.__closure__ or ()]
    names = _global_names(function.__code__)
    named = {name: function.__globals__[name] for name in sorted(names) if name in function.__globals__}
    # A module stands for itself: its code is the packages' or the plugins' (digested apart).
    named = {name: (f"module {thing.__name__}" if isinstance(thing, types.ModuleType) else thing)
             for name, thing in named.items()}
    bound = _stable(value.__self__, seen) if isinstance(value, types.MethodType) else ""
    return (f"{name}:{_code(function.__code__)}:"
            f"{_stable([function.__defaults__, function.__kwdefaults__, closure, named, bound], seen)}")


def _class(cls: type, seen: frozenset[int]) -> str:
    """A class by its name; ours (defined in the settings or the plugins) by its methods' code too."""
    name = f"{cls.__module__}.{cls.__qualname__}"
    if not _is_ours(cls):
        return name
    members = {key: member for key, member in vars(cls).items()
               if isinstance(member, (types.FunctionType, staticmethod, classmethod, property))
               or not (key.startswith("__") or callable(member))}
    described = {key: _stable(getattr(member, "__func__", member), seen) if not isinstance(member, property)
                 else _stable([member.fget, member.fset], seen) for key, member in members.items()}
    return f"{name}{_stable(described, seen)}"


def _is_ours(cls: type) -> bool:
    """A class defined outside Python and the installed packages (whose versions are digested apart):
    in our plugins, or in a settings file (which Pelican runs without keeping it in sys.modules)."""
    module = sys.modules.get(cls.__module__)
    if module is None:
        return True
    path = getattr(module, "__file__", None)
    return path is not None and not _in_library(path)


def _in_library(path: str) -> bool:
    return os.path.abspath(path).startswith(_LIBRARY_FOLDERS)


def _global_names(code: types.CodeType) -> set[str]:
    """The global names a function's code reads, its nested functions' (comprehensions, lambdas) included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _code(code: types.CodeType) -> str:
    parts = [code.co_code.hex(), repr(code.co_names)]
    parts += [_code(const) if isinstance(const, types.CodeType) else repr(const) for const in code.co_consts]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
