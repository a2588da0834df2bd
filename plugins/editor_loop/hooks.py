"""What the editor's loop does at each Pelican signal. `register()` in __init__ wires these.

The state lives in this process only: `watch()` in plugins/build.py tells which files changed with
`note_changes()` before each build, and what the previous build read is kept here. A plain `invoke
build` (a new process, no watcher) neither looks for nor keeps anything: it always writes everything.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..checks.content_fields import read_contents
from .scope import PreviousBuild, Scope, fingerprint, partial_scope
from .writer import selective_writer

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.writers import Writer

_previous: PreviousBuild | None = None  # the last successful build's
_relied_on: PreviousBuild | None = None  # the build under way's reference: the one before it
_reading: PreviousBuild | None = None  # what the build under way read, kept once it succeeds
_changed: tuple[str, ...] = ()
_watched = False  # a watcher feeds this process's builds (note_changes was called)
_generators: list[Generator] = []
_building: weakref.ref[Pelican] | None = None  # the build under way (get_generators -> all_generators_finalized)
_last_scope: Scope | None = None  # the last successful build's, when it was partial
_scopes: weakref.WeakKeyDictionary[Pelican, Scope] = weakref.WeakKeyDictionary()


def note_changes(paths: Iterable[str]) -> None:
    """Before each build of a watcher (the first one too, with none): the files it saw change since the last build."""
    global _changed, _watched
    _watched = True
    _changed = tuple(os.path.abspath(str(path)) for path in paths)


def partial_scope_of(pelican: Pelican) -> Scope | None:
    """The scope of this build when it rewrites only some outputs, else None (it writes everything).

    Known once everything is read (all_generators_finalized): from get_writer on, whatever the order of PLUGINS.
    """
    return _scopes.get(pelican)


def last_build_note(content_path: str) -> str | None:
    """For the summary of a partial rebuild: what was rewritten, and what was not."""
    if _last_scope is None:
        return None
    pages = len(_last_scope.outputs)
    edited = ", ".join(os.path.join("content", os.path.relpath(path, content_path)) for path in _last_scope.changed)
    return (f"Texte modifié dans {edited} : {pages} page{'s' if pages > 1 else ''} réécrite{'s' if pages > 1 else ''} "
            "(celles qui le montrent), le reste du site repris tel quel ; la recherche sera mise à jour "
            "à la prochaine construction complète.")


def forget_previous_build(pelican: Pelican) -> None:
    """get_generators: until this build succeeds, no later build may rely on the previous one."""
    global _previous, _relied_on, _last_scope, _reading, _building
    _scopes.pop(pelican, None)
    _last_scope = _reading = None
    _relied_on, _previous = _previous, None
    _building = weakref.ref(pelican)


def choose_scope(generators: list[Generator]) -> None:
    """all_generators_finalized (everything read): whether this build rewrites only part of the site.

    Decided here rather than at get_writer, so that a plugin offering its own writer for full builds
    (plugins.search, earlier in PLUGINS) knows the answer when Pelican asks for writers. A build with
    problems never uses it: the gate stops it before any writer is made.
    """
    _generators[:] = generators
    pelican = _building() if _building is not None else None
    if pelican is not None:
        scope = _partial_scope(pelican)
        if scope is not None:
            _scopes[pelican] = scope


def choose_writer(pelican: Pelican) -> type[Writer] | None:
    """get_writer (everything read and checked): a writer for part of the site, or Pelican's own."""
    scope = _scopes.get(pelican)
    return None if scope is None else selective_writer(scope)


def _partial_scope(pelican: Pelican) -> Scope | None:
    global _changed, _reading
    changed, _changed = _changed, ()
    if pelican.settings["CHECK_ONLY"] or not _watched:
        return None
    contents = _contents()
    output = os.path.abspath(pelican.settings["OUTPUT_PATH"])
    _reading = PreviousBuild(output, {path: _fingerprint(content) for path, content in contents.items()})
    return partial_scope(
        _relied_on,
        changed,
        _reading.fingerprints,
        {path: (content.url, content.save_as) for path, content in contents.items()},
        pelican.settings["PATH"],
        output,
    )


def remember_build(pelican: Pelican) -> None:
    """finalized: this build succeeded; the next one may rely on what it read."""
    global _previous, _last_scope, _reading
    _last_scope = _scopes.get(pelican)
    _previous, _reading = _reading, None


def _contents() -> dict[str, Any]:
    """Every content the generators read and may write: articles, pages (drafts, hidden ones), episodes."""
    found: dict[str, Any] = {}
    for content in read_contents(_generators, drafts=True):
        found.setdefault(os.path.abspath(content.source_path), content)
    return found


def _fingerprint(content: Any) -> str:
    return fingerprint(content.metadata, content.url, content.save_as, content.status)
