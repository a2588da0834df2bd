"""What the podcast plugin does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import ArticlesGenerator

from . import problems
from .catalogue import use_language_of
from .generator import SETTINGS_KEY, EpisodesGenerator
from .settings import load_settings
from .template_filters import FILTERS
from .thumbnails import ThumbnailsGenerator

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator


def configure(pelican: Pelican) -> None:
    """initialized: speak the site's language, read and check the settings once; give the
    templates their filters."""
    use_language_of(pelican.settings)
    podcast, setting_problems = load_settings(pelican.settings)
    problems.report_settings(setting_problems)
    pelican.settings[SETTINGS_KEY] = podcast
    # The episodes are not articles: Pelican's article generator skips their folder.
    excluded = list(pelican.settings.get("ARTICLE_EXCLUDES") or [])
    if podcast.podcast_dir not in excluded:
        pelican.settings["ARTICLE_EXCLUDES"] = [*excluded, podcast.podcast_dir]
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.update(FILTERS)

# The plugin's own episode.html and podcast.html: the pages any theme can show.
TEMPLATES_FOLDER = os.path.join(os.path.dirname(__file__), "templates")


def add_default_templates(generator: Generator) -> None:
    """generator_init: the plugin's templates after the theme's (a theme's episode.html wins)."""
    generator.env.loader = ChoiceLoader([generator.env.loader, FileSystemLoader(TEMPLATES_FOLDER)])


def add_generator(pelican: Pelican) -> tuple[type[Generator], ...]:
    """get_generators (start of every build): the previous build's problems forgotten; our
    generators run after Pelican's articles and pages, before static files."""
    problems.start_build()
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


def stop_on_problems(pelican: Pelican) -> None:
    """get_writer (everything read, nothing written): the plugin's errors that no site pipeline took stop the build."""
    problems.stop_if_failed(check_only=pelican.settings[SETTINGS_KEY].check_only)
