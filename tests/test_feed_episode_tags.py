"""The items: order, GUID, dates, enclosure, duration and Apple's episode tags, read back three ways."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest
from feed_records import (
    BUILD_DATE,
    MEDIA,
    NS,
    SITE,
    items,
    make_episode,
    make_media,
    make_rich_episode,
    make_settings,
    parse_feedparser,
    parse_podcastparser,
)
from pelican.plugins.podcast.feed import build_feed
from pelican.plugins.podcast.feed_items import whole_seconds


def build(*episodes) -> bytes:
    return build_feed(make_settings(), list(episodes), BUILD_DATE)


def test_items_are_newest_first_whatever_the_input_order():
    data = build(make_episode(2), make_episode(7), make_episode(4))
    assert [item.findtext("guid") for item in items(data)] == [
        "cite-ia-podcast-episode-07",
        "cite-ia-podcast-episode-04",
        "cite-ia-podcast-episode-02",
    ]


def test_item_core_rss_tags():
    (item,) = items(build(make_episode(3)))
    assert item.findtext("title") == "L'IA dans les PME, épisode 3"
    assert item.find("guid").text == "cite-ia-podcast-episode-03"
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("pubDate") == "Wed, 01 Mar 2023 09:30:00 +0200"
    assert item.findtext("link") == f"{SITE}/podcast/episode-03/"
    assert item.findtext("description") == "Résumé de l'épisode 3."
    assert item.findtext("content:encoded", namespaces=NS) == make_episode(3).content_html


@pytest.mark.parametrize("zone", [
    UTC,
    ZoneInfo("Europe/Paris"),
    timezone(timedelta(hours=-5, minutes=-30)),
    timezone(timedelta(hours=14)),
    timezone(timedelta(minutes=9, seconds=21)),  # Paris mean time: a zone with seconds
])
def test_pub_date_is_rfc_2822_in_english_in_the_dates_own_zone(zone):
    for date in (datetime(2023, 12, 31, 23, 59, 7, tzinfo=zone), datetime(2024, 7, 4, 0, 0, tzinfo=zone)):
        (item,) = items(build(make_episode(1, date=date)))
        assert item.findtext("pubDate") == format_datetime(date)


def test_a_date_without_timezone_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        build(make_episode(1, date=datetime(2023, 3, 1, 9, 30)))


def test_enclosure_is_the_main_audio_file():
    (item,) = items(build(make_episode(1, enclosure=make_media("episode-01", "m4a", size=1_234_567))))
    enclosure = item.find("enclosure")
    assert dict(enclosure.attrib) == {
        "url": f"{MEDIA}/podcasts/media/episode-01.m4a",
        "length": "1234567",
        "type": "audio/x-m4a",
    }


@pytest.mark.parametrize(("seconds", "written"), [(1234.4, "1234"), (1234.5, "1235"), (59.6, "60"), (0.2, "0")])
def test_duration_is_written_in_whole_seconds(seconds, written):
    (item,) = items(build(make_episode(1, enclosure=make_media("episode-01", duration=seconds))))
    assert item.findtext("itunes:duration", namespaces=NS) == written
    assert whole_seconds(seconds) == int(written)


def test_apple_episode_tags():
    (item,) = items(build(make_rich_episode(5)))
    assert item.findtext("itunes:episode", namespaces=NS) == "5"
    assert item.findtext("itunes:season", namespaces=NS) == "2"
    assert item.findtext("itunes:episodeType", namespaces=NS) == "bonus"
    assert item.findtext("itunes:explicit", namespaces=NS) == "true"
    assert item.find("itunes:image", NS).get("href") == f"{SITE}/podcast/episode-05/pochette.jpg"


def test_plain_episode_omits_what_it_does_not_have():
    (item,) = items(build(make_episode(1, number=None)))
    assert item.findtext("itunes:explicit", namespaces=NS) == "false"
    assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
    for absent in ("itunes:season", "itunes:episode", "itunes:image", "itunes:summary"):
        assert item.find(absent, NS) is None, absent


def test_empty_notes_give_no_content_encoded():
    (item,) = items(build(make_episode(1, content_html="")))
    assert item.find("content:encoded", NS) is None
    assert item.findtext("description") == "Résumé de l'épisode 1."


def test_podcastparser_reads_the_episodes():
    show = parse_podcastparser(build(make_episode(1), make_rich_episode(5, enclosure=make_media("episode-05", duration=3800.0))))
    first, second = show["episodes"]
    assert len(show["episodes"]) == 2
    assert first["guid"] == "cite-ia-podcast-episode-05"
    assert first["enclosures"] == [
        {"url": f"{MEDIA}/podcasts/media/episode-05.mp3", "file_size": 4_000_000, "mime_type": "audio/mpeg"}
    ]
    assert first["total_time"] == 3800
    assert (first["season"], first["number"], first["type"], first["explicit"]) == (2, 5, "bonus", True)
    assert first["episode_art_url"] == f"{SITE}/podcast/episode-05/pochette.jpg"
    assert first["link"] == f"{SITE}/podcast/episode-05/"
    assert first["published"] == int(datetime(2023, 5, 1, 7, 30, tzinfo=UTC).timestamp())
    assert second["total_time"] == 1234
    assert second["explicit"] is False


def test_feedparser_reads_the_episodes_without_complaint():
    parsed = parse_feedparser(build(make_episode(1), make_rich_episode(5)))  # asserts bozo == 0
    assert len(parsed.entries) == 2
    newest = parsed.entries[0]
    assert newest.id == "cite-ia-podcast-episode-05"
    assert newest.guidislink is False
    assert newest.enclosures == [
        {"href": f"{MEDIA}/podcasts/media/episode-05.mp3", "length": "4000000", "type": "audio/mpeg"}
    ]
    assert newest.itunes_duration == "1234"
    assert newest.itunes_episodetype == "bonus"
    assert newest.published_parsed[:5] == (2023, 5, 1, 7, 30)
