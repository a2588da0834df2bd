"""The one writer of tags, chapters and artwork into audio files: the demo episodes and the test fixtures.

Formats: ID3 (MP3, and the ID3 chunk of WAV) with CHAP/CTOC chapters and APIC pictures; MP4 atoms with
`covr` artwork; Vorbis comments (Ogg Vorbis, Opus, FLAC) with CHAPTERnnn chapters and pictures. mutagen
writes everything except MP4 chapters, which it can read but not write: those go in through ffmpeg,
from the metadata file `write_ffmetadata_chapters()` makes, when the M4A is encoded.

Every writer replaces the tags the file had (an encoder's own included): the file then says exactly
what it was given. Fields are written in a fixed order and without padding, so the same input gives
the same bytes.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mutagen.flac import FLAC
from mutagen.flac import Picture as FlacPicture
from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TPOS, TRCK, CTOCFlags, Frame, PictureType
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str | None = None
    album: str | None = None
    genre: str | None = None
    date: str | None = None  # "2023" or "2023-05-07"
    comment: str | None = None
    track: int | None = None
    track_total: int | None = None
    disc: int | None = None
    language: str | None = None  # ISO 639-1, "fr"


@dataclass(frozen=True)
class Chapter:
    start_ms: int
    end_ms: int
    title: str


@dataclass(frozen=True)
class Picture:
    data: bytes
    mime: str  # what the tag claims; a test may make it lie about the bytes
    front_cover: bool = True
    description: str = ""


# ID3 wants ISO 639-2 codes: TLAN the bibliographic one most taggers write, COMM the terminology one.
_ID3_LANGUAGES = {"fr": ("fre", "fra"), "en": ("eng", "eng")}


def _no_padding(info) -> int:
    return 0  # the same tags give the same bytes, and the demo files stay small


def chapters_from_starts(starts: Sequence[tuple[float, str]], total_ms: int) -> list[Chapter]:
    """(start in s, title) pairs to chapters: each ends where the next starts, the last at `total_ms`."""
    begins = [round(start * 1000) for start, _ in starts]
    ends = begins[1:] + [max(total_ms, begins[-1] + 1)] if begins else []
    return [Chapter(begin, end, title) for begin, end, (_, title) in zip(begins, ends, starts, strict=True)]


def clock_time(ms: int) -> str:
    """HH:MM:SS.mmm, the shape of Vorbis CHAPTERnnn comments (and of WebVTT cue times)."""
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _number(value: int, total: int | None) -> str:
    return f"{value}/{total}" if total else str(value)


# --- ID3 --------------------------------------------------------------------------------------


def write_id3(path: str, tags: Tags, chapters: Iterable[Chapter] = (), pictures: Iterable[Picture] = (),
              *, extra_frames: Iterable[Frame] = (), v2_version: int = 3) -> None:
    """Replace the ID3 tag of the MP3 or WAV at `path`.

    CHAP frames are written in the order given, the CTOC lists them in time order. Pictures keep their
    order (players take the first front cover). ID3v2.3 by default: the version every player and tag
    reader (Windows included) understands; CHAP/CTOC work in both.
    """
    frames = [*extra_frames, *_id3_text_frames(tags), *_id3_chapter_frames(list(chapters))]
    frames += [APIC(encoding=3, mime=picture.mime, desc=picture.description, data=picture.data,
                    type=PictureType.COVER_FRONT if picture.front_cover else PictureType.OTHER)
               for picture in pictures]
    if str(path).lower().endswith(".wav"):
        audio = WAVE(path)
        if audio.tags is None:
            audio.add_tags()
        audio.tags.clear()
        for frame in frames:
            audio.tags.add(frame)
        audio.save(v2_version=v2_version, padding=_no_padding)
    else:
        id3 = ID3()
        for frame in frames:
            id3.add(frame)
        id3.save(path, v2_version=v2_version, padding=_no_padding)


def _id3_text_frames(tags: Tags) -> list[Frame]:
    frames = [TIT2(encoding=3, text=[tags.title])]
    for frame_class, value in ((TPE1, tags.artist), (TALB, tags.album), (TCON, tags.genre), (TDRC, tags.date)):
        if value:
            frames.append(frame_class(encoding=3, text=[value]))
    tlan, comm_language = _ID3_LANGUAGES.get(tags.language, (None, "und"))
    if tlan:
        frames.append(TLAN(encoding=3, text=[tlan]))
    if tags.track is not None:
        frames.append(TRCK(encoding=3, text=[_number(tags.track, tags.track_total)]))
    if tags.disc is not None:
        frames.append(TPOS(encoding=3, text=[str(tags.disc)]))
    if tags.comment:
        frames.append(COMM(encoding=3, lang=comm_language, desc="", text=[tags.comment]))
    return frames


def _id3_chapter_frames(chapters: list[Chapter]) -> list[Frame]:
    if not chapters:
        return []
    in_time_order = sorted(chapters, key=lambda chapter: chapter.start_ms)
    element_id = {id(chapter): f"chp{index}" for index, chapter in enumerate(in_time_order)}
    frames: list[Frame] = [
        CHAP(element_id=element_id[id(chapter)], start_time=chapter.start_ms, end_time=chapter.end_ms,
             start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,  # "use the times", per the spec
             sub_frames=[TIT2(encoding=3, text=[chapter.title])])
        for chapter in chapters
    ]
    frames.append(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                       child_element_ids=[element_id[id(chapter)] for chapter in in_time_order],
                       sub_frames=[TIT2(encoding=3, text=["Chapitres"])]))
    return frames


# --- MP4 --------------------------------------------------------------------------------------


def write_mp4(path: str, tags: Tags, pictures: Iterable[Picture] = ()) -> None:
    """Replace the tags of the M4A at `path` (its chapters, written by ffmpeg, are kept).

    MP4 has no picture types: give front covers only.
    """
    audio = MP4(path)
    if audio.tags is None:
        audio.add_tags()
    audio.tags.clear()
    audio.tags["©nam"] = [tags.title]
    for key, value in (("©ART", tags.artist), ("©alb", tags.album), ("©gen", tags.genre), ("©day", tags.date)):
        if value:
            audio.tags[key] = [value]
    if tags.track is not None:
        audio.tags["trkn"] = [(tags.track, tags.track_total or 0)]
    if tags.disc is not None:
        audio.tags["disk"] = [(tags.disc, 0)]
    if tags.comment:
        audio.tags["©cmt"] = [tags.comment]
    covers = [MP4Cover(picture.data, imageformat=MP4Cover.FORMAT_PNG if picture.mime == "image/png"
                       else MP4Cover.FORMAT_JPEG) for picture in pictures]
    if covers:
        audio.tags["covr"] = covers
    audio.save(padding=_no_padding)


def write_ffmetadata_chapters(path: str, chapters: Iterable[Chapter]) -> None:
    """ffmpeg's metadata file for `-i PATH -map_chapters N`: how M4A chapters get written."""
    lines = [";FFMETADATA1"]
    for chapter in chapters:
        title = re.sub(r"([=;#\\\n])", r"\\\1", chapter.title)
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={chapter.start_ms}", f"END={chapter.end_ms}",
                  f"title={title}"]
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def set_mp4_channel_count(path: str, channels: int) -> None:
    """Write the real channel count into the `mp4a` sample entry.

    ffmpeg writes 2 there for every MP4 (the ISO "template" value). For mono AAC-LC the decoder config
    alone cannot rule out implicit Parametric Stereo, so mutagen falls back to this field and would call
    the file stereo. Apple's encoders write the real count; so do we.
    """
    with open(path, "r+b") as file:
        data = file.read()
        offset = _find_box(data, 0, len(data), [b"moov", b"trak", b"mdia", b"minf", b"stbl", b"stsd"])
        if offset is None:
            raise ValueError(f"{path}: pas de boîte moov/…/stsd dans ce M4A")
        # stsd: size, type, version+flags, entry count, then the first sample entry.
        entry = offset + 16
        if data[entry + 4:entry + 8] != b"mp4a":
            raise ValueError(f"{path}: la piste audio n'est pas « mp4a »")
        # Sample entry: size, type, 6 reserved, data ref index, version, revision, vendor, channel count.
        file.seek(entry + 24)
        file.write(channels.to_bytes(2, "big"))


def _find_box(data: bytes, start: int, end: int, path: list[bytes]) -> int | None:
    """Offset of the box at `path` (a list of nested box types) within data[start:end]."""
    position = start
    while position + 8 <= end:
        size = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        header = 8
        if size == 1:
            size, header = int.from_bytes(data[position + 8:position + 16], "big"), 16
        elif size == 0:
            size = end - position
        if size < header:
            return None
        if kind == path[0]:
            return position if len(path) == 1 else _find_box(data, position + header, position + size, path[1:])
        position += size
    return None


# --- Vorbis comments --------------------------------------------------------------------------

_VORBIS_FILES = {".ogg": OggVorbis, ".opus": OggOpus, ".flac": FLAC}


def write_vorbis(path: str, tags: Tags, chapters: Iterable[Chapter] = (), pictures: Iterable[Picture] = (),
                 *, extra: Iterable[tuple[str, str]] = ()) -> None:
    """Replace the Vorbis comments of the Ogg Vorbis, Opus or FLAC file at `path`.

    Chapters become CHAPTER001=HH:MM:SS.mmm / CHAPTER001NAME=title; pictures go in FLAC picture
    blocks, or in Ogg files as METADATA_BLOCK_PICTURE comments. `extra` (key, value) pairs come last:
    for the unusual spellings a test wants a reader to meet.
    """
    suffix = str(path).lower()[str(path).rfind("."):]
    audio = _VORBIS_FILES[suffix](path)
    if audio.tags is None:
        audio.add_tags()
    audio.tags.clear()
    comments = [("TITLE", tags.title), ("ARTIST", tags.artist), ("ALBUM", tags.album), ("GENRE", tags.genre),
                ("DATE", tags.date), ("LANGUAGE", tags.language),
                ("TRACKNUMBER", _number(tags.track, tags.track_total) if tags.track is not None else None),
                ("DISCNUMBER", str(tags.disc) if tags.disc is not None else None), ("COMMENT", tags.comment)]
    for index, chapter in enumerate(chapters, start=1):
        comments += [(f"CHAPTER{index:03d}", clock_time(chapter.start_ms)), (f"CHAPTER{index:03d}NAME", chapter.title)]
    for key, value in [*comments, *extra]:
        if value:
            audio.tags[key] = [value]
    blocks = [_flac_picture(picture) for picture in pictures]
    if isinstance(audio, FLAC):
        audio.clear_pictures()
        for block in blocks:
            audio.add_picture(block)
    elif blocks:
        audio.tags["METADATA_BLOCK_PICTURE"] = [base64.b64encode(block.write()).decode("ascii") for block in blocks]
    audio.save(padding=_no_padding)


def _flac_picture(picture: Picture) -> FlacPicture:
    block = FlacPicture()
    block.type = PictureType.COVER_FRONT if picture.front_cover else PictureType.OTHER
    block.mime = picture.mime
    block.desc = picture.description
    block.data = picture.data
    return block
