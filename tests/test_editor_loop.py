"""The editor's loop (`--autoreload`): a text edit rewrites only the pages that show the text.

Each test builds the repository's site (a private copy of content/) the way `watch()` does, in one
process: `build()`, the files the watcher saw change (`note_changes`), `build()` again. A text edit
is applied in the process without a Pelican run (plugins/editor_loop/text_edit.py); any other change
is a whole build. Whatever the rebuild skips, its output must be the output a full build gives, byte
for byte (the search index aside: Pagefind indexes a whole site, it is refreshed by the next full build).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sitebuild import PROJECT, copy_content, relocate_audio_cache, settings_file, tree_digest

from plugins.build import build
from plugins.editor_loop.hooks import note_changes

PARTIAL = "Texte modifié dans"
ARTICLE = "2023-01-bilan-2022.md"
OTHER_ARTICLE_PAGE = "actualites/expedition-tallinn-mai-2023/index.html"  # does not list the article above
EPISODE = "podcasts/00-bande-annonce.md"

_audio_opened: list[str] = []
_watching_audio = False


def _note_audio(event: str, args: tuple) -> None:
    if _watching_audio and event == "open" and isinstance(args[0], str) and args[0].endswith((".mp3", ".m4a")):
        _audio_opened.append(args[0])


sys.addaudithook(_note_audio)  # audit hooks cannot be removed: this one only listens while asked to


def settings_for(folder: Path, content: Path, output: str = "output") -> Path:
    return settings_file(folder / f"conf-{output}.py", f"PATH = {str(content)!r}",
                         f"OUTPUT_PATH = {str(folder / output)!r}", f"CACHE_PATH = {str(folder / 'cache')!r}")


@pytest.fixture
def site(tmp_path, capsys, measured_audio_cache):
    """A built copy of the repository's site, as the watcher's first build leaves it (its audio
    measured before, as on an editor's machine)."""
    content = copy_content(tmp_path / "content")
    relocate_audio_cache(measured_audio_cache, tmp_path / "cache", content)
    settings = settings_for(tmp_path, content)
    assert rebuild(settings) == 0  # the watcher's first build: no change noted yet
    capsys.readouterr()
    return tmp_path, content, settings


def rebuild(settings: Path, *changed: Path) -> int:
    note_changes(str(path) for path in changed)
    return build(str(settings))


def without_search_index(digest: dict[str, str]) -> dict[str, str]:
    return {path: value for path, value in digest.items() if not path.startswith("pagefind/")}


def full_build_of(folder: Path, content: Path) -> dict[str, str]:
    """What a build from scratch (a new process would do one) gives for the same content."""
    assert build(str(settings_for(folder, content, output="full"))) == 0
    return without_search_index(tree_digest(folder / "full"))


def identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def add_sentence(path: Path, sentence: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f"\n{sentence}\n")


def test_a_text_edit_rewrites_only_the_pages_that_show_it_and_gives_the_full_builds_site(site, capsys):
    folder, content, settings = site
    output = folder / "output"
    untouched = identity(output / OTHER_ARTICLE_PAGE)
    search_index = tree_digest(output / "pagefind")

    add_sentence(content / ARTICLE, "Une phrase toute neuve, écrite pendant la prévisualisation.")
    assert rebuild(settings, content / ARTICLE) == 0

    said = capsys.readouterr().out
    assert f"{PARTIAL} content/{ARTICLE} :" in said and "pages réécrites" in said
    page = (output / "actualites/bilan-2022-en-chiffres/index.html").read_text(encoding="utf-8")
    assert "Une phrase toute neuve" in page
    assert identity(output / OTHER_ARTICLE_PAGE) == untouched, "a page that does not show the article was rewritten"
    assert tree_digest(output / "pagefind") == search_index  # kept whole, not replaced by a partial index
    assert without_search_index(tree_digest(output)) == full_build_of(folder, content)


def test_an_episode_text_edit_opens_no_audio_file_and_matches_a_full_build(site, capsys):
    global _watching_audio
    folder, content, settings = site
    add_sentence(content / EPISODE, "Une précision ajoutée aux notes de l'épisode.")
    _audio_opened.clear()
    _watching_audio = True
    try:
        assert rebuild(settings, content / EPISODE) == 0
    finally:
        _watching_audio = False
    assert f"{PARTIAL} content/{EPISODE} :" in capsys.readouterr().out
    assert _audio_opened == []
    feed = (folder / "output/podcast/feed.xml")
    assert "Une précision ajoutée" in feed.read_text(encoding="utf-8")  # the feed carries the notes
    assert without_search_index(tree_digest(folder / "output")) == full_build_of(folder, content)


@pytest.mark.parametrize("change", ["title", "summary", "new file", "deleted file", "template"])
def test_any_other_change_rebuilds_the_whole_site(site, capsys, change):
    folder, content, settings = site
    output = folder / "output"
    untouched = identity(output / OTHER_ARTICLE_PAGE)
    if change in ("title", "summary"):
        changed = content / ARTICLE
        field = "Title: " if change == "title" else "Summary: "
        changed.write_text(changed.read_text(encoding="utf-8").replace(field, f"{field}Nouveau : ", 1), encoding="utf-8")
    elif change == "deleted file":
        changed = content / "2023-02-gouvernance-nouveaux-membres.md"  # no other file links to it
        changed.unlink()
    elif change == "new file":
        changed = content / "2023-06-nouvel-article.md"
        changed.write_text("Title: Un nouvel article\nDate: 2023-06-20\nCategory: Actualités\n\nSon texte.\n",
                           encoding="utf-8")
    else:  # the theme changed: nothing tells which pages it shows
        changed = PROJECT / "theme/templates/article.html"
    assert rebuild(settings, changed) == 0
    assert PARTIAL not in capsys.readouterr().out
    assert identity(output / OTHER_ARTICLE_PAGE) != untouched
    assert without_search_index(tree_digest(output)) == full_build_of(folder, content)


def test_a_body_that_gives_the_summary_rewrites_the_lists_that_show_it(tmp_path, capsys):
    content = copy_content(tmp_path / "content")
    article = content / ARTICLE
    header, body = article.read_text(encoding="utf-8").split("\n\n", 1)
    # Without a Summary field, the lists show the start of the body (SUMMARY_MAX_LENGTH words).
    article.write_text("\n".join(line for line in header.splitlines() if not line.startswith("Summary:"))
                       + "\n\n" + body, encoding="utf-8")
    settings = settings_for(tmp_path, content)
    note_changes(())
    assert build(str(settings)) == 0
    capsys.readouterr()

    opening = "Une ouverture réécrite pendant la prévisualisation."
    header, body = article.read_text(encoding="utf-8").split("\n\n", 1)
    article.write_text(f"{header}\n\n{opening}\n\n{body}", encoding="utf-8")
    assert rebuild(settings, article) == 0
    assert PARTIAL in capsys.readouterr().out
    output = tmp_path / "output"
    lists = [page for page in output.rglob("*.html") if opening in page.read_text(encoding="utf-8")
             and page.parent.name != "bilan-2022-en-chiffres"]
    assert lists, "no list shows the new start of the article"

    # A second edit in a row starts from what the first left in the process (a build of another
    # output in this process, as full_build_of does, would start afresh: compared after both).
    add_sentence(article, "Et une phrase de plus, à la fin.")
    assert rebuild(settings, article) == 0
    assert PARTIAL in capsys.readouterr().out
    assert without_search_index(tree_digest(output)) == full_build_of(tmp_path, content)


def test_a_mistake_in_the_edit_leaves_the_output_and_the_next_build_is_whole(site, capsys):
    folder, content, settings = site
    output = folder / "output"
    before = tree_digest(output)
    article = content / ARTICLE
    original = article.read_text(encoding="utf-8")
    add_sentence(article, "Voir [l'autre article]({filename}absent.md).")
    assert rebuild(settings, article) == 1
    assert "absent.md" in capsys.readouterr().err
    assert tree_digest(output) == before

    # Fixed: the failed build proved nothing about the output, so this one writes everything.
    article.write_text(original + "\nCorrigé.\n", encoding="utf-8")
    untouched = identity(output / OTHER_ARTICLE_PAGE)
    assert rebuild(settings, article) == 0
    assert PARTIAL not in capsys.readouterr().out
    assert identity(output / OTHER_ARTICLE_PAGE) != untouched
    assert without_search_index(tree_digest(output)) == full_build_of(folder, content)


def test_the_autoreload_command_shows_an_edit_with_a_partial_rebuild(tmp_path):
    content = copy_content(tmp_path / "content")
    settings = settings_for(tmp_path, content)
    watcher = subprocess.Popen(
        [sys.executable, "-m", "plugins.build", "-s", str(settings), "--autoreload"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue = queue.Queue()
    assert watcher.stdout is not None
    threading.Thread(target=lambda: [lines.put(line) for line in watcher.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        seen = _read_until(lines, "En attente de modifications", timeout=120)
        assert "Site construit" in seen
        add_sentence(content / ARTICLE, "Ajoutée pendant que le serveur tourne.")
        seen = _read_until(lines, "prochaine construction complète", timeout=120)
        assert f"{PARTIAL} content/{ARTICLE}" in seen
        page = tmp_path / "output/actualites/bilan-2022-en-chiffres/index.html"
        assert "Ajoutée pendant que le serveur tourne." in page.read_text(encoding="utf-8")
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def _read_until(lines: queue.Queue, marker: str, timeout: float) -> str:
    """The watcher's output up to the line holding `marker` (lines come from a reading thread)."""
    seen, deadline = "", time.monotonic() + timeout
    while marker not in seen:
        try:
            seen += lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"« {marker} » never came; the watcher said:\n{seen}") from None
    return seen
