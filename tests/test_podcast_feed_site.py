"""The podcast feed of a real build, read back as listeners' apps read it (gPodder's podcastparser, feedparser)."""

from __future__ import annotations

import io
import re
import uuid

import feedparser
import podcastparser
import pytest
from lxml import etree
from podcast_site import SITE_URL, PodcastSite, episode, one_episode_site
from sitebuild import site_pages

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"


@pytest.fixture(scope="module")
def site(tmp_path_factory, audio_fixtures):
    """Two seasons, a trailer, MP3 and M4A, chapters, a transcript, persons, artwork, an Opus alternate."""
    site = PodcastSite(tmp_path_factory.mktemp("feed"))
    site.add_audio("bande-annonce.mp3", audio_fixtures.plain["mp3"].path)
    site.add_audio("s1e01.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_audio("s1e01.opus", audio_fixtures.tagged["opus"].path)
    site.add_audio("s1e02.m4a", audio_fixtures.tagged["m4a"].path)
    site.add_audio("s2e01.mp3", audio_fixtures.plain["mp3_vbr_headerless"].path)
    (site.media / "s1e01.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour.\n", encoding="utf-8")
    site.add_episode(
        "00-bande-annonce",
        **episode("Bande-annonce", "2022-11-01 08:00", "media/bande-annonce.mp3", Season=1, Episode_type="trailer"),
    )
    site.add_episode(
        "s1e01",
        notes="Les notes, avec [un lien vers l'adhésion]({filename}../pages/adherer.md).",
        **episode(
            "Les données d'abord",
            "2022-11-15 08:00",
            "media/s1e01.mp3",
            Season=1,
            Episode=1,
            Summary="Pourquoi les données passent avant les modèles.",
            Alternates="media/s1e01.opus",
            Transcript="media/s1e01.vtt",
            Persons=["Camille Martin (animation)", "Lucie Bernard (invitée)"],
        ),
    )
    site.add_episode(
        "s1e02", **episode("Former les équipes", "2022-12-01 08:00", "media/s1e02.m4a", Season=1, Episode=2, Explicit="oui")
    )
    site.add_episode("s2e01", **episode("Cap sur Tallinn", "2023-05-01 08:00", "media/s2e01.mp3", Season=2, Episode=1))
    site.output = site.build()
    site.feed_bytes = (site.output / "podcast" / "feed.xml").read_bytes()
    site.audio = {
        "Bande-annonce": audio_fixtures.plain["mp3"],
        "Les données d'abord": audio_fixtures.tagged["mp3"],
        "Former les équipes": audio_fixtures.tagged["m4a"],
        "Cap sur Tallinn": audio_fixtures.plain["mp3_vbr_headerless"],
    }
    return site


@pytest.fixture(scope="module")
def gpodder(site):
    return podcastparser.parse(f"{SITE_URL}/podcast/feed.xml", io.BytesIO(site.feed_bytes))


@pytest.fixture(scope="module")
def parsed(site):
    result = feedparser.parse(site.feed_bytes)
    assert not result.bozo, result.get("bozo_exception")
    return result


@pytest.fixture(scope="module")
def xml(site):
    return etree.fromstring(site.feed_bytes)


def test_gpodder_sees_every_episode_newest_first(gpodder):
    # podcastparser sorts by date itself; the feed's own order is checked with lxml below.
    assert sorted(e["title"] for e in gpodder["episodes"]) == sorted(
        ["Cap sur Tallinn", "Former les équipes", "Les données d'abord", "Bande-annonce"]
    )


def test_the_items_are_newest_first(xml):
    assert [t.text for t in xml.findall("channel/item/title")] == [
        "Cap sur Tallinn",
        "Former les équipes",
        "Les données d'abord",
        "Bande-annonce",
    ]


def test_enclosures_equal_the_real_files(site, gpodder):
    types = {"mp3": "audio/mpeg", "m4a": "audio/x-m4a"}
    for item in gpodder["episodes"]:
        sound = site.audio[item["title"]]
        (enclosure,) = item["enclosures"]
        copied = site.output / enclosure["url"].removeprefix(SITE_URL + "/")
        assert enclosure["url"].startswith(SITE_URL + "/podcasts/media/")
        assert enclosure["file_size"] == sound.path.stat().st_size == copied.stat().st_size
        assert enclosure["mime_type"] == types[sound.path.suffix[1:]]


def test_durations_are_the_true_ones(site, gpodder):
    for item in gpodder["episodes"]:
        assert item["total_time"] == round(site.audio[item["title"]].duration)


def test_gpodder_reads_the_chapters(gpodder, audio_fixtures):
    (item,) = [e for e in gpodder["episodes"] if e["title"] == "Les données d'abord"]
    assert [c["title"] for c in item["chapters"]] == [title for _, title in audio_fixtures.chapters]


def test_feedparser_reads_the_show(parsed):
    assert parsed.feed.title
    assert parsed.feed.language == "fr"
    assert parsed.feed.image.href.endswith("/images/podcast-cover.png")
    assert len(parsed.entries) == 4


def test_guids_are_not_permalinks_and_unique(xml):
    guids = xml.findall("channel/item/guid")
    assert {g.get("isPermaLink") for g in guids} == {"false"}
    assert len({g.text for g in guids}) == 4


def test_show_notes_links_are_absolute(parsed):
    (item,) = [e for e in parsed.entries if e.title == "Les données d'abord"]
    assert f'href="{SITE_URL}/adherer/"' in item.content[0].value


def test_seasons_episodes_types_and_explicit(xml):
    items = {i.findtext("title"): i for i in xml.findall("channel/item")}
    assert items["Bande-annonce"].findtext(f"{{{ITUNES}}}episodeType") == "trailer"
    assert items["Cap sur Tallinn"].findtext(f"{{{ITUNES}}}season") == "2"
    assert items["Cap sur Tallinn"].findtext(f"{{{PODCAST}}}episode") == "1"
    assert items["Former les équipes"].findtext(f"{{{ITUNES}}}explicit") == "true"
    assert items["Cap sur Tallinn"].findtext(f"{{{ITUNES}}}explicit") == "false"


def test_transcript_persons_chapters_and_alternate(xml, site):
    item = next(i for i in xml.findall("channel/item") if i.findtext("title") == "Les données d'abord")
    transcript = item.find(f"{{{PODCAST}}}transcript")
    assert transcript.get("url") == f"{SITE_URL}/podcasts/media/s1e01.vtt"
    assert transcript.get("type") == "text/vtt"
    assert (site.output / "podcasts" / "media" / "s1e01.vtt").exists()
    persons = {(p.text, p.get("role")) for p in item.findall(f"{{{PODCAST}}}person")}
    assert persons == {("Camille Martin", "host"), ("Lucie Bernard", "guest")}
    chapters = item.find(f"{{{PODCAST}}}chapters")
    assert chapters.get("url") == f"{SITE_URL}/podcast/s1e01/chapitres.json"
    assert (site.output / "podcast" / "s1e01" / "chapitres.json").exists()
    sources = [s.get("uri") for a in item.findall(f"{{{PODCAST}}}alternateEnclosure") for s in a]
    assert f"{SITE_URL}/podcasts/media/s1e01.opus" in sources


def test_the_feed_is_linked_from_every_page(site):
    for page in site_pages(site.output):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*podcast/feed\.xml', html), page


def test_guids_survive_a_new_title_slug_and_site_url(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("a.mp3", audio_fixtures.plain["mp3"].path)
    path = site.add_episode("a", **episode("Titre", "2023-01-01", "media/a.mp3"))
    first = site.build(tmp_path / "first")
    path.write_text(path.read_text().replace("Title: Titre", "Title: Nouveau titre\nSlug: nouveau-slug"))
    second = site.build(tmp_path / "second", SITEURL="https://ailleurs.example")
    guid = lambda out: etree.parse(str(out / "podcast" / "feed.xml")).findtext("channel/item/guid")  # noqa: E731
    assert (second / "podcast" / "nouveau-slug" / "index.html").exists()
    assert guid(first) == guid(second)
    uuid.UUID(guid(first))


def test_hostile_text_gives_a_well_formed_feed(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("a.mp3", audio_fixtures.plain["mp3"].path)
    title = 'R&D <script> "IA" ]]> 🤖 l\'été'
    site.add_episode(
        "a",
        notes="Des notes avec ]]> et <b>du gras</b> & un esperluette, et des émojis 🎧.",
        **episode(title, "2023-01-01", "media/a.mp3", Summary="Résumé & <b>texte</b> ]]>"),
    )
    feed = (site.build() / "podcast" / "feed.xml").read_bytes()
    assert etree.fromstring(feed).findtext("channel/item/title") == title
    assert not feedparser.parse(feed).bozo
    assert podcastparser.parse("https://x/feed.xml", io.BytesIO(feed))["episodes"][0]["title"] == title


def test_a_failed_build_leaves_the_previous_feed_whole(tmp_path, audio_fixtures):
    site = one_episode_site(tmp_path, audio_fixtures.plain["mp3"].path)
    output = site.build(tmp_path / "output")
    before = (output / "podcast" / "feed.xml").read_bytes()
    site.add_episode("b", **episode("B", "2023-01-02", "media/absent.mp3"))
    with pytest.raises(Exception, match="introuvable"):
        site.build(tmp_path / "output")
    assert (output / "podcast" / "feed.xml").read_bytes() == before
    assert not [p for p in (output / "podcast").iterdir() if p.name.endswith(".tmp")]
