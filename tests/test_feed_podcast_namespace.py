"""Podcast Index namespace 1.0 and Podlove Simple Chapters tags, checked raw and against the XSD."""

from __future__ import annotations

import copy
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
from pelican.plugins.podcast.settings import Location, UpdateFrequency, load_settings

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
    ("name", "value", "said"),
    [
        ("PODCAST_LOCATION", {"geo": "geo:50,3"}, "PODCAST_LOCATION: un dictionnaire avec au moins « name »"),
        ("PODCAST_LOCATION", {"name": "Lille", "geo": "50.6,3.0"}, "attendu « geo:latitude,longitude »"),
        ("PODCAST_MEDIUM", "radio", "PODCAST_MEDIUM: 'radio' n'est pas permis"),
        ("PODCAST_UPDATE_FREQUENCY", {"text": "Chaque mois", "rrule": "tous les mois"}, "n'est pas une règle iCalendar"),
    ],
)
def test_wrong_channel_settings_are_named(name, value, said):
    settings = {"PATH": "content", "OUTPUT_PATH": "output", "CACHE_PATH": "cache", "SITEURL": "https://x.fr",
                "SITENAME": "Site", name: value}
    _, problems = load_settings(settings)
    assert any(said in problem for problem in problems), problems
