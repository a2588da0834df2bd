"""Settings for building the Cité de l'IA site locally (see publishconf.py for production)."""

AUTHOR = "Cité de l'IA"
SITENAME = "Cité de l'IA"
SITESUBTITLE = "L'intelligence artificielle au service des entreprises de la métropole lilloise"
SITEURL = ""

PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
# Dates are formatted by the french_dates plugin with Babel, never with the machine's locale
# (a fresh machine often has no fr_FR locale). Patterns are Babel's (CLDR), not strftime's.
BABEL_LOCALE = "fr_FR"
BABEL_DATE_FORMAT = "d MMMM y"

RELATIVE_URLS = True

# The project folder, so that Pelican imports our plugins as `plugins.NAME`: the one name the
# tests and the build command use too.
PLUGIN_PATHS = ["."]
# checks first: it must hear the others fail to load.
# pelican-sitemap before plugins.sharing (which adds the episodes to its sitemap), search after
# them (it indexes the written pages), safe_output (it swaps the finished site
# in), then editor_loop (it remembers a build only once it is in place).
PLUGINS = [
    "plugins.checks",
    "plugins.french_dates",
    "plugins.compiled_templates",
    "plugins.fixed_urls",
    "pelican.plugins.podcast",
    "pelican.plugins.sitemap",
    "plugins.sharing",
    "plugins.search",
    "plugins.admin",
    "plugins.safe_output",
    "plugins.editor_loop",
]

# Clean, locale-independent URLs.
ARTICLE_URL = "actualites/{slug}/"
ARTICLE_SAVE_AS = "actualites/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "actualites/categorie/{slug}/"
CATEGORY_SAVE_AS = "actualites/categorie/{slug}/index.html"
CATEGORIES_SAVE_AS = "actualites/categories/index.html"
CATEGORIES_URL = "actualites/categories/"
TAG_URL = "actualites/mot-cle/{slug}/"
TAG_SAVE_AS = "actualites/mot-cle/{slug}/index.html"
TAGS_SAVE_AS = "actualites/mots-cles/index.html"
TAGS_URL = "actualites/mots-cles/"
ARCHIVES_SAVE_AS = "actualites/archives/index.html"
ARCHIVES_URL = "actualites/archives/"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
# Local builds show drafts and scheduled content, each with a banner, listed nowhere (not in
# feeds); publishconf.py turns this off, and the build refuses it in production.
PREVIEW_DRAFTS = True
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
DRAFT_PAGE_URL = "brouillons/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "brouillons/pages/{slug}/index.html"
# An article dated in the future waits for its date, like an episode (a scheduled publication).
WITH_FUTURE_DATES = False

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Editors' and systems' leftovers, never read nor published, in any folder (content, theme): Emacs
# locks (dangling links named after the editor's login and machine) and autosaves, Vim swap files,
# backups, LibreOffice locks, Finder's and Explorer's folder files. Matched against each file's (and
# folder's) name, as Pelican does; our own walks and copies (the podcast plugin's files.py ignored()) read the
# same list. Replaces Pelican's default ("**/.*"), which no file name matches.
IGNORE_FILES = [".#*", "#*#", "*~", "*.swp", "*.swo", ".~lock.*#", ".DS_Store", "Thumbs.db", "desktop.ini"]

# Episodes live in content/podcasts/ and are read by the podcast plugin, not as articles.
ARTICLE_EXCLUDES = ["pages", "podcasts"]
# Episode audio, images and transcripts are copied by the podcast plugin's links, published episodes only.
STATIC_PATHS = ["images", "extra"]
# Pelican's content cache: an unchanged Markdown file is not read again (articles, pages and
# episodes; the audio has its own cache). Every check still runs on every build. It is dropped
# when a setting, a package or our plugins change, or when a file changed without its mtime
# telling (plugins/editor_loop/content_cache.py).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
EXTRA_PATH_METADATA = {
    "extra/favicon.svg": {"path": "favicon.svg"},
}
TEMPLATE_PAGES = {}
# Every value a template prints is text (titles, persons, chapter and audio tags come from
# editors and from whoever produced the audio): only the Markdown bodies are marked |safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "404", "recherche"]
# The search page (Pagefind, plugins.search); the header's search field sends ?q= to it.
RECHERCHE_SAVE_AS = "recherche/index.html"
RECHERCHE_URL = "recherche/"
# The 404 page is a direct template written at the site root.
_404_SAVE_AS = "404.html"

# Article feeds (the podcast feed is written by the podcast plugin). A feed needs absolute links:
# locally they point to `invoke serve`'s address (publishconf.py sets the real one).
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/actualites.atom.xml"
FEED_ALL_RSS = "feeds/actualites.rss.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

SUMMARY_MAX_LENGTH = 40
TYPOGRIFY = False

# --- Podcast (plugins/podcast, every setting is documented in the README) ---
PODCAST_TITLE = "Le podcast de la Cité de l'IA"
PODCAST_DESCRIPTION = (
    "Des entrepreneurs, des enseignants et des chercheurs de la métropole lilloise "
    "racontent comment l'intelligence artificielle change leurs métiers. "
    "Un podcast de la Cité de l'IA, pour les TPE, PME et PMI des Hauts-de-France."
)
PODCAST_AUTHOR = "Cité de l'IA"
PODCAST_OWNER_NAME = "Cité de l'IA"
PODCAST_OWNER_EMAIL = "podcast@cite-ia.fr"
PODCAST_IMAGE = "images/podcast-cover.png"
PODCAST_CATEGORIES = [("Technology", None), ("Business", "Entrepreneurship")]
PODCAST_EXPLICIT = False
PODCAST_TYPE = "episodic"
PODCAST_COPYRIGHT = "© 2023 Cité de l'IA"
# Pinned once (Podcast Index rule): the podcast:guid must survive a change of domain.
PODCAST_GUID = "7c0aa526-517d-5c35-90c9-f404468a3508"  # uuid5 of www.cite-ia.fr/podcast/feed.xml
PODCAST_FUNDING_URL = "adherer/"
PODCAST_FUNDING_TEXT = "Adhérer à la Cité de l'IA"
# Podcast Index channel tags: where the show is made (the OpenStreetMap id is left out until checked).
PODCAST_LOCATION = {"name": "Lille, Hauts-de-France", "geo": "geo:50.6292,3.0573"}
PODCAST_MEDIUM = "podcast"

# --- The web editor at /admin/ (plugins.admin, Decap CMS; settings in the README) ---
# Local builds: the form saves through `invoke edit`'s decap-server, on this machine only, into the
# working tree. publishconf.py puts GitHub in its place.
ADMIN_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"

# --- Search, sitemap, robots.txt, sharing (plugins.search, pelican-sitemap, plugins.sharing) ---
# The public address: robots.txt lets search engines in only when SITEURL is this one (not on a
# local build, not on a staging copy such as https://recette.cite-ia.fr).
CANONICAL_SITEURL = "https://www.cite-ia.fr"
# sitemap.xml (pelican-sitemap): episodes are added by plugins.sharing with the articles' values.
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.7, "pages": 0.6, "indexes": 0.4},
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "weekly"},
    # The 404 and search pages are not content; drafts (local previews) are never listed.
    "exclude": [r"^404\.html$", r"^recherche/", r"^brouillons/"],
}
# schema.org properties of the Cité (JSON-LD of the home page), besides SITENAME and SITEURL.
ORGANIZATION = {
    "alternateName": "Cité de l'Intelligence Artificielle",
    "description": (
        "Née en janvier 2020 à l'initiative du Medef Lille Métropole, la Cité de l'IA rassemble "
        "entreprises, écoles et chercheurs de la métropole lilloise autour de l'intelligence "
        "artificielle, et aide d'abord les TPE, PME et PMI à s'en saisir."
    ),
    "foundingDate": "2020-01",
    "founder": {"@type": "Organization", "name": "Medef Lille Métropole"},
    "areaServed": "Métropole lilloise, Hauts-de-France",
    "knowsAbout": ["Intelligence artificielle", "Données", "Formation"],
}
