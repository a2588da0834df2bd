"""The Pelican generator of the podcast section: episode pages, the podcast index, chapters, feed.

Like Pelican's own generators it works in two phases. `generate_context()` reads every episode and
its audio and reports every problem to the build's list (plugins.problems); the gate stops the
build before anything is written. `generate_output()` writes. In between, `assemble_records()`
(at all_generators_finalized, once Pelican knows the URL of every copied file) turns each episode
into a frozen Episode record.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pelican.generators import ArticlesGenerator, Generator
from pelican.utils import posixize_path, sanitised_join

from .cache import AudioMetadataCache
from .catalogue import PODCAST, phrase
from .chapters_json import chapters_json
from .continuity import WITHDRAWN
from .episode_page import EpisodePage
from .episodes import artwork_path, assemble, audio_quality_warnings, by_season, chapters_path, collect_sources, with_neighbours
from .feed import build_feed, check_feed_content
from .files import write_atomically
from .front_matter_rules import date_problem_from_pelican
from .interface import output_current
from .manifest import AudioManifest
from .markdown_header import field_lines, header_dict, read_header
from .media_host import media_host_problems
from .picture_cache import PictureCache
from .prefetch import AudioPrefetch, audio_to_read
from .problem_record import Problem
from .problems import after_clean_check, report
from .publication_guard import episode_files, guard, missing_guid_problems

if TYPE_CHECKING:
    from collections.abc import Container

    from pelican.writers import Writer

    from .episodes import EpisodeSources
    from .records import Episode
    from .settings import ContinuitySettings, PodcastSettings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "PODCAST_SETTINGS"


class EpisodesGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sources: list[EpisodeSources] = []  # the episodes written (published and hidden), newest first
        self.episodes: list[Episode] = []  # the published episodes (index, feed), newest first
        self.hidden: list[Episode] = []  # the hidden episodes (their page only)
        self.previews: list[EpisodeSources] = []  # PODCAST_PREVIEW_DRAFTS: scheduled and draft episodes, page only
        self.held_back = {"épisode programmé": 0, "brouillon d'épisode": 0, "épisode retiré": 0}
        self._scheduled: list[EpisodeSources] = []
        self._drafts: list[EpisodePage] = []
        self._withdrawn: list[EpisodePage] = []  # Status: withdrawn: never written, their GUID known
        self._feed: bytes | None = None  # the feed the publication guard compared, written as such
        self.continuity_note = ""  # what the publication guard compared with, for the summary
        # Pelican's content cache (CACHE_CONTENT) for the episodes' Markdown, as for articles and pages.
        super().__init__(*args, readers_cache_name=f"{type(self).__name__}-Readers", **kwargs)
        self.podcast: PodcastSettings = self.settings[SETTINGS_KEY]
        # Pelican constructs every generator before any reads: the audio the cache lacks is read in
        # worker processes from now on, while Pelican reads the articles (a cold build's slow part).
        self._cache = AudioMetadataCache(self.podcast.cache_path)
        to_read, to_hash = audio_to_read(
            self.path, self.get_files(self.podcast.podcast_dir), self._cache, with_drafts=self.podcast.preview_drafts
        )
        self._prefetch = AudioPrefetch.start(to_read, to_hash=to_hash)

    def generate_context(self) -> None:
        try:
            self._read_context()
        finally:
            self._prefetch.close()

    def _read_context(self) -> None:
        pages, unreadable, problems, drafts = self._read_pages()
        self._drafts = drafts
        cache, prefetch = self._cache, self._prefetch
        # `invoke check` records the audio files present in the manifest; a build checks them against it.
        manifest = AudioManifest(self.podcast.content_path, self.podcast.podcast_dir, updating=self.podcast.check_only)
        pictures = PictureCache(self.podcast.cache_path)
        sources, source_problems, warnings = collect_sources(pages, self.podcast, cache, unreadable, manifest, prefetch,
                                                             pictures)
        preview = self.podcast.preview_drafts
        draft_sources: list[EpisodeSources] = []
        if preview and drafts:
            # A draft is work in progress: what is wrong in it is said, never blocks the others.
            draft_sources, draft_problems, draft_warnings = collect_sources(drafts, self.podcast, cache, manifest=manifest,
                                                                          prefetch=prefetch, pictures=pictures)
            report([*(_in_draft(p) for p in draft_problems), *draft_warnings], "warning")
        if self.podcast.check_only:
            # `invoke check` also reports the audio's quality (loudness…): warnings, measured once per file.
            report(audio_quality_warnings([s for s in sources if os.path.isfile(s.audio.file.absolute)], cache), "warning")
        cache.save()
        pictures.save()
        self.readers.save_cache()
        logger.info(
            "podcast : %d fichier(s) audio, %d lu(s), %d repris du cache (dont %d reconnu(s) à leur contenu)",
            cache.hits + cache.misses, cache.misses, cache.hits, cache.trusted_by_content,
        )
        report([*problems, *source_problems, *manifest.problems])
        if self.podcast.check_only:
            after_clean_check(lambda: self._save_manifest(manifest))
        report(warnings, "warning")
        if self.podcast.check_media_host:
            report(self._media_host_problems(manifest, sources + draft_sources))

        now = self.podcast.now()
        written: list[EpisodeSources] = []
        scheduled: list[EpisodeSources] = []
        for source in sorted(sources, key=lambda s: s.page.date, reverse=True):
            (written if source.page.date <= now else scheduled).append(source)
        self.held_back = {"épisode programmé": len(scheduled), "brouillon d'épisode": len(drafts),
                          "épisode retiré": len(self._withdrawn)}
        self._scheduled = scheduled
        self.sources = written
        # PODCAST_PREVIEW_DRAFTS (local builds only): scheduled episodes and drafts get their page, with a
        # banner, and are listed nowhere; production never contains them.
        self.previews = scheduled + draft_sources if preview else []
        for source in self.written_sources:
            self.add_source_path(source.page)
            # Pelican's StaticGenerator copies linked files: only the written episodes' files go out.
            self.context["static_links"].update(source.linked_files(with_audio=self.podcast.media_url is None))
        self.context["podcast"] = self.podcast

    def _save_manifest(self, manifest: AudioManifest) -> list[Problem]:
        """`invoke check` writes the audio manifest when an entry changed (its one write but the cache),
        once it has found no error: a check that found errors writes nothing."""
        try:
            written = manifest.save()
        except OSError as error:
            return [PODCAST("podcast.E161", file=manifest.shown, error=error.strerror or error)]
        if written:
            shown = ", ".join(posixpath.join("content", path) for path in written)
            print(phrase("manifest_updated", files=shown), flush=True)
        return []

    def _media_host_problems(self, manifest: AudioManifest, sources: list[EpisodeSources]) -> list[Problem]:
        """PODCAST_CHECK_MEDIA_HOST: every audio file of the manifest on PODCAST_MEDIA_URL, with its size."""
        if not self.podcast.media_url:
            return [PODCAST("podcast.E174", field="PODCAST_CHECK_MEDIA_HOST")]
        users: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for source in sources:
            named = [("Audio", source.audio, source.fields.audio)]
            named += [("Alternates", a, w) for a, w in zip(source.alternates, source.fields.alternates, strict=False)]
            for field, audio, written in named:
                users[audio.file.relative].append((source.where, field, written or ""))
        return media_host_problems(manifest, self.podcast.media_url, users)

    def _read_pages(self) -> tuple[list[EpisodePage], list[EpisodePage], list[Problem], list[EpisodePage]]:
        """(readable pages, pages to check only, reading problems, drafts)."""
        pages: list[EpisodePage] = []
        unreadable: list[EpisodePage] = []
        problems: list[Problem] = []
        drafts: list[EpisodePage] = []
        self._withdrawn = []
        for path in sorted(self.get_files(self.podcast.podcast_dir)):
            where = posixpath.join("content", posixize_path(path))
            try:
                page = self.readers.read_file(
                    base_path=self.path, path=path, content_class=EpisodePage, context=self.context
                )
            except Exception as error:  # a reader's failure is the editor's problem, not a traceback
                problems.append(_reader_problem(where, os.path.join(self.path, path), error))
                # A bad date must not hide the file's other mistakes (a missing audio file...):
                # its front matter, as written, is checked too; it is never published.
                raw = self._page_from_header(path)
                if raw is not None:
                    unreadable.append(raw)
                continue
            # Drafts are kept apart: their audio may not exist yet.
            if isinstance(page, EpisodePage) and page.status == "draft":
                drafts.append(page)
            elif isinstance(page, EpisodePage) and page.status == WITHDRAWN:
                self._withdrawn.append(page)  # nothing of it is read but its front matter
            elif isinstance(page, EpisodePage):
                pages.append(page)
        return pages, unreadable, problems, drafts

    def _page_from_header(self, path: str) -> EpisodePage | None:
        """The episode as its raw front matter says it, for checking only (dates stay text)."""
        metadata = header_dict(read_header(os.path.join(self.path, path)))
        if not metadata:
            return None
        dates = {key: metadata.pop(key) for key in ("date", "modified") if key in metadata}
        page = EpisodePage("", metadata, self.settings, os.path.join(self.path, path), self.context)
        page.metadata.update(dates)  # present, as written: their form is checked from the header
        return page

    @property
    def written_sources(self) -> list[EpisodeSources]:
        """Every episode whose page is written: published, hidden, and the previews."""
        return self.sources + self.previews

    @property
    def pages(self) -> list[EpisodePage]:
        """The published episodes' pages, newest first."""
        return [source.page for source in self.sources if source.page.status == "published"]

    def assemble_records(self, changed: Container[str] | None = None) -> None:
        """Build the Episode records, now that every copied file has its output path; check the feed.

        `changed` (the editor's loop, after a text edit): only the episodes whose file (its absolute
        path) is in it are assembled again; the others keep their records (neighbours joined anew)."""
        static_content = self.context["static_content"]

        def static_path(relative: str) -> str:
            static = static_content.get(relative)
            return static.save_as if static is not None else relative

        self.episodes, self.hidden = [], []
        for source in self.sources:
            kept = source.page.record if changed is not None and source.page.source_path not in changed else None
            episode = kept or assemble(source, self.podcast, static_path)
            source.page.record = episode
            (self.episodes if episode.status == "published" else self.hidden).append(episode)
        # Previous/next links join published episodes only, by date (self.sources is newest first).
        self.episodes = with_neighbours(self.episodes)
        linked = {episode.source_path: episode for episode in self.episodes}
        for source in self.sources:
            source.page.record = linked.get(source.where, source.page.record)
        for source in self.previews:
            status = "draft" if source.page.status == "draft" else "scheduled"
            if changed is None or source.page.source_path in changed or source.page.record is None:
                source.page.record = assemble(source, self.podcast, static_path, status=status)
        # Templates receive records: the home page lists the latest episodes.
        self.context["podcast_episodes"] = self.episodes
        feed_problems = check_feed_content(self.podcast, self.episodes + self.hidden)
        report(feed_problems)
        if self.podcast.continuity is not None:
            self._guard_publication(self.podcast.continuity, feed_problems)
        elif self.podcast.check_only:
            # `invoke check` (and the pre-commit hook) says early what a publication will refuse.
            files = episode_files(self.sources, self.episodes, self._scheduled, self._drafts, self._withdrawn)
            report(missing_guid_problems(files, self.podcast), "warning")

    def _guard_publication(self, continuity: ContinuitySettings, feed_problems: list[Problem]) -> None:
        """A publication: every episode names its Guid, and the feed about to be written continues the
        live one. The feed is built for that only when it can be (check_feed_content found nothing)."""
        files = episode_files(self.sources, self.episodes, self._scheduled, self._drafts, self._withdrawn)
        if not feed_problems:
            self._feed = build_feed(self.podcast, self.episodes, self._last_change())
        problems, self.continuity_note = guard(self._feed, files, self.podcast, continuity)
        report(problems)

    def add_to_news(self, articles_generator: ArticlesGenerator) -> None:
        """PODCAST_EPISODES_IN_NEWS: list the episodes with the articles, newest first.

        Pelican's article generator then also writes each episode's page (with `article`, which
        episode.html accepts) and puts the episodes on the home page, in the archives and in the
        article feeds; categories and tags stay the articles' own.
        """
        for news in (articles_generator.articles, articles_generator.dates):
            news.extend(self.pages)
        articles_generator.articles.sort(key=lambda item: item.date, reverse=True)
        articles_generator.dates.sort(
            key=lambda item: item.date, reverse=self.settings.get("NEWEST_FIRST_ARCHIVES", True)
        )

    # --- What the checks ask of every generator of ours --------------------------------------

    def output_paths(self) -> list[tuple[str, str]]:
        """Every file generate_output() will write, with what writes it (for the address checks)."""
        planned = [(source.page.save_as, f"{source.where}: Slug") for source in self.written_sources]
        planned.append((self.podcast.index_save_as, "la page du podcast (PODCAST_INDEX_SAVE_AS)"))
        planned.append((self.podcast.feed_path, "le flux du podcast (PODCAST_FEED_PATH)"))
        for source in self.written_sources:
            for path in (chapters_path(source, self.podcast), artwork_path(source, self.podcast)):
                if path:
                    planned.append((path, f"{source.where}: Slug"))
        return planned

    def published_contents(self) -> list[EpisodePage]:
        """Every page written (published, hidden, previews): their links are checked."""
        return [source.page for source in self.written_sources]

    def scheduled_dates(self) -> list[datetime]:
        """The dates of the episodes held back until then: the site changes when one falls due,
        with no file changed (plugins.editor_loop rewrites everything then)."""
        return [source.page.date for source in self._scheduled]

    def notes(self) -> list[str]:
        """Sentences for the build's summary: what the publication guard compared with."""
        return [self.continuity_note] if self.continuity_note else []

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        hidden = sum(source.page.status == "hidden" for source in self.sources)
        return {"épisode": len(self.sources) - hidden}, {**self.held_back, "épisode caché": hidden}

    # --- Writing ---------------------------------------------------------------------------

    def generate_output(self, writer: Writer) -> None:
        relative_urls = self.settings["RELATIVE_URLS"]
        # With PODCAST_EPISODES_IN_NEWS, Pelican's article generator has written the published ones.
        in_news = set(self.pages) if self.podcast.episodes_in_news else set()
        for source in self.written_sources:
            page = source.page
            if page in in_news:
                continue
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                episode=page,
                page_name=posixpath.dirname(page.save_as),
                relative_urls=relative_urls,
                url=page.url,
            )
        writer.write_file(
            self.podcast.index_save_as,
            self.get_template("podcast"),
            self.context,
            episodes=self.episodes,
            seasons=by_season(self.episodes),
            page_name=posixpath.dirname(self.podcast.index_save_as),
            relative_urls=relative_urls,
            url=self.podcast.index_url,
        )
        if output_current(self):
            return  # the chapters, the pictures and the feed in the output are those it would write
        for source in self.written_sources:
            episode = source.page.record
            assert episode is not None  # assemble_records() gave every written page its record
            if episode.chapters_path:
                self._write(episode.chapters_path, chapters_json(episode))
            if source.embedded_artwork is not None and episode.image_path:
                self._write(episode.image_path, source.embedded_artwork.data)
        self._write(*self.feed_file())

    def feed_file(self) -> tuple[str, bytes]:
        """The podcast feed: its path in the output, and its bytes (in a publication, those the guard compared)."""
        if self._feed is not None:
            return self.podcast.feed_path, self._feed
        return self.podcast.feed_path, build_feed(self.podcast, self.episodes, self._last_change())

    def _last_change(self) -> datetime:
        """lastBuildDate: the newest episode date, so that an unchanged podcast gives the same feed."""
        dates = [e.date for e in self.episodes] + [
            s.page.modified for s in self.sources if hasattr(s.page, "modified")
        ]
        return max(dates) if dates else datetime(2020, 1, 1).astimezone()

    def _write(self, output_relative: str, data: bytes) -> None:
        # sanitised_join refuses a path that would leave the output folder, as Pelican's writer does.
        write_atomically(sanitised_join(self.output_path, output_relative), data)


def _reader_problem(where: str, source_path: str, error: Exception) -> Problem:
    dated = date_problem_from_pelican(str(error))
    if dated:
        return replace(dated, file=where, line=field_lines(read_header(source_path)).get("date"))
    return PODCAST("podcast.E041", file=where, error=error)


def _in_draft(problem: Problem) -> Problem:
    """A draft's problem, said as a draft's: a warning that blocks nothing."""
    return replace(problem, hint=phrase("in_draft_hint", hint=problem.hint) if problem.hint else phrase("in_draft"))
