"""The plugin on its own: a two-episode site with Pelican's simple theme and only this plugin,
built by Pelican's own command, its feed read back as gPodder reads it (podcastparser)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import podcastparser
import pytest
from PIL import Image

DISTRIBUTION = Path(__file__).resolve().parent.parent
SITE_URL = "https://podcast.example.org"
EPISODES = {
    "premier": ("Le premier épisode", "2024-01-10 08:00", 440, 3),
    "second": ("Le second épisode", "2024-02-10 08:00", 660, 5),
}


def ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg  # the PyPI fallback

    return imageio_ffmpeg.get_ffmpeg_exe()


def write_site(root: Path, *, broken: bool = False) -> Path:
    content = root / "content"
    media = content / "podcasts" / "media"
    media.mkdir(parents=True)
    (content / "images").mkdir()
    Image.new("RGB", (1400, 1400), (20, 90, 160)).save(content / "images" / "cover.jpg", quality=80)
    for slug, (title, date, tone, seconds) in EPISODES.items():
        subprocess.run(
            [ffmpeg(), "-nostdin", "-v", "error", "-f", "lavfi", "-i", f"sine=frequency={tone}:duration={seconds}",
             "-c:a", "libmp3lame", "-b:a", "64k", str(media / f"{slug}.mp3")],
            check=True, capture_output=True, timeout=60,
        )
        audio = "media/absent.mp3" if broken and slug == "second" else f"media/{slug}.mp3"
        (content / "podcasts" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {date}\nAudio: {audio}\n\nLes notes de l'épisode « {title} ».\n", encoding="utf-8"
        )
    (root / "settings.py").write_text("\n".join([
        'SITENAME = "Un podcast"',
        f"SITEURL = {SITE_URL!r}",
        'PATH = "content"',
        'THEME = "simple"',
        'TIMEZONE = "Europe/Paris"',
        'DEFAULT_LANG = "fr"',
        'PLUGINS = ["pelican.plugins.podcast"]',
        'PODCAST_DESCRIPTION = "Deux épisodes pour essayer le plugin."',
        'PODCAST_AUTHOR = "Une équipe"',
        'PODCAST_OWNER_NAME = "Une équipe"',
        'PODCAST_OWNER_EMAIL = "podcast@example.org"',
        'PODCAST_IMAGE = "images/cover.jpg"',
        'PODCAST_CATEGORIES = [("Technology", None)]',
        "PODCAST_WEBSUB_HUB = None",
    ]) + "\n", encoding="utf-8")
    return root


def pelican(site: Path) -> subprocess.CompletedProcess[str]:
    """Pelican's own command in another process: only this plugin's receivers are connected there."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(DISTRIBUTION), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "settings.py", "-o", "output"],
        cwd=site, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = write_site(tmp_path_factory.mktemp("site"))
    result = pelican(site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site / "output"


def test_the_feed_lists_both_episodes_as_podcast_apps_read_it(built):
    with open(built / "podcast" / "feed.xml", "rb") as feed:
        parsed = podcastparser.parse(f"{SITE_URL}/podcast/feed.xml", feed)
    assert parsed["title"] == "Un podcast"
    assert parsed["description"] == "Deux épisodes pour essayer le plugin."
    assert [episode["title"] for episode in parsed["episodes"]] == ["Le second épisode", "Le premier épisode"]
    for episode, slug in zip(parsed["episodes"], ["second", "premier"], strict=True):
        (enclosure,) = episode["enclosures"]
        assert enclosure["url"] == f"{SITE_URL}/podcasts/media/{slug}.mp3"
        assert enclosure["file_size"] == (built / "podcasts" / "media" / f"{slug}.mp3").stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert round(episode["total_time"]) == EPISODES[slug][3]  # read from the audio, not typed


def test_the_default_templates_give_each_episode_its_page(built):
    page = (built / "podcast" / "premier" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Le premier épisode</h1>" in page
    assert '<audio controls preload="none" src="https://podcast.example.org/podcasts/media/premier.mp3">' in page
    assert "Les notes de l'épisode « Le premier épisode »." in page
    index = (built / "podcast" / "index.html").read_text(encoding="utf-8")
    assert index.index("Le second épisode") < index.index("Le premier épisode")


def test_episodes_are_not_articles(built):
    assert not (built / "le-premier-episode.html").exists()
    assert "Le premier épisode" not in (built / "index.html").read_text(encoding="utf-8")


def test_an_episode_error_stops_the_build_without_any_other_plugin(tmp_path):
    site = write_site(tmp_path, broken=True)
    result = pelican(site)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "content/podcasts/second.md" in said and "Audio" in said and "absent.mp3" in said
    assert "introuvable" in said  # podcast.E035 in French, the DEFAULT_LANG of this site
    assert not (site / "output" / "podcast" / "feed.xml").exists()
