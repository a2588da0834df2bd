"""Podcast episodes from Markdown and audio files, with a feed for Apple, Spotify, Podcast Index apps."""

from pelican import signals

from .hooks import add_default_templates, add_generator, assemble_episodes, configure, stop_on_problems


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_default_templates)
    signals.all_generators_finalized.connect(assemble_episodes)
    signals.get_writer.connect(stop_on_problems)
