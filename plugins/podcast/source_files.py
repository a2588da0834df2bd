"""Resolve the files an episode names (Audio, Alternates, Image, Transcript) safely inside content/."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from ..files import ignored


@dataclass(frozen=True)
class SourceFile:
    absolute: str  # real path on disk
    relative: str  # posix path relative to the content folder: Pelican's key for static files


def resolve_source_file(
    written: str, episode_relative: str, content_path: str, ignores: Iterable[str] = ()
) -> tuple[SourceFile | None, str | None]:
    """Resolve `written` (as the editor wrote it, relative to the episode file) to a file in content/.

    Returns (file, None) or (None, reason): absolute paths, paths leaving content/ (`../`, or a
    symbolic link pointing outside), names in `ignores` (IGNORE_FILES: an editor's lock, swap or
    backup file, published nowhere) and missing or empty files are refused.
    """
    found, reason = _locate(written, episode_relative, content_path)
    if found is None:
        return None, reason
    if any(ignored(part, ignores) for part in found.relative.split("/")):
        return None, (f"{written!r} est un fichier de travail d'éditeur ou du système (verrou, copie "
                      "d'échange, sauvegarde), jamais publié ; indiquez le fichier lui-même")
    if not os.path.isfile(found.absolute):
        return None, f"fichier {written!r} introuvable (cherché en {posixpath.join('content', found.relative)})"
    if os.path.getsize(found.absolute) == 0:
        return None, f"le fichier {written!r} est vide"
    return found, None


def missing_source_file(written: str, episode_relative: str, content_path: str) -> SourceFile | None:
    """Where `written` would be inside content/, when nothing is there (the audio manifest then
    stands in for it); None when the path is refused or something is there."""
    found, _ = _locate(written, episode_relative, content_path)
    return found if found is not None and not os.path.lexists(found.absolute) else None


def _locate(written: str, episode_relative: str, content_path: str) -> tuple[SourceFile | None, str | None]:
    """The path `written` names, refused when it is absolute or leads out of content/."""
    if os.path.isabs(written) or written.startswith(("/", "\\")) or ":" in written.split("/")[0]:
        return None, f"{written!r} est un chemin absolu ; écrivez un chemin relatif au fichier de l'épisode"
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(episode_relative), written))
    if relative.startswith("../") or relative == "..":
        return None, f"{written!r} sort du dossier content/ ; placez le fichier à côté de l'épisode"
    content_real = os.path.realpath(content_path)
    absolute = os.path.join(content_path, *relative.split("/"))
    real = os.path.realpath(absolute)
    if os.path.commonpath([content_real, real]) != content_real:
        return None, f"{written!r} est un lien qui pointe hors du dossier content/ ; copiez-y le fichier"
    return SourceFile(absolute=real, relative=relative), None
