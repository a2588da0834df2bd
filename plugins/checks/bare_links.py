"""A link or an image written as a bare relative path (`images/x.png`, `autre-article.md`) leads nowhere.

Pelican publishes such a link as it is written, and the browser resolves it from the page's own
address (/actualites/mon-article/images/x.png), where nothing is: the page is published with a
broken image or link and no one is told. Pelican follows only the links it is asked to follow
({static}, {filename}, …); an address of the site starts with /, another site's with https://.

What the editor wrote is read in the Markdown source (inline links, images, reference definitions
and the src/href of raw HTML), code spans and fenced code aside: the rendered HTML cannot tell,
since a local build (RELATIVE_URLS) makes every followed link relative too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican.plugins.podcast.problem_record import Problem
from pelican.readers import HTMLReader, MarkdownReader, RstReader

from ..catalogue import SITE

INLINE = re.compile(r"!?\[(?:[^\]\\\n]|\\.)*\]\(\s*<?([^)\s>]+)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.MULTILINE)
HTML_URL = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# The files Pelican reads, from its readers: what it reads as content is linked with {filename}.
MARKDOWN_SUFFIXES = tuple(f".{extension}" for extension in MarkdownReader.file_extensions)
CONTENT_SUFFIXES = tuple(f".{extension}" for reader in (MarkdownReader, RstReader, HTMLReader)
                         for extension in reader.file_extensions)


def bare_relative(url: str) -> bool:
    """Whether `url` is a path the browser would resolve from the page's address: not {static}…
    (nor Pelican's older |static|…), not from the site's root, not a fragment, not another site."""
    if url.startswith(("{", "|", "/", "#", "?")):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def written_links(text: str) -> list[tuple[str, int]]:
    """Each link target the Markdown `text` writes, with its line (from 1); code aside."""
    blanked = FENCE.sub(_blank, text)
    blanked = CODE_SPAN.sub(_blank, blanked)
    found = []
    for pattern in (INLINE, REFERENCE, HTML_URL):
        found += [(match.group(1), blanked.count("\n", 0, match.start(1)) + 1) for match in pattern.finditer(blanked)]
    return sorted(found, key=lambda link: link[1])


def _blank(match: re.Match[str]) -> str:
    """The matched code as spaces, its line breaks kept: the lines after it keep their numbers."""
    return re.sub(r"[^\n]", " ", match.group(0))


def bare_link_problems(contents: Iterable[Any], shown: Callable[[str], str]) -> list[Problem]:
    """One error per bare relative link of each Markdown content, on its line, with the link to
    write instead when the file it means is in content/."""
    problems = []
    for content in contents:
        source = content.source_path
        if not source.endswith(MARKDOWN_SUFFIXES):
            continue
        try:
            with open(source, encoding="utf-8") as stream:
                text = stream.read()
        except (OSError, UnicodeDecodeError):
            continue  # said by Pelican's reader already
        root = content.settings["PATH"]
        for target, line in written_links(text):
            if bare_relative(target):
                problems.append(_problem(shown(source), line, target, _meant(target, os.path.dirname(source), root)))
    return problems


def _meant(target: str, folder: str, root: str) -> str | None:
    """The link to write for the file of content/ that `target` names (from the file's folder, else
    from content/ itself), None when there is none."""
    path = unquote(urlsplit(target).path)
    for base in (folder, root):
        candidate = os.path.normpath(os.path.join(base, path))
        if os.path.isfile(candidate) and os.path.commonpath([candidate, root]) == os.path.normpath(root):
            relative = os.path.relpath(candidate, root).replace(os.sep, "/")
            kind = "{filename}" if candidate.endswith(CONTENT_SUFFIXES) else "{static}"
            return f"{kind}/{relative}"
    return None


def _problem(file: str, line: int, target: str, meant: str | None) -> Problem:
    words = {"target": target, "static": "{static}", "filename": "{filename}"}
    if meant is None:
        return SITE("content.E042", file=file, line=line, hint="unknown", **words)
    return SITE("content.E042", file=file, line=line, hint="known", written=meant, **words)
