"""Pelican's own errors and warnings, heard from its logger and said as problems, in French.

Pelican logs a bad article ("could not find information about 'title'", an unparseable date), a
plugin that failed to load, a broken `{filename}` link, and goes on: the site is published without
the file and the command exits 0. A handler on the "pelican" logger keeps every warning and error
of the build; the gate turns each into "content/x.md: Field: what is wrong" and fails the build.
"""

from __future__ import annotations

import logging
import os
import posixpath
import sys
from dataclasses import dataclass, replace

from pelican.plugins.podcast.front_matter_rules import date_problem_from_pelican
from pelican.plugins.podcast.markdown_header import field_lines, read_header
from pelican.plugins.podcast.problem_record import Problem

from ..catalogue import SITE

# Pelican's messages (format strings, as logged) that we say better, or that our own checks say.
MISSING_FIELD = "Skipping %s: could not find information about '%s'"
UNREADABLE = "Could not process %s"
UNKNOWN_STATUS = "Unknown status '%s' for file %s, skipping it. (Not in %s)"
LINK_NOT_FOUND = "Unable to find '%s', skipping url replacement."
EMPTY_ALT = "Empty alt attribute for image %s in %s"
FILENAME_FOR_STATIC = "{filename} used for linking to static content %s in %s. Use {static} instead"
NO_STAMP = "Cannot get modification stamp for %s\n\t%s"  # a {static} link to a file that is not there
PLUGIN_FAILURES = ("Cannot load plugin", "Cannot register plugin")
INVALID_SLUG = 'Unable to generate valid slug for %s "%s".'  # a tag, category or author: slug_problems
# Two contents with one slug: the address check says it, with both files and what to change.
SAME_SLUG = ('There are %s items "%s" with lang %s: ', "There are %s original (not translated) items %s: ")
FIELD_NAMES = {"title": "Title", "date": "Date"}
# Said by plugins.checks itself, with the file that holds the link or the status.
SAID_BY_OUR_CHECKS = (UNKNOWN_STATUS, LINK_NOT_FOUND, NO_STAMP, EMPTY_ALT, INVALID_SLUG)


@dataclass(frozen=True)
class HeardRecord:
    message: str  # the format string
    args: tuple
    level: int
    text: str  # the formatted message
    cause: BaseException | None  # the exception being handled when it was logged


class PelicanLogListener(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[HeardRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Pelican logs reading failures from inside its `except` without the exception
        # (exc_info=False): the cause is still the exception being handled right now.
        cause = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        args = record.args if isinstance(record.args, tuple) else ()
        self.records.append(HeardRecord(str(record.msg), args, record.levelno, record.getMessage(), cause))

    def take(self) -> list[HeardRecord]:
        records, self.records = self.records, []
        return records


# Attached when this module is imported: plugins.checks is first in PLUGINS, so it is imported
# before the other plugins and hears when one of them fails to load. One listener per process:
# `regenerate` runs many builds.
listener = PelicanLogListener()
if listener not in logging.getLogger("pelican").handlers:
    logging.getLogger("pelican").addHandler(listener)


def shown(path: str, content_path: str) -> str:
    """A content file as editors name it: "content/x.md"."""
    relative = os.path.relpath(os.path.join(content_path, str(path)), content_path).replace(os.sep, "/")
    return posixpath.join("content", relative)


def filename_for_static(target: str) -> Problem:
    return SITE("content.W001", level="warning", target=target, filename="{filename}", static="{static}")


def plugin_failures(records: list[HeardRecord]) -> list[Problem]:
    return [
        SITE("settings.E011", field="PLUGINS", plugin=r.text.splitlines()[0].split("`")[1] if "`" in r.text else r.text,
             cause=" ".join(r.text.splitlines()[1:]) or "voir le message de Python")
        for r in records
        if r.text.startswith(PLUGIN_FAILURES)
    ]


def explain(record: HeardRecord, content_path: str) -> Problem | None:
    """Pelican's message as our problem; None when our own checks say it."""
    if (record.message in SAID_BY_OUR_CHECKS or record.message.startswith(SAME_SLUG)
            or record.text.startswith(PLUGIN_FAILURES)):
        return None
    if record.message == MISSING_FIELD:
        path, field = record.args
        return SITE("content.E030", file=shown(str(path), content_path), field=FIELD_NAMES.get(field, field))
    if record.message == UNREADABLE:
        (path,) = record.args
        where = shown(str(path), content_path)
        cause = str(record.cause) if record.cause else ""
        dated = date_problem_from_pelican(cause)
        if dated:
            lines = field_lines(read_header(os.path.join(content_path, str(path))))
            return replace(dated, file=where, line=lines.get("date"))
        return SITE("content.E031", file=where, cause=cause or "cause inconnue")
    if record.message == FILENAME_FOR_STATIC:
        target, path = record.args
        return replace(filename_for_static(str(target)), file=shown(str(path), content_path))
    if record.level >= logging.ERROR:
        return SITE("pelican.E001", text=record.text)
    return SITE("pelican.W001", level="warning", text=record.text)
