"""The podcast settings: one table of defaults, read and checked once, turned into one typed object.

Every problem with the settings is reported together, each naming the setting, and the build stops:
a wrong setting never silently falls back to a default.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from .apple_categories import check_categories
from .artwork import check_show_artwork
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
    "PODCAST_EPISODES_IN_NEWS": False,  # also list episodes with the articles (home, archives, feeds)
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


EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def apply_defaults(settings: dict) -> None:
    """Give every podcast setting its default, so that templates can read them too."""
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)


def load_settings(settings: dict) -> PodcastSettings:
    """Check Pelican's settings dict and turn the podcast part into one PodcastSettings.

    Raises SettingsError listing every problem, each naming its setting.
    """
    apply_defaults(settings)
    problems: list[str] = []

    def text(name: str, fallback: str | None = None, required: bool = False) -> str | None:
        value = settings.get(name)
        if value is None:
            value = fallback
        if value is not None and not isinstance(value, str):
            problems.append(f"{name}: une chaîne de caractères est attendue, pas {value!r}")
            return None
        if required and not (value and value.strip()):
            problems.append(f"{name}: réglage obligatoire, il manque dans pelicanconf.py")
            return None
        return value.strip() if value else value

    def flag(name: str) -> bool:
        value = settings.get(name)
        if not isinstance(value, bool):
            problems.append(f"{name}: True ou False attendu, pas {value!r}")
            return False
        return value

    site_url = (settings.get("SITEURL") or "").rstrip("/")
    content_path = os.path.abspath(settings["PATH"])
    title = text("PODCAST_TITLE", fallback=settings.get("SITENAME"), required=True)
    description = text("PODCAST_DESCRIPTION", required=True)
    author = text("PODCAST_AUTHOR", required=True)
    owner_name = text("PODCAST_OWNER_NAME", required=True)
    owner_email = text("PODCAST_OWNER_EMAIL", required=True)
    if owner_email and not EMAIL_SHAPE.match(owner_email):
        problems.append(f"PODCAST_OWNER_EMAIL: {owner_email!r} n'est pas une adresse e-mail")
    image = text("PODCAST_IMAGE", required=True)
    if image:
        problems += check_show_artwork(os.path.join(content_path, image), "PODCAST_IMAGE")
    categories = settings.get("PODCAST_CATEGORIES")
    problems += check_categories(categories, "PODCAST_CATEGORIES")
    podcast_type = text("PODCAST_TYPE")
    if podcast_type not in PODCAST_TYPES:
        problems.append(f"PODCAST_TYPE: {podcast_type!r} n'est pas permis, choisir 'episodic' ou 'serial'")
    language = text("PODCAST_LANGUAGE", fallback=settings.get("DEFAULT_LANG"), required=True)
    feed_path = text("PODCAST_FEED_PATH", required=True)
    media_url = text("PODCAST_MEDIA_URL")
    if media_url and urlsplit(media_url).scheme not in ("http", "https"):
        problems.append(f"PODCAST_MEDIA_URL: {media_url!r} doit être une adresse http(s) absolue")
    feed_url = absolute_url(site_url, feed_path or "")
    guid = text("PODCAST_GUID")
    if guid:
        try:
            guid = str(uuid.UUID(guid))
        except ValueError:
            problems.append(f"PODCAST_GUID: {guid!r} n'est pas un UUID")
    funding_url = text("PODCAST_FUNDING_URL")
    funding_text = text("PODCAST_FUNDING_TEXT")
    if funding_url and not funding_text:
        problems.append("PODCAST_FUNDING_TEXT: obligatoire avec PODCAST_FUNDING_URL (le texte du lien)")
    explicit = flag("PODCAST_EXPLICIT")
    locked = flag("PODCAST_LOCKED")
    episodes_in_news = flag("PODCAST_EPISODES_IN_NEWS")
    url_patterns = {
        name: text(name, required=True)
        for name in (
            "PODCAST_INDEX_SAVE_AS",
            "PODCAST_INDEX_URL",
            "EPISODE_URL",
            "EPISODE_SAVE_AS",
            "EPISODE_CHAPTERS_SAVE_AS",
            "EPISODE_ARTWORK_SAVE_AS",
        )
    }
    if problems:
        raise SettingsError(problems)

    return PodcastSettings(
        site_url=site_url,
        content_path=content_path,
        output_path=os.path.abspath(settings["OUTPUT_PATH"]),
        cache_path=os.path.abspath(settings["CACHE_PATH"]),
        podcast_dir=text("PODCAST_DIR") or "podcasts",
        title=title,
        description=description,
        author=author,
        owner_name=owner_name,
        owner_email=owner_email,
        image=image,
        categories=tuple((c, s) for c, s in categories),
        explicit=explicit,
        podcast_type=podcast_type,
        copyright=text("PODCAST_COPYRIGHT"),
        language=language,
        guid=guid or podcast_guid_for(feed_url),
        guid_pinned=bool(guid),
        locked=locked,
        funding_url=absolute_url(site_url, funding_url) if funding_url else None,
        funding_text=funding_text,
        media_url=(media_url or site_url).rstrip("/"),
        feed_path=feed_path,
        index_save_as=url_patterns["PODCAST_INDEX_SAVE_AS"],
        index_url=url_patterns["PODCAST_INDEX_URL"],
        episode_url=url_patterns["EPISODE_URL"],
        episode_save_as=url_patterns["EPISODE_SAVE_AS"],
        chapters_save_as=url_patterns["EPISODE_CHAPTERS_SAVE_AS"],
        artwork_save_as=url_patterns["EPISODE_ARTWORK_SAVE_AS"],
        episodes_in_news=episodes_in_news,
        timezone=settings.get("TIMEZONE", "UTC"),
    )
