"""Podcast Index namespace 1.0 and Podlove Simple Chapters tags, checked raw and against the XSD."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from feed_records import (
    BUILD_DATE,
    MEDIA,
    NS,
    SITE,
    items,
    make_episode,
    make_rich_episode,
    make_settings,
    parse_feedparser,
    parse_podcastparser,
    parse_xml,
)
from lxml import etree
from pelican.plugins.podcast.feed import build_feed
from pelican.plugins.podcast.feed_items import normal_play_time
from pelican.plugins.podcast.feed_namespaces import PODCAST_INDEX_NS
from pelican.plugins.podcast.records import Person
from pelican.plugins.podcast.settings import (
    Location,
    RecommendedShow,
    TxtRecord,
    UpdateFrequency,
    load_settings,
    podcast_guid_for,
)
from pelican.plugins.podcast.update_frequency import computed_frequency

XSD_PATH = str(Path(__file__).parent / "data" / "podcast.xsd")  # see data/README.md
XS = "{http://www.w3.org/2001/XMLSchema}"


def build(settings=None, *episodes) -> bytes:
    return build_feed(settings or make_settings(), list(episodes) or [make_rich_episode(5)], BUILD_DATE)


def podcast_tags(element, name: str):
    return element.findall(f"podcast:{name}", NS)


def test_namespaces_are_declared_with_the_official_uris():
    root = parse_xml(build())
    assert root.nsmap["podcast"] == "https://podcastindex.org/namespace/1.0"
    assert root.nsmap["psc"] == "http://podlove.org/simple-chapters"


def test_channel_guid_locked_and_funding():
    channel = parse_xml(build()).find("channel")
    assert channel.findtext("podcast:guid", namespaces=NS) == "7c0aa526-517d-5c35-90c9-f404468a3508"
    (locked,) = podcast_tags(channel, "locked")
    assert (locked.text, locked.get("owner")) == ("yes", "podcast@cite-ia.fr")
    (funding,) = podcast_tags(channel, "funding")
    assert (funding.get("url"), funding.text) == (f"{SITE}/adherer/", "Adhérer à la Cité de l'IA")


def test_unlocked_feed_and_no_funding():
    channel = parse_xml(build(make_settings(locked=False, funding_url=None, funding_text=None))).find("channel")
    assert channel.findtext("podcast:locked", namespaces=NS) == "no"
    assert podcast_tags(channel, "funding") == []


def test_funding_without_a_label_is_a_bare_link():
    channel = parse_xml(build(make_settings(funding_text=None))).find("channel")
    (funding,) = podcast_tags(channel, "funding")
    assert (funding.get("url"), funding.text) == (f"{SITE}/adherer/", None)


def test_persons_keep_their_order_role_group_and_links():
    (item,) = items(build())
    persons = podcast_tags(item, "person")
    assert [(p.text, dict(p.attrib)) for p in persons] == [
        ("Manuel Davy", {"role": "host", "group": "cast"}),
        ("Yann Orpin", {"role": "guest", "group": "cast", "href": "https://example.org/yann",
                        "img": f"{SITE}/images/yann.png"}),
    ]


def test_season_episode_transcript_and_chapters_link():
    (item,) = items(build())
    assert item.findtext("podcast:season", namespaces=NS) == "2"
    assert item.findtext("podcast:episode", namespaces=NS) == "5"
    (transcript,) = podcast_tags(item, "transcript")
    assert dict(transcript.attrib) == {"url": f"{SITE}/podcasts/episode-05.vtt", "type": "text/vtt", "language": "fr"}
    (chapters,) = podcast_tags(item, "chapters")
    assert dict(chapters.attrib) == {
        "url": f"{SITE}/podcast/episode-05/chapitres.json",
        "type": "application/json+chapters",
    }


def test_alternate_enclosures_list_the_main_file_first_as_default():
    (item,) = items(build())
    alternates = podcast_tags(item, "alternateEnclosure")
    assert [dict(a.attrib) for a in alternates] == [
        {"type": "audio/mpeg", "length": "4000000", "bitrate": "128000", "default": "true"},
        {"type": "audio/opus", "length": "2500000", "bitrate": "64000"},
    ]
    assert [[s.get("uri") for s in podcast_tags(a, "source")] for a in alternates] == [
        [f"{MEDIA}/podcasts/media/episode-05.mp3"],
        [f"{MEDIA}/podcasts/media/episode-05.opus"],
    ]
    assert alternates[0].find("podcast:source", NS).get("uri") == item.find("enclosure").get("url")


def test_plain_episode_has_no_podcast_index_item_tags_but_its_number():
    (item,) = items(build(None, make_episode(1)))
    tags = [etree.QName(child).localname for child in item if etree.QName(child).namespace == PODCAST_INDEX_NS]
    assert tags == ["episode"]
    assert item.find("psc:chapters", NS) is None


def test_podlove_simple_chapters():
    (item,) = items(build())
    chapters = item.find("psc:chapters", NS)
    assert chapters.get("version") == "1.2"
    assert [(c.get("start"), c.get("title")) for c in chapters.findall("psc:chapter", NS)] == [
        ("00:00:00.000", "Introduction"),
        ("00:01:02.500", "Les données & la formation"),
        ("01:02:03.250", "Conclusion"),
    ]


@pytest.mark.parametrize(
    ("seconds", "written"),
    [(0, "00:00:00.000"), (62.5, "00:01:02.500"), (59.9996, "00:01:00.000"), (36000.001, "10:00:00.001")],
)
def test_normal_play_time(seconds, written):
    assert normal_play_time(seconds) == written


def test_podcastparser_reads_the_psc_chapters():
    (episode,) = parse_podcastparser(build())["episodes"]
    assert episode["chapters"] == [
        {"start": 0, "title": "Introduction"},
        {"start": 62, "title": "Les données & la formation"},
        {"start": 3723, "title": "Conclusion"},
    ]


def test_feedparser_reads_the_podcast_index_and_psc_tags():
    parsed = parse_feedparser(build())  # asserts bozo == 0
    assert parsed.feed.podcast_guid == "7c0aa526-517d-5c35-90c9-f404468a3508"
    entry = parsed.entries[0]
    assert entry.podcast_transcript["url"] == f"{SITE}/podcasts/episode-05.vtt"
    assert entry.podcast_chapters["type"] == "application/json+chapters"
    assert [c["title"] for c in entry.psc_chapters["chapters"]] == [
        "Introduction", "Les données & la formation", "Conclusion"
    ]


# --- XSD validation -----------------------------------------------------------------------------
# The schema has no targetNamespace: its elements are unqualified (<person>, not <podcast:person>),
# and it declares each tag as a global element. So each podcast:* element of the feed is copied
# into a document of its own, without namespace, and that document is validated.


@pytest.fixture(scope="module")
def podcast_schema() -> etree.XMLSchema:
    tree = etree.parse(XSD_PATH)
    # The XSD lags the spec: it makes season's name attribute required, where the spec says
    # "name: (optional)". Relax that one attribute, nothing else.
    (season_name,) = tree.xpath(
        "//xs:element[@name='season']//xs:attribute[@name='name']", namespaces={"xs": XS[1:-1]}
    )
    season_name.set("use", "optional")
    return etree.XMLSchema(tree)


def schema_element_names() -> set[str]:
    tree = etree.parse(XSD_PATH)
    return {element.get("name") for element in tree.getroot().findall(f"{XS}element")}


def unqualified(element: etree._Element) -> etree._Element:
    """A namespace-free deep copy of `element`, the shape the XSD declares."""
    copied = copy.deepcopy(element)
    for node in copied.iter():
        node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(copied)
    return copied


def test_every_podcast_element_the_xsd_knows_is_valid(podcast_schema):
    root = parse_xml(build(None, make_rich_episode(5), make_episode(1)))
    known = schema_element_names()
    validated = set()
    for element in root.iter(f"{{{PODCAST_INDEX_NS}}}*"):
        name = etree.QName(element).localname
        if name not in known:
            continue  # guid, alternateEnclosure, source: newer than the XSD
        document = unqualified(element)
        assert podcast_schema.validate(document), (etree.tostring(element), podcast_schema.error_log)
        validated.add(name)
    assert validated == {"locked", "funding", "person", "season", "episode", "transcript", "chapters"}


def test_xsd_refuses_what_the_checks_refuse(podcast_schema):
    """The schema is strict enough to matter: a 129-character person name fails it."""
    (item,) = items(build(None, make_episode(1, persons=(Person("x" * 129),))))
    (person,) = podcast_tags(item, "person")
    assert not podcast_schema.validate(unqualified(person))


# --- Channel tags apps show: location, license, medium, updateFrequency, trailer, RSS <image> ----

def show_with_everything():
    return make_settings(
        location=Location("Lille, Hauts-de-France", geo="geo:50.6292,3.0573", osm="R1234"),
        license="CC-BY-4.0", license_url="https://creativecommons.org/licenses/by/4.0/",
        medium="podcast", update_frequency=UpdateFrequency("Un épisode par mois", rrule="FREQ=MONTHLY"),
    )


def test_location_license_medium_and_update_frequency():
    channel = parse_xml(build(show_with_everything(), make_episode(1))).find("channel")
    (location,) = podcast_tags(channel, "location")
    assert (location.text, location.get("geo"), location.get("osm")) == ("Lille, Hauts-de-France", "geo:50.6292,3.0573", "R1234")
    (licence,) = podcast_tags(channel, "license")
    assert (licence.text, licence.get("url")) == ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert [m.text for m in podcast_tags(channel, "medium")] == ["podcast"]
    (frequency,) = podcast_tags(channel, "updateFrequency")
    assert (frequency.text, frequency.get("rrule"), frequency.get("complete")) == ("Un épisode par mois", "FREQ=MONTHLY", None)
    image = channel.find("image")
    assert [image.findtext(tag) for tag in ("url", "title", "link")] == [
        "https://www.cite-ia.fr/images/podcast-cover.png", "Le podcast de la Cité de l'IA", "https://www.cite-ia.fr/"]


def test_a_trailer_episode_is_the_channels_trailer():
    trailer = make_episode(2, episode_type="trailer", season=1, title="Bande-annonce")
    channel = parse_xml(build(None, make_episode(1), trailer)).find("channel")
    (tag,) = podcast_tags(channel, "trailer")
    assert tag.text == "Bande-annonce"
    assert tag.get("url") == trailer.enclosure.url and tag.get("length") == str(trailer.enclosure.audio.size)
    assert tag.get("type") == "audio/mpeg" and tag.get("season") == "1"
    assert parsedate_to_datetime(tag.get("pubdate")) == trailer.date


def test_the_location_follows_the_xsd(podcast_schema):
    channel = parse_xml(build(show_with_everything(), make_episode(1))).find("channel")
    (location,) = podcast_tags(channel, "location")
    assert podcast_schema.validate(unqualified(location)), podcast_schema.error_log


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("PODCAST_LOCATION", {"geo": "geo:50,3"}, "podcast.E122"),  # no name
        ("PODCAST_LOCATION", {"name": "Lille", "geo": "50.6,3.0"}, "podcast.E124"),
        ("PODCAST_MEDIUM", "radio", "podcast.E127"),
        ("PODCAST_UPDATE_FREQUENCY", {"text": "Chaque mois", "rrule": "tous les mois"}, "podcast.E129"),
        ("PODCAST_LICENSE", "x" * 129, "content.E022"),  # too long, with the SPDX identifier to give
        ("PODCAST_LICENSE", ["CC-BY-4.0"], "settings.E020"),
        ("PODCAST_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/", "podcast.E132"),
        ("PODCAST_TXT", "S6lpp-7ZCn8", "podcast.E133"),  # not a list
        ("PODCAST_TXT", [{"purpose": "verify"}], "podcast.E135"),
        ("PODCAST_TXT", [{"text": "S6lpp", "purpose": 3}], "podcast.E136"),
        ("PODCAST_TXT", [{"text": "S6lpp", "but": "verify"}], "podcast.E134"),
        ("PODCAST_TXT", [{"text": "x" * 4001}], "content.E022"),
        ("PODCAST_PODROLL", {"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810"}, "podcast.E133"),
        ("PODCAST_PODROLL", [{"feedUrl": "https://example.org/feed.xml"}], "podcast.E137"),
        ("PODCAST_PODROLL", [{"feedGuid": "pas-un-uuid"}], "podcast.E137"),
        ("PODCAST_PODROLL", [{"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810", "feedUrl": "example.org/feed.xml"}],
         "podcast.E138"),
        ("PODCAST_PODROLL", [{"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810"}] * 2, "podcast.E140"),
        ("PODCAST_PODROLL", [{"feedGuid": podcast_guid_for("https://x.fr/podcast/feed.xml")}], "podcast.E139"),
    ],
)
def test_wrong_channel_settings_are_named(name, value, code):
    settings = {"PATH": "content", "OUTPUT_PATH": "output", "CACHE_PATH": "cache", "SITEURL": "https://x.fr",
                "SITENAME": "Site", name: value}
    _, problems = load_settings(settings)
    assert (code, name) in [(p.code, p.field) for p in problems], problems


def test_an_entry_of_a_list_setting_is_named_by_its_position():
    settings = {"PATH": "content", "OUTPUT_PATH": "output", "CACHE_PATH": "cache", "SITEURL": "https://x.fr",
                "PODCAST_LICENSE": "x" * 129,
                "PODCAST_PODROLL": [{"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810"}] * 2}
    _, problems = load_settings(settings)
    (twice,) = [p for p in problems if p.code == "podcast.E140"]
    assert "2" in twice.message.split(":")[0]  # the second entry
    (license_name,) = [p for p in problems if p.field == "PODCAST_LICENSE"]
    assert "CC-BY-4.0" in license_name.hint  # the text rule's problem, with what this setting wants


# --- license, updateFrequency, txt, podroll: what directories and apps read -------------------

PODROLL = (RecommendedShow("917393e3-1b1e-5cef-ace4-edaa54e1f810", "https://example.org/podcast/feed.xml"),
           RecommendedShow("2c3e4b5a-6d7f-5a8b-9c0d-1e2f3a4b5c6d"))


@pytest.fixture(scope="module")
def directory_feed() -> bytes:
    """One feed with every one of these tags set, read by the tests below."""
    settings = make_settings(license="CC-BY-4.0", license_url="https://creativecommons.org/licenses/by/4.0/",
                             txt=(TxtRecord("S6lpp-7ZCn8-dZfGc-OoyaG", "verify"), TxtRecord("Fait à Lille & ailleurs")),
                             podroll=PODROLL)
    return build(settings, *(make_episode(index) for index in (1, 2, 3, 4)))


def test_license_txt_and_podroll_are_in_the_channel(directory_feed):
    channel = parse_xml(directory_feed).find("channel")
    (licence,) = podcast_tags(channel, "license")
    assert (licence.text, licence.get("url")) == ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert [(t.text, t.get("purpose")) for t in podcast_tags(channel, "txt")] == [
        ("S6lpp-7ZCn8-dZfGc-OoyaG", "verify"), ("Fait à Lille & ailleurs", None)]
    (podroll,) = podcast_tags(channel, "podroll")
    assert [dict(item.attrib) for item in podroll] == [
        {"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810", "feedUrl": "https://example.org/podcast/feed.xml"},
        {"feedGuid": "2c3e4b5a-6d7f-5a8b-9c0d-1e2f3a4b5c6d"},
    ]
    assert all(etree.QName(item).text == f"{{{PODCAST_INDEX_NS}}}remoteItem" for item in podroll)


def test_feedparser_reads_the_license_txt_frequency_and_podroll(directory_feed):
    # feedparser keeps one element per name (the last one) and drops the text of an element with
    # attributes: enough to show that a generic reader finds each tag where it belongs.
    feed = parse_feedparser(directory_feed).feed
    assert feed.podcast_license == {"url": "https://creativecommons.org/licenses/by/4.0/"}
    assert feed.podcast_txt == "Fait à Lille & ailleurs"
    assert feed.podcast_updatefrequency == {"rrule": "FREQ=MONTHLY"}
    assert feed.podcast_remoteitem == {"feedguid": "2c3e4b5a-6d7f-5a8b-9c0d-1e2f3a4b5c6d"}


def test_without_the_setting_the_update_frequency_comes_from_the_dates(directory_feed):
    # Episodes 1 to 4 are published on the first of each month (make_episode).
    (frequency,) = podcast_tags(parse_xml(directory_feed).find("channel"), "updateFrequency")
    assert (frequency.text, dict(frequency.attrib)) == ("Un épisode par mois", {"rrule": "FREQ=MONTHLY"})
    # Too few episodes for a rhythm: no tag, rather than a guess.
    channel = parse_xml(build(None, make_episode(1), make_episode(2))).find("channel")
    assert podcast_tags(channel, "updateFrequency") == []
    # A trailer says nothing of the rhythm.
    trailer = make_episode(12, episode_type="trailer")
    channel = parse_xml(build(None, make_episode(1), make_episode(2), trailer)).find("channel")
    assert podcast_tags(channel, "updateFrequency") == []


def every(days: float, count: int = 6, start: datetime = datetime(2023, 1, 2, 8, tzinfo=UTC)) -> list[datetime]:
    return [start + timedelta(days=days * index) for index in range(count)]


@pytest.mark.parametrize(
    ("dates", "text", "rrule"),
    [
        (every(1), "Un épisode par jour", "FREQ=DAILY"),
        (every(3), "Un épisode tous les 3 jours", "FREQ=DAILY;INTERVAL=3"),
        (every(7), "Un épisode par semaine", "FREQ=WEEKLY"),
        (every(14), "Un épisode toutes les 2 semaines", "FREQ=WEEKLY;INTERVAL=2"),
        (every(30.44), "Un épisode par mois", "FREQ=MONTHLY"),
        (every(91), "Un épisode tous les 3 mois", "FREQ=MONTHLY;INTERVAL=3"),
        (every(365), "Un épisode par an", "FREQ=YEARLY"),
        # A summer break and one late episode do not change a weekly rhythm (the median gap).
        (every(7, 4) + every(7, 4, datetime(2023, 9, 4, 8, tzinfo=UTC)) + [datetime(2023, 9, 29, 8, tzinfo=UTC)],
         "Un épisode par semaine", "FREQ=WEEKLY"),
    ],
)
def test_the_computed_rhythm(dates, text, rrule):
    assert computed_frequency(list(reversed(dates))) == UpdateFrequency(text, rrule=rrule)


def test_the_setting_wins_over_the_dates():
    settings = make_settings(update_frequency=UpdateFrequency("Quand l'actualité s'y prête", complete=True))
    channel = parse_xml(build(settings, *(make_episode(index) for index in (1, 2, 3)))).find("channel")
    (frequency,) = podcast_tags(channel, "updateFrequency")
    assert (frequency.text, dict(frequency.attrib)) == ("Quand l'actualité s'y prête", {"complete": "true"})


def test_right_directory_settings_become_records():
    settings = {"PATH": "content", "OUTPUT_PATH": "output", "CACHE_PATH": "cache", "SITEURL": "https://x.fr",
                "SITENAME": "Site", "PODCAST_LICENSE": " CC-BY-4.0 ", "PODCAST_TXT": [{"text": " S6lpp ", "purpose": "verify"}],
                "PODCAST_PODROLL": [{"feedGuid": "917393E3-1B1E-5CEF-ACE4-EDAA54E1F810", "feedUrl": "https://example.org/f.xml"}]}
    podcast, problems = load_settings(settings)
    assert not [p for p in problems if str(p).startswith(("PODCAST_LICENSE", "PODCAST_TXT", "PODCAST_PODROLL"))], problems
    assert podcast.license == "CC-BY-4.0" and podcast.txt == (TxtRecord("S6lpp", "verify"),)
    assert podcast.podroll == (RecommendedShow("917393e3-1b1e-5cef-ace4-edaa54e1f810", "https://example.org/f.xml"),)
