"""WebSub (W3C): after a deploy, tell the feed's hub that the feed changed.

The feed declares its hub (`<atom:link rel="hub">`, PODCAST_WEBSUB_HUB); subscribers such as
the Podcast Index ask that hub to be told of changes. A ping makes the hub fetch the feed at
once, so a new episode reaches apps in minutes rather than at their next poll. The site is
already published when the ping is sent: a ping that fails is a warning, never a failed
deploy, and the next deploy pings again.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from .catalogue import phrase
from .settings import load_settings

# Seconds: the hub answers a publish ping at once (it fetches the feed later).
TIMEOUT = 10

# The names PLUGINS may give this plugin: its package ("pelican.plugins.podcast", or wherever it
# is installed) or its short name, as Pelican finds namespace plugins; or the module itself.
_PACKAGE = __name__.rpartition(".")[0]
PLUGIN_NAMES = frozenset({_PACKAGE, _PACKAGE.rpartition(".")[2]})


def enabled(plugins: object) -> bool:
    """Whether Pelican's PLUGINS setting names this plugin."""
    listed = plugins if isinstance(plugins, (list, tuple)) else ()
    return any(getattr(plugin, "__name__", plugin) in PLUGIN_NAMES for plugin in listed)


def ping_target(settings: Mapping[str, Any]) -> tuple[str, str] | None:
    """(hub, feed URL) from Pelican's settings; None when there is nothing to ping: the podcast
    plugin is not enabled, or PODCAST_WEBSUB_HUB is None."""
    if not enabled(settings.get("PLUGINS")):
        return None
    podcast, _ = load_settings(dict(settings))  # problems already stopped the build
    if not podcast.websub_hub:
        return None
    return podcast.websub_hub, podcast.feed_url


def notify_hub(hub: str, feed_url: str, timeout: float = TIMEOUT) -> str | None:
    """POST `hub.mode=publish&hub.url=FEED` to the hub. None when the hub accepted it (2xx),
    else what went wrong, in French, to be printed as a warning."""
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode("ascii")
    request = urllib.request.Request(
        hub, data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        return phrase("hub_refused", hub=hub, code=error.code, reason=error.reason)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return phrase("hub_unreachable", hub=hub, reason=reason)
    if not 200 <= status < 300:
        return phrase("hub_answered", hub=hub, status=status)
    return None
