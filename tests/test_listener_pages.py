"""Listeners and visitors: the transcript, the player's controls, subscribing, the navigation.

A small podcast site (tests/listener_site.py: two seasons, an episode without season, a hidden one,
chapters, transcripts with voices, a long transcript, platforms), built once per run, is opened in real headless Chromium, with
and without JavaScript; the repository's own site is checked at 320 px and against the page budget.
axe-core (npm, pinned in package.json, installed by `npm ci` as the web editor is: never served by
the site) is injected into both sites' pages, after their scripts ran, and finds no violation.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser import chromium, console_errors, loaded_player, set_viewport, wait_for
from listener_site import PLATFORMS, SITE, VOICES
from local_http import serve
from lxml import html as lxml_html
from pelican.plugins.podcast.records import Cue, Platform
from pelican.plugins.podcast.subscribe_links import subscribe_choices, subscribe_links
from pelican.plugins.podcast.transcripts import read_transcript
from podcast_site import PodcastSite
from sitebuild import PROJECT, site_pages

from plugins.admin.bundle import node_modules

PAGE_BUDGET = 50_000  # bytes of HTML, CSS and JavaScript a page loads (images and audio aside)
JS_BUDGET = 9_000  # bytes of our own JavaScript (theme/static/js), all files together (8 KB until the subscribe links' order)


# --- the plugin: cues read once --------------------------------------------------------------

def test_transcript_cues_carry_start_end_speaker_and_plain_text(tmp_path):
    vtt = tmp_path / "voix.vtt"
    vtt.write_text(VOICES, encoding="utf-8")
    cues, problems = read_transcript(str(vtt), "media/voix.vtt", 10.0)
    assert problems == []
    assert cues == (
        Cue(0.5, 2.0, "Bonjour & bienvenue", "Camille Martin"),
        Cue(2.6, 4.0, "dans le podcast.", "Camille Martin"),
        Cue(5.0, 6.5, "Merci Camille.", "Lucie Bernard"),
    )
    srt = tmp_path / "sous-titres.srt"
    srt.write_text("1\n00:00:01,250 --> 00:00:02,000\nPremière ligne\nseconde ligne\n", encoding="utf-8")
    assert read_transcript(str(srt), "media/sous-titres.srt", 10.0) == ((Cue(1.25, 2.0, "Première ligne\nseconde ligne"),), [])


# --- a small site -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def listener_site(listener_output):
    with serve(listener_output) as base:
        yield base, listener_output


def html_of(output: Path, path: str) -> str:
    return (output / path / "index.html").read_text(encoding="utf-8")


def test_the_transcript_is_in_the_page_with_speakers_and_times(listener_site):
    _, output = listener_site
    html = html_of(output, "podcast/premier")
    section = html[html.index('<section class="transcript"'):]
    section = section[:section.index("</section>")]
    assert '<h2 id="transcription">Transcription</h2>' in section
    assert "<details" not in section, "a short transcript is shown, not folded"
    times = re.findall(r'<a href="([^"]+)#t=([\d.]+)"><time datetime="PT[\d.]+S">(\d\d:\d\d)</time></a>', section)
    assert [(float(t), shown) for _, t, shown in times] == [(0.5, "00:00"), (2.6, "00:02"), (5.0, "00:05")]
    assert all(media.endswith("podcasts/media/premier.mp3") for media, _, _ in times)
    # A speaker is named when the voice changes; the text is text.
    assert section.count("<strong>Camille Martin :</strong>") == 1 and section.count("<strong>Lucie Bernard :</strong>") == 1
    assert "Bonjour &amp; bienvenue" in section
    assert re.search(r'<a href="[^"]*podcasts/media/premier\.vtt" type="text/vtt" hreflang="fr" download>', section)
    # The feed keeps linking the file.
    feed = (output / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert "podcasts/media/premier.vtt" in feed


def test_a_long_transcript_folds_into_a_disclosure(listener_site):
    _, output = listener_site
    html = html_of(output, "podcast/deuxieme")
    assert re.search(r'<details class="transcript__fold"><summary>Afficher la transcription \(29 passages\)</summary>', html)
    assert html.count("pour que la page la replie.") == 29


def test_previous_and_next_join_published_episodes_by_date(listener_site):
    _, output = listener_site

    def neighbours(slug):
        html = html_of(output, f"podcast/{slug}")
        return (re.findall(r'<a href="\.\./\.\./podcast/([^/]+)/" rel="prev">', html),
                re.findall(r'<a href="\.\./\.\./podcast/([^/]+)/" rel="next">', html))

    assert neighbours("premier") == ([], ["deuxieme"])
    assert neighbours("deuxieme") == (["premier"], ["troisieme"]), "the hidden episode is nobody's neighbour"
    assert neighbours("troisieme") == (["deuxieme"], ["hors-serie"])
    assert neighbours("hors-serie") == (["troisieme"], [])
    assert neighbours("cache") == ([], []), "a hidden episode links to no neighbour"


def test_breadcrumbs_on_episodes_and_articles(listener_site):
    _, output = listener_site

    def crumbs(path):
        html = html_of(output, path)
        nav = re.search(r'<nav class="breadcrumbs" aria-label="Fil d\'Ariane">(.*?)</nav>', html, re.S)
        assert nav, f"{path}: no breadcrumbs"
        return re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)", nav.group(1))

    assert crumbs("podcast/deuxieme") == ["Accueil", "Podcast", "Saison 1", "Le deuxième"]
    assert crumbs("podcast/hors-serie") == ["Accueil", "Podcast", "Le hors-série"]
    assert crumbs("actualites/une-actualite") == ["Accueil", "Actualités", "Une actualité de la Cité"]
    assert 'href="../../podcast/#saison-1"' in html_of(output, "podcast/deuxieme")


def test_the_podcast_index_is_grouped_by_season_with_artwork(listener_site):
    _, output = listener_site
    html = html_of(output, "podcast")
    headings = re.findall(r'<h3 class="season__title" id="([^"]+)">([^<]+)</h3>', html)
    assert headings == [("saison-2", "Saison 2"), ("saison-1", "Saison 1"), ("hors-saison", "Hors saison")]
    order = re.findall(r'<a href="\.\./podcast/([^/]+)/">', html)
    assert order == ["troisieme", "deuxieme", "premier", "hors-serie"]
    # Every card has its artwork (the show's cover when the episode has none), as thumbnails, lazy, sized.
    images = re.findall(r'<img class="card__art" src="([^"]+)" srcset="[^"]+" sizes="[^"]+" alt="" '
                        r'width="72" height="72" loading="lazy"', html)
    assert len(images) == 4
    assert images[2].endswith("podcast/premier/pochette.vignette-144.jpg"), "the episode's own artwork (embedded in its MP3)"
    assert all(src.endswith("images/podcast-cover.vignette-144.jpg") for i, src in enumerate(images) if i != 2)
    # The subscribe block comes before the list (above it on a phone).
    assert html.index('class="subscribe"') < html.index('id="tous-les-episodes"')


FEED = f"{SITE}/podcast/feed.xml"
FEED_ENCODED = "https%3A%2F%2Ftest.cite-ia.fr%2Fpodcast%2Ffeed.xml"


def test_each_app_link_is_built_from_the_feed_url():
    links = subscribe_links(FEED, "Le podcast de la Cité & co")
    assert [(link.kind, link.name, link.url, link.systems) for link in links] == [
        ("apple", "Apple Podcasts", "podcast://test.cite-ia.fr/podcast/feed.xml", ("ios", "macos")),
        ("antennapod", "AntennaPod", f"https://antennapod.org/deeplink/subscribe?url={FEED_ENCODED}"
                                     "&title=Le%20podcast%20de%20la%20Cit%C3%A9%20%26%20co", ("android",)),
        ("pocketcasts", "Pocket Casts", "pktc://subscribe/test.cite-ia.fr/podcast/feed.xml", ("android", "ios")),
        ("overcast", "Overcast", f"overcast://x-callback-url/add?url={FEED_ENCODED}", ("ios",)),
        ("podcastaddict", "Podcast Addict", "podcastaddict://test.cite-ia.fr/podcast/feed.xml", ("android",)),
        ("podcast", "Autre application", "podcast://test.cite-ia.fr/podcast/feed.xml", ()),
    ]
    # A query string stays whole inside the encoded parameters (its & would end them otherwise).
    overcast = subscribe_links("http://x.fr/flux.xml?format=mp3&v=2", "X")[3]
    assert overcast.url == "overcast://x-callback-url/add?url=http%3A%2F%2Fx.fr%2Fflux.xml%3Fformat%3Dmp3%26v%3D2"
    # A local build's feed has no address an app could fetch: no app link.
    assert subscribe_links("/podcast/feed.xml", "X") == subscribe_links("file:///tmp/feed.xml", "X") == ()


def test_a_page_set_for_an_app_replaces_its_link():
    apple = Platform("apple", "Apple Podcasts", PLATFORMS["apple"], ("ios", "macos"))
    spotify = Platform("spotify", "Spotify", PLATFORMS["spotify"])
    choices = subscribe_choices((apple, spotify), subscribe_links(FEED, "X"))
    assert [(choice.kind, choice.url.split(":")[0]) for choice in choices] == [
        ("apple", "https"), ("spotify", "https"), ("antennapod", "https"), ("pocketcasts", "pktc"),
        ("overcast", "overcast"), ("podcastaddict", "podcastaddict"), ("podcast", "podcast")]


def subscribe_choices_of(html: str) -> list[tuple[str, str, str, str]]:
    """(data-systems, href, name, where) of each link of the subscribe block, in the page's order."""
    block = html[html.index('<ul class="platforms" data-apps>'):]
    block = block[:block.index("</ul>")]
    return re.findall(r'<li data-systems="([^"]*)"><a class="platform" href="([^"]+)"><svg [^>]*aria-hidden="true"[^>]*>'
                      r'.*?</svg>([^<]+)(?:<span class="platform__where">([^<]+)</span>)?</a></li>', block)


def test_subscribe_lists_the_platforms_the_apps_and_the_feed(listener_site):
    _, output = listener_site
    for path in ("", "podcast", "podcast/premier"):
        html = html_of(output, path) if path else (output / "index.html").read_text(encoding="utf-8")
        assert subscribe_choices_of(html) == [
            ("ios macos", PLATFORMS["apple"].replace("&", "&amp;"), "Apple Podcasts", "iPhone, iPad, Mac"),
            ("", PLATFORMS["spotify"], "Spotify", ""),
            ("android", f"https://antennapod.org/deeplink/subscribe?url={FEED_ENCODED}&amp;title="
                        "Le%20podcast%20de%20la%20Cit%C3%A9%20de%20l%27IA", "AntennaPod", "Android"),
            ("android ios", "pktc://subscribe/test.cite-ia.fr/podcast/feed.xml", "Pocket Casts", "Android, iPhone, iPad"),
            ("ios", f"overcast://x-callback-url/add?url={FEED_ENCODED}", "Overcast", "iPhone, iPad"),
            ("android", "podcastaddict://test.cite-ia.fr/podcast/feed.xml", "Podcast Addict", "Android"),
            ("", "podcast://test.cite-ia.fr/podcast/feed.xml", "Autre application", ""),
        ], path
        assert re.search(r'<input class="feed-copy__field" id="adresse-flux" type="text" value="[^"]*podcast/feed.xml" '
                         r'readonly', html), path
        assert re.search(r'<button class="feed-copy__button" type="button" data-copy="adresse-flux" hidden>', html), path


def test_podcast_platforms_is_checked(tmp_path):
    site = PodcastSite(tmp_path)
    refusal = site.build_refusal(PODCAST_PLATFORMS={"myspace": "https://myspace.com/x", "spotify": "http://open.spotify.com/x",
                                                    "apple": "podcasts.apple.com/x"})
    unknown, spotify, apple = refusal.errors
    assert [(p.code, p.field) for p in refusal.errors] == [
        ("podcast.E106", "PODCAST_PLATFORMS"), ("podcast.E107", "PODCAST_PLATFORMS"), ("podcast.E107", "PODCAST_PLATFORMS")]
    assert "'myspace'" in unknown.message and "apple, spotify" in unknown.hint  # the known ones, said
    assert "'http://open.spotify.com/x'" in spotify.message and "'podcasts.apple.com/x'" in apple.message
    assert [p.code for p in site.build_refusal(PODCAST_PLATFORMS=["apple"]).errors] == ["podcast.E105"]


# --- in the browser ---------------------------------------------------------------------------

def open_episode(browser, base: str, slug: str):
    browser.get(f"{base}/podcast/{slug}/")
    return loaded_player(browser, "#lecteur")


def click(browser, element) -> None:
    """Click like a listener, once the element is on screen (the site scrolls smoothly: wait for none)."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def current_time(browser, audio) -> float:
    return browser.execute_script("return arguments[0].currentTime", audio)


def test_clicking_a_transcript_cue_seeks_the_player(browser, listener_site):
    from selenium.webdriver.common.by import By

    base, _ = listener_site
    audio = open_episode(browser, base, "premier")
    url = browser.current_url
    cue = browser.find_elements(By.CSS_SELECTOR, ".transcript__cues a")[2]
    assert cue.text == "00:05"
    click(browser, cue)
    wait_for(lambda: abs(current_time(browser, audio) - 5.0) <= 0.5, timeout=5, message="the cue did not seek the player")
    browser.execute_script("arguments[0].pause()", audio)
    assert browser.current_url == url, "the cue link navigated away instead of seeking"
    assert not console_errors(browser)


def test_skip_and_speed_controls(browser, listener_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, _ = listener_site
    audio = open_episode(browser, base, "deuxieme")
    controls = browser.find_element(By.CSS_SELECTOR, ".player__controls")
    assert controls.is_displayed(), "the script did not show the controls"
    back, forward = controls.find_elements(By.CSS_SELECTOR, "button")
    assert back.accessible_name == "Reculer de 15 s" and forward.accessible_name == "Avancer de 30 s"
    browser.execute_script("arguments[0].currentTime = 20", audio)
    wait_for(lambda: abs(current_time(browser, audio) - 20) < 0.5)
    click(browser, back)
    wait_for(lambda: abs(current_time(browser, audio) - 5) < 0.5, timeout=5, message="back 15 s did not move to 5 s")
    click(browser, forward)  # 5 + 30 is past the end of this 30 s file: the end
    duration = browser.execute_script("return arguments[0].duration", audio)
    wait_for(lambda: abs(current_time(browser, audio) - duration) < 0.5, timeout=5, message="forward 30 s did not move")
    speed = Select(controls.find_element(By.CSS_SELECTOR, "select"))
    assert [o.text for o in speed.options] == ["1×", "1,25×", "1,5×", "1,75×", "2×"]
    for value in ("1.25", "1.5", "1.75", "2", "1"):
        speed.select_by_value(value)
        assert browser.execute_script("return arguments[0].playbackRate", audio) == float(value)
    # Keyboard: Tab reaches the buttons, Enter presses them.
    from selenium.webdriver.common.keys import Keys

    browser.execute_script("arguments[0].currentTime = 20", audio)
    wait_for(lambda: abs(current_time(browser, audio) - 20) < 0.5)
    browser.execute_script("arguments[0].focus()", back)
    back.send_keys(Keys.ENTER)
    wait_for(lambda: abs(current_time(browser, audio) - 5) < 0.5, timeout=5, message="Enter on back 15 s did nothing")
    assert not console_errors(browser)


def test_the_current_chapter_is_marked_and_announced(browser, listener_site, audio_fixtures):
    from selenium.webdriver.common.by import By

    base, _ = listener_site
    audio = open_episode(browser, base, "premier")
    live = browser.find_element(By.CSS_SELECTOR, "[aria-live='polite']")
    for index, (start, title) in enumerate(audio_fixtures.chapters):
        browser.execute_script("arguments[0].currentTime = arguments[1]", audio, start + 0.5)

        def marked(index=index):
            links = browser.find_elements(By.CSS_SELECTOR, ".chapters__list a")
            return [i for i, link in enumerate(links) if link.get_attribute("aria-current")] == [index]

        wait_for(marked, timeout=5, message=f"chapter {index} not marked aria-current")
        assert live.text == f"Chapitre en cours : {title}"


def test_the_copy_button_puts_the_feed_address_on_the_clipboard(browser, listener_site):
    from selenium.webdriver.common.by import By

    base, _ = listener_site
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["clipboardReadWrite",
                                                                                        "clipboardSanitizedWrite"]})
    browser.get(f"{base}/podcast/")
    field = browser.find_element(By.ID, "adresse-flux")
    assert field.get_attribute("value") == f"{base}/podcast/feed.xml", "the address is not made absolute"
    button = browser.find_element(By.CSS_SELECTOR, "button[data-copy]")
    assert button.is_displayed()
    click(browser, button)
    status = browser.find_element(By.CSS_SELECTOR, ".feed-copy__status")
    wait_for(lambda: status.text.startswith("Adresse copiée"), timeout=5, message="no confirmation after copying")
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('!' + e))")
    assert copied == f"{base}/podcast/feed.xml"


ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
           "Mobile Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
ALL_CHOICES = ["Apple Podcasts", "Spotify", "AntennaPod", "Pocket Casts", "Overcast", "Podcast Addict",
               "Autre application"]


def subscribe_order(browser, base: str, user_agent: str | None) -> list[tuple[str, bool]]:
    """The subscribe links of the podcast page as a browser with `user_agent` shows them: (name, marked)."""
    own = browser.execute_script("return navigator.userAgent")
    browser.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": user_agent or own})
    try:
        browser.get(f"{base}/podcast/")
        return browser.execute_script(
            "return [].map.call(document.querySelectorAll('ul[data-apps] > li'), function (li) {"
            " return [li.querySelector('a > svg').nextSibling.textContent, li.hasAttribute('data-suggested')]; })")
    finally:
        browser.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": own})


def test_the_visitors_system_comes_first(browser, listener_site):
    base, _ = listener_site
    # A computer that is no Mac: the page's order, nothing marked.
    assert subscribe_order(browser, base, None) == [[name, False] for name in ALL_CHOICES]
    android = subscribe_order(browser, base, ANDROID)
    assert android[:3] == [["AntennaPod", True], ["Pocket Casts", True], ["Podcast Addict", True]]
    iphone = subscribe_order(browser, base, IPHONE)
    assert iphone[:3] == [["Apple Podcasts", True], ["Pocket Casts", True], ["Overcast", True]]
    for shown in (android, iphone):  # every link stays, the others in the page's order
        assert sorted(name for name, _ in shown) == sorted(ALL_CHOICES)
        assert [name for name, marked in shown if not marked] == [n for n in ALL_CHOICES if [n, True] not in shown]
    assert not console_errors(browser)


def test_without_javascript_everything_is_still_there(tmp_path, listener_site):
    from selenium.webdriver.common.by import By

    base, _ = listener_site
    driver = chromium(tmp_path / "profile", javascript=False)
    try:
        driver.get(f"{base}/podcast/premier/")
        assert not driver.find_element(By.CSS_SELECTOR, ".player__controls").is_displayed()
        assert not driver.find_element(By.CSS_SELECTOR, "button[data-copy]").is_displayed()
        field = driver.find_element(By.ID, "adresse-flux")
        assert field.is_displayed() and field.get_attribute("readonly") is not None
        assert field.get_attribute("value").endswith("podcast/feed.xml")
        # Every subscribe link is there, in the page's order, each a plain link.
        links = driver.find_elements(By.CSS_SELECTOR, "ul[data-apps] a")
        assert [link.get_attribute("href").split(":")[0] for link in links] == [
            "https", "https", "https", "pktc", "overcast", "podcastaddict", "podcast"]
        assert all(link.is_displayed() for link in links)
        # A cue link leads to the audio file at its time (a media fragment).
        cue = driver.find_elements(By.CSS_SELECTOR, ".transcript__cues a")[1]
        assert cue.get_attribute("href").endswith("podcasts/media/premier.mp3#t=2.6")
        # The whole menu shows at 320 px, wrapped, without the button.
        set_viewport(driver, 320)
        menu = driver.find_elements(By.CSS_SELECTOR, ".site-nav li a")
        assert menu and all(link.is_displayed() for link in menu)
        assert not driver.find_element(By.CSS_SELECTOR, ".site-nav__toggle").is_displayed()
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 320
    finally:
        driver.quit()


def test_the_menu_folds_behind_a_button_on_a_phone(browser, listener_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, _ = listener_site
    set_viewport(browser, 320)
    try:
        browser.get(f"{base}/")
        toggle = browser.find_element(By.CSS_SELECTOR, ".site-nav__toggle")
        first = browser.find_element(By.CSS_SELECTOR, ".site-nav li a")
        assert toggle.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
        assert not first.is_displayed()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and first.is_displayed()
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 320
        toggle.send_keys(Keys.ESCAPE)
        assert toggle.get_attribute("aria-expanded") == "false" and not first.is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(f"{base}/")
    assert not browser.find_element(By.CSS_SELECTOR, ".site-nav__toggle").is_displayed(), "a wide screen shows the menu"


# --- the repository's own site ---------------------------------------------------------------

@pytest.fixture(scope="module")
def repository_site(repository_output):
    with serve(repository_output) as base:
        yield base, repository_output


def test_nothing_scrolls_sideways_at_320_px(browser, repository_site, listener_site):
    base, output = repository_site
    episode_page = sorted((output / "podcast").glob("*/index.html"))[-1].relative_to(output).parent.as_posix()
    article = sorted((output / "actualites").glob("*/index.html"))[-1].relative_to(output).parent.as_posix()
    listener_base, _ = listener_site
    pages = [f"{base}/", f"{base}/podcast/", f"{base}/{episode_page}/", f"{base}/{article}/",
             f"{listener_base}/podcast/premier/", f"{listener_base}/podcast/deuxieme/"]
    set_viewport(browser, 320)
    try:
        for url in pages:
            browser.get(url)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            assert width <= 320, f"{url}: {width}px wide at 320px"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def page_weight(output: Path, html_file: Path) -> int:
    """Bytes of the page and of the stylesheets and scripts it loads from the site."""
    html = html_file.read_text(encoding="utf-8")
    page_url = "/" + html_file.relative_to(output).as_posix()
    loaded = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html)
    total = len(html.encode("utf-8"))
    for href in set(loaded):
        target = output / urljoin(page_url, href).split("#")[0].split("?")[0].lstrip("/")
        if target.is_relative_to(output / "pagefind"):
            continue  # the search index's own bundle, written by Pagefind: outside the budget, as the issue says
        assert target.is_file(), f"{page_url}: {href} not found"
        total += target.stat().st_size
    return total


def test_every_page_fits_the_budget(repository_site):
    _, output = repository_site
    weights = {p.relative_to(output).as_posix(): page_weight(output, p) for p in site_pages(output)}
    assert weights
    heavy = {path: weight for path, weight in weights.items() if weight > PAGE_BUDGET}
    assert not heavy, f"pages over {PAGE_BUDGET} bytes of HTML, CSS and JavaScript: {heavy}"
    ours = sum(f.stat().st_size for f in (PROJECT / "theme" / "static" / "js").glob("*.js"))
    assert ours <= JS_BUDGET, f"our JavaScript weighs {ours} bytes"


# --- accessibility: axe-core in the browser --------------------------------------------------

AXE = node_modules() / "axe-core" / "axe.min.js"
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  results => done(results.violations.map(v => [v.id, v.help, v.nodes.map(n => n.target.join(" "))])),
  error => done([["axe", String(error), []]]));
"""


def first_page_of_type(output: Path, folder: str, og_type: str) -> str:
    """The first page under `folder` whose Open Graph type is `og_type` (an article, an episode)."""
    for path in sorted((output / folder).glob("*/index.html")):
        if lxml_html.parse(str(path)).xpath(f"//meta[@property='og:type'][@content='{og_type}']"):
            return path.parent.relative_to(output).as_posix() + "/"
    raise AssertionError(f"no page of type {og_type} under {folder}/")


def axe_violations(browser, url: str) -> list:
    browser.get(url)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    return browser.execute_async_script(RUN_AXE)


# The repository's own pages (its real articles and episodes; a local build, so no app links) and the
# small site's /podcast/ and episode page, built with an absolute SITEURL: its subscribe block lists
# the directory pages of PODCAST_PLATFORMS and every app link. The search page has two search forms.
@pytest.mark.parametrize("site, page", [("repository", "home"), ("repository", "article"), ("repository", "podcast"),
                                        ("repository", "episode"), ("repository", "search"), ("listener", "podcast"),
                                        ("listener", "episode")])
def test_axe_finds_no_violation(browser, repository_site, listener_site, site, page):
    assert AXE.is_file(), f"{AXE} absent: npm ci installs it (package-lock.json)"
    base, output = repository_site if site == "repository" else listener_site
    path = {"home": "", "podcast": "podcast/", "search": "recherche/",
            "article": first_page_of_type(output, "actualites", "article"),
            "episode": first_page_of_type(output, "podcast", "article") if site == "repository" else "podcast/premier/"}[page]
    browser.set_script_timeout(60)
    violations = axe_violations(browser, f"{base}/{path}")
    assert violations == [], path
    if site == "listener" and page in ("podcast", "episode"):  # the subscribe block was on the page checked
        links = browser.execute_script("return [].map.call(document.querySelectorAll('ul[data-apps] a'), a => a.href)")
        assert PLATFORMS["apple"] in links and any(link.startswith("https://antennapod.org/") for link in links)
