"""The production build (publishconf.py): every URL in pages and feeds is absolute to SITEURL.

A relative URL that works on the developer's machine breaks once a page is read from a feed reader,
a podcast app, a search result snippet or a cached copy; production writes every address in full.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from pelican.plugins.podcast.subscribe_links import subscribe_links
from pelican.settings import read_settings
from sitebuild import PROJECT, site_pages

URL_ATTRIBUTES = {"href", "src", "poster", "action", "data"}
# Absolute, and not the site's: mail, phone, inline data, and the podcast apps' own schemes of the
# subscribe links (podcast:, pktc:…, as subscribe_links writes them).
APP_SCHEMES = tuple({urlsplit(link.url).scheme + ":" for link in subscribe_links("https://x.fr/f.xml", "X")} - {"https:"})
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", *sorted(APP_SCHEMES))


class Urls(HTMLParser):
    """Every URL attribute of a page, with the tag and attributes that carry it; plus the main nav."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict, str]] = []  # (tag, attributes, url)
        self.nav: list[str] = []
        self.in_card_title = False
        self.card_links: list[str] = []
        self._navs = 0
        self._in_nav = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        for name in URL_ATTRIBUTES & attributes.keys():
            self.found.append((tag, attributes, attributes[name].strip()))
        if tag == "nav":
            self._navs += 1
            self._in_nav = self._navs == 1
        if self._in_nav and tag == "a":
            self.nav.append(attributes.get("href", ""))
        if tag in ("h2", "h3") and "card__title" in attributes.get("class", ""):
            self.in_card_title = True
        if self.in_card_title and tag == "a":
            self.card_links.append(attributes.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        if tag in ("h2", "h3"):
            self.in_card_title = False


# publishconf.py imports pelicanconf from the current folder: read it from the project's.
pytestmark = pytest.mark.usefixtures("in_project_folder")


@pytest.fixture(scope="module")
def settings() -> dict:
    if not (PROJECT / "publishconf.py").is_file():
        pytest.fail("publishconf.py is missing", pytrace=False)
    return read_settings(str(PROJECT / "publishconf.py"))


@pytest.fixture(scope="module")
def site_url(settings) -> str:
    url = settings["SITEURL"].rstrip("/")
    assert urlsplit(url).scheme == "https" and urlsplit(url).netloc, f"SITEURL {url!r} is not an absolute https URL"
    return url


@pytest.fixture(scope="module")
def output(production_output) -> Path:
    return production_output


@pytest.fixture(scope="module")
def pages(output) -> dict[str, Urls]:
    return {p.relative_to(output).as_posix(): Urls(p.read_text(encoding="utf-8")) for p in site_pages(output)}


def local_file(output: Path, site_url: str, url: str) -> Path:
    path = unquote(urlsplit(url[len(site_url):]).path) or "/"
    file = output / path.lstrip("/")
    return file / "index.html" if path.endswith("/") or file.is_dir() else file


def test_every_url_in_every_page_is_absolute(pages, site_url):
    relative = []
    for path, page in pages.items():
        for tag, _, url in page.found:
            if url.startswith(("#", *SKIPPED_SCHEMES)):
                continue
            if not urlsplit(url).scheme.startswith("http"):
                relative.append(f"{path}: <{tag}> {url}")
    assert not relative, f"{len(relative)} URLs not absolute:\n" + "\n".join(relative[:40])


def test_stylesheets_scripts_and_icons_come_from_the_site(pages, site_url):
    for path, page in pages.items():
        stylesheets = [a["href"] for tag, a, _ in page.found if tag == "link" and "stylesheet" in a.get("rel", "")]
        assert stylesheets, f"{path}: no stylesheet"
        assets = stylesheets + [a["src"] for tag, a, _ in page.found if tag == "script" and "src" in a]
        assets += [a["href"] for tag, a, _ in page.found if tag == "link" and a.get("rel") == "icon"]
        wrong = [u for u in assets if not u.startswith(site_url + "/")]
        assert not wrong, f"{path}: assets not under {site_url}: {wrong}"


def test_navigation_and_article_links_are_absolute_to_siteurl(pages, site_url):
    home = pages["index.html"]
    assert home.nav, "no navigation in the home page"
    assert all(h.startswith(site_url + "/") for h in home.nav), home.nav
    assert home.card_links, "no article link on the home page"
    assert all(h.startswith(site_url + "/") for h in home.card_links), home.card_links
    for path, page in pages.items():
        assert all(h.startswith(site_url + "/") for h in page.nav), f"{path}: {page.nav}"


def test_every_url_under_siteurl_is_a_file_of_the_build(output, pages, site_url):
    missing = []
    for path, page in pages.items():
        for tag, _, url in page.found:
            under_site = url.startswith(site_url + "/") or url == site_url
            if under_site and not local_file(output, site_url, url).is_file():
                missing.append(f"{path}: <{tag}> {url}")
    assert not missing, f"{len(missing)} URLs to nothing:\n" + "\n".join(missing[:40])


def test_the_404_page_links_absolutely(pages, site_url):
    page = pages["404.html"]
    assert page.nav and all(h.startswith(site_url + "/") for h in page.nav)


def podcast_feed(output: Path, pages, site_url: str) -> Path:
    links = [a["href"] for tag, a, _ in pages["index.html"].found
             if tag == "link" and a.get("rel") == "alternate" and a.get("title") == "Le podcast de la Cité de l'IA"]
    assert links and links[0].startswith(site_url + "/"), f"podcast feed link: {links}"
    return local_file(output, site_url, links[0])


def test_feed_links_are_absolute(output, pages, settings, site_url):
    feeds = [output / settings["FEED_ALL_ATOM"], output / settings["FEED_ALL_RSS"], podcast_feed(output, pages, site_url)]
    media_url = (settings.get("PODCAST_MEDIA_URL") or site_url).rstrip("/")
    for file in feeds:
        # Unresolved: feedparser would otherwise make relative URLs absolute and hide them.
        parsed = feedparser.parse(file.read_bytes(), resolve_relative_uris=False)
        assert parsed.bozo == 0, f"{file.name}: {parsed.get('bozo_exception')}"
        assert parsed.entries, f"{file.name}: no entry"
        assert parsed.feed.get("link", "").startswith(site_url), f"{file.name}: feed link {parsed.feed.get('link')}"
        for entry in parsed.entries:
            assert entry.link.startswith(site_url + "/"), f"{file.name}: entry link {entry.link}"
            for enclosure in entry.get("enclosures", []):
                assert enclosure.href.startswith(media_url + "/"), f"{file.name}: enclosure {enclosure.href}"
            for content in entry.get("content", []) + [entry.get("summary_detail") or {}]:
                html = content.get("value", "") if content.get("type", "").endswith("html") else ""
                relative = [u for _, _, u in Urls(html).found
                            if not u.startswith(("#", *SKIPPED_SCHEMES)) and not urlsplit(u).scheme]
                assert not relative, f"{file.name}: {entry.link} has relative URLs in its content: {relative}"


def test_pages_declare_their_canonical_url(pages, site_url):
    home = pages["index.html"]
    canonical = [a["href"] for tag, a, _ in home.found if tag == "link" and a.get("rel") == "canonical"]
    assert canonical == [site_url + "/"], canonical
