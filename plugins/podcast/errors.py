"""The one error family of the podcast plugin. Messages name the file (or setting) and the field."""

from __future__ import annotations


class PodcastError(Exception):
    """Base class: caught by Pelican's command line and printed as one message, no traceback."""


class SettingsError(PodcastError):
    """One or more podcast settings are wrong; the message lists each, by name."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            "réglages du podcast invalides (pelicanconf.py):\n" + "\n".join(f"  - {p}" for p in self.problems)
        )


class AudioError(PodcastError):
    """An audio file cannot be used. `path` is the file, `reason` says why and what to do."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ContentError(PodcastError):
    """Problems in episode files, all of them, each 'file: field: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"{count} problème{'s' if count > 1 else ''} dans les épisodes, rien n'a été écrit:\n"
            + "\n".join(f"  - {p}" for p in self.problems)
        )
