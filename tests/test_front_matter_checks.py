"""Front matter as the editor wrote it: ambiguous or impossible dates, unknown fields, French
statuses, non-ASCII numbers, control characters, over-long titles, unusable slugs and fields
written twice are refused, on real builds, each named by file and field; the previous output
stays byte for byte."""

from __future__ import annotations

import shutil

import pytest
from podcast_site import PodcastSite, episode, front_matter
from sitebuild import tree_digest

BEL = "\x07"  # a control character, as a bad copy-paste leaves it
LONG_TITLE = ("Une très longue histoire " * 12)[:-1] + "!"  # 300 characters


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory, audio_fixtures):
    """A good site's output, built once: every test protects a copy of it."""
    site = PodcastSite(tmp_path_factory.mktemp("previous"))
    site.add_audio("ok.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3", Season=1, Episode=1))
    return site.build()


@pytest.fixture
def site(tmp_path, audio_fixtures, previous_output):
    site = PodcastSite(tmp_path)
    site.add_audio("ok.mp3", audio_fixtures.plain["mp3"].path)
    site.add_audio("e.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3", Season=1, Episode=1))
    shutil.copytree(previous_output, tmp_path / "output")
    return site


def refused(site: PodcastSite) -> str:
    """Build expecting BuildProblems; the previous output must be there, unchanged."""
    before = tree_digest(site.root / "output")
    assert before, "the previous output is missing: nothing would be protected"
    message = site.build_problems(site.root / "output")  # raises unless BuildProblems; compares digests
    assert tree_digest(site.root / "output") == before
    assert "rien n'a été écrit" in message
    return message


def assert_said(message: str, where: str, *words: str) -> None:
    """One line of the message names the file and field (`where`) and says all `words`."""
    lines = [line for line in message.splitlines() if where in line]
    assert any(all(word in line for word in words) for line in lines), (
        f"no line with {where!r} saying {words!r} in:\n{message}"
    )


def write_article(site: PodcastSite, name: str, **fields) -> str:
    fields.setdefault("Category", "Actualités")
    (site.content / f"{name}.md").write_text(front_matter(fields) + "\n\nLe texte de l'article.\n", encoding="utf-8")
    return f"content/{name}.md"


def write_page(site: PodcastSite, name: str, **fields) -> str:
    (site.content / "pages" / f"{name}.md").write_text(front_matter(fields) + "\n\nLe texte.\n", encoding="utf-8")
    return f"content/pages/{name}.md"


def write_episode(site: PodcastSite, **fields) -> str:
    site.add_episode("e", **{**episode("E", "2023-01-02", "media/e.mp3"), **fields})
    return "content/podcasts/e.md"


def write_raw_episode(site: PodcastSite, header: str) -> str:
    (site.content / "podcasts" / "e.md").write_text(header + "\n\nLes notes.\n", encoding="utf-8")
    return "content/podcasts/e.md"


# --- Dates ----------------------------------------------------------------------------------

def test_an_ambiguous_date_in_an_article(site):
    where = write_article(site, "a", Title="Un article", Date="03/04/2024")
    assert_said(refused(site), f"{where}: Date:", "'03/04/2024'", "ambigu", "2023-05-07")


def test_an_ambiguous_date_in_an_episode(site):
    where = write_episode(site, Date="03/04/2024")
    assert_said(refused(site), f"{where}: Date:", "'03/04/2024'", "ambigu", "2023-05-07")


def test_a_date_that_does_not_exist_in_an_article(site):
    where = write_article(site, "a", Title="Un article", Date="2023-02-30")
    assert_said(refused(site), f"{where}: Date:", "'2023-02-30'", "n'existe pas dans le calendrier")


def test_a_date_that_does_not_exist_in_an_episode(site):
    where = write_episode(site, Date="2023-02-30")
    assert_said(refused(site), f"{where}: Date:", "'2023-02-30'", "n'existe pas dans le calendrier")


# --- Unknown fields -------------------------------------------------------------------------

def test_a_french_field_name_in_an_article(site):
    where = write_article(site, "a", Titre="Un article", Date="2023-03-03")
    assert_said(refused(site), f"{where}: Titre:", "champ inconnu", "« Title »")


@pytest.mark.parametrize("written", ["Saison", "Explict"])
def test_an_episode_field_in_an_article_is_unknown_there(site, written):
    where = write_article(site, "a", Title="Un article", Date="2023-03-03", **{written: "1"})
    assert_said(refused(site), f"{where}: {written}:", "champ inconnu", "il serait ignoré")


@pytest.mark.parametrize(
    "written, value, meant",
    [("Saison", "1", "Season"), ("Explict", "non", "Explicit"), ("Titre", "Un titre", "Title")],
)
def test_an_unknown_field_in_an_episode_gets_a_suggestion(site, written, value, meant):
    fields = episode("E", "2023-01-02", "media/e.mp3")
    fields.pop(meant, None)  # "Titre" stands for the title
    site.add_episode("e", **{**fields, written: value})
    assert_said(refused(site), f"content/podcasts/e.md: {written}:", "champ inconnu", f"« {meant} »")


# --- Status ---------------------------------------------------------------------------------

STATUS_HINT = ("'brouillon'", "published, draft, hidden", "« Status: draft »")


def test_a_french_status_in_an_article(site):
    where = write_article(site, "a", Title="Un article", Date="2023-03-03", Status="brouillon")
    assert_said(refused(site), f"{where}: Status:", *STATUS_HINT)


def test_a_french_status_in_a_page(site):
    where = write_page(site, "p", Title="Une page", Status="brouillon")
    assert_said(refused(site), f"{where}: Status:", *STATUS_HINT)


def test_a_french_status_in_an_episode(site):
    where = write_episode(site, Status="brouillon")
    assert_said(refused(site), f"{where}: Status:", *STATUS_HINT)


# --- Numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value", [("Episode", "²"), ("Season", "٣")])
def test_numbers_are_ascii_digits_only(site, field, value):
    where = write_episode(site, **{field: value})
    assert_said(refused(site), f"{where}: {field}:", f"'{value}'", "chiffres 0 à 9")


# --- Control characters and lengths ---------------------------------------------------------

def test_a_control_character_in_an_article_title(site):
    where = write_article(site, "a", Title=f"Un titre{BEL} sonore", Date="2023-03-03")
    assert_said(refused(site), f"{where}: Title:", "caractère de contrôle", "U+0007")


def test_a_control_character_in_a_tag(site):
    where = write_article(site, "a", Title="Un article", Date="2023-03-03", Tags=f"ia, robo{BEL}tique")
    assert_said(refused(site), f"{where}: Tags:", "caractère de contrôle", "U+0007")


def test_a_control_character_in_an_episode_title(site):
    where = write_episode(site, Title=f"Un épisode{BEL}")
    assert_said(refused(site), f"{where}: Title:", "caractère de contrôle", "U+0007")


def test_a_control_character_in_a_chapter_title(site):
    where = write_episode(site, Chapters=["00:00 Intro", f"00:03 La su{BEL}ite"])
    assert_said(refused(site), f"{where}: Chapters:", "caractère de contrôle", "U+0007")


def test_a_control_character_in_a_person_name(site):
    where = write_episode(site, Persons=f"Jeanne Du{BEL}pont (invitée)")
    assert_said(refused(site), f"{where}: Persons:", "caractère de contrôle", "U+0007")


def test_a_300_character_article_title(site):
    assert len(LONG_TITLE) == 300
    where = write_article(site, "a", Title=LONG_TITLE, Date="2023-03-03", Slug="long")
    assert_said(refused(site), f"{where}: Title:", "trop long", "300 caractères", "255")


def test_a_300_character_episode_title(site):
    where = write_episode(site, Title=LONG_TITLE)
    assert_said(refused(site), f"{where}: Title:", "trop long", "300 caractères", "255")


# --- Slug and repeated fields ---------------------------------------------------------------

def test_a_slug_that_cannot_be_an_address(site):
    where = write_article(site, "a", Title="Quoi de neuf", Date="2023-03-03", Slug="quoi de neuf ?")
    assert_said(refused(site), f"{where}: Slug:", "'quoi de neuf ?'", "« Slug: quoi-de-neuf »")


def test_a_slug_that_cannot_be_an_address_in_an_episode(site):
    where = write_episode(site, Slug="quoi de neuf ?")
    assert_said(refused(site), f"{where}: Slug:", "'quoi de neuf ?'", "« Slug: quoi-de-neuf »")


def test_a_field_written_twice_in_an_article(site):
    (site.content / "a.md").write_text(
        "Title: Premier titre\nDate: 2023-03-03\nCategory: Actualités\nTitle: Second titre\n\nTexte.\n", encoding="utf-8"
    )
    assert_said(refused(site), "content/a.md: Title:", "champ écrit deux fois")


def test_a_field_written_twice_in_an_episode(site):
    where = write_raw_episode(site, "Title: E\nDate: 2023-01-02\nAudio: media/e.mp3\nDate: 2023-01-03")
    assert_said(refused(site), f"{where}: Date:", "champ écrit deux fois")
