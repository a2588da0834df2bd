"""Runs Pagefind (the binary of the `pagefind[bin]` package) on the written site.

Pagefind reads the HTML pages, keeps what is inside `data-pagefind-body` (the articles, pages and
episodes: the theme marks their main content), detects the language from `<html lang="fr">` and
writes its index and its JS API (pagefind.js, which the search page imports) into SEARCH_BUNDLE_DIR.
It is a separate program: the binary of the `pagefind_bin` package installed beside the build's own
interpreter, so the version pinned in requirements.txt is the one used. Whatever goes wrong is
returned as one French line, never raised.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from pelican.plugins.podcast.files import link_or_copy

# Beside the index: what it was built from. A build whose pages are the same takes the previous index.
INPUTS_FILE = "pages.sha256"


def index_site(site: str, bundle_dir: str, timeout: float) -> list[str]:
    """Index the site at `site` (written, not yet swapped in); the problems, in French."""
    try:
        # The binary itself, not `python -m pagefind`: that launcher is a second Python start
        # (about 70 ms of CPU) only to exec the same binary.
        from pagefind_bin import get_executable

        executable = str(get_executable())
    except (ImportError, FileNotFoundError):
        return ["Recherche : le programme Pagefind n'est pas installé ; "
                "installez les dépendances : .venv/bin/pip install -r requirements.txt"]
    command = [executable, "--site", site, "--output-subdir", bundle_dir, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return [f"Recherche : Pagefind n'a pas fini d'indexer le site en {timeout:.0f} s (SEARCH_TIMEOUT) ; "
                "relancez la construction, ou augmentez SEARCH_TIMEOUT"]
    except OSError as error:
        return [f"Recherche : Pagefind n'a pas pu être lancé ({error.strerror or error})"]
    said = (done.stdout + "\n" + done.stderr).strip()
    if done.returncode != 0:
        last = said.splitlines()[-1] if said else f"code de sortie {done.returncode}"
        return [f"Recherche : Pagefind n'a pas pu indexer le site ({last})"]
    if not os.path.isfile(os.path.join(site, bundle_dir, "pagefind.js")):
        return [f"Recherche : Pagefind n'a écrit aucun index dans {bundle_dir}/ ({said or 'sans rien dire'})"]
    return []


def reuse_index(previous_site: str, site: str, bundle_dir: str, digest: str) -> bool:
    """Take the previous site's index when it was built from the same pages (hard links, else copies).

    Pagefind gives the same index for the same pages: running it again (seconds on a large site)
    would only rewrite the same files. The index must also be whole: every file it had, same size.
    """
    previous = os.path.join(previous_site, bundle_dir)
    try:
        with open(os.path.join(previous, INPUTS_FILE), encoding="utf-8") as stream:
            noted, *files = stream.read().splitlines()
        whole = all(os.path.getsize(os.path.join(previous, path)) == int(size)
                    for size, path in (line.split(" ", 1) for line in files))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if noted != digest or not files or not whole:
        return False
    target = os.path.join(site, bundle_dir)
    try:
        shutil.copytree(previous, target, copy_function=link_or_copy)
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def note_inputs(site: str, bundle_dir: str, digest: str) -> None:
    """Beside a new index: the digest of its pages, and each of its files with its size."""
    bundle = os.path.join(site, bundle_dir)
    files = sorted(os.path.relpath(os.path.join(folder, name), bundle)
                   for folder, _, names in os.walk(bundle) for name in names if name != INPUTS_FILE)
    with open(os.path.join(bundle, INPUTS_FILE), "w", encoding="utf-8") as stream:
        stream.write(digest + "\n" + "".join(f"{os.path.getsize(os.path.join(bundle, path))} {path}\n" for path in files))
