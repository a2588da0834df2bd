"""Problem records as GitHub annotations: each problem shown on its file and line of a pull request.

`invoke check --annotations` prints one workflow command per problem on the standard output,
`::error file=content/x.md,line=3,title=…::Date: …`, which GitHub Actions turns into a note on
that line of the pull request's diff, in the editor's French. The rules are GitHub's ("Workflow
commands for GitHub Actions", and `@actions/core`'s toCommandValue/escape): in the message,
`%`, CR and LF are written %25, %0D, %0A; in a property, `:` and `,` too (%3A, %2C), as they
separate properties.

Only on request, never because GITHUB_ACTIONS is set: the tests run on GitHub too, and the
mistakes their fixture sites make on purpose must not become notes on the pull request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from pelican.plugins.podcast.problem_record import Problem

_COMMANDS = {"error": "error", "warning": "warning"}
_TITLES = {"error": "Erreur", "warning": "Avertissement"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """One workflow command: the problem's file and line as properties, its French text as the message."""
    properties = []
    if problem.file:
        properties.append(f"file={escape_property(problem.file)}")
        if problem.line:
            properties.append(f"line={problem.line}")
    title = " ".join(part for part in (_TITLES[problem.level], problem.code) if part)
    properties.append(f"title={escape_property(title)}")
    # The file is the annotation's place: the message says the rest.
    return f"::{_COMMANDS[problem.level]} {','.join(properties)}::{escape_data(replace(problem, file='').text)}"


def annotation_lines(problems: Iterable[Problem], settings_files: Sequence[Path] = (), root: Path | None = None) -> str:
    """The annotations of `problems`; a problem about a setting is placed where the settings files
    (relative to `root`, the repository) assign it."""
    return "".join(annotation(in_settings_files(problem, settings_files, root)) + "\n" for problem in problems)


_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")


def in_settings_files(problem: Problem, settings_files: Sequence[Path], root: Path | None) -> Problem:
    """A problem about a setting (its field, "TIMEZONE") at the line that assigns it, in the last of
    `settings_files` that does (publishconf.py overrides pelicanconf.py); as it is otherwise."""
    if problem.file or root is None or not _SETTING.match(problem.field):
        return problem
    assigns = re.compile(rf"^{problem.field}\s*[:=]")
    for path in reversed(settings_files):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        numbers = [number for number, line in enumerate(lines, 1) if assigns.match(line)]
        if numbers and path.resolve().is_relative_to(root.resolve()):
            return replace(problem, file=path.resolve().relative_to(root.resolve()).as_posix(), line=numbers[-1])
    return problem
