"""The audio reader's one error type. Messages name the file and say what to do.

It never reaches Pelican: the episodes module turns it into a problem of the build's list.
"""

from __future__ import annotations


class AudioError(Exception):
    """An audio file cannot be used. `path` is the file, `reason` says why and what to do."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type[AudioError], tuple[str, str]]:
        # Raised in a worker process (prefetch.py), it crosses back pickled: by its two fields,
        # not by Exception's args (the joined message), which __init__ would not take back.
        return type(self), (self.path, self.reason)
