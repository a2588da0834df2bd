"""Build the site with Pelican and report content problems the way an editor can read them.

`pelican` itself prints a Python traceback for any error, even a missing title in an episode.
This runs the same build through Pelican's API: content and settings problems (the errors our
plugins raise, each naming the file and the field) are printed as a plain list and the command
exits with status 1. A real bug still shows its traceback.

    python scripts/build_site.py [-s publishconf.py] [-o output] [--autoreload]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

PROJECT = Path(__file__).resolve().parent.parent
# The base classes of the exceptions our plugins raise for problems an editor must fix (by class
# name: the plugin modules are imported by Pelican from PLUGIN_PATHS, under names we do not control).
EDITOR_ERRORS = {"PodcastError", "ContentReadingError"}


def is_editor_error(error: BaseException) -> bool:
    return any(cls.__name__ in EDITOR_ERRORS for cls in type(error).__mro__)


def build(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    content: str | None = None,
    delete_output: bool = False,
) -> int:
    """Build once. Returns 0, or 1 after printing the problems an editor must fix."""
    override = {"DELETE_OUTPUT_DIRECTORY": True} if delete_output else {}
    if output:
        override["OUTPUT_PATH"] = os.path.abspath(output)
    if content:
        override["PATH"] = os.path.abspath(content)
    try:
        settings = read_settings(str(PROJECT / settings_file), override=override)
        Pelican(settings).run()
    except Exception as error:
        if not is_editor_error(error):
            raise
        print(f"\nÉchec de la construction du site.\n{error}", file=sys.stderr)
        return 1
    return 0


def watch(settings_file: str, output: str | None, content: str | None) -> None:
    """Rebuild when content, theme, plugins or settings change; a failed build waits for a fix."""
    watched = [PROJECT / name for name in ("content", "theme", "plugins", "pelicanconf.py", settings_file)]

    def snapshot():
        return {
            path: path.stat().st_mtime_ns
            for root in watched
            for path in ([root] if root.is_file() else root.rglob("*"))
            if path.is_file()
        }

    seen = None
    while True:
        current = snapshot()
        if current != seen:
            seen = current
            build(settings_file, output, content)
            print("En attente de modifications… (Ctrl-C pour arrêter)")
        time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit le site de la Cité de l'IA.")
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="fichier de réglages")
    parser.add_argument("-o", "--output", help="dossier de sortie (par défaut : OUTPUT_PATH)")
    parser.add_argument("-c", "--content", help="dossier du contenu (par défaut : PATH, soit content/)")
    parser.add_argument("--delete-output", action="store_true", help="vider le dossier de sortie avant")
    parser.add_argument("--autoreload", action="store_true", help="reconstruire à chaque modification")
    parser.add_argument("-v", "--verbose", action="store_true", help="afficher les messages d'information")
    args = parser.parse_args(argv)
    init_logging(level=logging.INFO if args.verbose else logging.WARNING)
    if args.autoreload:
        try:
            watch(args.settings, args.output, args.content)
        except KeyboardInterrupt:
            return 0
    return build(args.settings, args.output, args.content, args.delete_output)


if __name__ == "__main__":
    sys.exit(main())
