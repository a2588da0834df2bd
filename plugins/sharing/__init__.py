"""Sharing and finding the site: Open Graph and Twitter card tags, JSON-LD, robots.txt, the
episodes in sitemap.xml (written by the pelican-sitemap plugin)."""

from pelican import signals

from .hooks import add_episodes_to_sitemap, add_generator, configure, remember_episodes


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(remember_episodes)
    # After pelican-sitemap's own finalized receiver ("sitemap" comes first in PLUGINS), before
    # plugins.safe_output's swap: the staging folder is still the one being written.
    signals.finalized.connect(add_episodes_to_sitemap)
