"""M4A (AAC in MP4): whether the file holds the samples its tables list, and its tags, cover and chapters.

The moov atom lists where every sample lies (chunk offsets in stco/co64, samples per chunk in stsc,
sample sizes in stsz) and how long each lasts (stts). A file cut short loses the samples at its end;
a video track means the file is a film, whatever its extension says.
"""

from __future__ import annotations

import itertools
import operator
import struct
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from mutagen.id3 import PictureType

from .audio_shortfall import check_shortfall
from .audio_tag_text import clean
from .catalogue import phrase
from .errors import AudioError
from .records import AudioTags

if TYPE_CHECKING:
    from mutagen.mp4 import MP4


def check_tables(path: str, shown: str, size: int, duration: float) -> None:
    """Raise `AudioError` for a video, or a file shorter than its tables or its header say."""
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
            raise AudioError(shown, phrase("audio_video"))
        data_end = max(data_end, _mp4_data_end(moov, stbl, sizes))
        if handler == b"soun" and audio_seconds is None:
            audio_seconds = _mp4_track_seconds(moov, mdia, stbl)
    check_shortfall(shown, "M4A", duration, needed=data_end, present=size)
    if audio_seconds is not None:  # the header's duration against the samples the tables list
        check_shortfall(shown, "M4A", duration, needed=duration, present=audio_seconds)


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
    """The offset just past the last byte of sample data the track's tables point to.

    Chunk by chunk in table order, as a player reads them, but in bulk (an hour of AAC is 77,000
    samples): the chunks each stsc run covers, the samples before each chunk (never past the last
    sample stsz lists), and each chunk's end.
    """
    stco, co64, stsc = (_mp4_child(data, stbl, name) for name in (b"stco", b"co64", b"stsc"))
    table, width = (stco, "I") if stco else (co64, "Q")
    if table is None or stsc is None or not sizes:
        return 0
    chunk_count = min(struct.unpack_from(">I", data, table[0] + 4)[0],
                      (table[1] - table[0] - 8) // struct.calcsize(width))
    offsets = struct.unpack_from(f">{chunk_count}{width}", data, table[0] + 8)
    run_count = min(struct.unpack_from(">I", data, stsc[0] + 4)[0], (stsc[1] - stsc[0] - 8) // 12)
    runs = [struct.unpack_from(">II", data, stsc[0] + 8 + 12 * index) for index in range(run_count)]
    chunks: list[int] = []
    samples_per_chunk: list[int] = []
    for index, (first_chunk, per_chunk) in enumerate(runs):
        last_chunk = runs[index + 1][0] - 1 if index + 1 < len(runs) else chunk_count
        covered = range(first_chunk - 1, min(last_chunk, chunk_count))
        chunks.extend(covered)
        samples_per_chunk.extend(itertools.repeat(per_chunk, len(covered)))
    if not chunks:
        return 0
    starts = list(itertools.accumulate(sizes, initial=0))  # starts[n]: bytes before sample n
    # The first sample of each chunk, and of the one after the last (a count never past len(sizes)).
    firsts = list(map(min, itertools.accumulate(samples_per_chunk, initial=0), itertools.repeat(len(sizes))))
    before = list(map(starts.__getitem__, firsts))
    chunk_bytes = map(operator.sub, before[1:], before)
    return max(map(operator.add, map(offsets.__getitem__, chunks), chunk_bytes))


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



def tags(audio: MP4) -> AudioTags:
    found = audio.tags
    assert found is not None  # read_audio asks only a tagged file

    def text(key: str) -> str | None:
        values = found.get(key)
        return clean(values[0]) if values else None

    track_pairs = found.get("trkn")
    return AudioTags(
        title=text("©nam"),
        artist=text("©ART"),
        album=text("©alb"),
        comment=text("©cmt"),
        date=text("©day"),
        track=(track_pairs[0][0] or None) if track_pairs else None,
    )


def pictures(audio: MP4) -> list[tuple[int, bytes]]:
    """Every `covr` picture (MP4 has no picture types: each counts as a front cover)."""
    if audio.tags is None:
        return []
    return [(PictureType.COVER_FRONT, bytes(cover)) for cover in audio.tags.get("covr", [])]


def chapters(audio: MP4, shown: str) -> list[tuple[float, str | None, float | None]]:
    """The chapter track's (Nero `chpl` or QuickTime) starts and titles; MP4 gives no ends."""
    return [(chapter.start, chapter.title, None) for chapter in audio.chapters or []]
