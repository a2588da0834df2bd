"""Decap CMS's files, from the npm registry through the committed package-lock.json: installed by
the project's own build command (`npm ci`, when node_modules/ lacks a package of package.json at
its pinned version: the editor's, or the tests' tools), never from a CDN.

Only the browser bundle is published: decap-cms.js, the chunks it loads on demand (N.decap-cms.js)
and its WebAssembly files; not its source maps, not the second copy named cms.js."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .. import PLUGINS_FOLDER

PROJECT = PLUGINS_FOLDER.parent
# The tests point every build at the checkout's node_modules (a copy of the project has none).
NODE_MODULES_VARIABLE = "CITE_IA_NODE_MODULES"
BUNDLE = "decap-cms/dist"
MAIN_FILE = "decap-cms.js"
# `invoke edit`'s local backend: writes the editor's saves into the working tree (MODE=fs).
LOCAL_SERVER = "decap-server/dist/index.js"
NPM_CI_SECONDS = 900


def node_modules(project: Path = PROJECT) -> Path:
    return Path(os.environ.get(NODE_MODULES_VARIABLE) or project / "node_modules")


def bundle_files(project: Path = PROJECT) -> list[Path]:
    """The files to publish under the editor's folder; [] when Decap CMS is not installed."""
    folder = node_modules(project) / BUNDLE
    if not (folder / MAIN_FILE).is_file():
        return []
    # The name first: the folder holds some 300 other files (source maps, licences), not worth a stat each.
    return sorted(path for path in folder.iterdir() if (
        path.name == MAIN_FILE or path.name.endswith("." + MAIN_FILE) or path.suffix == ".wasm") and path.is_file())


def local_server(project: Path = PROJECT) -> Path | None:
    path = node_modules(project) / LOCAL_SERVER
    return path if path.is_file() else None


def missing_note(project: Path = PROJECT) -> str:
    return ("Éditeur web (/admin/) non construit : Decap CMS n'est pas installé "
            f"({_shown(node_modules(project) / BUNDLE, project)}/ absent). Installez Node.js et npm "
            "(sudo apt-get install nodejs npm), puis relancez : la construction l'installera (npm ci). "
            "Le reste du site est construit.")


def installed(project: Path = PROJECT) -> bool:
    """Every package package.json names (dependencies and devDependencies) is in node_modules/ at
    its pinned version: a checkout installed before a package was added gets it at its next build."""
    try:
        manifest = json.loads((project / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return bool(bundle_files(project))
    pinned = {**manifest.get("dependencies", {}), **manifest.get("devDependencies", {})}
    return all(_installed_version(node_modules(project) / name) == version for name, version in pinned.items())


def _installed_version(package: Path) -> str | None:
    try:
        return json.loads((package / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def install_if_missing(project: Path = PROJECT) -> str | None:
    """`npm ci` in the project when its node_modules/ lacks a package of package.json and npm is
    there; None, or why it failed (without npm, the build's generator says what to install)."""
    if node_modules(project) != project / "node_modules" or installed(project):
        return None
    npm = shutil.which("npm")
    if npm is None or not (project / "package-lock.json").is_file():
        return None
    print("Installation de l'éditeur web (npm ci, une fois : une minute environ)…", flush=True)
    try:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=project,
                              capture_output=True, text=True, timeout=NPM_CI_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Éditeur web : npm ci n'a pas abouti ({error}). " + missing_note(project)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"Éditeur web : npm ci a échoué ({last}). " + missing_note(project)
    return None


def _shown(path: Path, project: Path) -> str:
    try:
        return str(path.relative_to(project))
    except ValueError:
        return str(path)
