"""The build command: Pelican through its API, problems printed as one French list, no traceback.

`pelican content` prints a Python traceback for any exception, even a missing title. This runs the
same build (same settings, same plugins) and prints what the editor must fix, every problem of
every kind at once, then exits with status 1. A real bug still shows its traceback.

    python -m plugins.build [-s publishconf.py] [-o output] [-c content] [--check] [--strict] [--full] [--autoreload]

`tasks.py` calls `build()` and `check()` directly.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pelican import Pelican
from pelican.log import console
from pelican.log import init as init_logging
from pelican.settings import read_settings

from . import CODE_FOLDERS, PLUGINS_FOLDER
from .admin.bundle import install_if_missing
from .annotations import annotation_lines
from .checks.summary import last_build_summary
from .editor_loop.hooks import last_build_note, note_changes, take_changes
from .editor_loop.text_edit import apply_text_edits, last_rewritten, text_edit_note
from .problems import BuildProblems, BuildStopped, CheckPassed, Problem, current, describe

if TYPE_CHECKING:
    from collections.abc import Iterable

    from watchfiles import DefaultFilter

PROJECT = PLUGINS_FOLDER.parent


def _settings(settings_file: str, output: str | None, content: str | None, extra: dict) -> dict:
    override = dict(extra)
    if output:
        override["OUTPUT_PATH"] = os.path.abspath(output)
    if content:
        override["PATH"] = os.path.abspath(content)
    return read_settings(str(PROJECT / settings_file), override=override)


def _run(settings: dict, failure_title: str, annotate_from: tuple[Path, ...] | None = None) -> int:
    """One Pelican run; 0, or 1 after printing the problems an editor must fix (with
    `annotate_from`, the settings files read, also as GitHub annotations on the standard output)."""
    try:
        Pelican(settings).run()
    except CheckPassed:  # CHECK_ONLY: the gate found no error and stopped Pelican before writing
        return 0
    except BuildStopped as stopped:
        print(f"\n{failure_title}\n{stopped}", file=sys.stderr, flush=True)
        if annotate_from is not None:
            found = [*stopped.errors, *stopped.warnings] if isinstance(stopped, BuildProblems) else [
                Problem(code="", message=f"{failure_title} {stopped}")]
            print(annotation_lines(found, annotate_from, PROJECT), end="", flush=True)
        return 1
    return 0


# The arguments of this process's last successful build: a text edit is applied to that build only.
_last_built: tuple[str, str | None, str | None] | None = None


def build(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    content: str | None = None,
    strict: bool = False,
    full: bool = False,
    overrides: dict | None = None,
) -> int:
    """Build once into the output folder (replaced only if the build succeeds). Returns 0 or 1.

    `strict` (publish): warnings stop the build too, unless PUBLISH_ALLOW_WARNINGS is True, and
    every page is written anew. `full` (invoke rebuild): every page is written anew, even when
    nothing changed since the last build. `overrides`: settings in place of the file's (a tool's
    build, checked as any other).
    """
    global _last_built
    request = (settings_file, output, content)
    changes = take_changes()
    edit = apply_text_edits(changes) if request == _last_built and not (strict or full or overrides) else None
    if edit is not None:
        # The watcher's editor changed only some text: applied in this process, no build needed.
        print(last_build_summary(), flush=True)
        print(text_edit_note(edit), flush=True)
        return 0
    settings = _settings(settings_file, output, content, overrides or {})
    if (strict or full) and isinstance(settings.get("FULL_REBUILD", False), bool):
        # What is published never relies on a previous build. A wrong value is left for the
        # settings check to name, publishing included.
        settings["FULL_REBUILD"] = True
    if strict:
        # A publication: the feed it writes must continue the live one (plugins/podcast/continuity.py).
        settings["PODCAST_CHECK_CONTINUITY"] = True
    if strict and not settings.get("PUBLISH_ALLOW_WARNINGS"):
        settings["FAIL_ON_WARNINGS"] = True
    # The web editor's files come from npm (package-lock.json): a fresh clone gets them here.
    npm_failed = install_if_missing()
    if npm_failed:
        print(npm_failed, file=sys.stderr, flush=True)
    code = _run(settings, "Échec de la construction du site.")
    _last_built = request if code == 0 else None
    if code == 0:
        _print_warnings()
        print(last_build_summary(), flush=True)
        partial = last_build_note(settings["PATH"])
        if partial:
            print(partial, flush=True)
    return code


def check(settings_file: str = "pelicanconf.py", content: str | None = None, media_host: bool = False,
          annotate: bool = False) -> int:
    """Every check of the build, nothing written but the audio manifest. Returns 0, or 1 when
    there is an error. `media_host`: every audio file must also be on PODCAST_MEDIA_URL.
    `annotate`: every problem also as a GitHub annotation on the standard output (plugins.annotations)."""
    settings = _settings(settings_file, None, content, {"CHECK_ONLY": True, "CHECK_MEDIA_HOST": media_host})
    annotate_from = _settings_files(settings_file) if annotate else None
    code = _run(settings, "La vérification a trouvé des problèmes.", annotate_from)
    if code == 0:
        _print_warnings()
        if annotate_from is not None:
            print(annotation_lines(current().warnings, annotate_from, PROJECT), end="", flush=True)
        print(last_build_summary(checked=True), flush=True)
    return code


def _print_warnings() -> None:
    warnings = current().warnings
    if warnings:
        print(describe([], warnings, written=True), file=sys.stderr, flush=True)


def _settings_files(settings_file: str) -> tuple[Path, ...]:
    """The settings a build applies: pelicanconf.py, and the file given (publishconf.py imports it)."""
    return tuple(dict.fromkeys((PROJECT / "pelicanconf.py", PROJECT / settings_file)))


def watched_paths(settings_file: str, output: str | None = None, content: str | None = None) -> list[Path]:
    """What a build reads and a watcher must watch: the content and theme the settings name, our
    plugins, the settings files (those that exist)."""
    settings = _settings(settings_file, output, content, {})
    paths = [Path(settings["PATH"]), Path(settings["THEME"]), *CODE_FOLDERS, *_settings_files(settings_file)]
    return [path for path in dict.fromkeys(paths) if path.exists()]


def _is_code(path: str, settings_file: str) -> bool:
    """A plugin module or a settings file: what this process has already imported or applied."""
    changed = Path(path)
    in_code = any(changed.is_relative_to(folder) for folder in CODE_FOLDERS)
    return (changed.suffix == ".py" and in_code) or changed in _settings_files(settings_file)


def watch_filter(ignores: Iterable[str]) -> DefaultFilter:
    """watchfiles' own filter (caches, .git, some editors' temporary files) and IGNORE_FILES: an
    editor's lock or swap file the build never reads must not start a build."""
    from watchfiles import DefaultFilter

    names = tuple("^" + fnmatch.translate(pattern) for pattern in ignores)  # the whole name, as fnmatch
    return DefaultFilter(ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns, *names))


def watch(settings_file: str, output: str | None, content: str | None, announce: bool = False,
          verbose: bool = False) -> None:
    """Build, then build again on every change of content, theme, plugins or settings.

    A change of a plugin or a settings file starts this command anew in the same process (exec):
    modules are imported once, so an edited plugin would otherwise go on running its old code.
    `announce` (for `invoke livereload`): after each build, one line on the error output tells the
    serving process whether it succeeded and what changed (BUILD_DONE).
    """
    from watchfiles import watch as watch_changes

    ignores = _settings(settings_file, output, content, {})["IGNORE_FILES"]
    waiting = "En attente de modifications… (Ctrl+C pour arrêter)"
    built = False
    # The watcher is in place at its first (empty) answer: the first build comes then, so that a
    # file saved during that build, or just after it, is seen.
    watched = watched_paths(settings_file, output, content)
    for changes in watch_changes(*watched, watch_filter=watch_filter(ignores), yield_on_timeout=True, rust_timeout=500):
        if built and not changes:
            continue
        paths = sorted({path for _, path in changes})
        code = [path for path in paths if _is_code(path, settings_file)]
        if built and code:
            shown = ", ".join(os.path.relpath(path, PROJECT) for path in code)
            print(f"Code modifié ({shown}) : la construction repart dans un processus neuf.", flush=True)
            _restart(settings_file, output, content, announce, verbose)
        # The editor's loop: when only the text of some pages changed, only the pages showing it are rewritten.
        note_changes(paths)
        succeeded = _build_and_go_on(settings_file, output, content)
        built = True
        if announce:
            rewritten = last_rewritten() if succeeded else None
            pages = sorted(rewritten) if rewritten is not None else None
            print(BUILD_DONE + json.dumps({"ok": succeeded, "changed": paths, "rewritten": pages}), file=sys.stderr,
                  flush=True)
        print(waiting, flush=True)


# The line `watch(announce=True)` writes after each build, then in JSON {"ok": bool, "changed": [paths],
# "rewritten": the outputs rewritten (relative to the output folder) by a text edit, or null: maybe all}.
BUILD_DONE = "@@construction-terminée "


def _build_and_go_on(settings_file: str, output: str | None, content: str | None) -> bool:
    """One build of the watcher; a bug's traceback is printed and the watcher goes on (the next
    edit may fix it). True if the build succeeded."""
    try:
        return build(settings_file, output, content) == 0
    except Exception:  # a bug in one build must not end the editor's session
        traceback.print_exc()
        print("\nÉchec de la construction du site (erreur du programme, détails ci-dessus).", file=sys.stderr, flush=True)
        return False


def _restart(settings_file: str, output: str | None, content: str | None, announce: bool, verbose: bool) -> NoReturn:
    """This watcher again, in a new program image: every module imported anew, the same output."""
    argv = [sys.executable, "-m", "plugins.build", "--autoreload", "--settings", settings_file]
    if output:
        argv += ["--output", os.path.abspath(output)]
    if content:
        argv += ["--content", os.path.abspath(content)]
    if announce:
        argv.append("--announce-builds")
    if verbose:
        argv.append("--verbose")
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(PROJECT)  # `-m plugins.build` is found from the project's folder
    os.execv(sys.executable, argv)


class _OnlyOurWords(logging.Filter):
    """Pelican's own warnings reach the editor through the problems list, in French."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or not record.name.startswith("pelican")


def quiet_pelican_logging(verbose: bool = False) -> None:
    init_logging(level=logging.INFO if verbose else logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_OnlyOurWords())
    # Pelican's English "Done: Processed …" line: we print our own summary.
    console.quiet = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.build", description="Construit le site de la Cité de l'IA.")
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="fichier de réglages")
    parser.add_argument("-o", "--output", help="dossier de sortie (par défaut : OUTPUT_PATH)")
    parser.add_argument("-c", "--content", help="dossier du contenu (par défaut : PATH, soit content/)")
    parser.add_argument("--check", action="store_true", help="tout vérifier sans rien écrire")
    parser.add_argument("--annotations", action="store_true",
                        help="avec --check : chaque problème aussi en annotation GitHub (fichier, ligne)")
    parser.add_argument("--strict", action="store_true", help="les avertissements font aussi échouer")
    parser.add_argument("--full", action="store_true", help="tout réécrire, même si rien n'a changé")
    parser.add_argument("--autoreload", action="store_true", help="reconstruire à chaque modification")
    parser.add_argument("--announce-builds", action="store_true", help=argparse.SUPPRESS)  # for invoke livereload
    parser.add_argument("-v", "--verbose", action="store_true", help="afficher les messages d'information")
    args = parser.parse_args(argv)
    quiet_pelican_logging(args.verbose)
    if args.check:
        return check(args.settings, args.content, annotate=args.annotations)
    if args.autoreload:
        try:
            watch(args.settings, args.output, args.content, announce=args.announce_builds, verbose=args.verbose)
        except KeyboardInterrupt:
            return 0
    return build(args.settings, args.output, args.content, strict=args.strict, full=args.full)


if __name__ == "__main__":
    sys.exit(main())
