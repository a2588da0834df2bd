"""The site-level settings that are ours (and the Pelican ones we rely on), in one table, checked once.

Pelican takes a wrong TIMEZONE or locale and fails later, once per file ("11 unreadable
episodes"); a production SITEURL without its scheme gives relative enclosure URLs that no podcast
app can fetch. Checked at `initialized`, before anything is read; a wrong value is reported,
never silently replaced (the build stops), and replaced by its default only so that the rest of
the check can run and find the other problems too.
"""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from pelican.plugins.podcast.setting_reader import SettingsReader

from .. import clock
from ..catalogue import SITE
from ..problems import Problem

# name -> default. Our own settings (PODCAST_* are in pelican-podcast/pelican/plugins/podcast/settings.py).
DEFAULTS: dict[str, object] = {
    "BABEL_LOCALE": "fr_FR",  # dates shown on the site, with Babel, not the machine's locale
    "BABEL_DATE_FORMAT": "d MMMM y",  # Babel (CLDR) pattern
    "PRODUCTION": False,  # True in publishconf.py: SITEURL must then be an absolute https URL
    "FAIL_ON_WARNINGS": False,  # True: warnings stop the build too (publish sets it)
    "PUBLISH_ALLOW_WARNINGS": False,  # True: publish goes on despite warnings
    "CHECK_ONLY": False,  # True: read and check everything, write nothing (invoke check)
    # True (invoke check --media-host): every audio file of the manifest is asked for (HTTP HEAD) on
    # PODCAST_MEDIA_URL, and must be there with its size.
    "CHECK_MEDIA_HOST": False,
    "PREVIEW_DRAFTS": False,  # True (local builds): drafts and scheduled content get a page with a banner
    "OUTPUT_LOCK_TIMEOUT": 120,  # seconds a build waits for another one writing the same output
    # True (invoke rebuild, publish): every page is rewritten, even when nothing changed since the
    # last build (plugins/editor_loop/last_build.py).
    "FULL_REBUILD": False,
    # False: static files are copied into the output even when content/ shares its filesystem
    # (a copy keeps size and mtime, and is made again only when the file changed).
    "STATIC_HARD_LINKS": True,
    # Where Jinja's compiled templates are kept (plugins/compiled_templates); None: CACHE_PATH/jinja.
    # Keyed by each template's path and source, so several builds may share one folder (the tests'
    # builds do: each has its own CACHE_PATH, and compiling the theme is a quarter of a small build).
    "COMPILED_TEMPLATES_PATH": None,
}
FLAGS = ("PRODUCTION", "FAIL_ON_WARNINGS", "PUBLISH_ALLOW_WARNINGS", "CHECK_ONLY", "CHECK_MEDIA_HOST", "PREVIEW_DRAFTS",
         "FULL_REBUILD", "STATIC_HARD_LINKS")


# The podcast plugin's settings for what a build does, set from ours: our commands set ours only.
PODCAST_FLAGS = {"PODCAST_PREVIEW_DRAFTS": "PREVIEW_DRAFTS", "PODCAST_CHECK_ONLY": "CHECK_ONLY",
                 "PODCAST_CHECK_MEDIA_HOST": "CHECK_MEDIA_HOST"}


def read_site_settings(settings: dict) -> list[Problem]:
    """Our site-level settings read (the one settings reader: defaults applied, each value
    checked); every problem, each about its setting (the record's field). The podcast plugin's
    flags and clock are then set from ours."""
    read = SettingsReader(settings, DEFAULTS)
    flags = {name: read.flag(name) for name in FLAGS}
    timeout = settings["OUTPUT_LOCK_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
        read.refuse(SITE("settings.E003", field="OUTPUT_LOCK_TIMEOUT", value=timeout))
    read.folder("COMPILED_TEMPLATES_PATH")
    settings["PODCAST_NOW"] = clock.now  # the one clock of every build (CITE_IA_NOW)
    for podcast_name, name in PODCAST_FLAGS.items():
        settings[podcast_name] = flags[name]
    problems = read.problems
    problems += _production_problems(settings)
    problems += _locale_problems(settings)
    problems += _siteurl_problems(settings)
    try:
        zoneinfo.ZoneInfo(str(settings.get("TIMEZONE")))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(SITE("settings.E004", field="TIMEZONE", value=settings.get("TIMEZONE")))
        settings["TIMEZONE"] = "Europe/Paris"
    return problems


def _locale_problems(settings: dict) -> list[Problem]:
    problems = []
    for name in ("BABEL_LOCALE", "DEFAULT_LANG"):
        try:
            Locale.parse(str(settings.get(name)).replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            problems.append(SITE("settings.E005", field=name, value=settings.get(name)))
            settings[name] = "fr_FR" if name == "BABEL_LOCALE" else "fr"
    try:
        format_date(None, format=str(settings["BABEL_DATE_FORMAT"]), locale="fr_FR")
    except (ValueError, TypeError, AttributeError) as error:
        problems.append(SITE("settings.E006", field="BABEL_DATE_FORMAT", value=settings["BABEL_DATE_FORMAT"], error=error))
        settings["BABEL_DATE_FORMAT"] = DEFAULTS["BABEL_DATE_FORMAT"]
    return problems


def _production_problems(settings: dict) -> list[Problem]:
    """Production never contains drafts or scheduled content."""
    if not settings["PRODUCTION"]:
        return []
    problems = []
    if settings["PREVIEW_DRAFTS"] is True:
        problems.append(SITE("settings.E007", field="PREVIEW_DRAFTS", expected="valoir False"))
    for name in ("DRAFT_SAVE_AS", "DRAFT_PAGE_SAVE_AS"):
        if settings.get(name):
            problems.append(SITE("settings.E007", field=name, expected="être vide"))
    return problems


def _siteurl_problems(settings: dict) -> list[Problem]:
    siteurl = settings.get("SITEURL")
    if not isinstance(siteurl, str):
        return [SITE("settings.E008", field="SITEURL", value=siteurl)]
    parts = urlsplit(siteurl)
    if settings["PRODUCTION"]:
        if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
            return [SITE("settings.E009", field="SITEURL", value=siteurl)]
    elif siteurl and not (parts.scheme in ("http", "https") and parts.netloc):
        return [SITE("settings.E010", field="SITEURL", value=siteurl)]
    return []
