"""The podcast settings: one table of defaults, read and checked once, turned into one typed object.

Every problem with the settings is reported together, each naming the setting, and the build stops:
a wrong setting never silently falls back to a default.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import SettingsError

# Podcast Index namespace for podcast:guid (uuid5 of the feed URL without scheme and trailing slash).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

# name -> default. None means "required" only where REQUIRED says so.
DEFAULTS: dict[str, object] = {
    "PODCAST_DIR": "podcasts",
    "PODCAST_TITLE": None,  # defaults to SITENAME
    "PODCAST_DESCRIPTION": None,
    "PODCAST_AUTHOR": None,
    "PODCAST_OWNER_NAME": None,
    "PODCAST_OWNER_EMAIL": None,
    "PODCAST_IMAGE": None,  # path inside content/, JPEG or PNG, square, 1400-3000 px
    "PODCAST_CATEGORIES": (),  # [(category, subcategory or None), ...] from Apple's list
    "PODCAST_EXPLICIT": False,
    "PODCAST_TYPE": "episodic",
    "PODCAST_COPYRIGHT": None,
    "PODCAST_LANGUAGE": None,  # defaults to DEFAULT_LANG
    "PODCAST_GUID": None,  # pin it; derived from the feed URL when absent
    "PODCAST_LOCKED": True,
    "PODCAST_FUNDING_URL": None,  # site-relative or absolute
    "PODCAST_FUNDING_TEXT": None,
    "PODCAST_MEDIA_URL": None,  # base URL of a media host/CDN for enclosures
    "PODCAST_FEED_PATH": "podcast/feed.xml",
    "PODCAST_INDEX_SAVE_AS": "podcast/index.html",
    "PODCAST_INDEX_URL": "podcast/",
    "EPISODE_URL": "podcast/{slug}/",
    "EPISODE_SAVE_AS": "podcast/{slug}/index.html",
    "EPISODE_CHAPTERS_SAVE_AS": "podcast/{slug}/chapitres.json",
    "EPISODE_ARTWORK_SAVE_AS": "podcast/{slug}/pochette{ext}",
    "PODCAST_EPISODES_IN_NEWS": False,
}

REQUIRED = ("PODCAST_DESCRIPTION", "PODCAST_AUTHOR", "PODCAST_OWNER_NAME", "PODCAST_OWNER_EMAIL", "PODCAST_IMAGE")
PODCAST_TYPES = ("episodic", "serial")


@dataclass(frozen=True)
class PodcastSettings:
    """The show-level settings, checked. `site_url` is SITEURL without a trailing slash."""

    site_url: str
    content_path: str  # absolute PATH
    output_path: str  # absolute OUTPUT_PATH
    cache_path: str  # absolute CACHE_PATH
    podcast_dir: str
    title: str
    description: str
    author: str
    owner_name: str
    owner_email: str
    image: str  # content-relative path of the show artwork
    categories: tuple[tuple[str, str | None], ...]
    explicit: bool
    podcast_type: str
    copyright: str | None
    language: str
    guid: str
    guid_pinned: bool
    locked: bool
    funding_url: str | None  # absolute
    funding_text: str | None
    media_url: str  # base URL for enclosures, no trailing slash
    feed_path: str
    index_save_as: str
    index_url: str
    episode_url: str
    episode_save_as: str
    chapters_save_as: str
    artwork_save_as: str
    episodes_in_news: bool
    timezone: str

    @property
    def feed_url(self) -> str:
        return absolute_url(self.site_url, self.feed_path)

    @property
    def image_url(self) -> str:
        return absolute_url(self.site_url, self.image)


def absolute_url(base: str, path: str) -> str:
    """Join a site-relative path to a base URL (which may be empty in development)."""
    if urlsplit(path).scheme:
        return path
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def podcast_guid_for(feed_url: str) -> str:
    """The Podcast Index rule: uuidv5 of the feed URL without its scheme and trailing slashes."""
    parts = urlsplit(feed_url)
    bare = (parts.netloc + parts.path).rstrip("/") if parts.scheme else feed_url.strip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))
