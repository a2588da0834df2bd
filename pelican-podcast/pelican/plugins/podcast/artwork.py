"""The check of show and episode artwork against Apple's requirements, read with Pillow.

Apple: "a minimum size of 1400 x 1400 pixels and a maximum size of 3000 x 3000 pixels, in JPEG or
PNG format, 72 dpi, with appropriate file extensions (.jpg, .png), and in the RGB colorspace",
and "the file type in the URL matches the actual file type of the image file".
"""

from __future__ import annotations

import os

from .catalogue import PODCAST
from .picture_cache import PictureCache, PictureFacts, read_picture
from .problem_record import Problem

MIN_SIDE = 1400
MAX_SIDE = 3000
# Pillow's format name -> the one extension Apple lists for it (and feedgen's itunes:image accepts).
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png"}


def check_artwork(path: str, field: str, shown_path: str | None = None, cache: PictureCache | None = None) -> list[Problem]:
    """Problems with the artwork file at `path`, about `field`: a setting ("PODCAST_IMAGE") or an
    episode's "Image" (its file and line are the caller's to give).

    Accepted: a JPEG or PNG file named .jpg or .png accordingly, square, 1400 to 3000 px a side,
    in plain 8-bit RGB. Refused besides the obvious: CMYK (Apple wants RGB), greyscale and palette
    images (not the RGB colourspace Apple names), and any image with an alpha channel or a
    transparent colour, because directories flatten transparency onto a background of their
    choosing (often black); an opaque RGB image is the one that looks the same everywhere.
    The 72 dpi Apple mentions is metadata no app uses, so it is not checked.
    With a `cache`, a file unchanged since it was last read (size, modification time) is not read again.
    """
    picture = f"'{shown_path or path}'"
    if not os.path.isfile(path):
        return [PODCAST("podcast.E070", field=field, picture=picture)]
    facts = cache.facts(path) if cache is not None else read_picture(_file_bytes(path))
    return picture_problems(facts, picture, os.path.splitext(path)[1], field)


def check_embedded_artwork(data: bytes, picture: str) -> list[Problem]:
    """The same rules for a picture embedded in an audio file (its 'extension' is its type);
    `picture` names it in the messages."""
    return picture_problems(read_picture(data), picture, None)


def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as image_file:
        return image_file.read()


def picture_problems(facts: PictureFacts, picture: str, extension: str | None, field: str = "") -> list[Problem]:
    """The rules above applied to a picture's facts; `picture` names it in the messages."""
    if facts.unreadable == "unidentified":
        return [PODCAST("podcast.E071", field=field, picture=picture)]
    if facts.unreadable is not None:
        return [PODCAST("podcast.E072", field=field, picture=picture)]
    image_format, mode, width, height = facts.format, facts.mode, facts.width, facts.height
    problems = []
    if image_format not in EXTENSIONS:
        problems.append(PODCAST("podcast.E073", field=field, picture=picture, format=image_format))
    else:
        if extension is not None and extension != EXTENSIONS[image_format]:
            problems.append(PODCAST("podcast.E074", field=field, picture=picture, format=image_format,
                                    expected=EXTENSIONS[image_format], extension=extension or "rien"))
        problems += _colour_problems(mode, facts.transparent, picture, field)
    if width != height:
        problems.append(PODCAST("podcast.E078", field=field, picture=picture, width=width, height=height))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        problems.append(PODCAST("podcast.E079", field=field, picture=picture, width=width, height=height,
                                least=MIN_SIDE, most=MAX_SIDE))
    return problems


def _colour_problems(mode: str, transparent: bool, picture: str, field: str) -> list[Problem]:
    if mode == "CMYK":
        return [PODCAST("podcast.E075", field=field, picture=picture)]
    if "A" in mode or transparent:
        return [PODCAST("podcast.E076", field=field, picture=picture)]
    if mode != "RGB":
        return [PODCAST("podcast.E077", field=field, picture=picture, mode=mode)]
    return []
