"""Plain records for the feed tests: a show's settings and its episodes, built directly.

The feed writer's input is frozen dataclasses, so the tests make them here instead of building a
Pelican site; each factory takes keyword overrides. `parse_*` read a built feed back with lxml,
gPodder's podcastparser and feedparser.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import podcastparser
from lxml import etree
from pelican.plugins.podcast.feed_namespaces import ITUNES_NS, PODCAST_INDEX_NS, PSC_NS
from pelican.plugins.podcast.records import AudioInfo, Chapter, Episode, MediaFile, Person, Transcript
from pelican.plugins.podcast.settings import PodcastSettings

SITE = "https://www.cite-ia.fr"
MEDIA = "https://media.cite-ia.fr"
PARIS = timezone(timedelta(hours=2))
BUILD_DATE = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
NS = {"itunes": ITUNES_NS, "podcast": PODCAST_INDEX_NS, "psc": PSC_NS,
      "atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}

FORMATS = {  # format -> (MIME type, extension)
    "mp3": ("audio/mpeg", "mp3"),
    "m4a": ("audio/x-m4a", "m4a"),
    "ogg": ("audio/ogg", "ogg"),
    "opus": ("audio/opus", "opus"),
    "flac": ("audio/flac", "flac"),
    "wav": ("audio/wav", "wav"),
}


def make_settings(**overrides) -> PodcastSettings:
    settings = PodcastSettings(
        site_url=SITE,
        content_path="/site/content",
        cache_path="/site/cache",
        podcast_dir="podcasts",
        title="Le podcast de la Cité de l'IA",
        description="Des entrepreneurs de la métropole lilloise racontent l'IA dans leurs métiers.",
        author="Cité de l'IA",
        owner_name="Équipe podcast",
        owner_email="podcast@cite-ia.fr",
        image="images/podcast-cover.png",
        categories=(("Technology", None), ("Business", "Entrepreneurship")),
        explicit=False,
        podcast_type="episodic",
        copyright="© 2023 Cité de l'IA",
        language="fr",
        guid="7c0aa526-517d-5c35-90c9-f404468a3508",
        guid_pinned=True,
        locked=True,
        funding_url=f"{SITE}/adherer/",
        funding_text="Adhérer à la Cité de l'IA",
        media_url=MEDIA,
        feed_path="podcast/feed.xml",
        index_save_as="podcast/index.html",
        index_url="podcast/",
        chapters_save_as="podcast/{slug}/chapitres.json",
        artwork_save_as="podcast/{slug}/pochette{ext}",
        episodes_in_news=False,
    )
    return replace(settings, **overrides)


def make_media(name: str, audio_format: str = "mp3", size: int = 4_000_000, duration: float = 1234.4,
               bitrate: int = 128_000) -> MediaFile:
    mime_type, extension = FORMATS[audio_format]
    path = f"podcasts/media/{name}.{extension}"
    audio = AudioInfo(
        path=f"/site/content/{path}", size=size, mime_type=mime_type, format=audio_format,
        duration=duration, bitrate=bitrate, sample_rate=44100, channels=2,
    )
    return MediaFile(path=path, href=f"{MEDIA}/{path}", url=f"{MEDIA}/{path}", audio=audio)


def make_episode(index: int = 1, **overrides) -> Episode:
    """Episode `index` (its number too), published on the first of month `index` of 2023."""
    slug = f"episode-{index:02d}"
    episode = Episode(
        source_path=f"content/podcasts/{slug}.md",
        slug=slug,
        title=f"L'IA dans les PME, épisode {index}",
        date=datetime(2023, index, 1, 9, 30, tzinfo=PARIS),
        summary=f"Résumé de l'épisode {index}.",
        content_html=f"<p>Notes de l'épisode {index}, avec <a href=\"{SITE}/\">un lien</a>.</p>",
        path=f"podcast/{slug}/",
        url=f"{SITE}/podcast/{slug}/",
        guid=f"cite-ia-podcast-{slug}",
        enclosure=make_media(slug),
        number=index,
    )
    return replace(episode, **overrides)


def make_rich_episode(index: int = 5, **overrides) -> Episode:
    """An episode using every optional tag: season, persons, chapters, transcript, alternates, image."""
    slug = f"episode-{index:02d}"
    rich: dict[str, object] = dict(  # noqa: C408  (keyword arguments read like the record's fields)
        season=2,
        episode_type="bonus",
        explicit=True,
        image_url=f"{SITE}/podcast/{slug}/pochette.jpg",
        image_path=f"podcast/{slug}/pochette.jpg",
        persons=(
            Person("Manuel Davy", role="host"),
            Person("Yann Orpin", role="guest", href="https://example.org/yann", img=f"{SITE}/images/yann.png"),
        ),
        chapters=(
            Chapter(0.0, "Introduction", end=62.5),
            Chapter(62.5, "Les données & la formation", end=3723.25),
            Chapter(3723.25, "Conclusion", end=3800.0),
        ),
        chapters_path=f"podcast/{slug}/chapitres.json",
        chapters_url=f"{SITE}/podcast/{slug}/chapitres.json",
        transcript=Transcript(
            path=f"podcasts/{slug}.vtt", href=f"podcasts/{slug}.vtt", url=f"{SITE}/podcasts/{slug}.vtt",
            mime_type="text/vtt", language="fr",
        ),
        alternates=(make_media(slug, "opus", size=2_500_000, bitrate=64_000),),
    )
    return make_episode(index, **{**rich, **overrides})


def parse_xml(data: bytes) -> etree._Element:
    """The <rss> root element of a built feed."""
    return etree.fromstring(data)


def parse_podcastparser(data: bytes) -> dict:
    return podcastparser.parse(f"{SITE}/podcast/feed.xml", io.BytesIO(data))


def parse_feedparser(data: bytes):
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def items(data: bytes) -> list[etree._Element]:
    return parse_xml(data).findall("channel/item")
