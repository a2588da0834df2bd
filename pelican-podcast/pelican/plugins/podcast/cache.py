"""Audio metadata kept between builds, so that a rebuild with unchanged audio reads no audio file.

An entry is valid while its file keeps the same size and modification time (nanoseconds): editors
replace audio files, they do not edit them in place within the same nanosecond. A file whose time
changed but not its size (a fresh checkout, a copy, `touch`: CI restores cache/ onto new files) is
trusted by its content: the sha256 of the bytes the entry was read from, kept in the cache, against
the file's. Hashing reads the file whole (1.2 GB/s on one core here, against about 7 ms per file
for reading an hour's headers), so it is done only then, and in the audio workers (prefetch.py);
the digest is the one the audio manifest's check uses, computed once. It is recorded the first time
a file's time changes without its size (and whenever the manifest asks for it): the next checkout
reads no audio.

The cache is plain, versioned JSON, never code (a pickle would run whatever a crafted cache file
holds). Pictures embedded in the audio are not in the JSON: each is kept once as an image file
beside it, named by its hash. A cache that is damaged, foreign, of another version or of the wrong
shape is ignored with one warning and rebuilt; a failure to write it never fails the build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict

from .files import finite_number, write_atomically
from .loudness import QUALITY_VERSION, AudioQuality
from .records import Artwork, AudioInfo, AudioTags, Chapter

logger = logging.getLogger(__name__)

CACHE_FILE = "podcast-audio-metadata.json"
ARTWORK_FOLDER = "podcast-artwork"
# Bump when AudioInfo or the reader's results change, so that old caches are ignored.
# 3: a FLAC file cut short is refused (flac_frames.py); an older entry may hold one.
CACHE_VERSION = 3
FORMAT_NAME = "cite-ia podcast audio metadata"


def file_stamp(stat: os.stat_result) -> tuple[int, int]:
    """What says a file is still the one read: its size and modification time (ns). The one rule
    of every cache of the plugin (audio, pictures, the prefetch's), and of the site's static copies."""
    return stat.st_size, stat.st_mtime_ns


def unchanged(entry: tuple[int, int, object], stat: os.stat_result) -> bool:
    """Whether the file `stat` describes is the one an entry (size, mtime_ns, value) was made from."""
    return (entry[0], entry[1]) == file_stamp(stat)


class _WrongShape(ValueError):
    pass


class _Untrusted(ValueError):
    """An entry holding a number no reading gives (NaN, Infinity, a duration ≤ 0: Python's JSON
    reads them): that file is a miss, read again, rather than its numbers reaching the feed."""


def _finite(value: object, minimum: float = 0, above: bool = False) -> float:
    if not finite_number(value) or value < minimum or (above and value == minimum):
        raise _Untrusted(f"nombre {value!r} inattendu")
    return float(value)


def _count(value: object, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Untrusted(f"entier {value!r} inattendu")
    return value


def load_document(path: str, format_name: str) -> dict | None:
    """The JSON document of one of our caches (the picture cache's too): None when there is none
    yet; ValueError when the file is not one of ours or is damaged, OSError when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
    except FileNotFoundError:
        return None
    if not isinstance(document, dict) or document.get("format") != format_name:
        raise _WrongShape("ce n'est pas un cache de ce site")
    return document


class AudioMetadataCache:
    """path -> (size, mtime_ns, AudioInfo), loaded from and saved to CACHE_PATH."""

    def __init__(self, cache_dir: str):
        self.path = os.path.join(cache_dir, CACHE_FILE)
        self.artwork_dir = os.path.join(cache_dir, ARTWORK_FOLDER)
        self.qualities: dict[str, tuple[int, int, AudioQuality]] = {}
        self.digests: dict[str, tuple[int, int, str]] = {}
        self.saved_ns: int | None = None  # when the cache loaded was written (None: no cache, or not usable)
        self.entries: dict[str, tuple[int, int, AudioInfo]] = self._load()
        self._changed = False  # something was read or measured since loading: save() writes
        self.hits = 0
        self.misses = 0
        self.trusted_by_content = 0  # hits whose time had changed, not their content

    # --- Loading ----------------------------------------------------------------------------

    def _load(self) -> dict[str, tuple[int, int, AudioInfo]]:
        try:
            document = load_document(self.path, FORMAT_NAME)
            if document is None:
                return {}
            # The loudness measures and the digests do not depend on the reader: an older reader's
            # cache keeps them (measuring loudness again decodes every file).
            self.qualities = self._qualities(document.get("qualities"))
            self.digests = self._digests(document.get("digests"))
            if document.get("version") != CACHE_VERSION:
                return {}  # what an older reader found: read again, silently
            entries = document.get("entries")
            if not isinstance(entries, dict):
                raise _WrongShape("« entries » manquant")
            loaded = {}
            for path, value in entries.items():
                try:
                    loaded[path] = self._entry(value)
                except _Untrusted:
                    continue  # a miss: get() reads the file again and saves a sound entry
            self.saved_ns = os.stat(self.path).st_mtime_ns
            return loaded
        except (OSError, ValueError, TypeError, KeyError) as error:  # JSONDecodeError is a ValueError
            self.qualities, self.digests = {}, {}
            logger.warning("cache des métadonnées audio ignoré (%s) : il est reconstruit", error)
            return {}

    def _entry(self, value: object) -> tuple[int, int, AudioInfo]:
        if not isinstance(value, dict):
            raise _WrongShape("entrée invalide")
        size, mtime, info = value["size"], value["mtime_ns"], value["info"]
        if not isinstance(size, int) or not isinstance(mtime, int) or not isinstance(info, dict):
            raise _WrongShape("entrée invalide")
        artwork = info.get("artwork")
        return _count(size), _count(mtime), AudioInfo(
            path=str(info["path"]),
            size=_count(info["size"], 1),
            mime_type=str(info["mime_type"]),
            format=str(info["format"]),
            duration=_finite(info["duration"], above=True),
            bitrate=_count(info["bitrate"]),
            sample_rate=_count(info["sample_rate"]),
            channels=_count(info["channels"]),
            tags=AudioTags(**{k: info["tags"].get(k) for k in AudioTags.__dataclass_fields__}),
            artwork=self._artwork(artwork) if artwork else None,
            chapters=tuple(
                Chapter(start=_finite(c["start"]), title=str(c["title"]), end=None if c["end"] is None else _finite(c["end"]))
                for c in info["chapters"]
            ),
        )

    def _qualities(self, stored: object) -> dict[str, tuple[int, int, AudioQuality]]:
        """The loudness measures (`invoke check`); another measuring version is measured again."""
        if not isinstance(stored, dict) or stored.get("version") != QUALITY_VERSION:
            return {}
        entries = stored.get("entries")
        if not isinstance(entries, dict):
            raise _WrongShape("« qualities » invalide")
        return {path: (int(v["size"]), int(v["mtime_ns"]), AudioQuality.from_dict(v["quality"])) for path, v in entries.items()}

    @staticmethod
    def _digests(stored: object) -> dict[str, tuple[int, int, str]]:
        """The sha256 of each file (absent in caches written before them: computed again)."""
        if stored is None:
            return {}
        if not isinstance(stored, dict):
            raise _WrongShape("« digests » invalide")
        return {path: (int(v["size"]), int(v["mtime_ns"]), str(v["sha256"])) for path, v in stored.items()}

    def _artwork(self, reference: dict) -> Artwork:
        name = str(reference["file"])
        if os.path.basename(name) != name:
            raise _WrongShape("nom d'image invalide")
        with open(os.path.join(self.artwork_dir, name), "rb") as image:
            return Artwork(data=image.read(), mime_type=str(reference["mime_type"]))

    # --- Use --------------------------------------------------------------------------------

    def get(self, path: str, read: Callable[[], AudioInfo], digest: Callable[[str], str] | None = None) -> AudioInfo:
        """The cached AudioInfo of `path` if the file is unchanged (same size and time, or same size
        and content), else `read()` and remember it. `digest` computes a file's sha256 (default:
        here, `file_sha256`)."""
        stat = os.stat(path)
        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if entry and unchanged(entry, stat):
            self.hits += 1
            return entry[2]
        if entry and self.content_known(key, stat) and self._same_content(path, digest):
            self.hits += 1
            self.trusted_by_content += 1
            self.entries[key] = (*file_stamp(stat), entry[2])
            self._changed = True
            return entry[2]
        info = read()
        self.misses += 1
        if self.same_size(path, stat):
            # Its time changed, not its size: the next such change (a checkout) is trusted by content.
            self.sha256(path, digest)
        self.entries[key] = (*file_stamp(stat), info)
        self._changed = True
        return info

    def same_size(self, path: str, stat: os.stat_result) -> bool:
        """Whether the file at `path` has an entry of its size (its time may differ)."""
        entry = self.entries.get(os.path.abspath(path))
        return entry is not None and entry[0] == stat.st_size

    def content_known(self, path: str, stat: os.stat_result) -> bool:
        """Whether the file at `path`, changed in time only as far as its size says, has an entry whose
        content's sha256 is kept: `get()` then compares digests rather than reading the audio."""
        key = os.path.abspath(path)
        entry, known = self.entries.get(key), self.digests.get(key)
        return (entry is not None and known is not None and entry[0] == stat.st_size
                and known[:2] == entry[:2])

    def _same_content(self, path: str, digest: Callable[[str], str] | None) -> bool:
        read_from = self.digests[os.path.abspath(path)][2]  # the content the entry was read from
        return self.sha256(path, digest) == read_from

    def knows(self, path: str) -> bool:
        """Whether `get()` would answer from the cache for the file at `path` (False when it is missing)."""
        entry = self.entries.get(os.path.abspath(path))
        if entry is None:
            return False
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return unchanged(entry, stat)

    def stale_paths(self) -> list[str]:
        """The files the cache has an entry for that are still there, but changed since."""
        return [path for path in self.entries if os.path.isfile(path) and not self.knows(path)]

    def quality(self, path: str) -> AudioQuality | None:
        """The cached loudness measure of `path` if the file is unchanged, else None."""
        stat = os.stat(path)
        entry = self.qualities.get(os.path.abspath(path))
        if entry and unchanged(entry, stat):
            return entry[2]
        return None

    def sha256(self, path: str, compute: Callable[[str], str] | None = None) -> str:
        """The file's sha256, read again (by `compute`, default `file_sha256`) only when its size or
        modification time changed."""
        stat = os.stat(path)
        key = os.path.abspath(path)
        entry = self.digests.get(key)
        if entry and unchanged(entry, stat):
            return entry[2]
        digest = (compute or file_sha256)(path)
        self.digests[key] = (*file_stamp(stat), digest)
        self._changed = True
        return digest

    def remember_quality(self, path: str, quality: AudioQuality) -> None:
        stat = os.stat(path)
        self.qualities[os.path.abspath(path)] = (*file_stamp(stat), quality)
        self._changed = True

    # --- Saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the cache atomically when something was read since loading (a warm build rewrites
        nothing); a failure to write it never fails the build."""
        if not self._changed:
            return
        try:
            os.makedirs(self.artwork_dir, exist_ok=True)
            entries = {path: self._serialise(size, mtime, info) for path, (size, mtime, info) in self.entries.items()}
            qualities = {
                path: {"size": size, "mtime_ns": mtime, "quality": quality.asdict()}
                for path, (size, mtime, quality) in self.qualities.items()
            }
            document = {
                "format": FORMAT_NAME,
                "version": CACHE_VERSION,
                "entries": entries,
                "qualities": {"version": QUALITY_VERSION, "entries": qualities},
                "digests": {path: {"size": size, "mtime_ns": mtime, "sha256": digest}
                            for path, (size, mtime, digest) in self.digests.items()},
            }
            # Read by every build: no indent.
            write_atomically(self.path, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError as error:
            logger.warning("cache des métadonnées audio non écrit : %s", error)

    def _serialise(self, size: int, mtime: int, info: AudioInfo) -> dict:
        data = asdict(info)
        data["artwork"] = self._store_artwork(info.artwork) if info.artwork else None
        return {"size": size, "mtime_ns": mtime, "info": data}

    def _store_artwork(self, artwork: Artwork) -> dict:
        name = hashlib.sha256(artwork.data).hexdigest()[:32] + artwork.extension
        target = os.path.join(self.artwork_dir, name)
        if not os.path.exists(target):
            with open(target, "wb") as image:
                image.write(artwork.data)
        return {"file": name, "mime_type": artwork.mime_type}


def file_sha256(path: str) -> str:
    """sha256 of a file, read in chunks (memory stays flat for an hour of audio)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
