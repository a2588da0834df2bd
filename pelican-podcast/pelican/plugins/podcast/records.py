"""The plain, frozen records that flow from the audio reader to the templates and the feed.

Data flows one way: content and audio in, these records in the middle, files out.
Templates and the feed writer only read them; nothing here touches mutagen or Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Chapter:
    """A chapter mark. Times are in seconds from the start of the audio."""

    start: float
    title: str
    end: float | None = None


@dataclass(frozen=True)
class Artwork:
    """An image embedded in an audio file (ID3 APIC, MP4 covr, FLAC/Ogg picture)."""

    data: bytes = field(repr=False)
    mime_type: str  # "image/jpeg" or "image/png"

    @property
    def extension(self) -> str:
        return ".png" if self.mime_type == "image/png" else ".jpg"


@dataclass(frozen=True)
class Thumbnail:
    """A small JPEG copy of an artwork, for the pages (cards, covers); thumbnails.py writes it."""

    path: str  # output-relative file path, e.g. "podcast/ep-1/pochette.vignette-144.jpg"
    href: str  # site-relative, percent-encoded, for pages
    width: int  # pixels; the height is the same (artwork is square)


@dataclass(frozen=True)
class AudioTags:
    """The tags the audio file carries; each is a fallback for a silent front matter."""

    title: str | None = None
    artist: str | None = None
    album: str | None = None
    comment: str | None = None
    date: str | None = None
    track: int | None = None


@dataclass(frozen=True)
class AudioInfo:
    """Everything the build needs to know about one audio file, read once by audio.read_audio()."""

    path: str  # absolute path of the file that was read
    size: int  # bytes
    mime_type: str  # audio/mpeg, audio/x-m4a, audio/ogg, audio/opus, audio/flac, audio/wav
    format: str  # mp3, m4a, ogg, opus, flac, wav
    duration: float  # seconds, exact to ±0.5 s
    bitrate: int  # bits per second (average)
    sample_rate: int  # Hz
    channels: int
    tags: AudioTags = AudioTags()
    artwork: Artwork | None = None
    chapters: tuple[Chapter, ...] = ()


@dataclass(frozen=True)
class MediaFile:
    """An audio file as published: where it lives in the output and the URL listeners fetch."""

    path: str  # output-relative file path as on disk, e.g. "podcasts/media/épisode 1.mp3"
    href: str  # what a page links to: the site-relative, percent-encoded path, or the media host's URL
    url: str  # absolute and percent-encoded, for the feed: on PODCAST_MEDIA_URL, else on SITEURL
    audio: AudioInfo


@dataclass(frozen=True)
class Person:
    """A host or guest (podcast:person)."""

    name: str
    role: str = "host"  # Podcast Index taxonomy: host, guest, producer...
    group: str = "cast"
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class Cue:
    """One passage of a transcript. Times are in seconds from the start of the audio."""

    start: float
    end: float
    text: str  # plain text (cue tags removed, entities decoded); lines joined by "\n"
    speaker: str | None = None  # the WebVTT voice, <v Name>


@dataclass(frozen=True)
class Transcript:
    path: str  # output-relative file path
    href: str  # site-relative, percent-encoded, for pages
    url: str  # absolute URL for the feed
    mime_type: str  # "text/vtt" or "application/x-subrip"
    language: str
    cues: tuple[Cue, ...] = ()  # read once from the file: the page shows them, the feed links the file

    @property
    def length(self) -> int:
        """Characters of text, so that a page can fold a long transcript."""
        return sum(len(cue.text) for cue in self.cues)


@dataclass(frozen=True)
class Platform:
    """A podcast app or directory where the show can be followed (PODCAST_PLATFORMS)."""

    kind: str  # "apple", "spotify"…: the icon
    name: str  # "Apple Podcasts": what the button says
    url: str  # the show's page there, https
    systems: tuple[str, ...] = ()  # as AppLink.systems: where the page opens in the app; empty: anywhere

    @property
    def where(self) -> str:
        return systems_in_words(self.systems)


@dataclass(frozen=True)
class AppLink:
    """A link that opens the show's feed in a podcast app (subscribe_links.py builds them)."""

    kind: str  # "antennapod", "apple"…, or "podcast" for the link any app may take: the icon
    name: str  # what the link says: "AntennaPod", "Autre application"
    url: str  # the app's own link to the feed (https:// or its URL scheme), as Platform.url
    systems: tuple[str, ...] = ()  # "android", "ios", "macos": where it opens; empty: wherever an app takes it

    @property
    def where(self) -> str:
        return systems_in_words(self.systems)


SYSTEM_NAMES = {"android": "Android", "ios": "iPhone, iPad", "macos": "Mac"}


def systems_in_words(systems: tuple[str, ...]) -> str:
    """Where a subscribe link opens, for the page: "Android", "iPhone, iPad, Mac"; "" for anywhere."""
    return ", ".join(SYSTEM_NAMES[system] for system in systems)


@dataclass(frozen=True)
class EpisodeLink:
    """Another published episode, as the previous/next links of a page show it."""

    title: str
    path: str  # site-relative, percent-encoded URL of its page
    season: int | None = None  # these three, as on Episode: the templates' episode_label() reads them
    number: int | None = None
    episode_type: str = "full"


@dataclass(frozen=True)
class Episode:
    """One published episode, ready for the templates and the feed."""

    source_path: str  # e.g. "content/podcasts/episode-01.md", for messages
    slug: str
    title: str
    date: datetime  # timezone-aware publication date (never the modified date)
    summary: str  # plain text, used for <description> and itunes:summary
    content_html: str  # show notes as HTML, links made absolute for the feed
    path: str  # site-relative, percent-encoded URL of the episode page, e.g. "podcast/episode-01/"
    url: str  # absolute URL of the episode page
    guid: str
    enclosure: MediaFile
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"  # full | trailer | bonus
    explicit: bool = False
    image_url: str | None = None  # absolute URL, or None to use the show's image
    image_path: str | None = None  # output-relative file path of that image
    image_href: str | None = None  # site-relative, percent-encoded, for pages
    thumbnails: tuple[Thumbnail, ...] = ()  # small copies of that image for the pages, narrowest first
    persons: tuple[Person, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    chapters_path: str | None = None  # output-relative path of the JSON chapters file
    chapters_url: str | None = None  # its absolute URL
    transcript: Transcript | None = None
    alternates: tuple[MediaFile, ...] = ()
    status: str = "published"  # published | hidden (page only) | draft, scheduled (PREVIEW_DRAFTS: page only)
    previous: EpisodeLink | None = None  # the published episode just older (published pages only)
    next: EpisodeLink | None = None  # the published episode just newer

    @property
    def duration(self) -> float:
        """Seconds: the enclosure's, read from the audio (one source)."""
        return self.enclosure.audio.duration
