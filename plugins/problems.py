"""The one list of problems of a build, and the one exception that stops it.

Every check of every plugin (settings, articles, pages, episodes, audio, images, transcripts,
links, output paths, Pelican's own errors and warnings) *returns* its problems as records
(`pelican.plugins.podcast.problem_record.Problem`: level, code, message, hint, file, line, field) and hands them
to `report()`. Checks not yet converted hand French lines, "path: Field: what is wrong and what to
do", kept as records without a code (the file read from the line's start). Nothing else raises for
content. The gate (plugins.checks, on Pelican's get_writer signal: everything has been read,
nothing written yet) calls `raise_if_failed()` once: every problem of the build is in that one
message.

The list lives at module level because Pelican gives plugins no per-build object that reaches
every generator; `start_build()` empties it at the start of each build (Pelican's get_generators
signal), so `regenerate` and `livereload` builds start clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from pelican.plugins.podcast.problem_record import Level, Problem

__all__ = ["Level", "Problem"]  # what others import from here, beside the list itself

# A line of a check not yet converted to records: "content/x.md: …" names its file first.
_LINE_WITH_FILE = re.compile(r"^(?P<file>content/[^:]+?): (?P<rest>.+)$", re.DOTALL)


def as_record(item: Problem | str, level: Level | None = None) -> Problem:
    """A record as it is (at `level` if one is given), or a French line as a record without code."""
    if isinstance(item, Problem):
        return replace(item, level=level) if level else item
    text = item.strip()
    said = _LINE_WITH_FILE.match(text)
    if said:
        return Problem(code="", message=said.group("rest"), file=said.group("file"), level=level or "error")
    return Problem(code="", message=text, level=level or "error")


@dataclass
class ProblemList:
    """The problems of one build, errors and warnings apart, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def add(self, found: Iterable[Problem | str], level: Level | None = None) -> None:
        known = {p.text for p in self.problems}
        for item in found:
            record = as_record(item, level)
            # The same fact found by two checks (or logged twice by Pelican) is said once.
            if record.text not in known:
                self.problems.append(record)
                known.add(record.text)


class BuildStopped(Exception):
    """A build stopped for a reason the editor can act on: printed as French text, no traceback."""

    exitcode = 1


class BuildProblems(BuildStopped):
    """The build stopped before writing anything. `errors` and `warnings` are the whole list."""

    def __init__(self, errors: list[Problem], warnings: list[Problem]):
        self.errors = list(errors)
        self.warnings = list(warnings)
        super().__init__(describe(self.errors, self.warnings, written=False))


def plural(count: int, singular: str, several: str) -> str:
    return f"{count} {singular if count < 2 else several}"


def describe(errors: list[Problem], warnings: list[Problem], written: bool) -> str:
    """The French listing an editor reads, errors first, then warnings."""
    blocks = []
    if errors:
        outcome = "rien n'a été écrit" if not written else "le site a été écrit"
        blocks.append(f"{plural(len(errors), 'erreur', 'erreurs')}, {outcome} :\n" + _listing(errors))
    if warnings:
        blocks.append(f"{plural(len(warnings), 'avertissement', 'avertissements')} :\n" + _listing(warnings))
    if not errors and warnings and not written:
        blocks.insert(0, "Les avertissements bloquent cette construction (publication), rien n'a été écrit.")
    return "\n".join(blocks)


def _listing(problems: list[Problem]) -> str:
    return "\n".join(f"  - {p.text}" for p in problems)


class CheckPassed(Exception):
    """`invoke check` found no error: raised at the gate so that Pelican writes nothing."""


# Settings are read once per Pelican object (at `initialized`) but a Pelican object may run several
# builds (`pelican --autoreload`): their problems are kept apart and start every build's list.
_settings = ProblemList()
_current = ProblemList()


def begin_settings() -> None:
    """A new Pelican object: forget everything."""
    global _settings, _current
    _settings, _current = ProblemList(), ProblemList()


def report_settings(found: Iterable[Problem | str]) -> None:
    """Problems of the settings (or of loading plugins), found once, reported by every build."""
    _settings.add(found)


# What a check may write once it has found no error (`invoke check`: the audio manifest).
_after_clean_check: list[Callable[[], list[Problem] | list[str]]] = []


def start_build() -> None:
    """Forget the previous build's content problems; the settings' stay."""
    global _current
    _current = ProblemList(list(_settings.problems))
    _after_clean_check.clear()


def after_clean_check(action: Callable[[], list[Problem] | list[str]]) -> None:
    """Run `action` at the gate of a check (CHECK_ONLY) that found no error; it returns problems."""
    _after_clean_check.append(action)


def run_after_clean_check() -> None:
    for action in _after_clean_check:
        report(action())


def current() -> ProblemList:
    """The problems found so far in this build."""
    return _current


def report(found: Iterable[Problem | str], level: Level | None = None) -> None:
    """Add problems to this build's list: records (at `level` if given), or French lines naming
    file and field (errors unless `level` says otherwise)."""
    _current.add(found, level)


def raise_if_failed(fail_on_warnings: bool) -> None:
    """The one raise: every error (and warning) of the build, before anything is written."""
    if _current.errors or (fail_on_warnings and _current.warnings):
        raise BuildProblems(_current.errors, _current.warnings)
