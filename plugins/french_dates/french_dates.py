"""Format every date the site shows in French with Babel.

Pelican formats `locale_date` with strftime, which follows the machine's LC_TIME locale: on a machine
without fr_FR, dates would come out in English. Babel carries its own CLDR data, so "12 décembre 2022"
is the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

DEFAULT_LOCALE = "fr_FR"
DEFAULT_PATTERN = "d MMMM y"


def _settings_locale(settings) -> tuple[str, str]:
    return (
        settings.get("BABEL_LOCALE", DEFAULT_LOCALE),
        settings.get("BABEL_DATE_FORMAT", DEFAULT_PATTERN),
    )


def format_french_date(value: date | datetime, pattern: str = DEFAULT_PATTERN, locale: str = DEFAULT_LOCALE) -> str:
    """Format a date with a Babel (CLDR) pattern, e.g. "d MMMM y" -> "12 décembre 2022"."""
    return format_date(value, format=pattern, locale=locale)


def add_date_filters(pelican) -> None:
    """Jinja filters: `date_fr` (article dates) and `month_fr` ("décembre 2022", for archives)."""
    locale, pattern = _settings_locale(pelican.settings)
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["date_fr"] = lambda value, fmt=pattern: format_french_date(value, fmt, locale)
    filters["month_fr"] = lambda value: format_french_date(value, "LLLL y", locale)


def format_content_dates(content) -> None:
    """Replace Pelican's strftime `locale_date` by the Babel one on every article, page and episode."""
    locale, pattern = _settings_locale(content.settings)
    if hasattr(content, "date"):
        content.locale_date = format_french_date(content.date, pattern, locale)
    if hasattr(content, "modified"):
        content.locale_modified = format_french_date(content.modified, pattern, locale)
