"""The two measures that need no site build: the feed of 1,000 episodes, and durations against a full decode.

The feed's records are built directly, the way tests/feed_records.py does (tools never import tests):
a show's settings and 1,000 plain episodes, each with its MP3 enclosure.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import mutagen
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.feed import build_feed, check_feed_content
from pelican.plugins.podcast.records import AudioInfo, Episode, MediaFile
from pelican.plugins.podcast.settings import PodcastSettings

from tools.ffmpeg import ffmpeg_executable

from .corpus import AUDIO_KINDS, Corpus

SITE = "https://www.cite-ia.fr"
PARIS = timezone(timedelta(hours=2))
BUILD_DATE = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)


def feed_settings() -> PodcastSettings:
    return PodcastSettings(
        site_url=SITE, content_path="/site/content", cache_path="/site/cache", podcast_dir="podcasts",
        title="Le podcast de la Cité de l'IA",
        description="Des entrepreneurs de la métropole lilloise racontent l'IA dans leurs métiers.",
        author="Cité de l'IA", owner_name="Équipe podcast", owner_email="podcast@cite-ia.fr",
        image="images/podcast-cover.png", categories=(("Technology", None), ("Business", "Entrepreneurship")),
        explicit=False, podcast_type="episodic", copyright="© 2023 Cité de l'IA", language="fr",
        guid="7c0aa526-517d-5c35-90c9-f404468a3508", guid_pinned=True, locked=True,
        funding_url=f"{SITE}/adherer/", funding_text="Adhérer à la Cité de l'IA", media_url=None,
        feed_path="podcast/feed.xml", index_save_as="podcast/index.html", index_url="podcast/",
        chapters_save_as="podcast/{slug}/chapitres.json", artwork_save_as="podcast/{slug}/pochette{ext}",
        episodes_in_news=False,
    )


def feed_episode(index: int) -> Episode:
    slug = f"episode-{index:04d}"
    path = f"podcasts/media/{slug}.mp3"
    audio = AudioInfo(path=f"/site/content/{path}", size=57_600_000, mime_type="audio/mpeg", format="mp3",
                      duration=3600.0 + index, bitrate=128_000, sample_rate=22050, channels=1)
    return Episode(
        source_path=f"content/podcasts/{slug}.md", slug=slug, title=f"L'IA dans les PME, épisode {index}",
        date=datetime(2004, 1, 1, 9, 30, tzinfo=PARIS) + timedelta(days=7 * index),
        summary=f"Résumé de l'épisode {index} : des entrepreneurs racontent.",
        content_html=f"<p>Notes de l'épisode {index}, avec <a href=\"{SITE}/\">un lien</a>.</p>",
        path=f"podcast/{slug}/", url=f"{SITE}/podcast/{slug}/", guid=f"cite-ia-podcast-{slug}",
        enclosure=MediaFile(path=path, href=f"{SITE}/{path}", url=f"{SITE}/{path}", audio=audio),
        season=1 + index // 100, number=1 + index % 100,
    )


@dataclass(frozen=True)
class FeedTiming:
    seconds: tuple[float, ...]  # check_feed_content + build_feed, once per repeat
    problems: int  # what the checks found (0 expected: otherwise the timing is of a refused feed)
    feed_bytes: int


def time_feed(episodes: int = 1000, repeats: int = 7) -> FeedTiming:
    settings = feed_settings()
    records = [feed_episode(index) for index in range(episodes)]
    timings, problems, feed = [], [], b""
    for _ in range(repeats):
        started = time.perf_counter()
        problems = check_feed_content(settings, records)
        feed = build_feed(settings, records, BUILD_DATE)
        timings.append(time.perf_counter() - started)
    return FeedTiming(tuple(timings), len(problems), len(feed))


@dataclass(frozen=True)
class DurationCheck:
    kind: str
    file: str
    read_audio: float  # seconds, the plugin's reader
    decoded: float  # seconds, ffmpeg's full decode
    mutagen: float  # mutagen's own estimate (wrong for a header-less VBR MP3: why the reader counts frames)
    read_seconds: float  # time read_audio took

    @property
    def error(self) -> float:
        return abs(self.read_audio - self.decoded)


_DECODED_TIME = re.compile(r"time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")


def decoded_duration(path: str) -> float:
    """The length of the audio ffmpeg decodes from `path`, every frame of it (its last time= value)."""
    result = subprocess.run([ffmpeg_executable(), "-hide_banner", "-nostdin", "-stats", "-i", path, "-f", "null", "-"],
                            capture_output=True, text=True, check=True)
    hours, minutes, seconds = _DECODED_TIME.findall(result.stderr)[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def check_durations(corpus: Corpus) -> list[DurationCheck]:
    checks = []
    for kind in AUDIO_KINDS:
        path = str(corpus.audio_of_kind(kind))
        started = time.perf_counter()
        duration = read_audio(path).duration
        read_seconds = time.perf_counter() - started
        checks.append(DurationCheck(kind.name, path, duration, decoded_duration(path), mutagen.File(path).info.length,
                                    read_seconds))
    return checks
