"""Audio metadata kept between builds, so that a rebuild with unchanged audio reads no audio file.

An entry is valid while its file keeps the same size and modification time (nanoseconds): editors
replace audio files, they do not edit them in place within the same nanosecond.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable

from .records import AudioInfo

logger = logging.getLogger(__name__)

CACHE_FILE = "podcast-audio-metadata.pickle"
# Bump when AudioInfo or the reader's results change shape, so that old caches are ignored.
CACHE_VERSION = 1


class AudioMetadataCache:
    """A dict of path -> (size, mtime_ns, AudioInfo), loaded from and saved to CACHE_PATH."""

    def __init__(self, cache_dir: str):
        self.path = os.path.join(cache_dir, CACHE_FILE)
        self.entries: dict[str, tuple[int, int, AudioInfo]] = self._load()
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict:
        try:
            with open(self.path, "rb") as stream:
                version, entries = pickle.load(stream)
        except FileNotFoundError:
            return {}
        except Exception as error:  # a damaged or foreign cache is only a slower build
            logger.warning("cache des métadonnées audio illisible (%s), il est reconstruit", error)
            return {}
        return entries if version == CACHE_VERSION else {}

    def get(self, path: str, read: Callable[[], AudioInfo]) -> AudioInfo:
        """The cached AudioInfo of `path` if the file is unchanged, else `read()` and remember it."""
        stat = os.stat(path)
        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            self.hits += 1
            return entry[2]
        info = read()
        self.misses += 1
        self.entries[key] = (stat.st_size, stat.st_mtime_ns, info)
        return info

    def save(self) -> None:
        """Write the cache atomically; a failure to write it never fails the build."""
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(self.path), suffix=".tmp")
            with os.fdopen(descriptor, "wb") as stream:
                pickle.dump((CACHE_VERSION, self.entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError as error:
            logger.warning("cache des métadonnées audio non écrit : %s", error)
