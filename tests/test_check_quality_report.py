"""`invoke check` reports each episode's audio quality (loudness, true peak, sample rate, bitrate) as
warnings, measured once per file: the measure is kept in the audio cache with the metadata."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import fresh_python
from podcast_site import SITE_URL, PodcastSite, episode
from sitebuild import PROJECT, tree_digest

from tools.ffmpeg import ffmpeg_executable


def quiet_mp3(path):
    """A 44.1 kHz stereo MP3 at 128 kb/s, about −40 LUFS: too quiet, nothing else wrong."""
    subprocess.run(
        [ffmpeg_executable(("libmp3lame",)), "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=6:sample_rate=44100", "-af", "volume=-40dB",
         "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", str(path)],
        check=True,
    )
    return path


def check(site: PodcastSite, output) -> subprocess.CompletedProcess:
    return fresh_python.run(
        [sys.executable, "-m", "plugins.build", "--check", "-c", str(site.content), "-o", str(output)],
        cwd=PROJECT, capture_output=True, text=True, check=False, env={**os.environ, "SITEURL": SITE_URL},
    )


def test_check_reports_a_quiet_episode_once_measured_then_from_the_cache(tmp_path):
    site = PodcastSite(tmp_path)
    audio = quiet_mp3(site.media / "calme.mp3")
    site.add_episode("calme", **episode("Calme", "2023-01-01", "media/calme.mp3"))
    content_before = tree_digest(site.content)

    first = check(site, tmp_path / "output")
    assert first.returncode == 0, first.stderr
    line = next(text for text in first.stderr.splitlines() if "LUFS" in text)
    assert line.startswith("  - content/podcasts/calme.md: Audio: 'media/calme.mp3' : "), line  # file, field, audio
    assert re.search(r" −\d+,\d LUFS", line)  # its figure, far too quiet (podcast.W001: tests/test_loudness.py)
    assert not (tmp_path / "output").exists()
    # check's one write: the audio manifest (content/podcasts/audio-manifest.json).
    written = tree_digest(site.content)
    assert written.pop("podcasts/audio-manifest.json") and written == content_before

    # Same size and modification time, other bytes: only the cache can still say the loudness.
    stat = audio.stat()
    audio.write_bytes(bytes(len(audio.read_bytes())))
    os.utime(audio, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = check(site, tmp_path / "output")
    assert second.returncode == 0, second.stderr
    assert line in second.stderr.splitlines()


def test_an_ordinary_build_does_not_measure_loudness(tmp_path):
    site = PodcastSite(tmp_path)
    quiet_mp3(site.media / "calme.mp3")
    site.add_episode("calme", **episode("Calme", "2023-01-01", "media/calme.mp3"))
    result = fresh_python.run(
        [sys.executable, "-m", "plugins.build", "-c", str(site.content), "-o", str(tmp_path / "output")],
        cwd=PROJECT, capture_output=True, text=True, check=False, env={**os.environ, "SITEURL": SITE_URL},
    )
    assert result.returncode == 0, result.stderr
    assert "LUFS" not in result.stdout + result.stderr
