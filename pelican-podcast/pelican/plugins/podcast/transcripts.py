"""Transcripts (WebVTT or SubRip) are parsed before they are published: a file apps can't read is refused.

webvtt-py reads both formats (the one well-kept parser for them in Python); a `.vtt` that is really
an MP3, a file in Latin-1, or cues that do not parse would otherwise reach listeners' apps.
"""

from __future__ import annotations

import html
import posixpath

import webvtt
from webvtt.errors import MalformedFileError
from webvtt.models import Caption, Timestamp

from .catalogue import PODCAST, phrase
from .problem_record import Problem
from .records import Cue

TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}


def transcript_problems(path: str, written: str, duration: float) -> list[Problem]:
    """Problems of the transcript at `path` (named `written` in messages), about Transcript each."""
    return read_transcript(path, written, duration)[1]


def read_transcript(path: str, written: str, duration: float) -> tuple[tuple[Cue, ...], list[Problem]]:
    """The cues of the transcript at `path` and its problems (about Transcript each; no cue then).

    Read once, when the episode is read: the page shows these cues, the feed links the file.
    """
    extension = posixpath.splitext(path)[1].lower()
    if extension not in TRANSCRIPT_TYPES:
        return (), [PODCAST("podcast.E060", field="Transcript", written=written)]
    try:
        captions = webvtt.read(path) if extension == ".vtt" else webvtt.from_srt(path)
    except UnicodeDecodeError:
        return (), [PODCAST("podcast.E061", field="Transcript", written=written)]
    except (MalformedFileError, ValueError, IndexError) as error:
        kind = phrase("webvtt") if extension == ".vtt" else "SubRip"
        return (), [PODCAST("podcast.E062", field="Transcript", written=written, kind=kind,
                            error=error or phrase("invalid_format"))]
    if not len(captions):
        return (), [PODCAST("podcast.E063", field="Transcript", written=written)]
    late = [c for c in captions.captions if c.start_in_seconds > duration + 1]
    if late:
        return (), [PODCAST("podcast.E064", field="Transcript", written=written, start=late[0].start, duration=duration)]
    return tuple(cue for cue in map(_cue, captions.captions) if cue.text), []


def _seconds(time: Timestamp) -> float:
    # Caption.start_in_seconds drops the milliseconds: a cue link must land on the cue, not before it.
    hours, minutes, seconds, milliseconds = time.to_tuple()
    return hours * 3600 + minutes * 60 + seconds + milliseconds / 1000


def _cue(caption: Caption) -> Cue:
    # webvtt-py removes the cue tags (<v>, <i>…) but leaves the escapes WebVTT requires (&amp;, &lt;).
    lines = (" ".join(html.unescape(line).split()) for line in caption.text.split("\n"))
    voice = caption.voice
    return Cue(
        start=_seconds(caption.start_time),
        end=_seconds(caption.end_time),
        text="\n".join(line for line in lines if line),
        speaker=" ".join(html.unescape(voice).split()) or None if voice else None,
    )
