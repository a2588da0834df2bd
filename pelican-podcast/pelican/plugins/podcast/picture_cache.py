"""What a picture file is (format, mode, size, transparency: `read_picture()`, with Pillow), kept
between builds with its sha256 (the name of its thumbnails in the cache). A rebuild with the same pictures neither
opens them nor imports Pillow's format modules.

An entry is valid while its file keeps the same size and modification time (nanoseconds), the
audio metadata cache's rule (cache.py): a picture replaced by another one, even of the same size,
has another modification time and is read again. The cache is plain, versioned JSON in CACHE_PATH;
one that is damaged, foreign or of another version is ignored and rebuilt, and a failure to write
it never fails the build.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from dataclasses import asdict, dataclass, fields

from .cache import file_stamp, load_document, unchanged
from .files import write_atomically

logger = logging.getLogger(__name__)

CACHE_FILE = "podcast-pictures.json"
FORMAT_NAME = "cite-ia podcast pictures"
# Bump when PictureFacts or what read_picture() finds changes, so that old caches are ignored.
# 2: a JPEG cut short is found (its data decoded); an older entry may call one readable.
CACHE_VERSION = 2


@dataclass(frozen=True)
class PictureFacts:
    """What the artwork rules (artwork.py) need to know of a picture, read once with Pillow."""

    unreadable: str | None = None  # "unidentified" (not a picture Pillow knows) or "damaged"; else None
    format: str = ""  # Pillow's format name: "JPEG", "PNG", "GIF"…
    mode: str = ""  # "RGB", "RGBA", "CMYK", "L", "P"…
    width: int = 0
    height: int = 0
    transparent: bool = False  # a transparent colour (PNG tRNS, GIF), besides an alpha channel


def read_picture(data: bytes) -> PictureFacts:
    """The facts of the picture in `data`. Pillow (and its format modules) is imported only here."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, mode, (width, height) = image.format, image.mode, image.size
            transparent = "transparency" in image.info
            image.verify()  # a truncated or damaged file fails here, not in the listener's app
        if image_format == "JPEG":
            # verify() reads a PNG's every chunk but not a JPEG's data: a JPEG cut short would pass,
            # then fail when the thumbnails are made. Decoded at 1/8 scale (draft): all its data is
            # read, in a sixty-fourth of the memory.
            with Image.open(io.BytesIO(data)) as image:
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except UnidentifiedImageError:
        return PictureFacts(unreadable="unidentified")
    except (OSError, SyntaxError, ValueError):  # Pillow's words for a truncated or damaged image
        return PictureFacts(unreadable="damaged")
    return PictureFacts(None, str(image_format), mode, width, height, transparent)


# Each fact's type in the JSON (a cache file is data: a wrong type is a damaged cache, not a crash).
_FACT_TYPES: dict[str, type | tuple[type, ...]] = {
    "unreadable": (str, type(None)), "format": str, "mode": str, "width": int, "height": int, "transparent": bool,
}
assert set(_FACT_TYPES) == {field.name for field in fields(PictureFacts)}


class PictureCache:
    """path -> (size, mtime_ns, (sha256, PictureFacts)), loaded from and saved to CACHE_PATH."""

    def __init__(self, cache_dir: str):
        self.path = os.path.join(cache_dir, CACHE_FILE)
        self.entries: dict[str, tuple[int, int, tuple[str, PictureFacts]]] = self._load()
        self._changed = False

    def facts(self, path: str) -> PictureFacts:
        """What the artwork check needs of the picture at `path` (read_picture), read only if it changed."""
        return self._known(path)[1]

    def sha256(self, path: str) -> str:
        """The picture's sha256, read only if it changed."""
        return self._known(path)[0]

    def save(self) -> None:
        """Write the cache when a picture was read; a failure to write it never fails the build."""
        if not self._changed:
            return
        document = {
            "format": FORMAT_NAME,
            "version": CACHE_VERSION,
            "entries": {path: {"size": size, "mtime_ns": mtime, "sha256": digest, "facts": asdict(facts)}
                        for path, (size, mtime, (digest, facts)) in self.entries.items()},
        }
        try:
            write_atomically(self.path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            logger.warning("cache des images du podcast non écrit : %s", error)
            return
        self._changed = False

    def _known(self, path: str) -> tuple[str, PictureFacts]:
        stat = os.stat(path)  # before reading: a file changed meanwhile is read again next time
        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if entry and unchanged(entry, stat):
            return entry[2]
        with open(path, "rb") as picture:
            data = picture.read()
        known = (hashlib.sha256(data).hexdigest(), read_picture(data))
        self.entries[key] = (*file_stamp(stat), known)
        self._changed = True
        return known

    def _load(self) -> dict[str, tuple[int, int, tuple[str, PictureFacts]]]:
        try:
            document = load_document(self.path, FORMAT_NAME)
            if document is None or document.get("version") != CACHE_VERSION:
                return {}  # none yet, or an older version of ours: rebuilt silently
            return {str(path): self._entry(value) for path, value in document["entries"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:  # JSONDecodeError is a ValueError
            logger.warning("cache des images du podcast ignoré (%s) : il est reconstruit", error)
            return {}

    @staticmethod
    def _entry(value: dict) -> tuple[int, int, tuple[str, PictureFacts]]:
        size, mtime, digest, facts = value["size"], value["mtime_ns"], value["sha256"], value["facts"]
        if not (isinstance(size, int) and isinstance(mtime, int) and isinstance(digest, str) and isinstance(facts, dict)
                and set(facts) == set(_FACT_TYPES)
                and all(isinstance(facts[name], kind) for name, kind in _FACT_TYPES.items())):
            raise ValueError("entrée invalide")
        return size, mtime, (digest, PictureFacts(**facts))
