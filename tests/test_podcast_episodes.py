"""Episodes: an editor commits Markdown and audio; the site gets pages, media and records read from the audio."""

from __future__ import annotations

import json

import pytest
from podcast_site import PodcastSite, episode


@pytest.fixture(scope="module")
def site(tmp_path_factory, audio_fixtures):
    """Three episodes (MP3 with tags/artwork/chapters, M4A, MP3 with front-matter overrides),
    a draft and an episode scheduled for the future, built once."""
    site = PodcastSite(tmp_path_factory.mktemp("podcast"))
    site.add_audio("tagged.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_audio("plain.m4a", audio_fixtures.plain["m4a"].path)
    site.add_audio("vbr.mp3", audio_fixtures.plain["mp3_vbr_headerless"].path)
    site.add_audio("draft.mp3", audio_fixtures.plain["mp3"].path)
    site.add_audio("future.mp3", audio_fixtures.plain["mp3_vbr"].path)
    (site.media / "cover.jpg").write_bytes(audio_fixtures.cover_jpeg)
    site.add_episode("ep1", **episode("Premier épisode", "2023-01-10 08:00", "media/tagged.mp3", Season=1, Episode=1))
    site.add_episode("ep2", **episode("Deuxième épisode", "2023-02-10 08:00", "media/plain.m4a", Season=1, Episode=2))
    site.add_episode(
        "ep3",
        **episode(
            "Troisième épisode",
            "2023-03-10 08:00",
            "media/vbr.mp3",
            Season=1,
            Episode=3,
            Image="media/cover.jpg",
            Chapters=["00:00 Ouverture", "00:10 Le cœur du sujet"],
            Persons=["Camille Martin (animation)", "Lucie Bernard (invitée)"],
        ),
    )
    site.add_audio("tags.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_episode("ep4", notes="Des notes.", **episode("Quatrième épisode", "2023-04-10 08:00", "media/tags.mp3", Season=2))
    site.add_episode("brouillon", **episode("Brouillon", "2023-03-01", "media/draft.mp3", Status="draft"))
    site.add_episode("futur", **episode("Épisode à venir", "2999-01-01", "media/future.mp3"))
    site.output = site.build()
    return site


def read_page(site, slug: str) -> str:
    return (site.output / "podcast" / slug / "index.html").read_text(encoding="utf-8")


def test_each_published_episode_has_its_page_under_the_podcast_section(site):
    for slug, title in (("ep1", "Premier épisode"), ("ep2", "Deuxième épisode"), ("ep3", "Troisième épisode")):
        assert title in read_page(site, slug)


def test_the_podcast_index_lists_the_episodes_newest_first(site):
    index = (site.output / "podcast" / "index.html").read_text(encoding="utf-8")
    titles = ("Quatrième épisode", "Troisième épisode", "Deuxième épisode", "Premier épisode")
    positions = [index.index(title) for title in titles]
    assert positions == sorted(positions)


def test_episodes_stay_out_of_the_news_list(site):
    home = (site.output / "index.html").read_text(encoding="utf-8")
    archives = (site.output / "actualites" / "archives" / "index.html").read_text(encoding="utf-8")
    assert not (site.output / "actualites" / "ep1").exists()
    assert "Premier épisode" not in archives
    assert 'href="./actualites/ep1' not in home


def test_drafts_and_future_episodes_are_not_published(site):
    # Without the local preview (production), their pages and audio are not written at all.
    output = site.build(PREVIEW_DRAFTS=False)
    for slug, audio in (("brouillon", "draft.mp3"), ("futur", "future.mp3")):
        assert not (output / "podcast" / slug).exists()
        assert not (output / "podcasts" / "media" / audio).exists()
    for built in (output, site.output):  # with the local preview too: never in the feed
        feed = (built / "podcast" / "feed.xml").read_text(encoding="utf-8")
        assert "Brouillon" not in feed and "venir" not in feed


def test_audio_is_copied_to_the_output_byte_for_byte(site, audio_fixtures):
    copied = site.output / "podcasts" / "media" / "tagged.mp3"
    assert copied.read_bytes() == audio_fixtures.tagged["mp3"].path.read_bytes()


def test_embedded_artwork_becomes_the_episode_image(site, audio_fixtures):
    assert (site.output / "podcast" / "ep1" / "pochette.png").read_bytes() == audio_fixtures.cover_png
    assert "pochette.png" in read_page(site, "ep1")


def test_front_matter_image_wins_over_embedded_artwork(site):
    assert not list((site.output / "podcast" / "ep3").glob("pochette.*"))
    assert "media/cover.jpg" in read_page(site, "ep3")


def test_chapters_from_the_audio_file_are_written_as_json(site, audio_fixtures):
    chapters = json.loads((site.output / "podcast" / "ep1" / "chapitres.json").read_text(encoding="utf-8"))
    assert [(c["startTime"], c["title"]) for c in chapters["chapters"]] == [
        (start, title) for start, title in audio_fixtures.chapters
    ]


def test_front_matter_chapters_win_over_the_audio_file(site):
    chapters = json.loads((site.output / "podcast" / "ep3" / "chapitres.json").read_text(encoding="utf-8"))
    assert [(c["startTime"], c["title"]) for c in chapters["chapters"]] == [(0, "Ouverture"), (10, "Le cœur du sujet")]


def test_the_episode_page_offers_the_player_with_the_true_type(site):
    page = read_page(site, "ep2")
    assert "<audio" in page
    assert 'type="audio/x-m4a"' in page


def test_episode_urls_come_from_the_file_name_not_the_title(site):
    # ep1.md has no Slug: its URL must not move when its title is corrected.
    assert (site.output / "podcast" / "ep1" / "index.html").exists()
    assert not (site.output / "podcast" / "premier-episode").exists()


def test_audio_tags_fill_in_what_the_front_matter_leaves_out(site, audio_fixtures):
    from lxml import etree

    feed = etree.parse(str(site.output / "podcast" / "feed.xml"))
    (item,) = [i for i in feed.findall("channel/item") if i.findtext("title") == "Quatrième épisode"]
    assert item.findtext("description") == audio_fixtures.tags["comment"]
    assert item.findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}episode") == str(audio_fixtures.tags["track"])


def test_a_setting_lists_episodes_with_the_news(tmp_path, audio_fixtures):
    from podcast_site import PodcastSite

    site = PodcastSite(tmp_path)
    site.add_audio("a.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("a", **episode("Un épisode dans les actualités", "2023-01-01", "media/a.mp3"))
    output = site.build(PODCAST_EPISODES_IN_NEWS=True)
    for page in ("index.html", "actualites/archives/index.html", "feeds/actualites.atom.xml"):
        assert "Un épisode dans les actualités" in (output / page).read_text(encoding="utf-8"), page
    assert "<audio" in (output / "podcast" / "a" / "index.html").read_text(encoding="utf-8")
