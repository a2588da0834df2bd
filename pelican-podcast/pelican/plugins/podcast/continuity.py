"""Continuity of what was published: the feed a publication writes, compared with the feed live now.

Podcast apps key everything on what a feed once said. An episode whose GUID changes is a new episode
(downloaded and played again, the old one orphaned), a GUID that vanishes deletes the listeners'
download, a changed enclosure URL breaks resuming, a changed date reorders or duplicates, and a
changed podcast:guid, <link> or self URL looks like another show. A publication build (PODCAST_CHECK_CONTINUITY)
reads both feeds with lxml and returns one problem (a record) per episode and per channel fact, every
case at once; each says how to make the change on purpose, and a change so declared passes:

| Change | Declared by |
| --- | --- |
| an episode's GUID vanishes | its file kept with `Status: withdrawn` |
| an episode's GUID changes | `Previous_guid: <old>` in its file |
| its enclosure URL changes | `Previous_audio: <old URL>`, or PODCAST_PREVIOUS_MEDIA_URL for a whole media host |
| its publication date changes | `Previous_date: <old pubDate>` |
| podcast:guid changes | PODCAST_PREVIOUS_GUID |
| the self URL or <link> changes | PODCAST_PREVIOUS_FEED_URL (the feed moved from there) |

Nothing here reads the network: live_feed.py brings the live feed's bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

from .catalogue import PODCAST, phrase
from .problem_record import Problem

ATOM = "{http://www.w3.org/2005/Atom}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST_INDEX = "{https://podcastindex.org/namespace/1.0}"

# The episode headers that declare a change (front_matter.EPISODE_RULES knows them).
PREVIOUS_GUID = "Previous_guid"
PREVIOUS_AUDIO = "Previous_audio"
PREVIOUS_DATE = "Previous_date"
WITHDRAWN = "withdrawn"  # Status: withdrawn


@dataclass(frozen=True)
class FeedItem:
    """What an app remembers of one <item>."""

    guid: str
    title: str
    enclosure_url: str
    pub_date: str  # as written
    date: datetime | None  # pub_date read, None when it is not an RFC 2822 date
    season: str | None
    number: str | None
    page_path: str | None  # the path of its <link>: the same page whatever the domain

    @property
    def shown(self) -> str:
        return phrase("live_item", title=self.title, guid=self.guid)


@dataclass(frozen=True)
class FeedFacts:
    """What an app remembers of a feed: the show's identity and address, and every item by GUID."""

    podcast_guid: str | None
    link: str | None
    self_url: str | None
    items: Mapping[str, FeedItem]


class NotAFeed(ValueError):
    """The bytes are not an RSS feed; the message says why, in the catalogue's words."""


def read_feed(data: bytes) -> FeedFacts:
    """The facts of an RSS feed (ours or anyone's). Raises NotAFeed."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise NotAFeed(phrase("not_xml", error=error)) from None
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise NotAFeed(phrase("not_rss", root=etree.QName(root).localname))
    items: dict[str, FeedItem] = {}
    for item in channel.iterfind("item"):
        enclosure = item.find("enclosure")
        enclosure_url = (enclosure.get("url") or "").strip() if enclosure is not None else ""
        # An item without <guid>: apps fall back on its enclosure URL.
        guid = _text(item, "guid") or enclosure_url
        if not guid:
            continue
        pub_date = _text(item, "pubDate") or ""
        link = _text(item, "link")
        items[guid] = FeedItem(
            guid=guid,
            title=_text(item, "title") or guid,
            enclosure_url=enclosure_url,
            pub_date=pub_date,
            date=_date(pub_date),
            season=_text(item, f"{PODCAST_INDEX}season") or _text(item, f"{ITUNES}season"),
            number=_text(item, f"{PODCAST_INDEX}episode") or _text(item, f"{ITUNES}episode"),
            page_path=urlsplit(link).path.rstrip("/") or None if link else None,
        )
    self_link = next((a.get("href") for a in channel.iterfind(f"{ATOM}link") if a.get("rel") == "self"), None)
    return FeedFacts(
        podcast_guid=_text(channel, f"{PODCAST_INDEX}guid"),
        link=_text(channel, "link"),
        self_url=self_link.strip() if self_link else None,
        items=items,
    )


def _text(element: etree._Element, tag: str) -> str | None:
    found = element.findtext(tag)
    return found.strip() if found and found.strip() else None


def _date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class EpisodeDeclarations:
    """What one episode file of this build says about its past (front matter, as written)."""

    where: str  # content/podcasts/x.md
    guid: str
    previous_guid: str | None = None
    previous_audio: str | None = None
    previous_date: str | None = None


@dataclass(frozen=True)
class FeedDeclarations:
    """The settings that declare a channel-wide change (PODCAST_PREVIOUS_*)."""

    previous_feed_url: str | None = None
    previous_media_url: str | None = None
    previous_guid: str | None = None


@dataclass(frozen=True)
class Unpublished:
    """An episode file of this build that is not in the feed: why, in the catalogue's words ("brouillon", …)."""

    where: str
    why: str


@dataclass(frozen=True)
class Comparison:
    """The problems, and the GUIDs of this feed found to be a live episode under another GUID."""

    problems: list[Problem]
    renamed: frozenset[str]


def continuity_problems(
    live: FeedFacts,
    new: FeedFacts,
    published: Mapping[str, EpisodeDeclarations],
    unpublished: Mapping[str, Unpublished],
    feed: FeedDeclarations,
    podcast_dir: str,
) -> Comparison:
    """Every change from `live` to `new` an app would suffer, undeclared: one problem each.

    `published` maps the GUID of each item of `new` to its file's declarations; `unpublished` maps
    the GUID of each episode file not in `new` (draft, hidden, scheduled, withdrawn) to why.
    """
    problems = _channel_problems(live, new, feed)
    renamed: set[str] = set()
    successors = {d.previous_guid: d for d in published.values() if d.previous_guid}
    newcomers = [new.items[guid] for guid in new.items if guid not in live.items]
    for guid, old in live.items.items():
        if guid in new.items:
            problems += _item_problems(old, new.items[guid], published[guid], feed)
        elif guid in successors:
            continue  # declared: Previous_guid
        elif guid in unpublished and unpublished[guid].why == WITHDRAWN:
            continue  # declared: Status: withdrawn
        else:
            problem, successor = _vanished(old, newcomers, published, unpublished.get(guid), podcast_dir)
            problems.append(problem)
            if successor is not None:
                renamed.add(successor)
    return Comparison(problems, frozenset(renamed))


def _channel_problems(live: FeedFacts, new: FeedFacts, feed: FeedDeclarations) -> list[Problem]:
    problems = []
    if live.podcast_guid and live.podcast_guid != new.podcast_guid and feed.previous_guid != live.podcast_guid:
        problems.append(PODCAST("podcast.E180", field="PODCAST_GUID", live=live.podcast_guid, new=new.podcast_guid))
    moved = feed.previous_feed_url is not None and feed.previous_feed_url in (live.self_url, live.link)
    for code, old, now in (("podcast.E181", live.self_url, new.self_url), ("podcast.E182", live.link, new.link)):
        if old and old != now and not moved:
            problems.append(PODCAST(code, field="SITEURL / PODCAST_FEED_PATH", old=old, now=now,
                                    previous=live.self_url or old))
    return problems


def _item_problems(old: FeedItem, now: FeedItem, declared: EpisodeDeclarations, feed: FeedDeclarations) -> list[Problem]:
    problems = []
    where = declared.where
    if old.enclosure_url != now.enclosure_url and not _audio_move_declared(old.enclosure_url, now.enclosure_url,
                                                                           declared, feed):
        problems.append(PODCAST("podcast.E183", file=where, field="Audio", episode=old.shown, old=old.enclosure_url,
                                now=now.enclosure_url, declare=PREVIOUS_AUDIO))
    same_moment = old.date is not None and now.date is not None and old.date == now.date
    if not same_moment and old.pub_date != now.pub_date and not _date_change_declared(old, declared):
        # The live date in its own offset: the site's local time on that day, as the editor wrote it.
        written = old.date.strftime("%Y-%m-%d %H:%M") if old.date is not None else old.pub_date
        problems.append(PODCAST("podcast.E184", file=where, field="Date", episode=old.shown, old=old.pub_date,
                                now=now.pub_date, written=written, declare=PREVIOUS_DATE))
    return problems


def _audio_move_declared(old: str, now: str, declared: EpisodeDeclarations, feed: FeedDeclarations) -> bool:
    if declared.previous_audio == old:
        return True
    base = feed.previous_media_url
    if not base:
        return False
    base = base.rstrip("/") + "/"
    # The same file under the new host: the path after the old base is the path after the new one.
    return old.startswith(base) and now.endswith("/" + old[len(base):])


def _date_change_declared(old: FeedItem, declared: EpisodeDeclarations) -> bool:
    if declared.previous_date is None:
        return False
    return declared.previous_date.strip() == old.pub_date or (old.date is not None and _date(declared.previous_date) == old.date)


def _vanished(old: FeedItem, newcomers: Sequence[FeedItem], published: Mapping[str, EpisodeDeclarations],
              unpublished: Unpublished | None, podcast_dir: str) -> tuple[Problem, str | None]:
    """The problem of a live GUID this feed no longer has (renamed, unpublished or gone), and the
    GUID of the item that is that episode renamed, if one is."""
    successor, same = _same_episode(old, newcomers)
    if successor is not None:
        return PODCAST("podcast.E185", file=published[successor.guid].where, field="Guid", same=same, old=old.guid,
                       new=successor.guid, declare=PREVIOUS_GUID), successor.guid
    if unpublished is not None:
        return PODCAST("podcast.E186", file=unpublished.where, field="Status", episode=old.shown, why=unpublished.why,
                       withdrawn=WITHDRAWN), None
    guess = posixpath.basename(old.page_path) if old.page_path else None
    where = f"content/{podcast_dir}/{guess}.md" if guess else f"content/{podcast_dir}"
    return PODCAST("podcast.E187", file=where, field="Guid", episode=old.shown, date=old.pub_date, guid=old.guid,
                   withdrawn=WITHDRAWN), None


def _same_episode(old: FeedItem, newcomers: Sequence[FeedItem]) -> tuple[FeedItem | None, str]:
    """The new item that is `old` under another GUID (same audio, same number, same page), and how it was found."""
    tests = (
        ("same_audio", lambda item: bool(old.enclosure_url) and item.enclosure_url == old.enclosure_url),
        ("same_number", lambda item: old.number is not None
         and (item.season, item.number) == (old.season, old.number)),
        ("same_page", lambda item: old.page_path is not None and item.page_path == old.page_path),
    )
    for said, test in tests:
        for item in newcomers:
            if test(item):
                return item, phrase(said)
    return None, ""
