"""What the editor's loop does at each Pelican signal. `register()` in __init__ wires these.

Within a process, `watch()` in plugins/build.py tells which files changed with `note_changes()`
before each build. A watcher's builds write every output and note what each one shows (shown.py):
a text edit is then applied in the process, without a build (text_edit.py). Across processes
(`invoke build` run again), the last successful build's record in CACHE_PATH (last_build.py) lets
a build prove that nothing changed at all: it then rewrites no page. Any change there means a full
build.
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
from .scope import Scope, fingerprint
from .shown import start_noting
from .writer import selective_writer

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.writers import Writer

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
    if not _watched:
        start_noting()
    _watched = True
    _changed = tuple(os.path.abspath(str(path)) for path in paths)


def take_changes() -> tuple[str, ...]:
    """What the watcher saw change before the build about to run (absolute paths), once."""
    global _changed
    changed, _changed = _changed, ()
    return changed


def watched() -> bool:
    """Whether a watcher feeds this process's builds (`--autoreload`)."""
    return _watched


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
    """For the summary of a build that rewrote nothing."""
    if _last_scope is None:
        return None
    return ("Rien n'a changé depuis la dernière construction (contenu, thème, réglages, code) : "
            "aucune page réécrite, le site est repris tel quel (« invoke rebuild » réécrit tout).")


def forget_previous_build(pelican: Pelican) -> None:
    """get_generators: what the previous build left is forgotten until this one succeeds."""
    global _last_scope, _building, _inputs, _record
    _scopes.pop(pelican, None)
    _last_scope = _record = _inputs = None
    if not pelican.settings["CHECK_ONLY"]:
        _inputs = last_build.take_inputs(pelican.settings)
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
    global _record
    if pelican.settings["CHECK_ONLY"] or _inputs is None:
        return None
    contents = _contents()
    output = os.path.abspath(pelican.settings["OUTPUT_PATH"])
    fingerprints = {path: _fingerprint(content) for path, content in contents.items()}
    # What this build will leave for the next one in a new process, if it succeeds (output_files then).
    now = last_build.Record(output, _inputs.digest, last_build.settings_digest(pelican.settings),
                            last_build.fingerprints_digest(fingerprints), _inputs.taken_at, "")
    _record = None if _inputs.racy else now
    if _watched:
        return None  # every output written, each noting what it shows: the next text edit needs it
    return _unchanged_scope(pelican.settings, now, content_dates(contents.values(), _generators))


def _unchanged_scope(settings: dict[str, Any], now: last_build.Record, dates: list[datetime]) -> Scope | None:
    """A build in a new process: an empty scope when nothing changed since the last successful
    build (see last_build.py), else None."""
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
    """finalized: this build succeeded; a build in a new process may rely on what it read."""
    global _last_scope, _record
    _last_scope = _scopes.get(pelican)
    if pelican.settings["CHECK_ONLY"]:
        return
    if _record is not None:
        # The output folder is now whole and in step with the sources: what the next build compares.
        output_files = last_build.output_digest(_record.output) or ""
        last_build.save(pelican.settings, dataclasses.replace(_record, output_files=output_files))
    else:
        # A file changed too recently: the next build in a new process must write everything.
        last_build.forget(pelican.settings)
    _record = None


def _contents() -> dict[str, Any]:
    """Every content the generators read and may write: articles, pages (drafts, hidden ones), episodes."""
    found: dict[str, Any] = {}
    for content in read_contents(_generators, drafts=True):
        found.setdefault(os.path.abspath(content.source_path), content)
    return found


def content_dates(contents: Iterable[Any], generators: Iterable[Generator]) -> list[datetime]:
    """The dates of every content, and of those a generator holds back until their date (scheduled episodes)."""
    dates = [content.date for content in contents if isinstance(getattr(content, "date", None), datetime)]
    for generator in generators:
        if hasattr(generator, "scheduled_dates"):
            dates += generator.scheduled_dates()
    return dates


def _fingerprint(content: Any) -> str:
    return fingerprint(content.metadata, content.url, content.save_as, content.status)
