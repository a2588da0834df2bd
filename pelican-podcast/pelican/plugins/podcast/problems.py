"""Where the plugin's problems go, and the stop they make when nobody else takes them.

Every check of the plugin *returns* its problems as records (problem_record.Problem: a code of
the plugin's catalogue, its words, file, line and field) and hands them to `report()`. A site that gathers every problem
of a build in one list takes them through `interface.problems_found` (this site's plugins.checks
does); otherwise the plugin keeps them, and at Pelican's get_writer signal (everything read,
nothing written) `stop_if_failed()` stops the build with every error it found, warnings logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from .catalogue import phrase
from .interface import problems_found
from .problem_record import Level, Problem

logger = logging.getLogger(__name__)



class PodcastProblems(Exception):
    """The build stopped before writing anything: the plugin's errors, one line each."""

    def __init__(self, errors: list[Problem]):
        self.errors = list(errors)
        super().__init__(phrase("podcast_failed") + "\n" + "\n".join(f"  - {e}" for e in self.errors))


# Kept only when no receiver of problems_found takes them. The settings' problems are found once
# per Pelican object (at initialized) and start every build's list, as a site's pipeline does.
_settings: list[Problem] = []
_errors: list[Problem] = []
_warnings: list[Problem] = []
_after_clean_check: list[Callable[[], list[Problem]]] = []


def report_settings(found: Iterable[Problem]) -> None:
    """Problems of the settings, found once (at initialized), holding for every build."""
    found = list(found)
    _settings[:] = [] if _taken(found, None, lasting=True) else found


def start_build() -> None:
    """get_generators: the previous build's problems forgotten, the settings' kept."""
    _errors[:] = _settings
    _warnings.clear()
    _after_clean_check.clear()


def report(found: Iterable[Problem], level: Level | None = None) -> None:
    """Add problems (records naming file and field) to this build's; `level`
    overrides each record's own."""
    found = list(found)
    if not found or _taken(found, level, lasting=False):
        return
    for item in found:
        wanted = level or item.level
        kept = _errors if wanted == "error" else _warnings
        if str(item) not in map(str, kept):
            kept.append(item)


def after_clean_check(action: Callable[[], list[Problem]]) -> None:
    """Run `action` once a check-only build (PODCAST_CHECK_ONLY) found no error; it returns problems."""
    if not any(answer is True for _, answer in problems_found.send(__name__, after_clean_check=action)):
        _after_clean_check.append(action)


def stop_if_failed(check_only: bool) -> None:
    """The plugin's own stop, for the problems no receiver took: every error at once."""
    for warning in _warnings:
        logger.warning("%s", warning)
    if check_only and not _errors:
        for action in _after_clean_check:
            report(action())
    if _errors:
        raise PodcastProblems(_errors)


def _taken(found: list[Problem], level: Level | None, lasting: bool) -> bool:
    return any(answer is True for _, answer in problems_found.send(__name__, problems=found, level=level, lasting=lasting))
