"""A text edit applied inside the watcher's process, without a Pelican run: the live preview.

The watcher's last successful build is kept whole (its generators, the contents they read, the
compiled templates, and what each output showed: shown.py). When the editor saved nothing but the
text of Markdown files that build read, each file is read again alone and checked alone (the
checks of the gate that concern one file: front matter, slug, links, unfinished hints, images
without alternative text); its body replaces the previous one in the content Pelican already
holds, and only the outputs that read that content's text are rendered again, by the writer's
calls that rendered them. An episode's records are assembled again and its feed rewritten.

Anything else gives None, and the watcher runs a whole build as always: a file added, deleted or
outside the contents, a front matter that changed (title, summary, date, status…), a new static
link, an episode whose record changes beyond its notes, a scheduled content now due, and every
problem of the edited file, so that the editor reads the one French list a whole build gives.
"""

from __future__ import annotations

import dataclasses
import io
import os
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.plugins.podcast.files import write_atomically
from pelican.writers import Writer

from .. import clock, problems
from ..checks import summary
from ..checks.bare_links import bare_link_problems
from ..checks.content_fields import (
    empty_alt_problems,
    file_problems,
    read_contents,
    rules_for,
    slug_problems,
    unfinished_problems,
)
from ..checks.links import link_problems
from ..checks.pelican_log import listener
from ..checks.pelican_log import shown as shown_path
from ..safe_output.staging import output_locked
from . import last_build
from .hooks import content_dates, partial_scope_of, watched
from .scope import Scope, fingerprint
from .shown import WriterCall, forget_text, note_outputs, shown, stop_noting

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator


@dataclass
class KeptBuild:
    """The watcher's last successful build, every output written (see hooks: a watcher's builds write all)."""

    pelican: Pelican
    generators: list[Generator]
    owners: dict[str, Generator]  # absolute source path -> the generator that read it
    contents: dict[str, Any]  # absolute source path -> its content (Article, Page, EpisodePage)
    built_at: float  # when it started reading (plugins.clock, seconds since the epoch)


_kept: KeptBuild | None = None
_last: Scope | None = None  # the last text edit applied, for the reload message
_started_at = 0.0  # when the build under way started (plugins.clock)


def keep_build(pelican: Pelican) -> None:
    """finalized: a watcher's build that wrote every output is the one the next text edit starts from."""
    global _kept
    stop_noting()
    _kept = None
    if not watched() or pelican.settings["CHECK_ONLY"] or partial_scope_of(pelican) is not None:
        return
    generators = list(_generators)
    owners: dict[str, Generator] = {}
    contents: dict[str, Any] = {}
    for generator in generators:
        for content in read_contents([generator], drafts=True):
            path = os.path.abspath(content.source_path)
            owners.setdefault(path, generator)
            contents.setdefault(path, content)
    _kept = KeptBuild(pelican, generators, owners, contents, _started_at)


def forget_build(pelican: Pelican) -> None:
    """get_generators: a new build replaces the generators and contents the kept one holds."""
    global _kept, _last, _started_at
    _kept, _last, _started_at = None, None, clock.timestamp()
    stop_noting()


_generators: list[Generator] = []


def remember_generators(generators: list[Generator]) -> None:
    _generators[:] = generators


def start_noting_outputs(pelican: Pelican) -> None:
    """get_writer (after the gate): a watcher's build notes what every output shows."""
    if watched() and not pelican.settings["CHECK_ONLY"] and partial_scope_of(pelican) is None:
        note_outputs()


def last_rewritten() -> frozenset[str] | None:
    """The outputs the last build rewrote when it was a text edit applied in place, else None."""
    return _last.outputs if _last is not None else None


def apply_text_edits(changed: tuple[str, ...]) -> Scope | None:
    """The outputs rewritten for `changed` (absolute paths the watcher saw), or None: a build is needed."""
    global _kept, _last
    kept = _kept
    _last = None
    if kept is None or not changed:
        return None
    # An editor's temporary file, created and gone before the watcher looked, changes nothing.
    edited = tuple(sorted({path for path in changed if path in kept.contents or os.path.exists(path)}))
    if not edited or not all(path in kept.contents and path.endswith(".md") for path in edited):
        return None
    settings = kept.pelican.settings
    now = clock.timestamp()
    if last_build.due_since(content_dates(list(kept.contents.values()), kept.generators), kept.built_at, now):
        return None  # a scheduled content fell due: lists and menus change
    summary.start_clock()
    readings = {}
    for path in edited:
        reading = _read_again(kept, path)
        if reading is None:
            return None
        readings[path] = reading
    # From here the kept contents change: if anything goes wrong now, the next build starts afresh.
    _kept = None
    for path, reading in readings.items():
        old = kept.contents[path]
        old._content = reading._content
        forget_text(old)
    if not _episodes_assembled_again(kept, edited):
        return None
    outputs = shown.showing(edited)
    files = _podcast_files(kept, edited)
    try:
        with output_locked(settings) as output:
            _render_again(kept, outputs, output)
            for relative, data in files:
                write_atomically(os.path.join(output, relative), data, durable=False)
    except problems.BuildStopped:
        return None  # another build holds the output: the watcher's build will wait for it
    last_build.forget(settings)  # the search index waits for a full build; a new process writes everything
    summary.finish_clock()
    _kept = kept
    _last = Scope(edited, frozenset(outputs | {os.path.normpath(relative) for relative, _ in files}))
    return _last


def _read_again(kept: KeptBuild, path: str) -> Any | None:
    """The file read again as its generator read it, when only its text changed and it has no problem."""
    old = kept.contents[path]
    generator = kept.owners[path]
    signals_of = {
        ArticlesGenerator: (signals.article_generator_preread, signals.article_generator_context),
        PagesGenerator: (signals.page_generator_preread, signals.page_generator_context),
    }
    preread, context = next((pair for kind, pair in signals_of.items() if isinstance(generator, kind)), (None, None))
    listener.take()
    try:
        new = generator.readers.read_file(
            base_path=generator.path, path=os.path.relpath(path, generator.path), content_class=type(old),
            context=generator.context, preread_signal=preread, preread_sender=generator,
            context_signal=context, context_sender=generator,
        )
    except Exception:  # the whole build says what is wrong, in French
        return None
    if listener.take():
        return None  # Pelican said something while reading: the whole build tells it
    if (fingerprint(new.metadata, new.url, new.save_as, new.status) != fingerprint(old.metadata, old.url, old.save_as, old.status)
            or new.get_static_links() != old.get_static_links()):
        return None
    return new if not _problems_of(kept, new) else None


def _problems_of(kept: KeptBuild, content: Any) -> list[problems.Problem]:
    """What the gate would say of this one file (plugins.checks.hooks.gate, one content)."""
    settings = kept.pelican.settings
    where = partial(shown_path, content_path=settings["PATH"])
    relative = content.get_relative_source_path()
    found: list[problems.Problem] = []
    if isinstance(content, (Article, Page)):
        found += file_problems(content.source_path, where(relative), rules_for(relative, list(settings["PAGE_PATHS"])))
        found += slug_problems(content, where(relative))
    statics = [s for g in kept.generators if isinstance(g, StaticGenerator) for s in g.staticfiles]
    found += link_problems([content], where, [], statics)
    found += bare_link_problems([content], where)
    found += unfinished_problems(content.source_path, where(content.source_path))
    found += empty_alt_problems(content.get_content(content.get_siteurl()), content.source_path,
                                where(content.source_path))
    return found


def _episodes_assembled_again(kept: KeptBuild, edited: tuple[str, ...]) -> bool:
    """The episodes' records again, from the new notes; False if anything but the notes changed."""
    for generator in {id(kept.owners[path]): kept.owners[path] for path in edited}.values():
        if not hasattr(generator, "assemble_records"):
            continue
        sources = [source for source in generator.written_sources if os.path.abspath(source.page.source_path) in edited]
        before = [source.page.record for source in sources]
        said = len(problems.current().problems)
        generator.assemble_records(changed=frozenset(edited))
        if len(problems.current().problems) != said:
            return False
        for source, old in zip(sources, before, strict=True):
            new = source.page.record
            if old is None or new is None or any(getattr(old, field.name) != getattr(new, field.name)
                                                 for field in dataclasses.fields(old) if field.name != "content_html"):
                return False  # a summary taken from the notes, say: the lists show it
    return True


def _podcast_files(kept: KeptBuild, edited: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """The feeds written outside Pelican's writer that carry an edited episode's notes."""
    return [generator.feed_file() for generator in {id(kept.owners[p]): kept.owners[p] for p in edited}.values()
            if hasattr(generator, "feed_file")]


def _render_again(kept: KeptBuild, outputs: set[str], output: str) -> None:
    """Each output in `outputs` rendered again by the writer's call that rendered it, into `output`."""
    calls: dict[int, WriterCall] = {id(shown.calls[o]): shown.calls[o] for o in outputs}
    writer = _Rewriter(output, kept.pelican.settings, frozenset(outputs))
    note_outputs(only=frozenset(outputs))
    try:
        for call in calls.values():
            args, kwargs = call.args, dict(call.kwargs)
            if call.method == "write_file" and "template" in kwargs:
                kwargs["template"] = _OnlyFor(kwargs["template"], writer.outputs)
            elif call.method == "write_file":
                args = (args[0], _OnlyFor(args[1], writer.outputs), *args[2:])
            getattr(writer, call.method)(*args, **kwargs)
    finally:
        stop_noting()


class _OnlyFor:
    """A template that renders only the pages of a rewrite (the others of a paginated list stand)."""

    def __init__(self, template: Any, outputs: frozenset[str]) -> None:
        self.template, self.outputs = template, outputs

    def render(self, context: dict[str, Any]) -> str:
        return self.template.render(context) if os.path.normpath(context["output_file"]) in self.outputs else ""


class _Rewriter(Writer):
    """Pelican's writer, each output of `outputs` replaced in one rename, every other call's file left."""

    def __init__(self, output_path: str, settings: dict[str, Any], outputs: frozenset[str]) -> None:
        super().__init__(output_path, settings=settings)
        self.outputs = outputs

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        if os.path.normpath(os.path.relpath(filename, self.output_path)) not in self.outputs:
            return open(os.devnull, "w", encoding=encoding)
        return _ReplacedOnClose(filename, encoding)


class _ReplacedOnClose(io.StringIO):
    """What Pelican writes an output with: kept in memory, put in place in one rename once whole."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self.path, self.target_encoding = path, encoding

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            write_atomically(self.path, self.getvalue().encode(self.target_encoding), durable=False)
        super().__exit__(kind, error, trace)


def text_edit_note(edit: Scope) -> str:
    """What a text edit applied in place rewrote, and what it did not."""
    content_path = _kept.pelican.settings["PATH"] if _kept is not None else ""
    pages = len(edit.outputs)
    edited = ", ".join(os.path.join("content", os.path.relpath(path, content_path)) for path in edit.changed)
    return (f"Texte modifié dans {edited} : {pages} page{'s' if pages > 1 else ''} réécrite{'s' if pages > 1 else ''} "
            "(celles qui le montrent), le reste du site repris tel quel ; la recherche sera mise à jour "
            "à la prochaine construction complète.")
