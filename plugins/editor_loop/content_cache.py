"""Pelican's content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE) dropped as soon as what made it changed.

Pelican keeps each content file's reading (its HTML and metadata, pickled in CACHE_PATH) while the
file's mtime is unchanged, whatever the settings: a changed CATEGORY_URL, MARKDOWN extension or
plugin would keep publishing what the old ones read, even under `invoke rebuild`, and so would a
file edited then given back its mtime (`touch -r`, `cp -p`, a sync tool). Everything a reading
depends on but the mtime is here, as one key kept beside Pelican's files (every setting, Python
and the installed packages, the code of our plugins), and the content's bytes are compared with
the last build's hashes (file_hashes.py). A build that finds another key, or a file whose bytes
changed behind its mtime, removes Pelican's files before any content is read.

Not CHECK_MODIFIED_METHOD = "sha256": Pelican would then read every static file whole, twice per
build, the audio included.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from typing import TYPE_CHECKING, Any

from pelican.plugins.podcast.files import write_atomically

from .. import CODE_FOLDERS
from . import last_build
from .file_hashes import FileHashes

if TYPE_CHECKING:
    from pelican import Pelican

logger = logging.getLogger(__name__)

KEY_FILE = "content-cache.key"
# What Pelican names its files in CACHE_PATH: a generator's class, "-Readers" for the reader layer.
PELICAN_FILES = re.compile(r"^\w*Generator(-Readers)?$")
# Settings that say what a command does with what it read, never how it reads it.
# (PODCAST_SETTINGS is the podcast plugin's record of its settings, all in the key themselves.)
NOT_READ = frozenset({"CHECK_ONLY", "CHECK_MEDIA_HOST", "PODCAST_CHECK_ONLY", "PODCAST_CHECK_MEDIA_HOST", "PODCAST_SETTINGS"})


def reading_key(settings: dict[str, Any], hashes: FileHashes) -> str:
    read = {name: value for name, value in settings.items() if name not in NOT_READ}
    digest = hashlib.sha256()
    digest.update(f"{last_build.environment()}{last_build.settings_digest(read)}\n".encode())
    for folder in CODE_FOLDERS:
        last_build.add_contents(digest, str(folder), hashes)
    return digest.hexdigest()


def _changed_behind_mtime(settings: dict[str, Any], hashes: FileHashes) -> bool:
    """Whether a content file's bytes changed since the last build hashed them, its mtime kept."""
    root = os.path.abspath(str(settings["PATH"]))
    return any(hashes.changed_behind_mtime(os.path.join(root, path), stat)
               for path, stat in last_build.files_under(root, settings.get("IGNORE_FILES", ()))
               if not last_build.is_audio(path))


def drop_if_stale(pelican: Pelican) -> None:
    """initialized (after every other plugin adjusted the settings, before any generator loads the
    cache): Pelican's content cache goes if it was made with other settings or code."""
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    folder = str(settings["CACHE_PATH"])
    hashes = FileHashes(settings)  # the last build's, read once for both questions
    key = reading_key(settings, hashes)
    try:
        with open(os.path.join(folder, KEY_FILE), encoding="utf-8") as stream:
            if stream.read() == key and not _changed_behind_mtime(settings, hashes):
                return
    except OSError:
        pass  # no key: a cache from before it, or none; either way not to be trusted
    try:
        for entry in os.scandir(folder) if os.path.isdir(folder) else ():
            if PELICAN_FILES.match(entry.name) and entry.is_file():
                os.unlink(entry.path)
        write_atomically(os.path.join(folder, KEY_FILE), key.encode())
    except OSError as error:
        # Not removed: this build must not read it (nor leave a cache without its key).
        logger.warning("cache de contenu de Pelican ignoré (%s) : chaque fichier est relu", error)
        settings["LOAD_CONTENT_CACHE"] = settings["CACHE_CONTENT"] = False
