"""The repository's own site, built with pelicanconf.py: every page there, in French, accessible
landmarks, links that resolve, feeds that parse, nothing fetched from a third party."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from babel.dates import get_month_names
from pelican.plugins.podcast.markdown_header import header_dict, read_header
from pelican.settings import read_settings
from pelican.utils import slugify
from sitebuild import PROJECT, build_site, site_pages

CONTENT = PROJECT / "content"
PODCAST_FEED_TITLE = "Le podcast de la Cité de l'IA"
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Labels of Pelican's built-in themes that must never reach a French visitor.
ENGLISH_LABELS = (
    r"\bPublished\b", r"\bRead more\b", r"\bCategory:", r"\bTags:", r"\bPosted\b", r"\bNewer\b", r"\bOlder\b",
    r"\bPage \d+ / \d+", r"\bArchives for\b", r"\bAll articles\b", r"\bPermalink\b", r"\bPowered by\b",
    r"\bLast updated\b", r"\bComments\b",
)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRIBUTES = {"href", "src", "poster", "action", "data"}
NAV_LABELS = ("Accueil", "Actualités", "Podcast", "À propos", "Adhérer", "Contact")


# --- reading the sources ---------------------------------------------------------------------

def expected_outputs(folder: Path, save_as: str, settings: dict) -> dict[str, dict]:
    """Output path -> metadata for every published Markdown file of `folder`, from its Slug."""
    outputs = {}
    for source in sorted(folder.glob("*.md")):
        metadata = header_dict(read_header(source))
        if metadata.get("status", "published").lower() == "draft":
            continue
        slug = metadata.get("slug") or slugify(
            metadata.get("title", source.stem), regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]
        )
        outputs[save_as.format(slug=slug)] = {"source": source, **metadata}
    return outputs


# --- reading the output ----------------------------------------------------------------------

class Page(HTMLParser):
    """What the tests need from one HTML file, read with the standard library's parser."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.labels: list[str] = []  # attributes a visitor reads or hears
        self.balance_errors: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._h1: list[str] | None = None
        self.h1s: list[str] = []
        self.doctype = text.lstrip().lower().startswith("<!doctype html>")
        self.feed(text)
        self.close()
        if self._stack:
            self.balance_errors.append(f"unclosed: {self._stack}")

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        self.tags.append((tag, attributes))
        for name, value in attributes.items():
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, name, value))
            if name in ("title", "alt", "aria-label", "placeholder") and tag not in ("link", "meta"):
                self.labels.append(value)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "h1":
            self._h1 = []
        if tag not in VOID_ELEMENTS:
            self._stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "h1" and self._h1 is not None:
            self.h1s.append(" ".join("".join(self._h1).split()))
            self._h1 = None
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        else:
            self.balance_errors.append(f"</{tag}> closes <{self._stack[-1] if self._stack else 'nothing'}>")
            if tag in self._stack:
                del self._stack[len(self._stack) - 1 - self._stack[::-1].index(tag):]

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
        if self._h1 is not None:
            self._h1.append(data)

    def find(self, tag: str, **wanted) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in wanted.items())]

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def html_files(output: Path) -> list[Path]:
    return site_pages(output)


def url_of(output: Path, path: Path) -> str:
    """The site-relative URL a file is served at: "/actualites/x/index.html"."""
    return "/" + path.relative_to(output).as_posix()


def target_file(output: Path, page_url: str, href: str) -> Path | None:
    """The output file an internal URL points to, or None for a URL to skip (external, mailto:, …)."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    if not parts.path:
        return None  # "#fragment" or "?query" on the page itself
    path = unquote(urlsplit(urljoin(page_url, parts.path)).path)
    file = output / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def settings() -> dict:
    return read_settings(str(PROJECT / "pelicanconf.py"))


@pytest.fixture(scope="module")
def output(repository_output) -> Path:
    return repository_output


@pytest.fixture(scope="module")
def pages(output) -> dict[str, Page]:
    """Output-relative path -> parsed page, for every HTML file."""
    return {p.relative_to(output).as_posix(): Page(p.read_text(encoding="utf-8")) for p in html_files(output)}


@pytest.fixture(scope="module")
def articles(settings) -> dict[str, dict]:
    found = expected_outputs(CONTENT, settings["ARTICLE_SAVE_AS"], settings)
    assert found, "no article in content/*.md"
    return found


# --- every source has its page ---------------------------------------------------------------

def test_every_article_has_its_page(output, pages, articles):
    missing = [f"{meta['source'].name} -> {path}" for path, meta in articles.items() if not (output / path).is_file()]
    assert not missing, "articles without their HTML file:\n" + "\n".join(missing)
    for path in articles:
        assert pages[path].h1s, f"{path}: no <h1>"


def test_every_page_has_its_page(output, settings):
    expected = expected_outputs(CONTENT / "pages", settings["PAGE_SAVE_AS"], settings)
    assert expected, "no page in content/pages/*.md"
    missing = [f"{meta['source'].name} -> {path}" for path, meta in expected.items() if not (output / path).is_file()]
    assert not missing, "pages without their HTML file:\n" + "\n".join(missing)


def test_the_404_page_exists_and_links_home_from_anywhere(output, pages):
    page = pages.get("404.html")
    assert page is not None, "404.html is missing"
    assert "introuvable" in page.visible_text.lower()
    # A 404 is served at any address: a relative link there would resolve against the wrong folder.
    relative = [v for _, _, v in page.urls if v and not v.startswith(("/", "#", "http:", "https:", "mailto:"))]
    assert not relative, f"404.html has relative URLs: {relative}"
    assert any(a.get("href") in ("/", "") or a.get("href", "").endswith("/") for a in page.find("a"))


# --- French everywhere -----------------------------------------------------------------------

def test_every_html_page_is_french(pages):
    wrong = [path for path, page in pages.items() if page.find("html", lang="fr") == []]
    assert not wrong, f'pages without <html lang="fr">: {wrong}'


def test_article_dates_are_in_french(pages, articles):
    months = get_month_names("wide", locale="fr")
    for path, meta in articles.items():
        date = datetime.fromisoformat(meta["date"].replace("/", "-").strip())
        french = f"{date.day} {months[date.month]} {date.year}"
        page = pages[path]
        assert french in page.visible_text, f"{path}: '{french}' not shown"
        times = page.find("time")
        assert any(t.get("datetime", "").startswith(date.strftime("%Y-%m-%d")) for t in times), (
            f"{path}: no <time datetime> with the article's ISO date"
        )


def test_no_english_month_name_anywhere(pages):
    pattern = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")\b")
    found = {path: sorted(set(pattern.findall(page.visible_text))) for path, page in pages.items()}
    found = {path: names for path, names in found.items() if names}
    assert not found, f"English month names: {found}"


def test_no_english_label_of_the_built_in_themes(pages):
    pattern = re.compile("|".join(ENGLISH_LABELS))
    leaks = {}
    for path, page in pages.items():
        hits = pattern.findall(page.visible_text + " " + " ".join(page.labels))
        if hits:
            leaks[path] = sorted(set(hits))
    assert not leaks, f"English labels: {leaks}"


def test_archives_are_grouped_by_french_month(pages, settings):
    archives = pages[settings["ARCHIVES_SAVE_AS"]]
    months = [m.lower() for m in get_month_names("wide", locale="fr").values()]
    headings = [t.lower() for t in archives.visible_text.split()]
    assert any(m in headings for m in months), "no French month in the archives"


# --- structure and accessibility -------------------------------------------------------------

def test_every_page_is_well_formed_html5(pages):
    problems = {}
    for path, page in pages.items():
        issues = []
        if not page.doctype:
            issues.append("no <!DOCTYPE html>")
        if page.balance_errors:
            issues += page.balance_errors[:3]
        duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
        if duplicates:
            issues.append(f"duplicate ids {duplicates}")
        if len(page.find("meta", charset="utf-8")) != 1:
            issues.append("no <meta charset=utf-8>")
        if not page.find("title"):
            issues.append("no <title>")
        if issues:
            problems[path] = issues
    assert not problems, problems


def test_every_page_has_landmarks_one_h1_and_a_skip_link(pages):
    problems = {}
    for path, page in pages.items():
        issues = []
        for landmark in ("header", "nav", "main", "footer"):
            if not page.find(landmark):
                issues.append(f"no <{landmark}>")
        if len(page.find("main")) > 1:
            issues.append("several <main>")
        if len(page.h1s) != 1:
            issues.append(f"{len(page.h1s)} <h1>")
        skip = page.tags and next((a for t, a in page.tags if t == "a"), None)
        if not skip or not skip.get("href", "").startswith("#"):
            issues.append("the first link is not the skip link")
        elif skip["href"][1:] not in page.ids:
            issues.append(f"skip link target {skip['href']} missing")
        if "Aller au contenu" not in page.visible_text:
            issues.append("no 'Aller au contenu'")
        for img in page.find("img"):
            if "alt" not in img:
                issues.append(f"<img src={img.get('src')}> without alt")
        if issues:
            problems[path] = issues
    assert not problems, problems


def test_every_page_has_description_favicon_and_feeds_in_head(pages, settings):
    problems = {}
    for path, page in pages.items():
        issues = []
        description = page.find("meta", name="description")
        if not description or not description[0].get("content", "").strip():
            issues.append("no meta description")
        if not page.find("link", rel="icon"):
            issues.append("no favicon")
        atom = page.find("link", rel="alternate", type="application/atom+xml")
        if not atom or not atom[0]["href"].endswith(settings["FEED_ALL_ATOM"]):
            issues.append("no Atom feed link")
        podcast = page.find("link", rel="alternate", type="application/rss+xml", title=PODCAST_FEED_TITLE)
        if not podcast:
            issues.append("no podcast feed link")
        if issues:
            problems[path] = issues
    assert not problems, problems


def test_navigation_is_french_and_marks_the_current_section(pages, settings, articles):
    def nav_links(page):
        # The main navigation is the first <nav>; its links are the <a> between it and </nav>.
        inside, links = False, []
        for tag, attributes in page.tags:
            if tag == "nav" and not inside:
                inside = True
                continue
            if inside and tag == "nav":
                break
            if inside and tag == "a":
                links.append(attributes)
        return links

    home = pages["index.html"]
    for label in NAV_LABELS:
        assert label in home.visible_text, f"navigation label {label!r} missing"
    current = {
        "index.html": "./",
        settings["ARCHIVES_SAVE_AS"]: settings["ARCHIVES_URL"],
        next(iter(articles)): settings["ARCHIVES_URL"],
        "a-propos/index.html": "a-propos/",
    }
    for path, target in current.items():
        marked = [a["href"] for a in nav_links(pages[path]) if "aria-current" in a]
        assert len(marked) == 1 and marked[0].endswith(target.lstrip("./") or "./"), f"{path}: aria-current on {marked}"


# --- links, feeds, requests ------------------------------------------------------------------

def test_every_internal_link_resolves(output, pages):
    broken = []
    for path, page in pages.items():
        page_url = "/" + path
        for tag, attribute, value in page.urls:
            value = value.strip()
            if not value:
                broken.append(f"{path}: empty {tag} {attribute}")
                continue
            if value.startswith("#"):
                fragment = unquote(value[1:])
                if fragment and fragment not in page.ids:
                    broken.append(f"{path}: {value} has no target on the page")
                continue
            target = target_file(output, page_url, value)
            if target is not None and not target.is_file():
                broken.append(f"{path}: {tag} {attribute}={value} -> {target.relative_to(output)} missing")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:50])


def podcast_feed_path(pages) -> str:
    link = pages["index.html"].find("link", rel="alternate", type="application/rss+xml", title=PODCAST_FEED_TITLE)
    assert link, "no podcast feed link in the home page's head"
    return urljoin("/index.html", link[0]["href"]).lstrip("/")


def test_feeds_exist_and_parse(output, pages, settings, articles):
    feeds = [settings["FEED_ALL_ATOM"], settings["FEED_ALL_RSS"], podcast_feed_path(pages)]
    for feed in feeds:
        file = output / feed
        assert file.is_file(), f"{feed} is missing"
        parsed = feedparser.parse(file.read_bytes())
        assert parsed.bozo == 0, f"{feed}: {parsed.get('bozo_exception')}"
        assert parsed.entries, f"{feed} has no entry"
    atom = feedparser.parse((output / settings["FEED_ALL_ATOM"]).read_bytes())
    assert len(atom.entries) == min(len(articles), settings.get("FEED_MAX_ITEMS") or len(articles))


def test_nothing_is_fetched_from_a_third_party(output, pages):
    fetched = {"script": "src", "img": "src", "audio": "src", "video": "src", "source": "src", "track": "src",
               "iframe": "src", "embed": "src", "object": "data"}
    external = []
    for path, page in pages.items():
        for tag, attributes in page.tags:
            value = attributes.get(fetched.get(tag, ""), "")
            fetched_links = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
            if tag == "link" and set(attributes.get("rel", "").split()) & fetched_links:
                value = attributes.get("href", "")
            if value.startswith(("http:", "https:", "//")):
                external.append(f"{path}: <{tag}> {value}")
    for css in output.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^'\")\s]+)", css.read_text(encoding="utf-8")):
            external.append(f"{css.relative_to(output)}: {url}")
    assert not external, "third-party requests:\n" + "\n".join(external)


def test_the_stylesheet_is_small(output, settings):
    # The one stylesheet every page loads (the search page's own is in that page's weight budget).
    sheet = output / settings["THEME_STATIC_DIR"] / "css" / "site.css"
    # 15,000 bytes until the subscribe links (where each opens, the visitor's system marked).
    assert sheet.stat().st_size < 15_300, f"site.css weighs {sheet.stat().st_size} bytes"


@pytest.fixture(scope="module")
def paginated(tmp_path_factory) -> Path:
    """The same site with two articles a page, to see the pagination the real site will reach."""
    return build_site(tmp_path_factory.mktemp("paginated") / "output", DEFAULT_PAGINATION=2)


def test_pagination_is_french_and_links_resolve(paginated, articles):
    total = -(-len(articles) // 2)
    assert total >= 3, "too few articles to see a middle page"
    second = paginated / "page" / "2" / "index.html"
    assert second.is_file(), "no page/2/ with two articles a page"
    page = Page(second.read_text(encoding="utf-8"))
    text = page.visible_text
    assert f"Page 2 sur {total}" in text
    assert "Page précédente" in text and "Page suivante" in text
    assert len(page.h1s) == 1
    for tag, attribute, value in page.urls:
        target = target_file(paginated, "/page/2/index.html", value)
        assert target is None or target.is_file(), f"page/2/: {tag} {attribute}={value} leads nowhere"
    assert not re.search("|".join(ENGLISH_LABELS), text)
