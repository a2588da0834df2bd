"""Podcast Index's own parser reads the built feeds back: podcast-partytime (npm, pinned in package.json,
installed by `npm ci`), run once per test process by tests/podcast_index_parser.js on two feeds:

- the repository's production feed (production_output): the show's podcast:guid and
  updateFrequency, and every episode's values, as lxml reads them from the same bytes;
- a small site's feed with the directory settings (PODCAST_LICENSE, PODCAST_TXT, PODCAST_PODROLL),
  monthly episodes (the rhythm computed from their dates), and notes holding what Apple refuses.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from feed_records import NS, parse_xml
from podcast_site import SITE_URL, PodcastSite, episode

from plugins.admin.bundle import node_modules

SCRIPT = Path(__file__).with_name("podcast_index_parser.js")
LICENSE = {"PODCAST_LICENSE": "CC-BY-SA-4.0", "PODCAST_LICENSE_URL": "https://creativecommons.org/licenses/by-sa/4.0/"}
TXT = [{"text": "S6lpp-7ZCn8-dZfGc-OoyaG", "purpose": "verify"}, {"text": "Fait à Lille & ailleurs"}]
PODROLL = [{"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810", "feedUrl": "https://example.org/podcast/feed.xml"},
           {"feedGuid": "2c3e4b5a-6d7f-5a8b-9c0d-1e2f3a4b5c6d"}]
HOSTILE_NOTES = ('<p onclick="voler()">Bonjour <a href="javascript:alert(1)">ici</a>.</p><script>alert(1)</script>'
                 '<iframe src="https://pub.example/"></iframe>\n\n[Adhérer]({filename}../pages/adherer.md)')


def read_with_partytime(feeds: dict[str, Path], scratch: Path) -> dict[str, dict]:
    """What partytime made of each feed (name -> see podcast_index_parser.js), from one node process."""
    assert (node_modules() / "podcast-partytime").is_dir(), "podcast-partytime absent: npm ci installs it"
    done = subprocess.run(
        ["node", str(SCRIPT), *map(str, feeds.values())], cwd=scratch, capture_output=True, text=True, timeout=120,
        # partytime reads a .env of its working folder (an empty scratch folder) and logs with pino: silent.
        env={**os.environ, "NODE_PATH": str(node_modules()), "PARTYTIME_LOG": "silent"}, check=False,
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    refused = [name for name, feed in feeds.items() if read[str(feed)] is None]
    assert not refused, f"partytime refused {refused}"
    return {name: read[str(feed)] for name, feed in feeds.items()}


@pytest.fixture(scope="module")
def partytime(tmp_path_factory, production_output, audio_fixtures):
    """(what partytime read, the feeds' paths), each under the name "repository" or "directory"."""
    site = PodcastSite(tmp_path_factory.mktemp("annuaires"))
    for month in (1, 2, 3):
        site.add_audio(f"m{month}.mp3", audio_fixtures.plain["mp3"].path)
        site.add_episode(f"m{month}", notes=HOSTILE_NOTES if month == 3 else "Les notes.",
                         **episode(f"Mois {month}", f"2023-0{month}-01 08:00", f"media/m{month}.mp3", Guid=f"guid-m{month}"))
    directory = site.build(PODCAST_TXT=TXT, PODCAST_PODROLL=PODROLL, **LICENSE)
    feeds = {"repository": production_output / "podcast" / "feed.xml", "directory": directory / "podcast" / "feed.xml"}
    return read_with_partytime(feeds, scratch=tmp_path_factory.mktemp("partytime")), feeds


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_shows_guid_and_rhythm(partytime):
    read, feeds = partytime
    channel = parse_xml(feeds["repository"].read_bytes()).find("channel")
    show = read["repository"]["feed"]
    assert show["guid"] == channel.findtext("podcast:guid", namespaces=NS)
    assert show["locked"] is True and show["pubsub"]["self"] == channel.find("atom:link[@rel='self']", NS).get("href")
    frequency = channel.find("podcast:updateFrequency", NS)
    assert read["repository"]["updateFrequency"] == {"text": frequency.text, "attributes": dict(frequency.attrib)}
    assert re.fullmatch(r"FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;INTERVAL=\d+)?", frequency.get("rrule"))


def test_every_episode_reads_as_written(partytime):
    read, feeds = partytime
    written = parse_xml(feeds["repository"].read_bytes()).findall("channel/item")
    episodes = {item["guid"]: item for item in read["repository"]["feed"]["items"]}
    assert len(episodes) == len(written) > 0
    for item in written:
        parsed = episodes[item.findtext("guid")]
        enclosure = item.find("enclosure")
        assert parsed["enclosure"] == {"url": enclosure.get("url"), "length": int(enclosure.get("length")),
                                       "type": enclosure.get("type")}
        assert (parsed["title"], parsed["link"]) == (item.findtext("title"), item.findtext("link"))
        assert parsed["duration"] == int(item.findtext("itunes:duration", namespaces=NS))
        assert instant(parsed["pubDate"]) == parsedate_to_datetime(item.findtext("pubDate"))
        assert parsed.get("itunesSeason") == (int(item.findtext("itunes:season", namespaces=NS))
                                              if item.find("itunes:season", NS) is not None else None)
        assert parsed.get("podcastEpisode", {}).get("number") == (
            int(item.findtext("podcast:episode", namespaces=NS)) if item.find("podcast:episode", NS) is not None else None)
        assert [t["url"] for t in parsed.get("podcastTranscripts", [])] == [
            t.get("url") for t in item.findall("podcast:transcript", NS)]
        assert [p["name"] for p in parsed.get("podcastPeople", [])] == [p.text for p in item.findall("podcast:person", NS)]
        chapters = item.find("podcast:chapters", NS)
        assert parsed.get("podcastChapters", {}).get("url") == (chapters.get("url") if chapters is not None else None)


def test_license_txt_and_podroll_as_set(partytime):
    read, _ = partytime
    show = read["directory"]["feed"]
    assert show["license"] == {"identifier": LICENSE["PODCAST_LICENSE"], "url": LICENSE["PODCAST_LICENSE_URL"]}
    assert show["podcastTxt"] == [{"value": t["text"], **({"purpose": t["purpose"]} if "purpose" in t else {})} for t in TXT]
    assert show["podroll"] == PODROLL


def test_the_rhythm_computed_from_monthly_dates(partytime):
    read, _ = partytime
    assert read["directory"]["updateFrequency"] == {"text": "Un épisode par mois", "attributes": {"rrule": "FREQ=MONTHLY"}}


def test_the_notes_reach_apps_without_scripts_frames_or_handlers_and_with_absolute_links(partytime):
    read, _ = partytime
    episodes = {item["guid"]: item for item in read["directory"]["feed"]["items"]}
    assert set(episodes) == {"guid-m1", "guid-m2", "guid-m3"}
    notes = episodes["guid-m3"]["content"]
    for refused in ("<script", "alert(1)", "<iframe", "onclick", "javascript:"):
        assert refused not in notes
    assert f'<a href="{SITE_URL}/adherer/">Adhérer</a>' in notes
