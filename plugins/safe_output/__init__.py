"""Output that is never damaged: every build writes into a staging folder, swapped in on success."""

from pelican import signals

from .staging import begin_staged_build, publish_staged_build


def register() -> None:
    signals.get_generators.connect(begin_staged_build)
    signals.finalized.connect(publish_staged_build)
