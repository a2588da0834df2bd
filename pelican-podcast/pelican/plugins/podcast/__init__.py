"""Podcast episodes from Markdown and audio files, with a feed for Apple, Spotify, Podcast Index apps."""

from pelican import signals

from .hooks import add_generator, assemble_episodes, configure


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(assemble_episodes)
