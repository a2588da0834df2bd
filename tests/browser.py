"""Headless Chromium for the browser tests: Debian's Chromium and its driver (apt-get install
chromium chromium-driver), driven by selenium. The sites they open are served by `local_http.serve`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from waiting import wait_until as wait_for

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# A quiet, reproducible browser: no network of its own, no first-run pages, no sound.
ARGUMENTS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    "--mute-audio", "--hide-scrollbars",
)


# Registered before any page script: the Content-Security-Policy violations of the page itself, and of
# anything it loads, in window.__csp.
LISTEN_FOR_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
}, true);
"""


def chromium(profile: Path, *, javascript: bool = True, window_size: tuple[int, int] = (1280, 900),
             arguments: tuple[str, ...] = (), csp_violations: bool = False):
    """A selenium driver for headless Chromium with its profile in `profile`, keeping the console log
    (see `console_errors`); with `csp_violations`, every page lists its policy violations in
    `window.__csp`. Use it as a context manager, or call `quit()`."""
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
    if csp_violations:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN_FOR_VIOLATIONS})
    return driver


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
