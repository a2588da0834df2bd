"""What plugins.sharing does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pelican.generators import ArticlesGenerator
from pelican.plugins.podcast.generator import EpisodesGenerator

from .. import problems
from .generator import SharingGenerator
from .meta import FILTERS
from .settings import SETTINGS_KEY, load_settings
from .sitemap import add_episodes, exclude_episode_pages, restart_sitemap, settle_dates

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.plugins.podcast.records import Episode

# The published episodes of the build under way (all_generators_finalized -> finalized).
_episodes: list[Episode] = []


def configure(pelican: Pelican) -> None:
    """initialized: settings read and checked once; the templates' filter; the sitemap's exclusions."""
    site, setting_problems = load_settings(pelican.settings)
    problems.report_settings(setting_problems)
    pelican.settings[SETTINGS_KEY] = site
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(FILTERS)
    exclude_episode_pages(pelican.settings)


def add_generator(pelican: Pelican) -> type[SharingGenerator]:
    """get_generators: robots.txt is written with the rest (and checked with it)."""
    _episodes.clear()
    restart_sitemap(pelican)
    return SharingGenerator


def remember_episodes(generators: list[Generator]) -> None:
    """all_generators_finalized (after pelican.plugins.podcast has assembled the records): the published
    episodes, and the date of the newest content for the sitemap's undated pages."""
    episodes = next((g for g in generators if isinstance(g, EpisodesGenerator)), None)
    _episodes[:] = episodes.episodes if episodes is not None else []
    dates = [e.date for e in _episodes]
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            dates += [getattr(a, "modified", None) or a.date for a in generator.articles]
    settle_dates(max(dates) if dates else None)


def add_episodes_to_sitemap(pelican: Pelican) -> None:
    """finalized: after pelican-sitemap wrote the sitemap, before the staging folder is swapped in."""
    if pelican.settings["CHECK_ONLY"]:
        return
    add_episodes(pelican.output_path, pelican.settings, pelican.settings[SETTINGS_KEY].site_url, list(_episodes))
