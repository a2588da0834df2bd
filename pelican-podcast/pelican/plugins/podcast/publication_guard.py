"""The publication guard: what this build's episode files say, set against the feed live now.

A publication build (`settings.continuity`) runs it once every episode is assembled: every episode
that is or will be published must carry its `Guid` (the exact line to add is given), and the feed
it is about to write must continue the live one (continuity.py). It returns problems, never raises,
and a sentence for the build's summary saying what it compared with.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalogue import PODCAST, phrase
from .continuity import (
    PREVIOUS_AUDIO,
    PREVIOUS_DATE,
    PREVIOUS_GUID,
    WITHDRAWN,
    EpisodeDeclarations,
    FeedDeclarations,
    Unpublished,
    continuity_problems,
    read_feed,
)
from .episodes import file_guid
from .front_matter import as_lines
from .live_feed import LiveFeed, download_live_feed, read_live_feed
from .markdown_header import field_lines, read_header
from .problem_record import Problem
from .settings import load_settings
from .urls import absolute_url

if TYPE_CHECKING:
    from .episodes import EpisodeSources
    from .records import Episode
    from .settings import ContinuitySettings, PodcastSettings


@dataclass(frozen=True)
class EpisodeFile:
    """One episode file of this build as the guard sees it: where, its GUID, why it is not in the feed."""

    where: str  # content/podcasts/x.md
    relative_source_path: str  # inside content/
    metadata: dict[str, Any]  # the front matter, as Pelican read it (keys lower-case)
    unpublished: str | None = None  # None: in the feed; else why not (phrase "unpublished_draft", "withdrawn"…)


def episode_files(sources: Sequence[EpisodeSources], published: Sequence[Episode], scheduled: Sequence[EpisodeSources],
                  drafts: Sequence[Any], withdrawn: Sequence[Any]) -> list[EpisodeFile]:
    """Every episode file the build read, each once: in the feed, hidden, scheduled, draft, withdrawn."""
    in_feed = {episode.source_path for episode in published}
    files = [EpisodeFile(s.where, s.page.relative_source_path, s.page.metadata,
                         None if s.where in in_feed else phrase("unpublished_hidden")) for s in sources]
    files += [EpisodeFile(s.where, s.page.relative_source_path, s.page.metadata,
                          phrase("unpublished_scheduled", date=f"{s.page.date:%Y-%m-%d %H:%M}")) for s in scheduled]
    for pages, why in ((drafts, phrase("unpublished_draft")), (withdrawn, WITHDRAWN)):
        files += [EpisodeFile(f"content/{p.relative_source_path}", p.relative_source_path, p.metadata, why) for p in pages]
    return files


def _written(metadata: dict[str, Any], key: str) -> str | None:
    lines = as_lines(metadata.get(key))
    return lines[0] if lines else None


def missing_guid_problems(files: Sequence[EpisodeFile], podcast: PodcastSettings,
                          renamed: frozenset[str] = frozenset()) -> list[Problem]:
    """An episode that is or will be published (drafts aside) names its GUID in its file: renaming the
    file would otherwise change it, and every app would take it for a new episode. A file found
    renamed (`renamed`: its name's GUID) has the guard's own message, with its live GUID."""
    problems = []
    for file in files:
        if file.unpublished == phrase("unpublished_draft"):
            continue
        guid = file_guid(None, file.relative_source_path, podcast)
        if _written(file.metadata, "guid") is None and guid not in renamed:
            problems.append(PODCAST("podcast.E188", file=file.where, field="Guid", guid=guid))
    return problems


def guard(feed: bytes | None, files: Sequence[EpisodeFile], podcast: PodcastSettings,
          continuity: ContinuitySettings) -> tuple[list[Problem], str]:
    """Every episode's Guid, and the continuity problems of `feed` (the bytes this build is about to
    write; None: it cannot be built, its problems are said already); and the summary's sentence."""
    if feed is None:
        return missing_guid_problems(files, podcast), ""
    live, problems = read_live_feed(continuity.live_feed, site_home(podcast))
    if live is None or live.facts is None:
        return problems + missing_guid_problems(files, podcast), live.note if live else ""
    declarations = {}
    unpublished = {}
    for file in files:
        guid = file_guid(_written(file.metadata, "guid"), file.relative_source_path, podcast)
        if file.unpublished:
            unpublished[guid] = Unpublished(file.where, file.unpublished)
        else:
            declarations[guid] = EpisodeDeclarations(
                where=file.where, guid=guid,
                previous_guid=_written(file.metadata, PREVIOUS_GUID.lower()),
                previous_audio=_written(file.metadata, PREVIOUS_AUDIO.lower()),
                previous_date=_written(file.metadata, PREVIOUS_DATE.lower()),
            )
    declared = FeedDeclarations(continuity.previous_feed_url, continuity.previous_media_url, continuity.previous_guid)
    found = continuity_problems(live.facts, read_feed(feed), declarations, unpublished, declared, podcast.podcast_dir)
    return _on_their_lines(found.problems, files, podcast) + missing_guid_problems(files, podcast, found.renamed), live.note


def _on_their_lines(problems: list[Problem], files: Sequence[EpisodeFile], podcast: PodcastSettings) -> list[Problem]:
    """Each problem about an episode file on the line of its field there (its Audio, Date, Guid…)."""
    sources = {file.where: file.relative_source_path for file in files}
    lines = {where: field_lines(read_header(os.path.join(podcast.content_path, relative))) for where, relative in sources.items()
             if any(problem.file == where for problem in problems)}
    return [replace(p, line=lines[p.file].get(p.field.lower())) if p.file in lines else p for p in problems]



def site_home(podcast: PodcastSettings) -> str:
    """The site's home page: answering 404 with the feed, it tells a site never published."""
    return absolute_url(podcast.site_url, "/")


def download_publication_feed(settings: Mapping[str, Any], target: Path) -> tuple[LiveFeed | None, list[Problem]]:
    """The deploy's step before a publication (`invoke live-feed`): the feed live at the address a
    publication of `settings` reads (the feed's own, or PODCAST_PREVIOUS_FEED_URL) written to `target`;
    nothing written when nothing was ever published there (live_feed.download_live_feed)."""
    podcast, problems = load_settings({**settings, "PRODUCTION": True, "PODCAST_CHECK_CONTINUITY": True,
                                       "PODCAST_LIVE_FEED": None})
    if problems:
        return None, problems
    # A publication's settings with no live feed named: the continuity guard's, with the feed's address.
    assert podcast.continuity is not None and podcast.continuity.live_feed is not None
    return download_live_feed(podcast.continuity.live_feed, site_home(podcast), target)
