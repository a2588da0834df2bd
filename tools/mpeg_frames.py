"""MPEG audio frame arithmetic, enough to remove an MP3's Xing/Info header the way header-less encoders
leave files: the case the podcast's audio reader counts frames for (tests and benchmark both make it).
"""

from __future__ import annotations

_KBPS = {  # Layer III bitrates by bitrate index
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000)}


def strip_xing_frame(data: bytes) -> bytes:
    """`data` without its first MPEG frame, which must hold the Xing/Info header (LAME writes it as a
    silent frame): mutagen must then guess the length, as it does for header-less encoders' files."""
    start = first_frame_offset(data)
    length = frame_length(data, start)
    frame = data[start:start + length]
    if b"Xing" not in frame and b"Info" not in frame:
        raise ValueError("la première trame MPEG ne contient pas d'en-tête Xing/Info")
    return data[:start] + data[start + length:]


def first_frame_offset(data: bytes) -> int:
    """Where the audio starts: after the ID3v2 tag, if any."""
    start = 10 + (data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]) if data.startswith(b"ID3") else 0
    if data[start:start + 1] != b"\xff":
        raise ValueError(f"pas de trame MPEG à l'octet {start} (juste après l'étiquette ID3v2)")
    return start


def frame_length(data: bytes, start: int) -> int:
    """Length in bytes of the Layer III frame at `start` (MPEG-1 or MPEG-2; MPEG-2.5 is not handled)."""
    version = 1 if data[start + 1] & 0x08 else 2
    kbps = _KBPS[version][data[start + 2] >> 4]
    sample_rate = _RATES[version][(data[start + 2] >> 2) & 0b11]
    padding = (data[start + 2] >> 1) & 1
    return (144_000 if version == 1 else 72_000) * kbps // sample_rate + padding
