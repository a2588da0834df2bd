"""Turn Pelican's reading errors, and plugins that failed to load, into a failed build.

Pelican logs a bad article ("could not find information about 'title'", an unparseable date) and
goes on: the site is published without it and the command exits 0. It does the same with a plugin
that fails to import: the site would be published without its podcast. An editor would never notice.
We collect every error logged and, once all content has been read, stop with one message that lists
them all, before any file is written.
"""

from __future__ import annotations

import logging

PLUGIN_FAILURES = ("Cannot load plugin", "Cannot register plugin")


class ContentReadingError(Exception):
    """Raised when Pelican logged errors while loading plugins or reading content."""

    exitcode = 1


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def take(self) -> list[str]:
        messages, self.messages = self.messages, []
        return messages


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
    failures = [m for m in _collector.take() if m.startswith(PLUGIN_FAILURES)]
    if failures:
        _fail("au chargement des plugins", failures)


def fail_on_reading_errors(generators) -> None:
    """all_generators_finalized: every file has been read; stop if any could not be."""
    messages = _collector.take()
    if messages:
        _fail("dans le contenu", messages)


def forget_errors(pelican) -> None:
    """finalized: errors logged while writing were shown already; the next build starts clean."""
    _collector.take()
