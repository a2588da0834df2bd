"""Hostile text survives the feed unchanged: lxml escapes it; control characters are refused by name."""

from __future__ import annotations

import pytest
from feed_records import (
    BUILD_DATE,
    NS,
    items,
    make_episode,
    make_rich_episode,
    make_settings,
    parse_feedparser,
    parse_podcastparser,
    parse_xml,
)
from lxml import html
from pelican.plugins.podcast.feed import build_feed, check_feed_content
from pelican.plugins.podcast.records import Chapter, Person

# Everything string-built XML gets wrong: markup, a CDATA terminator, an entity that must stay
# literal, both quote kinds, French punctuation and characters outside the BMP.
HOSTILE = "Tom & Jerry <b>gras</b> ]]> « l'IA » \"guillemets\" &amp; 🤖🎙️"
HOSTILE_NOTES = f"<p>{HOSTILE}</p><p>]]&gt; et <a href=\"https://example.org/?a=1&amp;b=2\">lien</a></p>"
# The same notes as the feed carries them (pelican-podcast/pelican/plugins/podcast/feed_html.py): well-formed HTML, where the
# bare « & » and « > » of the text are written as entities; the same text for any reader.
HOSTILE_NOTES_IN_FEED = HOSTILE_NOTES.replace("Tom & Jerry", "Tom &amp; Jerry").replace("]]> «", "]]&gt; «")


def hostile_feed() -> bytes:
    settings = make_settings(title=HOSTILE, description=HOSTILE, funding_text="Soutenir « l'IA » & co 🤖")
    episode = make_rich_episode(
        5,
        title=HOSTILE,
        summary=HOSTILE,
        content_html=HOSTILE_NOTES,
        persons=(Person(HOSTILE),),
        chapters=(Chapter(0.0, HOSTILE), Chapter(10.0, "<intro/> & \"suite\"")),
    )
    assert check_feed_content(settings, [episode]) == []  # hostile, but legal text
    return build_feed(settings, [episode], BUILD_DATE)


def test_hostile_text_round_trips_through_lxml():
    root = parse_xml(hostile_feed())
    channel = root.find("channel")
    (item,) = items(hostile_feed())
    assert channel.findtext("title") == HOSTILE
    assert channel.findtext("description") == HOSTILE
    assert channel.findtext("podcast:funding", namespaces=NS) == "Soutenir « l'IA » & co 🤖"
    assert item.findtext("title") == HOSTILE
    assert item.findtext("description") == HOSTILE
    assert item.findtext("content:encoded", namespaces=NS) == HOSTILE_NOTES_IN_FEED
    assert item.findtext("podcast:person", namespaces=NS) == HOSTILE
    titles = [chapter.get("title") for chapter in item.findall("psc:chapters/psc:chapter", NS)]
    assert titles == [HOSTILE, "<intro/> & \"suite\""]


# What Apple lets content:encoded hold (p, ol, ul, li, a and emphasis): the rest never reaches an app.
UNSAFE_NOTES = (
    '<h2 id="programme">Au programme</h2><p onclick="voler()">Bonjour <a href="javascript:alert(1)">ici</a> et '
    '<a href="https://cite-ia.fr/a/" target="_blank">là</a><script>alert(1)</script>.</p>'
    '<iframe src="https://pub.example/"></iframe><blockquote><p>Une citation</p></blockquote>'
    '<ul><li><code>IA</code> <img src="x" onerror="voler()">générative</li></ul><!-- note -->'
    '<ol><li><em>un</em></li><li><strong>deux</strong></li></ol>'
)


def test_the_notes_carry_only_what_apple_allows():
    settings = make_settings()
    episode = make_rich_episode(5, content_html=UNSAFE_NOTES)
    (item,) = items(build_feed(settings, [episode], BUILD_DATE))
    notes = item.findtext("content:encoded", namespaces=NS)
    assert notes == (
        '<p>Au programme</p><p>Bonjour <a>ici</a> et <a href="https://cite-ia.fr/a/">là</a>.</p>'
        '<p>Une citation</p><ul><li>IA générative</li></ul><ol><li><em>un</em></li><li><strong>deux</strong></li></ol>'
    )
    tags = {element.tag for element in html.fragments_fromstring(notes) for element in element.iter()}
    assert tags <= {"p", "ol", "ul", "li", "a", "strong", "em", "b", "i", "br"}
    # podcastparser (gPodder) reads the same notes.
    assert parse_podcastparser(build_feed(settings, [episode], BUILD_DATE))["episodes"][0]["description_html"] == notes


def test_nothing_is_wrapped_in_cdata_and_no_raw_terminator_leaks():
    data = hostile_feed()
    assert b"<![CDATA[" not in data
    assert b"]]>" not in data  # every "]]>" of the text is written "]]&gt;"
    assert "🤖".encode() in data  # emoji stay raw UTF-8


def test_podcastparser_reads_the_hostile_text_back():
    show = parse_podcastparser(hostile_feed())
    (episode,) = show["episodes"]
    assert show["title"] == HOSTILE
    assert episode["title"] == HOSTILE
    assert episode["description_html"] == HOSTILE_NOTES_IN_FEED
    assert episode["chapters"][0]["title"] == HOSTILE


def test_feedparser_reads_the_hostile_text_back():
    parsed = parse_feedparser(hostile_feed())  # asserts bozo == 0
    assert parsed.feed.title == HOSTILE
    assert parsed.entries[0].title == HOSTILE


# --- Control characters: refused, each named with its field -------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe"])
def test_control_characters_in_an_episode_title_are_refused(character):
    episode = make_episode(1, title=f"Bonjour{character} à tous")
    (problem,) = check_feed_content(make_settings(), [episode])
    assert (problem.code, problem.file, problem.field) == ("content.E021", "content/podcasts/episode-01.md", "Title")
    assert f"U+{ord(character):04X} en position 8" in problem.message


def test_line_breaks_are_allowed_in_summaries_and_notes_but_not_in_titles():
    episode = make_episode(1, title="Deux\nlignes", summary="Un\tdeux\r\ntrois", content_html="<p>a</p>\n<p>b</p>")
    (problem,) = check_feed_content(make_settings(), [episode])
    assert (problem.code, problem.file, problem.field) == ("content.E021", "content/podcasts/episode-01.md", "Title")
    assert "U+000A" in problem.message


def test_every_field_with_a_control_character_is_named():
    episode = make_episode(
        1,
        summary="Résumé\x0c",
        content_html="<p>notes\x02\x03</p>",
        persons=(Person("Yann\x08 Orpin"),),
    )
    settings = make_settings(title="Le\x1f podcast", description="Une\x0b description")
    problems = check_feed_content(settings, [episode])
    episode_file = "content/podcasts/episode-01.md"
    assert [(problem.code, problem.file, problem.field) for problem in problems] == [
        ("content.E021", "", "PODCAST_TITLE"),
        ("content.E021", "", "PODCAST_DESCRIPTION"),
        ("content.E021", episode_file, "Summary"),
        ("content.E021", episode_file, "notes (corps du fichier)"),
        ("content.E021", episode_file, "Persons"),
    ]
    assert "(et 1 autre(s))" in problems[3].message


def test_unchecked_control_characters_make_the_build_fail_rather_than_write_bad_xml():
    with pytest.raises(ValueError):
        build_feed(make_settings(), [make_episode(1, title="bip\x07")], BUILD_DATE)
