"""Our modules are never run from a stale compiled copy.

Python keeps each module compiled in `__pycache__/` and trusts that copy while the source keeps
its size and its mtime in whole seconds. An edit that keeps both (a file of the same size saved
within the same second, or given back its old mtime by `touch -r`, `cp -p`, an archive or a sync
tool) would run the old code, even in a full build. The modules of this package keep compiled
copies that name their source by a hash of its bytes (PEP 552's checked hash-based .pyc), checked
at every import: a copy is run only for the very source it was compiled from. (The package's own
`__init__.py` and this module are imported before the loader is in place, by Python's rule.)
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import marshal
import os
import sys
from collections.abc import Callable
from typing import Any

# PEP 552: a compiled copy that names its source by a hash of it (bit 0), to be checked at every
# import (bit 1).
_CHECKED_HASH = (0b11).to_bytes(4, "little")


class _CheckedBySourceHash(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname: str) -> Any:
        path = self.get_filename(fullname)
        source = self.get_data(path)
        digest = importlib.util.source_hash(source)
        cached = importlib.util.cache_from_source(path)
        header = importlib.util.MAGIC_NUMBER + _CHECKED_HASH + digest
        try:
            compiled = self.get_data(cached)
            if compiled[:16] == header:
                return marshal.loads(compiled[16:])
        except (OSError, ValueError, EOFError, TypeError):
            pass  # none, or unreadable: compiled again below
        code = self.source_to_code(source, path)
        if not sys.dont_write_bytecode:
            # Written to a temporary name then renamed (importlib's own set_data): never half a file.
            self.set_data(cached, header + marshal.dumps(code))
        return code


def _inside(path: str, folder: str) -> bool:
    absolute, folder = os.path.abspath(path), os.path.abspath(folder)
    return absolute == folder or absolute.startswith(folder + os.sep)


def _hook_for(folder: str) -> Callable[[str], importlib.abc.PathEntryFinder]:
    details = (_CheckedBySourceHash, importlib.machinery.SOURCE_SUFFIXES)
    make_finder = importlib.machinery.FileFinder.path_hook(details)

    def hook(path: str) -> importlib.abc.PathEntryFinder:
        if not _inside(path, folder):
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
        if _inside(path, folder):
            del sys.path_importer_cache[path]
