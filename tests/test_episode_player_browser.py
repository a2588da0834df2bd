"""The episode page in a real browser: a chapter link seeks the page's player.

Headless Chromium through selenium, on a site served over HTTP by the standard library (with byte
ranges, as every real web server does: without them a browser cannot seek in an audio file).
The repository's own pages are checked too: stylesheet applied, no overflow on a phone, no console error.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT, build_site

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
TOLERANCE = 0.5  # seconds


# --- a local web server that honours Range requests ------------------------------------------

class RangeRequestHandler(SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus single byte ranges ("Range: bytes=a-b"), quiet."""

    _range: tuple[int, int] | None = None

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):
        self._range = None
        header = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not header or os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
        size = os.path.getsize(path)
        if not match or (not match.group(1) and not match.group(2)):
            return super().send_head()
        if match.group(1):
            start = int(match.group(1))
            end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
        else:  # "bytes=-500": the last 500 bytes
            start, end = max(size - int(match.group(2)), 0), size - 1
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        file = open(path, "rb")  # noqa: SIM115 - closed by the base class after copyfile()
        file.seek(start)
        self._range = (start, end)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return file

    def copyfile(self, source, outputfile):
        if self._range is None:
            return super().copyfile(source, outputfile)
        remaining = self._range[1] - self._range[0] + 1
        while remaining > 0:
            chunk = source.read(min(64 * 1024, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)


def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 (random port) in a thread; returns (base URL, server)."""
    handler = functools.partial(RangeRequestHandler, directory=str(directory))
    handler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".opus": "audio/ogg", ".vtt": "text/vtt",
                              ".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".svg": "image/svg+xml"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


# --- the browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: the browser tests need Debian's Chromium and its driver "
            "(apt-get install chromium chromium-driver)",
            pytrace=False,
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--mute-audio", "--hide-scrollbars", "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait_for(condition, timeout: float = 10.0, interval: float = 0.05, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or "timed out", pytrace=False)


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def set_viewport(driver, width: int, height: int = 900) -> None:
    """Emulate a viewport (a phone below 600 px), whatever the window around it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def horizontal_overflow(driver, width: int) -> int:
    set_viewport(driver, width)
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return overflow


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
    base, server = serve(output)
    yield base, output
    server.shutdown()
    server.server_close()


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

    audio = browser.find_element(By.CSS_SELECTOR, "audio")
    wait_for(lambda: browser.execute_script("return arguments[0].readyState", audio) >= 1,
             message="the audio element never loaded its metadata (is the MP3 served?)")
    browser.execute_script(
        "window.__seeks = []; arguments[0].addEventListener('seeked', e => window.__seeks.push(e.target.currentTime));",
        audio,
    )
    chapters = browser.find_elements(By.CSS_SELECTOR, "#chapitres ~ ol a, .chapters a")
    assert len(chapters) == len(audio_fixtures.chapters), "the page does not list every chapter"
    start = audio_fixtures.chapters[1][0]
    assert chapters[1].text.startswith("00:02"), chapters[1].text

    url_before = browser.current_url
    chapters[1].click()
    seeks = wait_for(lambda: browser.execute_script("return window.__seeks"), timeout=5,
                     message="clicking the chapter did not seek the player")
    position = browser.execute_script("arguments[0].pause(); return arguments[0].currentTime", audio)

    assert browser.current_url == url_before, "the chapter link navigated away instead of seeking"
    assert abs(seeks[0] - start) <= TOLERANCE, f"seeked to {seeks[0]}, chapter starts at {start}"
    assert abs(position - start) <= TOLERANCE, f"currentTime {position}, chapter starts at {start}"
    errors = console_errors(browser)
    assert not errors, errors


# --- the repository's own site ------------------------------------------------------------

@pytest.fixture(scope="module")
def repository_site(tmp_path_factory):
    output = build_site(tmp_path_factory.mktemp("repository") / "output")
    base, server = serve(output)
    yield base, output
    server.shutdown()
    server.server_close()


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
