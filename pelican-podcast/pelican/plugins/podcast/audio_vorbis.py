"""Vorbis comments (Ogg Vorbis, Opus, FLAC): text fields, pictures, CHAPTERnnn chapters."""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, cast

import mutagen
from mutagen.flac import FLAC, Picture

from .audio_tag_text import clean, track_number
from .catalogue import phrase
from .errors import AudioError
from .records import AudioTags

if TYPE_CHECKING:
    from mutagen._vorbis import VCommentDict


def tags(audio: mutagen.FileType) -> AudioTags:
    found = cast("VCommentDict", audio.tags)

    def text(*keys: str) -> str | None:
        for key in keys:
            values = found.get(key)  # case-insensitive in mutagen
            if values and clean(values[0]):
                return clean(values[0])
        return None

    return AudioTags(
        title=text("TITLE"),
        artist=text("ARTIST"),
        album=text("ALBUM"),
        comment=text("COMMENT", "DESCRIPTION"),
        date=text("DATE"),
        track=track_number(text("TRACKNUMBER")),
    )


def pictures(audio: mutagen.FileType) -> list[tuple[int, bytes]]:
    """FLAC's own picture blocks; in Ogg, the METADATA_BLOCK_PICTURE comments."""
    if isinstance(audio, FLAC):
        return [(picture.type, picture.data) for picture in audio.pictures]
    if audio.tags is None:
        return []
    decoded = map(_decode_block_picture, audio.tags.get("METADATA_BLOCK_PICTURE", []))
    return [picture for picture in decoded if picture]


def _decode_block_picture(encoded: str) -> tuple[int, bytes] | None:
    # A broken cover must not stop the build: the feed falls back to the show's image.
    try:
        picture = Picture(base64.b64decode(encoded))
    except (binascii.Error, ValueError, mutagen.MutagenError):
        return None
    return picture.type, picture.data


_VORBIS_CHAPTER = re.compile(r"chapter\d+")
_VORBIS_TIMESTAMP = re.compile(r"(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def chapters(audio: mutagen.FileType, shown: str) -> list[tuple[float, str | None, float | None]]:
    """CHAPTER001=00:01:02.500 with CHAPTER001NAME=Title (any number of digits); no ends."""
    if audio.tags is None:
        return []
    found = cast("VCommentDict", audio.tags)
    marks: list[tuple[float, str | None, float | None]] = []
    for key in found.keys():  # noqa: SIM118  (iterating mutagen's VCommentDict gives (key, value) pairs)
        if not _VORBIS_CHAPTER.fullmatch(key.lower()):
            continue
        stamp = found[key][0].strip()
        time = _VORBIS_TIMESTAMP.fullmatch(stamp)
        if not time:
            raise AudioError(shown, phrase("audio_chapter_stamp", key=key.upper(), stamp=stamp))
        hours, minutes, seconds = time.groups()
        names = found.get(f"{key}NAME")
        start = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        marks.append((start, clean(names[0]) if names else None, None))
    return marks
