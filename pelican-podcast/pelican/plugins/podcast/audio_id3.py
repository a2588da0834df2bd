"""ID3 tags (MP3, and the ID3 chunk of WAV): text fields, APIC pictures, CHAP/CTOC chapters."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mutagen.id3 import CTOCFlags

from .audio_tag_text import clean, track_number
from .records import AudioTags

if TYPE_CHECKING:
    import mutagen
    from mutagen.id3 import ID3


def tags(audio: mutagen.FileType) -> AudioTags:
    found = cast("ID3", audio.tags)

    def text(frame_id: str) -> str | None:
        frame = found.get(frame_id)
        return clean(str(frame.text[0])) if frame and frame.text else None

    return AudioTags(
        title=text("TIT2"),
        artist=text("TPE1"),
        album=text("TALB"),
        comment=_comment(found),
        date=text("TDRC"),  # mutagen upgrades ID3v2.3 TYER/TDAT to TDRC on load
        track=track_number(text("TRCK")),
    )


def _comment(tags: ID3) -> str | None:
    # iTunes stores machine data (iTunNORM, iTunSMPB...) in COMM frames: skip them, and prefer
    # the comment without a description, which is the one tag editors show.
    comments = [frame for frame in tags.getall("COMM") if not frame.desc.startswith("iTun") and frame.text]
    comments.sort(key=lambda frame: frame.desc != "")
    return clean(comments[0].text[0]) if comments else None



def pictures(audio: mutagen.FileType) -> list[tuple[int, bytes]]:
    if audio.tags is None:
        return []
    return [(frame.type, frame.data) for frame in audio.tags.getall("APIC")]


def chapters(audio: mutagen.FileType, shown: str) -> list[tuple[float, str | None, float | None]]:
    if audio.tags is None:
        return []
    found = cast("ID3", audio.tags)
    chaps = {frame.element_id: frame for frame in found.getall("CHAP")}
    # A top-level CTOC says which CHAP frames are the chapters (others may belong to nested tables).
    top_level = [toc for toc in found.getall("CTOC") if toc.flags & CTOCFlags.TOP_LEVEL]
    listed = [chaps[child] for child in top_level[0].child_element_ids if child in chaps] if top_level else []
    marks = []
    for chap in listed or chaps.values():
        title = chap.sub_frames.get("TIT2")
        marks.append((chap.start_time / 1000, clean(title.text[0]) if title and title.text else None,
                      chap.end_time / 1000))
    return marks
