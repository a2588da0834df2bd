"""What the editor's loop does at each Pelican signal. `register()` in __init__ wires these.

Within a process, `watch()` in plugins/build.py tells which files changed with `note_changes()`
before each build, and what the previous build read is kept here. Across processes (`invoke build`
run again), the last successful build's record in CACHE_PATH (last_build.py) lets a build prove
that nothing changed at all: it then rewrites no page. Any change there means a full build.
"""

from __future__ import annotations

import dataclasses
import os
import weakref
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pelican.generators import StaticGenerator

from ..checks.content_fields import read_contents
from . import last_build
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
_inputs: last_build.Inputs | None = None  # the files the build under way reads, as it found them
_record: last_build.Record | None = None  # what the build under way will leave, kept if it succeeds


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


def nothing_changed() -> bool:
    """During the output of the build under way: whether it proved that nothing changed since the
    last build (last_build.py). Every file already in the output is then the one it would write:
    what writes outside Pelican's writer (the podcast feed, thumbnails, static files) may skip it."""
    pelican = _building() if _building is not None else None
    scope = _scopes.get(pelican) if pelican is not None else None
    return scope is not None and not scope.changed


def podcast_output_is_current(generator: Any) -> bool:
    """The podcast plugin's `output_is_current` (pelican.plugins.podcast.interface): its feed,
    chapters, pictures and thumbnails in the output are those it would write when nothing changed."""
    return nothing_changed()


def last_build_note(content_path: str) -> str | None:
    """For the summary of a partial rebuild: what was rewritten, and what was not."""
    if _last_scope is None:
        return None
    if not _last_scope.changed:
        return ("Rien n'a changé depuis la dernière construction (contenu, thème, réglages, code) : "
                "aucune page réécrite, le site est repris tel quel (« invoke rebuild » réécrit tout).")
    pages = len(_last_scope.outputs)
    edited = ", ".join(os.path.join("content", os.path.relpath(path, content_path)) for path in _last_scope.changed)
    return (f"Texte modifié dans {edited} : {pages} page{'s' if pages > 1 else ''} réécrite{'s' if pages > 1 else ''} "
            "(celles qui le montrent), le reste du site repris tel quel ; la recherche sera mise à jour "
            "à la prochaine construction complète.")


def forget_previous_build(pelican: Pelican) -> None:
    """get_generators: until this build succeeds, no later build may rely on the previous one."""
    global _previous, _relied_on, _last_scope, _reading, _building, _inputs, _record
    _scopes.pop(pelican, None)
    _last_scope = _reading = _record = _inputs = None
    if not pelican.settings["CHECK_ONLY"]:
        _inputs = last_build.take_inputs(pelican.settings)
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
    if scope is None:
        return None
    if not scope.changed:
        for generator in _generators:
            if isinstance(generator, StaticGenerator):
                # Pelican copies static files outside the writer; the output holds every one, unchanged.
                generator.generate_output = _copy_nothing
    return selective_writer(scope)


def _copy_nothing(writer: Writer) -> None:
    """A StaticGenerator's output when nothing changed."""


def _partial_scope(pelican: Pelican) -> Scope | None:
    global _changed, _reading, _record
    changed, _changed = _changed, ()
    if pelican.settings["CHECK_ONLY"] or _inputs is None:
        return None
    contents = _contents()
    output = os.path.abspath(pelican.settings["OUTPUT_PATH"])
    _reading = PreviousBuild(output, {path: _fingerprint(content) for path, content in contents.items()}, _inputs.taken_at)
    # What this build will leave for the next one in a new process, if it succeeds (output_files then).
    now = last_build.Record(output, _inputs.digest, last_build.settings_digest(pelican.settings),
                            last_build.fingerprints_digest(_reading.fingerprints), _inputs.taken_at, "")
    _record = None if _inputs.racy else now
    if not (_watched and _relied_on is not None):
        return _unchanged_scope(pelican.settings, now, _content_dates(contents))
    if last_build.due_since(_content_dates(contents), _relied_on.built_at, _inputs.taken_at):
        return None  # a scheduled content fell due: lists and menus change, not only some pages
    return partial_scope(
        _relied_on,
        changed,
        _reading.fingerprints,
        {path: (content.url, content.save_as) for path, content in contents.items()},
        pelican.settings["PATH"],
        output,
    )


def _unchanged_scope(settings: dict[str, Any], now: last_build.Record, dates: list[datetime]) -> Scope | None:
    """A build in a new process, or a watcher's first: an empty scope when nothing changed since
    the last successful build (see last_build.py), else None."""
    if settings["FULL_REBUILD"]:
        return None
    previous = last_build.load(settings)
    if (
        previous is None
        or (previous.output, previous.inputs, previous.settings, previous.fingerprints)
        != (now.output, now.inputs, now.settings, now.fingerprints)
        or last_build.due_since(dates, previous.built_at, now.built_at)
        or last_build.output_digest(now.output) != previous.output_files
    ):
        return None
    return Scope(changed=(), outputs=frozenset())


def remember_build(pelican: Pelican) -> None:
    """finalized: this build succeeded; the next one may rely on what it read."""
    global _previous, _last_scope, _reading, _record
    _last_scope = _scopes.get(pelican)
    _previous, _reading = _reading, None
    if pelican.settings["CHECK_ONLY"]:
        return
    if _record is not None and (_last_scope is None or not _last_scope.changed):
        # The output folder is now whole and in step with the sources: what the next build compares.
        output_files = last_build.output_digest(_record.output) or ""
        last_build.save(pelican.settings, dataclasses.replace(_record, output_files=output_files))
    else:
        # A text edit's rebuild leaves the search index behind, or a file changed too recently:
        # the next build in a new process must write everything.
        last_build.forget(pelican.settings)
    _record = None


def _contents() -> dict[str, Any]:
    """Every content the generators read and may write: articles, pages (drafts, hidden ones), episodes."""
    found: dict[str, Any] = {}
    for content in read_contents(_generators, drafts=True):
        found.setdefault(os.path.abspath(content.source_path), content)
    return found


def _content_dates(contents: dict[str, Any]) -> list[datetime]:
    """The dates of every content, and of those a generator holds back until their date (scheduled episodes)."""
    dates = [content.date for content in contents.values() if isinstance(getattr(content, "date", None), datetime)]
    for generator in _generators:
        if hasattr(generator, "scheduled_dates"):
            dates += generator.scheduled_dates()
    return dates


def _fingerprint(content: Any) -> str:
    return fingerprint(content.metadata, content.url, content.save_as, content.status)
