"""The feed's <item> elements, one per episode: the part of the feed built with lxml, not feedgen.

feedgen still writes the channel and serialises the whole feed (feed.build_feed). The items are not
feedgen FeedEntry objects because that path alone costs the feed's whole time budget: on the
benchmark machine, 1,000 entries with only the eight core RSS tags and no extension took about
100 ms with the content checks, the target for everything (issue 11, "feed-1000"). Per entry it
builds an entry object and an instance of every extension, re-validates every link, builds the
<item> detached and reconciles its namespaces when appending it, and switches the process locale
three times to format one date. Here each <item> is built in place under <channel> by
`EpisodeItemsExtension`, a channel extension: feedgen calls it after the namespace extensions,
so the items follow every channel tag, where feedgen puts its entries.

Tags, order and conditions are those of feedgen 1.0's FeedEntry and iTunes item extension, then
the Podcast Index and Podlove tags: the feed's bytes are the ones feedgen wrote. Every element is
still built by lxml, which escapes every value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING

from feedgen.ext.base import BaseExtension
from lxml.etree import SubElement

from .feed_html import apple_html
from .feed_namespaces import (
    APPLE_IMAGE_EXTENSIONS,
    ITUNES_NS,
    PODCAST_INDEX_NS,
    PSC_NS,
    apple_explicit,
    child_element,
)
from .records import Episode, MediaFile

if TYPE_CHECKING:
    from lxml.etree import _Element

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"  # declared by feedgen on every RSS feed, as "content"
JSON_CHAPTERS_TYPE = "application/json+chapters"
PSC_VERSION = "1.2"
APPLE_EPISODE_TYPES = ("full", "trailer", "bonus")

# The namespaced tags in lxml's {uri}name form, spelled once rather than per element.
CONTENT_ENCODED = f"{{{CONTENT_NS}}}encoded"
ITUNES_IMAGE = f"{{{ITUNES_NS}}}image"
ITUNES_DURATION = f"{{{ITUNES_NS}}}duration"
ITUNES_SEASON = f"{{{ITUNES_NS}}}season"
ITUNES_EPISODE = f"{{{ITUNES_NS}}}episode"
ITUNES_EPISODE_TYPE = f"{{{ITUNES_NS}}}episodeType"
ITUNES_EXPLICIT = f"{{{ITUNES_NS}}}explicit"
PODCAST_PERSON = f"{{{PODCAST_INDEX_NS}}}person"
PODCAST_SEASON = f"{{{PODCAST_INDEX_NS}}}season"
PODCAST_EPISODE = f"{{{PODCAST_INDEX_NS}}}episode"
PODCAST_TRANSCRIPT = f"{{{PODCAST_INDEX_NS}}}transcript"
PODCAST_CHAPTERS = f"{{{PODCAST_INDEX_NS}}}chapters"
PODCAST_ALTERNATE_ENCLOSURE = f"{{{PODCAST_INDEX_NS}}}alternateEnclosure"
PODCAST_SOURCE = f"{{{PODCAST_INDEX_NS}}}source"
PSC_CHAPTERS = f"{{{PSC_NS}}}chapters"
PSC_CHAPTER = f"{{{PSC_NS}}}chapter"

# RFC 2822's names, in English whatever the locale (Pelican sets the site's, French here).
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MINUTE = timedelta(minutes=1)
_NO_OFFSET = timedelta(0)

# Attribute name of the items extension on the FeedGenerator.
EPISODE_ITEMS = "episode_items"


class EpisodeItemsExtension(BaseExtension):
    """Writes one <item> per episode at the end of the channel; register it after every other extension."""

    def __init__(self) -> None:
        self._episodes: tuple[Episode, ...] = ()

    def episodes(self, episodes: Sequence[Episode]) -> None:
        """Set the episodes, in the order their items appear."""
        self._episodes = tuple(episodes)

    def extend_rss(self, rss_feed: _Element) -> _Element:
        channel = rss_feed[0]
        for episode in self._episodes:
            add_item(channel, episode)
        return rss_feed


def add_item(channel: _Element, episode: Episode) -> None:
    """Append the <item> of `episode` to `channel`, which must already be in the <rss> tree.

    Built in place, each namespaced tag finds its prefix declared on <rss>. Raises ValueError on
    what feedgen refused too (no title, summary nor notes; a naive date; an image URL Apple ignores;
    an episode type Apple does not know); check_feed_content() reports all of them first.
    """
    item = SubElement(channel, "item")
    _add_rss_tags(item, episode)
    _add_apple_tags(item, episode)
    _add_podcast_index_tags(item, episode)
    _add_podlove_chapters(item, episode)


def _add_rss_tags(item: _Element, episode: Episode) -> None:
    if not (episode.title or episode.summary or episode.content_html):
        raise ValueError(f"{episode.source_path}: an RSS item needs a title, a summary or notes")
    if episode.title:
        SubElement(item, "title").text = episode.title
    if episode.url:
        SubElement(item, "link").text = episode.url
    # <description> is the summary; without one, the notes take its place rather than leave none.
    notes = apple_html(episode.content_html)
    if episode.summary:
        SubElement(item, "description").text = episode.summary
        if notes:
            # Escaped text, not CDATA: lxml refuses "]]>" inside CDATA, and both mean the same to parsers.
            SubElement(item, CONTENT_ENCODED).text = notes
    elif notes:
        SubElement(item, "description").text = notes
    if episode.guid:
        # isPermaLink="false": the GUID names the episode for good, it is not the page URL (which may change).
        SubElement(item, "guid", isPermaLink="false").text = episode.guid
    media = episode.enclosure
    SubElement(item, "enclosure", url=media.url, length=str(media.audio.size), type=media.audio.mime_type)
    SubElement(item, "pubDate").text = rfc2822_date(episode.date)


def rfc2822_date(date: datetime) -> str:
    """A timezone-aware date as RSS writes it, e.g. 'Thu, 01 Jun 2023 09:30:00 +0200'.

    The same text as email.utils.format_datetime, in under half the time: its strftime("%z") alone
    was a sixth of the time of 1,000 items.
    """
    offset = date.utcoffset()
    if offset is None:
        raise ValueError(f"a feed date needs a timezone: {date!r}")
    if offset % _MINUTE:
        return format_datetime(date)  # a zone with seconds (local mean time, before ~1900): "+HHMMSS"
    sign = "-" if offset < _NO_OFFSET else "+"
    minutes = abs(offset) // _MINUTE
    return "%s, %02d %s %04d %02d:%02d:%02d %s%02d%02d" % (  # noqa: UP031  (one C call, faster than an f-string)
        DAY_NAMES[date.weekday()], date.day, MONTH_NAMES[date.month - 1], date.year,
        date.hour, date.minute, date.second, sign, minutes // 60, minutes % 60,
    )


def _add_apple_tags(item: _Element, episode: Episode) -> None:
    if episode.image_url:
        if not episode.image_url.endswith(APPLE_IMAGE_EXTENSIONS):
            raise ValueError(f"itunes:image must end in .jpg or .png: {episode.image_url!r}")
        SubElement(item, ITUNES_IMAGE, href=episode.image_url)
    duration = whole_seconds(episode.duration)
    if duration < 0:
        raise ValueError(f"itunes:duration cannot be negative: {episode.duration!r}")
    SubElement(item, ITUNES_DURATION).text = str(duration)
    # Apple's season and episode numbers are non-zero integers: a 0 is left out (podcast:season and
    # podcast:episode below keep it).
    if episode.season:
        SubElement(item, ITUNES_SEASON).text = str(episode.season)
    if episode.number:
        SubElement(item, ITUNES_EPISODE).text = str(episode.number)
    if episode.episode_type not in APPLE_EPISODE_TYPES:
        raise ValueError(f"itunes:episodeType must be one of {APPLE_EPISODE_TYPES}: {episode.episode_type!r}")
    SubElement(item, ITUNES_EPISODE_TYPE).text = episode.episode_type
    SubElement(item, ITUNES_EXPLICIT).text = apple_explicit(episode.explicit)


def whole_seconds(duration: float) -> int:
    """A duration rounded half up to whole seconds, the form Apple recommends for itunes:duration."""
    return math.floor(duration + 0.5)


def _add_podcast_index_tags(item: _Element, episode: Episode) -> None:
    for person in episode.persons:
        child_element(item, PODCAST_PERSON, person.name,
                      role=person.role, group=person.group, href=person.href, img=person.img)
    if episode.season is not None:
        SubElement(item, PODCAST_SEASON).text = str(episode.season)
    if episode.number is not None:
        SubElement(item, PODCAST_EPISODE).text = str(episode.number)
    if episode.transcript:
        transcript = episode.transcript
        child_element(item, PODCAST_TRANSCRIPT, None,
                      url=transcript.url, type=transcript.mime_type, language=transcript.language)
    if episode.chapters_url:
        SubElement(item, PODCAST_CHAPTERS, url=episode.chapters_url, type=JSON_CHAPTERS_TYPE)
    if episode.alternates:
        # The main file is listed too, marked default: an app choosing among alternateEnclosures
        # then sees every rendition, and knows which one the <enclosure> is (spec's own example).
        _add_alternate(item, episode.enclosure, default=True)
        for alternate in episode.alternates:
            _add_alternate(item, alternate, default=False)


def _add_alternate(item: _Element, media: MediaFile, default: bool) -> None:
    audio = media.audio
    alternate = child_element(item, PODCAST_ALTERNATE_ENCLOSURE, None,
                              type=audio.mime_type, length=audio.size, bitrate=audio.bitrate or None,
                              default="true" if default else None)
    SubElement(alternate, PODCAST_SOURCE, uri=media.url)


def _add_podlove_chapters(item: _Element, episode: Episode) -> None:
    """<psc:chapters version="1.2"> with one <psc:chapter start="HH:MM:SS.mmm" title="…"/> per mark."""
    if not episode.chapters:
        return
    chapters = SubElement(item, PSC_CHAPTERS, version=PSC_VERSION)
    for chapter in sorted(episode.chapters, key=lambda chapter: chapter.start):
        SubElement(chapters, PSC_CHAPTER, start=normal_play_time(chapter.start), title=chapter.title)


def normal_play_time(seconds: float) -> str:
    """Seconds as the HH:MM:SS.mmm 'normal play time' Podlove Simple Chapters use."""
    # Round to whole milliseconds first so that 59.9996 s becomes 00:01:00.000, not 00:00:60.000.
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
