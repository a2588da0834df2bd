"""Front matter as the editor wrote it: ambiguous or impossible dates, unknown fields, French
statuses, non-ASCII numbers, control characters, over-long titles, unusable slugs and fields
written twice are refused, on real builds, each named by file and field; the previous output
stays byte for byte."""

from __future__ import annotations

import shutil

import pytest
from podcast_site import PodcastSite, episode, front_matter
from sitebuild import found, line_of, tree_digest

from plugins.problems import Problem

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


def refused(site: PodcastSite) -> list[Problem]:
    """Build expecting BuildProblems; the previous output must be there, unchanged. Its errors."""
    before = tree_digest(site.root / "output")
    assert before, "the previous output is missing: nothing would be protected"
    refusal = site.build_refusal(site.root / "output")  # raises unless BuildProblems; compares digests
    assert tree_digest(site.root / "output") == before
    return refusal.errors


def assert_found(site: PodcastSite, where: str, field: str, code: str, *values: str, occurrence: int = 1) -> Problem:
    """The build is refused with problem `code` on `field` of `where`, at the line the field is
    written on, quoting `values` as written."""
    problem = found(refused(site), code, where, field, line_of(site.root / where, field, occurrence))
    assert all(value in problem.text for value in values), problem.text
    return problem


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
    assert_found(site, where, "Date", "content.E003", "03/04/2024")


def test_an_ambiguous_date_in_an_episode(site):
    where = write_episode(site, Date="03/04/2024")
    assert_found(site, where, "Date", "content.E003", "03/04/2024")


def test_a_date_that_does_not_exist_in_an_article(site):
    where = write_article(site, "a", Title="Un article", Date="2023-02-30")
    assert_found(site, where, "Date", "content.E004", "2023-02-30")


def test_a_date_that_does_not_exist_in_an_episode(site):
    where = write_episode(site, Date="2023-02-30")
    assert_found(site, where, "Date", "content.E004", "2023-02-30")


# --- Unknown fields -------------------------------------------------------------------------

def test_a_french_field_name_in_an_article(site):
    where = write_article(site, "a", Titre="Un article", Date="2023-03-03")
    assert "Title" in assert_found(site, where, "Titre", "content.E001").hint


@pytest.mark.parametrize("written", ["Saison", "Explict"])
def test_an_episode_field_in_an_article_is_unknown_there(site, written):
    where = write_article(site, "a", Title="Un article", Date="2023-03-03", **{written: "1"})
    assert_found(site, where, written, "content.E001")


@pytest.mark.parametrize(
    "written, value, meant",
    [("Saison", "1", "Season"), ("Explict", "non", "Explicit"), ("Titre", "Un titre", "Title")],
)
def test_an_unknown_field_in_an_episode_gets_a_suggestion(site, written, value, meant):
    fields = episode("E", "2023-01-02", "media/e.mp3")
    fields.pop(meant, None)  # "Titre" stands for the title
    site.add_episode("e", **{**fields, written: value})
    assert meant in assert_found(site, "content/podcasts/e.md", written, "content.E001").hint


# --- Status ---------------------------------------------------------------------------------

def assert_status_refused(site: PodcastSite, where: str) -> None:
    problem = assert_found(site, where, "Status", "content.E006", "brouillon", "published, draft, hidden")
    assert "Status: draft" in problem.hint


def test_a_french_status_in_an_article(site):
    where = write_article(site, "a", Title="Un article", Date="2023-03-03", Status="brouillon")
    assert_status_refused(site, where)


def test_a_french_status_in_a_page(site):
    where = write_page(site, "p", Title="Une page", Status="brouillon")
    assert_status_refused(site, where)


def test_a_french_status_in_an_episode(site):
    where = write_episode(site, Status="brouillon")
    assert_status_refused(site, where)


# --- Numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value", [("Episode", "²"), ("Season", "٣")])
def test_numbers_are_ascii_digits_only(site, field, value):
    where = write_episode(site, **{field: value})
    assert_found(site, where, field, "content.E008", value)


# --- Control characters and lengths ---------------------------------------------------------

def test_a_control_character_in_an_article_title(site):
    where = write_article(site, "a", Title=f"Un titre{BEL} sonore", Date="2023-03-03")
    assert_found(site, where, "Title", "content.E021", "U+0007")


def test_a_control_character_in_a_tag(site):
    where = write_article(site, "a", Title="Un article", Date="2023-03-03", Tags=f"ia, robo{BEL}tique")
    assert_found(site, where, "Tags", "content.E021", "U+0007")


def test_a_control_character_in_an_episode_title(site):
    where = write_episode(site, Title=f"Un épisode{BEL}")
    assert_found(site, where, "Title", "content.E021", "U+0007")


def test_a_control_character_in_a_chapter_title(site):
    where = write_episode(site, Chapters=["00:00 Intro", f"00:03 La su{BEL}ite"])
    assert_said("\n".join(map(str, refused(site))), f"{where}: Chapters:", "caractère de contrôle", "U+0007")


def test_a_control_character_in_a_person_name(site):
    where = write_episode(site, Persons=f"Jeanne Du{BEL}pont (invitée)")
    assert_said("\n".join(map(str, refused(site))), f"{where}: Persons:", "caractère de contrôle", "U+0007")


def test_a_300_character_article_title(site):
    assert len(LONG_TITLE) == 300
    where = write_article(site, "a", Title=LONG_TITLE, Date="2023-03-03", Slug="long")
    assert_found(site, where, "Title", "content.E022", "300", "255")


def test_a_300_character_episode_title(site):
    where = write_episode(site, Title=LONG_TITLE)
    assert_found(site, where, "Title", "content.E022", "300", "255")


# --- Slug and repeated fields ---------------------------------------------------------------

def test_a_slug_that_cannot_be_an_address(site):
    where = write_article(site, "a", Title="Quoi de neuf", Date="2023-03-03", Slug="quoi de neuf ?")
    assert "Slug: quoi-de-neuf" in assert_found(site, where, "Slug", "content.E007", "quoi de neuf ?").hint


def test_a_slug_that_cannot_be_an_address_in_an_episode(site):
    where = write_episode(site, Slug="quoi de neuf ?")
    assert "Slug: quoi-de-neuf" in assert_found(site, where, "Slug", "content.E007", "quoi de neuf ?").hint


def test_a_field_written_twice_in_an_article(site):
    (site.content / "a.md").write_text(
        "Title: Premier titre\nDate: 2023-03-03\nCategory: Actualités\nTitle: Second titre\n\nTexte.\n", encoding="utf-8"
    )
    assert_found(site, "content/a.md", "Title", "content.E002", occurrence=2)


def test_a_field_written_twice_in_an_episode(site):
    where = write_raw_episode(site, "Title: E\nDate: 2023-01-02\nAudio: media/e.mp3\nDate: 2023-01-03")
    assert_found(site, where, "Date", "content.E002", occurrence=2)
