"""Resolve the files an episode names (Audio, Alternates, Image, Transcript) safely inside content/."""

from __future__ import annotations

import os
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .catalogue import PODCAST
from .files import ignored
from .problem_record import Problem


@dataclass(frozen=True)
class SourceFile:
    absolute: str  # real path on disk
    relative: str  # posix path relative to the content folder: Pelican's key for static files


def resolve_source_file(
    written: str, episode_relative: str, content_path: str, ignores: Iterable[str] = ()
) -> tuple[SourceFile | None, Problem | None]:
    """Resolve `written` (as the editor wrote it, relative to the episode file) to a file in content/.

    Returns (file, None) or (None, the problem, without file or field): absolute paths, paths leaving content/ (`../`, or a
    symbolic link pointing outside), names in `ignores` (IGNORE_FILES: an editor's lock, swap or
    backup file, published nowhere) and missing or empty files are refused.
    """
    found, reason = _locate(written, episode_relative, content_path)
    if found is None:
        return None, reason
    if any(ignored(part, ignores) for part in found.relative.split("/")):
        return None, PODCAST("podcast.E034", written=written)
    if not os.path.isfile(found.absolute):
        return None, PODCAST("podcast.E035", written=written, looked=posixpath.join("content", found.relative))
    if os.path.getsize(found.absolute) == 0:
        return None, PODCAST("podcast.E036", written=written)
    return found, None


def missing_source_file(written: str, episode_relative: str, content_path: str) -> SourceFile | None:
    """Where `written` would be inside content/, when nothing is there (the audio manifest then
    stands in for it); None when the path is refused or something is there."""
    found, _ = _locate(written, episode_relative, content_path)
    return found if found is not None and not os.path.lexists(found.absolute) else None


def _as_on_disk(content_path: str, relative: str) -> str:
    """`relative` spelt as its file is named on disk, when they differ only by Unicode normalisation:
    macOS writes « é » decomposed (e + accent), most editors type it composed, and both look the
    same. Unchanged when the file is there as written, or when no such file is there at all."""
    if os.path.lexists(os.path.join(content_path, *relative.split("/"))):
        return relative
    folder, found = content_path, []
    for part in relative.split("/"):
        wanted = unicodedata.normalize("NFC", part)
        try:
            names = [part] if os.path.lexists(os.path.join(folder, part)) else os.listdir(folder)
        except OSError:
            return relative
        match = next((name for name in names if unicodedata.normalize("NFC", name) == wanted), None)
        if match is None:
            return relative
        found.append(match)
        folder = os.path.join(folder, match)
    return "/".join(found)


def _locate(written: str, episode_relative: str, content_path: str) -> tuple[SourceFile | None, Problem | None]:
    """The path `written` names, refused when it is absolute or leads out of content/."""
    if os.path.isabs(written) or written.startswith(("/", "\\")) or ":" in written.split("/")[0]:
        return None, PODCAST("podcast.E030", written=written)
    if "\\" in written:
        return None, PODCAST("podcast.E031", written=written, slashed=written.replace("\\", "/"))
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(episode_relative), written))
    if relative.startswith("../") or relative == "..":
        return None, PODCAST("podcast.E032", written=written)
    content_real = os.path.realpath(content_path)
    relative = _as_on_disk(content_path, relative)
    absolute = os.path.join(content_path, *relative.split("/"))
    real = os.path.realpath(absolute)
    if os.path.commonpath([content_real, real]) != content_real:
        return None, PODCAST("podcast.E033", written=written)
    return SourceFile(absolute=real, relative=relative), None
