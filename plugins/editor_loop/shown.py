"""What each output of a watcher's build showed of each content's text, and the writer's call that
rendered it: which outputs a text edit changes, and how to render them again.

A text edit changes a content's body and, with it, what Pelican makes of the body: `get_content`
(what `.content` reads) and `get_summary` (the `Summary:` field, or the start of the body). Under a
watcher (`--autoreload`), every read of either while an output is rendered (by a template, by
Pelican's feed writer) is noted for that output, with the writer's call that rendered it (template,
context, pagination, relative links). An edit then renders again exactly the outputs that read the
edited content's text, by the same calls. Everything else a page shows of a content (title, date,
address, category…) comes from its front matter, whose change rebuilds everything (scope.fingerprint).

Pelican's methods are wrapped in this process only once a watcher starts (`start_noting`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.writers import Writer

# The memoized methods of Pelican's Content whose result a text edit may change, and when it does:
# the body always; the summary when it is the start of the body, not a `Summary:` field.
TEXT_METHODS: dict[str, Callable[[Any], bool]] = {
    "get_content": lambda content: True,
    "get_summary": lambda content: "summary" not in content.metadata,
}


@dataclass(frozen=True)
class WriterCall:
    """One call of Pelican's writer: what renders an output (several, for a paginated list)."""

    method: str  # "write_file" or "write_feed"
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    root: str  # the writer's output folder then (a staging folder: outputs are named relative to it)


@dataclass
class Shown:
    """Output (relative to the output folder) -> what it read, and the call that wrote it."""

    sources: dict[str, frozenset[str]] = field(default_factory=dict)  # absolute source paths whose text it read
    calls: dict[str, WriterCall] = field(default_factory=dict)

    def showing(self, source_paths: Iterable[str]) -> set[str]:
        wanted = set(source_paths)
        return {output for output, sources in self.sources.items() if sources & wanted}


shown = Shown()
_noting = False
_only: frozenset[str] | None = None  # while rendering again: the outputs whose record is replaced
_read: set[str] = set()  # sources whose text was read since the last output was written
_call: WriterCall | None = None  # the writer's call under way


def start_noting() -> None:
    """Once per process, when a watcher starts: Pelican's Content and Writer note what they do."""
    if isinstance(Content.__dict__["get_content"], _Noted):
        return
    for name, depends in TEXT_METHODS.items():
        setattr(Content, name, _Noted(Content.__dict__[name], depends))
    for name in ("write_file", "write_feed"):
        setattr(Writer, name, _noting_calls(name, getattr(Writer, name)))
    signals.content_written.connect(_written)
    signals.feed_written.connect(_written)


def note_outputs(only: frozenset[str] | None = None) -> None:
    """From now on, what each output written reads is noted (`only`: those outputs alone; None:
    every output, all earlier notes forgotten)."""
    global _noting, _only
    if only is None:
        shown.sources.clear()
        shown.calls.clear()
    _noting, _only = True, only
    _read.clear()


def stop_noting() -> None:
    global _noting, _only
    _noting, _only = False, None
    _read.clear()


def forget_text(content: Content) -> None:
    """Pelican's memoized body and summary of `content` forgotten: its text has changed."""
    for name in TEXT_METHODS:
        method = Content.__dict__[name]
        cache = method.memoized.cache if isinstance(method, _Noted) else method.cache
        for key in [key for key in cache if key and key[0] is content]:
            del cache[key]


class _Noted:
    """A memoized method of Content (see TEXT_METHODS) whose every read notes the content, when
    what it gives depends on the text."""

    def __init__(self, memoized: Any, depends: Callable[[Any], bool]) -> None:
        self.memoized, self.depends = memoized, depends

    def __get__(self, content: Any, owner: type | None = None) -> Any:
        if _noting and content is not None and self.depends(content):
            _read.add(content.source_path)
        return self.memoized.__get__(content, owner)


def _noting_calls(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def noting(writer: Writer, *args: Any, **kwargs: Any) -> Any:
        global _call
        if not _noting:
            return method(writer, *args, **kwargs)
        outer, _call = _call, WriterCall(name, args, kwargs, writer.output_path)
        try:
            return method(writer, *args, **kwargs)
        finally:
            _call = outer

    return noting


def _written(path: str, **kwargs: Any) -> None:
    """content_written, feed_written: the output just written read what was noted since the last one."""
    if not _noting or _call is None:
        return
    output = os.path.normpath(os.path.relpath(path, _call.root))
    if _only is None or output in _only:
        shown.sources[output] = frozenset(_read)
        shown.calls[output] = _call
    _read.clear()
