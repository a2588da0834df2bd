"""feedgen extensions for the podcast tags feedgen 1.0 lacks or writes the old way.

Written the feedgen way (a channel class with extend_ns()/extend_rss(), an item class with
extend_rss()), so every element is built by lxml and every value is escaped by lxml:

- `AppleExtension` / `AppleEntryExtension`: feedgen's iTunes extension, with `itunes:explicit`
  written as Apple documents it today (`true`/`false`; feedgen only knows yes/no/clean), and a
  show image URL not ending in .jpg/.png refused instead of silently dropped.
- `PodcastIndexExtension` / `PodcastIndexEntryExtension`: the Podcast Index namespace 1.0
  (https://podcastindex.org/namespace/1.0): guid, locked, funding; person, season, episode,
  transcript, chapters, alternateEnclosure with its source children.
- `PodloveChaptersExtension` / `PodloveChaptersEntryExtension`: Podlove Simple Chapters 1.2.
- `WebSubExtension`: the WebSub hub of the feed, `<atom:link rel="hub">` (feedgen's RSS output
  keeps only the `rel="self"` link of `fg.link()`).

`register_extensions(fg)` loads all four on a FeedGenerator, under the names below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

# feedgen.util does `import lxml` and then uses lxml.etree: importing feedgen.feed first loads
# lxml.etree, without which the feedgen.ext imports below fail under lxml 6.
import feedgen.feed  # isort: skip
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.podcast import PodcastExtension
from feedgen.ext.podcast_entry import PodcastEntryExtension
from feedgen.util import xml_elem

if TYPE_CHECKING:
    from lxml.etree import _Element

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_INDEX_NS = "https://podcastindex.org/namespace/1.0"
PSC_NS = "http://podlove.org/simple-chapters"
ATOM_NS = "http://www.w3.org/2005/Atom"  # declared by feedgen on every RSS feed, as "atom"

# Attribute names on FeedGenerator / FeedEntry. Not "podcast": feedgen gives that name to its
# own iTunes extension, and "podcast_index" cannot be mistaken for it.
APPLE = "itunes"
PODCAST_INDEX = "podcast_index"
PODLOVE = "psc"
WEBSUB = "websub"

JSON_CHAPTERS_TYPE = "application/json+chapters"
PSC_VERSION = "1.2"


def register_extensions(fg: feedgen.feed.FeedGenerator) -> None:
    """Load our four extensions on `fg`; call it before the first add_entry()."""
    fg.register_extension(APPLE, AppleExtension, AppleEntryExtension)
    fg.register_extension(PODCAST_INDEX, PodcastIndexExtension, PodcastIndexEntryExtension)
    fg.register_extension(PODLOVE, PodloveChaptersExtension, PodloveChaptersEntryExtension)
    fg.register_extension(WEBSUB, WebSubExtension, None)


def _element(parent: _Element, tag: str, text: str | None = None, **attributes: object) -> _Element:
    """A child element; attributes that are None are left out, the others written as str."""
    element = xml_elem(tag, parent)
    for name, value in attributes.items():
        if value is not None:
            element.set(name, str(value))
    if text is not None:
        element.text = text
    return element


class _TrueFalseExplicit:
    """`itunes_explicit(True/False)`, written `true`/`false`: the values Apple documents now,
    which feedgen's own iTunes extensions refuse. Shared by the channel and the item."""

    _explicit: bool | None = None

    def itunes_explicit(self, itunes_explicit: bool | None = None) -> bool | None:
        """Get or set the parental advisory: True is written `true`, False `false`."""
        if itunes_explicit is not None:
            self._explicit = bool(itunes_explicit)
        return self._explicit

    def _write_explicit(self, parent: _Element) -> None:
        if self._explicit is not None:
            _element(parent, f"{{{ITUNES_NS}}}explicit", "true" if self._explicit else "false")


# --- Apple -------------------------------------------------------------------------------------


class AppleExtension(_TrueFalseExplicit, PodcastExtension):
    """feedgen's iTunes channel extension, corrected for Apple's current documentation.

    `itunes_explicit(True/False)` writes `true`/`false`, the values Apple documents now
    (feedgen refuses them). `itunes_image()` raises on a URL not ending in .jpg/.png where
    feedgen would silently leave the show without artwork.
    """

    def itunes_image(self, itunes_image: str | None = None) -> str | None:
        """Get or set the show artwork URL, which Apple wants ending in .jpg or .png."""
        if itunes_image is not None and not itunes_image.endswith((".jpg", ".png")):
            raise ValueError(f"itunes:image must end in .jpg or .png: {itunes_image!r}")
        return super().itunes_image(itunes_image)

    def extend_rss(self, rss_feed: _Element) -> _Element:
        super().extend_rss(rss_feed)
        self._write_explicit(rss_feed[0])
        return rss_feed


class AppleEntryExtension(_TrueFalseExplicit, PodcastEntryExtension):
    """feedgen's iTunes item extension, with `itunes:explicit` written `true`/`false`."""

    def extend_rss(self, entry: _Element) -> _Element:
        super().extend_rss(entry)
        self._write_explicit(entry)
        return entry


# --- Podcast Index namespace 1.0 ---------------------------------------------------------------


class PodcastIndexExtension(BaseExtension):
    """Channel tags of the Podcast Index namespace: podcast:guid, podcast:locked, podcast:funding."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._locked: tuple[bool, str] | None = None
        self._funding: list[tuple[str, str | None]] = []
        # podcast:location, license, medium, updateFrequency, trailer: (tag, text, attributes), in order.
        self._more: list[tuple[str, str | None, dict[str, str | None]]] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_INDEX_NS}

    def podcast_guid(self, guid: str | None = None) -> str | None:
        """Get or set the show's podcast:guid (a UUIDv5, see settings.podcast_guid_for)."""
        if guid is not None:
            self._guid = guid
        return self._guid

    def podcast_locked(self, locked: bool, owner: str) -> None:
        """Say whether other platforms may import the feed; `owner` is the e-mail that proves ownership."""
        self._locked = (bool(locked), owner)

    def podcast_funding(self, url: str, text: str | None = None) -> None:
        """Add a donation/funding link; `text` is the label apps show next to it (≤ 128 characters)."""
        self._funding.append((url, text))

    def podcast_tag(self, tag: str, text: str | None, **attributes: str | None) -> None:
        """Add a channel tag of the namespace that is just text and attributes (None: left out)."""
        self._more.append((tag, text, attributes))

    def extend_rss(self, rss_feed: _Element) -> _Element:
        channel = rss_feed[0]
        for tag, text, attributes in self._more:
            _element(channel, f"{{{PODCAST_INDEX_NS}}}{tag}", text, **attributes)
        if self._guid is not None:
            _element(channel, f"{{{PODCAST_INDEX_NS}}}guid", self._guid)
        if self._locked is not None:
            locked, owner = self._locked
            _element(channel, f"{{{PODCAST_INDEX_NS}}}locked", "yes" if locked else "no", owner=owner)
        for url, text in self._funding:
            _element(channel, f"{{{PODCAST_INDEX_NS}}}funding", text, url=url)
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item tags of the Podcast Index namespace, written in the order they were set."""

    def __init__(self) -> None:
        self._persons: list[tuple[str, dict[str, str | None]]] = []
        self._season: int | None = None
        self._episode: int | float | None = None
        self._transcripts: list[dict[str, str | None]] = []
        self._chapters: dict[str, str] | None = None
        self._alternates: list[tuple[dict[str, object], tuple[str, ...]]] = []

    def podcast_person(
        self, name: str, role: str = "host", group: str = "cast", href: str | None = None, img: str | None = None
    ) -> None:
        """Add a person of the episode (role and group from the Podcast Taxonomy Project)."""
        self._persons.append((name, {"role": role, "group": group, "href": href, "img": img}))

    def podcast_season(self, season: int) -> None:
        """Set the season number (an integer)."""
        self._season = int(season)

    def podcast_episode(self, episode: int | float) -> None:
        """Set the episode number (the namespace allows decimals, e.g. 100.5)."""
        self._episode = episode

    def podcast_transcript(self, url: str, mime_type: str, language: str | None = None) -> None:
        """Add a transcript or captions file."""
        self._transcripts.append({"url": url, "type": mime_type, "language": language})

    def podcast_chapters(self, url: str, mime_type: str = JSON_CHAPTERS_TYPE) -> None:
        """Link the episode's JSON chapters file."""
        self._chapters = {"url": url, "type": mime_type}

    def podcast_alternate_enclosure(
        self,
        mime_type: str,
        length: int,
        sources: Sequence[str],
        bitrate: int | None = None,
        default: bool = False,
    ) -> None:
        """Add another rendition of the episode's media, downloadable from each of `sources`.

        `default=True` marks the rendition that is the item's <enclosure> itself: the spec's
        "same as the file from the enclosure element and the preferred media element".
        """
        if not sources:
            raise ValueError("podcast:alternateEnclosure needs at least one podcast:source")
        attributes = {"type": mime_type, "length": length, "bitrate": bitrate, "default": "true" if default else None}
        self._alternates.append((attributes, tuple(sources)))

    def extend_rss(self, entry: _Element) -> _Element:
        for name, attributes in self._persons:
            _element(entry, f"{{{PODCAST_INDEX_NS}}}person", name, **attributes)
        if self._season is not None:
            _element(entry, f"{{{PODCAST_INDEX_NS}}}season", str(self._season))
        if self._episode is not None:
            _element(entry, f"{{{PODCAST_INDEX_NS}}}episode", str(self._episode))
        for transcript in self._transcripts:
            _element(entry, f"{{{PODCAST_INDEX_NS}}}transcript", **transcript)
        if self._chapters is not None:
            _element(entry, f"{{{PODCAST_INDEX_NS}}}chapters", **self._chapters)
        for enclosure_attributes, sources in self._alternates:
            alternate = _element(entry, f"{{{PODCAST_INDEX_NS}}}alternateEnclosure", None, **enclosure_attributes)
            for uri in sources:
                _element(alternate, f"{{{PODCAST_INDEX_NS}}}source", uri=uri)
        return entry


# --- Podlove Simple Chapters 1.2 ---------------------------------------------------------------


class PodloveChaptersExtension(BaseExtension):
    """Declares the psc namespace on the feed; the chapters themselves live on items."""

    def extend_ns(self) -> dict[str, str]:
        return {"psc": PSC_NS}


class PodloveChaptersEntryExtension(BaseEntryExtension):
    """<psc:chapters version="1.2"> with one <psc:chapter start="HH:MM:SS.mmm" title="…"/> per mark."""

    def __init__(self) -> None:
        self._chapters: list[tuple[float, str]] = []

    def psc_chapter(self, start: float, title: str) -> None:
        """Add a chapter mark starting `start` seconds into the audio."""
        self._chapters.append((start, title))

    def extend_rss(self, entry: _Element) -> _Element:
        if self._chapters:
            chapters = _element(entry, f"{{{PSC_NS}}}chapters", version=PSC_VERSION)
            for start, title in sorted(self._chapters, key=lambda chapter: chapter[0]):
                _element(chapters, f"{{{PSC_NS}}}chapter", start=normal_play_time(start), title=title)
        return entry


# --- WebSub ------------------------------------------------------------------------------------


class WebSubExtension(BaseExtension):
    """`<atom:link rel="hub" href="…"/>` on the channel: where subscribers (Podcast Index, apps)
    ask to be told of changes, and where `invoke publish` pings after a deploy (W3C WebSub 4)."""

    def __init__(self) -> None:
        self._hubs: list[str] = []

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}

    def websub_hub(self, href: str) -> None:
        """Declare a hub of the feed (the feed's own `rel="self"` link is the topic)."""
        self._hubs.append(href)

    def extend_rss(self, rss_feed: _Element) -> _Element:
        for href in self._hubs:
            _element(rss_feed[0], f"{{{ATOM_NS}}}link", rel="hub", href=href)
        return rss_feed


def normal_play_time(seconds: float) -> str:
    """Seconds as the HH:MM:SS.mmm 'normal play time' Podlove Simple Chapters use."""
    # Round to whole milliseconds first so that 59.9996 s becomes 00:01:00.000, not 00:00:60.000.
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
