"""Read what the podcast needs from an audio file: format, size, duration, tags, artwork, chapters.

One entry point, `read_audio()`, one frozen `AudioInfo` out, one error type (`AudioError`) whose
message names the file and tells the editor, in French, what is wrong and what to do.

mutagen reads headers only, which keeps this fast. Its one blind spot matters to a feed: for a VBR
MP3 without a Xing/Info/VBRI header it estimates the length from the first frame's bitrate, which can
be wrong by a factor of several. In that case we count the MPEG frames ourselves.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import os
import re
import struct
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

import mutagen
from mutagen.flac import FLAC, Picture
from mutagen.id3 import CTOCFlags, PictureType
from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from .audio_formats import MIME_TYPES
from .errors import AudioError
from .flac_frames import samples_reached
from .records import Artwork, AudioInfo, AudioTags, Chapter

if TYPE_CHECKING:
    from mutagen._vorbis import VCommentDict
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4Tags

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
        raise AudioError(shown, f"impossible de lire le fichier audio ({error.strerror}) : "
                                "vérifiez ses droits d'accès.") from None
    info = _stream_info(audio)
    return AudioInfo(
        path=os.path.abspath(path),
        size=size,
        mime_type=mime_type,
        format=format_name,
        duration=duration,
        bitrate=bitrate,
        sample_rate=OPUS_SAMPLE_RATE if format_name == "opus" else int(info.sample_rate),
        channels=int(info.channels),
        tags=_read_tags(audio, format_name),
        artwork=_read_artwork(audio, format_name),
        chapters=_read_chapters(audio, format_name, duration, shown),
    )


# --- Opening and identifying the file -------------------------------------------------------


def _file_size(path: str, shown: str) -> int:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise AudioError(shown, "fichier audio introuvable : vérifiez le chemin et le nom du fichier "
                                "(majuscules et accents compris).") from None
    except OSError as error:
        raise AudioError(shown, f"impossible de lire le fichier audio ({error.strerror}) : "
                                "vérifiez ses droits d'accès.") from None
    if not os.path.isfile(path):
        raise AudioError(shown, "ce chemin désigne un dossier, pas un fichier audio : indiquez le fichier lui-même.")
    if stat.st_size == 0:
        raise AudioError(shown, "fichier audio vide (0 octet) : la copie ou l'export a échoué ; "
                                "remplacez-le par le fichier complet.")
    return stat.st_size


def _open_with_mutagen(path: str, shown: str) -> mutagen.FileType:
    try:
        audio = mutagen.File(path)
    # mutagen documents MutagenError, but its parsers can raise almost anything (struct.error,
    # ValueError, IndexError...) on damaged bytes: whatever the cause, the file is unusable.
    except Exception as error:
        extension = os.path.splitext(path)[1].lower()
        known = any(extension in extensions for extensions in EXTENSIONS.values())
        what = (f"ce n'est pas un fichier « {extension} » valide malgré son extension, ou il est corrompu"
                if known else "il est corrompu ou ce n'est pas un fichier audio")
        raise AudioError(shown, f"fichier audio illisible : {what} (détail technique : {error}) ; "
                                "ré-exportez-le depuis votre logiciel de montage.") from None
    if audio is None:
        raise AudioError(shown, f"format audio non reconnu : formats acceptés : {ACCEPTED_FORMATS} ; "
                                "convertissez le fichier dans l'un d'eux (MP3 de préférence).")
    return audio


def _detect_format(audio: mutagen.FileType, path: str, shown: str) -> tuple[str, str]:
    found = FORMATS.get(type(audio))
    if found is None:
        kind = UNSUPPORTED_NAMES.get(type(audio).__name__, type(audio).__name__)
        raise AudioError(shown, f"format audio non pris en charge ({kind}) : formats acceptés : "
                                f"{ACCEPTED_FORMATS} ; convertissez le fichier (MP3 de préférence).")
    format_name, mime_type = found
    extension = os.path.splitext(path)[1].lower()
    if extension not in EXTENSIONS[format_name]:
        raise AudioError(shown, f"l'extension « {extension or '(aucune)'} » ne correspond pas au contenu, "
                                f"qui est du {FORMAT_NAMES[format_name]} : renommez le fichier en "
                                f"« {EXTENSIONS[format_name][0]} » ou convertissez-le dans le format "
                                "qu'annonce l'extension (serveurs et lecteurs de podcast se fient à l'extension).")
    return format_name, mime_type


# --- Duration and bitrate -------------------------------------------------------------------


def _stream_info(audio: mutagen.FileType) -> Any:
    """The file's stream information (MPEGInfo, MP4Info...). mutagen declares FileType.info as None and
    each subclass's attributes (length, bitrate, sample_rate...) not at all: to the type checker it is Any."""
    return audio.info


def _duration_and_bitrate(audio: mutagen.FileType, path: str, shown: str, size: int) -> tuple[float, int]:
    info = _stream_info(audio)
    if isinstance(audio, MP3):
        if info.sketchy:
            raise _no_mpeg_frames(shown)
        if info.bitrate_mode == BitrateMode.UNKNOWN:
            # No Xing/Info/VBRI header: mutagen's length is a guess from the first frame.
            return _count_mp3_duration(path, shown)
    duration = float(info.length or 0.0)
    if duration <= 0:
        raise AudioError(shown, "durée nulle : le fichier ne contient aucun son ; ré-exportez-le.")
    # Ogg Vorbis only declares a nominal bitrate, the encoder's target: measure the real average.
    declared = 0 if isinstance(audio, OggVorbis) else int(info.bitrate or 0)
    return duration, declared or round(size * 8 / duration)


def _no_mpeg_frames(shown: str) -> AudioError:
    return AudioError(shown, "aucune trame MP3 valide : le fichier est corrompu ou n'est pas un vrai MP3 ; "
                             "ré-exportez-le en MP3 depuis votre logiciel de montage.")


def _count_mp3_duration(path: str, shown: str) -> tuple[float, int]:
    try:
        with open(path, "rb") as file:
            frames, audio_bytes, samples_per_frame, sample_rate = _count_mpeg_frames(file)
    except OSError as error:
        raise AudioError(shown, f"impossible de lire le fichier audio ({error.strerror}) : "
                                "vérifiez ses droits d'accès.") from None
    if frames == 0:
        raise _no_mpeg_frames(shown)
    duration = frames * samples_per_frame / sample_rate
    return duration, round(audio_bytes * 8 / duration)


# MPEG audio frame header, bytes 1 and 2 (byte 0 is 0xFF):
#   byte 1: 111V VLLP  sync, version (00 = 2.5, 10 = 2, 11 = 1), layer (01 = III), no-CRC flag
#   byte 2: BBBB SSPX  bitrate index, sample-rate index, padding, private
_SAMPLE_RATES = {0b11: (44100, 48000, 32000), 0b10: (22050, 24000, 16000), 0b00: (11025, 12000, 8000)}
_LAYER3_KBPS = {
    "mpeg1": (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    "mpeg2": (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}


def _layer3_frame(byte1: int, byte2: int) -> tuple[int, int, int] | None:
    """(frame length in bytes, samples per frame, sample rate) of a Layer III header, or None."""
    version = (byte1 >> 3) & 0b11
    layer = (byte1 >> 1) & 0b11
    bitrate_index = byte2 >> 4
    rate_index = (byte2 >> 2) & 0b11
    # Free-format (index 0) frames have no computable length: treat them as garbage, as players mostly do.
    if byte1 & 0xE0 != 0xE0 or version == 0b01 or layer != 0b01 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    sample_rate = _SAMPLE_RATES[version][rate_index]
    padding = (byte2 >> 1) & 1
    if version == 0b11:
        return 144_000 * _LAYER3_KBPS["mpeg1"][bitrate_index] // sample_rate + padding, 1152, sample_rate
    return 72_000 * _LAYER3_KBPS["mpeg2"][bitrate_index] // sample_rate + padding, 576, sample_rate


# The file is read in chunks so that memory stays flat whatever its size (mapping it whole cost as
# much resident memory as the file). A Layer III frame is at most 1441 bytes: with this much left in
# the buffer, a frame and the header of the one after it are always both in it.
_CHUNK = 1 << 20
_LOOKAHEAD = 4096


def _count_mpeg_frames(file: BinaryIO) -> tuple[int, int, int, int]:
    """Walk the MPEG Layer III frames of the MP3 open in `file`, reading it in chunks.

    Returns (frames, audio bytes, samples per frame, sample rate); frames is 0 when no stream is found.
    Starts after the ID3v2 tags, skips junk between frames, stops at the ID3v1/APE tags at the end
    or at a truncated last frame. The inner loop is one table look-up per frame.
    """
    file.seek(_skip_id3v2(file))
    data, position, at_end = b"", 0, False
    first_header: tuple[int, int] | None = None
    table: list[int] = []  # filled with the first frame, before the first frame is walked
    samples_per_frame = sample_rate = frames = audio_bytes = 0
    searching = True  # looking for a sync (at the start, or after junk) rather than walking frames
    while True:
        end = len(data)
        # Past `limit`, a frame or its successor's header may lie in the next chunk: read it first.
        limit = max(0, end - 3 if at_end else end - _LOOKAHEAD)
        if searching:
            found = _find_frame(data, position, limit, like=first_header)
            if found is None:
                if at_end:
                    break
                data, position, at_end = _refill(file, data, max(position, limit))
                continue
            position, searching = found, False
            if first_header is None:
                first_header = data[found + 1], data[found + 2]
                first_frame = _layer3_frame(*first_header)
                assert first_frame is not None  # _find_frame only returns the offset of a valid Layer III header
                _, samples_per_frame, sample_rate = first_frame
                table = _frame_length_table(first_header)
        run_start = position
        if at_end:
            while position < limit and data[position] == 0xFF:
                length = table[data[position + 1] << 8 | data[position + 2]]
                if not length or position + length > end:
                    break
                frames += 1
                position += length
        else:
            # Before the last chunk, a frame that starts before `limit` ends inside the buffer
            # (_LOOKAHEAD > the longest frame): one test less per frame, the walk's hot loop.
            while position < limit and data[position] == 0xFF:
                length = table[data[position + 1] << 8 | data[position + 2]]
                if not length:
                    break
                frames += 1
                position += length
        audio_bytes += position - run_start  # the frames of a run lie end to end
        if position >= limit:
            if at_end:
                break
            data, position, at_end = _refill(file, data, position)
        else:  # junk, a tag or a truncated frame: look for the stream again just after it
            position, searching = position + 1, True
    return frames, audio_bytes, samples_per_frame, sample_rate


def _refill(file: BinaryIO, data: bytes, keep_from: int) -> tuple[bytes, int, bool]:
    """The buffer from `keep_from` on, followed by the next chunk; position 0; whether the file is done."""
    chunk = file.read(_CHUNK)
    return data[keep_from:] + chunk, 0, not chunk


def _skip_id3v2(file: BinaryIO) -> int:
    """Offset just past the ID3v2 tags at the start (some tools stack several)."""
    position = 0
    while True:
        file.seek(position)
        header = file.read(10)
        if len(header) < 10 or not header.startswith(b"ID3"):
            return position
        size = (header[6] & 0x7F) << 21 | (header[7] & 0x7F) << 14 | (header[8] & 0x7F) << 7 | (header[9] & 0x7F)
        footer = 10 if header[5] & 0x10 else 0
        position += 10 + size + footer


def _same_stream(header: tuple[int, int], other: tuple[int, int]) -> bool:
    """Version, layer and sample rate never change inside a stream (the CRC flag may)."""
    return header[0] & 0xFE == other[0] & 0xFE and header[1] & 0b1100 == other[1] & 0b1100


def _frame_length_table(first_header: tuple[int, int]) -> list[int]:
    """Frame length indexed by header bytes 1-2 (byte1 << 8 | byte2); 0 for anything not of this stream."""
    table = [0] * 65536
    for byte1 in (first_header[0] & 0xFE, first_header[0] | 0x01):
        for byte2 in range(256):
            frame = _layer3_frame(byte1, byte2)
            if frame and _same_stream((byte1, byte2), first_header):
                table[byte1 << 8 | byte2] = frame[0]
    return table


def _find_frame(data: bytes, start: int, stop: int, like: tuple[int, int] | None) -> int | None:
    """Offset of the next Layer III frame in [`start`, `stop`) that another frame of the same stream follows.

    Two frames in a row make a false sync in junk or in a trailing tag very unlikely. With `like`,
    the frame must also belong to the stream that header starts. `stop` leaves room for the header
    bytes and, before the end of the file, for the following frame's header.
    """
    end = len(data)
    position = data.find(b"\xff", start, stop)
    while position != -1:
        header = data[position + 1], data[position + 2]
        frame = _layer3_frame(*header)
        if frame and (like is None or _same_stream(header, like)):
            following = position + frame[0]
            if following + 3 < end and data[following] == 0xFF:
                next_header = data[following + 1], data[following + 2]
                if _layer3_frame(*next_header) and _same_stream(next_header, header):
                    return position
        position = data.find(b"\xff", position + 1, stop)
    return None


# --- Does the file hold what its header announces? ------------------------------------------
#
# Headers are written before or after the audio, by tools that may crash, and copies get cut short:
# the duration a header gives is published only if the bytes it describes are really there. Every
# check reads a few header fields or the MP4 sample tables, never the audio itself.

# Longer than this, an episode's duration comes from a damaged or forged header.
MAX_DURATION = 24 * 3600
# How much shorter than its header says a file may be: rounding, the encoder's delay, a last frame.
SHORTFALL_TOLERANCE = 0.03
# Layer III bitrates, kbit/s: every frame, even silent, is at least the lowest, at most the highest.
_LAYER3_LIMITS = {"mpeg1": (32, 320), "mpeg2": (8, 160)}


def _check_against_file(audio: mutagen.FileType, format_name: str, path: str, shown: str, size: int,
                        duration: float) -> None:
    """Raise `AudioError` when the file cannot hold the audio its header announces."""
    if duration > MAX_DURATION:
        raise AudioError(shown, f"durée annoncée de {_spoken(duration)}, invraisemblable pour un épisode "
                                "(plus de 24 h) : l'en-tête du fichier est faux ou endommagé ; "
                                "ré-exportez-le depuis votre logiciel de montage.")
    info = _stream_info(audio)
    if format_name == "mp3" and info.bitrate_mode != BitrateMode.UNKNOWN:
        _check_mp3_header(info, path, shown, size, duration)
    elif format_name == "m4a":
        _check_mp4_tables(path, shown, size, duration)
    elif format_name == "flac" and info.total_samples:
        reached = samples_reached(path, size, info.max_framesize, info.min_blocksize, info.channels)
        if reached is not None:
            _check_shortfall(shown, "FLAC", duration, info.total_samples, min(reached, info.total_samples))
    elif format_name == "wav":
        needed = duration * info.sample_rate * info.channels * info.bits_per_sample / 8
        _check_shortfall(shown, "WAV", duration, needed, size)


def _check_shortfall(shown: str, kind: str, duration: float, needed: float, present: float) -> None:
    if present >= needed * (1 - SHORTFALL_TOLERANCE):
        return
    share = max(0, int(present * 100 / needed))
    raise AudioError(shown, f"fichier {kind} incomplet : son en-tête annonce {_spoken(duration)} de son, "
                            f"mais le fichier n'en contient que {share} % (tronqué par une copie ou un export "
                            "interrompu, ou en-tête faux) ; ré-exportez-le depuis votre logiciel de montage, "
                            "ou copiez-le à nouveau en entier.")


def _spoken(seconds: float) -> str:
    """A duration as the editor reads it: '7,1 s', '12 min 05 s', '1 h 02 min', '31 165 h'."""
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".", ",")
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    if seconds < 100 * 3600:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"
    return f"{int(seconds // 3600):,} h".replace(",", "\u202f")


# MP3: the Xing/Info (or VBRI) frame gives the number of frames, hence the duration, and usually
# the stream's size in bytes; both are written once the encoding is done, and never checked by players.


def _check_mp3_header(info: Any, path: str, shown: str, size: int, duration: float) -> None:
    with open(path, "rb") as file:
        file.seek(info.frame_offset)
        header_frame = file.read(64)
        tags = _trailing_tags_size(file, size)
    declared_bytes = _vbr_header_bytes(header_frame)
    mpeg = "mpeg1" if info.version == 1 else "mpeg2"
    lowest, highest = _LAYER3_LIMITS[mpeg]
    if declared_bytes and duration > 0:
        kbps = declared_bytes * 8 / duration / 1000
        if not lowest * 0.9 <= kbps <= highest * 1.1:
            rate = f"{kbps:.1f}".replace(".", ",")
            raise AudioError(shown, f"en-tête MP3 incohérent : il annonce {_spoken(duration)} de son pour "
                                    f"{declared_bytes} octets, soit {rate} kbit/s, impossible en MP3 "
                                    f"(de {lowest} à {highest} kbit/s) ; ré-exportez le fichier depuis votre "
                                    "logiciel de montage.")
    needed: float
    if declared_bytes:
        needed = declared_bytes
    elif info.bitrate_mode == BitrateMode.CBR:
        needed = duration * info.bitrate / 8
    else:  # a VBR header without its byte count: the stream is at least at the lowest bitrate
        needed = duration * lowest * 1000 / 8
    _check_shortfall(shown, "MP3", duration, needed, size - tags - info.frame_offset)


def _vbr_header_bytes(frame: bytes) -> int | None:
    """The stream size in bytes a Xing/Info or VBRI header gives, or None."""
    if len(frame) < 4:
        return None
    mpeg1, mono = frame[1] & 0x08, frame[3] >> 6 == 0b11
    side_info = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
    xing = 4 + side_info
    if frame[xing:xing + 4] in (b"Xing", b"Info") and len(frame) >= xing + 16:
        flags = int.from_bytes(frame[xing + 4:xing + 8], "big")
        if flags & 0b10:  # the byte count follows the frame count, when there is one
            at = xing + (12 if flags & 0b1 else 8)
            return int.from_bytes(frame[at:at + 4], "big") or None
        return None
    if frame[36:40] == b"VBRI" and len(frame) >= 50:
        return int.from_bytes(frame[46:50], "big") or None
    return None


def _trailing_tags_size(file: BinaryIO, size: int) -> int:
    """Bytes of ID3v1 and APEv2 tags at the end of an MP3: not audio."""
    end = size
    if end >= 128:
        file.seek(end - 128)
        if file.read(3) == b"TAG":
            end -= 128
    if end >= 32:
        file.seek(end - 32)
        footer = file.read(32)
        if footer.startswith(b"APETAGEX"):
            tag_size = int.from_bytes(footer[12:16], "little")
            has_header = int.from_bytes(footer[20:24], "little") & 0x80000000
            end = max(0, end - tag_size - (32 if has_header else 0))
    return size - end


# M4A: the moov atom lists where every sample lies (chunk offsets in stco/co64, samples per chunk in
# stsc, sample sizes in stsz) and how long each lasts (stts). A file cut short loses the samples at
# its end; a video track means the file is a film, whatever its extension says.


def _check_mp4_tables(path: str, shown: str, size: int, duration: float) -> None:
    with open(path, "rb") as file:
        moov = _mp4_moov(file, size)
    if moov is None:
        return  # mutagen read it, so its moov is there; an odd layout is not ours to judge
    data_end = 0
    audio_seconds = None
    for trak in _mp4_children(moov, 0, len(moov), b"trak"):
        mdia = _mp4_child(moov, trak, b"mdia")
        hdlr = _mp4_child(moov, mdia, b"hdlr")
        stbl = _mp4_child(moov, _mp4_child(moov, mdia, b"minf"), b"stbl")
        if hdlr is None or stbl is None:
            continue
        handler = moov[hdlr[0] + 8:hdlr[0] + 12]
        sizes = _mp4_sample_sizes(moov, _mp4_child(moov, stbl, b"stsz"))
        # A single-picture track is cover art some tools store that way, not a video.
        if handler == b"vide" and len(sizes) > 1:
            raise AudioError(shown, "c'est une vidéo (le fichier contient une piste d'images), pas un fichier "
                                    "audio : exportez le son seul, en M4A (AAC) ou en MP3 (par exemple : "
                                    "ffmpeg -i video.mp4 -vn -c:a copy episode.m4a).")
        data_end = max(data_end, _mp4_data_end(moov, stbl, sizes))
        if handler == b"soun" and audio_seconds is None:
            audio_seconds = _mp4_track_seconds(moov, mdia, stbl)
    _check_shortfall(shown, "M4A", duration, needed=data_end, present=size)
    if audio_seconds is not None:  # the header's duration against the samples the tables list
        _check_shortfall(shown, "M4A", duration, needed=duration, present=audio_seconds)


def _mp4_moov(file: BinaryIO, size: int) -> bytes | None:
    position = 0
    while position + 8 <= size:
        file.seek(position)
        header = file.read(16)
        length, name = struct.unpack(">I4s", header[:8])
        header_size = 8
        if length == 1 and len(header) == 16:
            length, header_size = struct.unpack(">Q", header[8:16])[0], 16
        elif length == 0:
            length = size - position
        if length < header_size:
            return None
        if name == b"moov":
            file.seek(position + header_size)
            return file.read(length - header_size)
        position += length
    return None


def _mp4_children(data: bytes, start: int, end: int, wanted: bytes) -> Iterator[tuple[int, int]]:
    """(payload start, payload end) of each box named `wanted` directly in data[start:end]."""
    position = start
    while position + 8 <= end:
        length, name = struct.unpack_from(">I4s", data, position)
        header_size = 8
        if length == 1 and position + 16 <= end:
            length, header_size = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif length == 0:
            length = end - position
        if length < header_size or position + length > end:
            return
        if name == wanted:
            yield position + header_size, position + length
        position += length


def _mp4_child(data: bytes, parent: tuple[int, int] | None, wanted: bytes) -> tuple[int, int] | None:
    if parent is None:
        return None
    return next(_mp4_children(data, parent[0], parent[1], wanted), None)


def _mp4_sample_sizes(data: bytes, stsz: tuple[int, int] | None) -> list[int]:
    if stsz is None:
        return []
    start, end = stsz
    common, count = struct.unpack_from(">II", data, start + 4)
    if common:
        return [common] * count
    count = min(count, (end - start - 12) // 4)
    return list(struct.unpack_from(f">{count}I", data, start + 12))


def _mp4_data_end(data: bytes, stbl: tuple[int, int], sizes: list[int]) -> int:
    """The offset just past the last byte of sample data the track's tables point to."""
    stco, co64, stsc = (_mp4_child(data, stbl, name) for name in (b"stco", b"co64", b"stsc"))
    table, width = (stco, "I") if stco else (co64, "Q")
    if table is None or stsc is None or not sizes:
        return 0
    chunk_count = min(struct.unpack_from(">I", data, table[0] + 4)[0],
                      (table[1] - table[0] - 8) // struct.calcsize(width))
    offsets = struct.unpack_from(f">{chunk_count}{width}", data, table[0] + 8)
    run_count = min(struct.unpack_from(">I", data, stsc[0] + 4)[0], (stsc[1] - stsc[0] - 8) // 12)
    runs = [struct.unpack_from(">II", data, stsc[0] + 8 + 12 * index) for index in range(run_count)]
    starts = list(itertools.accumulate(sizes, initial=0))  # starts[n]: bytes before sample n
    end, sample = 0, 0
    for index, (first_chunk, per_chunk) in enumerate(runs):
        last_chunk = runs[index + 1][0] - 1 if index + 1 < len(runs) else chunk_count
        for chunk in range(first_chunk - 1, min(last_chunk, chunk_count)):
            following = min(sample + per_chunk, len(sizes))
            end = max(end, offsets[chunk] + starts[following] - starts[sample])
            sample = following
    return end


def _mp4_track_seconds(data: bytes, mdia: tuple[int, int] | None, stbl: tuple[int, int]) -> float | None:
    """How long the samples the track lists last (stts), in seconds of its own timescale (mdhd)."""
    mdhd, stts = _mp4_child(data, mdia, b"mdhd"), _mp4_child(data, stbl, b"stts")
    if mdhd is None or stts is None:
        return None
    timescale_at = mdhd[0] + (20 if data[mdhd[0]] == 1 else 12)
    timescale = struct.unpack_from(">I", data, timescale_at)[0]
    count = min(struct.unpack_from(">I", data, stts[0] + 4)[0], (stts[1] - stts[0] - 8) // 8)
    pairs = struct.unpack_from(f">{2 * count}I", data, stts[0] + 8)
    ticks = sum(samples * delta for samples, delta in zip(pairs[::2], pairs[1::2], strict=True))
    return ticks / timescale if timescale else None


# --- Tags -----------------------------------------------------------------------------------


def _read_tags(audio: mutagen.FileType, format_name: str) -> AudioTags:
    if audio.tags is None:
        return AudioTags()
    if format_name in ("mp3", "wav"):  # WAV tags live in an ID3 chunk
        return _id3_tags(audio.tags)
    if format_name == "m4a":
        return _mp4_tags(audio.tags)
    return _vorbis_tags(audio.tags)


def _id3_tags(tags: ID3) -> AudioTags:
    def text(frame_id: str) -> str | None:
        frame = tags.get(frame_id)
        return _clean(str(frame.text[0])) if frame and frame.text else None

    return AudioTags(
        title=text("TIT2"),
        artist=text("TPE1"),
        album=text("TALB"),
        comment=_id3_comment(tags),
        date=text("TDRC"),  # mutagen upgrades ID3v2.3 TYER/TDAT to TDRC on load
        track=_track_number(text("TRCK")),
    )


def _id3_comment(tags: ID3) -> str | None:
    # iTunes stores machine data (iTunNORM, iTunSMPB...) in COMM frames: skip them, and prefer
    # the comment without a description, which is the one tag editors show.
    comments = [frame for frame in tags.getall("COMM") if not frame.desc.startswith("iTun") and frame.text]
    comments.sort(key=lambda frame: frame.desc != "")
    return _clean(comments[0].text[0]) if comments else None


def _mp4_tags(tags: MP4Tags) -> AudioTags:
    def text(key: str) -> str | None:
        values = tags.get(key)
        return _clean(values[0]) if values else None

    track_pairs = tags.get("trkn")
    return AudioTags(
        title=text("©nam"),
        artist=text("©ART"),
        album=text("©alb"),
        comment=text("©cmt"),
        date=text("©day"),
        track=(track_pairs[0][0] or None) if track_pairs else None,
    )


def _vorbis_tags(tags: VCommentDict) -> AudioTags:
    def text(*keys: str) -> str | None:
        for key in keys:
            values = tags.get(key)  # case-insensitive in mutagen
            if values and _clean(values[0]):
                return _clean(values[0])
        return None

    return AudioTags(
        title=text("TITLE"),
        artist=text("ARTIST"),
        album=text("ALBUM"),
        comment=text("COMMENT", "DESCRIPTION"),
        date=text("DATE"),
        track=_track_number(text("TRACKNUMBER")),
    )


def _clean(value: str) -> str | None:
    value = str(value).strip()
    return value or None


def _track_number(value: str | None) -> int | None:
    """'3' or '3/12' -> 3; anything else (or 0) -> None."""
    match = re.match(r"\s*(\d+)", value or "")
    return (int(match.group(1)) or None) if match else None


# --- Artwork --------------------------------------------------------------------------------


def _read_artwork(audio: mutagen.FileType, format_name: str) -> Artwork | None:
    """The front cover if there is one, else the first picture; only JPEG and PNG are kept."""
    pictures = _pictures(audio, format_name)
    usable = [(kind, data, mime) for kind, data in pictures if (mime := _image_mime(data))]
    usable.sort(key=lambda picture: picture[0] != PictureType.COVER_FRONT)
    if not usable:
        return None
    _, data, mime_type = usable[0]
    return Artwork(data=data, mime_type=mime_type)


def _pictures(audio: mutagen.FileType, format_name: str) -> list[tuple[int, bytes]]:
    """(picture type, image bytes) of every embedded picture, in file order."""
    if isinstance(audio, FLAC):  # the "flac" format
        return [(picture.type, picture.data) for picture in audio.pictures]
    if audio.tags is None:
        return []
    if format_name in ("mp3", "wav"):
        return [(frame.type, frame.data) for frame in audio.tags.getall("APIC")]
    if format_name == "m4a":
        return [(PictureType.COVER_FRONT, bytes(cover)) for cover in audio.tags.get("covr", [])]
    decoded = map(_decode_block_picture, audio.tags.get("METADATA_BLOCK_PICTURE", []))
    return [picture for picture in decoded if picture]


def _decode_block_picture(encoded: str) -> tuple[int, bytes] | None:
    # A broken cover must not stop the build: the feed falls back to the show's image.
    try:
        picture = Picture(base64.b64decode(encoded))
    except (binascii.Error, ValueError, mutagen.MutagenError):
        return None
    return picture.type, picture.data


def _image_mime(data: bytes) -> str | None:
    """The MIME type from the image's own bytes: tags often claim the wrong one."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


# --- Chapters -------------------------------------------------------------------------------


def _read_chapters(audio: mutagen.FileType, format_name: str, duration: float, shown: str) -> tuple[Chapter, ...]:
    """Chapters sorted by start, each with the end the file itself gives, or None.

    Ends the file does not give are not guessed here: the episode record fills them in one place,
    whatever the chapters' source (the audio file or the front matter).
    """
    if format_name in ("mp3", "wav"):
        marks = _id3_chapters(audio.tags) if audio.tags is not None else []
    elif isinstance(audio, MP4):  # the "m4a" format
        marks = [(chapter.start, chapter.title, None) for chapter in audio.chapters or []]
    else:
        marks = _vorbis_chapters(audio.tags, shown) if audio.tags is not None else []
    marks.sort(key=lambda mark: mark[0])
    # Some writers put 0 or 0xFFFFFFFF ms in a CHAP end they do not know.
    return tuple(
        Chapter(start=start, title=title or f"Chapitre {index + 1}",
                end=end if end and start < end <= duration else None)
        for index, (start, title, end) in enumerate(marks)
    )


def _id3_chapters(tags: ID3) -> list[tuple[float, str | None, float | None]]:
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    # A top-level CTOC says which CHAP frames are the chapters (others may belong to nested tables).
    top_level = [toc for toc in tags.getall("CTOC") if toc.flags & CTOCFlags.TOP_LEVEL]
    listed = [chaps[child] for child in top_level[0].child_element_ids if child in chaps] if top_level else []
    marks = []
    for chap in listed or chaps.values():
        title = chap.sub_frames.get("TIT2")
        marks.append((chap.start_time / 1000, _clean(title.text[0]) if title and title.text else None,
                      chap.end_time / 1000))
    return marks


_VORBIS_CHAPTER = re.compile(r"chapter\d+")
_VORBIS_TIMESTAMP = re.compile(r"(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def _vorbis_chapters(tags: VCommentDict, shown: str) -> list[tuple[float, str | None, None]]:
    """CHAPTER001=00:01:02.500 with CHAPTER001NAME=Title (any number of digits)."""
    marks = []
    for key in tags.keys():  # noqa: SIM118  (iterating mutagen's VCommentDict gives (key, value) pairs)
        if not _VORBIS_CHAPTER.fullmatch(key.lower()):
            continue
        stamp = tags[key][0].strip()
        time = _VORBIS_TIMESTAMP.fullmatch(stamp)
        if not time:
            raise AudioError(shown, f"chapitre {key.upper()} : horodatage « {stamp} » illisible, "
                                    "attendu HH:MM:SS.mmm ; corrigez les tags du fichier.")
        hours, minutes, seconds = time.groups()
        names = tags.get(f"{key}NAME")
        start = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        marks.append((start, _clean(names[0]) if names else None, None))
    return marks
