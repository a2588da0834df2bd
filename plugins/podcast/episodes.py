"""From episode pages and their audio to Episode records: read, check, assemble.

Two steps, like Pelican's generators: `collect_sources()` reads every episode file and its audio and
reports every problem at once; `assemble()` runs once Pelican knows the URL of every static file.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from .audio import read_audio
from .cache import AudioMetadataCache
from .errors import AudioError
from .front_matter import EpisodeFields, default_guid, read_front_matter
from .records import Artwork, AudioInfo, Chapter, Episode, MediaFile, Transcript
from .settings import PodcastSettings, absolute_url
from .source_files import SourceFile, resolve_source_file

TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class AudioSource:
    file: SourceFile
    info: AudioInfo


@dataclass(frozen=True)
class EpisodeSources:
    """An episode page with its checked front matter and the files it names, already read."""

    page: object  # the Pelican content object (generator.EpisodePage)
    where: str  # "content/podcasts/x.md", for messages
    fields: EpisodeFields
    audio: AudioSource
    alternates: tuple[AudioSource, ...]
    image: SourceFile | None
    transcript: SourceFile | None

    def linked_files(self) -> list[str]:
        """Content-relative paths that Pelican must copy to the output with the episode."""
        files = [self.audio.file, *(a.file for a in self.alternates), self.image, self.transcript]
        return [f.relative for f in files if f is not None]


def collect_sources(
    pages: list, settings: PodcastSettings, cache: AudioMetadataCache
) -> tuple[list[EpisodeSources], list[str]]:
    """Check every page's front matter and read its files. Returns (sources, problems)."""
    sources, problems = [], []
    for page in pages:
        where = posixpath.join("content", page.relative_source_path)
        fields, field_problems = read_front_matter(page.metadata, where)
        problems += field_problems
        episode_sources = _read_files(page, where, fields, settings, cache, problems)
        if episode_sources and not field_problems:
            sources.append(episode_sources)
    problems += _cross_episode_problems(sources, settings)
    return sources, problems


def _read_files(page, where, fields, settings, cache, problems) -> EpisodeSources | None:
    def resolve(written: str | None, field: str) -> SourceFile | None:
        if not written:
            return None
        found, reason = resolve_source_file(written, page.relative_source_path, settings.content_path)
        if reason:
            problems.append(f"{where}: {field}: {reason}")
        return found

    def read(written: str | None, field: str) -> AudioSource | None:
        found = resolve(written, field)
        if found is None:
            return None
        shown = posixpath.join("content", found.relative)
        try:
            info = cache.get(found.absolute, lambda: read_audio(found.absolute, display_path=shown))
        except AudioError as error:
            problems.append(f"{where}: {field}: {written!r} : {error.reason}")
            return None
        return AudioSource(found, info)

    audio = read(fields.audio, "Audio")
    alternates = tuple(read(path, "Alternates") for path in fields.alternates)
    image = resolve(fields.image, "Image")
    if image and not image.relative.lower().endswith(IMAGE_EXTENSIONS):
        problems.append(f"{where}: Image: {fields.image!r} doit être une image JPEG ou PNG")
    transcript = resolve(fields.transcript, "Transcript")
    if transcript and posixpath.splitext(transcript.relative)[1].lower() not in TRANSCRIPT_TYPES:
        problems.append(f"{where}: Transcript: {fields.transcript!r} doit être un fichier .vtt ou .srt")
    if audio is None or None in alternates:
        return None
    if fields.number is None and fields.episode_type == "full" and audio.info.tags.track:
        # The audio's track number stands in for a missing Episode, as every tag does.
        fields = replace(fields, number=audio.info.tags.track)
    for chapter in fields.chapters:
        if chapter.start >= audio.info.duration:
            problems.append(
                f"{where}: Chapters: le chapitre {chapter.title!r} commence après la fin de l'audio "
                f"({audio.info.duration:.0f} s)"
            )
    return EpisodeSources(page, where, fields, audio, alternates, image, transcript)


def _cross_episode_problems(sources: list[EpisodeSources], settings: PodcastSettings) -> list[str]:
    """Problems no single file shows: one audio file for two episodes, numbers and GUIDs used twice."""
    problems = []
    by_audio, by_number, by_guid = defaultdict(list), defaultdict(list), defaultdict(list)
    for source in sources:
        for audio in (source.audio, *source.alternates):
            by_audio[audio.file.absolute].append(source.where)
        if source.fields.number is not None:
            by_number[(source.fields.season, source.fields.number)].append(source.where)
        by_guid[episode_guid(source, settings)].append(source.where)
    for path, users in by_audio.items():
        if len(users) > 1:
            problems.append(f"{users[-1]}: Audio: le même fichier audio sert déjà à {', '.join(users[:-1])}")
    for (season, number), users in by_number.items():
        if len(users) > 1:
            in_season = f" de la saison {season}" if season else ""
            problems.append(f"{users[-1]}: Episode: le numéro {number}{in_season} est déjà pris par {', '.join(users[:-1])}")
    for guid, users in by_guid.items():
        if len(users) > 1:
            problems.append(f"{users[-1]}: Guid: {guid!r} est déjà l'identifiant de {', '.join(users[:-1])}")
    return problems


def episode_guid(source: EpisodeSources, settings: PodcastSettings) -> str:
    if source.fields.guid:
        return source.fields.guid
    name = posixpath.splitext(posixpath.relpath(source.page.relative_source_path, settings.podcast_dir))[0]
    return default_guid(settings.guid, name)


def is_published(source: EpisodeSources, now: datetime) -> bool:
    """Drafts are skipped before this; an episode dated in the future waits for its date."""
    return source.page.date <= now


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace folded, for <description>."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def assemble(source: EpisodeSources, settings: PodcastSettings, static_url) -> tuple[Episode, Artwork | None]:
    """The Episode record, once `static_url(relative_path)` gives each copied file's URL.

    Returns the record and the embedded artwork to write, if the episode uses it.
    """
    page, fields = source.page, source.fields
    audio = source.audio.info

    def media(audio_source: AudioSource) -> MediaFile:
        path = static_url(audio_source.file.relative)
        return MediaFile(path=path, url=absolute_url(settings.media_url, path), audio=audio_source.info)

    artwork, image_path = None, None
    if source.image:
        image_path = static_url(source.image.relative)
    elif audio.artwork:
        artwork = audio.artwork
        image_path = settings.artwork_save_as.format(slug=page.slug, ext=artwork.extension)

    transcript = None
    if source.transcript:
        path = static_url(source.transcript.relative)
        extension = posixpath.splitext(path)[1].lower()
        transcript = Transcript(
            path=path,
            url=absolute_url(settings.site_url, path),
            mime_type=TRANSCRIPT_TYPES[extension],
            language=settings.language,
        )

    chapters = _with_ends(fields.chapters or audio.chapters, audio.duration)
    chapters_path = settings.chapters_save_as.format(slug=page.slug) if chapters else None
    episode = Episode(
        source_path=source.where,
        slug=page.slug,
        title=fields.title,
        date=page.date,
        summary=_summary(page, audio),
        content_html=page.get_content(settings.site_url),
        path=page.url,
        url=absolute_url(settings.site_url, page.url),
        guid=episode_guid(source, settings),
        enclosure=media(source.audio),
        duration=audio.duration,
        season=fields.season,
        number=fields.number,
        episode_type=fields.episode_type,
        explicit=settings.explicit if fields.explicit is None else fields.explicit,
        image_url=absolute_url(settings.site_url, image_path) if image_path else None,
        image_path=image_path,
        persons=fields.persons,
        chapters=chapters,
        chapters_path=chapters_path,
        chapters_url=absolute_url(settings.site_url, chapters_path) if chapters_path else None,
        transcript=transcript,
        alternates=tuple(media(a) for a in source.alternates),
    )
    return episode, artwork


def _summary(page, audio: AudioInfo) -> str:
    """Summary from the front matter, else the audio's comment tag, else the start of the notes."""
    if "summary" not in page.metadata and audio.tags.comment:
        return audio.tags.comment.strip()
    return plain_text(page.summary)


def _with_ends(chapters: tuple[Chapter, ...], duration: float) -> tuple[Chapter, ...]:
    ends = [c.start for c in chapters[1:]] + [duration]
    return tuple(Chapter(start=c.start, title=c.title, end=c.end or end) for c, end in zip(chapters, ends))
