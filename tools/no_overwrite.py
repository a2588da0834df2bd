"""The tools' promise: a file that exists is never replaced unless the user said --force.

make_demo_audio once wrote over an editor's real recording: the check runs before any work, on every
file a run would write, so a refusal costs nothing and leaves every file as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


class WouldOverwrite(Exception):
    """A file the run would write already exists and --force was not given; the message names it."""


def refuse_to_overwrite(paths: Iterable[str], force: bool, shown=os.path.relpath) -> None:
    """Raise WouldOverwrite naming every path of `paths` that exists, unless `force`."""
    if force:
        return
    existing = [shown(path) for path in paths if os.path.lexists(path)]
    if len(existing) == 1:
        raise WouldOverwrite(f"{existing[0]} existe déjà : je ne l'écrase pas. "
                             "Relancez avec --force pour le remplacer.")
    if existing:
        raise WouldOverwrite(f"ces fichiers existent déjà : {', '.join(existing)} ; je n'en écrase aucun. "
                             "Relancez avec --force pour les remplacer.")
