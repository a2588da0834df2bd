"""Pagefind runs only when the pages changed: a rebuild with the same pages takes the previous index.

The pages' digest is taken as Pelican's writer writes them: a rebuild reads none back, and a page
changed afterwards, or an HTML file the writer did not write, still counts."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2 import Environment
from pelican import signals
from pelican.settings import read_settings
from sitebuild import PROJECT, build_site, copy_content, tree_digest

from plugins.search.indexing import INPUTS_FILE
from plugins.search.page_digests import WrittenPages, digesting_writer, pages_digest

ARTICLE = "2023-01-bilan-2022.md"


def indexed_text(output: Path) -> str:
    """Every fragment of the index (gzip-compressed JSON of each page's text), as text."""
    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                   for path in (output / "pagefind" / "fragment").iterdir())


def test_same_pages_keep_their_index_and_a_changed_page_is_indexed_again(tmp_path, measured_audio_cache):
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content, audio_cache=measured_audio_cache)
    first = tree_digest(output / "pagefind")
    entry = (output / "pagefind" / "pagefind.js").stat().st_ino

    build_site(output, content=content)  # nothing changed: the same index, the same files (hard links)
    assert tree_digest(output / "pagefind") == first
    assert (output / "pagefind" / "pagefind.js").stat().st_ino == entry

    with (content / ARTICLE).open("a", encoding="utf-8") as stream:
        stream.write("\nUn mot rare pour la recherche : ornithorynque.\n")
    build_site(output, content=content)
    assert "ornithorynque" in indexed_text(output)
    assert tree_digest(output / "pagefind") != first


def test_an_incomplete_previous_index_is_rebuilt(tmp_path, measured_audio_cache):
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content, audio_cache=measured_audio_cache)
    fragments = sorted((output / "pagefind" / "fragment").iterdir())
    fragments[0].unlink()  # someone tidied the output by hand
    assert (output / "pagefind" / INPUTS_FILE).is_file()

    build_site(output, content=content)
    assert sorted((output / "pagefind" / "fragment").iterdir()) == fragments


# --- The pages' digest, taken as the writer writes them ------------------------------------------

ARTICLE_PAGE = "actualites/bilan-2022-en-chiffres/index.html"


def _open_pages_for_reading(event: str, args: tuple) -> None:
    if _pages_read is not None and event == "open" and isinstance(args[0], str) and args[0].endswith(".html"):
        mode = args[1] if isinstance(args[1], str) else ""
        if args[0].startswith(_pages_read[0]) and "r" in mode and "+" not in mode:
            _pages_read.append(args[0])


_pages_read: list[str] | None = None  # [folder of the output and its staging folder, pages opened for reading…]
sys.addaudithook(_open_pages_for_reading)  # audit hooks cannot be removed: this one only listens while asked to


def pagefind_ran(output: Path, entry_before: int) -> bool:
    """A reused index is hard-linked from the previous one; Pagefind writes new files."""
    return (output / "pagefind" / "pagefind.js").stat().st_ino != entry_before


def test_a_rebuild_reads_no_page_back_to_know_its_index_is_still_good(tmp_path, measured_audio_cache):
    global _pages_read
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content, audio_cache=measured_audio_cache)
    entry = (output / "pagefind" / "pagefind.js").stat().st_ino
    _pages_read = [str(tmp_path / ".output")]  # output/ and .output.staging-PID beside it
    try:
        build_site(output, content=content)
        read = _pages_read[1:]
    finally:
        _pages_read = None
    assert not pagefind_ran(output, entry)
    # Every page's digest was taken as Pelican's writer wrote it. The web editor's page is written by
    # its own generator (plugins/admin), not the writer: it may be read back, whichever tests this
    # process ran before (a build that reused the site leaves it as it was).
    assert [path for path in read if f"{os.sep}admin{os.sep}" not in path] == []


# What a plugin run after the writer does to a page (test_a_page_changed_after_it_was_written_…).
_change_page: Callable[[Path], None] | None = None


def _change_written_page(path: str, context: dict | None = None) -> None:
    if _change_page is not None and path.endswith(ARTICLE_PAGE):
        _change_page(Path(path))


def add_rare_word(page: Path) -> None:
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>ornithorynque</p></article>", 1), encoding="utf-8")


def same_size_later(page: Path) -> None:
    """Bytes changed, size kept, modification time one second later (an edit a little after writing)."""
    text = page.read_bytes()
    stat = page.stat()
    page.write_bytes(text.replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("change", [add_rare_word, same_size_later])
def test_a_page_changed_after_it_was_written_makes_pagefind_run(tmp_path, measured_audio_cache, change):
    global _change_page
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content, audio_cache=measured_audio_cache)
    entry = (output / "pagefind" / "pagefind.js").stat().st_ino
    signals.content_written.connect(_change_written_page)
    _change_page = change
    try:
        build_site(output, content=content, FULL_REBUILD=True)  # every page written again, then changed
    finally:
        _change_page = None
        signals.content_written.disconnect(_change_written_page)
    assert pagefind_ran(output, entry)
    if change is add_rare_word:
        assert "ornithorynque" in indexed_text(output)


def test_a_static_html_file_counts_in_the_pages_digest(tmp_path, measured_audio_cache):
    content = copy_content(tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    static_page = theme / "static" / "aide.html"  # copied as it is, never through Pelican's writer
    static_page.write_text("<!doctype html><html lang=\"fr\"><title>Aide</title><p>Version 1</p></html>\n")
    output = build_site(tmp_path / "output", content=content, audio_cache=measured_audio_cache, THEME=str(theme))
    entry = (output / "pagefind" / "pagefind.js").stat().st_ino
    build_site(output, content=content, THEME=str(theme))
    assert not pagefind_ran(output, entry)

    static_page.write_text("<!doctype html><html lang=\"fr\"><title>Aide</title><p>Version 2</p></html>\n")
    build_site(output, content=content, THEME=str(theme))
    assert pagefind_ran(output, entry)


def test_the_digest_of_written_pages_is_the_digest_of_their_bytes(tmp_path):
    """Pelican's writer with ours in place: the digest noted while writing equals the one read from disk."""
    site = tmp_path / "site"
    written: WrittenPages = {}
    writer = digesting_writer(written)(str(site), settings=read_settings(override={"OUTPUT_PATH": str(site)}))
    template = Environment().from_string("<!doctype html><html><p>{{ text }}</p></html>\n")
    writer.write_file("a/index.html", template, {"text": "Élan, ça"}, relative_urls=False)
    writer.write_file("b/index.html", template, {"text": "deux"}, relative_urls=False)
    (site / "c.html").write_text("<p>copié</p>\n", encoding="utf-8")  # not through the writer
    assert sorted(os.path.relpath(path, site) for path in written) == ["a/index.html", "b/index.html"]

    noted = pages_digest(str(site), "pagefind", written)
    assert noted == pages_digest(str(site), "pagefind", {})
    same_size_later(site / "b" / "index.html")  # after the writer: the noted digest no longer counts
    assert pages_digest(str(site), "pagefind", written) == pages_digest(str(site), "pagefind", {}) != noted
