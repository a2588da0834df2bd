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

from collections.abc import Iterable
from dataclasses import replace

from .problem_record import Problem

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


def annotation_lines(problems: Iterable[Problem]) -> str:
    return "".join(annotation(problem) + "\n" for problem in problems)
