"""Each content's URL is computed once per build (plugins.fixed_urls): the written site is the
one Pelican writes without it, byte for byte, drafts, hidden pages and addresses set in the front
matter included.

Each build runs in a process of its own: Pelican's signals outlive a build, so a plugin registered
once in a process would take part in every later build of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import fresh_python
from sitebuild import PROJECT, copy_content, settings_file, tree_digest

EXTRA = {
    "brouillon.md": "Title: Un brouillon\nDate: 2023-05-02\nCategory: Vie de la Cité\nStatus: draft\n\nPas encore.\n",
    "pages/cachee.md": "Title: Une page cachée\nStatus: hidden\n\nÀ part.\n",
    "pages/ailleurs.md": "Title: Ailleurs\nSlug: ailleurs\nSave_as: autre/endroit.html\nUrl: autre/endroit.html\n\nIci.\n",
}


def build_in_a_new_process(folder: Path, content: Path, name: str, *, fixed_urls: bool) -> Path:
    settings = settings_file(
        folder / f"{name}.py", f"CACHE_PATH = {str(folder / (name + '-cache'))!r}", "SEARCH_INDEX = False",
        *([] if fixed_urls else ['PLUGINS = [p for p in PLUGINS if p != "plugins.fixed_urls"]']))
    output = folder / name
    done = fresh_python.run([sys.executable, "-m", "plugins.build", "-s", str(settings), "-c", str(content), "-o", str(output)],
                          cwd=PROJECT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return output


def test_the_site_is_the_one_pelican_writes_without_it(tmp_path):
    content = copy_content(tmp_path / "content")
    for name, text in EXTRA.items():
        (content / name).write_text(text, encoding="utf-8")
    fixed = build_in_a_new_process(tmp_path, content, "fixed", fixed_urls=True)
    plain = build_in_a_new_process(tmp_path, content, "plain", fixed_urls=False)
    assert (fixed / "autre" / "endroit.html").is_file() and (fixed / "brouillons").is_dir()
    assert tree_digest(fixed) == tree_digest(plain)
