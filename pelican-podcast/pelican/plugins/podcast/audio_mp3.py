"""MP3: the duration of the MPEG stream, and whether the file holds what its Xing/Info/VBRI header says.

mutagen reads the header frame; for a VBR MP3 without a Xing/Info/VBRI header its length is a guess
from the first frame's bitrate, which can be wrong by a factor of several: the frames are then
counted (mpeg_frames.py). The Xing/Info (or VBRI) frame gives the number of frames, hence the
duration, and usually the stream's size in bytes; both are written once the encoding is done, and
never checked by players.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from mutagen.mp3 import BitrateMode

from .audio_shortfall import check_shortfall, spoken
from .catalogue import phrase
from .errors import AudioError
from .mpeg_frames import LAYER3_LIMITS, count_frames


def header_gives_length(info: Any) -> bool:
    """Whether mutagen's length comes from a Xing/Info/VBRI header (or a CBR stream), not a guess."""
    return info.bitrate_mode != BitrateMode.UNKNOWN


def duration_and_bitrate(info: Any, path: str, shown: str) -> tuple[float, int] | None:
    """(duration, average bitrate) counted from the frames when no header gives them, else None
    (mutagen's length is then the header's)."""
    if info.sketchy:
        raise no_mpeg_frames(shown)
    if header_gives_length(info):
        return None
    try:
        frames, audio_bytes, samples_per_frame, sample_rate = count_frames(path)
    except OSError as error:
        raise AudioError(shown, phrase("audio_rights", error=error.strerror)) from None
    if frames == 0:
        raise no_mpeg_frames(shown)
    duration = frames * samples_per_frame / sample_rate
    return duration, round(audio_bytes * 8 / duration)


def no_mpeg_frames(shown: str) -> AudioError:
    return AudioError(shown, phrase("audio_no_frames"))


def check_header(info: Any, path: str, shown: str, size: int, duration: float) -> None:
    """Raise `AudioError` when the stream is shorter than the Xing/Info/VBRI header announces."""
    if not header_gives_length(info):
        return  # counted frame by frame: the duration is what the file holds
    with open(path, "rb") as file:
        file.seek(info.frame_offset)
        header_frame = file.read(64)
        tags = _trailing_tags_size(file, size)
    declared_bytes = _vbr_header_bytes(header_frame)
    mpeg = "mpeg1" if info.version == 1 else "mpeg2"
    lowest, highest = LAYER3_LIMITS[mpeg]
    if declared_bytes and duration > 0:
        kbps = declared_bytes * 8 / duration / 1000
        if not lowest * 0.9 <= kbps <= highest * 1.1:
            rate = f"{kbps:.1f}".replace(".", ",")
            raise AudioError(shown, phrase("audio_mp3_header", duration=spoken(duration), size=declared_bytes,
                                           rate=rate, lowest=lowest, highest=highest))
    needed: float
    if declared_bytes:
        needed = declared_bytes
    elif info.bitrate_mode == BitrateMode.CBR:
        needed = duration * info.bitrate / 8
    else:  # a VBR header without its byte count: the stream is at least at the lowest bitrate
        needed = duration * lowest * 1000 / 8
    check_shortfall(shown, "MP3", duration, needed, size - tags - info.frame_offset)


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

