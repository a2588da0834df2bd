"""Files put into the output or a cache safely: linked without copying when they already exist
somewhere, written whole or not at all; and the files never read nor published (IGNORE_FILES)."""

from __future__ import annotations

import fnmatch
import math
import os
import shutil
import tempfile
from collections.abc import Iterable
from typing import TypeGuard


def link_or_copy(source: str, target: str) -> None:
    """`target` becomes the same file as `source` (a hard link: no byte copied) when both are on one
    filesystem, else a copy that keeps its modification time. `target` must not exist."""
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or one without hard links
        shutil.copy2(source, target)


def write_atomically(path: str, data: bytes, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A build that fails half-way leaves the previous file whole, never a truncated one. `durable=False`
    (the editor's live preview, which the next build rewrites anyway): not waiting for the disk, a
    reader still never sees a half-written file.
    """
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def finite_number(value: object) -> TypeGuard[int | float]:
    """Whether a value read back from a JSON file (a cache, a manifest, a record) is a real number:
    Python's JSON reads NaN and Infinity, and a bool is an int to isinstance."""
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def ignored(name: str, patterns: Iterable[str]) -> bool:
    """Whether a file or folder of this name is one the build never reads nor publishes: Pelican's
    own rule for IGNORE_FILES (the name, not the path, against each pattern)."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
