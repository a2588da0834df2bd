"""The editor's loop: under `--autoreload`, a text edit rewrites only the pages that show that text."""

from pelican import signals

from .hooks import choose_writer, forget_previous_build, remember_build, remember_generators


def register() -> None:
    signals.get_generators.connect(forget_previous_build)
    signals.all_generators_finalized.connect(remember_generators)
    # After plugins.checks' gate (earlier in PLUGINS): a build with problems never gets this far.
    signals.get_writer.connect(choose_writer)
    signals.finalized.connect(remember_build)
