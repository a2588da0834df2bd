"""The problems pipeline's gate: every check of the build, one list, one stop before writing."""

from pelican import signals
from pelican.plugins.podcast.interface import problems_found

from .hooks import check_settings, gate, remember_generators, start_build, summarize_build, take_podcast_problems


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(start_build)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(gate)
    signals.finalized.connect(summarize_build)
    # The podcast plugin's problems join ours: one list, one stop.
    problems_found.connect(take_podcast_problems)
