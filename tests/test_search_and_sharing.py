"""Search and sharing: Pagefind search, sitemap.xml, robots.txt, Open Graph tags and JSON-LD.

The repository's own site is built three times: for production (publishconf.py, the public
SITEURL), for a staging copy (publishconf.py with another SITEURL) and locally (pelicanconf.py, on a
copy of the content with a draft article, a draft episode, a scheduled episode and one word written
only in one episode's transcript). Then the written files are read back, and the local site is
searched in real headless Chromium, served over HTTP, under the pages' Content-Security-Policy.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chromium, console_errors, wait_for
from local_http import serve
from lxml import etree
from pelican.plugins.podcast.markdown_header import header_dict, read_header
from sitebuild import PROJECT, build_problems, build_refusal, build_site, copy_content, found

from plugins.problems import BuildProblems
from plugins.sharing.jsonld import iso_duration, script_text

PUBLIC = "https://www.cite-ia.fr"
STAGING = "https://recette.cite-ia.fr"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Written into one transcript only (the local build's copy): what the search must find.
RARE_WORD = "zygomorphique"
RARE_EPISODE = "03-ingenieur-de-donnees-le-metier-qui-manque"
RARE_TRANSCRIPT = "podcasts/media/s1e03.vtt"


# publishconf.py imports pelicanconf from the current folder: read it from the project's.
pytestmark = pytest.mark.usefixtures("in_project_folder")


@pytest.fixture(scope="module")
def production(production_output) -> Path:
    return production_output  # publishconf.py's SITEURL is PUBLIC


@pytest.fixture(scope="module")
def staging(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("staging") / "output", "publishconf.py", SITEURL=STAGING,
                      FEED_DOMAIN=STAGING, SEARCH_INDEX=False)


def _draft_copies(content: Path) -> None:
    """A draft article, a draft episode and a scheduled one, from the repository's own files."""
    (content / "zz-brouillon.md").write_text(
        "Title: Un article en préparation\nDate: 2023-05-20 10:00\nCategory: Entreprises\n"
        "Slug: article-en-preparation\nStatus: draft\nSummary: Pas encore publié.\n\nBientôt.\n", encoding="utf-8")
    source = (content / "podcasts" / f"{RARE_EPISODE}.md").read_text(encoding="utf-8")
    head, body = source.split("\n\n", 1)
    dropped = ("Season", "Episode:", "Guid", "Title", "Date", "Audio", "Transcript")
    kept = [line for line in head.splitlines() if not line.startswith(dropped)]
    for name, extra in (("98-episode-brouillon", ["Status: draft", "Date: 2023-06-01 08:00"]),
                        ("99-episode-programme", ["Date: 2099-01-01 08:00"])):
        shutil.copyfile(content / "podcasts" / "media" / "s1e03.mp3", content / "podcasts" / "media" / f"{name}.mp3")
        text = "\n".join([f"Title: Épisode {name}", f"Audio: media/{name}.mp3", *extra, *kept]) + "\n\n" + body
        (content / "podcasts" / f"{name}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("local")
    content = copy_content(root / "content")
    _draft_copies(content)
    transcript = content / RARE_TRANSCRIPT
    text = transcript.read_text(encoding="utf-8")
    cue = "la région manque d'ingénieurs de données."
    assert cue in text
    transcript.write_text(text.replace(cue, f"{cue} Un mot {RARE_WORD}.", 1), encoding="utf-8")
    return build_site(root / "output", content=content)


# --- reading the pages -----------------------------------------------------------------------

class Head(HTMLParser):
    """The <meta property|name> values and the JSON-LD blocks of a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.jsonld: list[dict] = []
        self._in_jsonld = False
        self._data: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            self.meta[attributes.get("property") or attributes["name"]] = attributes.get("content", "")
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_jsonld, self._data = True, []

    def handle_data(self, data):
        if self._in_jsonld:
            self._data.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_jsonld:
            self.jsonld.append(json.loads("".join(self._data)))
            self._in_jsonld = False


def head(output: Path, path: str) -> Head:
    return Head((output / path / "index.html").read_text(encoding="utf-8"))


def published_content() -> dict[str, list[str]]:
    """Site paths of the repository's published articles, pages and episodes, from their files."""
    found: dict[str, list[str]] = {"articles": [], "pages": [], "episodes": []}
    for kind, folder, pattern in (("articles", "", "actualites/{}/"), ("pages", "pages", "{}/")):
        for path in sorted((PROJECT / "content" / folder).glob("*.md")):
            fields = header_dict(read_header(str(path)))
            if fields.get("status", "published") == "published":
                found[kind].append(pattern.format(fields["slug"]))
    for path in sorted((PROJECT / "content" / "podcasts").glob("*.md")):
        if header_dict(read_header(str(path))).get("status", "published") == "published":
            found["episodes"].append(f"podcast/{path.stem}/")
    return found


def sitemap_locations(output: Path) -> list[str]:
    tree = etree.parse(str(output / "sitemap.xml"))
    assert tree.getroot().tag == f"{SITEMAP_NS}urlset"
    return [url.findtext(f"{SITEMAP_NS}loc") for url in tree.getroot().iter(f"{SITEMAP_NS}url")]


# --- sitemap.xml -----------------------------------------------------------------------------

def test_the_sitemap_lists_every_published_page_on_the_public_address(production):
    locations = sitemap_locations(production)
    assert len(locations) == len(set(locations)), "an address is listed twice"
    assert all(loc.startswith(PUBLIC + "/") for loc in locations), locations
    content = published_content()
    assert all(content.values()), content
    for kind, paths in content.items():
        missing = [p for p in paths if f"{PUBLIC}/{p}" not in locations]
        assert not missing, f"{kind} missing from sitemap.xml: {missing}"
    assert f"{PUBLIC}/" in locations and f"{PUBLIC}/podcast/" in locations
    assert not [loc for loc in locations if "404" in loc or "/recherche/" in loc]
    tree = etree.parse(str(production / "sitemap.xml"))
    episode = next(u for u in tree.getroot().iter(f"{SITEMAP_NS}url")
                   if u.findtext(f"{SITEMAP_NS}loc") == f"{PUBLIC}/podcast/{RARE_EPISODE}/")
    assert episode.findtext(f"{SITEMAP_NS}lastmod").startswith("2022-12-20T08:00:00")
    assert episode.findtext(f"{SITEMAP_NS}priority") == "0.7"


def test_the_sitemap_lists_no_draft_and_no_scheduled_page(local):
    locations = sitemap_locations(local)
    # They were written (local preview), but never listed.
    for written in ("brouillons/article-en-preparation/", "podcast/98-episode-brouillon/", "podcast/99-episode-programme/"):
        assert (local / written / "index.html").is_file(), written
        assert f"/{written}" not in locations, written
    assert not [loc for loc in locations if "brouillons" in loc]
    for paths in published_content().values():
        assert all(f"/{p}" in locations for p in paths)


# --- robots.txt ------------------------------------------------------------------------------

def test_robots_welcomes_search_engines_on_the_public_site_only(production, staging, local):
    public = (production / "robots.txt").read_text(encoding="utf-8")
    # Only the web editor is kept out (plugins.admin), named before « Allow: / » for older robots.
    assert "User-agent: *" in public and "Allow: /" in public
    assert [line for line in public.splitlines() if line.startswith("Disallow")] == ["Disallow: /admin/"]
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in public.splitlines()
    for copy in (staging, local):
        text = (copy / "robots.txt").read_text(encoding="utf-8")
        assert "Disallow: /" in text.splitlines() and "Allow: /" not in text.splitlines() and "Sitemap" not in text
    assert not (PROJECT / "content" / "extra" / "robots.txt").exists(), "robots.txt is generated, not copied"


# --- Open Graph and Twitter cards ------------------------------------------------------------

def test_open_graph_tags_are_absolute_in_production(production):
    pages = ["", "podcast/", f"podcast/{RARE_EPISODE}/", *published_content()["articles"], "a-propos/"]
    for path in pages:
        meta = head(production, path).meta
        for name in ("og:url", "og:image", "twitter:image"):
            assert meta.get(name, "").startswith(PUBLIC + "/"), (path, name, meta.get(name))
        assert meta["og:url"] == f"{PUBLIC}/{path}"
        assert meta["og:title"] and meta["og:description"] and meta["twitter:card"] == "summary"
        assert meta["og:locale"] == "fr_FR"
    episode = head(production, f"podcast/{RARE_EPISODE}/").meta
    assert episode["og:type"] == "article"
    assert episode["og:title"] == "Ingénieur de données, le métier qui manque"
    assert episode["og:audio"] == f"{PUBLIC}/podcasts/media/s1e03.mp3"
    assert episode["og:audio:type"] == "audio/mpeg"
    assert head(production, published_content()["articles"][0]).meta["og:type"] == "article"
    assert head(production, "").meta["og:type"] == "website"


# --- JSON-LD ---------------------------------------------------------------------------------

def _only(blocks: list[dict], kind: str) -> dict:
    assert [b["@type"] for b in blocks] == [kind], blocks
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]


def test_json_ld_describes_the_organization_the_show_its_episodes_and_the_articles(production):
    organization = _only(head(production, "").jsonld, "Organization")
    assert organization["name"] == "Cité de l'IA" and organization["url"] == f"{PUBLIC}/"
    assert organization["foundingDate"] == "2020-01" and organization["description"]

    series = _only(head(production, "podcast/").jsonld, "PodcastSeries")
    assert series["url"] == f"{PUBLIC}/podcast/" and series["webFeed"] == f"{PUBLIC}/podcast/feed.xml"
    assert series["name"] and series["description"] and series["image"].startswith(PUBLIC)

    for path in published_content()["episodes"]:
        episode = _only(head(production, path).jsonld, "PodcastEpisode")
        for key in ("name", "datePublished", "description", "url", "duration", "associatedMedia", "partOfSeries"):
            assert episode.get(key), (path, key)
        assert episode["url"] == f"{PUBLIC}/{path}"
        assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+S)?", episode["duration"]) and episode["duration"] != "PT"
        media = episode["associatedMedia"]
        assert media["@type"] == "MediaObject" and media["contentUrl"].startswith(f"{PUBLIC}/podcasts/media/")
        assert media["encodingFormat"] in ("audio/mpeg", "audio/x-m4a")
        assert episode["partOfSeries"] == {"@type": "PodcastSeries", "name": series["name"], "url": series["url"]}

    for path in published_content()["articles"]:
        article = _only(head(production, path).jsonld, "NewsArticle")
        for key in ("headline", "datePublished", "dateModified", "image"):
            assert article.get(key), (path, key)
        assert article["author"] == {"@type": "Organization", "name": "Cité de l'IA", "url": f"{PUBLIC}/"}
    assert head(production, "a-propos/").jsonld == []


def test_json_ld_text_cannot_close_its_script_element():
    text = script_text({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!--"}
    assert [iso_duration(s) for s in (725.4, 3600, 0, 59.6)] == ["PT12M5S", "PT1H", "PT0S", "PT1M"]


# --- search ----------------------------------------------------------------------------------

def test_wrong_settings_are_said_in_french_before_anything_is_written(tmp_path):
    errors = build_refusal(tmp_path / "output", SEARCH_BUNDLE_DIR="../dehors", CANONICAL_SITEURL="www.cite-ia.fr",
                           ORGANIZATION={"name": "Autre"}).errors
    assert "'../dehors'" in found(errors, "search.E001", field="SEARCH_BUNDLE_DIR").message
    assert "'www.cite-ia.fr'" in found(errors, "sharing.E001", field="CANONICAL_SITEURL").message
    assert "name" in found(errors, "sharing.E003", field="ORGANIZATION").message


def test_a_failed_indexing_stops_the_build_and_keeps_the_previous_site(tmp_path):
    said = build_problems(tmp_path / "output", SEARCH_TIMEOUT=0.001)
    assert "Recherche : Pagefind n'a pas fini d'indexer le site en 0 s (SEARCH_TIMEOUT)" in said
    assert "Traceback" not in said


def test_only_published_articles_pages_and_episodes_are_indexed(local):
    assert (local / "pagefind" / "pagefind.js").is_file()
    marked = {p.parent.relative_to(local).as_posix() + "/" for p in local.rglob("index.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    content = published_content()
    assert marked == set(content["articles"] + content["pages"] + content["episodes"])
    search_page = (local / "recherche" / "index.html").read_text(encoding="utf-8")
    # Our own small UI (search.js imports pagefind.js when needed), not Pagefind's 135 KB ready-made one.
    assert "js/search.js" in search_page and "pagefind-ui" not in search_page and "<script>" not in search_page
    # With no query the page holds no results: search engines may index it (it stays out of the sitemap).
    assert 'name="robots"' not in search_page
    assert '<p id="recherche-etat" class="search__status" role="status"></p>' in search_page


def test_the_player_is_not_searched_but_the_episode_text_is(local):
    """The player's words (its fallback sentence, buttons, download labels) are on every episode:
    indexed, they would come back as the excerpt of half the results."""
    indexed = "".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                      for path in (local / "pagefind" / "fragment").iterdir())
    for player_words in ("Votre navigateur ne peut pas lire", "Reculer de 15", "Télécharger (", "Vitesse"):
        assert player_words not in indexed, player_words
    episode = next(path for path in (local / "podcast").rglob("index.html") if "<audio" in path.read_text("utf-8"))
    title = re.search(r"<h1>(.*?)</h1>", episode.read_text(encoding="utf-8")).group(1)
    assert html.unescape(title) in indexed


@pytest.fixture(scope="module")
def served(local):
    with serve(local) as base:
        yield base


# Every layout shift of the page so far (Chromium buffers them for a PerformanceObserver).
LAYOUT_SHIFTS = """
const done = arguments[arguments.length - 1];
new PerformanceObserver(list => done(list.getEntries().map(e => e.value)))
  .observe({type: "layout-shift", buffered: true});
setTimeout(() => done([]), 500);
"""


def test_a_word_of_one_transcript_finds_its_episode_from_the_header_field(local, served, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # The word is in that transcript only: not in any show notes, article or page.
    assert RARE_WORD not in "".join(p.read_text(encoding="utf-8") for p in (PROJECT / "content").rglob("*.md"))
    browser.get(f"{served}/")
    field = browser.find_element(By.CSS_SELECTOR, "header form[role=search] input[name=q]")
    field.send_keys(RARE_WORD + Keys.ENTER)
    wait_for(lambda: "/recherche/" in browser.current_url, 10, 0.1, "timed out waiting for the search page")
    assert browser.current_url.endswith(f"/recherche/?q={RARE_WORD}")
    links = wait_for(
        lambda: [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#recherche-resultats h2 a")],
        20, 0.1, "timed out waiting for search results")
    # One result, the episode, named as such; the word marked in its excerpt; the count said politely.
    assert links == [f"{served}/podcast/{RARE_EPISODE}/"], links
    result = browser.find_element(By.CSS_SELECTOR, "#recherche-resultats > li")
    assert result.find_element(By.CSS_SELECTOR, ".kicker").text.lower() == "épisode"
    assert result.find_element(By.CSS_SELECTOR, "h2 a").text.startswith("Ingénieur de données")
    assert result.find_element(By.CSS_SELECTOR, ".search-result__excerpt mark").text.lower().startswith(RARE_WORD)
    status = browser.find_element(By.CSS_SELECTOR, "[role=status]")
    assert status.text == f"1 résultat pour « {RARE_WORD} »"
    assert browser.find_element(By.ID, "recherche-mots").get_attribute("value") == RARE_WORD
    assert browser.execute_async_script(LAYOUT_SHIFTS) == [], "the results moved something on the page"
    assert browser.execute_script("return window.__csp") == []
    errors = console_errors(browser)
    assert not errors, errors
    # The search page's own field searches too (as one types), keeps ?q= in step, and a word found nowhere says so.
    search_input = browser.find_element(By.ID, "recherche-mots")
    search_input.clear()
    search_input.send_keys("introuvablexyz")
    wait_for(lambda: status.text == "Aucun résultat pour « introuvablexyz »", 10, 0.1, "timed out waiting for no result")
    assert browser.find_elements(By.CSS_SELECTOR, "#recherche-resultats h2 a") == []
    assert browser.current_url.endswith("/recherche/?q=introuvablexyz")
    # Enter in the page's field searches in place (no reload): a word of several pages lists them all.
    search_input.clear()
    search_input.send_keys("données" + Keys.ENTER)
    wait_for(lambda: status.text.endswith("résultats pour « données »"), 10, 0.1, "timed out waiting for results")
    count = int(status.text.split()[0])
    assert count > 1 and len(browser.find_elements(By.CSS_SELECTOR, "#recherche-resultats h2 a")) == min(count, 20)
    assert browser.execute_script("return window.__csp") == []
    assert not console_errors(browser)


def test_without_javascript_the_search_page_says_where_to_look(local, served, tmp_path):
    from selenium.webdriver.common.by import By

    with chromium(tmp_path / "profile", javascript=False) as driver:
        driver.get(f"{served}/recherche/?q=donn%C3%A9es")
        said = driver.find_element(By.CSS_SELECTOR, "main").text
        assert "La recherche fonctionne avec JavaScript" in said
        hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main .search__fallback a")]
        assert hrefs == [f"{served}/actualites/archives/", f"{served}/podcast/"], hrefs


def test_a_stopped_build_does_not_stop_the_next_ones_sitemap(tmp_path):
    """pelican-sitemap forgets a build only at `finalized`, which a stopped build never reaches."""
    content = copy_content(tmp_path / "content")
    (content / "sans-titre.md").write_text("Date: 2023-01-01\nCategory: Entreprises\n\nTexte.\n", encoding="utf-8")
    with pytest.raises(BuildProblems):
        build_site(tmp_path / "output", content=content)
    (content / "sans-titre.md").unlink()
    output = build_site(tmp_path / "output", content=content)
    assert sitemap_locations(output), "no sitemap.xml after a stopped build"
