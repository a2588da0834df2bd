"""The episode's chapters as a Podcast Index JSON chapters file (format version 1.2.0).

The file is what <podcast:chapters type="application/json+chapters"> links to. See
https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md
"""

from __future__ import annotations

import json

from .records import Chapter, Episode

JSON_CHAPTERS_VERSION = "1.2.0"


def chapters_json(episode: Episode) -> bytes:
    """The JSON chapters of `episode` as UTF-8 bytes, identical for identical input.

    Chapters are written in ascending start order (the format assumes it), each with `startTime`,
    `title` and, when known, `endTime`, in seconds. The episode title goes in the optional `title`.
    """
    document = {
        "version": JSON_CHAPTERS_VERSION,
        "title": episode.title,
        "chapters": [_chapter(chapter) for chapter in sorted(episode.chapters, key=lambda chapter: chapter.start)],
    }
    # Not ASCII-escaped: the file is UTF-8 and French titles stay readable.
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _chapter(chapter: Chapter) -> dict[str, object]:
    entry: dict[str, object] = {"startTime": _seconds(chapter.start)}
    if chapter.end is not None:
        entry["endTime"] = _seconds(chapter.end)
    entry["title"] = chapter.title
    return entry


def _seconds(value: float) -> int | float:
    """Seconds to the millisecond; whole seconds written as integers (168, not 168.0)."""
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded
