"""Where the feed live now comes from, for the continuity guard (continuity.py).

PODCAST_LIVE_FEED names it: an http(s) address (by default, in a publication build, the feed's own
address, or PODCAST_PREVIOUS_FEED_URL when the feed moves), or a file a deploy downloaded. Only one
answer lets a publication go on without comparing: nothing was ever published there. That is
decided carefully, since a wrong "nothing there" would let every GUID change unseen:

- the feed's address answers 404 or 410 *and* so does the site's home page: the site was never
  published (GitHub Pages answers 404 everywhere before a first deployment); the build says so;
- the feed answers 404 while the site's home answers: the site is live but not this feed (a feed
  moved, a wrong SITEURL…): refused, unless PODCAST_LIVE_FEED = False declares a first publication;
- anything else (no connection, a timeout, a 5xx, a page that is not a feed, a missing file) stops
  the publication: the guard is never skipped in silence.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .catalogue import PODCAST, phrase
from .continuity import FeedFacts, NotAFeed, read_feed
from .files import write_atomically
from .problem_record import Problem

TIMEOUT = 15.0  # seconds; a deploy waits that long at most for the live feed
NOT_THERE = (404, 410)
USER_AGENT = "cite-ia publication (continuite du flux)"
SETTING = "PODCAST_LIVE_FEED"  # what every problem of the live feed is about


@dataclass(frozen=True)
class LiveFeed:
    """The live feed read (`facts`), or None when nothing was ever published; `note` says which."""

    facts: FeedFacts | None
    note: str


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read_live_feed(source: str | None, site_home: str, timeout: float = TIMEOUT) -> tuple[LiveFeed | None, list[Problem]]:
    """The live feed at `source` (an address or a file; None: a first publication declared).
    Returns (the feed, []) or (None, the problems that stop the publication)."""
    if source is None:
        return LiveFeed(None, phrase("first_declared")), []
    if not is_url(source):
        return _from_file(Path(source))
    data, nothing_there, problems = _fetched(source, site_home, timeout)
    if data is None:
        return nothing_there, problems
    return _parsed(data, source)


def download_live_feed(source: str, site_home: str, target: Path,
                       timeout: float = TIMEOUT) -> tuple[LiveFeed | None, list[Problem]]:
    """A deploy's own step before its build: the feed at the address `source`, once read as a feed,
    written to `target` for the build (PODCAST_LIVE_FEED=<target>). When nothing was ever published
    there (the rule of read_live_feed), nothing is written and the note says so: the build is then
    told PODCAST_LIVE_FEED=False. Problems as read_live_feed's: the deploy stops."""
    data, nothing_there, problems = _fetched(source, site_home, timeout)
    if data is None:
        return nothing_there, problems
    live, problems = _parsed(data, source)
    if live is None or live.facts is None:
        return live, problems
    write_atomically(str(target), data)
    return LiveFeed(live.facts, phrase("downloaded", source=source, target=target, count=len(live.facts.items))), []


def _fetched(source: str, site_home: str, timeout: float) -> tuple[bytes | None, LiveFeed | None, list[Problem]]:
    """(the feed's bytes, None, []); or (None, a first publication, []); or (None, None, the problems)."""
    status, data, failure = _get(source, timeout)
    if failure is not None:
        return None, None, [PODCAST("podcast.E190", field=SETTING, source=source, error=failure)]
    if status in NOT_THERE:
        return None, *_nothing_there(source, status, site_home, timeout)
    if status != 200:
        return None, None, [PODCAST("podcast.E191", field=SETTING, source=source, status=status)]
    return data, None, []


def _from_file(path: Path) -> tuple[LiveFeed | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [PODCAST("podcast.E192", field=SETTING, source=path, error=error.strerror or error)]
    return _parsed(data, str(path))


def _parsed(data: bytes, shown: str) -> tuple[LiveFeed | None, list[Problem]]:
    try:
        facts = read_feed(data)
    except NotAFeed as error:
        return None, [PODCAST("podcast.E193", field=SETTING, source=shown, error=error)]
    return LiveFeed(facts, phrase("compared", source=shown, count=len(facts.items))), []


def _nothing_there(source: str, status: int, site_home: str, timeout: float) -> tuple[LiveFeed | None, list[Problem]]:
    home_status, _, failure = _get(site_home, timeout)
    if failure is None and home_status in NOT_THERE:
        return LiveFeed(None, phrase("first_publication", source=source, home=site_home, status=status)), []
    answer = (phrase("home_unreachable", error=failure) if failure is not None
              else phrase("home_answers", status=home_status))
    return None, [PODCAST("podcast.E194", field=SETTING, source=source, status=status, home=site_home, answer=answer)]


def _get(url: str, timeout: float) -> tuple[int | None, bytes, str | None]:
    """(status, body, None), or (None, b"", why the address could not be read)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), None
    except urllib.error.HTTPError as error:
        return error.code, b"", None
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, b"", str(getattr(error, "reason", error))
