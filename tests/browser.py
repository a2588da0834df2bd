"""Headless Chromium for the browser tests, and the local web server they open the built sites on.

Debian's Chromium and its driver (apt-get install chromium chromium-driver), driven by selenium; the
site is served over HTTP by the standard library with byte ranges, as every real web server does:
without them a browser cannot seek in an audio file.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# A quiet, reproducible browser: no network of its own, no first-run pages, no sound.
ARGUMENTS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    "--mute-audio", "--hide-scrollbars",
)


def chromium(profile: Path, *, javascript: bool = True, window_size: tuple[int, int] = (1280, 900),
             arguments: tuple[str, ...] = ()):
    """A selenium driver for headless Chromium with its profile in `profile`, keeping the console log
    (see `console_errors`). Use it as a context manager, or call `quit()`."""
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
    width, height = window_size
    for argument in (*ARGUMENTS, f"--window-size={width},{height}", f"--user-data-dir={profile}", *arguments):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait_for(condition: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05, message: str = "",
             ignoring: tuple[type[Exception], ...] = ()):
    """`condition()`'s first true value within `timeout` seconds; the test fails with `message` otherwise.
    Exceptions of the `ignoring` types count as false (a page being reloaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except ignoring:
            value = None
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or "timed out", pytrace=False)


def console_errors(driver) -> list[str]:
    """The console's errors since the last call (reading the log empties it)."""
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


def loaded_player(driver, selector: str = "audio", message: str = "the audio element never loaded its metadata"):
    """The page's audio element, once it knows its duration."""
    from selenium.webdriver.common.by import By

    audio = driver.find_element(By.CSS_SELECTOR, selector)
    wait_for(lambda: driver.execute_script("return arguments[0].readyState", audio) >= 1, message=message)
    return audio


def seeks_after_click(driver, audio, link) -> tuple[list[float], float]:
    """Click `link` (a chapter or cue link); returns where the player seeked to, and its position once paused."""
    driver.execute_script(
        "window.__seeks = []; arguments[0].addEventListener('seeked', e => window.__seeks.push(e.target.currentTime));",
        audio,
    )
    link.click()
    seeks = wait_for(lambda: driver.execute_script("return window.__seeks"), timeout=5,
                     message="clicking the chapter did not seek the player")
    position = driver.execute_script("arguments[0].pause(); return arguments[0].currentTime", audio)
    return seeks, position


# --- a local web server that honours Range requests ------------------------------------------

class RangeRequestHandler(SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus single byte ranges ("Range: bytes=a-b") and the podcast's types, quiet."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".opus": "audio/ogg", ".vtt": "text/vtt",
                      ".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".svg": "image/svg+xml"}
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


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` (which may not exist yet) on 127.0.0.1, a free port, in a thread; yields the
    base URL ("http://127.0.0.1:PORT") and stops the server on leaving."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RangeRequestHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
