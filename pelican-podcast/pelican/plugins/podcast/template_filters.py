"""Jinja filters the podcast templates use to show durations, timestamps and file sizes in French.

Pure functions of a number: the templates receive plain records and only format them.
Wire them with ``settings["JINJA_FILTERS"].update(FILTERS)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from urllib.parse import urlsplit


def _shown_number(value: float | int | None) -> float | None:
    """The number a filter shows, or None where it shows nothing: None, not a number, NaN, below 0."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or number < 0:
        return None
    return number


def _whole_seconds(seconds: float | int | None) -> int | None:
    value = _shown_number(seconds)
    return None if value is None else int(round(value))


def duration_fr(seconds: float | int | None) -> str:
    """A listening time as a French reader says it.

    45 -> "45 s", 245 -> "4 min 05 s", 240 -> "4 min", 3723 -> "1 h 02 min".
    Past an hour the seconds no longer matter and the minutes are rounded. Empty for None.
    """
    total = _whole_seconds(seconds)
    if total is None:
        return ""
    if total < 60:
        return f"{total} s"
    if total < 3600:
        minutes, secs = divmod(total, 60)
        return f"{minutes} min" if secs == 0 else f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(int(round(total / 60)), 60)
    return f"{hours} h" if minutes == 0 else f"{hours} h {minutes:02d} min"


def timestamp(seconds: float | int | None) -> str:
    """A player's clock: 45 -> "00:45", 245 -> "04:05", 3723 -> "1:02:03". Empty for None.

    Chapter starts are floored, not rounded: "00:45" must never name a moment after the chapter began.
    """
    value = _shown_number(seconds)
    if value is None:
        return ""
    # Round to the millisecond first so that 44.99999 (float noise) reads 00:45.
    total = int(math.floor(round(value, 3)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


# (bytes per unit, unit, smallest size shown in that unit: what would round up to "1000" below it)
_UNITS = ((10**9, "Go", 999_950_000), (10**6, "Mo", 999_500))


def filesize_fr(size: int | float | None) -> str:
    """A file size in decimal units with a French decimal comma.

    850_000 -> "850 Ko", 1_234_567 -> "1,2 Mo", 2_000_000 -> "2 Mo", 512 -> "512 octets".
    Decimal units (1 Mo = 1 000 000 octets), as the French metrology office recommends. Empty for None.
    """
    value = _shown_number(size)
    if value is None:
        return ""
    for factor, unit, threshold in _UNITS:
        if value >= threshold:
            number = round(value / factor, 1)
            text = f"{number:.1f}".replace(".", ",")
            if text.endswith(",0"):
                text = text[:-2]
            return f"{text} {unit}"
    if value >= 1000:
        return f"{int(round(value / 1000))} Ko"
    return f"{int(value)} octets" if value != 1 else "1 octet"


FILTERS: dict[str, Callable[..., str]] = {
    "duration_fr": duration_fr,
    "timestamp": timestamp,
    "filesize_fr": filesize_fr,
}


def site_href(href: str | None, siteurl: str) -> str:
    """A record's link as a page writes it: absolute links as they are, site-relative ones after SITEURL.

    `{{ episode.enclosure.href | site_href(SITEURL) }}`: SITEURL is relative ("../..") in local
    builds, so the page joins it, the record can't.
    """
    if not href:
        return ""
    return href if urlsplit(href).scheme else f"{siteurl}/{href}"


FILTERS["site_href"] = site_href
