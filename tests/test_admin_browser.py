"""The real web editor (Decap CMS from node_modules, our header format) under `invoke edit`, in
headless Chromium, on a copy of the project: an article created, an episode created with an
uploaded audio file, a page edited; then `invoke check` passes and the live preview shows them; a
wrong field shows the build's French message; a too large upload is refused in French. One CMS
server for the whole module: every test reads what its one session did.

The screenshots of the editors' guide are taken on the way, into the test's own folder; with
CITE_IA_SCREENSHOTS=docs/images (what `python -m tools.guide_screenshots` sets), into the guide's."""

from __future__ import annotations

import os
import shutil
import signal
import socket
from datetime import datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from browser import chromium, console_errors
from feed_records import items
from invoke_tasks import Running, free_port, invoke, succeeded
from sitebuild import PROJECT, copy_project
from waiting import wait_until

from plugins.admin.settings import DEFAULTS as ADMIN_DEFAULTS
from plugins.new_content import safe_file_name

pytestmark = pytest.mark.slow

CATEGORY = "Entreprises"
# Typed in the form's date fields, by a browser in Paris: one in winter time (UTC+1), one in summer time (UTC+2).
WINTER, SUMMER = "2024-01-15 10:00", "2024-07-15 10:00"
ARTICLE_TITLE = "L'IA à l'atelier : un premier bilan"
EPISODE_TITLE = "Épisode test : la suite"
UPLOADED_NAME = "Épisode test (final).MP3"
PAGE = "a-propos"
UPLOAD_LIMIT = int(ADMIN_DEFAULTS["ADMIN_UPLOAD_LIMIT_MB"]) * 1024 * 1024  # type: ignore[call-overload]
# The editors' guide shows these, in its first chapter (docs/images/, made by python -m tools.guide_screenshots).
GUIDE_SCREENSHOTS = ("editeur-connexion.png", "editeur-accueil.png", "editeur-episode.png", "editeur-probleme.png")


class Editor:
    """The driver on the editor's page, with the few gestures an editor makes."""

    def __init__(self, driver, base: str, project: Path, shots: Path):
        self.driver, self.base, self.project, self.shots = driver, base, project, shots

    def find(self, css: str, timeout: float = 60):
        from selenium.webdriver.common.by import By

        return wait_until(lambda: (self.driver.find_elements(By.CSS_SELECTOR, css) or [None])[0], timeout,
                          message=lambda: f"{css} never appeared: {console_errors(self.driver)}")

    def button(self, text: str, timeout: float = 30):
        from selenium.webdriver.common.by import By

        # Decap's buttons, and its menus' entries (a text in a <span>, no role).
        xpath = f"//*[normalize-space(text())={text!r} or (self::button and normalize-space(.)={text!r})]"
        return wait_until(lambda: next((b for b in self.driver.find_elements(By.XPATH, xpath) if b.is_displayed()), None),
                          timeout, message=lambda: f"no button « {text} » on the page showing:\n{self.shown()}")

    def field(self, name: str):
        return self.find(f"[id^='{name}-field-']")

    def open(self, route: str, first_field: str = "Title") -> None:
        """The form at #/`route`, as a click in the editor opens it: the page is not loaded again
        (that parses its 5 MB of JavaScript anew). The last form's fields linger a moment under the
        same ids, and what is typed would go to them: the new form is the one once they are gone."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.expected_conditions import staleness_of

        target = f"{self.base}#/{route}"
        if self.driver.current_url == target:
            return  # already open: the entry just published shows its saved fields
        last = self.driver.find_elements(By.CSS_SELECTOR, f"[id^='{first_field}-field-']")
        self.driver.execute_script("window.location.hash = arguments[0]", f"#/{route}")
        wait_until(lambda: self.driver.current_url == target and all(staleness_of(field)(self.driver) for field in last), 30,
                   message=lambda: f"the last form stayed after opening {route}:\n{self.shown()}")
        self.field(first_field)

    def saved_as_an_entry(self) -> None:
        """A new entry once published: Decap leaves its #/…/new for the entry's own address. Until
        then, a form opened would be taken back to this one."""
        wait_until(lambda: "/entries/" in self.driver.current_url, 60,
                   message=lambda: f"the published entry stayed at {self.driver.current_url}:\n{self.shown()}")

    def type_date(self, name: str, when: str) -> None:
        """Type a date and time ("2024-01-15 10:00") into a date field, key by key, as an editor does
        in the browser's own picker (headless Chromium's is en-US: month, day, year, then the time
        on 12 hours)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        moment = datetime.strptime(when, "%Y-%m-%d %H:%M")
        picker = f"input[type='datetime-local'][id^='{name}-field-']"
        # The form's own « Effacer » first (a new entry's date is now): typed over, a year mixes its digits.
        self.find(picker).find_element(By.XPATH, "following::button[normalize-space(.)='Effacer'][1]").click()
        picker = wait_until(lambda: (found := self.find(picker)).get_attribute("value") == "" and found, 10,
                            message=f"{name} was not emptied")
        self.driver.execute_script("arguments[0].focus()", picker)  # its first part: the month
        picker.send_keys(moment.strftime("%m%d%Y"), Keys.TAB, moment.strftime("%I%M%p"))
        typed = picker.get_attribute("value")
        assert typed == moment.strftime("%Y-%m-%dT%H:%M"), f"the picker took {typed!r} for {when}"

    def type_body(self, text: str) -> None:
        body = self.find("[data-slate-editor='true'], [id^='body-field-']")
        body.click()
        body.send_keys(text)

    def choose(self, name: str, option: str) -> None:
        from selenium.webdriver.common.keys import Keys

        chooser = self.field(name)
        chooser.send_keys(option)
        chooser.send_keys(Keys.ENTER)

    def publish_new(self) -> None:
        self.button("Publier").click()
        self.button("Publier maintenant").click()

    def publish(self, written: Path, before: bytes) -> bytes:
        """Publish the entry; the bytes of `written` once they changed from `before`."""
        self.publish_new()
        return wait_until(lambda: written.is_file() and (data := written.read_bytes()) != before and data, 60,
                          message=lambda: f"{written} was not saved: {console_errors(self.driver)}")

    def shown(self) -> str:
        """What the page shows, and the console's errors: a failed gesture's diagnosis."""
        text = self.driver.execute_script("return document.body ? document.body.innerText : ''")
        return f"{text[:2000]}\nconsole: {console_errors(self.driver)}"

    def into_view(self, element) -> None:
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)

    def shot(self, name: str) -> None:
        self.driver.save_screenshot(str(self.shots / name))


@pytest.fixture(scope="module")
def session(tmp_path_factory, audio_fixtures, measured_audio_cache):
    """`invoke edit` on a copy of the project, and everything an editor does there, once."""
    root = tmp_path_factory.mktemp("editor")
    project = copy_project(root / "site", audio_cache=measured_audio_cache)
    backend = free_port()
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f'\nADMIN_LOCAL_BACKEND = "http://127.0.0.1:{backend}/api/v1"\n')
    shots = Path(os.environ.get("CITE_IA_SCREENSHOTS") or root / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    before = {path.relative_to(project).as_posix(): path.read_bytes() for path in (project / "content").rglob("*")
              if path.is_file()}
    editor_port = free_port()
    task = Running(project, "edit", "--editor-port", str(editor_port), port=free_port())
    driver = chromium(root / "profile", window_size=(1280, 860), csp_violations=True)
    # The editor's dates are the browser's: a newsroom in Paris.
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Paris"})
    found: dict = {"project": project, "before": before, "shots": shots}
    try:
        task.wait_for(lambda: "Aperçu du site" in task.output(), "the two addresses", timeout=120)
        found["said"] = task.output()
        editor = Editor(driver, f"http://127.0.0.1:{editor_port}/admin/", project, shots)
        driver.get(editor.base)
        editor.button("Se connecter", timeout=60)
        editor.shot(GUIDE_SCREENSHOTS[0])
        editor.button("Se connecter").click()
        editor.find("a[href*='collections/articles/new']")
        editor.shot(GUIDE_SCREENSHOTS[1])
        _edit_page(editor, found)
        _new_article(editor, found)
        _new_episode(editor, found, root, audio_fixtures.plain["mp3"].path)
        # What the preview shows once it rebuilt, and what `invoke check` says.
        output = project / "output"
        wait_until(lambda: (output / "podcast" / found["episode_stem"] / "index.html").is_file()
                   and (output / "actualites" / found["article_slug"] / "index.html").is_file(), 120,
                   message=lambda: f"the preview never showed the new contents:\n{task.output()}")
        found["check"] = invoke(project, "check", timeout=300)
        found["preview_csp"] = driver.execute_script("return window.__csp")
        _wrong_field(editor, found, task.base + "/")
        _ctrl_c(task, found, ports=(backend, editor_port, int(task.base.rsplit(":", 1)[1])))
        yield found
    finally:
        driver.quit()
        task.stop()


def _edit_page(editor: Editor, found: dict) -> None:
    """A page: one field changed."""
    page = editor.project / "content" / "pages" / f"{PAGE}.md"
    editor.open(f"collections/pages/entries/{PAGE}")
    editor.field("Title").send_keys(" (mise à jour)")
    found["page"] = editor.publish(page, page.read_bytes())


def _new_article(editor: Editor, found: dict) -> None:
    """A new article, in a category in use."""
    editor.open("collections/articles/new")
    editor.field("Title").send_keys(ARTICLE_TITLE)
    editor.type_date("Date", WINTER)
    editor.choose("Category", CATEGORY)
    editor.field("Tags").send_keys("atelier, bilan")
    editor.type_body("Un premier bilan des ateliers de la Cité.")
    editor.publish_new()
    found["article"] = wait_until(lambda: _new_files(editor.project, found["before"], "content/*.md"), 60,
                                  message=lambda: f"no article saved; the page shows:\n{editor.shown()}")
    found["article_slug"] = found["article"][0].stem.split("-", 2)[2]
    editor.saved_as_an_entry()


def _new_episode(editor: Editor, found: dict, root: Path, audio: Path) -> None:
    """A new episode, its audio uploaded from the editor's computer (a too large file first)."""
    upload = root / UPLOADED_NAME
    shutil.copy(audio, upload)
    big = root / "trop-lourd.mp3"
    with big.open("wb") as sparse:  # one byte over the limit, written in no time
        sparse.truncate(UPLOAD_LIMIT + 1)
    editor.open("collections/episodes/new")
    editor.field("Title").send_keys(EPISODE_TITLE)
    editor.type_date("Date", SUMMER)
    editor.button("Choisir un fichier").click()
    editor.find("input[type=file]").send_keys(str(big))
    alert = wait_until(lambda: _alert(editor.driver), 30, message="no refusal of the large file")
    found["too_large"] = alert.text
    alert.accept()
    editor.find("input[type=file]").send_keys(str(upload))
    editor.button("Choisir les éléments sélectionnés").click()  # the uploaded file comes selected
    editor.field("Persons").send_keys("Ana Martin (invitée)")
    editor.field("Chapters").send_keys("00:00 Début")
    editor.into_view(editor.field("Title"))
    editor.shot(GUIDE_SCREENSHOTS[2])
    editor.publish_new()
    # The entry and its upload are two files the local backend writes one after the other: both awaited.
    saved = wait_until(lambda: _saved_with_its_upload(editor.project, found["before"]), 60,
                       message=lambda: f"no episode and its audio saved; the page shows:\n{editor.shown()}")
    found["episode"], media = saved
    editor.saved_as_an_entry()
    found["episode_stem"] = found["episode"][0].stem
    found["media"] = [path.name for path in media]


def _wrong_field(editor: Editor, found: dict, preview: str) -> None:
    """A wrong field: the build's French message, in the live preview."""
    episode = found["episode"][0]
    editor.open(f"collections/episodes/entries/{found['episode_stem']}")
    from selenium.webdriver.common.keys import Keys

    editor.field("Chapters").send_keys(Keys.END, Keys.ENTER, "le débat")
    editor.publish(episode, episode.read_bytes())
    found["problem_page"] = wait_until(lambda: _failure_page(preview), 120, message=lambda: episode.read_text(encoding='utf-8'))
    editor.driver.get(preview)
    editor.shot(GUIDE_SCREENSHOTS[3])


def _ctrl_c(task: Running, found: dict, ports: tuple[int, ...]) -> None:
    """Ctrl+C in the terminal: SIGINT to the task's whole process group, as a terminal sends it."""
    os.killpg(task.process.pid, signal.SIGINT)
    found["exit"] = wait_until(lambda: task.process.poll() is not None and (task.process.returncode,), 30,
                               message=lambda: f"invoke edit did not stop on Ctrl+C:\n{task.output()}")[0]
    found["stopped_said"] = task.output()
    found["still_listening"] = [port for port in ports if _listening(port)]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _alert(driver):
    from selenium.common.exceptions import NoAlertPresentException

    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None


def _text(url: str) -> str:
    """The page's HTML, whatever its status (the problems page answers 503)."""
    try:
        with urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except HTTPError as error:
        return error.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _failure_page(url: str) -> str | None:
    text = _text(url)
    return text if "La construction a échoué" in text else None


def _new_files(project: Path, before: dict, pattern: str) -> list[Path]:
    return sorted(p for p in project.glob(pattern) if p.relative_to(project).as_posix() not in before)


def _saved_with_its_upload(project: Path, before: dict) -> tuple[list[Path], list[Path]] | None:
    """The new episode files and the new media files, once there are both."""
    entries = _new_files(project, before, "content/podcasts/*.md")
    uploads = _new_files(project, before, "content/podcasts/media/*")
    return (entries, uploads) if entries and uploads else None


def test_edit_prints_both_addresses_in_french_and_binds_locally(session):
    said = session["said"]
    assert "Éditeur web : http://127.0.0.1:" in said and "/admin/" in said
    assert "Aperçu du site : http://127.0.0.1:" in said and "Ctrl+C pour arrêter les deux." in said


def test_ctrl_c_stops_the_editor_and_the_preview(session):
    assert session["exit"] == 0, session["stopped_said"]
    assert session["stopped_said"].rstrip().endswith("Éditeur et aperçu arrêtés."), session["stopped_said"]
    assert session["still_listening"] == [], "decap-server, the editor and the preview no longer listen"
    assert "Traceback" not in session["stopped_said"]


def test_a_page_edited_changes_its_one_line(session):
    before = session["before"][f"content/pages/{PAGE}.md"].decode("utf-8").splitlines(keepends=True)
    after = session["page"].decode("utf-8").splitlines(keepends=True)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [(before[0], before[0].rstrip("\n") + " (mise à jour)\n")]


def test_a_new_article_is_the_file_a_person_writes(session):
    [article] = session["article"]
    text = article.read_text(encoding="utf-8")
    assert text.startswith(f"Title: {ARTICLE_TITLE}\nDate: 20")
    assert f"\nCategory: {CATEGORY}\nTags: atelier, bilan\n" in text
    assert text.endswith("\n\nUn premier bilan des ateliers de la Cité.\n")
    assert '"' not in text.split("\n\n")[0], "no quoted value"


def test_dates_typed_in_winter_and_summer_are_saved_and_published_as_paris_time(session):
    """No hour gained or lost: the file says what the editor typed, the site reads it as Paris time."""
    article, episode = session["article"][0], session["episode"][0]
    assert f"\nDate: {WINTER}\n" in article.read_text(encoding="utf-8")
    assert f"\nDate: {SUMMER}\n" in episode.read_text(encoding="utf-8")
    output = session["project"] / "output"
    page = (output / "actualites" / session["article_slug"] / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-01-15T10:00:00+01:00">' in page
    feed = (output / "podcast" / "feed.xml").read_bytes()
    item = next(i for i in items(feed) if i.findtext("title") == EPISODE_TITLE)
    assert item.findtext("pubDate") == "Mon, 15 Jul 2024 10:00:00 +0200"


def test_a_new_episode_gets_its_safe_audio_name_and_a_guid(session):
    [episode] = session["episode"]
    text = episode.read_text(encoding="utf-8")
    safe = safe_file_name(Path(UPLOADED_NAME).stem, Path(UPLOADED_NAME).suffix)
    assert session["media"] == [safe]
    assert f"\nAudio: media/{safe}\n" in text
    assert text.startswith(f"Title: {EPISODE_TITLE}\n")
    guid = next(line for line in text.splitlines() if line.startswith("Guid: "))
    assert len(guid.removeprefix("Guid: ")) == 36
    assert "\nSeason: 2\n" in text and "Ana Martin (invitée)" in text


def test_check_passes_and_the_preview_shows_what_was_written(session):
    assert succeeded(session["check"])
    output = session["project"] / "output"
    episode_page = (output / "podcast" / session["episode_stem"] / "index.html").read_text(encoding="utf-8")
    assert "Épisode test : la suite" in episode_page and "Ana Martin" in episode_page
    assert "Début" in episode_page, "the chapter written in the form"
    pages = [p.read_text(encoding="utf-8") for p in output.glob("actualites/*/index.html")]
    assert any("L'IA à l'atelier : un premier bilan" in page.replace("&#39;", "'") for page in pages)
    assert "À propos (mise à jour)" in (output / PAGE / "index.html").read_text(encoding="utf-8")
    assert session["preview_csp"] == [], "the editor's page keeps to its policy"


def test_a_wrong_field_shows_the_builds_french_message(session):
    page = session["problem_page"]
    assert f"content/podcasts/{session['episode_stem']}.md: Chapters:" in page
    assert "format attendu « 00:00 Titre »" in page.replace("&#171;", "«").replace("&#187;", "»")


def test_a_file_over_the_limit_is_refused_in_french(session):
    said = session["too_large"]
    assert "trop volumineux" in said and f"{UPLOAD_LIMIT // 1000} kB" in said, said  # Decap's kB are 1000 bytes


def test_the_guides_screenshots_are_taken_here_and_committed(session):
    guide = (PROJECT / "docs" / "guide-editeur.md").read_text(encoding="utf-8")
    for name in GUIDE_SCREENSHOTS:
        taken = session["shots"] / name
        assert taken.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{taken}: not a PNG"
        committed = PROJECT / "docs" / "images" / name
        assert committed.is_file() and committed.stat().st_size < 200_000, f"{committed}: run python -m tools.guide_screenshots"
        assert f"](images/{name})" in guide, f"the guide does not show {name}"
