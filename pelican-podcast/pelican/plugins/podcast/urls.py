"""The site addresses the plugin writes: one percent-encoding, one join.

Every path a page or the feed links to (episode pages, audio, transcripts, pictures, chapters,
thumbnails) goes through `url_path()`; every absolute URL through `absolute_url()`; a value put in
another site's query (the subscribe links) through `query_value()`.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

# What stays as written in a URL path (RFC 3986 pchar and "/"): everything else is percent-encoded.
URL_PATH_SAFE = "/!$&'()*+,;=:@-._~"


def url_path(path: str) -> str:
    """A site-relative path as it goes into a URL: "épisode 6 (final).mp3" -> "%C3%A9pisode%206%20(final).mp3"."""
    return quote(path, safe=URL_PATH_SAFE)


def query_value(text: str) -> str:
    """A value as it goes into a URL's query (a whole URL, a title): every reserved character encoded,
    so that its own "&", "=" or "?" never end the parameter."""
    return quote(text, safe="")


def absolute_url(base: str, path: str) -> str:
    """Join a site-relative path to a base URL (which may be empty in development)."""
    if urlsplit(path).scheme:
        return path
    return f"{base.rstrip('/')}/{path.lstrip('/')}"
