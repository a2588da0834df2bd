"""Addresses: two things never share one output file, links between contents lead somewhere, and
audio files with spaces, accents, '?' or '#' in their names get addresses that reach them."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from lxml import html
from podcast_site import SITE_URL, PodcastSite, episode
from sitebuild import found, line_of, tree_digest

from plugins.problems import Problem


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory, audio_fixtures):
    """A good site's output, built once: every failing test protects a copy of it."""
    site = PodcastSite(tmp_path_factory.mktemp("previous"))
    site.add_audio("ok.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3"))
    return site.build()


@pytest.fixture
def site(tmp_path, audio_fixtures, previous_output):
    site = PodcastSite(tmp_path)
    site.add_audio("ok.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3"))
    shutil.copytree(previous_output, tmp_path / "output")
    return site


def refused(site: PodcastSite, **overrides) -> list[Problem]:
    """The build's problems (errors, then warnings); the previous output is there, unchanged."""
    before = tree_digest(site.root / "output")
    assert before
    refusal = site.build_refusal(site.root / "output", **overrides)  # BuildProblems expected, output compared
    assert tree_digest(site.root / "output") == before
    return [*refusal.errors, *refusal.warnings]


def line_holding(path: Path, text: str) -> int:
    """The line (from 1) of the file at `path` that holds `text`, as the test wrote it."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def pelican_said_nothing(problems: list[Problem]) -> bool:
    """Pelican's own English never reaches the editor: each of its messages is said by one of ours."""
    return not any(problem.code.startswith("pelican.") for problem in problems)


# --- Two writers for one address ------------------------------------------------------------

def test_an_article_titled_archives_clashes_with_the_archives_page(site):
    (site.content / "archives-du-club.md").write_text(
        "Title: Archives\nDate: 2023-03-03\nCategory: Actualités\n\nTexte.\n", encoding="utf-8"
    )
    clash = found(refused(site), "content.E051", "content/archives-du-club.md", "Slug")
    assert "'actualites/archives/index.html'" in clash.message
    assert "ARCHIVES_SAVE_AS" in clash.message or "« archives »" in clash.message


def test_a_page_with_the_slug_podcast_clashes_with_the_podcast_index(site):
    (site.content / "pages" / "notre-podcast.md").write_text(
        "Title: Notre podcast\nSlug: podcast\n\nTexte.\n", encoding="utf-8"
    )
    clash = found(refused(site), "content.E051", "content/pages/notre-podcast.md", "Slug")
    assert "'podcast/index.html'" in clash.message and "PODCAST_INDEX_SAVE_AS" in clash.message


# --- Links that lead nowhere ----------------------------------------------------------------

BROKEN_LINKS = {
    "filename": ("Voir [x]({filename}absent.md).", "absent.md"),
    "static": ("![x]({static}images/absent.png)", "images/absent.png"),
}
HOLDERS = {
    "article": ("avec-lien.md", "Title: Avec un lien\nDate: 2023-03-03\nCategory: Actualités\n\n"),
    "page": ("pages/avec-lien.md", "Title: Avec un lien\nSlug: avec-lien\n\n"),
}


@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("link", BROKEN_LINKS)
def test_a_broken_link_names_the_file_that_holds_it(site, link, holder):
    body, target = BROKEN_LINKS[link]
    path, header = HOLDERS[holder]
    (site.content / path).write_text(header + body + "\n", encoding="utf-8")
    problem = found(refused(site), "content.E040", f"content/{path}", line=line_holding(site.content / path, body))
    assert target in problem.message


def test_a_broken_link_in_an_episode_names_the_episode(site, audio_fixtures):
    site.add_audio("e.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("e", notes="Voir [l'article]({filename}/absent.md).", **episode("E", "2023-01-02", "media/e.mp3"))
    holder = site.content / "podcasts" / "e.md"
    problem = found(refused(site), "content.E040", "content/podcasts/e.md", line=line_holding(holder, "absent.md"))
    assert "absent.md" in problem.message


def test_a_misspelt_kind_of_link_is_refused_with_the_kinds_that_exist(site):
    (site.content / "faute.md").write_text(
        "Title: Une faute\nDate: 2023-03-03\nCategory: Actualités\n\nVoir [la page]({fichier}pages/adherer.md).\n",
        encoding="utf-8")
    problems = refused(site)
    said = found(problems, "content.E041", "content/faute.md", line=5)
    assert "{fichier}pages/adherer.md" in said.message and "{filename}" in said.hint and "{static}" in said.hint
    assert pelican_said_nothing(problems)


def test_filename_for_an_image_is_said_in_french_with_its_file(site):
    (site.content / "image.md").write_text(
        "Title: Une image\nDate: 2023-03-03\nCategory: Actualités\n\n![La pochette]({filename}images/podcast-cover.png)\n",
        encoding="utf-8")
    problems = refused(site, FAIL_ON_WARNINGS=True)
    said = found(problems, "content.W001", "content/image.md", line=5)
    assert said.level == "warning" and "images/podcast-cover.png" in said.message
    assert pelican_said_nothing(problems)


@pytest.mark.parametrize(("field", "value"), [("Tags", "IA, ???"), ("Category", "!!!"), ("Author", "***")])
def test_a_label_that_gives_no_address_is_refused(site, field, value):
    header = {"Title": "Étiquettes", "Date": "2023-03-03", "Category": "Actualités", field: value}
    (site.content / "etiquettes.md").write_text(
        "".join(f"{key}: {text}\n" for key, text in header.items()) + "\nTexte.\n", encoding="utf-8")
    problems = refused(site)
    said = found(problems, "content.E010", "content/etiquettes.md", field, line_of(site.content / "etiquettes.md", field))
    assert f"« {value.split(', ')[-1]} »" in said.message
    assert pelican_said_nothing(problems)


def test_two_articles_with_one_slug_are_said_once_in_french(site):
    for name in ("premier", "second"):
        (site.content / f"{name}.md").write_text(
            f"Title: {name}\nDate: 2023-03-03\nCategory: Actualités\nSlug: meme-adresse\n\nTexte.\n", encoding="utf-8")
    problems = refused(site)
    (clash,) = [problem for problem in problems if problem.code == "content.E051"]
    assert clash.field == "Slug" and clash.file in ("content/premier.md", "content/second.md")
    assert "'actualites/meme-adresse/index.html'" in clash.message
    assert pelican_said_nothing(problems)


# --- Audio file names that need encoding ----------------------------------------------------

AWKWARD_NAMES = ("épisode 6 (final).mp3", "quest?ion.mp3", "hash#tag.mp3")
RAW_FORBIDDEN = (" ", "?", "#")


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory, audio_fixtures):
    root = tmp_path_factory.mktemp("awkward")
    site = PodcastSite(root)
    sources = {
        "épisode 6 (final).mp3": audio_fixtures.plain["mp3"].path,
        "quest?ion.mp3": audio_fixtures.plain["mp3_vbr"].path,
        "hash#tag.mp3": audio_fixtures.plain["mp3_cbr_headerless"].path,
    }
    for number, (name, source) in enumerate(sources.items(), start=1):
        site.add_audio(name, source)
        site.add_episode(f"ep{number}", **episode(f"Épisode {number}", f"2023-01-0{number}", f"media/{name}"))
    output = site.build(root / "output")
    return site, output


def assert_encoded(url: str) -> None:
    """RFC 3986: no space, '?', '#' or non-ASCII character left raw in the address."""
    assert url.isascii(), url
    assert not any(character in url for character in RAW_FORBIDDEN), url


def output_file(output: Path, absolute_url: str) -> Path:
    """The file in `output` that an absolute site address names."""
    site_path = urlsplit(SITE_URL).path
    path = unquote(urlsplit(absolute_url).path)
    assert path.startswith(site_path + "/"), absolute_url
    return output / path[len(site_path) + 1:]


def test_the_build_with_awkward_audio_names_succeeds(awkward_site):
    site, output = awkward_site
    for name in AWKWARD_NAMES:
        assert (output / "podcasts" / "media" / name).read_bytes() == (site.media / name).read_bytes()


def test_feed_enclosures_are_percent_encoded_and_reach_the_file(awkward_site):
    site, output = awkward_site
    raw = (output / "podcast" / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    urls = [entry.enclosures[0].href for entry in feed.entries]
    assert len(urls) == len(AWKWARD_NAMES)
    reached = set()
    for url in urls:
        assert_encoded(url)
        assert url.encode() in raw  # feedparser did not re-encode it: the feed itself holds it
        target = output_file(output, url)
        assert target.is_file(), url
        assert target.read_bytes() == (site.media / target.name).read_bytes()
        reached.add(target.name)
    assert reached == set(AWKWARD_NAMES)


def episode_page_links(output: Path, slug: str) -> dict[str, list[str]]:
    document = html.fromstring((output / "podcast" / slug / "index.html").read_bytes())
    return {
        "source": [s.get("src") for s in document.xpath("//audio//source") if s.get("src")],
        "audio": [a.get("src") for a in document.xpath("//audio[@src]")],
        "download": [a.get("href") for a in document.xpath("//a[@download]")],
    }


@pytest.mark.parametrize("number, name", list(enumerate(AWKWARD_NAMES, start=1)))
def test_the_episode_page_player_and_download_link_reach_the_file(awkward_site, number, name):
    site, output = awkward_site
    page_url = f"{SITE_URL}/podcast/ep{number}/"
    links = episode_page_links(output, f"ep{number}")
    assert links["source"] or links["audio"], links
    assert links["download"], links
    for href in links["source"] + links["audio"] + links["download"]:
        assert_encoded(href)
        target = output_file(output, urljoin(page_url, href))
        assert target.is_file(), (href, target)
        assert target.read_bytes() == (site.media / name).read_bytes(), href
