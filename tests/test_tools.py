"""The demo tools run for real: what they write is read back, and they never overwrite without --force.

make_demo_audio speaks two tiny episodes (a few seconds of audio each); make_cover draws the cover.
Everything is written under tmp_path, the tools' scratch folders included (TMPDIR points there).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import fresh_python
import pytest
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from PIL import Image

from tools import make_cover, make_demo_audio

PROJECT = Path(__file__).resolve().parent.parent


# Season 1 episode 3 and season 2 episode 3 are among the episodes that carry their own artwork.
MP3_EPISODE = """\
Title: Un essai en MP3
Date: 2023-01-05
Season: 1
Episode: 3
Audio: media/s1e03.mp3
Alternates: media/s1e03.opus
Transcript: media/s1e03.vtt
Summary: Un *court* essai.

Bonjour et bienvenue.

## Le sujet

Voici le sujet du jour.
"""
# Delimiters and a value continued on an indented line: read as Pelican reads them.
M4A_EPISODE = """\
---
Title: Un essai en M4A
Date: 2023-02-06
Season: 2
Episode: 3
Audio: media/s2e03.m4a
Summary: Une première ligne
    et sa suite.
---

Bonjour encore.

## La suite

Et voici la suite.
"""
# No artwork of its own: the quickest to make, for the --only and --force runs.
PLAIN_EPISODE = """\
Title: Un essai sans pochette
Date: 2023-03-07
Season: 1
Episode: 1
Audio: media/s1e01.mp3

Bonjour.
"""
CHAPTERS = ["Introduction", "Le sujet"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_content(root: Path) -> Path:
    content = root / "podcasts"
    (content / "media").mkdir(parents=True)
    (content / "01-essai-mp3.md").write_text(MP3_EPISODE, encoding="utf-8")
    (content / "02-essai-m4a.md").write_text(M4A_EPISODE, encoding="utf-8")
    (content / "03-essai-sans-pochette.md").write_text(PLAIN_EPISODE, encoding="utf-8")
    return content


def run_tool(module: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The tool as a user runs it, from the repository root, its scratch files under tmp_path."""
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return fresh_python.run([sys.executable, "-m", module, *args], cwd=PROJECT, capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(scratch)}, check=False, timeout=300)


def assert_refused(result: subprocess.CompletedProcess, tool: str, file_name: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{tool}: ")
    assert file_name in result.stderr and "existe déjà" in result.stderr and "--force" in result.stderr


def artwork_of(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- make_demo_audio ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The tiny episodes made once, in-process, with the tool's scratch folder under the test's."""
    root = tmp_path_factory.mktemp("demo")
    content = write_content(root)
    scratch = root / "scratch"
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(scratch))
        assert make_demo_audio.main(["--content", str(content)]) == 0
    return content / "media"


def test_demo_mp3_has_its_tags_chapters_and_1400_px_artwork(demo):
    audio = MP3(demo / "s1e03.mp3")
    assert audio.tags.version[:2] == (2, 3)
    assert audio.tags["TIT2"].text == ["Un essai en MP3"]
    assert audio.tags["TPE1"].text == [make_demo_audio.ARTIST]
    assert audio.tags["TRCK"].text == ["3"] and audio.tags["TPOS"].text == ["1"]
    assert [str(frame) for frame in audio.tags.getall("COMM")] == ["Un court essai."]
    chaps = sorted(audio.tags.getall("CHAP"), key=lambda frame: frame.start_time)
    assert [frame.sub_frames["TIT2"].text[0] for frame in chaps] == CHAPTERS
    assert chaps[0].start_time == 0 and chaps[0].end_time == chaps[1].start_time
    assert chaps[-1].end_time == pytest.approx(audio.info.length * 1000, abs=1)
    (toc,) = audio.tags.getall("CTOC")
    assert toc.child_element_ids == [frame.element_id for frame in chaps]
    (picture,) = audio.tags.getall("APIC")
    image = artwork_of(picture.data)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1400, 1400))
    assert 1 < audio.info.length < 20


def test_demo_m4a_has_its_tags_chapters_artwork_and_is_mono(demo):
    audio = MP4(demo / "s2e03.m4a")
    assert audio.tags["©nam"] == ["Un essai en M4A"]
    assert audio.tags["©day"] == ["2023"]
    assert audio.tags["trkn"] == [(3, 0)] and audio.tags["disk"] == [(2, 0)]
    assert audio.tags["©cmt"] == ["Une première ligne et sa suite."]  # the continued Summary, whole
    assert [chapter.title for chapter in audio.chapters] == ["Introduction", "La suite"]
    image = artwork_of(bytes(audio.tags["covr"][0]))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1400, 1400))
    assert audio.info.channels == 1


def test_demo_opus_and_transcript(demo):
    opus = OggOpus(demo / "s1e03.opus")
    assert opus.tags["TITLE"] == ["Un essai en MP3"]
    assert [opus.tags["CHAPTER001NAME"][0], opus.tags["CHAPTER002NAME"][0]] == CHAPTERS
    assert opus.tags["CHAPTER001"] == ["00:00:00.000"]
    assert "METADATA_BLOCK_PICTURE" not in opus.tags
    transcript = (demo / "s1e03.vtt").read_text(encoding="utf-8")
    assert transcript.startswith("WEBVTT\n")
    for sentence in ("Un essai en MP3", "Bonjour et bienvenue.", "Le sujet", "Voici le sujet du jour."):
        assert f"\n{sentence}\n" in transcript


def test_demo_only_makes_the_episode_named(tmp_path, monkeypatch):
    content = write_content(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert make_demo_audio.main(["--content", str(content), "--only", "s1e01"]) == 0
    assert sorted(path.name for path in (content / "media").iterdir()) == ["s1e01.mp3"]


def test_demo_refuses_to_overwrite_a_recording(tmp_path):
    content = write_content(tmp_path)
    recording = content / "media" / "s1e03.mp3"
    recording.write_bytes(os.urandom(4096))  # an editor's real recording, as far as the tool can tell
    before = sha256(recording)
    result = run_tool("tools.make_demo_audio", "--content", str(content), tmp_path=tmp_path)
    assert_refused(result, "make_demo_audio", "s1e03.mp3")
    assert sha256(recording) == before
    assert sorted(path.name for path in (content / "media").iterdir()) == ["s1e03.mp3"]  # nothing else either


def test_demo_force_replaces_an_existing_file(tmp_path):
    content = write_content(tmp_path)
    existing = content / "media" / "s1e01.mp3"
    existing.write_bytes(b"an old take")
    result = run_tool("tools.make_demo_audio", "--content", str(content), "--only", "s1e01", "--force",
                      tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert MP3(existing).tags["TIT2"].text == ["Un essai sans pochette"]
    assert not MP3(existing).tags.getall("APIC")


# --- make_cover ------------------------------------------------------------------------------


def test_cover_is_a_1400_px_rgb_png_never_overwritten_without_force(tmp_path, monkeypatch):
    monkeypatch.setattr(make_cover, "render_cover", functools.cache(make_cover.render_cover))  # draw it once
    output = tmp_path / "cover.png"
    assert make_cover.main(["--output", str(output)]) == 0
    image = artwork_of(output.read_bytes())
    assert (image.format, image.mode, image.size) == ("PNG", "RGB", (1400, 1400))
    drawn = output.read_bytes()

    output.write_bytes(b"a cover someone drew by hand")
    before = sha256(output)
    assert_refused(run_tool("tools.make_cover", "--output", str(output), tmp_path=tmp_path), "make_cover", "cover.png")
    assert sha256(output) == before

    assert make_cover.main(["--output", str(output), "--force"]) == 0
    assert output.read_bytes() == drawn
