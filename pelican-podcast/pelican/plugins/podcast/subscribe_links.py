"""The links that open the show's feed in a podcast app in one tap, without the show being in any
directory: each app's own way of being handed a feed URL, built from that URL alone.

Where each way is documented (kept here, since an app that changes its scheme breaks its link):
- AntennaPod: https://antennapod.org/documentation/podcasters-hosters/add-on-antennapod (the app's
  own page for podcasters: `https://antennapod.org/deeplink/subscribe?url=…&title=…`, both values
  percent-encoded). An https link: without the app it opens AntennaPod's page for the show.
- Apple Podcasts: the `podcast://` scheme Apple's app registers on iPhone, iPad and Mac (the feed URL
  with `podcast` for its scheme). Apple's own pages for creators were not in the references the
  search tool holds; the scheme is the one the Podlove Subscribe Button's client list uses
  (podlove/podlove-ui, packages/clients/src/apple-podcasts/index.js).
- Pocket Casts: `pktc://subscribe/<feed URL without its scheme>`, Android and iOS (Podlove's list,
  packages/clients/src/pocket-casts/index.js; Pocket Casts' support pages were not found there).
- Overcast: `overcast://x-callback-url/add?url=<feed URL, percent-encoded>`, iOS (Podlove's list,
  packages/clients/src/overcast/index.js; overcast.fm/podcasterinfo documents only its web pages).
- Podcast Addict: `podcastaddict://<feed URL without its scheme>`, Android (Podlove's list,
  packages/clients/src/podcast-addict/index.js).
- Any other app: `podcast://` again, the scheme several Android apps take as well as Apple's: the
  system offers whichever app the listener has for it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .records import AppLink, Platform
from .urls import query_value

# The apps and directories the subscribe block knows (each has its mark in theme/templates/_podcast.html),
# for PODCAST_PLATFORMS and the app links alike.
PLATFORMS = {
    "apple": "Apple Podcasts",
    "spotify": "Spotify",
    "deezer": "Deezer",
    "antennapod": "AntennaPod",
    "pocketcasts": "Pocket Casts",
    "podcastaddict": "Podcast Addict",
    "overcast": "Overcast",
}
# Where each app runs: its link (or its page in PODCAST_PLATFORMS) is put first there by site.js.
SYSTEMS = {
    "apple": ("ios", "macos"),
    "antennapod": ("android",),
    "pocketcasts": ("android", "ios"),
    "overcast": ("ios",),
    "podcastaddict": ("android",),
}


def subscribe_links(feed_url: str, title: str) -> tuple[AppLink, ...]:
    """Every app link for the feed at `feed_url` (absolute http or https), in the order the page shows
    them without JavaScript. Empty for any other address (a local build's "/podcast/feed.xml"): an
    app handed it could fetch nothing."""
    parts = urlsplit(feed_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ()
    bare = feed_url.split("://", 1)[1]  # host, path and query, as the schemes below expect them
    encoded = query_value(feed_url)
    urls = {
        "apple": f"podcast://{bare}",
        "antennapod": f"https://antennapod.org/deeplink/subscribe?url={encoded}&title={query_value(title)}",
        "pocketcasts": f"pktc://subscribe/{bare}",
        "overcast": f"overcast://x-callback-url/add?url={encoded}",
        "podcastaddict": f"podcastaddict://{bare}",
    }
    apps = tuple(AppLink(kind, PLATFORMS[kind], url, SYSTEMS[kind]) for kind, url in urls.items())
    return (*apps, AppLink("podcast", "Autre application", f"podcast://{bare}"))


def subscribe_choices(platforms: tuple[Platform, ...], apps: tuple[AppLink, ...]) -> tuple[Platform | AppLink, ...]:
    """What the subscribe block lists: the show's pages of PODCAST_PLATFORMS first, in their order,
    then the app links of the apps without such a page (a page set for an app replaces its link: it
    also opens on a computer without the app)."""
    given = {platform.kind for platform in platforms}
    return (*platforms, *(app for app in apps if app.kind not in given))
