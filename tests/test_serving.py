"""Serving the site locally as production does: `invoke serve` and `invoke livereload`, run for real.

Each task runs as `python -m invoke …` in a copy of the repository's site under tmp_path, on a free
port of 127.0.0.1 (OPEN_BROWSER=0), and is stopped at the end of the module. Both answer byte
ranges (the audio player and the chapter links seek with them) and send the podcast files' content
types. In headless Chromium: a chapter link seeks the player under `serve`; under `livereload`, a
broken episode puts the French problem list on the open page, and fixing it brings the episode back.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, loaded_player, seeks_after_click, wait_for
from invoke_tasks import Running, free_port, invoke
from sitebuild import copy_project, tree_digest

from plugins.serving import content_type, problems_page

AUDIO = "podcasts/media/s1e01.mp3"  # in output/, as the episode pages link it
TOLERANCE = 0.5  # seconds


# --- the tasks, running ----------------------------------------------------------------------


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body; an HTTP error status is an answer too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def answers(base: str) -> bool:
    try:
        return get(base + "/")[0] == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="module")
def served(tmp_path_factory, measured_audio_cache):
    """`invoke serve` on the repository's site, built first with `invoke build`."""
    project = copy_project(tmp_path_factory.mktemp("serve") / "site", audio_cache=measured_audio_cache)
    built = invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    (project / "output" / "essai.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nÉté\n", encoding="utf-8")
    task = Running(project, "serve", port=free_port())
    try:
        task.wait_for(lambda: answers(task.base), "the served site")
        yield task, project
    finally:
        task.stop()


@pytest.fixture(scope="module")
def live(tmp_path_factory, measured_audio_cache):
    """`invoke livereload` on its own copy of the site (its first build is its own)."""
    project = copy_project(tmp_path_factory.mktemp("livereload") / "site", audio_cache=measured_audio_cache)
    task = Running(project, "livereload", port=free_port())
    try:
        task.wait_for(lambda: answers(task.base), "the first build, served", timeout=60)
        yield task, project
    finally:
        task.stop()


@pytest.fixture(params=["serve", "livereload"])
def server(request):
    """Either task: (base URL, the output folder it serves)."""
    task, project = request.getfixturevalue("served" if request.param == "serve" else "live")
    return task.base, project / "output"


# --- HTTP: byte ranges and content types ---------------------------------------------------------


def test_a_whole_file_says_it_accepts_ranges(server):
    base, output = server
    status, headers, body = get(f"{base}/{AUDIO}")
    assert status == 200
    assert headers["accept-ranges"] == "bytes"
    assert body == (output / AUDIO).read_bytes()


@pytest.mark.parametrize(("header", "first", "last"), [
    ("bytes=0-99", 0, 99),
    ("bytes=100-", 100, None),
    ("bytes=-50", -50, None),
])
def test_a_byte_range_answers_206_with_exactly_those_bytes(server, header, first, last):
    base, output = server
    data = (output / AUDIO).read_bytes()
    size = len(data)
    start = first % size
    end = size - 1 if last is None else last
    status, headers, body = get(f"{base}/{AUDIO}", {"Range": header})
    assert status == 206, header
    assert headers["content-range"] == f"bytes {start}-{end}/{size}"
    assert int(headers["content-length"]) == end - start + 1
    assert headers["accept-ranges"] == "bytes"
    assert headers["content-type"] == "audio/mpeg"
    assert body == data[start:end + 1]


def test_a_range_past_the_end_answers_416(server):
    base, output = server
    size = (output / AUDIO).stat().st_size
    status, headers, body = get(f"{base}/{AUDIO}", {"Range": f"bytes={size}-"})
    assert status == 416
    assert headers["content-range"] == f"bytes */{size}"
    assert body == b""


@pytest.mark.parametrize(("path", "expected"), [
    ("podcasts/media/s1e01.vtt", "text/vtt; charset=utf-8"),
    ("podcasts/media/s1e02.m4a", "audio/x-m4a"),
    ("podcasts/media/s1e01.opus", "audio/ogg"),
    ("podcasts/media/s1e01.mp3", "audio/mpeg"),
    ("", "text/html; charset=utf-8"),
    ("podcast/feed.xml", "application/xml; charset=utf-8"),
    ("favicon.svg", "image/svg+xml; charset=utf-8"),
    ("robots.txt", "text/plain; charset=utf-8"),
])
def test_content_types_are_production_ones(server, path, expected):
    base, output = server
    assert (output / path if path else output / "index.html").is_file(), path
    status, headers, _ = get(f"{base}/{path}")
    assert (status, headers["content-type"]) == (200, expected)


def test_subtitles_srt_and_stylesheets_are_text_in_utf8(served):
    task, _ = served
    status, headers, body = get(f"{task.base}/essai.srt")
    assert (status, headers["content-type"]) == (200, "application/x-subrip; charset=utf-8")
    assert "Été" in body.decode("utf-8")
    assert content_type("theme/css/site.css") == "text/css; charset=utf-8"
    assert content_type("a/b.SRT") == "application/x-subrip; charset=utf-8"


def test_a_missing_page_answers_404_with_the_sites_page(served):
    task, project = served
    status, headers, body = get(f"{task.base}/pas-de-page-ici/")
    assert status == 404
    assert body == (project / "output" / "404.html").read_bytes()


def test_the_problems_page_escapes_and_lists_each_problem():
    page = problems_page(
        "\nÉchec de la construction du site.\n2 erreurs, rien n'a été écrit :\n"
        "  - content/a.md: Title: <b>vide</b>\n  - content/b.md: Audio: fichier 'x&y.mp3' introuvable\n"
    )
    assert '<html lang="fr">' in page
    assert "<h1>La construction a échoué</h1>" in page
    assert "<li>content/a.md: Title: &lt;b&gt;vide&lt;/b&gt;</li>" in page
    assert "<li>content/b.md: Audio: fichier &#x27;x&amp;y.mp3&#x27; introuvable</li>" in page
    assert "<b>" not in page


# --- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"),
                  arguments=("--autoplay-policy=no-user-gesture-required",)) as driver:
        driver.set_script_timeout(10)
        yield driver


def episode_with_chapters(output: Path) -> str:
    """The path of an episode page of the repository's site that lists chapters."""
    pages = [page for page in sorted((output / "podcast").glob("*/index.html"))
             if "data-start=" in page.read_text(encoding="utf-8")]
    assert pages, "no episode page of the repository's site lists chapters"
    return "/" + pages[0].relative_to(output).parent.as_posix() + "/"


def test_clicking_a_chapter_seeks_the_player_under_serve(browser, served):
    from selenium.webdriver.common.by import By

    task, project = served
    browser.get(task.base + episode_with_chapters(project / "output"))
    audio = loaded_player(browser)
    links = browser.find_elements(By.CSS_SELECTOR, "a[data-start]")
    chapter = next(link for link in links if float(link.get_attribute("data-start")) > 1)
    start = float(chapter.get_attribute("data-start"))
    url_before = browser.current_url
    seeks, position = seeks_after_click(browser, audio, chapter)

    assert browser.current_url == url_before, "the chapter link navigated away instead of seeking"
    assert abs(seeks[0] - start) <= TOLERANCE, f"seeked to {seeks[0]}, the chapter starts at {start}"
    assert abs(position - start) <= TOLERANCE, f"currentTime {position}, the chapter starts at {start}"
    # The browser could seek because the server said so: the audio is served with ranges.
    assert browser.execute_script("return arguments[0].seekable.length", audio) == 1


def test_livereload_shows_the_problems_of_a_failed_build_then_the_site_again(browser, live):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    reloading = (WebDriverException,)  # what the page answers while it reloads: not yet

    task, project = live
    output = project / "output"
    page = episode_with_chapters(output)
    source = project / "content" / "podcasts" / (page.strip("/").split("/")[-1] + ".md")
    assert source.is_file(), f"no content file {source.name} for the page {page}"
    good = source.read_text(encoding="utf-8")

    browser.get(task.base + page)
    title = browser.find_element(By.CSS_SELECTOR, "h1").text
    # livereload.js connects once the page has loaded: only then can the page be told to reload.
    task.wait_for(lambda: "Browser Connected" in task.output(), "the page's livereload connection", timeout=10)
    before = tree_digest(output)

    broken = "\n".join("Audio: media/introuvable.mp3" if line.startswith("Audio:") else line
                       for line in good.splitlines()) + "\n"
    assert broken != good, f"{source.name} has no Audio line"
    source.write_text(broken, encoding="utf-8")
    try:
        heading = wait_for(
            lambda: (browser.find_element(By.CSS_SELECTOR, "h1").text == "La construction a échoué") or None,
            timeout=30, message=f"the page never showed the failed build:\n{task.output()}", ignoring=reloading)
        assert heading
        items = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "main li")]
        relative = source.relative_to(project).as_posix()
        assert any(relative in item and "Audio" in item and "introuvable.mp3" in item for item in items), items
        assert browser.find_elements(By.CSS_SELECTOR, "script[src*='livereload.js']"), "no livereload script"
        status, headers, _ = get(task.base + page, {"Accept": "text/html"})
        assert (status, headers["content-type"]) == (503, "text/html; charset=utf-8")
        assert get(f"{task.base}/{AUDIO}")[0] == 200, "the site's other files are still served"
        assert tree_digest(output) == before, "the failed build changed output/"
    finally:
        source.write_text(good, encoding="utf-8")

    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "h1").text == title,
             timeout=30, message=f"the page never came back after the fix:\n{task.output()}", ignoring=reloading)
    assert browser.find_elements(By.CSS_SELECTOR, "audio"), "the episode page has no player"
    assert get(task.base + page)[0] == 200


def test_livereload_reloads_an_edited_text_in_the_browser_and_shows_a_mistake_in_it(browser, live):
    """In Chromium, through livereload.js: a text edit is applied without a build and the page
    showing it reloads with the new text; a broken link in the text shows the problems page,
    naming the file and the link, until it is fixed."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    reloading = (WebDriverException,)
    task, project = live
    source = project / "content" / "2023-01-bilan-2022.md"
    good = source.read_text(encoding="utf-8")
    slug = next(line.split(":", 1)[1].strip() for line in good.splitlines() if line.startswith("Slug:"))
    connected = task.output().count("Browser Connected")
    browser.get(f"{task.base}/actualites/{slug}/")
    task.wait_for(lambda: task.output().count("Browser Connected") > connected, "the page's livereload connection",
                  timeout=10)
    sentence = "Une phrase ajoutée pendant que le navigateur regarde la page."
    try:
        source.write_text(good + f"\n{sentence}\n", encoding="utf-8")
        wait_for(lambda: sentence in browser.find_element(By.CSS_SELECTOR, "main").text, timeout=30,
                 message=f"the page never showed the new text:\n{task.output()}", ignoring=reloading)
        assert "Texte modifié dans content/2023-01-bilan-2022.md" in task.output()

        source.write_text(good + f"\n{sentence} Voir [l'absent]({{filename}}absent.md).\n", encoding="utf-8")
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "h1").text == "La construction a échoué", timeout=30,
                 message=f"the page never showed the failed build:\n{task.output()}", ignoring=reloading)
        items = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "main li")]
        assert any("content/2023-01-bilan-2022.md" in item and "absent.md" in item for item in items), items
    finally:
        source.write_text(good, encoding="utf-8")
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "h1").text != "La construction a échoué", timeout=30,
             message=f"the page never came back after the fix:\n{task.output()}", ignoring=reloading)
    assert sentence not in browser.find_element(By.CSS_SELECTOR, "main").text
