"""The editor's loop: under `--autoreload`, a text edit rewrites only the pages that show that text."""

from pelican import signals

from .hooks import choose_scope, choose_writer, forget_previous_build, remember_build


def register() -> None:
    signals.get_generators.connect(forget_previous_build)
    signals.all_generators_finalized.connect(choose_scope)
    # After plugins.checks' gate (earlier in PLUGINS): a build with problems never gets a writer.
    signals.get_writer.connect(choose_writer)
    signals.finalized.connect(remember_build)
