"""The audio formats the podcast accepts, by name, with the MIME type each is served as.

Apart from audio.py so that what only needs the names (the audio manifest's checks) does not
import mutagen: a build whose audio is all in the cache never loads it.
"""

from __future__ import annotations

MIME_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/x-m4a",  # the type Apple's podcast guide lists for .m4a
    "ogg": "audio/ogg",
    "opus": "audio/opus",
    "flac": "audio/flac",
    "wav": "audio/wav",
}
