"""What the podcast plugin does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pelican.generators import ArticlesGenerator

from .. import problems
from .generator import SETTINGS_KEY, EpisodesGenerator
from .settings import load_settings
from .template_filters import FILTERS

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator


def configure(pelican: Pelican) -> None:
    """initialized: read and check the settings once; give the templates their filters."""
    podcast, setting_problems = load_settings(pelican.settings)
    problems.report_settings(setting_problems)
    pelican.settings[SETTINGS_KEY] = podcast
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.update(FILTERS)

def add_generator(pelican: Pelican) -> type[EpisodesGenerator]:
    """get_generators: our generator runs after Pelican's articles and pages, before static files."""
    return EpisodesGenerator

def assemble_episodes(generators: list[Generator]) -> None:
    """all_generators_finalized: every static file has its URL now; build the records."""
    episodes = next((g for g in generators if isinstance(g, EpisodesGenerator)), None)
    if episodes is None:
        return
    episodes.assemble_records()
    if episodes.podcast.episodes_in_news:
        articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        episodes.add_to_news(articles)
