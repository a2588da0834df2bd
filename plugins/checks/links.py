"""Links between contents ({filename}, {static}, {attach}) that lead nowhere are errors.

Pelican only logs "Unable to find '…', skipping url replacement." (in English, without saying in
which file) and publishes the literal `{filename}…` as the link. Here each content's body is
rendered once before writing, while listening to Pelican, so each broken link is said with the
file that holds it. Links in metadata (summaries), rendered earlier by Pelican, are found by
looking for the target in the source files.

Whatever else Pelican says while it renders a body is said with that file too: a misspelt link
kind (`{fichier}x.md`, published as written) is an error, `{filename}` for an image a warning.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from pelican.plugins.podcast.problem_record import Problem

from ..catalogue import SITE
from .pelican_log import FILENAME_FOR_STATIC, LINK_NOT_FOUND, HeardRecord, filename_for_static

_CONTENTS_LOGGER = "pelican.contents"
UNKNOWN_LINK_KIND = "Replacement Indicator %r not recognized in %r, skipping replacement"
LINK_KINDS = ("{filename} (un article, une page, un épisode), {static} (une image, un fichier), "
              "{attach}, {tag}, {category}, {author} ou {index}")


class _Catch(logging.Handler):
    """What Pelican logs while one body is rendered."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.targets: list[str] = []  # the links Pelican could not find
        self.said: list[tuple[Problem, str]] = []  # everything else, and the text to find its line by

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == LINK_NOT_FOUND and args:
            self.targets.append(str(args[0]))
        elif record.msg == UNKNOWN_LINK_KIND and len(args) == 2:
            kind, link = args
            self.said.append((SITE("content.E041", link=link, kind=kind, kinds=LINK_KINDS), str(link)))
        elif record.msg == FILENAME_FOR_STATIC and len(args) == 2:
            self.said.append((filename_for_static(str(args[0])), str(args[0])))
        elif record.levelno >= logging.ERROR:
            self.said.append((SITE("pelican.E001", text=record.getMessage()), ""))
        else:
            self.said.append((SITE("pelican.W001", level="warning", text=record.getMessage()), ""))


def _problem(shown: str, source_path: str | None, target: str) -> Problem:
    line = _line_mentioning(source_path, target, os.path.basename(target)) if source_path else None
    return SITE("content.E040", file=shown, line=line, target=target, filename="{filename}")


def link_problems(
    contents: Iterable[Any], shown: Callable[[str], str], earlier: list[HeardRecord], static_files: Iterable[Any] = ()
) -> list[Problem]:
    """Render each content's body once (Pelican keeps the result) and say each broken link, and
    what else Pelican said while rendering it, with the file and the line that holds the link.

    A `{static}` link to a missing file is not "unable to find" for Pelican: it plans to copy a
    file that does not exist (`static_files`, Pelican's Static objects, tell which).
    """
    contents = list(contents)
    logger = logging.getLogger(_CONTENTS_LOGGER)
    catch = _Catch()
    logger.addHandler(catch)
    # Pelican's LimitFilter would hide the same message for a second file, and all after five.
    # disable_filter/enable_filter are methods of Pelican's logger class, not of logging.Logger.
    limit = getattr(logger, "disable_filter", None)
    unlimit = getattr(logger, "enable_filter", None)
    if limit and unlimit:
        limit()
    problems: list[Problem] = []
    try:
        for content in contents:
            catch.targets, catch.said = [], []
            content.get_content(content.get_siteurl())
            where = shown(content.source_path)
            problems += [_problem(where, content.source_path, target) for target in catch.targets]
            problems += [replace(said, file=where, line=_line_mentioning(content.source_path, text) if text else None)
                         for said, text in catch.said]
    finally:
        logger.removeHandler(catch)
        if limit and unlimit:
            unlimit()
    targets = [str(r.args[0]) for r in earlier if r.message == LINK_NOT_FOUND and r.args]
    targets += [static.relative_source_path for static in static_files if not os.path.exists(static.source_path)]
    for target in targets:
        # Pelican resolves a link from the file that holds it ("pages/images/x.png" for
        # "{static}images/x.png" in a page): the file name is what that file's text has.
        owners = [c for c in contents if _mentions(c.source_path, target)] or [
            c for c in contents if _mentions(c.source_path, os.path.basename(target))
        ]
        problems += [_problem(shown(c.source_path), c.source_path, target) for c in owners] or [
            _problem("content", None, target)]
    return problems


def _mentions(path: str, target: str) -> bool:
    return _line_mentioning(path, target) is not None


def _line_mentioning(path: str, *texts: str) -> int | None:
    """The first line (from 1) of the file at `path` that holds the first of `texts` found there."""
    try:
        with open(path, encoding="utf-8") as source:
            lines = source.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for text in texts:
        found = next((number for number, line in enumerate(lines, 1) if text and text in line), None)
        if found:
            return found
    return None
