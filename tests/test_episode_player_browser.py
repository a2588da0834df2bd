"""The episode page in a real browser: a chapter link seeks the page's player.

Headless Chromium through selenium, on a site served over HTTP by the standard library (with byte
ranges, as every real web server does: without them a browser cannot seek in an audio file).
The repository's own pages are checked too: stylesheet applied, no overflow on a phone, no console error.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser import console_errors, horizontal_overflow, loaded_player, seeks_after_click, wait_for
from local_http import serve
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT

TOLERANCE = 0.5  # seconds


# --- a small podcast site whose episode has chapters with a known truth -----------------------

@pytest.fixture(scope="module")
def chapter_site(tmp_path_factory, audio_fixtures):
    site = PodcastSite(tmp_path_factory.mktemp("player"))
    shutil.copytree(PROJECT / "content" / "extra", site.content / "extra")  # favicon.svg, robots.txt
    site.add_audio("chapitres.mp3", audio_fixtures.tagged["mp3"].path)  # carries audio_fixtures.chapters
    site.add_episode(
        "avec-chapitres",
        **episode("Un épisode à chapitres", "2023-05-07 10:00", "media/chapitres.mp3", Season=1, Episode=1),
    )
    output = site.build(SITEURL="", RELATIVE_URLS=True)
    with serve(output) as base:
        yield base, output


def test_chapter_links_work_without_javascript(chapter_site, audio_fixtures):
    """Without the script, each chapter link opens the audio file at its start (a media fragment)."""
    _, output = chapter_site
    html = (output / "podcast" / "avec-chapitres" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)" data-start="([^"]+)"', html)
    assert len(hrefs) == len(audio_fixtures.chapters)
    for (href, start), (truth, _title) in zip(hrefs, audio_fixtures.chapters, strict=True):
        media, _, fragment = href.partition("#")
        assert media.endswith("chapitres.mp3")
        assert fragment.startswith("t=") and abs(float(fragment[2:]) - truth) < 0.01
        assert abs(float(start) - truth) < 0.01


def test_clicking_a_chapter_seeks_the_player(browser, chapter_site, audio_fixtures):
    base, _ = chapter_site
    browser.get(f"{base}/podcast/avec-chapitres/")
    from selenium.webdriver.common.by import By

    audio = loaded_player(browser, message="the audio element never loaded its metadata (is the MP3 served?)")
    chapters = browser.find_elements(By.CSS_SELECTOR, "#chapitres ~ ol a, .chapters a")
    assert len(chapters) == len(audio_fixtures.chapters), "the page does not list every chapter"
    start = audio_fixtures.chapters[1][0]
    assert chapters[1].text.startswith("00:02"), chapters[1].text

    url_before = browser.current_url
    seeks, position = seeks_after_click(browser, audio, chapters[1])

    assert browser.current_url == url_before, "the chapter link navigated away instead of seeking"
    assert abs(seeks[0] - start) <= TOLERANCE, f"seeked to {seeks[0]}, chapter starts at {start}"
    assert abs(position - start) <= TOLERANCE, f"currentTime {position}, chapter starts at {start}"
    errors = console_errors(browser)
    assert not errors, errors


# --- the repository's own site ------------------------------------------------------------

@pytest.fixture(scope="module")
def repository_site(repository_output):
    with serve(repository_output) as base:
        yield base, repository_output


def first_episode_path(output: Path) -> str:
    """An episode page of the repository's site, one with chapters if there is one."""
    pages = sorted((output / "podcast").glob("*/index.html"))
    assert pages, "the repository's site has no episode page"
    with_chapters = [p for p in pages if "data-start=" in p.read_text(encoding="utf-8")]
    chosen = (with_chapters or pages)[0]
    return "/" + chosen.relative_to(output).parent.as_posix() + "/"


def test_home_and_episode_pages_render_cleanly(browser, repository_site):
    base, output = repository_site
    episode_path = first_episode_path(output)
    browser.get_log("browser")  # drop what earlier tests left
    for path in ("/", episode_path, "/podcast/"):
        browser.get(base + path)
        wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
        # The stylesheet applied (the header is dark), and nothing overflows a phone's width.
        header_bg = browser.execute_script(
            "return getComputedStyle(document.querySelector('body > header')).backgroundColor")
        assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), f"{path}: the stylesheet did not apply"
        overflow = horizontal_overflow(browser, 390)
        assert overflow <= 0, f"{path}: {overflow}px wider than a 390px phone screen"
        errors = console_errors(browser)
        assert not errors, f"{path}: {errors}"
