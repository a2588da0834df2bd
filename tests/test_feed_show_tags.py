"""The channel: Apple's show tags, the links, the build date, and byte-for-byte reproducible output."""

from __future__ import annotations

import pytest
from feed_records import (
    BUILD_DATE,
    NS,
    SITE,
    make_episode,
    make_rich_episode,
    make_settings,
    parse_feedparser,
    parse_podcastparser,
    parse_xml,
)
from pelican.plugins.podcast.feed import GENERATOR, build_feed


def build(settings=None, episodes=None) -> bytes:
    return build_feed(settings or make_settings(), episodes or [make_episode(1)], BUILD_DATE)


def channel(data: bytes):
    return parse_xml(data).find("channel")


def test_output_is_pretty_printed_utf8_rss_with_an_xml_declaration():
    data = build()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<rss ")
    assert b"\n  <channel>\n    <title>" in data
    assert "Cité".encode() in data  # raw UTF-8, not a character reference
    assert parse_xml(data).get("version") == "2.0"


def test_channel_carries_apples_required_and_recommended_show_tags():
    show = channel(build())
    assert show.findtext("title") == "Le podcast de la Cité de l'IA"
    assert show.findtext("description").startswith("Des entrepreneurs de la métropole")
    assert show.findtext("language") == "fr"
    assert show.findtext("copyright") == "© 2023 Cité de l'IA"
    assert show.find("itunes:image", NS).get("href") == f"{SITE}/images/podcast-cover.png"
    assert show.findtext("itunes:author", namespaces=NS) == "Cité de l'IA"
    assert show.findtext("itunes:owner/itunes:name", namespaces=NS) == "Équipe podcast"
    assert show.findtext("itunes:owner/itunes:email", namespaces=NS) == "podcast@cite-ia.fr"
    assert show.findtext("itunes:type", namespaces=NS) == "episodic"


def test_categories_are_nested_with_their_subcategory():
    show = channel(build())
    categories = show.findall("itunes:category", NS)
    assert [c.get("text") for c in categories] == ["Technology", "Business"]
    assert categories[0].findall("itunes:category", NS) == []
    assert [c.get("text") for c in categories[1].findall("itunes:category", NS)] == ["Entrepreneurship"]


def test_category_names_with_an_ampersand_are_escaped_by_lxml():
    data = build(make_settings(categories=(("Society & Culture", "Documentary"),)))
    assert b'text="Society &amp; Culture"' in data
    assert channel(data).find("itunes:category", NS).get("text") == "Society & Culture"


def test_explicit_is_written_true_or_false_as_apple_documents_it():
    assert channel(build(make_settings(explicit=False))).findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel(build(make_settings(explicit=True))).findtext("itunes:explicit", namespaces=NS) == "true"
    assert len(channel(build()).findall("itunes:explicit", NS)) == 1


def test_serial_show_type():
    assert channel(build(make_settings(podcast_type="serial"))).findtext("itunes:type", namespaces=NS) == "serial"


def test_channel_link_is_the_site_and_the_self_link_is_the_feed():
    show = channel(build())
    assert show.findtext("link") == f"{SITE}/"
    self_links = [link for link in show.findall("atom:link", NS) if link.get("rel") == "self"]
    assert [(link.get("href"), link.get("type")) for link in self_links] == [
        (f"{SITE}/podcast/feed.xml", "application/rss+xml")
    ]


def test_last_build_date_is_the_given_build_date_and_generator_is_ours():
    show = channel(build())
    assert show.findtext("lastBuildDate") == "Thu, 01 Jun 2023 12:00:00 +0000"
    assert show.findtext("generator") == GENERATOR


def test_copyright_is_left_out_when_not_set():
    assert channel(build(make_settings(copyright=None))).find("copyright") is None


def test_same_input_gives_the_same_bytes_whatever_the_episode_order():
    episodes = [make_episode(1), make_rich_episode(5), make_episode(3)]
    first = build_feed(make_settings(), episodes, BUILD_DATE)
    again = build_feed(make_settings(), list(reversed(episodes)), BUILD_DATE)
    assert first == again


def test_podcastparser_reads_the_show():
    show = parse_podcastparser(build(make_settings(explicit=True)))
    assert show["title"] == "Le podcast de la Cité de l'IA"
    assert show["link"] == f"{SITE}/"
    assert show["cover_url"] == f"{SITE}/images/podcast-cover.png"
    assert show["itunes_categories"] == [["Technology"], ["Business", "Entrepreneurship"]]
    assert show["itunes_owner"] == {"name": "Équipe podcast", "email": "podcast@cite-ia.fr"}
    assert show["itunes_author"] == "Cité de l'IA"
    assert show["type"] == "episodic"
    assert show["explicit"] is True
    assert show["language"] == "fr"


def test_feedparser_reads_the_show_without_complaint():
    feed = parse_feedparser(build()).feed  # parse_feedparser asserts bozo == 0
    assert feed.title == "Le podcast de la Cité de l'IA"
    assert feed.link == f"{SITE}/"
    assert feed.image.href == f"{SITE}/images/podcast-cover.png"
    assert [tag.term for tag in feed.tags] == ["Technology", "Business", "Entrepreneurship"]
    assert feed.language == "fr"
    assert feed.itunes_type == "episodic"


def test_show_artwork_url_not_ending_in_jpg_or_png_fails_loudly():
    """feedgen would drop it silently and the show would have no artwork; Apple wants .jpg or .png."""
    with pytest.raises(ValueError, match="must end in .jpg or .png"):
        build(make_settings(image="images/podcast-cover.jpeg"))
