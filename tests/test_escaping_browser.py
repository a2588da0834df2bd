"""No text becomes code: every value from content, settings or audio tags reaches the page as text.

One small site, built once, whose every text field holds the same hostile string: article title,
tags and category, a page title, an episode's title, summary, persons and chapter titles from the
front matter, and another episode's comment tag and chapter titles from its MP3's ID3 tags. Each page
is opened in real headless Chromium: nothing ran, no element was injected, the string shows as text,
and the Content-Security-Policy reported no violation (none of the theme's own markup breaks it).

The Markdown bodies (and the summaries Pelican renders from Markdown) are the editors' own HTML, on
purpose: one test shows that even a <script> written there is stopped by the Content-Security-Policy.
The repository's own site is checked against the policy as well.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import console_errors
from local_http import serve
from mutagen.id3 import CHAP, COMM, CTOC, ID3, TIT2, CTOCFlags
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT, build_site
from waiting import wait_until

SCRIPT = "<script>window.__xss=1</script>"
ATTRIBUTE = '"><img src=x onerror="window.__xss=2">'
LINK = "javascript:alert(1)"
HOSTILE = f"{SCRIPT} {ATTRIBUTE} {LINK}"


# --- serving and the browser (the session's, conftest.py) ------------------------------------

class Visit:
    """What one page showed and reported once loaded."""

    def __init__(self, driver, url: str):
        driver.get_log("browser")  # drop what earlier pages left
        driver.get(url)
        # Images delay the load event: once the page is complete, an injected one has failed already.
        wait_until(lambda: driver.execute_script("return document.readyState") == "complete",
                   message=f"{url}: never finished loading")
        self.url = url
        self.xss = driver.execute_script("return typeof window.__xss === 'undefined' ? null : window.__xss")
        self.injected_images = driver.execute_script("return document.querySelectorAll('img[src=\"x\"]').length")
        self.injected_scripts = driver.execute_script(
            # JSON-LD is data, not code (the CSP lets it be): its text may hold the hostile words.
            "return Array.from(document.scripts).filter(s => s.type !== 'application/ld+json'"
            " && s.textContent.includes('__xss')).length")
        self.text = driver.execute_script("return document.body.innerText")
        self.title = driver.title
        self.description = driver.execute_script(
            "var m = document.querySelector('meta[name=description]'); return m ? m.content : null")
        self.violations = driver.execute_script("return window.__csp")
        self.console = console_errors(driver)

    def assert_clean(self) -> None:
        assert self.xss is None, f"{self.url}: injected code ran (window.__xss = {self.xss})"
        assert self.injected_images == 0, f"{self.url}: an <img src=x> element was injected"
        assert self.injected_scripts == 0, f"{self.url}: a <script> element was injected"
        assert self.violations == [], f"{self.url}: Content-Security-Policy violations {self.violations}"
        assert not self.console, f"{self.url}: console errors {self.console}"


# --- the hostile site ------------------------------------------------------------------------

def hostile_mp3(source: Path, target: Path) -> Path:
    """A copy of a tagged MP3 whose title, comment and chapter titles are all HOSTILE."""
    shutil.copyfile(source, target)
    tags = ID3(target)
    tags.delall("TIT2")
    tags.delall("COMM")
    tags.delall("CHAP")
    tags.delall("CTOC")
    tags.add(TIT2(encoding=3, text=HOSTILE))
    tags.add(COMM(encoding=3, lang="fra", desc="", text=HOSTILE))
    starts = (0, 2500, 5000)
    ends = (*starts[1:], 7000)
    ids = [f"chp{n}" for n in range(len(starts))]
    for element_id, start, end in zip(ids, starts, ends, strict=True):
        tags.add(CHAP(element_id=element_id, start_time=start, end_time=end,
                      sub_frames=[TIT2(encoding=3, text=f"{HOSTILE} {element_id}")]))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text=HOSTILE)]))
    tags.save(target)
    return target


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, audio_fixtures):
    """The site built once, served on 127.0.0.1; its audio also served as if from a media host."""
    site = PodcastSite(tmp_path_factory.mktemp("hostile"))
    shutil.copytree(PROJECT / "content" / "extra", site.content / "extra")  # favicon.svg, robots.txt
    (site.content / "hostile.md").write_text(
        f"Title: {HOSTILE}\nDate: 2023-05-01 10:00\nSlug: article-hostile\nCategory: {HOSTILE}\n"
        f"Tags: {HOSTILE}, ordinaire\n\nUn article ordinaire.\n",
        encoding="utf-8",
    )
    # The editors' own HTML in the Markdown body: only the Content-Security-Policy stands in its way.
    (site.content / "markdown-html.md").write_text(
        "Title: Du HTML dans le Markdown\nDate: 2023-04-01 10:00\nSlug: html-dans-le-markdown\n"
        "Category: Essais\nSummary: Un résumé ordinaire.\n\n"
        "<script>window.__xss=3</script>\n\nUne image <img src=\"#cassee\" onerror=\"window.__xss=4\"> cassée.\n",
        encoding="utf-8",
    )
    (site.content / "pages" / "page-hostile.md").write_text(
        f"Title: {HOSTILE}\nSlug: page-hostile\n\nUne page ordinaire.\n", encoding="utf-8")
    site.add_audio("front-matter.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode(
        "texte-du-front-matter",
        **episode(HOSTILE, "2023-05-07 10:00", "media/front-matter.mp3", Episode=1,
                  Summary=HOSTILE, Persons=f"{HOSTILE} (invité)", Chapters=[f"00:00 {HOSTILE}", f"00:03 {HOSTILE} 2"]),
    )
    hostile_mp3(audio_fixtures.tagged["mp3"].path, site.media / "tags-audio.mp3")
    # No Summary and no Chapters: the comment tag and the ID3 chapters stand in for them.
    site.add_episode("texte-des-tags-audio", **episode("Les tags audio", "2023-05-08 10:00", "media/tags-audio.mp3",
                                                       Episode=2))

    output = site.root / "output"
    with serve(output) as base:
        # The media host is another origin (localhost, not 127.0.0.1): the policy must name it.
        media_host = base.replace("127.0.0.1", "localhost")
        build_site(output, content=site.content, SITEURL="", RELATIVE_URLS=True, PODCAST_MEDIA_URL=media_host)
        # With a media host the audio is not in the output: put it where that host serves it.
        shutil.copytree(site.media, output / "podcasts" / "media", dirs_exist_ok=True)
        yield base, output, media_host


def page_paths(output: Path) -> dict[str, str]:
    def only(pattern: str) -> str:
        found = sorted(output.glob(pattern))
        assert len(found) == 1, f"expected one {pattern} in the output, found {found}"
        return "/" + found[0].relative_to(output).parent.as_posix() + "/"

    return {
        "home": "/",
        "article": "/actualites/article-hostile/",
        "category": only("actualites/categorie/window*/index.html"),
        "tag": only("actualites/mot-cle/window*/index.html"),
        "tags": "/actualites/mots-cles/",
        "archives": "/actualites/archives/",
        "page": "/page-hostile/",
        "podcast": "/podcast/",
        "episode (front matter)": "/podcast/texte-du-front-matter/",
        "episode (audio tags)": "/podcast/texte-des-tags-audio/",
    }


@pytest.fixture(scope="module")
def visits(browser, hostile_site) -> dict[str, Visit]:
    base, output, _ = hostile_site
    return {name: Visit(browser, base + path) for name, path in page_paths(output).items()}


def test_the_hostile_string_is_in_the_pages(hostile_site):
    """The build kept every field (had a check refused one, the test would say which, not pass)."""
    _, output, _ = hostile_site
    for name, path in page_paths(output).items():
        assert (output / path.strip("/") / "index.html").exists(), f"{name}: {path} was not written"


@pytest.mark.parametrize("name", ["home", "article", "category", "tag", "tags", "archives", "page", "podcast",
                                  "episode (front matter)", "episode (audio tags)"])
def test_nothing_runs_and_the_policy_holds(visits, name):
    visits[name].assert_clean()


def test_titles_tags_and_categories_show_as_text(visits):
    for name in ("article", "page", "episode (front matter)"):
        assert HOSTILE in visits[name].title, f"{name}: <title> is {visits[name].title!r}"
        assert HOSTILE in visits[name].text, f"{name}: the title is not shown as text"
    article = visits["article"].text
    assert article.count(HOSTILE) >= 3, "the article page should show its title, category and tag as text"
    for name in ("home", "category", "tag", "archives"):
        assert HOSTILE in visits[name].text, f"{name}: the article's title is not shown as text"
    assert HOSTILE in visits["tags"].text and HOSTILE in visits["category"].title


def test_episode_persons_and_chapters_show_as_text(visits):
    text = visits["episode (front matter)"].text
    assert f"Avec : {HOSTILE}" in text, "the guest's name is not shown as text"
    assert f"{HOSTILE} 2" in text, "the front matter's chapter title is not shown as text"


def test_audio_tags_show_as_text(visits):
    text = visits["episode (audio tags)"].text
    for element_id in ("chp0", "chp1", "chp2"):
        assert f"{HOSTILE} {element_id}" in text, f"ID3 chapter {element_id}'s title is not shown as text"
    # The comment tag is the episode's summary: in the listing and in the meta description.
    assert HOSTILE in visits["podcast"].text
    assert visits["episode (audio tags)"].description.startswith(HOSTILE)


def test_markdown_summary_is_harmless_text_on_episodes(visits):
    """An episode's Summary is Markdown; the page shows its text (the feed's), tags and all taken out."""
    description = visits["episode (front matter)"].description
    assert "<" not in description and "window.__xss=1" in description


def test_the_policy_lets_the_media_host_play(browser, hostile_site):
    base, output, media_host = hostile_site
    html = (output / "podcast" / "texte-des-tags-audio" / "index.html").read_text(encoding="utf-8")
    assert f"media-src 'self' {media_host};" in html
    browser.get(base + "/podcast/texte-des-tags-audio/")
    from selenium.webdriver.common.by import By

    audio = browser.find_element(By.CSS_SELECTOR, "audio")

    def loaded_or_failed():
        error = browser.execute_script("return arguments[0].error && arguments[0].error.code", audio)
        assert not error, f"the audio from {media_host} did not load (error {error})"
        return browser.execute_script("return arguments[0].readyState", audio) >= 1

    wait_until(loaded_or_failed, message=f"the audio from {media_host} never loaded")
    assert browser.execute_script("return arguments[0].currentSrc", audio).startswith(media_host)
    assert browser.execute_script("return window.__csp") == []


def test_the_policy_stops_a_script_in_markdown(browser, hostile_site):
    """The Markdown body is trusted HTML; were a <script> or on…= pasted in, it still would not run."""
    base, _, _ = hostile_site
    visit = Visit(browser, base + "/actualites/html-dans-le-markdown/")
    assert visit.xss is None, f"the Content-Security-Policy let Markdown's script run (window.__xss = {visit.xss})"
    blocked = " ".join(visit.violations)
    assert "script-src-elem inline" in blocked and "script-src-attr inline" in blocked, visit.violations


# --- the repository's own site ---------------------------------------------------------------

@pytest.fixture(scope="module")
def repository_site(repository_output):
    with serve(repository_output) as base:
        yield base, repository_output


def test_the_repository_site_keeps_its_own_policy(browser, repository_site):
    base, output = repository_site
    article = sorted((output / "actualites").glob("*/index.html"))
    episodes = sorted((output / "podcast").glob("*/index.html"))
    assert article and episodes, "the repository's site has no article or no episode"
    paths = ["/", "/" + article[0].parent.relative_to(output).as_posix() + "/", "/podcast/",
             "/" + episodes[-1].parent.relative_to(output).as_posix() + "/"]
    for path in paths:
        visit = Visit(browser, base + path)
        visit.assert_clean()
        assert "Content-Security-Policy" in (output / path.strip("/") / "index.html").read_text(encoding="utf-8")
