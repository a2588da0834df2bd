"""feedgen extensions for the channel tags feedgen 1.0 lacks or writes the old way.

Written the feedgen way (a channel class with extend_ns()/extend_rss()), so every element is built
by lxml and every value is escaped by lxml:

- `AppleExtension`: feedgen's iTunes extension, with `itunes:explicit` written as Apple documents
  it today (`true`/`false`; feedgen only knows yes/no/clean), and a show image URL not ending in
  .jpg/.png refused instead of silently dropped.
- `PodcastIndexExtension`: the channel tags of the Podcast Index namespace 1.0
  (https://podcastindex.org/namespace/1.0): guid, locked, funding, location, license, medium,
  updateFrequency, txt, podroll, trailer.
- `PodloveChaptersExtension`: declares Podlove Simple Chapters 1.2.
- `WebSubExtension`: the WebSub hub of the feed, `<atom:link rel="hub">` (feedgen's RSS output
  keeps only the `rel="self"` link of `fg.link()`).

The items, with their own tags of these namespaces, are written by feed_items (not feedgen entries:
its docstring says why). `register_extensions(fg)` loads all four on a FeedGenerator, under the
names below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# feedgen.util does `import lxml` and then uses lxml.etree: importing feedgen.feed first loads
# lxml.etree, without which the feedgen.ext imports below fail under lxml 6.
import feedgen.feed  # isort: skip
from feedgen.ext.base import BaseExtension
from feedgen.ext.podcast import PodcastExtension
from feedgen.util import xml_elem

if TYPE_CHECKING:
    from lxml.etree import _Element

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_INDEX_NS = "https://podcastindex.org/namespace/1.0"
PSC_NS = "http://podlove.org/simple-chapters"
ATOM_NS = "http://www.w3.org/2005/Atom"  # declared by feedgen on every RSS feed, as "atom"

# Attribute names on FeedGenerator. Not "podcast": feedgen gives that name to its
# own iTunes extension, and "podcast_index" cannot be mistaken for it.
APPLE = "itunes"
PODCAST_INDEX = "podcast_index"
PODLOVE = "psc"
WEBSUB = "websub"

# Apple ignores artwork in any other format (and feedgen drops such a show image without a word).
APPLE_IMAGE_EXTENSIONS = (".jpg", ".png")


def register_extensions(fg: feedgen.feed.FeedGenerator) -> None:
    """Load our four extensions on `fg`, before the show is described."""
    fg.register_extension(APPLE, AppleExtension)
    fg.register_extension(PODCAST_INDEX, PodcastIndexExtension)
    fg.register_extension(PODLOVE, PodloveChaptersExtension)
    fg.register_extension(WEBSUB, WebSubExtension)


def child_element(parent: _Element, tag: str, text: str | None = None, **attributes: object) -> _Element:
    """A child element; attributes that are None are left out, the others written as str."""
    element = xml_elem(tag, parent)
    for name, value in attributes.items():
        if value is not None:
            element.set(name, str(value))
    if text is not None:
        element.text = text
    return element


def apple_explicit(explicit: bool) -> str:
    """The parental advisory as Apple documents it now, `true`/`false` (feedgen only knows yes/no/clean)."""
    return "true" if explicit else "false"


# --- Apple -------------------------------------------------------------------------------------


class AppleExtension(PodcastExtension):
    """feedgen's iTunes channel extension, corrected for Apple's current documentation.

    `itunes_explicit(True/False)` writes `true`/`false`, the values Apple documents now
    (feedgen refuses them). `itunes_image()` raises on a URL not ending in .jpg/.png where
    feedgen would silently leave the show without artwork.
    """

    def __init__(self) -> None:
        super().__init__()
        self._explicit: bool | None = None

    def itunes_explicit(self, itunes_explicit: bool | None = None) -> bool | None:
        """Get or set the parental advisory: True is written `true`, False `false`."""
        if itunes_explicit is not None:
            self._explicit = bool(itunes_explicit)
        return self._explicit

    def itunes_image(self, itunes_image: str | None = None) -> str | None:
        """Get or set the show artwork URL, which Apple wants ending in .jpg or .png."""
        if itunes_image is not None and not itunes_image.endswith(APPLE_IMAGE_EXTENSIONS):
            raise ValueError(f"itunes:image must end in .jpg or .png: {itunes_image!r}")
        return super().itunes_image(itunes_image)

    def extend_rss(self, rss_feed: _Element) -> _Element:
        super().extend_rss(rss_feed)
        if self._explicit is not None:
            child_element(rss_feed[0], f"{{{ITUNES_NS}}}explicit", apple_explicit(self._explicit))
        return rss_feed


# --- Podcast Index namespace 1.0 ---------------------------------------------------------------


class PodcastIndexExtension(BaseExtension):
    """Channel tags of the Podcast Index namespace: guid, locked, funding, podroll, and the tags of
    text and attributes alone (`podcast_tag`)."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._locked: tuple[bool, str] | None = None
        self._funding: list[tuple[str, str | None]] = []
        # podcast:location, license, medium, updateFrequency, txt, trailer: (tag, text, attributes), in order.
        self._more: list[tuple[str, str | None, dict[str, str | None]]] = []
        self._podroll: list[tuple[str, str | None]] = []

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

    def podcast_podroll(self, shows: list[tuple[str, str | None]]) -> None:
        """The shows this one recommends, as (podcast:guid, feed URL or None): one podcast:remoteItem each."""
        self._podroll = list(shows)

    def extend_rss(self, rss_feed: _Element) -> _Element:
        channel = rss_feed[0]
        for tag, text, attributes in self._more:
            child_element(channel, f"{{{PODCAST_INDEX_NS}}}{tag}", text, **attributes)
        if self._podroll:
            podroll = child_element(channel, f"{{{PODCAST_INDEX_NS}}}podroll")
            for feed_guid, feed_url in self._podroll:
                child_element(podroll, f"{{{PODCAST_INDEX_NS}}}remoteItem", feedGuid=feed_guid, feedUrl=feed_url)
        if self._guid is not None:
            child_element(channel, f"{{{PODCAST_INDEX_NS}}}guid", self._guid)
        if self._locked is not None:
            locked, owner = self._locked
            child_element(channel, f"{{{PODCAST_INDEX_NS}}}locked", "yes" if locked else "no", owner=owner)
        for url, text in self._funding:
            child_element(channel, f"{{{PODCAST_INDEX_NS}}}funding", text, url=url)
        return rss_feed


# --- Podlove Simple Chapters 1.2 ---------------------------------------------------------------


class PodloveChaptersExtension(BaseExtension):
    """Declares the psc namespace on the feed; the chapters themselves live on items."""

    def extend_ns(self) -> dict[str, str]:
        return {"psc": PSC_NS}


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
            child_element(rss_feed[0], f"{{{ATOM_NS}}}link", rel="hub", href=href)
        return rss_feed
