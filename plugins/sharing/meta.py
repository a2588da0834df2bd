"""What a page says when it is shared or read by a search engine: Open Graph and Twitter card
values and its JSON-LD, as one frozen ShareMeta built in Python for the templates.

base.html prints it: `{% set share = share_object | default(none) | share_meta %}`, where a page
template sets `share_object` to what it shows (an article, a page, an episode's page, the show's
PodcastSettings). Every URL is absolute on SITEURL (site-root relative in a local build, whose
SITEURL is empty).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican.contents import Article, Page
from pelican.plugins.podcast.records import Episode
from pelican.plugins.podcast.settings import PodcastSettings

from . import jsonld
from .settings import SETTINGS_KEY, SharingSettings

DESCRIPTION_LENGTH = 300


@dataclass(frozen=True)
class ShareMeta:
    """Open Graph / Twitter card values of one page; None: the page's <title> and description."""

    url: str
    og_type: str  # "article" or "website"
    title: str | None = None
    description: str | None = None
    image: str | None = None
    image_alt: str | None = None
    audio: str | None = None
    audio_type: str | None = None
    published: str | None = None  # article:published_time
    modified: str | None = None  # article:modified_time
    jsonld: Markup | None = None  # the text of a <script type="application/ld+json">


def plain(html: str | None, limit: int = DESCRIPTION_LENGTH) -> str:
    """A Markdown summary (HTML) as one line of text, cut at a word."""
    text = re.sub(r"\s+", " ", Markup(html or "").striptags()).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def absolute(site: SharingSettings, path: str) -> str:
    """A site-relative path on SITEURL."""
    return f"{site.site_url}/{path.lstrip('/')}"


def _page_url(site: SharingSettings, output_file: str | None) -> str:
    if not output_file:
        return site.site_url + "/"
    directory, name = posixpath.split(output_file)
    return absolute(site, directory + "/" if name == "index.html" else output_file)


def for_episode(site: SharingSettings, podcast: PodcastSettings, episode: Episode) -> ShareMeta:
    index_url = absolute(site, podcast.index_url)
    published = episode.status == "published"
    return ShareMeta(
        url=episode.url,
        og_type="article",
        title=episode.title,
        description=plain(episode.summary),
        image=episode.image_url or podcast.image_url,
        image_alt=f"Pochette de l'épisode « {episode.title} »",
        audio=episode.enclosure.url,
        audio_type=episode.enclosure.audio.mime_type,
        published=episode.date.isoformat(),
        # Drafts and scheduled episodes (local previews) describe nothing that exists yet.
        jsonld=jsonld.script_text(jsonld.podcast_episode(site, podcast, episode, index_url)) if published else None,
    )


def for_article(site: SharingSettings, podcast: PodcastSettings | None, article: Article) -> ShareMeta:
    url = absolute(site, article.url)
    description = plain(getattr(article, "summary", ""))
    image = podcast.image_url if podcast else None
    modified = getattr(article, "modified", None)
    data = jsonld.news_article(
        site, headline=article.title, url=url, description=description, published=article.date,
        modified=modified, image=image, language=str(getattr(article, "lang", "fr")),
    )
    return ShareMeta(
        url=url,
        og_type="article",
        title=article.title,
        description=description,
        image=image,
        image_alt=f"{site.site_name}" if image else None,
        published=article.date.isoformat(),
        modified=modified.isoformat() if modified else None,
        jsonld=jsonld.script_text(data) if article.status == "published" else None,
    )


def for_page(site: SharingSettings, podcast: PodcastSettings | None, page: Page) -> ShareMeta:
    summary = page.metadata.get("summary")
    image = podcast.image_url if podcast else None
    return ShareMeta(
        url=absolute(site, page.url),
        og_type="website",
        title=page.title,
        description=plain(summary) if summary else site.description,
        image=image,
        image_alt=site.site_name if image else None,
    )


def for_podcast(site: SharingSettings, podcast: PodcastSettings) -> ShareMeta:
    index_url = absolute(site, podcast.index_url)
    return ShareMeta(
        url=index_url,
        og_type="website",
        title=podcast.title,
        description=plain(podcast.description),
        image=podcast.image_url,
        image_alt=f"Pochette de « {podcast.title} »",
        jsonld=jsonld.script_text(jsonld.podcast_series(site, podcast, index_url)),
    )


def for_listing(site: SharingSettings, podcast: PodcastSettings | None, output_file: str | None) -> ShareMeta:
    """Any other page (home, archives, tags…): its own title and description; the Cité's JSON-LD on the home page."""
    image = podcast.image_url if podcast else None
    home = output_file == "index.html"
    return ShareMeta(
        url=_page_url(site, output_file),
        og_type="website",
        image=image,
        image_alt=site.site_name if image else None,
        jsonld=jsonld.script_text(jsonld.organization(site)) if home else None,
    )


@pass_context
def share_meta(context: Context, shown: Any = None) -> ShareMeta:
    """Jinja filter: the ShareMeta of what the page shows (see the module's docstring)."""
    site: SharingSettings = context[SETTINGS_KEY]
    podcast = context.get("podcast")
    podcast = podcast if isinstance(podcast, PodcastSettings) else None
    record = getattr(shown, "record", None)
    if isinstance(record, Episode) and podcast is not None:
        return for_episode(site, podcast, record)
    if isinstance(shown, PodcastSettings):
        return for_podcast(site, shown)
    if isinstance(shown, Article):
        return for_article(site, podcast, shown)
    if isinstance(shown, Page):
        return for_page(site, podcast, shown)
    return for_listing(site, podcast, context.get("output_file"))


FILTERS = {"share_meta": share_meta}
