"""Which outputs a build rewrites: every one, only some (a text edit applied in place, text_edit.py),
or none (nothing changed since the last build, last_build.py).

A text edit may be applied in place when the editor changed nothing but the text of Markdown files
the watcher's last build read: same files, same front matter, same theme, settings, audio and
images. Then the only outputs that can differ are those that showed the text of an edited file
(shown.py). Any other change (a new or deleted file, a front-matter field, a template, an image, an
audio file, a setting) rebuilds everything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """A build that renders only some outputs (relative to the output folder)."""

    changed: tuple[str, ...]  # the edited sources, absolute
    outputs: frozenset[str]

    def includes(self, output_relative: str) -> bool:
        return os.path.normpath(output_relative) in self.outputs


def fingerprint(metadata: Mapping[str, object], url: str, save_as: str, status: str) -> str:
    """Everything of a content that a list, a menu or a neighbour's page may show, except its text."""
    fields = sorted((str(name), repr(value)) for name, value in metadata.items())
    return repr((fields, url, save_as, status))
