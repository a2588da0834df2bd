"""The podcast settings: one table of defaults, read and checked once, turned into one typed object.

Every problem with the settings is reported together, each naming the setting, and the build stops:
a wrong setting never silently falls back to a default.
"""

from __future__ import annotations

import ipaddress
import os
import posixpath
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from .apple_categories import check_categories
from .artwork import check_artwork
from .catalogue import PODCAST, phrase
from .live_feed import is_url
from .picture_cache import PictureCache
from .problem_record import Problem
from .records import AppLink, Platform, Thumbnail
from .setting_reader import SettingsReader
from .subscribe_links import PLATFORMS, SYSTEMS, subscribe_choices, subscribe_links
from .text_rules import TextRule, text_problems
from .thumbnails import CACHE_FOLDER as THUMBNAILS_FOLDER
from .thumbnails import thumbnails_of
from .urls import absolute_url, url_path

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
    # WebSub hub declared in the feed and pinged after each deploy (the free public hub Google
    # runs); None: no hub.
    "PODCAST_WEBSUB_HUB": "https://pubsubhubbub.appspot.com/",
    "PODCAST_FEED_PATH": "podcast/feed.xml",
    "PODCAST_INDEX_SAVE_AS": "podcast/index.html",
    "PODCAST_INDEX_URL": "podcast/",
    "EPISODE_URL": "podcast/{slug}/",
    "EPISODE_SAVE_AS": "podcast/{slug}/index.html",
    "EPISODE_CHAPTERS_SAVE_AS": "podcast/{slug}/chapitres.json",
    "EPISODE_ARTWORK_SAVE_AS": "podcast/{slug}/pochette{ext}",
    "PODCAST_EPISODES_IN_NEWS": False,  # also list episodes with the articles (home, archives, feeds)
    "PODCAST_PLATFORMS": {},  # {kind: the show's https page there}, kinds from PLATFORMS; shown in this order
    # Podcast Index channel tags apps show (docs of the namespace 1.0):
    "PODCAST_LOCATION": None,  # {"name": "Lille", "geo": "geo:50.63,3.06", "osm": "R…" (optional)}
    # Where the thumbnails are kept, by their picture's sha256 (None: CACHE_PATH/vignettes): several
    # builds may share one folder (the test suite's builds do).
    "PODCAST_THUMBNAILS_PATH": None,
    "PODCAST_LICENSE": None,  # SPDX identifier or a licence name (≤ 128 characters), optionally with "PODCAST_LICENSE_URL"
    "PODCAST_LICENSE_URL": None,
    "PODCAST_MEDIUM": "podcast",  # podcast, music, video, film, audiobook, newsletter, blog
    # {"text": "Un épisode par mois", "rrule": "FREQ=MONTHLY", "complete": False}; None: computed from the dates
    "PODCAST_UPDATE_FREQUENCY": None,
    # podcast:txt, e.g. the code a directory asks for to verify ownership: [{"text": "…", "purpose": "verify"}]
    "PODCAST_TXT": (),
    # podcast:podroll, the shows this one recommends: [{"feedGuid": "uuid", "feedUrl": "https://…"}]
    "PODCAST_PODROLL": (),
    # What a build does with what it reads (a site's commands set them: here plugins.checks, from
    # PREVIEW_DRAFTS, CHECK_ONLY and CHECK_MEDIA_HOST):
    "PODCAST_PREVIEW_DRAFTS": False,  # draft and scheduled episodes get their page (with a banner), listed nowhere
    "PODCAST_CHECK_ONLY": False,  # read and check everything, write nothing (the audio manifest aside)
    "PODCAST_CHECK_MEDIA_HOST": False,  # ask PODCAST_MEDIA_URL for every audio file (HEAD: present, same size)
    # What time it is, for the scheduled episodes now due: a function returning an aware datetime
    # (a module-level one: Pelican's content cache pickles the settings); None: the machine's clock.
    "PODCAST_NOW": None,
    # The continuity guard (continuity.py): on in publications (`--strict` sets PODCAST_CHECK_CONTINUITY, with PRODUCTION),
    # or whenever PODCAST_LIVE_FEED names the live feed (an https address or a file; False: a first
    # publication declared). The PODCAST_PREVIOUS_* settings declare a channel-wide change on purpose.
    "PODCAST_CHECK_CONTINUITY": False,
    "PODCAST_LIVE_FEED": None,  # None: the feed's own address (or PODCAST_PREVIOUS_FEED_URL)
    "PODCAST_PREVIOUS_FEED_URL": None,  # the feed moved from this address (which redirects to the new one)
    "PODCAST_PREVIOUS_MEDIA_URL": None,  # the enclosures moved from this base address, same paths
    "PODCAST_PREVIOUS_GUID": None,  # podcast:guid changed on purpose from this one
}

MEDIUMS = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog")
GEO_URI = re.compile(r"^geo:-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$")
OSM_ID = re.compile(r"^[NWR]\d+(#\d+)?$")
RRULE = re.compile(r"^FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY)(;[A-Z]+=[A-Z0-9,+-]+)*$")

# The Podcast Index namespace's limits for podcast:license and podcast:txt.
LICENSE_TEXT = TextRule(max_chars=128, authority="l'espace de noms Podcast Index")
TXT_TEXT = TextRule(max_chars=4000, multiline=True, authority="l'espace de noms Podcast Index")
TXT_PURPOSE = TextRule(max_chars=128, authority="l'espace de noms Podcast Index")

REQUIRED = ("PODCAST_DESCRIPTION", "PODCAST_AUTHOR", "PODCAST_OWNER_NAME", "PODCAST_OWNER_EMAIL", "PODCAST_IMAGE")
PODCAST_TYPES = ("episodic", "serial")



def _machine_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Location:
    """podcast:location: where the show is about or made."""

    name: str
    geo: str | None = None  # RFC 5870 "geo:lat,lon"
    osm: str | None = None  # OpenStreetMap type letter and id, e.g. "R58404"


@dataclass(frozen=True)
class TxtRecord:
    """podcast:txt: free text for machines, e.g. a directory's ownership code (purpose "verify")."""

    text: str
    purpose: str | None = None


@dataclass(frozen=True)
class RecommendedShow:
    """One podcast:remoteItem of podcast:podroll: another show, by its podcast:guid."""

    feed_guid: str
    feed_url: str | None = None


@dataclass(frozen=True)
class UpdateFrequency:
    """podcast:updateFrequency: how often episodes come, said in words and as an iCalendar rule."""

    text: str
    rrule: str | None = None
    complete: bool = False


def _thumbnails_cache(read: SettingsReader) -> str:
    given = read.folder("PODCAST_THUMBNAILS_PATH")
    return os.path.abspath(given or os.path.join(str(read.settings["CACHE_PATH"]), THUMBNAILS_FOLDER))


@dataclass(frozen=True)
class ContinuitySettings:
    """The continuity guard's settings, checked: where the live feed is, what changes are declared."""

    live_feed: str | None  # an http(s) address or an absolute path; None: a first publication declared
    previous_feed_url: str | None = None
    previous_media_url: str | None = None
    previous_guid: str | None = None


@dataclass(frozen=True)
class PodcastSettings:
    """The show-level settings, checked. `site_url` is SITEURL without a trailing slash."""

    site_url: str
    content_path: str  # absolute PATH
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
    media_url: str | None  # base URL of a media host for enclosures, no trailing slash; None: the site
    feed_path: str
    index_save_as: str
    index_url: str
    chapters_save_as: str
    artwork_save_as: str
    episodes_in_news: bool
    platforms: tuple[Platform, ...] = ()  # PODCAST_PLATFORMS, in the order given
    # What the subscribe block lists: those pages, then the feed in each other app, one tap
    # (subscribe_links.subscribe_choices); the app links only with an absolute feed URL.
    subscribe_choices: tuple[Platform | AppLink, ...] = ()
    websub_hub: str | None = None  # PODCAST_WEBSUB_HUB; None: the feed declares no hub
    location: Location | None = None  # PODCAST_LOCATION
    license: str | None = None  # PODCAST_LICENSE
    license_url: str | None = None  # PODCAST_LICENSE_URL
    medium: str = "podcast"  # PODCAST_MEDIUM
    update_frequency: UpdateFrequency | None = None  # PODCAST_UPDATE_FREQUENCY; None: the feed computes it
    txt: tuple[TxtRecord, ...] = ()  # PODCAST_TXT
    podroll: tuple[RecommendedShow, ...] = ()  # PODCAST_PODROLL
    ignore_files: tuple[str, ...] = ()  # Pelican's IGNORE_FILES: never linked from an episode either
    thumbnails_cache: str = ""  # absolute PODCAST_THUMBNAILS_PATH, else CACHE_PATH/vignettes
    preview_drafts: bool = False  # PODCAST_PREVIEW_DRAFTS
    check_only: bool = False  # PODCAST_CHECK_ONLY
    check_media_host: bool = False  # PODCAST_CHECK_MEDIA_HOST
    now: Callable[[], datetime] = _machine_clock  # PODCAST_NOW, else the machine's clock
    continuity: ContinuitySettings | None = None  # None: the guard does not run (not a publication)

    @property
    def feed_url(self) -> str:
        return absolute_url(self.site_url, self.feed_path)

    @property
    def image_url(self) -> str:
        return absolute_url(self.site_url, url_path(self.image))

    @property
    def image_href(self) -> str:
        """The show's artwork for pages: site-relative and percent-encoded (see site_href)."""
        return url_path(self.image)

    @property
    def thumbnails(self) -> tuple[Thumbnail, ...]:
        """Small copies of the show's artwork for pages (thumbnails.py), narrowest first."""
        return thumbnails_of(self.image)

    @property
    def media_origin(self) -> str | None:
        """Scheme and host of the media host, for the pages' Content-Security-Policy."""
        if not self.media_url:
            return None
        parts = urlsplit(self.media_url)
        return f"{parts.scheme}://{parts.netloc}"




def podcast_guid_for(feed_url: str) -> str:
    """The Podcast Index rule: uuidv5 of the feed URL without its scheme and trailing slashes."""
    parts = urlsplit(feed_url)
    bare = (parts.netloc + parts.path).rstrip("/") if parts.scheme else feed_url.strip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# Output path patterns and the placeholders each may use.
PATH_PATTERNS = {
    "PODCAST_FEED_PATH": (),
    "PODCAST_INDEX_SAVE_AS": (),
    "PODCAST_INDEX_URL": (),
    "EPISODE_URL": ("slug",),
    "EPISODE_SAVE_AS": ("slug",),
    "EPISODE_CHAPTERS_SAVE_AS": ("slug",),
    "EPISODE_ARTWORK_SAVE_AS": ("slug", "ext"),
}


class _Reader(SettingsReader):
    """The podcast settings' reader: the shared reads (flag, folder, text), and the kinds of
    value only these settings have."""

    def clock(self, name: str) -> Callable[[], datetime]:
        value = self.settings.get(name)
        if value is None:
            return _machine_clock
        if not callable(value):
            self.problems.append(PODCAST("podcast.E102", field=name, value=value))
            return _machine_clock
        return value

    def url(self, name: str, site_relative: bool) -> str | None:
        value = self.text(name)
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.netloc:
            return value
        if site_relative and not parts.scheme and not parts.netloc and not value.startswith("//"):
            return value
        self.problems.append(PODCAST("podcast.E103" if site_relative else "podcast.E104", field=name, value=value))
        return None

    def platforms(self, name: str) -> tuple[Platform, ...]:
        value = self.settings.get(name)
        if not isinstance(value, dict):
            self.problems.append(PODCAST("podcast.E105", field=name, value=value))
            return ()
        known = ", ".join(PLATFORMS)
        found = []
        for kind, url in value.items():
            if kind not in PLATFORMS:
                self.problems.append(PODCAST("podcast.E106", field=name, kind=kind, known=known))
                continue
            parts = urlsplit(url) if isinstance(url, str) else None
            if parts is None or parts.scheme != "https" or not parts.netloc:
                self.problems.append(PODCAST("podcast.E107", field=name, kind=kind, url=url))
                continue
            found.append(Platform(kind=kind, name=PLATFORMS[kind], url=url.strip(), systems=SYSTEMS.get(kind, ())))
        return tuple(found)

    def hub(self, name: str) -> str | None:
        """An https URL, or None. Plain http only on this machine (a local hub, the tests); in
        production (PRODUCTION, publishconf.py) only a public https hub: the feed tells every app
        to subscribe there. Never user info: the feed would publish it."""
        value = self.text(name)
        if not value:
            return None
        try:
            parts = urlsplit(value)
            host = parts.hostname
        except ValueError:  # "https://[::1": not an address at all
            parts, host = urlsplit(""), None
        local = parts.scheme == "http" and host in ("localhost", "127.0.0.1", "::1")
        if not ((parts.scheme == "https" or local) and host):
            self.problems.append(PODCAST("podcast.E108", field=name, value=value))
            return None
        if "@" in parts.netloc:
            shown = parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()  # not the password
            self.problems.append(PODCAST("podcast.E109", field=name, value=shown))
            return None
        private = _not_public(parts.scheme, host)
        if private and self.settings.get("PRODUCTION"):
            self.problems.append(PODCAST(private, field=name, value=value, host=host, example=DEFAULTS[name]))
            return None
        return value

    def path_pattern(self, name: str) -> str:
        value = self.text(name, required=True) or str(DEFAULTS[name])
        placeholders = PATH_PATTERNS[name]
        try:
            example = value.format(**dict.fromkeys(placeholders, "x"))
        except (KeyError, IndexError, ValueError) as error:
            allowed = ", ".join("{" + key + "}" for key in placeholders)
            self.problems.append(PODCAST("podcast.E114", field=name, value=value, error=error, allowed=allowed,
                                         hint=None if allowed else "none"))
            return str(DEFAULTS[name])
        normal = posixpath.normpath(example)
        if normal.startswith("..") or posixpath.isabs(example) or urlsplit(example).scheme:
            self.problems.append(PODCAST("podcast.E115", field=name, value=value))
            return str(DEFAULTS[name])
        return value


def _not_public(scheme: str, host: str) -> str | None:
    """The code of why a hub at `host` is not one the world can reach, or None."""
    if scheme != "https":
        return "podcast.E110"
    name = host.rstrip(".").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if name == "localhost" or name.endswith((".localhost", ".local")):
            return "podcast.E111"
        if "." not in name:
            return "podcast.E112"
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is 127.0.0.1
    if not (mapped or address).is_global:
        return "podcast.E113"
    return None


def load_settings(settings: dict) -> tuple[PodcastSettings, list[Problem]]:
    """Check Pelican's settings dict and turn the podcast part into one PodcastSettings.

    Returns the settings and the list of problems, each naming its setting. With problems, the
    settings hold defaults in place of the wrong values: enough to check the episodes too, never
    to publish (the gate stops the build).
    """
    read = _Reader(settings, DEFAULTS)
    site_url = (settings.get("SITEURL") or "").rstrip("/") if isinstance(settings.get("SITEURL"), str) else ""
    content_path = os.path.abspath(settings["PATH"])
    owner_email = read.text("PODCAST_OWNER_EMAIL", required=True)
    if owner_email and not EMAIL_SHAPE.match(owner_email):
        read.problems.append(PODCAST("podcast.E116", field="PODCAST_OWNER_EMAIL", value=owner_email))
    image = read.text("PODCAST_IMAGE", required=True)
    if image:
        pictures = PictureCache(os.path.abspath(settings["CACHE_PATH"]))
        read.problems += check_artwork(os.path.join(content_path, image), "PODCAST_IMAGE", cache=pictures)
        pictures.save()
    categories = settings.get("PODCAST_CATEGORIES")
    category_problems = check_categories(categories, "PODCAST_CATEGORIES")
    read.problems += category_problems
    podcast_type = read.text("PODCAST_TYPE")
    if podcast_type not in PODCAST_TYPES:
        read.problems.append(PODCAST("podcast.E117", field="PODCAST_TYPE", value=podcast_type))
        podcast_type = "episodic"
    feed_path = read.path_pattern("PODCAST_FEED_PATH")
    guid = read.text("PODCAST_GUID")
    if guid:
        try:
            guid = str(uuid.UUID(guid))
        except ValueError:
            read.problems.append(PODCAST("podcast.E118", field="PODCAST_GUID", value=guid))
            guid = None
    funding_url = read.url("PODCAST_FUNDING_URL", site_relative=True)
    funding_text = read.text("PODCAST_FUNDING_TEXT")
    if funding_url and not funding_text:
        read.problems.append(PODCAST("podcast.E119", field="PODCAST_FUNDING_TEXT"))
    media_url = read.url("PODCAST_MEDIA_URL", site_relative=False)
    websub_hub = read.hub("PODCAST_WEBSUB_HUB")
    license_name, license_url = _license(read)
    podcast_dir = read.text("PODCAST_DIR", required=True) or str(DEFAULTS["PODCAST_DIR"])
    if podcast_dir.startswith(("/", "..")) or posixpath.normpath(podcast_dir).startswith(".."):
        read.problems.append(PODCAST("podcast.E120", field="PODCAST_DIR", value=podcast_dir))
        podcast_dir = str(DEFAULTS["PODCAST_DIR"])

    podcast = PodcastSettings(
        site_url=site_url,
        content_path=content_path,
        cache_path=os.path.abspath(settings["CACHE_PATH"]),
        podcast_dir=podcast_dir,
        title=read.text("PODCAST_TITLE", fallback=settings.get("SITENAME"), required=True) or "",
        description=read.text("PODCAST_DESCRIPTION", required=True) or "",
        author=read.text("PODCAST_AUTHOR", required=True) or "",
        owner_name=read.text("PODCAST_OWNER_NAME", required=True) or "",
        owner_email=owner_email or "",
        image=image or "",
        # No problem means a non-empty list of pairs (check_categories), so never None here.
        categories=() if category_problems or categories is None else tuple((c, s) for c, s in categories),
        explicit=read.flag("PODCAST_EXPLICIT"),
        podcast_type=podcast_type,
        copyright=read.text("PODCAST_COPYRIGHT"),
        language=read.text("PODCAST_LANGUAGE", fallback=settings.get("DEFAULT_LANG"), required=True) or "fr",
        guid=guid or podcast_guid_for(absolute_url(site_url, feed_path)),
        guid_pinned=bool(guid),
        locked=read.flag("PODCAST_LOCKED"),
        funding_url=absolute_url(site_url, funding_url) if funding_url else None,
        funding_text=funding_text,
        media_url=media_url.rstrip("/") if media_url else None,
        feed_path=feed_path,
        index_save_as=read.path_pattern("PODCAST_INDEX_SAVE_AS"),
        index_url=read.path_pattern("PODCAST_INDEX_URL"),
        chapters_save_as=read.path_pattern("EPISODE_CHAPTERS_SAVE_AS"),
        artwork_save_as=read.path_pattern("EPISODE_ARTWORK_SAVE_AS"),
        episodes_in_news=read.flag("PODCAST_EPISODES_IN_NEWS"),
        preview_drafts=read.flag("PODCAST_PREVIEW_DRAFTS"),
        check_only=read.flag("PODCAST_CHECK_ONLY"),
        check_media_host=read.flag("PODCAST_CHECK_MEDIA_HOST"),
        now=read.clock("PODCAST_NOW"),
        websub_hub=websub_hub,
        platforms=read.platforms("PODCAST_PLATFORMS"),
        location=_location(settings.get("PODCAST_LOCATION"), read.problems),
        license=license_name,
        license_url=license_url,
        medium=_medium(settings.get("PODCAST_MEDIUM"), read.problems),
        update_frequency=_update_frequency(settings.get("PODCAST_UPDATE_FREQUENCY"), read.problems),
        txt=_txt(settings.get("PODCAST_TXT"), read.problems),
        podroll=_podroll(settings.get("PODCAST_PODROLL"), guid or podcast_guid_for(absolute_url(site_url, feed_path)),
                         read.problems),
        # Pelican fills it in (DEFAULT_CONFIG); a settings mapping read alone may lack it.
        ignore_files=tuple(settings.get("IGNORE_FILES", ())),
        thumbnails_cache=_thumbnails_cache(read),
        continuity=_continuity(read, absolute_url(site_url, feed_path)),
    )
    # EPISODE_URL and EPISODE_SAVE_AS are read by Pelican's Content (through EpisodePage): checked here.
    read.path_pattern("EPISODE_URL")
    read.path_pattern("EPISODE_SAVE_AS")
    apps = subscribe_links(podcast.feed_url, podcast.title)
    return replace(podcast, subscribe_choices=subscribe_choices(podcast.platforms, apps)), read.problems


def _continuity(read: _Reader, feed_url: str) -> ContinuitySettings | None:
    live = read.settings.get("PODCAST_LIVE_FEED")
    previous_feed_url = read.url("PODCAST_PREVIOUS_FEED_URL", site_relative=False)
    previous_guid = read.text("PODCAST_PREVIOUS_GUID")
    declared = {"previous_feed_url": previous_feed_url,
                "previous_media_url": read.url("PODCAST_PREVIOUS_MEDIA_URL", site_relative=False),
                "previous_guid": str(previous_guid) if previous_guid else None}
    # A publication is a --strict production build: a local build (relative SITEURL, never
    # published: PRODUCTION refuses it) has no live feed of its own to continue.
    publication = read.flag("PODCAST_CHECK_CONTINUITY") and read.settings.get("PRODUCTION") is True
    if live is None and not publication:
        return None
    if live is False:
        return ContinuitySettings(live_feed=None, **declared)
    if live is None:
        return ContinuitySettings(live_feed=previous_feed_url or feed_url, **declared)
    if not isinstance(live, str) or not live.strip() or (urlsplit(live).scheme and not is_url(live)):
        read.problems.append(PODCAST("podcast.E121", field="PODCAST_LIVE_FEED", value=live))
        return ContinuitySettings(live_feed=None, **declared)
    live = live.strip()
    return ContinuitySettings(live_feed=live if is_url(live) else os.path.abspath(live), **declared)


def _location(value: object, problems: list[Problem]) -> Location | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        problems.append(PODCAST("podcast.E122", field="PODCAST_LOCATION"))
        return None
    geo, osm = value.get("geo"), value.get("osm")
    _unknown_keys("PODCAST_LOCATION", None, value, ("name", "geo", "osm"), problems)
    if geo is not None and not (isinstance(geo, str) and GEO_URI.match(geo)):
        problems.append(PODCAST("podcast.E124", field="PODCAST_LOCATION", value=geo))
        geo = None
    if osm is not None and not (isinstance(osm, str) and OSM_ID.match(osm)):
        problems.append(PODCAST("podcast.E125", field="PODCAST_LOCATION", value=osm))
        osm = None
    if len(value["name"]) > 128:
        problems.append(PODCAST("podcast.E126", field="PODCAST_LOCATION"))
    return Location(name=value["name"].strip(), geo=geo, osm=osm)


def _medium(value: object, problems: list[Problem]) -> str:
    if value in MEDIUMS:
        return str(value)
    problems.append(PODCAST("podcast.E127", field="PODCAST_MEDIUM", value=value, allowed=", ".join(MEDIUMS)))
    return "podcast"


def _update_frequency(value: object, problems: list[Problem]) -> UpdateFrequency | None:
    if value is None:
        return None
    text = value.get("text") if isinstance(value, dict) else None
    if not isinstance(value, dict) or not isinstance(text, str) or not text.strip():
        problems.append(PODCAST("podcast.E128", field="PODCAST_UPDATE_FREQUENCY"))
        return None
    rrule, complete = value.get("rrule"), value.get("complete", False)
    if rrule is not None and not (isinstance(rrule, str) and RRULE.match(rrule)):
        problems.append(PODCAST("podcast.E129", field="PODCAST_UPDATE_FREQUENCY", value=rrule))
        rrule = None
    if not isinstance(complete, bool):
        problems.append(PODCAST("podcast.E130", field="PODCAST_UPDATE_FREQUENCY", value=complete))
        complete = False
    return UpdateFrequency(text=text.strip(), rrule=rrule, complete=complete)


def _license(read: _Reader) -> tuple[str | None, str | None]:
    name = read.text("PODCAST_LICENSE")
    url = read.url("PODCAST_LICENSE_URL", site_relative=False)
    wrong = text_problems(name, LICENSE_TEXT, "PODCAST_LICENSE")
    if wrong:
        read.problems += [replace(problem, hint=phrase("license_hint")) for problem in wrong]
        name = None
    if url and not name:
        read.problems.append(PODCAST("podcast.E132", field="PODCAST_LICENSE_URL"))
    return name, url if name else None


def _entries(name: str, value: object, problems: list[Problem]) -> list[tuple[int, object]]:
    """The entries of a list setting, each with its position (1 for the first)."""
    if value is None or value == ():
        return []
    if not isinstance(value, (list, tuple)):
        problems.append(PODCAST("podcast.E133", field=name, value=value, hint=name))
        return []
    return list(enumerate(value, start=1))


def _unknown_keys(name: str, position: int | None, entry: dict, allowed: tuple[str, ...],
                  problems: list[Problem]) -> None:
    """A problem about setting `name` (its entry at `position`) when `entry` has keys other than `allowed`."""
    unknown = sorted(set(entry) - set(allowed), key=str)
    if unknown:
        code = "podcast.E123" if position is None else "podcast.E134"
        problems.append(PODCAST(code, field=name, position=position, unknown=unknown, allowed=", ".join(allowed)))


def _in_entry(problem: Problem, position: int, key: str) -> Problem:
    """A text rule's problem about `key` of a list setting's entry at `position`, said as such."""
    return replace(problem, message=phrase("entry_key", position=position, key=key, message=problem.message))


def _txt(value: object, problems: list[Problem]) -> tuple[TxtRecord, ...]:
    found = []
    for position, entry in _entries("PODCAST_TXT", value, problems):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
            problems.append(PODCAST("podcast.E135", field="PODCAST_TXT", position=position, value=entry))
            continue
        text = entry["text"]
        purpose = entry.get("purpose")
        _unknown_keys("PODCAST_TXT", position, entry, ("text", "purpose"), problems)
        if purpose is not None and not (isinstance(purpose, str) and purpose.strip()):
            problems.append(PODCAST("podcast.E136", field="PODCAST_TXT", position=position, value=purpose))
            purpose = None
        problems += [_in_entry(p, position, "text") for p in text_problems(text, TXT_TEXT, "PODCAST_TXT")]
        if purpose:
            problems += [_in_entry(p, position, "purpose") for p in text_problems(purpose, TXT_PURPOSE, "PODCAST_TXT")]
        found.append(TxtRecord(text=text.strip(), purpose=purpose.strip() if purpose else None))
    return tuple(found)


def _podroll(value: object, own_guid: str, problems: list[Problem]) -> tuple[RecommendedShow, ...]:
    found: list[RecommendedShow] = []
    for position, entry in _entries("PODCAST_PODROLL", value, problems):
        given = entry.get("feedGuid") if isinstance(entry, dict) else None
        feed_guid = _uuid(given)
        if not isinstance(entry, dict) or feed_guid is None:
            problems.append(PODCAST("podcast.E137", field="PODCAST_PODROLL", position=position, value=given))
            continue
        _unknown_keys("PODCAST_PODROLL", position, entry, ("feedGuid", "feedUrl"), problems)
        feed_url = entry.get("feedUrl")
        parts = urlsplit(feed_url) if isinstance(feed_url, str) else None
        if feed_url is not None and (parts is None or parts.scheme not in ("http", "https") or not parts.netloc):
            problems.append(PODCAST("podcast.E138", field="PODCAST_PODROLL", position=position, value=feed_url))
            feed_url = None
        if feed_guid == own_guid:
            problems.append(PODCAST("podcast.E139", field="PODCAST_PODROLL", position=position, guid=feed_guid))
            continue
        if any(show.feed_guid == feed_guid for show in found):
            problems.append(PODCAST("podcast.E140", field="PODCAST_PODROLL", position=position, guid=feed_guid))
            continue
        found.append(RecommendedShow(feed_guid=feed_guid, feed_url=feed_url.strip() if feed_url else None))
    return tuple(found)


def _uuid(value: object) -> str | None:
    """`value` written as a UUID in its canonical form, or None when it is none."""
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) else None
    except ValueError:
        return None
