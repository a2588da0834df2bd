"""Bad episodes: every problem is reported together, naming file and field, and nothing is written."""

from __future__ import annotations

import os
import subprocess
import unicodedata
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT

from tools.ffmpeg import ffmpeg_executable


def build_error(site: PodcastSite) -> str:
    """Build and return the error message; the output folder must be unchanged."""
    return site.build_problems()


@pytest.fixture
def site(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("ok.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3", Season=1, Episode=1))
    return site


def test_a_missing_audio_file(site):
    site.add_episode("e", **episode("E", "2023-01-02", "media/absent.mp3"))
    assert "content/podcasts/e.md: Audio: fichier 'media/absent.mp3' introuvable" in build_error(site)


def test_an_empty_audio_file(site):
    (site.media / "vide.mp3").write_bytes(b"")
    site.add_episode("e", **episode("E", "2023-01-02", "media/vide.mp3"))
    assert "content/podcasts/e.md: Audio: le fichier 'media/vide.mp3' est vide" in build_error(site)


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
    message = build_error(site)
    assert f"content/podcasts/e.md: Audio: 'media/{written}' : " in message
    assert words in message


@pytest.mark.parametrize(
    "written, words",
    [
        ("../../secret.mp3", "sort du dossier content/"),
        ("/etc/passwd", "chemin absolu"),
        ("media/lien.mp3", "pointe hors du dossier content/"),
    ],
)
def test_audio_paths_that_leave_the_content_folder(site, audio_fixtures, written, words):
    outside = site.root / "secret.mp3"
    outside.write_bytes(audio_fixtures.plain["mp3"].path.read_bytes())
    os.symlink(outside, site.media / "lien.mp3")
    site.add_episode("e", **episode("E", "2023-01-02", written))
    message = build_error(site)
    assert f"content/podcasts/e.md: Audio: {written!r}" in message
    assert words in message


def test_the_same_audio_for_two_episodes(site):
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok.mp3"))
    assert "content/podcasts/e.md: Audio: le même fichier audio sert déjà à content/podcasts/bon.md" in build_error(site)


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"Date": "2023-01-02", "Audio": "media/ok2.mp3"}, "e.md: Title: champ obligatoire manquant"),
        ({"Title": "E", "Audio": "media/ok2.mp3"}, "e.md: Date: champ obligatoire manquant"),
        ({"Title": "E", "Date": "le 3 mars", "Audio": "media/ok2.mp3"}, "e.md: Date: 'le 3 mars' n'est pas une date valide"),
        ({"Title": "E", "Date": "2023-01-02"}, "e.md: Audio: champ obligatoire manquant"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Explicit": "peut-être"}, "e.md: Explicit: 'peut-être'"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Episode_type": "pilote"}, "e.md: Episode_type: 'pilote'"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Episode": "deux"}, "e.md: Episode: 'deux'"),
        ({**episode("E", "2023-01-02", "media/ok2.mp3"), "Chapters": "1h Début"}, "e.md: Chapters: ligne '1h Début'"),
    ],
)
def test_missing_or_invalid_fields(site, audio_fixtures, fields, words):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_episode("e", **fields)
    assert f"content/podcasts/{words}" in build_error(site)


def test_an_episode_number_used_twice_in_a_season(site, audio_fixtures):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok2.mp3", Season=1, Episode=1))
    assert "e.md: Episode: le numéro 1 de la saison 1 est déjà pris par content/podcasts/bon.md" in build_error(site)


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
    said = build_error(site)
    assert f"content/podcasts/e.md: {field}: caractère de contrôle interdit U+{ord(character):04X}" in said, said
    assert "Traceback" not in said and said.count("caractère de contrôle") == 1, said


def test_an_audio_file_too_short_for_an_episode_is_refused(site, tmp_path):
    """Under a second (an interrupted export): the feed would say itunes:duration 0."""
    short = tmp_path / "court.mp3"
    subprocess.run([ffmpeg_executable(("libmp3lame",)), "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=0.4", "-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", str(short)],
                   check=True)
    site.add_audio("court.mp3", short)
    site.add_episode("e", **episode("E", "2023-01-02", "media/court.mp3"))
    said = build_error(site)
    assert "content/podcasts/e.md: Audio: 'podcasts/media/court.mp3' ne dure que 0," in said, said
    assert "trop peu pour un épisode (au moins 1 s)" in said


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
    assert "e.md: Audio: « media\\ok.mp3 » sépare ses dossiers par « \\ » : écrivez « / », soit « media/ok.mp3 »" \
        in build_error(site)


def test_a_guid_used_twice(site, audio_fixtures):
    site.add_audio("ok2.mp3", audio_fixtures.plain["mp3_vbr"].path)
    site.add_audio("ok3.mp3", audio_fixtures.plain["mp3_vbr_headerless"].path)
    site.add_episode("e", **episode("E", "2023-01-02", "media/ok2.mp3", Guid="abc-123"))
    site.add_episode("f", **episode("F", "2023-01-03", "media/ok3.mp3", Guid="abc-123"))
    assert "f.md: Guid: 'abc-123' est déjà l'identifiant de content/podcasts/e.md" in build_error(site)


def test_every_problem_of_every_episode_is_reported_together(site):
    site.add_episode("a", **episode("A", "2023-01-02", "media/absent-a.mp3"))
    site.add_episode("b", **{"Title": "B", "Audio": "media/absent-b.mp3"})
    message = build_error(site)
    assert "a.md: Audio: fichier 'media/absent-a.mp3' introuvable" in message
    assert "b.md: Date: champ obligatoire manquant" in message
    assert "b.md: Audio: fichier 'media/absent-b.mp3' introuvable" in message
    assert message.startswith("3 erreurs, rien n'a été écrit")


def test_the_command_line_build_prints_the_problems_without_a_traceback(site):
    import subprocess
    import sys

    site.add_episode("e", **episode("E", "2023-01-02", "media/absent.mp3"))
    result = subprocess.run(
        [sys.executable, "-m", "plugins.build", "-o", str(site.root / "out"), "-c", str(site.content)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 1
    assert "content/podcasts/e.md: Audio: fichier 'media/absent.mp3' introuvable" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
