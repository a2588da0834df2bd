"""The editor's loop: under `--autoreload`, a text edit rewrites only the pages that show that text."""

from pelican import signals
from pelican.plugins.podcast.interface import output_is_current

from .content_cache import drop_if_stale
from .hooks import choose_scope, choose_writer, forget_previous_build, podcast_output_is_current, remember_build
from .text_edit import forget_build, keep_build, remember_generators, start_noting_outputs


def register() -> None:
    # Last in PLUGINS: the settings as every other plugin left them, before any content is read.
    signals.initialized.connect(drop_if_stale)
    signals.get_generators.connect(forget_previous_build)
    signals.get_generators.connect(forget_build)
    signals.all_generators_finalized.connect(choose_scope)
    signals.all_generators_finalized.connect(remember_generators)
    # After plugins.checks' gate (earlier in PLUGINS): a build with problems never gets a writer.
    signals.get_writer.connect(choose_writer)
    signals.get_writer.connect(start_noting_outputs)
    signals.finalized.connect(remember_build)
    signals.finalized.connect(keep_build)
    # The podcast plugin asks before it writes outside Pelican's writer (its feed, thumbnails…).
    output_is_current.connect(podcast_output_is_current)
