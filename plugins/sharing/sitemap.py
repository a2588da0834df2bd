"""The episodes in sitemap.xml, which the pelican-sitemap plugin writes.

pelican-sitemap lists what Pelican's writer announces with the `article` or `page` it wrote; our
episode pages come with `episode`, so it would list every episode page as an index page, hidden
ones and local previews (drafts, scheduled) too. So its SITEMAP["exclude"] gets the pattern of
EPISODE_URL (at `initialized`), and the published episodes are added here, from their records,
once it has written the file (at `finalized`, before plugins.safe_output's swap), with the
priority and change frequency SITEMAP gives articles.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lxml import etree
from pelican.plugins.podcast.files import write_atomically

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.plugins.podcast.records import Episode

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PLUGINS = ("sitemap", "pelican.plugins.sitemap")


def sitemap_enabled(settings: dict[str, Any]) -> bool:
    return any(str(getattr(p, "__name__", p)) in SITEMAP_PLUGINS for p in settings.get("PLUGINS") or ())


def sitemap_path(settings: dict[str, Any]) -> str | None:
    """Site-relative path of the sitemap pelican-sitemap writes, None when it is not enabled."""
    if not sitemap_enabled(settings):
        return None
    config = settings.get("SITEMAP")
    fmt = config.get("format", "xml") if isinstance(config, dict) else "xml"
    return f"sitemap.{fmt}"


def episode_pattern(episode_url: str) -> str:
    """The regular expression of EPISODE_URL's addresses ("podcast/{slug}/" -> ^podcast/[^/]+/$)."""
    parts = [re.escape(part) for part in episode_url.split("{slug}")]
    return "^" + "[^/]+".join(parts) + "$"


def exclude_episode_pages(settings: dict[str, Any]) -> None:
    """initialized: pelican-sitemap leaves the episode pages to us."""
    config = settings.get("SITEMAP")
    if not sitemap_enabled(settings) or not isinstance(config, dict):
        return
    pattern = episode_pattern(str(settings.get("EPISODE_URL") or "podcast/{slug}/"))
    excluded = list(config.get("exclude", ()))
    if pattern not in excluded:
        settings["SITEMAP"] = {**config, "exclude": [*excluded, pattern]}


def settle_dates(newest: datetime | None) -> None:
    """pelican-sitemap dates index pages and undated pages with the build's own time: two builds of
    the same content would differ. They get the newest date of the site's content instead."""
    if newest is None:
        return
    try:
        from pelican.plugins.sitemap.sitemap import generator
    except ImportError:
        return
    generator.now = newest


def add_episodes(output_path: str, settings: dict[str, Any], site_url: str, episodes: list[Episode]) -> None:
    """Add the published episodes to the sitemap pelican-sitemap wrote; addresses kept in order."""
    relative = sitemap_path(settings)
    if relative is None:
        return
    path = os.path.join(output_path, relative)
    if not os.path.isfile(path):
        return
    config = settings.get("SITEMAP") or {}
    priority = (config.get("priorities") or {}).get("articles", 0.5)
    changefreq = (config.get("changefreqs") or {}).get("articles", "monthly")
    entries = [(f"{site_url}/{e.path}", e.date.isoformat()) for e in episodes if e.status == "published"]
    if relative.endswith(".txt"):
        with open(path, encoding="utf-8") as file:
            lines = [line for line in file.read().splitlines() if line]
        text = "\n".join(sorted({*lines, *(loc for loc, _ in entries)})) + "\n"
        write_atomically(path, text.encode("utf-8"))
        return
    tree = etree.parse(path)
    root = tree.getroot()
    for loc, lastmod in entries:
        url = etree.SubElement(root, f"{{{NS}}}url")
        for name, value in (("loc", loc), ("lastmod", lastmod), ("changefreq", changefreq), ("priority", str(priority))):
            etree.SubElement(url, f"{{{NS}}}{name}").text = value
    urls = sorted(root.findall(f"{{{NS}}}url"), key=lambda u: u.findtext(f"{{{NS}}}loc") or "")
    for url in urls:
        root.remove(url)
    root.extend(urls)
    etree.indent(root, space="  ")
    write_atomically(path, etree.tostring(tree, xml_declaration=True, encoding="utf-8") + b"\n")


def restart_sitemap(pelican: Pelican) -> None:
    """Every build starts pelican-sitemap afresh (get_generators, after its own receiver).

    It remembers the first Pelican object it saw and forgets it only at `finalized`: after a build
    that stopped on problems (no `finalized`), it would never write sitemap.xml again in that
    process (`regenerate`, the tests), and would keep the stopped build's pages in its queue.
    """
    from pelican.plugins.sitemap.sitemap import generator as sitemap  # only when the plugin is used

    sitemap._main_pelican = pelican
    sitemap.page_queue = []
