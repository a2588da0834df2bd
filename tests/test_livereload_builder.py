"""`invoke livereload` and `invoke regenerate` keep one build process alive between builds, run for real.

The builder (`python -m plugins.build --autoreload`) is the editor's loop: a text edit rewrites only
the pages that show it, two files saved at once are both rebuilt, and the browsers showing a page it
rewrote are told to reload that page (livereload's `reload` command with its path), as livereload.js
receives it; any other build reloads every page. An edited plugin must run as edited: the builder starts itself anew. A builder
that cannot even start (a plugin module that no longer parses) shows its traceback in the browser
and comes back at the next change. Stopping the server stops its builder.
"""

from __future__ import annotations

import os
import signal
import socket
import uuid
from pathlib import Path

import pytest
from invoke_tasks import Running, free_port, invoke
from sitebuild import copy_project
from waiting import wait_until

from tools.bench.live import LivereloadClient, get_page

WAITING = "En attente de modifications"


def get(url: str) -> tuple[int, str]:
    return get_page(url, timeout=5)


@pytest.fixture(scope="module")
def live(tmp_path_factory, measured_audio_cache):
    project = copy_project(tmp_path_factory.mktemp("livereload-builder") / "site", audio_cache=measured_audio_cache)
    task = Running(project, "livereload", port=free_port())
    try:
        task.wait_for(lambda: get(task.base + "/")[0] == 200, "the first build, served", timeout=60)
        yield task, project
    finally:
        task.stop()


def builds_done(task: Running) -> int:
    return task.output().count(WAITING)


def next_build(task: Running, before: int, what: str) -> None:
    task.wait_for(lambda: builds_done(task) > before, what, timeout=60)


def article_page(project: Path, sentence: str) -> Path:
    """The one page of output/ that carries `sentence`."""
    pages = [page for page in (project / "output").rglob("*.html") if sentence in page.read_text(encoding="utf-8")]
    assert len(pages) == 1, pages
    return pages[0]


def slug_of(article: Path) -> str:
    return next(line.split(":", 1)[1].strip() for line in article.read_text(encoding="utf-8").splitlines()
                if line.startswith("Slug:"))


def test_two_texts_saved_at_once_rewrite_only_their_pages_and_reload_the_browser(live):
    task, project = live
    articles = sorted((project / "content").glob("20*.md"))[:2]
    assert len(articles) == 2
    sentences = [f"Phrase ajoutée {uuid.uuid4().hex}." for _ in articles]
    untouched = project / "output" / "podcast" / "index.html"  # shows no article
    untouched_written = untouched.stat().st_mtime_ns
    shown = f"/actualites/{slug_of(articles[0])}/"
    reloads = LivereloadClient(task.base, shown)
    try:
        before = builds_done(task)
        for article, sentence in zip(articles, sentences, strict=True):
            article.write_text(article.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        command = reloads.next_command()
        assert command["command"] == "reload" and command["path"] == shown, command
        status, body = get(task.base + shown)  # what the browser reloads
        assert status == 200 and sentences[0] in body
        task.wait_for(lambda: all(any(sentence in page.read_text(encoding="utf-8")
                                      for page in (project / "output").rglob("*.html")) for sentence in sentences),
                      "both edited texts in output/")
    finally:
        reloads.close()
    next_build(task, before, "the rebuild")
    said = task.output()
    assert "Texte modifié dans" in said, said
    for sentence in sentences:
        page = article_page(project, sentence)
        url = task.base + "/" + page.relative_to(project / "output").parent.as_posix() + "/"
        status, body = get(url)
        assert status == 200 and sentence in body, url
    assert untouched.stat().st_mtime_ns == untouched_written, "a page that shows neither text was rewritten"


def test_a_text_edit_reloads_only_the_pages_it_rewrote_and_a_title_edit_reloads_every_page(live):
    task, project = live
    article = sorted((project / "content").glob("20*.md"))[-1]
    shown = f"/actualites/{slug_of(article)}/"
    on_the_page, elsewhere = LivereloadClient(task.base, shown), LivereloadClient(task.base, "/a-propos/")
    try:
        sentence = f"Phrase ajoutée {uuid.uuid4().hex}."
        article.write_text(article.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        assert on_the_page.next_command() == {"command": "reload", "path": shown, "liveCSS": True, "liveImg": True}
        assert sentence in get(task.base + shown)[1]
        # A title shows on lists and neighbours' pages: the whole site is built, every page reloaded.
        # The other page's first command is that one: the text edit did not reload it.
        title = f"Titre{uuid.uuid4().hex}"
        article.write_text(article.read_text(encoding="utf-8").replace("Title: ", f"Title: {title} ", 1),
                           encoding="utf-8")
        assert elsewhere.next_command(timeout=60)["path"] == "*"
        assert on_the_page.next_command(timeout=60)["path"] == "*"
        assert title in get(task.base + shown)[1]
    finally:
        on_the_page.close()
        elsewhere.close()


def test_an_edited_plugin_runs_as_edited(live):
    task, project = live
    plugin = project / "plugins" / "french_dates" / "__init__.py"
    original = plugin.read_text(encoding="utf-8")
    mark = f"greffon-relu-{uuid.uuid4().hex}"
    try:
        before = builds_done(task)
        plugin.write_text(original + f"\nimport sys\nprint({mark!r}, file=sys.stderr)\n", encoding="utf-8")
        task.wait_for(lambda: mark in task.output(), "the plugin imported anew", timeout=60)
        next_build(task, before, "the build with the edited plugin")
        assert "Code modifié (plugins/french_dates/__init__.py)" in task.output()
        assert get(task.base + "/")[0] == 200
    finally:
        before = builds_done(task)
        plugin.write_text(original, encoding="utf-8")
        next_build(task, before, "the build after the plugin was put back")


def test_a_builder_that_cannot_start_shows_why_then_comes_back_at_the_next_change(live):
    task, project = live
    module = project / "plugins" / "build.py"
    original = module.read_text(encoding="utf-8")
    try:
        module.write_text(original + "\nbroken = (\n", encoding="utf-8")
        task.wait_for(lambda: get(task.base + "/")[0] == 503, "the problems page")
        status, page = get(task.base + "/")
        assert "La construction a échoué" in page and "SyntaxError" in page, page
        assert "Il repartira à la prochaine modification." in task.output()
    finally:
        module.write_text(original, encoding="utf-8")
    task.wait_for(lambda: get(task.base + "/")[0] == 200, "the site again", timeout=60)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_stopping_the_server_stops_its_builder(tmp_path, measured_audio_cache):
    project = copy_project(tmp_path / "site", audio_cache=measured_audio_cache)
    task = Running(project, "livereload", port=free_port())
    try:
        task.wait_for(lambda: get(task.base + "/")[0] == 200, "the first build, served", timeout=60)
        builders = children(task.process.pid)
        assert len(builders) == 1, builders
        os.kill(task.process.pid, signal.SIGTERM)  # the server alone, as `kill PID` does
        task.process.wait(timeout=20)
        wait_until(lambda: not Path(f"/proc/{builders[0]}").exists(), message="the builder outlived its server")
    finally:
        task.stop()


def test_regenerate_runs_an_edited_plugin_as_edited(tmp_path, measured_audio_cache):
    project = copy_project(tmp_path / "site", audio_cache=measured_audio_cache)
    task = Running(project, "regenerate")
    try:
        task.wait_for(lambda: builds_done(task) >= 1, "the first build", timeout=60)
        plugin = project / "plugins" / "french_dates" / "__init__.py"
        mark = f"greffon-relu-{uuid.uuid4().hex}"
        plugin.write_text(plugin.read_text(encoding="utf-8") + f"\nimport sys\nprint({mark!r}, file=sys.stderr)\n",
                          encoding="utf-8")
        task.wait_for(lambda: mark in task.output(), "the plugin imported anew", timeout=60)
        task.wait_for(lambda: task.output().rfind(WAITING) > task.output().find(mark), "the build after it", timeout=60)
        assert "Site construit" in task.output()[task.output().find(mark):]
    finally:
        task.stop()


def test_a_taken_port_is_said_before_anything_is_built(tmp_path):
    project = copy_project(tmp_path / "site")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = invoke(project, "livereload", "--port", str(port), "--bind", "127.0.0.1", timeout=60)
    assert done.returncode == 1
    assert f"Impossible d'écouter sur 127.0.0.1:{port}" in done.stderr + done.stdout
    assert "Site construit" not in done.stdout and not (project / "output").exists()
