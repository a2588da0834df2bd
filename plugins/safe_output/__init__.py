"""Output that is never damaged: every build writes into a staging folder, swapped in on success."""

from pelican import signals

from .staging import begin_staged_build, publish_staged_build
from .static_copies import place_static_copies, remember_generators


def register() -> None:
    signals.get_generators.connect(begin_staged_build)
    signals.all_generators_finalized.connect(remember_generators)
    # After plugins.checks' gate (earlier in PLUGINS): a build with problems copies nothing.
    signals.get_writer.connect(place_static_copies)
    signals.finalized.connect(publish_staged_build)
