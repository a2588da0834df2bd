"""`invoke new-episode` and `invoke new-article`: from an audio file or a title to Markdown that builds.

Every run works on a copy of the repository's content. Episodes are made from the session's tagged
audio (title, comment, three chapters) with a WebVTT transcript beside it; what is written is built
for real and read back (the page, the feed with feedparser). Every refusal is checked to write
nothing: the content folder is hashed before and after.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from invoke_tasks import invoke
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.cache import AudioMetadataCache
from pelican.plugins.podcast.errors import AudioError
from pelican.plugins.podcast.front_matter import parse_timestamp
from pelican.plugins.podcast.markdown_header import header_dict, read_header
from sitebuild import build_problems, build_site, copy_content, copy_project, tree_digest

from plugins.new_content import Refused, new_article, new_episode, safe_file_name, slugify_fr
from plugins.problems import current

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 3, 14, 10, 30, tzinfo=PARIS)
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour et bienvenue.\n\n00:00:02.500 --> 00:00:05.000\nLe sujet du jour.\n"


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path / "content")


@pytest.fixture
def editor_audio(tmp_path, audio_fixtures):
    """The tagged MP3 as an editor gets it from the studio: an awkward name, its transcript beside it."""
    folder = tmp_path / "du studio"
    folder.mkdir()
    audio = folder / "Épisode 6 (final).MP3"
    shutil.copy(audio_fixtures.tagged["mp3"].path, audio)
    (folder / "Épisode 6 (final).vtt").write_text(VTT, encoding="utf-8")
    return audio


def header(path: Path) -> dict[str, str]:
    return header_dict(read_header(path))


def next_number_in_season(content: Path, season: str) -> int:
    numbers = [int(h["episode"]) for path in (content / "podcasts").glob("*.md")
               if (h := header(path)).get("season") == season and "episode" in h]
    return max(numbers) + 1


# --- new-episode ------------------------------------------------------------------------------


def test_new_episode_builds_with_the_audios_fields_and_reaches_the_feed(content, editor_audio, audio_fixtures, tmp_path):
    expected_number = next_number_in_season(content, "2")
    created = new_episode(content, editor_audio, date="2024-03-12 08:00", now=NOW)

    markdown = created.markdown
    assert markdown.parent == content / "podcasts"
    assert markdown.name == f"11-{slugify_fr(audio_fixtures.tags['title'])}.md"
    fields = header(markdown)
    assert fields["title"] == audio_fixtures.tags["title"]
    assert fields["date"] == "2024-03-12 08:00"
    assert fields["summary"] == audio_fixtures.tags["comment"]
    assert (fields["season"], fields["episode"]) == ("2", str(expected_number))
    assert "status" not in fields
    # Chapters written out, each start and title those of the audio file.
    lines = fields["chapters"].split("\n")
    assert [(parse_timestamp(line.split(" ", 1)[0]), line.split(" ", 1)[1]) for line in lines] == list(audio_fixtures.chapters)

    # The audio and its transcript copied under safe names, byte for byte.
    assert fields["audio"] == "media/episode-6-final.mp3"
    assert fields["transcript"] == "media/episode-6-final.vtt"
    media = content / "podcasts" / "media"
    assert (media / "episode-6-final.mp3").read_bytes() == editor_audio.read_bytes()
    assert (media / "episode-6-final.vtt").read_text(encoding="utf-8") == VTT
    assert [path for path, _ in created.written] == [
        markdown, media / "episode-6-final.mp3", media / "episode-6-final.vtt",
        # The audio's manifest entry, its embedded artwork extracted beside it (see test_audio_manifest.py).
        media / "episode-6-final.mp3.pochette.png", content / "podcasts" / "audio-manifest.json",
    ]

    output = build_site(tmp_path / "output", content=content)
    page = (output / "podcast" / markdown.stem / "index.html").read_text(encoding="utf-8")
    assert "Le sujet du jour" in page
    assert "À FAIRE" in page and "À FAIRE" not in re.sub(r"<!--.*?-->", "", page, flags=re.S)  # hints never shown
    feed = feedparser.parse((output / "podcast" / "feed.xml").read_bytes())
    entry = next(e for e in feed.entries if e.id == fields["guid"])
    assert entry.title == audio_fixtures.tags["title"]
    assert entry.itunes_episode == str(expected_number)
    assert entry.enclosures[0].href.endswith("/podcasts/media/episode-6-final.mp3")
    assert int(entry.enclosures[0].length) == editor_audio.stat().st_size


def test_the_report_names_the_files_and_the_next_commands(content, editor_audio):
    created = new_episode(content, editor_audio, now=NOW)
    report = created.report(content.parent)
    assert f"content/podcasts/{created.markdown.name}" in report
    assert "content/podcasts/media/episode-6-final.mp3" in report
    assert "Saison 2 : la dernière en cours" in report
    assert "invoke check" in report and "invoke livereload" in report


def test_a_second_run_writes_nothing(content, editor_audio):
    first = new_episode(content, editor_audio, now=NOW)
    before = tree_digest(content)
    with pytest.raises(Refused) as refused:
        new_episode(content, editor_audio, now=NOW)
    assert f"est déjà l'audio de {os.path.relpath(first.markdown)}" in str(refused.value)
    assert tree_digest(content) == before


def test_a_broken_file_is_refused_with_the_builds_message(content, tmp_path, audio_fixtures):
    broken = tmp_path / "enregistrement.mp3"
    shutil.copy(audio_fixtures.bad["random_bytes_mp3"], broken)
    with pytest.raises(AudioError) as build_says:
        read_audio(str(broken))
    before = tree_digest(content)
    with pytest.raises(Refused) as refused:
        new_episode(content, broken, now=NOW)
    assert build_says.value.reason in str(refused.value)
    assert tree_digest(content) == before


def test_only_mp3_or_m4a_can_be_an_episodes_audio(content, tmp_path, audio_fixtures):
    ogg = tmp_path / "episode.ogg"
    shutil.copy(audio_fixtures.tagged["ogg"].path, ogg)
    before = tree_digest(content)
    with pytest.raises(Refused, match="Apple Podcasts n'accepte pas"):
        new_episode(content, ogg, now=NOW)
    assert tree_digest(content) == before


def test_a_different_file_under_the_same_name_is_never_replaced(content, editor_audio, audio_fixtures):
    taken = content / "podcasts" / "media" / "episode-6-final.mp3"
    shutil.copy(audio_fixtures.plain["mp3"].path, taken)
    before = tree_digest(content)
    with pytest.raises(Refused, match="existe déjà, avec un autre contenu"):
        new_episode(content, editor_audio, now=NOW)
    assert tree_digest(content) == before


def test_the_same_file_already_in_the_media_folder_is_reused(content, editor_audio, tmp_path):
    in_place = content / "podcasts" / "media" / "episode-6-final.mp3"
    shutil.copy(editor_audio, in_place)
    created = new_episode(content, editor_audio, now=NOW)
    assert in_place in [path for path, _ in created.reused]
    assert in_place not in [path for path, _ in created.written]
    build_site(tmp_path / "output", content=content)


def test_season_option_and_untagged_audio(content, tmp_path, audio_fixtures):
    """A new season starts at 1; without tags the title comes from the file name and Summary is left out."""
    audio = tmp_path / "Rencontre à Roubaix.mp3"
    shutil.copy(audio_fixtures.plain["mp3"].path, audio)
    created = new_episode(content, audio, season="3", date="2024-03-01", now=NOW)
    fields = header(created.markdown)
    assert (fields["title"], fields["season"], fields["episode"]) == ("Rencontre à Roubaix", "3", "1")
    assert "summary" not in fields and "chapters" not in fields and "transcript" not in fields
    assert "Summary: …" in created.markdown.read_text(encoding="utf-8")  # the hint, in a comment
    assert created.markdown.name == "11-rencontre-a-roubaix.md"
    output = build_site(tmp_path / "output", content=content)
    assert (output / "podcast" / created.markdown.stem / "index.html").is_file()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("date", "03/04/2024", "est ambigu"),
    ("date", "2024-02-30 10:00", "n'existe pas dans le calendrier"),
    ("season", "deux", "n'est pas un nombre entier positif"),
])
def test_wrong_options_are_refused(content, editor_audio, option, value, message):
    before = tree_digest(content)
    with pytest.raises(Refused, match=message):
        new_episode(content, editor_audio, now=NOW, **{option: value})
    assert tree_digest(content) == before


def test_a_future_date_schedules_the_episode(content, editor_audio, tmp_path):
    created = new_episode(content, editor_audio, date="2030-01-02 09:00", now=NOW)
    assert "programmé" in created.report()
    feed = feedparser.parse((build_site(tmp_path / "output", content=content) / "podcast" / "feed.xml").read_bytes())
    assert header(created.markdown)["guid"] not in [e.id for e in feed.entries]


def test_a_transcript_the_build_would_refuse_stops_everything(content, editor_audio):
    editor_audio.with_suffix(".vtt").write_text("pas une transcription\n", encoding="utf-8")
    before = tree_digest(content)
    with pytest.raises(Refused, match="WebVTT"):
        new_episode(content, editor_audio, now=NOW)
    assert tree_digest(content) == before


# --- new-article ------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("Événement à Lille", "evenement-a-lille"),
    ("L'IA, et après ?", "l-ia-et-apres"),
    ("L’IA « générative » : où en est-on ?", "l-ia-generative-ou-en-est-on"),
    ("Cœur de métier & œuvres", "coeur-de-metier-oeuvres"),
    ("  2024 : l'année   des PME !  ", "2024-l-annee-des-pme"),
])
def test_slugs_fold_french_accents_and_punctuation(title, slug):
    assert slugify_fr(title) == slug


def test_media_file_names_are_safe():
    assert safe_file_name("Épisode 6 (final).MP3", ".mp3") == "episode-6-final.mp3"


def test_new_article_builds(content, tmp_path):
    created = new_article(content, "Événement à Lille", category="Vie de la Cité", now=NOW)
    assert created.markdown == content / "2024-03-evenement-a-lille.md"
    fields = header(created.markdown)
    assert fields == {"title": "Événement à Lille", "date": "2024-03-14 10:30", "category": "Vie de la Cité",
                      "tags": "", "slug": "evenement-a-lille"}
    output = build_site(tmp_path / "output", content=content)
    page = (output / "actualites" / "evenement-a-lille" / "index.html").read_text(encoding="utf-8")
    assert "Événement à Lille" in page


def test_hints_left_in_a_new_file_are_a_warning_that_stops_publishing(content, tmp_path):
    new_article(content, "Événement à Lille", category="Vie de la Cité", now=NOW)
    build_site(tmp_path / "local", content=content)  # a local build goes on
    said = [str(w) for w in current().warnings]
    assert any(w.startswith("content/2024-03-evenement-a-lille.md: le fichier contient encore") for w in said), said
    message = build_problems(tmp_path / "prod", content=content, FAIL_ON_WARNINGS=True)
    assert "« À FAIRE : … » : complétez-les, puis effacez-les" in message


def test_a_category_not_in_use_is_refused_with_the_nearest(content):
    before = tree_digest(content)
    with pytest.raises(Refused) as refused:
        new_article(content, "Un salon à Lille", category="Entreprise", now=NOW)
    assert "Vouliez-vous dire « Entreprises » ?" in str(refused.value)
    assert "--new-category" in str(refused.value)
    with pytest.raises(Refused, match="Choisissez une catégorie avec --category"):
        new_article(content, "Un salon à Lille", now=NOW)
    assert tree_digest(content) == before


def test_a_category_is_spelt_as_in_the_other_articles(content):
    created = new_article(content, "Un salon à Lille", category="vie de la cite", now=NOW)
    assert header(created.markdown)["category"] == "Vie de la Cité"


def test_new_category_only_when_asked(content, tmp_path):
    created = new_article(content, "Un laboratoire à Villeneuve-d'Ascq", category="Recherche", new_category=True, now=NOW)
    assert header(created.markdown)["category"] == "Recherche"
    output = build_site(tmp_path / "output", content=content)
    assert (output / "actualites" / "categorie" / "recherche" / "index.html").is_file()


def test_new_article_never_overwrites(content):
    first = new_article(content, "Événement à Lille", category="Entreprises", now=NOW)
    before = tree_digest(content)
    with pytest.raises(Refused, match="evenement-a-lille"):
        new_article(content, "Événement à Lille", category="Entreprises", now=NOW)
    assert tree_digest(content) == before
    assert first.markdown.is_file()


# --- The tasks, as an editor runs them ---------------------------------------------------------


@pytest.mark.slow
def test_the_tasks_in_a_project_copy(tmp_path, editor_audio, measured_audio_cache):
    project = copy_project(tmp_path / "projet", audio_cache=measured_audio_cache)

    done = invoke(project, "new-episode", str(editor_audio), "--date", "2024-03-12 08:00")
    assert done.returncode == 0, done.stderr
    assert "content/podcasts/media/episode-6-final.mp3" in done.stdout
    done = invoke(project, "new-article", "L'IA, et après ?", "--category", "Entreprises")
    assert done.returncode == 0, done.stderr
    assert "/actualites/l-ia-et-apres/" in done.stdout
    check = invoke(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    before = tree_digest(project / "content")
    again = invoke(project, "new-episode", str(editor_audio))
    assert again.returncode == 1
    assert "Rien n'a été écrit." in again.stderr
    refused = invoke(project, "new-article", "Autre chose", "--category", "Entreprise")
    assert refused.returncode == 1 and "Vouliez-vous dire « Entreprises » ?" in refused.stderr
    assert tree_digest(project / "content") == before


def test_new_episode_reports_the_audio_quality_and_check_reuses_the_measure(content, editor_audio, tmp_path):
    cache = tmp_path / "cache"
    created = new_episode(content, editor_audio, now=NOW, cache_path=cache)
    report = created.report(content)
    assert "Qualité du son" in report
    copied = next(path for path, _ in created.written if path.suffix == ".mp3")
    assert AudioMetadataCache(str(cache)).quality(str(copied)) is not None
