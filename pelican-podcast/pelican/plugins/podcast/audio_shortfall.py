"""Does the file hold what its header announces? The rule every format's check applies.

Headers are written before or after the audio, by tools that may crash, and copies get cut short:
the duration a header gives is published only if the bytes it describes are really there. Every
check reads a few header fields or the MP4 sample tables, never the audio itself.
"""

from __future__ import annotations

from .catalogue import phrase
from .errors import AudioError

# Longer than this, an episode's duration comes from a damaged or forged header.
MAX_DURATION = 24 * 3600
# How much shorter than its header says a file may be: rounding, the encoder's delay, a last frame.
SHORTFALL_TOLERANCE = 0.03


def check_length(shown: str, duration: float) -> None:
    if duration > MAX_DURATION:
        raise AudioError(shown, phrase("audio_too_long", duration=spoken(duration)))


def check_shortfall(shown: str, kind: str, duration: float, needed: float, present: float) -> None:
    if present >= needed * (1 - SHORTFALL_TOLERANCE):
        return
    share = max(0, int(present * 100 / needed))
    raise AudioError(shown, phrase("audio_incomplete", kind=kind, duration=spoken(duration), share=share))


def spoken(seconds: float) -> str:
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
