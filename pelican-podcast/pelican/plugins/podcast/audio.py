"""Read what the podcast needs from an audio file: format, size, duration, tags, artwork, chapters.

One entry point, `read_audio()`, mutagen's `File()` shape: one path in, one frozen `AudioInfo` out,
one error type (`AudioError`) whose message names the file and tells the editor, in French, what is
wrong and what to do. mutagen identifies the file and reads its headers; what differs by format
lives in one module per format, this one only routes:

- the stream: `audio_mp3.py` (frames counted by `mpeg_frames.py` when no header gives the length),
  `audio_mp4.py` (the sample tables), `flac_frames.py`; WAV and Ogg need only their header;
- whether the file holds what its header announces: `audio_shortfall.py`, the rule they all apply;
- tags, pictures and chapters by tag family: `audio_id3.py` (MP3, WAV), `audio_mp4.py` (M4A),
  `audio_vorbis.py` (Ogg Vorbis, Opus, FLAC).
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

import mutagen
from mutagen.flac import FLAC
from mutagen.id3 import PictureType
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from . import audio_id3, audio_mp3, audio_mp4, audio_vorbis
from .audio_formats import MIME_TYPES
from .audio_shortfall import check_length, check_shortfall
from .catalogue import phrase
from .errors import AudioError
from .flac_frames import samples_reached
from .records import Artwork, AudioInfo, AudioTags, Chapter

# The mutagen class decides the format, never the extension nor mutagen's `.mime` list
# (MP3.mime[0] is "audio/mp3", which podcast apps do not expect).
FORMATS: dict[type, tuple[str, str]] = {
    mutagen_class: (name, MIME_TYPES[name])
    for mutagen_class, name in ((MP3, "mp3"), (MP4, "m4a"), (OggVorbis, "ogg"), (OggOpus, "opus"), (FLAC, "flac"), (WAVE, "wav"))
}

ACCEPTED_FORMATS = "MP3, M4A (AAC), Ogg Vorbis, Opus, FLAC, WAV"

# Extensions each format may carry. Web servers pick the Content-Type from the extension, so an
# extension that lies about the content breaks players. Opus is legal Ogg, so ".ogg" may hold it;
# ".opus" promises Opus, so Vorbis inside is a lie. ".aac" is accepted for MP4 because iTunes-era
# tools named AAC-in-MP4 files that way (raw ADTS .aac is detected as another format and refused).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "mp3": (".mp3",),
    "m4a": (".m4a", ".mp4", ".aac"),
    "ogg": (".ogg", ".oga"),
    "opus": (".opus", ".ogg", ".oga"),
    "flac": (".flac",),
    "wav": (".wav",),
}

# How each format is named to the editor.
FORMAT_NAMES = {
    "mp3": "MP3",
    "m4a": "M4A (AAC)",
    "ogg": "Ogg Vorbis",
    "opus": "Opus",
    "flac": "FLAC",
    "wav": "WAV",
}

# Names for the unsupported formats editors meet most, by mutagen class name.
UNSUPPORTED_NAMES = {
    "AAC": "AAC brut (ADTS), à placer dans un conteneur M4A",
    "AIFF": "AIFF",
    "ASF": "WMA",
}

# Opus always decodes at 48 kHz (RFC 7845); mutagen does not report a sample rate for it.
OPUS_SAMPLE_RATE = 48000


# Where each format keeps its tags, pictures and chapters.
TAG_FAMILIES: dict[str, ModuleType] = {
    "mp3": audio_id3, "wav": audio_id3,  # WAV tags live in an ID3 chunk
    "m4a": audio_mp4,
    "ogg": audio_vorbis, "opus": audio_vorbis, "flac": audio_vorbis,
}


def read_audio(path: str, display_path: str | None = None) -> AudioInfo:
    """Read one audio file and return its `AudioInfo`.

    `display_path` is the name error messages show (e.g. "content/podcasts/media/ep1.mp3");
    it defaults to `path`. Raises `AudioError` for a missing, empty, corrupt, unsupported or
    misnamed file; no mutagen exception escapes.
    """
    shown = display_path or path
    size = _file_size(path, shown)
    audio = _open_with_mutagen(path, shown)
    format_name, mime_type = _detect_format(audio, path, shown)
    duration, bitrate = _duration_and_bitrate(audio, path, shown, size)
    try:
        _check_against_file(audio, format_name, path, shown, size, duration)
    except OSError as error:
        raise AudioError(shown, phrase("audio_rights", error=error.strerror)) from None
    info = _stream_info(audio)
    family = TAG_FAMILIES[format_name]
    return AudioInfo(
        path=os.path.abspath(path),
        size=size,
        mime_type=mime_type,
        format=format_name,
        duration=duration,
        bitrate=bitrate,
        sample_rate=OPUS_SAMPLE_RATE if format_name == "opus" else int(info.sample_rate),
        channels=int(info.channels),
        tags=AudioTags() if audio.tags is None else family.tags(audio),
        artwork=_artwork(family.pictures(audio)),
        chapters=_chapters(family.chapters(audio, shown), duration),
    )


# --- Opening and identifying the file -------------------------------------------------------


def _file_size(path: str, shown: str) -> int:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise AudioError(shown, phrase("audio_not_found")) from None
    except OSError as error:
        raise AudioError(shown, phrase("audio_rights", error=error.strerror)) from None
    if not os.path.isfile(path):
        raise AudioError(shown, phrase("audio_folder"))
    if stat.st_size == 0:
        raise AudioError(shown, phrase("audio_empty"))
    return stat.st_size


def _open_with_mutagen(path: str, shown: str) -> mutagen.FileType:
    try:
        audio = mutagen.File(path)
    # mutagen documents MutagenError, but its parsers can raise almost anything (struct.error,
    # ValueError, IndexError...) on damaged bytes: whatever the cause, the file is unusable.
    except Exception as error:
        extension = os.path.splitext(path)[1].lower()
        known = any(extension in extensions for extensions in EXTENSIONS.values())
        what = phrase("audio_not_its_extension", extension=extension) if known else phrase("audio_damaged")
        raise AudioError(shown, phrase("audio_unreadable", what=what, error=error)) from None
    if audio is None:
        raise AudioError(shown, phrase("audio_unknown_format", formats=ACCEPTED_FORMATS))
    return audio


def _detect_format(audio: mutagen.FileType, path: str, shown: str) -> tuple[str, str]:
    found = FORMATS.get(type(audio))
    if found is None:
        kind = UNSUPPORTED_NAMES.get(type(audio).__name__, type(audio).__name__)
        raise AudioError(shown, phrase("audio_unsupported", kind=kind, formats=ACCEPTED_FORMATS))
    format_name, mime_type = found
    extension = os.path.splitext(path)[1].lower()
    if extension not in EXTENSIONS[format_name]:
        raise AudioError(shown, phrase("audio_extension", extension=extension or phrase("audio_no_extension"),
                                       format=FORMAT_NAMES[format_name], expected=EXTENSIONS[format_name][0]))
    return format_name, mime_type



# --- Duration and bitrate -------------------------------------------------------------------


def _stream_info(audio: mutagen.FileType) -> Any:
    """The file's stream information (MPEGInfo, MP4Info...). mutagen declares FileType.info as None and
    each subclass's attributes (length, bitrate, sample_rate...) not at all: to the type checker it is Any."""
    return audio.info


def _duration_and_bitrate(audio: mutagen.FileType, path: str, shown: str, size: int) -> tuple[float, int]:
    info = _stream_info(audio)
    if isinstance(audio, MP3):
        counted = audio_mp3.duration_and_bitrate(info, path, shown)
        if counted is not None:
            return counted
    duration = float(info.length or 0.0)
    if duration <= 0:
        raise AudioError(shown, phrase("audio_silent"))
    # Ogg Vorbis only declares a nominal bitrate, the encoder's target: measure the real average.
    declared = 0 if isinstance(audio, OggVorbis) else int(info.bitrate or 0)
    return duration, declared or round(size * 8 / duration)


# --- Does the file hold what its header announces? ------------------------------------------


def _check_against_file(audio: mutagen.FileType, format_name: str, path: str, shown: str, size: int,
                        duration: float) -> None:
    """Raise `AudioError` when the file cannot hold the audio its header announces."""
    check_length(shown, duration)
    info = _stream_info(audio)
    if format_name == "mp3":
        audio_mp3.check_header(info, path, shown, size, duration)
    elif format_name == "m4a":
        audio_mp4.check_tables(path, shown, size, duration)
    elif format_name == "flac" and info.total_samples:
        reached = samples_reached(path, size, info.max_framesize, info.min_blocksize, info.channels)
        if reached is not None:
            check_shortfall(shown, "FLAC", duration, info.total_samples, min(reached, info.total_samples))
    elif format_name == "wav":
        needed = duration * info.sample_rate * info.channels * info.bits_per_sample / 8
        check_shortfall(shown, "WAV", duration, needed, size)


# --- Artwork and chapters, whatever the tag family ------------------------------------------


def _artwork(pictures: list[tuple[int, bytes]]) -> Artwork | None:
    """The front cover if there is one, else the first picture; only JPEG and PNG are kept."""
    usable = [(kind, data, mime) for kind, data in pictures if (mime := _image_mime(data))]
    usable.sort(key=lambda picture: picture[0] != PictureType.COVER_FRONT)
    if not usable:
        return None
    _, data, mime_type = usable[0]
    return Artwork(data=data, mime_type=mime_type)


def _image_mime(data: bytes) -> str | None:
    """The MIME type from the image's own bytes: tags often claim the wrong one."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None




def _chapters(marks: list[tuple[float, str | None, float | None]], duration: float) -> tuple[Chapter, ...]:
    """Chapters sorted by start, each with the end the file itself gives, or None.

    Ends the file does not give are not guessed here: the episode record fills them in one place,
    whatever the chapters' source (the audio file or the front matter).
    """
    marks = sorted(marks, key=lambda mark: mark[0])
    # Some writers put 0 or 0xFFFFFFFF ms in a CHAP end they do not know.
    return tuple(
        Chapter(start=start, title=title or f"Chapitre {index + 1}",
                end=end if end and start < end <= duration else None)
        for index, (start, title, end) in enumerate(marks)
    )
