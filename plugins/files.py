"""A file that is already somewhere (a cache, the previous site) put into the output without copying it."""

from __future__ import annotations

import os
import shutil


def link_or_copy(source: str, target: str) -> None:
    """`target` becomes the same file as `source` (a hard link: no byte copied) when both are on one
    filesystem, else a copy that keeps its modification time. `target` must not exist."""
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or one without hard links
        shutil.copy2(source, target)
