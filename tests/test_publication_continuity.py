"""Listeners never lose an episode: a publication build (PODCAST_CHECK_CONTINUITY, set by `--strict`) compares
the feed it is about to write with the feed live now, and refuses what an app would suffer.

A small site is built once, its feed standing for the live one (a file, or served on 127.0.0.1 by
tests/local_http.py: never the network); the site is then changed as an editor would and built
again as a publication. Feeds are read back with feedparser and podcastparser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from feed_records import parse_feedparser, parse_podcastparser
from invoke_tasks import free_port, invoke, succeeded
from local_http import serve
from pelican.plugins.podcast.front_matter import default_guid
from pelican.plugins.podcast.live_feed import download_live_feed
from pelican.plugins.podcast.problem_record import Problem
from pelican.plugins.podcast.settings import load_settings
from pelican.settings import read_settings
from podcast_site import SITE_URL, PodcastSite, episode
from sitebuild import PROJECT, copy_project

from plugins.checks.summary import last_build_summary
from plugins.problems import CheckPassed, current

SHOW_GUID = "7c0aa526-517d-5c35-90c9-f404468a3508"  # pelicanconf.py's PODCAST_GUID


class LiveSite:
    """Three episodes, each with its Guid but "b", built once: its feed is "the live feed"."""

    def __init__(self, root: Path, audio: Path):
        self.site = PodcastSite(root)
        for name in ("a", "b", "c"):
            self.site.add_audio(f"{name}.mp3", audio)
        self.files = {
            "a": self.site.add_episode("a", **episode("Épisode A", "2023-01-01 08:00", "media/a.mp3", Episode=1,
                                                      Guid="guid-a")),
            "b": self.site.add_episode("b", **episode("Épisode B", "2023-02-01 08:00", "media/b.mp3", Episode=2)),
            "c": self.site.add_episode("c", **episode("Épisode C", "2023-03-01 08:00", "media/c.mp3", Episode=3,
                                                      Guid="guid-c")),
        }
        self.live = self.site.build(root / "live") / "podcast" / "feed.xml"

    def publish(self, **overrides) -> Path:
        """A publication build against the live feed (a file unless `overrides` say otherwise)."""
        overrides.setdefault("PODCAST_LIVE_FEED", str(self.live))
        return self.site.build(PODCAST_CHECK_CONTINUITY=True, **overrides)

    def refused(self, **overrides) -> list[Problem]:
        """A publication build that stops: its errors, in the order said."""
        overrides.setdefault("PODCAST_LIVE_FEED", str(self.live))
        return self.site.build_refusal(self.site.root / "refused", PODCAST_CHECK_CONTINUITY=True, **overrides).errors

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.files[name]
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def live(tmp_path, audio_fixtures) -> LiveSite:
    return LiveSite(tmp_path, audio_fixtures.plain["mp3"].path)


def said(problems: list[Problem]) -> list[tuple[str, str, str, int | None]]:
    """What each problem is (code), where (file, field, line)."""
    return [(p.code, p.file, p.field, p.line) for p in problems]


def guids(feed: Path) -> list[str]:
    return [entry.id for entry in parse_feedparser(feed.read_bytes()).entries]


B_GUID = default_guid(SHOW_GUID, "b")


def test_an_unchanged_site_is_published_and_says_what_it_compared_with(live):
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    feed = live.publish() / "podcast" / "feed.xml"
    # Byte for byte the feed built without the guard: it writes the very feed it compared.
    assert feed.read_bytes() == live.live.read_bytes()
    assert f"Continuité vérifiée avec le flux en ligne ({live.live}, 3 épisodes)." in last_build_summary()


def test_every_published_episode_must_carry_its_guid_with_the_exact_line_to_add(live):
    assert B_GUID in guids(live.live)
    (problem,) = live.refused()
    assert said([problem]) == [("podcast.E188", "content/podcasts/b.md", "Guid", None)]
    assert f"« Guid: {B_GUID} »" in problem.hint  # the exact line to add
    # A draft is not published: it needs none.
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    live.site.add_episode("d", **episode("Brouillon", "2023-04-01", "media/a.mp3", Status="draft"))
    assert guids(live.publish() / "podcast" / "feed.xml") == ["guid-c", B_GUID, "guid-a"]


def test_a_renamed_file_keeps_its_guid_or_is_refused_with_its_live_guid(live):
    live.files["b"].rename(live.files["b"].with_name("b-renomme.md"))
    (problem,) = live.refused()  # one message for the file: its live GUID, not the new name's
    assert said([problem]) == [("podcast.E185", "content/podcasts/b-renomme.md", "Guid", None)]
    assert f"'{B_GUID}'" in problem.message
    assert f"« Guid: {B_GUID} »" in problem.hint and f"« Previous_guid: {B_GUID} »" in problem.hint


def test_a_removed_episode_and_a_changed_date_are_refused_all_at_once(live):
    live.files["c"].unlink()
    live.edit("a", "Date: 2023-01-01 08:00", "Date: 2023-01-02 08:00")
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    problems = live.refused()
    date_line = live.files["a"].read_text(encoding="utf-8").splitlines().index("Date: 2023-01-02 08:00") + 1
    assert sorted(said(problems)) == [("podcast.E184", "content/podcasts/a.md", "Date", date_line),
                                      ("podcast.E187", "content/podcasts/c.md", "Guid", None)]
    removed, dated = sorted(problems, key=lambda p: p.code, reverse=True)
    assert "guid-c" in removed.message and "Wed, 01 Mar 2023 08:00:00 +0100" in removed.message
    assert "« Status: withdrawn »" in removed.hint and "« Guid: guid-c »" in removed.hint
    assert "Sun, 01 Jan 2023 08:00:00 +0100" in dated.message and "Mon, 02 Jan 2023 08:00:00 +0100" in dated.message
    assert "« Date: 2023-01-01 08:00 »" in dated.hint
    assert "« Previous_date: Sun, 01 Jan 2023 08:00:00 +0100 »" in dated.hint


def test_declared_changes_pass(live):
    live.edit("b", "Title:", "Guid: nouveau-guid-b\nPrevious_guid: " + B_GUID + "\nTitle:")
    live.edit("a", "Date: 2023-01-01 08:00", "Date: 2023-01-02 08:00\nPrevious_date: Sun, 01 Jan 2023 08:00:00 +0100")
    shutil.copyfile(live.site.media / "c.mp3", live.site.media / "c-v2.mp3")
    live.edit("c", "Audio: media/c.mp3", f"Audio: media/c-v2.mp3\nPrevious_audio: {SITE_URL}/podcasts/media/c.mp3")
    feed = parse_podcastparser((live.publish() / "podcast" / "feed.xml").read_bytes())
    by_guid = {item["guid"]: item for item in feed["episodes"]}
    assert set(by_guid) == {"guid-a", "nouveau-guid-b", "guid-c"}
    assert by_guid["guid-c"]["enclosures"][0]["url"] == f"{SITE_URL}/podcasts/media/c-v2.mp3"


def test_a_declared_withdrawal_passes_and_leaves_the_feed(live):
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    live.edit("c", "Title:", "Status: withdrawn\nTitle:")
    (live.site.media / "c.mp3").unlink()  # a withdrawn episode's audio is never read
    feed = live.publish() / "podcast" / "feed.xml"
    assert guids(feed) == [B_GUID, "guid-a"]
    assert not (feed.parent / "c").exists()
    assert "1 épisode retiré" in last_build_summary()


def test_the_show_moving_is_refused_unless_declared(live):
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    moved = {"SITEURL": "https://ailleurs.example", "PODCAST_GUID": "0e8a1bd2-5a4e-4a2c-8f0e-7b9b0c6f1d2e"}
    problems = live.refused(**moved)
    # The show's identity, its two addresses, and each episode's enclosure (the audio is on the site).
    assert [(p.code, p.file or p.field) for p in problems] == [
        ("podcast.E180", "PODCAST_GUID"), ("podcast.E181", "SITEURL / PODCAST_FEED_PATH"),
        ("podcast.E182", "SITEURL / PODCAST_FEED_PATH"), ("podcast.E183", "content/podcasts/c.md"),
        ("podcast.E183", "content/podcasts/b.md"), ("podcast.E183", "content/podcasts/a.md")]
    assert f"PODCAST_PREVIOUS_FEED_URL = '{SITE_URL}/podcast/feed.xml'" in problems[1].hint
    enclosure = problems[3]
    assert (enclosure.field, enclosure.line) == ("Audio", 3)
    assert f"{SITE_URL}/podcasts/media/c.mp3" in enclosure.message
    assert "https://ailleurs.example/podcasts/media/c.mp3" in enclosure.message
    declared = {"PODCAST_PREVIOUS_FEED_URL": f"{SITE_URL}/podcast/feed.xml", "PODCAST_PREVIOUS_MEDIA_URL": SITE_URL,
                "PODCAST_PREVIOUS_GUID": SHOW_GUID}
    feed = parse_feedparser((live.publish(**moved, **declared) / "podcast" / "feed.xml").read_bytes())
    assert feed.feed.link == "https://ailleurs.example/"


def test_first_publication_passes_and_says_so(live, tmp_path):
    with serve(tmp_path / "jamais-publie") as url:  # the whole site answers 404
        live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
        live.publish(SITEURL=url, PODCAST_LIVE_FEED=f"{url}/podcast/feed.xml")  # its own address
    assert f"Première publication : ni le flux ({url}/podcast/feed.xml) ni le site ({url}/) ne sont en ligne " \
           "(HTTP 404), rien à comparer." in last_build_summary()


def test_a_live_site_without_this_feed_is_refused(live, tmp_path):
    published = tmp_path / "en-ligne"
    published.mkdir()
    (published / "index.html").write_text("<!doctype html><title>Cité</title>", encoding="utf-8")
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    with serve(published) as url:
        (problem,) = live.refused(SITEURL=url, PODCAST_LIVE_FEED=f"{url}/podcast/feed.xml")  # its own address
        assert said([problem]) == [("podcast.E194", "", "PODCAST_LIVE_FEED", None)]
        assert f"{url}/podcast/feed.xml (HTTP 404)" in problem.message and "HTTP 200" in problem.message
        # Declared (PODCAST_LIVE_FEED = False): it passes, and says so.
        live.publish(SITEURL=url, PODCAST_LIVE_FEED=False)
    assert "Première publication déclarée (PODCAST_LIVE_FEED = False)" in last_build_summary()


def test_a_live_feed_served_over_http_is_compared(live, tmp_path):
    served = tmp_path / "sert" / "podcast"
    served.mkdir(parents=True)
    shutil.copyfile(live.live, served / "feed.xml")
    live.files["a"].unlink()
    with serve(tmp_path / "sert") as url:
        problems = live.refused(PODCAST_LIVE_FEED=f"{url}/podcast/feed.xml")
    assert [(p.code, p.file) for p in problems] == [("podcast.E187", "content/podcasts/a.md"),
                                                    ("podcast.E188", "content/podcasts/b.md")]


def test_an_unreachable_live_feed_stops_the_publication(live):
    closed = f"http://127.0.0.1:{free_port()}/podcast/feed.xml"
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    (problem,) = live.refused(PODCAST_LIVE_FEED=closed)
    assert said([problem]) == [("podcast.E190", "", "PODCAST_LIVE_FEED", None)] and closed in problem.message
    (missing,) = live.refused(PODCAST_LIVE_FEED=str(live.site.root / "absent.xml"))
    assert said([missing]) == [("podcast.E192", "", "PODCAST_LIVE_FEED", None)]
    assert str(live.site.root / "absent.xml") in missing.message
    (not_a_feed,) = live.refused(PODCAST_LIVE_FEED=str(live.files["a"]))
    assert said([not_a_feed]) == [("podcast.E193", "", "PODCAST_LIVE_FEED", None)]
    assert str(live.files["a"]) in not_a_feed.message


def test_invoke_check_warns_of_a_missing_guid_before_any_publication(live):
    with pytest.raises(CheckPassed):
        live.site.build(CHECK_ONLY=True)
    warned = [w for w in current().warnings if w.field == "Guid"]
    assert said(warned) == [("podcast.E188", "content/podcasts/b.md", "Guid", None)]
    assert [w.level for w in warned] == ["warning"] and f"« Guid: {B_GUID} »" in warned[0].hint


@pytest.mark.parametrize("value", ["ftp://exemple.org/flux.xml", "", 42])
def test_a_wrong_live_feed_setting_is_named(live, value):
    live.edit("b", "Title:", f"Guid: {B_GUID}\nTitle:")
    (problem,) = live.refused(PODCAST_LIVE_FEED=value)
    assert said([problem]) == [("podcast.E121", "", "PODCAST_LIVE_FEED", None)] and repr(value) in problem.message


def test_an_episode_made_hidden_or_a_draft_is_refused_with_the_withdrawal_to_write(live):
    live.edit("b", "Title:", f"Guid: {B_GUID}\nStatus: draft\nTitle:")
    live.edit("c", "Title:", "Status: hidden\nTitle:")
    problems = live.refused()
    assert said(problems) == [("podcast.E186", "content/podcasts/c.md", "Status", 1),
                              ("podcast.E186", "content/podcasts/b.md", "Status", 2)]
    assert all("« Status: withdrawn »" in p.hint for p in problems)
    assert "guid-c" in problems[0].message and B_GUID in problems[1].message


@pytest.mark.parametrize("production, previous, expected", [
    (True, None, "https://www.cite-ia.fr/podcast/feed.xml"),  # a publication reads the feed at its own address
    (True, "https://ancien.example/flux.xml", "https://ancien.example/flux.xml"),  # or where it moves from
    (False, None, None),  # a --strict local build is no publication: nothing to compare
])
def test_where_a_publication_reads_the_live_feed(tmp_path, production, previous, expected):
    settings = read_settings(str(PROJECT / "pelicanconf.py"), override={
        "CACHE_PATH": str(tmp_path / "cache"), "SITEURL": "https://www.cite-ia.fr" if production else "",
        "PRODUCTION": production, "PODCAST_CHECK_CONTINUITY": True, "PODCAST_PREVIOUS_FEED_URL": previous})
    podcast, problems = load_settings(settings)
    assert problems == []
    assert (podcast.continuity.live_feed if podcast.continuity else None) == expected


# --- where the live feed comes from: the deploy's own step, and the environment --------------

def test_the_deploys_step_downloads_the_live_feed_or_knows_there_is_none(live, tmp_path):
    served = tmp_path / "sert"
    (served / "podcast").mkdir(parents=True)
    shutil.copyfile(live.live, served / "podcast" / "feed.xml")
    (served / "index.html").write_text("<!doctype html><title>Cité</title>", encoding="utf-8")
    target = tmp_path / "flux-en-ligne.xml"
    with serve(served) as url:
        found, problems = download_live_feed(f"{url}/podcast/feed.xml", f"{url}/", target)
        assert problems == [] and target.read_bytes() == live.live.read_bytes()
        assert found.note == f"Flux en ligne téléchargé : {url}/podcast/feed.xml → {target} (3 épisodes)."
        target.unlink()
        # The site answers but not this feed, or answers a page that is not a feed: refused, nothing written.
        missing = download_live_feed(f"{url}/ailleurs/feed.xml", f"{url}/", target)[1]
        assert said(missing) == [("podcast.E194", "", "PODCAST_LIVE_FEED", None)]
        assert f"{url}/ailleurs/feed.xml (HTTP 404)" in missing[0].message
        page = download_live_feed(f"{url}/index.html", f"{url}/", target)[1]
        assert said(page) == [("podcast.E193", "", "PODCAST_LIVE_FEED", None)]
    with serve(tmp_path / "jamais-publie") as url:  # the whole site answers 404: never published
        found, problems = download_live_feed(f"{url}/podcast/feed.xml", f"{url}/", target)
    assert problems == [] and found.facts is None and found.note.startswith("Première publication : ni le flux")
    closed = f"http://127.0.0.1:{free_port()}"
    found, unreachable = download_live_feed(f"{closed}/podcast/feed.xml", f"{closed}/", target)
    assert found is None and said(unreachable) == [("podcast.E190", "", "PODCAST_LIVE_FEED", None)]
    assert not target.exists()


def test_invoke_live_feed_reads_the_address_of_publishconf_and_a_failure_stops_it(live, tmp_path):
    served = tmp_path / "sert"
    (served / "podcast").mkdir(parents=True)
    shutil.copyfile(live.live, served / "podcast" / "feed.xml")
    target = tmp_path / "flux-en-ligne.xml"
    project = copy_project(tmp_path / "projet")  # the settings' check keeps its picture cache in cache/
    with serve(served) as url:
        done = succeeded(invoke(project, "live-feed", "--output", str(target), env={"SITEURL": url}))
    assert target.read_bytes() == live.live.read_bytes()
    assert f"Flux en ligne téléchargé : {url}/podcast/feed.xml → {target} (3 épisodes)." in done.stdout
    closed = f"http://127.0.0.1:{free_port()}"
    failed = invoke(project, "live-feed", "--output", str(tmp_path / "autre.xml"), env={"SITEURL": closed})
    assert failed.returncode == 1 and not (tmp_path / "autre.xml").exists()
    assert f"  - PODCAST_LIVE_FEED: le flux en ligne {closed}/podcast/feed.xml est injoignable (" in failed.stderr
    assert "Traceback" not in failed.stderr


@pytest.mark.parametrize("environment, setting, live_feed", [
    (None, None, "https://www.cite-ia.fr/podcast/feed.xml"),  # unset: the feed's own address
    ("", None, "https://www.cite-ia.fr/podcast/feed.xml"),
    ("False", False, None),  # no live feed: a first publication, declared
    (" false ", False, None),
    ("https://copie.example/flux.xml", "https://copie.example/flux.xml", "https://copie.example/flux.xml"),
    ("/srv/flux-en-ligne.xml", "/srv/flux-en-ligne.xml", "/srv/flux-en-ligne.xml"),  # the step's download
])
def test_publishconf_reads_the_live_feed_from_the_environment(tmp_path, monkeypatch, environment, setting, live_feed):
    monkeypatch.delenv("SITEURL", raising=False)
    if environment is None:
        monkeypatch.delenv("PODCAST_LIVE_FEED", raising=False)
    else:
        monkeypatch.setenv("PODCAST_LIVE_FEED", environment)
    settings = read_settings(str(PROJECT / "publishconf.py"), override={
        "CACHE_PATH": str(tmp_path / "cache"), "PODCAST_CHECK_CONTINUITY": True})
    assert settings["PODCAST_LIVE_FEED"] == setting
    podcast, problems = load_settings(settings)
    assert problems == []
    assert podcast.continuity.live_feed == live_feed
