"""Which outputs a rebuild rewrites: every one, or only those that show the text an editor changed.

A rebuild under `--autoreload` may be partial when the editor changed nothing but the text of
Markdown files the previous build (in the same process) read: same files, same front matter, same
theme, settings, audio and images. Then the only pages that can differ are each changed file's
own page and the pages that show it (lists with its summary, neighbours, feeds): every one of
those links to it, so the previous output says which they are. Any other change (a new or deleted
file, a front-matter field, a template, an image, an audio file, a setting) rebuilds everything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Outputs Pelican's writer renders from templates (pages, lists, feeds): the ones a partial rebuild
# may skip. Everything else (static files, our feed, the sitemap) is always written in full.
RENDERED_SUFFIXES = (".html", ".xml")


@dataclass(frozen=True)
class PreviousBuild:
    """What a successful build in this process read: each source's front matter, as a fingerprint."""

    output: str
    fingerprints: Mapping[str, str]  # absolute source path -> front-matter fingerprint
    built_at: float  # when it started reading (seconds since the epoch)


@dataclass(frozen=True)
class Scope:
    """A partial rebuild: the outputs (relative to the output folder) that are rendered again."""

    changed: tuple[str, ...]  # the edited sources, absolute
    outputs: frozenset[str]

    def includes(self, output_relative: str) -> bool:
        return os.path.normpath(output_relative) in self.outputs


def fingerprint(metadata: Mapping[str, object], url: str, save_as: str, status: str) -> str:
    """Everything of a content that a list, a menu or a neighbour's page may show, except its text."""
    fields = sorted((str(name), repr(value)) for name, value in metadata.items())
    return repr((fields, url, save_as, status))


def partial_scope(
    previous: PreviousBuild | None,
    changed: Iterable[str],
    now: Mapping[str, str],
    urls: Mapping[str, tuple[str, str]],
    content_root: str,
    output: str,
) -> Scope | None:
    """The outputs to render again, or None when everything must be.

    `now`: fingerprints of this build's sources; `urls`: source -> (url, save_as).
    """
    changed = tuple(sorted({os.path.abspath(path) for path in changed}))
    if previous is None or not changed or previous.output != output or not os.path.isdir(output):
        return None
    if previous.fingerprints != now:
        # A content file appeared or disappeared, a front matter changed, or time made a scheduled
        # page published: lists, menus and neighbours may all differ.
        return None
    root = os.path.abspath(content_root) + os.sep
    for path in changed:
        if not (path.startswith(root) and path.endswith(".md") and path in now):
            return None  # not the text of a content file this build read
    needles = []
    outputs = set()
    for path in changed:
        url, save_as = urls[path]
        if not url or not save_as:
            return None  # a content without an address of its own: nothing tells who shows it
        needles.append(url)
        outputs.add(os.path.normpath(save_as))
    outputs |= set(_outputs_mentioning(output, needles))
    return Scope(changed, frozenset(outputs))


def _outputs_mentioning(output: str, needles: list[str]) -> Iterable[str]:
    """Rendered outputs whose text holds one of `needles` (a content's URL path, as every link to it ends)."""
    encoded = [needle.encode("utf-8") for needle in needles]
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(RENDERED_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as stream:
                    text = stream.read()
            except OSError:
                continue
            if any(needle in text for needle in encoded):
                yield os.path.normpath(os.path.relpath(path, output))
