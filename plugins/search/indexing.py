"""Runs Pagefind (the binary of the `pagefind[bin]` package) on the written site.

Pagefind reads the HTML pages, keeps what is inside `data-pagefind-body` (the articles, pages and
episodes: the theme marks their main content), detects the language from `<html lang="fr">` and
writes its index and its JS API (pagefind.js, which the search page imports) into SEARCH_BUNDLE_DIR.
It is a separate program: run as `python -m pagefind` with the build's own interpreter, so the
version pinned in requirements.txt is the one used. Whatever goes wrong is returned as one French line, never raised.
"""

from __future__ import annotations

import os
import subprocess
import sys


def index_site(site: str, bundle_dir: str, timeout: float) -> list[str]:
    """Index the site at `site` (written, not yet swapped in); the problems, in French."""
    command = [sys.executable, "-m", "pagefind", "--site", site, "--output-subdir", bundle_dir, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return [f"Recherche : Pagefind n'a pas fini d'indexer le site en {timeout:.0f} s (SEARCH_TIMEOUT) ; "
                "relancez la construction, ou augmentez SEARCH_TIMEOUT"]
    except OSError as error:
        return [f"Recherche : Pagefind n'a pas pu être lancé ({error.strerror or error})"]
    said = (done.stdout + "\n" + done.stderr).strip()
    if done.returncode != 0:
        if "No module named pagefind" in said:
            return ["Recherche : le programme Pagefind n'est pas installé ; "
                    "installez les dépendances : .venv/bin/pip install -r requirements.txt"]
        last = said.splitlines()[-1] if said else f"code de sortie {done.returncode}"
        return [f"Recherche : Pagefind n'a pas pu indexer le site ({last})"]
    if not os.path.isfile(os.path.join(site, bundle_dir, "pagefind.js")):
        return [f"Recherche : Pagefind n'a écrit aucun index dans {bundle_dir}/ ({said or 'sans rien dire'})"]
    return []
