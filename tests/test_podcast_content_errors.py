"""Bad episodes: every problem is reported together, naming file and field, and nothing is written."""

from __future__ import annotations

import os
import subprocess
import unicodedata
from urllib.parse import unquote, urlsplit

import feedparser
import fresh_python
import pytest
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT, found, line_of

from plugins.problems import Problem
from tools.ffmpeg import ffmpeg_executable

E = "content/podcasts/e.md"


def refused(site: PodcastSite) -> list[Problem]:
    """Build and return the errors; the output folder must be unchanged."""
    return site.build_refusal().errors


def refused_on(site: PodcastSite, code: str, field: str, where: str = E) -> Problem:
    """The build is refused with `code` on `field` of `where`, at the line the field is written on."""
    return found(refused(site), code, where, field, line_of(site.root / where, field))


@pytest.fixture
def site(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("ok.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3", Season=1, Episode=1))
    return site


def test_a_missing_audio_file(site):
    site.add_episode("e", **episode("E", "2023-01-02", "media/absent.mp3"))
    assert "'media/absent.mp3'" in refused_on(site, "podcast.E035", "Audio").message


def test_an_empty_audio_file(site):
    (site.media / "vide.mp3").write_bytes(b"")
    site.add_episode("e", **episode("E", "2023-01-02", "media/vide.mp3"))
    assert "'media/vide.mp3'" in refused_on(site, "podcast.E036", "Audio").message


@pytest.mark.parametrize(
    "bad, written, words",
    [
        ("random_bytes_mp3", "bruit.mp3", "illisible"),
        ("ogg_named_mp3", "menteur.mp3", "Ogg"),
        ("aiff", "son.aiff", "MP3"),
        ("text_named_wav", "texte.wav", "corrompu"),
    ],
)
def test_unreadable_unsupported_or_lying_audio(site, audio_fixtures, bad, written, words):
    site.add_audio(written, audio_fixtures.bad[bad])
    site.add_episode("e", **episode("E", "2023-01-02", f"media/{written}"))
    problem = refused_on(site, "podcast.E040", "Audio")
    assert f"'media/{written}'" in problem.message and words in problem.message


@pytest.mark.parametrize(
    "written, code",
    [
        ("../../secret.mp3", "podcast.E032"),  # leaves content/
        ("/etc/passwd", "podcast.E030"),  # absolute
        ("media/lien.mp3", "podcast.E033"),  # a link pointing out of content/
    ],
)
def test_audio_paths_that_leave_the_content_folder(site, audio_fixtures, written, code):
    outside = site.root / "secret.mp3"
    outside.write_bytes(audio_fixtures.plain["mp3"].path.read_bytes())
    os.symlink(outside, site.media / "lien.mp3")
    site.add_episode("e", **episode("E", "2023-01-02", written))
    assert repr(written) in refused_on(site, code, "Audio").message


def test_the_same_audio_for_two_episodes(site):
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok.mp3"))
    assert "content/podcasts/bon.md" in refused_on(site, "podcast.E020", "Audio").message


@pytest.mark.parametrize(
    "fields, field, code",
    [
        ({"Date": "2023-01-02", "Audio": "media/ok2.mp3"}, "Title", "podcast.E002"),  # missing
        ({"Title": "E", "Audio": "media/ok2.mp3"}, "Date", "podcast.E002"),
        ({"Title": "E", "Date": "le 3 mars", "Audio": "media/ok2.mp3"}, "Date", "content.E005"),  # not a date
        ({"Title": "E", "Date": "2023-01-02"}, "Audio", "podcast.E002"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Explicit": "peut-être"}, "Explicit", "podcast.E004"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Episode_type": "pilote"}, "Episode_type", "podcast.E003"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Episode": "deux"}, "Episode", "content.E008"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Chapters": "1h Début"}, "Chapters", "podcast.E007"),
    ],
)
def test_missing_or_invalid_fields(site, audio_fixtures, fields, field, code):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_episode("e", **fields)
    problem = found(refused(site), code, E, field)
    # A field written is named at its line; a missing one has none.
    assert problem.line == (line_of(site.root / E, field) if field in fields else None)
    assert str(fields.get(field, "")) in problem.message


def test_an_episode_number_used_twice_in_a_season(site, audio_fixtures):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok2.mp3", Season=1, Episode=1))
    assert "content/podcasts/bon.md" in refused_on(site, "podcast.E021", "Episode").message


def test_the_same_number_in_another_season_is_fine(site, audio_fixtures):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok2.mp3", Season=2, Episode=1))
    assert (site.build() / "podcast" / "e" / "index.html").exists()


@pytest.mark.parametrize("field, value", [("Guid", "abc\x01def"), ("Image", "media/pochette\x1b.png"),
                                          ("Transcript", "media/e\x0c.vtt")])
def test_a_control_character_in_any_field_is_named_not_a_traceback(site, audio_fixtures, field, value):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok2.mp3", **{field: value}))
    character = next(c for c in value if ord(c) < 32)
    errors = refused(site)
    assert f"U+{ord(character):04X}" in found(errors, "content.E021", E, field, line_of(site.root / E, field)).message
    assert [p.code for p in errors].count("content.E021") == 1, errors


def test_an_audio_file_too_short_for_an_episode_is_refused(site, tmp_path):
    """Under a second (an interrupted export): the feed would say itunes:duration 0."""
    short = tmp_path / "court.mp3"
    subprocess.run([ffmpeg_executable(("libmp3lame",)), "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=0.4", "-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", str(short)],
                   check=True)
    site.add_audio("court.mp3", short)
    site.add_episode("e", **episode("E", "2023-01-02", "media/court.mp3"))
    assert "'podcasts/media/court.mp3'" in refused_on(site, "podcast.E052", "Audio").message


def test_an_audio_name_finds_its_file_whatever_the_unicode_form(site, audio_fixtures):
    """macOS names files with « é » decomposed (e + accent); editors type it composed. Both ways round."""
    decomposed, composed = unicodedata.normalize("NFD", "épisode.mp3"), unicodedata.normalize("NFC", "été.mp3")
    site.add_audio(decomposed, audio_fixtures.plain["mp3_vbr"].path)
    site.add_audio(composed, audio_fixtures.plain["mp3_vbr_headerless"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/" + unicodedata.normalize("NFC", decomposed)))
    site.add_episode("f", **episode("F", "2023-01-03", "media/" + unicodedata.normalize("NFD", composed)))
    output = site.build()
    feed = feedparser.parse((output / "podcast" / "feed.xml").read_bytes())
    published = {entry.title: unquote(urlsplit(entry.enclosures[0].href).path) for entry in feed.entries}
    for title, name in (("E", decomposed), ("F", composed)):
        assert published[title] == f"/podcasts/media/{name}"  # the file's own name, as published
        assert (output / "podcasts" / "media" / name).is_file()


def test_a_path_written_with_backslashes_says_to_use_slashes(site):
    site.add_episode("e", **episode("E", "2023-01-02", "media\\ok.mp3"))
    problem = refused_on(site, "podcast.E031", "Audio")
    assert "« media\\ok.mp3 »" in problem.message and "« media/ok.mp3 »" in problem.message


def test_a_guid_used_twice(site, audio_fixtures):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_audio("ok3.mp3", audio_fixtures.plain["mp3_vbr_headerless"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok2.mp3", Guid="abc-123"))
    site.add_episode("f", **episode("F", "2023-01-03", "media/ok3.mp3", Guid="abc-123"))
    problem = refused_on(site, "podcast.E022", "Guid", "content/podcasts/f.md")
    assert "'abc-123'" in problem.message and E in problem.message


def test_every_problem_of_every_episode_is_reported_together(site):
    site.add_episode("a", **episode("A", "2023-01-02", "media/absent-a.mp3"))
    site.add_episode("b", **{"Title": "B", "Audio": "media/absent-b.mp3"})
    refusal = site.build_refusal()
    assert [(p.code, p.file, p.field) for p in refusal.errors] == [
        ("podcast.E035", "content/podcasts/a.md", "Audio"),
        ("podcast.E002", "content/podcasts/b.md", "Date"),
        ("podcast.E035", "content/podcasts/b.md", "Audio"),
    ]
    assert str(refusal).startswith("3 erreurs, rien n'a été écrit")


def test_the_command_line_build_prints_the_problems_without_a_traceback(site):
    import sys

    site.add_episode("e", **episode("E", "2023-01-02", "media/absent.mp3"))
    result = fresh_python.run(
        [sys.executable, "-m", "plugins.build", "-o", str(site.root / "out"), "-c", str(site.content)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 1
    assert "content/podcasts/e.md: Audio: fichier 'media/absent.mp3' introuvable" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
