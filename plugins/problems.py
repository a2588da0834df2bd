"""The one list of problems of a build, and the one exception that stops it.

Every check of every plugin (settings, articles, pages, episodes, audio, images, transcripts,
links, output paths, Pelican's own errors and warnings) *returns* its problems as French lines,
"path: Field: what is wrong and what to do", and hands them to `report()`. Nothing else raises
for content. The gate (plugins.checks, on Pelican's get_writer signal: everything has been read,
nothing written yet) calls `raise_if_failed()` once: every problem of the build is in that one
message.

The list lives at module level because Pelican gives plugins no per-build object that reaches
every generator; `start_build()` empties it at the start of each build (Pelican's get_generators
signal), so `regenerate` and `livereload` builds start clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing to fix, as the editor reads it: "content/x.md: Field: message"."""

    text: str
    level: Level = "error"

    def __str__(self) -> str:
        return self.text


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

    def add(self, texts: Iterable[str], level: Level = "error") -> None:
        known = {p.text for p in self.problems}
        for text in texts:
            # The same fact found by two checks (or logged twice by Pelican) is said once.
            if text not in known:
                self.problems.append(Problem(text.strip(), level))
                known.add(text)


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


def not_a_flag(name: str, value: object) -> str:
    """The problem of a setting that must be True or False (every plugin's settings say it alike)."""
    return f"{name}: True ou False attendu, pas {value!r}"


def not_a_folder(name: str, value: object) -> str | None:
    """The problem of a setting that names a folder or is None (every plugin's settings say it alike)."""
    if value is None or (isinstance(value, str) and value.strip()):
        return None
    return f"{name}: le chemin d'un dossier est attendu (ou None), pas {value!r}"


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


def report_settings(texts: Iterable[str]) -> None:
    """Problems of the settings (or of loading plugins), found once, reported by every build."""
    _settings.add(texts)


# What a check may write once it has found no error (`invoke check`: the audio manifest).
_after_clean_check: list[Callable[[], list[str]]] = []


def start_build() -> None:
    """Forget the previous build's content problems; the settings' stay."""
    global _current
    _current = ProblemList(list(_settings.problems))
    _after_clean_check.clear()


def after_clean_check(action: Callable[[], list[str]]) -> None:
    """Run `action` at the gate of a check (CHECK_ONLY) that found no error; it returns problems."""
    _after_clean_check.append(action)


def run_after_clean_check() -> None:
    for action in _after_clean_check:
        report(action())


def current() -> ProblemList:
    """The problems found so far in this build."""
    return _current


def report(texts: Iterable[str], level: Level = "error") -> None:
    """Add problems (French lines naming file and field) to this build's list."""
    _current.add(texts, level)


def raise_if_failed(fail_on_warnings: bool) -> None:
    """The one raise: every error (and warning) of the build, before anything is written."""
    if _current.errors or (fail_on_warnings and _current.warnings):
        raise BuildProblems(_current.errors, _current.warnings)
