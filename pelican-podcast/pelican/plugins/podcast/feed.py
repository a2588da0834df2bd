"""Writing the podcast RSS feed: check its content, build the XML with feedgen, write it atomically.

The feed follows Apple's "A Podcaster's Guide to RSS" and carries the Podcast Index namespace 1.0
and Podlove Simple Chapters (see feed_namespaces). feedgen writes the channel and serialises the
feed; the <item> elements are built with lxml by feed_items, not as feedgen entries, which alone
would take the feed's whole time budget (feed_items says why). Every element is built by lxml: no
XML is ever assembled from strings, so `&`, `<`, `]]>`, quotes and emoji need no care here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator  # before feed_namespaces' feedgen.ext imports (lxml 6)

from .catalogue import PODCAST
from .feed_items import EPISODE_ITEMS, EpisodeItemsExtension, rfc2822_date
from .feed_namespaces import APPLE, APPLE_IMAGE_EXTENSIONS, PODCAST_INDEX, WEBSUB, register_extensions
from .markdown_header import field_lines, read_header
from .problem_record import Problem
from .records import Episode
from .settings import PodcastSettings
from .text_rules import DESCRIPTION, FUNDING_TEXT, LINE, NOTES, PERSON_NAME, TITLE, TextRule, text_problems
from .update_frequency import computed_frequency
from .urls import absolute_url

GENERATOR = "Pelican, plugin podcast (python-feedgen)"


def build_feed(settings: PodcastSettings, episodes: Sequence[Episode], build_date: datetime) -> bytes:
    """The RSS 2.0 feed of the show, pretty-printed UTF-8 with an XML declaration.

    `build_date` (timezone-aware) becomes <lastBuildDate>, so the same input gives the same bytes.
    Items are sorted newest first whatever the order of `episodes`. Run check_feed_content() first:
    content it refuses (e.g. control characters) makes lxml raise ValueError here.
    """
    fg = FeedGenerator()
    register_extensions(fg)
    _describe_show(fg, settings, build_date, episodes)
    # Registered last: feedgen runs the extensions in that order, so the items follow every channel tag.
    fg.register_extension(EPISODE_ITEMS, EpisodeItemsExtension)
    getattr(fg, EPISODE_ITEMS).episodes(newest_first(episodes))
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def newest_first(episodes: Sequence[Episode]) -> list[Episode]:
    """Episodes by publication date, newest first; the GUID breaks ties so the order never varies."""
    return sorted(episodes, key=lambda episode: (episode.date, episode.guid), reverse=True)


def _describe_show(
    fg: FeedGenerator, settings: PodcastSettings, build_date: datetime, episodes: Sequence[Episode]
) -> None:
    fg.title(settings.title)
    fg.description(settings.description)
    fg.language(settings.language)
    if settings.copyright:
        fg.copyright(settings.copyright)
    fg.generator(GENERATOR)
    fg.lastBuildDate(build_date)
    # feedgen takes the channel <link> from the last link() call: the self link goes first.
    fg.link(href=settings.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=absolute_url(settings.site_url, "/"))
    # RSS 2.0's own <image>, for the apps and readers that do not read itunes:image.
    fg.image(url=settings.image_url, title=settings.title, link=absolute_url(settings.site_url, "/"))
    if settings.websub_hub:
        getattr(fg, WEBSUB).websub_hub(settings.websub_hub)

    apple = getattr(fg, APPLE)
    apple.itunes_image(settings.image_url)
    apple.itunes_category([{"cat": cat, "sub": sub} if sub else {"cat": cat} for cat, sub in settings.categories])
    apple.itunes_explicit(settings.explicit)
    apple.itunes_author(settings.author)
    apple.itunes_owner(name=settings.owner_name, email=settings.owner_email)
    apple.itunes_type(settings.podcast_type)

    podcast_index = getattr(fg, PODCAST_INDEX)
    _describe_show_more(podcast_index, settings, episodes)
    podcast_index.podcast_guid(settings.guid)
    podcast_index.podcast_locked(settings.locked, owner=settings.owner_email)
    if settings.funding_url:
        podcast_index.podcast_funding(settings.funding_url, settings.funding_text)


def _describe_show_more(podcast_index: Any, settings: PodcastSettings, episodes: Sequence[Episode]) -> None:
    """The Podcast Index channel tags apps and directories read: location, license, medium, update
    frequency (PODCAST_UPDATE_FREQUENCY, else computed from the dates), txt, podroll, trailers."""
    if settings.location:
        place = settings.location
        podcast_index.podcast_tag("location", place.name, geo=place.geo, osm=place.osm)
    if settings.license:
        podcast_index.podcast_tag("license", settings.license, url=settings.license_url)
    podcast_index.podcast_tag("medium", settings.medium)
    # A trailer comes when it comes: it says nothing of the show's rhythm.
    frequency = settings.update_frequency or computed_frequency([e.date for e in episodes if e.episode_type != "trailer"])
    if frequency:
        podcast_index.podcast_tag("updateFrequency", frequency.text, rrule=frequency.rrule,
                                  complete="true" if frequency.complete else None)
    for txt in settings.txt:
        podcast_index.podcast_tag("txt", txt.text, purpose=txt.purpose)
    if settings.podroll:
        podcast_index.podcast_podroll([(show.feed_guid, show.feed_url) for show in settings.podroll])
    # Each trailer episode is also the channel's podcast:trailer (its enclosure, newest first).
    for trailer in (e for e in newest_first(episodes) if e.episode_type == "trailer"):
        media = trailer.enclosure
        podcast_index.podcast_tag(
            "trailer", trailer.title, pubdate=rfc2822_date(trailer.date), url=media.url,
            length=str(media.audio.size), type=media.audio.mime_type,
            season=str(trailer.season) if trailer.season is not None else None,
        )


# --- Content checks ----------------------------------------------------------------------------

# How the messages name episode fields: the front-matter keys the editor types.
FIELD_TITLE = "Title"
FIELD_SUMMARY = "Summary"
FIELD_NOTES = "notes (corps du fichier)"
FIELD_AUDIO = "Audio"
FIELD_ALTERNATES = "Alternates"
FIELD_GUID = "Guid"
FIELD_NUMBER = "Episode"
FIELD_IMAGE = "Image"
FIELD_PERSONS = "Persons"

# Apple's enclosure formats are M4A, MP3, MOV, MP4, M4V and PDF; of those, audio means MP3 or M4A.
APPLE_AUDIO_FORMATS = ("mp3", "m4a")


def check_feed_content(settings: PodcastSettings, episodes: Sequence[Episode]) -> list[Problem]:
    """Every problem that would make the feed wrong or refused by Apple Podcasts.

    Each names the setting (PODCAST_TITLE) or the episode file, field and line, and says what to
    do. An empty list means the feed can be built.

    Text values follow text_rules.py (no control character, Apple's length limits).
    """
    problems = [problem for setting, value, rule in _show_texts(settings) for problem in text_problems(value, rule, setting)]
    for episode in episodes:
        problems += [_placed(problem, episode, settings) for problem in _episode_problems(episode, settings)]
    problems += [_placed(problem, episode, settings) for problem, episode in _duplicate_problems(episodes)]
    return problems


def _placed(problem: Problem, episode: Episode, settings: PodcastSettings) -> Problem:
    """`problem` about a field of `episode`'s file, on the line that field is written on."""
    source = os.path.join(settings.content_path, *episode.source_path.split("/")[1:])  # "content/" is the folder
    return replace(problem, file=episode.source_path, line=field_lines(read_header(source)).get(problem.field.lower()))


def _show_texts(settings: PodcastSettings) -> list[tuple[str, str | None, TextRule]]:
    return [
        ("PODCAST_TITLE", settings.title, TITLE),
        ("PODCAST_DESCRIPTION", settings.description, DESCRIPTION),
        ("PODCAST_AUTHOR", settings.author, LINE),
        ("PODCAST_OWNER_NAME", settings.owner_name, LINE),
        ("PODCAST_COPYRIGHT", settings.copyright, LINE),
        ("PODCAST_FUNDING_TEXT", settings.funding_text, FUNDING_TEXT),
    ]


# Shorter than this, an audio file is no episode (itunes:duration would say 0).
MIN_EPISODE_SECONDS = 1.0


def _episode_problems(episode: Episode, settings: PodcastSettings) -> list[Problem]:
    """Problems of one episode, each about a field."""
    texts = [
        (FIELD_TITLE, episode.title, TITLE),
        (FIELD_SUMMARY, episode.summary, DESCRIPTION),
        (FIELD_NOTES, episode.content_html, NOTES),
    ] + [(FIELD_PERSONS, person.name, PERSON_NAME) for person in episode.persons]
    problems = [problem for field, value, rule in texts for problem in text_problems(value, rule, field)]

    media = episode.enclosure
    if media.audio.format not in APPLE_AUDIO_FORMATS:
        problems.append(PODCAST("podcast.E050", field=FIELD_AUDIO, path=media.path, format=media.audio.format.upper(),
                                alternates=FIELD_ALTERNATES))
    if episode.image_url and not episode.image_url.endswith(APPLE_IMAGE_EXTENSIONS):
        problems.append(PODCAST("podcast.E051", field=FIELD_IMAGE, url=episode.image_url))
    if episode.duration < MIN_EPISODE_SECONDS:
        # Apps show 0:00 and skip it; almost always an interrupted export or the wrong file.
        seconds = f"{episode.duration:.1f}".replace(".", ",")
        problems.append(PODCAST("podcast.E052", field=FIELD_AUDIO, path=media.path, seconds=seconds,
                                minimum=MIN_EPISODE_SECONDS))
    if settings.podcast_type == "serial" and episode.number is None:
        problems.append(PODCAST("podcast.E053", field=FIELD_NUMBER))
    return problems


def _duplicate_problems(episodes: Sequence[Episode]) -> list[tuple[Problem, Episode]]:
    """GUIDs and media URLs used twice (apps then merge episodes or drop one of them), each with
    the episode that uses it again."""
    problems = []
    guid_owner: dict[str, str] = {}
    for episode in episodes:
        if episode.guid in guid_owner:
            problems.append((PODCAST("podcast.E054", field=FIELD_GUID, guid=episode.guid, owner=guid_owner[episode.guid]),
                             episode))
        else:
            guid_owner[episode.guid] = episode.source_path
    url_owner: dict[str, str] = {}
    for episode in episodes:
        media_files = [(FIELD_AUDIO, episode.enclosure)] + [(FIELD_ALTERNATES, media) for media in episode.alternates]
        for field, media in media_files:
            if media.url in url_owner:
                problems.append((PODCAST("podcast.E055", field=field, url=media.url, owner=url_owner[media.url]), episode))
            else:
                url_owner[media.url] = f"{episode.source_path} ({field})"
    return problems
