"""How far a FLAC file's audio really goes, from the frame headers at its end.

A FLAC file's STREAMINFO block gives the number of samples, and mutagen's length is that number:
a file cut short by an interrupted copy keeps its header and announces its whole length. Unlike a
WAV, its size says nothing (a silence compresses to almost nothing), so the frames themselves are
read: every FLAC frame starts with a header holding its position in the stream (a frame number, or
a sample number) protected by a CRC-8 (RFC 9639, section 9.1).

Audio data can contain a frame's sync code by chance, and one in 256 of those also passes the
CRC. So a header counts only when the next header found after it is the next frame of the stream:
the real frames at the end of the file chain that way, chance matches do not.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass

# The tail read when STREAMINFO does not give the largest frame size (0: unknown).
_UNKNOWN_FRAME_SIZE_TAIL = 1 << 20
_FIXED_BLOCK_SIZES = {1: 192, 2: 576, 3: 1152, 4: 2304, 5: 4608, **{code: 256 << (code - 8) for code in range(8, 16)}}
_RESERVED_SAMPLE_SIZE = 3
_SYNC = re.compile(rb"\xff[\xf8\xf9]")  # 14 sync bits, a 0 bit, the blocking strategy bit


@dataclass(frozen=True)
class _FrameHeader:
    offset: int
    first_sample: int
    block_size: int

    @property
    def end(self) -> int:
        return self.first_sample + self.block_size


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _coded_number(data: bytes, start: int) -> tuple[int, int] | None:
    """The frame's coded number at `start` (UTF-8's scheme, up to 7 bytes) and the offset after it."""
    if start >= len(data):
        return None
    first = data[start]
    # The number of leading one bits is the number of bytes (none: a single byte).
    length = next((ones for ones in range(8) if not first & (0x80 >> ones)), 8)
    if length == 0:
        return first, start + 1
    if length == 1 or length == 8 or start + length > len(data):  # a continuation byte, or 0xFF
        return None
    value = first & (0x7F >> length)
    for byte in data[start + 1:start + length]:
        if byte & 0xC0 != 0x80:
            return None
        value = value << 6 | byte & 0x3F
    return value, start + length


def _header_at(data: bytes, offset: int, streaminfo_block_size: int, channels: int) -> _FrameHeader | None:
    """The frame header starting at `offset`, if the bytes there are one (sync, codes, CRC-8)."""
    if offset + 6 > len(data) or data[offset] != 0xFF or data[offset + 1] not in (0xF8, 0xF9):
        return None
    variable = data[offset + 1] == 0xF9
    block_code, rate_code = data[offset + 2] >> 4, data[offset + 2] & 0x0F
    assignment, sample_size = data[offset + 3] >> 4, data[offset + 3] >> 1 & 0x07
    if block_code == 0 or rate_code == 15 or data[offset + 3] & 1 or sample_size == _RESERVED_SAMPLE_SIZE:
        return None
    if (assignment + 1 if assignment < 8 else 2 if assignment < 11 else 0) != channels:
        return None
    coded = _coded_number(data, offset + 4)
    if coded is None:
        return None
    number, position = coded
    if block_code in (6, 7):
        width = 1 if block_code == 6 else 2
        if position + width > len(data):
            return None
        block_size = int.from_bytes(data[position:position + width], "big") + 1
        position += width
    else:
        block_size = _FIXED_BLOCK_SIZES[block_code]
    position += {12: 1, 13: 2, 14: 2}.get(rate_code, 0)
    if position >= len(data) or _crc8(data[offset:position]) != data[position]:
        return None
    first_sample = number if variable else number * streaminfo_block_size
    return _FrameHeader(offset, first_sample, block_size)


def samples_reached(path: str | os.PathLike[str], size: int, max_frame_size: int, block_size: int,
                    channels: int) -> int | None:
    """The number of samples the file's last frames reach (the last chained header's end), or None
    when its end holds no two chained frame headers (then nothing can be said).

    `max_frame_size`, `block_size` (the fixed block size of a fixed-block stream) and `channels`
    come from STREAMINFO.
    """
    tail = min(size, 4 * max_frame_size if max_frame_size else _UNKNOWN_FRAME_SIZE_TAIL)
    with open(path, "rb") as file:
        file.seek(size - tail)
        data = file.read(tail)
    candidates = (_header_at(data, sync.start(), block_size, channels) for sync in _SYNC.finditer(data))
    headers = [header for header in candidates if header is not None]
    # Chained: the next header found is the next frame; then that next header is a real one too.
    chained = [following.end for header, following in itertools.pairwise(headers) if following.first_sample == header.end]
    return max(chained, default=None)
