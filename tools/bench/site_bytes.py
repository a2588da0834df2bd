"""Whether a build left the site a cold build of the same content leaves, byte for byte.

Every build the benchmark times must write the site a cold build writes (faster, never different).
A snapshot of an output folder holds each file's sha256, the audio's excepted: each is a hard link
to its file in content/ (several GB in all), compared by the file it links to, so that a check
reads the 40 MB of pages, feeds and pictures, not the audio.

What a cold build of the same content writes is known from the measured cold build (warm and
warm-full must leave it), or from a reference build: after a text edit, the same settings built
cold into `reference/` with a cache of their own, unmeasured. The editor's loop rewrites only the
pages that show a text edit and leaves the search index as it was until the next full build
(plugins/editor_loop/text_edit.py): after an edit, the search index's folder is not compared.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from plugins.editor_loop.last_build import is_audio
from plugins.search.settings import DEFAULTS as SEARCH_DEFAULTS

SEARCH_FOLDER = str(SEARCH_DEFAULTS["SEARCH_BUNDLE_DIR"]) + "/"


def snapshot(output: Path) -> dict[str, str]:
    """Relative POSIX path -> sha256 of every file under `output` (an audio file: the file it links to)."""
    found = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, output).replace(os.sep, "/")
            if is_audio(relative):
                stat = os.stat(path)
                found[relative] = f"audio of {stat.st_size} bytes, file {stat.st_dev}:{stat.st_ino}"
            else:
                with open(path, "rb") as stream:
                    found[relative] = hashlib.file_digest(stream, "sha256").hexdigest()
    return found


def differences(site: dict[str, str], cold: dict[str, str], search_index_behind: bool = False) -> list[str]:
    """The paths where `site` differs from `cold` (missing, extra or other bytes), sorted; with
    `search_index_behind`, the search index's folder left out."""
    paths = site.keys() | cold.keys()
    if search_index_behind:
        paths = {path for path in paths if not path.startswith(SEARCH_FOLDER)}
    return sorted(path for path in paths if site.get(path) != cold.get(path))
