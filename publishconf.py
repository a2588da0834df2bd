"""Production settings: pelicanconf.py plus only what production changes."""

import os
import sys

# Found from any working directory, not only from the project folder.
sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *

# The public address; CI or a staging deploy may override it from the environment.
SITEURL = os.environ.get("SITEURL", "https://www.cite-ia.fr")
RELATIVE_URLS = False
# Checked: SITEURL must then be an absolute https address, and no draft is written.
PRODUCTION = True
PREVIEW_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/actualites.atom.xml"
FEED_ALL_RSS = "feeds/actualites.rss.xml"

# No DELETE_OUTPUT_DIRECTORY: every build writes into an empty staging folder that replaces
# output/ only when it succeeded (plugins.safe_output).

# A publication (`--strict`: publish, gh-pages, the workflow) compares its feed with the live one,
# read at the feed's own address unless this names another place: an https address, or the path
# of a copy a deploy downloaded (`invoke live-feed`, the workflow's step before its build); or
# "False", the setting False: no live feed, a first publication (the podcast plugin's settings
# say the rest). Unset or empty: the feed's own address.
_live_feed = os.environ.get("PODCAST_LIVE_FEED", "").strip()
PODCAST_LIVE_FEED = False if _live_feed.lower() == "false" else (_live_feed or None)

# Enclosures may be served by a media host/CDN; metadata is still read from the local files.
PODCAST_MEDIA_URL = os.environ.get("PODCAST_MEDIA_URL") or None

# The web editor saves on GitHub, every save a branch and a pull request (never the local backend).
# GITHUB_REPOSITORY is set by GitHub Actions; ADMIN_REPOSITORY names another repository.
ADMIN_LOCAL_BACKEND = None
ADMIN_REPOSITORY = os.environ.get("ADMIN_REPOSITORY") or os.environ.get("GITHUB_REPOSITORY") or ""
# The Netlify site whose OAuth provider signs editors in (docs/connexion-editeur-web.md).
ADMIN_AUTH_SITE = os.environ.get("ADMIN_AUTH_SITE") or ""
