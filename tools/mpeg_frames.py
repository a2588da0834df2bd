"""MPEG audio frame arithmetic, enough to remove an MP3's Xing/Info header the way header-less encoders
leave files: the case the podcast's audio reader counts frames for (tests and benchmark both make it).
"""

from __future__ import annotations

from pelican.plugins.podcast.mpeg_frames import layer3_frame  # the MPEG tables, once


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
    """Length in bytes of the Layer III frame at `start`."""
    frame = layer3_frame(data[start + 1], data[start + 2])
    if frame is None:
        raise ValueError(f"pas d'en-tête de trame MPEG Layer III à l'octet {start}")
    return frame[0]
