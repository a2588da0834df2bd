"""The sha256 of each file a build reads, kept in CACHE_PATH so that an unchanged file is not read
again: what the last-build record and the content cache's key compare, rather than timestamps.

A file's size and mtime do not prove it unchanged: `touch -r`, `cp -p`, an archive or a sync tool
give an edited file back its previous mtime, often with the same size (a corrected typo). Like
git, a hash is kept with the file's full stat, and the file is read again as soon as any of it
differs: the ctime included, which the kernel sets at every write or `utime` and no tool can set
back. A hash taken less than RACY_SECONDS after the file's last change is kept but not trusted
by its stat: a second change within the same timestamp grain would leave the stat as it was
(git's "racy clean"); such a file is read again next time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from typing import Any

from pelican.plugins.podcast.files import write_atomically

logger = logging.getLogger(__name__)

HASHES_FILE = "input-hashes.json"
FORMAT_NAME = "cite-ia input hashes"
VERSION = 1
# The grain under which a timestamp may hide a second change (the last-build record's rule too).
RACY_SECONDS = 1.0
UNREADABLE = "?"

_Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
_Entry = tuple[_Stamp, str, bool]  # stamp, sha256, settled (taken long enough after the last change)


def changed_within_grain(time_ns: int, taken_at: float) -> bool:
    """Whether a file time (ns) lies within RACY_SECONDS of `taken_at` (seconds since the epoch, when
    the build looked at the file), before or after: a change made since could have left it as it was.
    A time further ahead (an audio recorder's clock set wrong, a zip's local times read in another
    time zone, a copy from a machine whose clock runs ahead) cannot hide one: any change from now on
    gives the file this machine's time. Such a file counted as changed at every build, which then
    left no record, and the next one rewrote every page."""
    return abs(time_ns - taken_at * 1e9) < RACY_SECONDS * 1e9


def stamp(stat: os.stat_result) -> _Stamp:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


class FileHashes:
    """path -> (stamp, sha256, settled), loaded from and saved to CACHE_PATH; a damaged file is ignored."""

    def __init__(self, settings: Mapping[str, Any]):
        self.path = os.path.join(str(settings["CACHE_PATH"]), HASHES_FILE)
        self._kept: dict[str, _Entry] = {}
        self._used: dict[str, _Entry] = {}
        try:
            with open(self.path, encoding="utf-8") as stream:
                document = json.load(stream)
            if document.get("format") == FORMAT_NAME and document.get("version") == VERSION:
                self._kept = {path: ((int(entry[0]), int(entry[1]), int(entry[2]), int(entry[3])), str(entry[4]),
                                     entry[5] is True) for path, entry in document["files"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            self._kept = {}  # every file is read again: slower, never wrong

    def sha256(self, path: str, stat: os.stat_result) -> str:
        """The content's sha256 of the file at `path`, which `stat` describes; UNREADABLE if it cannot be read."""
        now = stamp(stat)
        kept = self._kept.get(path)
        if kept is not None and kept[2] and kept[0] == now:
            self._used[path] = kept
            return kept[1]
        try:
            with open(path, "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            return UNREADABLE
        self._used[path] = (now, digest, False)
        return digest

    def changed_behind_mtime(self, path: str, stat: os.stat_result) -> bool:
        """Whether the file's bytes differ from those last hashed while its mtime is the same: an
        edit an mtime-keyed cache (Pelican's content cache) cannot see."""
        kept = self._kept.get(path)
        if kept is None or kept[0][1] != stat.st_mtime_ns:
            return False
        return self.sha256(path, stat) not in (kept[1], UNREADABLE)

    def save(self, taken_at: float) -> None:
        """Keep the hashes of the files seen (the others, gone or not read by this build, are
        forgotten); those changed too recently before `taken_at` (seconds since the epoch, when
        the files were looked at) are not to be trusted by their stat."""
        entries = {path: (entry[0], entry[1], not any(changed_within_grain(time_ns, taken_at) for time_ns in entry[0][1:3]))
                   for path, entry in self._used.items()}
        if entries == self._kept:
            return
        document = {"format": FORMAT_NAME, "version": VERSION,
                    "files": {path: [*entry[0], entry[1], entry[2]] for path, entry in sorted(entries.items())}}
        try:
            write_atomically(self.path, json.dumps(document, separators=(",", ":")).encode())
        except OSError as error:
            logger.debug("input hashes not written: %s", error)  # the next build reads the files again
