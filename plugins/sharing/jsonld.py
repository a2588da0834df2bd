"""schema.org JSON-LD for the pages, built as plain dicts from the records and Pelican's content.

Templates never assemble JSON: they print the string `script_text()` returns, inside
`<script type="application/ld+json">` (data, not code: the Content-Security-Policy, which forbids
inline scripts, does not apply to it). Every "<" is written as \\u003c, so that no value (a title
with "</script>" in it) can close the element.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from pelican.plugins.podcast.records import Episode
    from pelican.plugins.podcast.settings import PodcastSettings

    from .settings import SharingSettings

JsonLd = dict[str, Any]
CONTEXT = "https://schema.org"


def script_text(data: JsonLd) -> Markup:
    """The JSON to put between <script type="application/ld+json"> and </script>, safe there."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration, to the second: 725.4 -> "PT12M5S", 3600 -> "PT1H"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return "PT" + (parts or "0S")


def organization_ref(site: SharingSettings) -> JsonLd:
    """The Cité named as author or publisher."""
    return {"@type": "Organization", "name": site.site_name, "url": site.site_url + "/"}


def organization(site: SharingSettings) -> JsonLd:
    """The Cité itself (home page): its name, address and the ORGANIZATION properties."""
    return {"@context": CONTEXT, **organization_ref(site), **site.organization}


def news_article(
    site: SharingSettings, *, headline: str, url: str, description: str,
    published: datetime, modified: datetime | None, image: str | None, language: str,
) -> JsonLd:
    data: JsonLd = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "mainEntityOfPage": url,
        "description": description,
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "inLanguage": language,
        "author": organization_ref(site),
        "publisher": organization_ref(site),
    }
    if image:
        data["image"] = image
    return data


def _series_ref(podcast: PodcastSettings, index_url: str) -> JsonLd:
    return {"@type": "PodcastSeries", "name": podcast.title, "url": index_url}


def podcast_series(site: SharingSettings, podcast: PodcastSettings, index_url: str) -> JsonLd:
    """The show, on the podcast index page."""
    return {
        "@context": CONTEXT,
        **_series_ref(podcast, index_url),
        "description": podcast.description,
        "image": podcast.image_url,
        "inLanguage": podcast.language,
        "webFeed": podcast.feed_url,
        "author": organization_ref(site),
        "publisher": organization_ref(site),
    }


def podcast_episode(site: SharingSettings, podcast: PodcastSettings, episode: Episode, index_url: str) -> JsonLd:
    """One episode, on its page: everything comes from its record."""
    data: JsonLd = {
        "@context": CONTEXT,
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": episode.url,
        "datePublished": episode.date.isoformat(),
        "description": episode.summary,
        "duration": iso_duration(episode.duration),
        "image": episode.image_url or podcast.image_url,
        "inLanguage": podcast.language,
        "associatedMedia": {
            "@type": "MediaObject",
            "contentUrl": episode.enclosure.url,
            "encodingFormat": episode.enclosure.audio.mime_type,
            "contentSize": str(episode.enclosure.audio.size),
            "duration": iso_duration(episode.duration),
        },
        "partOfSeries": _series_ref(podcast, index_url),
        "publisher": organization_ref(site),
    }
    if episode.number is not None:
        data["episodeNumber"] = episode.number
    if episode.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    return data
