"""Small JPEG copies of the artwork for the pages: episode cards, the show's and episodes' covers.

Artwork is 1400 to 3000 px a side (Apple's rule) and a card shows it at 72 px: the pages load
thumbnails instead (`srcset`, the browser picks the width it needs), and the full image stays for
the feed and Open Graph. The records carry the thumbnails' paths (`thumbnails_of`, from the image's
own output path, so each is named once and beside its image); `ThumbnailsGenerator` writes them
after the gate, into the output folder Pelican gives it (the staging folder of plugins.safe_output),
so `invoke check` writes none. Each thumbnail is made once per picture: kept in CACHE_PATH/vignettes
(or PODCAST_THUMBNAILS_PATH) under the hash of the picture's bytes, then hard-linked (or copied)
into the output.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
from typing import TYPE_CHECKING, Any

from pelican.generators import Generator
from pelican.utils import sanitised_join

from .files import link_or_copy, write_atomically
from .interface import output_current
from .picture_cache import PictureCache
from .records import Thumbnail
from .urls import url_path

if TYPE_CHECKING:
    from pelican.writers import Writer

# A card shows 72 px (48 on a phone), the covers 160 and 200 px: 144, 288 and 576 cover them up to
# three device pixels per CSS pixel.
WIDTHS = (144, 288, 576)
JPEG_QUALITY = 82
CACHE_FOLDER = "vignettes"

# A picture to make thumbnails of: the path of a file, or the bytes of a picture embedded in an audio file.
Picture = str | bytes


def thumbnails_of(image_path: str) -> tuple[Thumbnail, ...]:
    """The thumbnails of the image written at `image_path` (output-relative): `pochette.png` ->
    `pochette.vignette-144.jpg`, …, narrowest first."""
    stem = posixpath.splitext(image_path)[0]
    paths = [(f"{stem}.vignette-{width}.jpg", width) for width in WIDTHS]
    return tuple(Thumbnail(path=path, href=url_path(path), width=width) for path, width in paths)


def thumbnail_bytes(picture: bytes, widths: tuple[int, ...]) -> dict[int, bytes]:
    """`picture` (JPEG or PNG) as opaque JPEGs of each width, without its metadata, from one decoding.

    Memory stays near one decoded picture: no RGB copy of an RGB picture, and Pillow's reducing_gap
    halves the picture in whole steps before the fine resampling. Pillow is imported only here: a
    rebuild that finds every thumbnail in the cache does not load it.
    """
    from PIL import Image

    made: dict[int, bytes] = {}
    with Image.open(io.BytesIO(picture)) as image:
        image.draft("RGB", (max(widths), max(widths)))  # a JPEG is decoded at a fraction of its size: much faster
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        for width in sorted(widths, reverse=True):
            height = max(1, round(rgb.height * width / rgb.width))
            small = rgb.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            out = io.BytesIO()
            small.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            made[width] = out.getvalue()
    return made


class ThumbnailsGenerator(Generator):
    """Writes the thumbnails the records name. `plan()` is called once the records exist
    (all_generators_finalized, see hooks.py); `output_paths()` tells the address checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planned: dict[str, tuple[Picture, str]] = {}  # image path -> (its picture, who shows it)

    def generate_context(self) -> None:
        self.planned = {}  # every build starts clean (regenerate, livereload)

    def plan(self, image_path: str, picture: Picture, who: str) -> None:
        """Thumbnails of the image written at `image_path` (output-relative), made from `picture`."""
        self.planned.setdefault(image_path, (picture, who))

    def output_paths(self) -> list[tuple[str, str]]:
        return [(t.path, who) for image_path, (_, who) in self.planned.items() for t in thumbnails_of(image_path)]

    def generate_output(self, writer: Writer) -> None:
        if output_current(self):
            return  # every thumbnail is in the output, made from the same pictures
        cache_path = os.path.abspath(self.settings["CACHE_PATH"])
        podcast = self.context.get("podcast")
        cache = podcast.thumbnails_cache if podcast is not None else os.path.join(cache_path, CACHE_FOLDER)
        # A picture file's sha256 without reading it again when it has not changed since a build read it.
        pictures = PictureCache(cache_path)
        for image_path, (picture, _) in self.planned.items():
            digest = pictures.sha256(picture) if isinstance(picture, str) else hashlib.sha256(picture).hexdigest()
            wanted = {t.width: (os.path.join(cache, f"{digest}-{t.width}.jpg"), sanitised_join(self.output_path, t.path))
                      for t in thumbnails_of(image_path)}
            _made_once(wanted, picture)
        pictures.save()


def _made_once(wanted: dict[int, tuple[str, str]], picture: Picture) -> None:
    """Each thumbnail (width -> (cached, target)), from the cache when an earlier build made it from
    the same bytes; the missing ones made from one decoding of the picture (read only then)."""
    missing = tuple(width for width, (cached, _) in wanted.items() if not os.path.isfile(cached))
    made = thumbnail_bytes(_picture_bytes(picture), missing) if missing else {}
    for width, (cached, target) in wanted.items():
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if width in made:
            try:
                write_atomically(cached, made[width])
            except OSError:  # a cache we may not write: made for this build only
                write_atomically(target, made[width])
                continue
        link_or_copy(cached, target)


def _picture_bytes(picture: Picture) -> bytes:
    if isinstance(picture, bytes):
        return picture
    with open(picture, "rb") as source:
        return source.read()
