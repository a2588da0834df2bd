"""What the podcast plugin does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from pelican.generators import ArticlesGenerator

from plugins import problems

from .generator import SETTINGS_KEY, EpisodesGenerator
from .settings import load_settings
from .template_filters import FILTERS
from .thumbnails import ThumbnailsGenerator

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

def add_generator(pelican: Pelican) -> tuple[type[Generator], ...]:
    """get_generators: our generators run after Pelican's articles and pages, before static files."""
    return EpisodesGenerator, ThumbnailsGenerator

def assemble_episodes(generators: list[Generator]) -> None:
    """all_generators_finalized: every static file has its URL now; build the records."""
    episodes = next((g for g in generators if isinstance(g, EpisodesGenerator)), None)
    if episodes is None:
        return
    episodes.assemble_records()
    thumbnails = next((g for g in generators if isinstance(g, ThumbnailsGenerator)), None)
    if thumbnails is not None:
        plan_thumbnails(episodes, thumbnails)
    if episodes.podcast.episodes_in_news:
        articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        episodes.add_to_news(articles)


def plan_thumbnails(episodes: EpisodesGenerator, thumbnails: ThumbnailsGenerator) -> None:
    """The pictures the pages show small: the show's artwork, and each written episode's own."""
    podcast = episodes.podcast
    if podcast.image:
        thumbnails.plan(podcast.image, os.path.join(podcast.content_path, podcast.image), "PODCAST_IMAGE")
    for source in episodes.written_sources:
        record = source.page.record
        picture = source.image.absolute if source.image else source.embedded_artwork.data if source.embedded_artwork else None
        if record is not None and record.image_path and picture is not None:
            thumbnails.plan(record.image_path, picture, f"{source.where}: Image")
