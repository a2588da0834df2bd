"""Format every date the site shows in French with Babel.

Pelican formats `locale_date` with strftime, which follows the machine's LC_TIME locale: on a machine
without fr_FR, dates would come out in English. Babel carries its own CLDR data, so "12 décembre 2022"
is the same everywhere. BABEL_LOCALE and BABEL_DATE_FORMAT have their defaults and their checks in
plugins.checks.site_settings (checked before this plugin reads them).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, partial
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.contents import Content


def format_french_date(value: date | datetime, pattern: str, locale: str) -> str:
    """Format a date with a Babel (CLDR) pattern, e.g. "d MMMM y" -> "12 décembre 2022"."""
    return format_date(value, format=pattern, locale=_locale(locale))


@cache
def _locale(name: str) -> Locale:
    # Babel parses a locale given by name at every call: two thirds of the time of a date's formatting.
    return Locale.parse(name)


def _date_filter(value: date | datetime, fmt: str | None = None, *, pattern: str, locale: str) -> str:
    return format_french_date(value, fmt or pattern, locale)


def add_date_filters(pelican: Pelican) -> None:
    """Jinja filters: `date_fr` (article dates) and `month_fr` ("décembre 2022", for archives).

    Partials of module-level functions, not lambdas: Pelican's content cache pickles the settings.
    """
    locale, pattern = pelican.settings["BABEL_LOCALE"], pelican.settings["BABEL_DATE_FORMAT"]
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["date_fr"] = partial(_date_filter, pattern=pattern, locale=locale)
    filters["month_fr"] = partial(_date_filter, pattern="LLLL y", locale=locale)


def format_content_dates(content: Content) -> None:
    """Replace Pelican's strftime `locale_date` by the Babel one on every article, page and episode."""
    locale, pattern = content.settings["BABEL_LOCALE"], content.settings["BABEL_DATE_FORMAT"]
    if hasattr(content, "date"):
        content.locale_date = format_french_date(content.date, pattern, locale)
    if hasattr(content, "modified"):
        content.locale_modified = format_french_date(content.modified, pattern, locale)
