"""Turn Pelican's reading errors, and plugins that failed to load, into a failed build.

Pelican logs a bad article ("could not find information about 'title'", an unparseable date) and
goes on: the site is published without it and the command exits 0. It does the same with a plugin
that fails to import: the site would be published without its podcast. An editor would never notice.
We collect every error logged and, once all content has been read, stop with one message that lists
them all, before any file is written.
"""

from __future__ import annotations

import logging
import os
import posixpath

from pelican.contents import Article

PLUGIN_FAILURES = ("Cannot load plugin", "Cannot register plugin")
# Pelican's own messages that we can say better: which file, which field, what to do.
MISSING_FIELD = "Skipping %s: could not find information about '%s'"
UNREADABLE = "Could not process %s"
FIELD_NAMES = {"title": "Title", "date": "Date"}


class ContentReadingError(Exception):
    """Raised when Pelican logged errors while loading plugins or reading content."""

    exitcode = 1


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


# Attached when this module is imported: listed first in PLUGINS, it is imported before the other
# plugins and so hears when one of them fails to load. One collector for the process: Pelican holds
# signal receivers by weak reference, and `regenerate` runs many builds with one Pelican object.
_collector = _ErrorCollector()
if _collector not in logging.getLogger("pelican").handlers:
    logging.getLogger("pelican").addHandler(_collector)


def _fail(what: str, messages: list[str]) -> None:
    count = len(messages)
    listing = "\n".join(f"  - {m.strip()}" for m in messages)
    raise ContentReadingError(f"{count} erreur{'s' if count > 1 else ''} {what}, rien n'a été écrit :\n{listing}")


def check_plugins_loaded(pelican) -> None:
    """initialized: plugins are loaded now; stop if one of them could not be."""
    failures = [r.getMessage() for r in _collector.take() if r.getMessage().startswith(PLUGIN_FAILURES)]
    if failures:
        _fail("au chargement des plugins", failures)


def fail_on_reading_errors(generators) -> None:
    """all_generators_finalized: every file has been read; stop if any could not be."""
    records = _collector.take()
    if records:
        _fail("dans le contenu", [_explain(record, generators) for record in records])


def forget_errors(pelican) -> None:
    """finalized: errors logged while writing were shown already; the next build starts clean."""
    _collector.take()


def _explain(record: logging.LogRecord, generators) -> str:
    """Pelican's message about a content file, said as "content/x.md: Field: what is wrong"."""
    readers_of = next((g for g in generators if hasattr(g, "readers")), None)
    if record.msg == MISSING_FIELD and readers_of:
        path, field = record.args
        return f"{_shown(str(path), readers_of.path)}: {FIELD_NAMES.get(field, field)}: champ obligatoire manquant"
    if record.msg == UNREADABLE and readers_of:
        (path,) = record.args
        return f"{_shown(path, readers_of.path)}: {_reading_error(path, readers_of)}"
    return record.getMessage()


def _shown(path: str, content_path: str) -> str:
    relative = os.path.relpath(os.path.join(content_path, path), content_path)
    return posixpath.join("content", relative.replace(os.sep, "/"))


def _reading_error(path: str, generator) -> str:
    """Pelican logs "Could not process" without the cause: read the file again to find it."""
    try:
        generator.readers.read_file(base_path=generator.path, path=path, content_class=Article, context={})
    except Exception as error:  # the cause is what the editor needs, whatever its type
        message = str(error)
        if message.endswith(" is not a valid date"):
            value = message.removesuffix(" is not a valid date")
            return f"Date: {value} n'est pas une date valide (format attendu : 2023-05-07 10:00)"
        return f"fichier illisible ({message})"
    return "fichier illisible"
