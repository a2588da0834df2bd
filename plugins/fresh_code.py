"""Our modules are never run from a stale compiled copy.

Python keeps each module compiled in `__pycache__/` and trusts that copy while the source keeps
its size and its mtime in whole seconds. An edit that keeps both (a file of the same size saved
within the same second, or given back its old mtime by `touch -r`, `cp -p`, an archive or a sync
tool) would run the old code, even in a full build. For the modules of this package, the
timestamp Python records and compares is the later of the mtime and the ctime: the kernel sets
the ctime at every change of the file and no tool can set it back.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable
from typing import Any


class _SourceOrChangeTime(importlib.machinery.SourceFileLoader):
    def path_stats(self, path: str) -> dict[str, Any]:
        stat = os.stat(path)
        return {"mtime": max(stat.st_mtime, stat.st_ctime), "size": stat.st_size}


def _hook_for(folder: str) -> Callable[[str], importlib.abc.PathEntryFinder]:
    details = (_SourceOrChangeTime, importlib.machinery.SOURCE_SUFFIXES)
    make_finder = importlib.machinery.FileFinder.path_hook(details)
    inside = os.path.abspath(folder)

    def hook(path: str) -> importlib.abc.PathEntryFinder:
        absolute = os.path.abspath(path)
        if absolute != inside and not absolute.startswith(inside + os.sep):
            raise ImportError("not one of our folders")  # the next hook (Python's own) takes it
        return make_finder(path)

    return hook


def install(folder: str) -> None:
    """Our loader for the modules under `folder` (this package), from now on in this process."""
    if any(getattr(hook, "cite_ia_folder", None) == folder for hook in sys.path_hooks):
        return
    hook = _hook_for(folder)
    hook.cite_ia_folder = folder  # type: ignore[attr-defined]
    sys.path_hooks.insert(0, hook)
    # Finders already made for our folders (this package's own) are made again with our loader.
    for path in list(sys.path_importer_cache):
        absolute = os.path.abspath(path)
        if absolute == folder or absolute.startswith(folder + os.sep):
            del sys.path_importer_cache[path]
