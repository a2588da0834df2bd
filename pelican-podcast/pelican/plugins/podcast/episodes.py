"""From episode pages and their audio to Episode records: read, check, assemble.

Two steps, like Pelican's generators: `collect_sources()` reads every episode file and its audio and
returns every problem at once; `assemble()` runs once Pelican knows the URL of every static file.
Nothing here raises for content: problems are returned, the gate (plugins.checks) stops the build.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .artwork import check_artwork, check_embedded_artwork
from .cache import AudioMetadataCache
from .catalogue import PODCAST, phrase
from .errors import AudioError
from .front_matter import EPISODE_RULES, EpisodeFields, chapter_problems, default_guid, read_front_matter, with_ends
from .front_matter_rules import header_problems
from .loudness import check_audio_quality, quality_warnings
from .markdown_header import field_lines, read_header
from .picture_cache import PictureCache
from .prefetch import AudioPrefetch
from .problem_record import Problem
from .records import Artwork, AudioInfo, Chapter, Cue, Episode, EpisodeLink, MediaFile, Transcript
from .settings import PodcastSettings
from .source_files import SourceFile, resolve_source_file
from .thumbnails import thumbnails_of
from .transcripts import TRANSCRIPT_TYPES, read_transcript
from .urls import absolute_url, url_path

if TYPE_CHECKING:
    from .episode_page import EpisodePage
    from .manifest import AudioManifest

TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class AudioSource:
    file: SourceFile
    info: AudioInfo


@dataclass(frozen=True)
class EpisodeSources:
    """An episode page with its checked front matter and the files it names, already read."""

    page: EpisodePage  # the Pelican content object
    where: str  # "content/podcasts/x.md", for messages
    fields: EpisodeFields
    audio: AudioSource
    alternates: tuple[AudioSource, ...]
    image: SourceFile | None
    transcript: SourceFile | None
    chapters: tuple[Chapter, ...]  # front matter's, else the audio's; ends not filled in yet
    embedded_artwork: Artwork | None  # the audio's own picture, when usable and no Image is given
    cues: tuple[Cue, ...] = ()  # the transcript's, read once

    def linked_files(self, with_audio: bool = True) -> list[str]:
        """Content-relative paths that Pelican must copy to the output with the episode.

        Without `with_audio` (PODCAST_MEDIA_URL: listeners fetch the audio from the media host), the
        audio files stay out of the output.
        """
        audio = [self.audio.file, *(a.file for a in self.alternates)] if with_audio else []
        files = [*audio, self.image, self.transcript]
        return [f.relative for f in files if f is not None]


def collect_sources(
    pages: list[EpisodePage],
    settings: PodcastSettings,
    cache: AudioMetadataCache,
    check_only: Sequence[EpisodePage] = (),
    manifest: AudioManifest | None = None,
    prefetch: AudioPrefetch | None = None,
    pictures: PictureCache | None = None,
) -> tuple[list[EpisodeSources], list[Problem], list[Problem]]:
    """Check every page's front matter and read its files. Returns (sources, errors, warnings).

    `check_only` pages (that Pelican could not read) are checked the same way, never returned.
    With a `manifest`, an absent audio file is taken from it (PODCAST_MEDIA_URL), and a present
    one is recorded in it (`invoke check`) or checked against it (a build). The audio the cache
    lacks is read through `prefetch` (files read ahead in worker processes), else in-process.
    With `pictures`, an episode's Image unchanged since a build read it is not read again.
    """
    prefetch = prefetch or AudioPrefetch()
    sources: list[EpisodeSources] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for page in [*pages, *check_only]:
        where = posixpath.join("content", page.relative_source_path)
        written = read_header(page.source_path)
        header = [replace(problem, file=where) for problem in header_problems(written, EPISODE_RULES)]
        lines = field_lines(written)
        fields, field_problems = read_front_matter(page.metadata, where, lines)
        problems += [*header, *field_problems]
        file_problems: list[Problem] = []
        episode_sources = _read_files(page, where, lines, fields, settings, cache, file_problems, warnings, manifest,
                                      prefetch, pictures)
        problems += file_problems
        if episode_sources and not (header or field_problems or file_problems) and page not in check_only:
            sources.append(episode_sources)
    problems += _cross_episode_problems(sources, settings)
    return sources, problems, warnings


def _read_files(
    page: EpisodePage,
    where: str,
    lines: dict[str, int],
    fields: EpisodeFields,
    settings: PodcastSettings,
    cache: AudioMetadataCache,
    problems: list[Problem],
    warnings: list[Problem],
    manifest: AudioManifest | None = None,
    prefetch: AudioPrefetch | None = None,
    pictures: PictureCache | None = None,
) -> EpisodeSources | None:
    reads = prefetch or AudioPrefetch()

    def resolve(written: str | None, field: str) -> SourceFile | None:
        if not written:
            return None
        found, reason = resolve_source_file(written, page.relative_source_path, settings.content_path,
                                            settings.ignore_files)
        if reason:
            problems.append(_placed(reason, where, field, lines))
        return found

    def read(written: str | None, field: str) -> AudioSource | None:
        if not written:
            return None
        found, reason = resolve_source_file(written, page.relative_source_path, settings.content_path,
                                            settings.ignore_files)
        if found is None:
            # On the media host only (PODCAST_MEDIA_URL): the audio manifest speaks for the file.
            absent, known, told = (
                manifest.stand_in(written, page.relative_source_path, reason, settings.media_url)
                if manifest is not None and reason is not None else (None, None, reason)
            )
            if absent is None or known is None:
                # The manifest's own words when it has more to say, else the resolver's.
                problems.extend(_placed(problem, where, field, lines) for problem in (told,) if problem is not None)
                return None
            return AudioSource(absent, known)
        present = found
        shown = posixpath.join("content", present.relative)
        try:
            info = cache.get(present.absolute, lambda: reads.read(present.absolute, shown), reads.sha256)
        except AudioError as error:
            problems.append(_placed(PODCAST("podcast.E040", written=written, reason=error.reason), where, field, lines))
            return None
        if manifest is not None:
            said = manifest.present(present, written, info, lambda: cache.sha256(present.absolute, reads.sha256))
            problems.extend(_placed(problem, where, field, lines) for problem in said)
        return AudioSource(present, info)

    audio = read(fields.audio, "Audio")
    read_alternates = tuple(read(path, "Alternates") for path in fields.alternates)
    image = resolve(fields.image, "Image")
    if image:
        problems += [_placed(p, where, "Image", lines) for p in check_artwork(image.absolute, "Image", fields.image, pictures)]
    transcript = resolve(fields.transcript, "Transcript")
    if audio is None or None in read_alternates:
        if transcript and posixpath.splitext(transcript.relative)[1].lower() not in TRANSCRIPT_TYPES:
            problems.append(_placed(PODCAST("podcast.E060", written=fields.transcript), where, "Transcript", lines))
        return None
    alternates = tuple(a for a in read_alternates if a is not None)  # all of them: a None returned above
    duration = audio.info.duration
    cues: tuple[Cue, ...] = ()
    if transcript and fields.transcript:  # resolve() finds a file only for a written name
        cues, transcript_problems = read_transcript(transcript.absolute, fields.transcript, duration)
        problems += [_placed(p, where, "Transcript", lines) for p in transcript_problems]
    if fields.number is None and fields.episode_type == "full" and audio.info.tags.track:
        # The audio's track number stands in for a missing Episode, as every tag does.
        fields = replace(fields, number=audio.info.tags.track)
    chapters, field = (fields.chapters, "Chapters") if fields.chapters else (audio.info.chapters, "Audio")
    origin = "" if fields.chapters else phrase("audio_chapters")
    problems += [replace(p, file=where, line=lines.get(field.lower()), hint=origin or p.hint)
                 for p in chapter_problems(chapters, duration, field)]
    embedded = None
    if not image and audio.info.artwork:
        picture = phrase("embedded_picture", audio=fields.audio)
        artwork_problems = check_embedded_artwork(audio.info.artwork.data, picture)
        if artwork_problems:
            warnings += [replace(_placed(p, where, "Audio", lines), level="warning",
                                 hint=" ; ".join(filter(None, (p.hint, phrase("embedded_artwork_unused")))))
                         for p in artwork_problems]
        else:
            embedded = audio.info.artwork
    return EpisodeSources(page, where, fields, audio, alternates, image, transcript, chapters, embedded, cues)


def _placed(problem: Problem, where: str, field: str, lines: dict[str, int]) -> Problem:
    return replace(problem, file=where, field=field, line=lines.get(field.lower()))


def _cross_episode_problems(sources: list[EpisodeSources], settings: PodcastSettings) -> list[Problem]:
    """Problems no single file shows: one audio file for two episodes, numbers and GUIDs used twice."""
    problems = []
    by_audio, by_number, by_guid = defaultdict(list), defaultdict(list), defaultdict(list)
    for source in sources:
        for audio in (source.audio, *source.alternates):
            by_audio[audio.file.absolute].append(source.where)
        if source.fields.number is not None:
            by_number[(source.fields.season, source.fields.number)].append(source.where)
        by_guid[episode_guid(source, settings)].append(source.where)
    for users in by_audio.values():
        if len(users) > 1:
            problems.append(PODCAST("podcast.E020", file=users[-1], field="Audio", others=", ".join(users[:-1])))
    for (season, number), users in by_number.items():
        if len(users) > 1:
            in_season = phrase("in_season", season=season) if season else ""
            problems.append(PODCAST("podcast.E021", file=users[-1], field="Episode", number=number, in_season=in_season,
                                    others=", ".join(users[:-1])))
    for guid, users in by_guid.items():
        if len(users) > 1:
            problems.append(PODCAST("podcast.E022", file=users[-1], field="Guid", guid=guid, others=", ".join(users[:-1])))
    # Each said on the line of the field in the file that uses the thing again.
    sources_of = {source.where: source.page.source_path for source in sources}
    return [replace(p, line=field_lines(read_header(sources_of[p.file])).get(p.field.lower())) for p in problems]


def audio_quality_warnings(sources: list[EpisodeSources], cache: AudioMetadataCache) -> list[Problem]:
    """The audio quality report (loudness, true peak, sample rate, bitrate) of each episode's audio.

    Measuring decodes the whole file (seconds per hour of audio): measures are cached with the
    metadata, and the files not measured yet are measured side by side (one ffmpeg each).
    """
    cached = {s.where: cache.quality(s.audio.file.absolute) for s in sources}
    to_measure = [s for s in sources if cached[s.where] is None]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        measured = pool.map(
            lambda s: check_audio_quality(s.audio.file.absolute, s.audio.info, str(s.fields.audio)), to_measure
        )
        fresh = {s.where: result for s, result in zip(to_measure, measured, strict=True)}
    warnings = []
    for source in sources:
        known = cached[source.where]
        if known is not None:
            said = quality_warnings(known, str(source.fields.audio))
        else:
            quality, said = fresh[source.where]
            if quality is not None:
                cache.remember_quality(source.audio.file.absolute, quality)
        lines = field_lines(read_header(source.page.source_path))
        warnings += [_placed(warning, source.where, "Audio", lines) for warning in said]
    return warnings


def episode_guid(source: EpisodeSources, settings: PodcastSettings) -> str:
    return file_guid(source.fields.guid, source.page.relative_source_path, settings)


def file_guid(written: str | None, relative_source_path: str, settings: PodcastSettings) -> str:
    """The GUID of the episode file at `relative_source_path` (inside content/): its Guid, else the one
    its name gives (default_guid)."""
    if written:
        return written
    name = posixpath.splitext(posixpath.relpath(relative_source_path, settings.podcast_dir))[0]
    return default_guid(settings.guid, name)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace folded, for <description>."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def artwork_path(source: EpisodeSources, settings: PodcastSettings) -> str | None:
    """Where the audio's embedded picture is written, when the episode uses it."""
    if source.embedded_artwork is None:
        return None
    return settings.artwork_save_as.format(slug=source.page.slug, ext=source.embedded_artwork.extension)


def chapters_path(source: EpisodeSources, settings: PodcastSettings) -> str | None:
    return settings.chapters_save_as.format(slug=source.page.slug) if source.chapters else None


def assemble(
    source: EpisodeSources, settings: PodcastSettings, static_path: Callable[[str], str], status: str | None = None
) -> Episode:
    """The Episode record, once `static_path(relative_path)` gives each copied file's output path.

    `status` overrides the page's for previews ("draft", "scheduled").
    """
    page, fields = source.page, source.fields
    # collect_sources() returns only episodes whose front matter has no problem, and a missing Title is one.
    assert fields.title is not None
    audio = source.audio.info

    def media(audio_source: AudioSource) -> MediaFile:
        path = static_path(audio_source.file.relative)
        on_host = absolute_url(settings.media_url, url_path(path)) if settings.media_url else None
        return MediaFile(
            path=path,
            href=on_host or url_path(path),
            url=on_host or absolute_url(settings.site_url, url_path(path)),
            audio=audio_source.info,
        )

    image_path = static_path(source.image.relative) if source.image else artwork_path(source, settings)
    transcript = None
    if source.transcript:
        path = static_path(source.transcript.relative)
        transcript = Transcript(
            path=path,
            href=url_path(path),
            url=absolute_url(settings.site_url, url_path(path)),
            mime_type=TRANSCRIPT_TYPES[posixpath.splitext(path)[1].lower()],
            language=settings.language,
            cues=source.cues,
        )
    json_chapters = chapters_path(source, settings)
    page_path = url_path(page.url)
    return Episode(
        source_path=source.where,
        slug=page.slug,
        title=fields.title,
        date=page.date,
        summary=_summary(page, audio),
        content_html=page.get_content(settings.site_url),
        path=page_path,
        url=absolute_url(settings.site_url, page_path),
        guid=episode_guid(source, settings),
        enclosure=media(source.audio),
        season=fields.season,
        number=fields.number,
        episode_type=fields.episode_type,
        explicit=settings.explicit if fields.explicit is None else fields.explicit,
        image_url=absolute_url(settings.site_url, url_path(image_path)) if image_path else None,
        image_path=image_path,
        image_href=url_path(image_path) if image_path else None,
        thumbnails=thumbnails_of(image_path) if image_path else (),
        persons=fields.persons,
        chapters=with_ends(source.chapters, audio.duration),
        chapters_path=json_chapters,
        chapters_url=absolute_url(settings.site_url, url_path(json_chapters)) if json_chapters else None,
        transcript=transcript,
        alternates=tuple(media(a) for a in source.alternates),
        status=status or page.status,
    )


def _summary(page: EpisodePage, audio: AudioInfo) -> str:
    """Summary from the front matter, else the audio's comment tag, else the start of the notes."""
    if "summary" not in page.metadata and audio.tags.comment:
        return audio.tags.comment.strip()
    return plain_text(page.summary)


def with_neighbours(episodes: Sequence[Episode]) -> list[Episode]:
    """The published episodes, newest first, each knowing the one just older and the one just newer."""
    links = [EpisodeLink(e.title, e.path, e.season, e.number, e.episode_type) for e in episodes]
    return [
        replace(episode, previous=links[i + 1] if i + 1 < len(links) else None, next=links[i - 1] if i else None)
        for i, episode in enumerate(episodes)
    ]


def by_season(episodes: Sequence[Episode]) -> list[tuple[int | None, list[Episode]]]:
    """The podcast index's groups: the newest season first, the episodes without a season last."""
    groups: dict[int | None, list[Episode]] = defaultdict(list)
    for episode in episodes:
        groups[episode.season].append(episode)
    return sorted(groups.items(), key=lambda group: (group[0] is None, -(group[0] or 0)))
