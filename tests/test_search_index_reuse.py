"""Pagefind runs only when the pages changed: a rebuild with the same pages takes the previous index."""

from __future__ import annotations

import gzip
from pathlib import Path

from sitebuild import build_site, copy_content, tree_digest

from plugins.search.indexing import INPUTS_FILE

ARTICLE = "2023-01-bilan-2022.md"


def indexed_text(output: Path) -> str:
    """Every fragment of the index (gzip-compressed JSON of each page's text), as text."""
    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                   for path in (output / "pagefind" / "fragment").iterdir())


def test_same_pages_keep_their_index_and_a_changed_page_is_indexed_again(tmp_path):
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content)
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


def test_an_incomplete_previous_index_is_rebuilt(tmp_path):
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content)
    fragments = sorted((output / "pagefind" / "fragment").iterdir())
    fragments[0].unlink()  # someone tidied the output by hand
    assert (output / "pagefind" / INPUTS_FILE).is_file()

    build_site(output, content=content)
    assert sorted((output / "pagefind" / "fragment").iterdir()) == fragments
