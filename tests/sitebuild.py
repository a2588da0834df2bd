"""Build a real Pelican site into a temporary folder, the way every site-level test does."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.plugins.podcast.cache import ARTWORK_FOLDER, CACHE_FILE
from pelican.settings import read_settings

from plugins.problems import BuildProblems, Problem

PROJECT = Path(__file__).resolve().parent.parent
# The caches keyed by what they were made from, one folder each for every build of a test process
# (conftest.py sets them): compiled templates (by template path and source) and thumbnails (by the
# picture's sha256). Compiling the theme and resizing the cover were half of a small build. A test
# about one of these caches passes its setting as None.
SHARED_CACHES: dict[str, str] = {}

# The settings files a build of this process may import by name (`from publishconf import *`):
# Pelican keeps each one it read as sys.modules[name].
SETTINGS_MODULES = ("pelicanconf", "publishconf")


def build_site(
    output: Path,
    settings_file: str = "pelicanconf.py",
    content: Path | None = None,
    *,
    audio_cache: Path | None = None,
    **overrides,
) -> Path:
    """Build the site with the project's settings file into `output` and return `output`.

    `content` replaces the repository's content folder (fixture content); `overrides` replace
    settings. The cache goes next to the output so that tests never share one; with `audio_cache`
    (the `measured_audio_cache` fixture, for a copy of the repository's content) it starts with
    that audio read and measured.
    """
    output = Path(output)
    cache = Path(overrides.pop("CACHE_PATH", output.parent / (output.name + "-cache")))
    if audio_cache is not None:
        relocate_audio_cache(audio_cache, cache, content or PROJECT / "content")
    settings = read_settings(
        str(PROJECT / settings_file),
        override={
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            **SHARED_CACHES,
            **({"PATH": str(content)} if content is not None else {}),
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


def copy_content(destination: Path, source: Path | None = None) -> Path:
    """A private copy of the repository's content (or of `source`), for tests that edit it."""
    shutil.copytree(source or PROJECT / "content", destination)
    return destination


def copy_project(destination: Path, *, audio_cache: Path | None = None) -> Path:
    """A copy of the repository's site as the tasks run it: settings, tasks.py, content, theme and
    plugins. With `audio_cache` (the `measured_audio_cache` fixture), its CACHE_PATH starts with
    the audio of content/ already read and measured, as on an editor's machine after a first
    `invoke check`: a test about something else does not pay for reading it again."""
    destination.mkdir(parents=True)
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(PROJECT / name, destination / name)
    for name in ("content", "theme", "plugins"):
        shutil.copytree(PROJECT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    if audio_cache is not None:
        relocate_audio_cache(audio_cache, destination / "cache", destination / "content")
    return destination


# What a check leaves about the audio (tests/conftest.py, measured_audio_cache): the metadata read
# and the loudness measured, with the pictures found in the files. Its own content folder is named
# in AUDIO_CACHE_CONTENT beside it.
AUDIO_CACHE_FILES = (CACHE_FILE, ARTWORK_FOLDER)
AUDIO_CACHE_CONTENT = "content-folder.txt"


def relocate_audio_cache(cache: Path, destination: Path, content: Path) -> None:
    """The audio part of `cache` copied into `destination`, for a copy of its content at `content`.

    The audio cache names each file by its absolute path: the copy's own paths replace the
    original's (JSON-escaped). Sizes and times match, copytree keeping them, so its entries hold."""
    original = (cache / AUDIO_CACHE_CONTENT).read_text(encoding="utf-8")
    destination.mkdir(parents=True, exist_ok=True)
    for name in AUDIO_CACHE_FILES:
        source = cache / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.is_file():
            text = source.read_text(encoding="utf-8")
            (destination / name).write_text(
                text.replace(json.dumps(original)[1:-1] + "/", json.dumps(str(content))[1:-1] + "/"), encoding="utf-8")


def same_times_as_the_repository(content: Path) -> None:
    """Each file of `content` (a clone's content/) holding the same bytes as the working tree's
    takes its time, so that a relocated audio cache (above) applies to it as to a copy."""
    for path in content.rglob("*"):
        original = PROJECT / "content" / path.relative_to(content)
        if path.is_file() and original.is_file() and path.read_bytes() == original.read_bytes():
            stat = original.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def settings_file(path: Path, *lines: str) -> Path:
    """A settings file at `path` for a build run from anywhere (another process, `-s path`): the
    project's pelicanconf.py with its theme and plugins, then `lines` ("NAME = value")."""
    path.write_text("\n".join([
        "import sys",
        f"sys.path.insert(0, {str(PROJECT)!r})",
        "from pelicanconf import *  # noqa: F403",
        f"THEME = {str(PROJECT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(PROJECT)!r}]",
        *(f"{name} = {value!r}" for name, value in SHARED_CACHES.items()),
        *lines,
    ]) + "\n", encoding="utf-8")
    return path


def site_pages(output: Path) -> list[Path]:
    """The site's HTML pages, the web editor's page aside (ADMIN_PATH: Decap CMS's app, not a page
    of the site: tests/test_admin_site.py reads it)."""
    return sorted(path for path in Path(output).rglob("*.html") if path.relative_to(output).parts[0] != "admin")


def saved_at(folder: Path, moment: float) -> None:
    """Every file and folder under `folder` (itself included) saved at `moment` (seconds since the
    epoch), as a test sets file times rather than waiting for the clock."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (moment, moment))


def tree_digest(path: Path) -> dict[str, str]:
    """Every file under `path` (hidden ones too): relative POSIX path -> sha256; {} if absent."""
    path = Path(path)
    if not path.exists():
        return {}
    return {
        file.relative_to(path).as_posix(): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(path.rglob("*"))
        if file.is_file()
    }


def build_refusal(output: Path, settings_file: str = "pelicanconf.py", content: Path | None = None,
                  **overrides) -> BuildProblems:
    """Build, expecting the build to stop on problems; the output folder must be unchanged
    byte for byte. Returns the refusal: its records (`errors`, `warnings`) and its French text."""
    before = tree_digest(output)
    with pytest.raises(BuildProblems) as caught:
        build_site(output, settings_file, content, **overrides)
    assert tree_digest(output) == before, "a failed build changed the output folder"
    return caught.value


def build_problems(output: Path, settings_file: str = "pelicanconf.py", content: Path | None = None, **overrides) -> str:
    """As `build_refusal`: the message listing the problems."""
    return str(build_refusal(output, settings_file, content, **overrides))


def found(problems: list[Problem], code: str, file: str = "", field: str = "", line: int | None = None) -> Problem:
    """The one problem of `code` about `file` and `field` (at `line`, when given) in `problems`."""
    matching = [p for p in problems if p.code == code and p.file == file and p.field == field
                and (line is None or p.line == line)]
    assert len(matching) == 1, f"not one {code} {file}:{line} {field} in:\n" + "\n".join(
        f"{p.code} {p.file}:{p.line} {p.field} | {p.text}" for p in problems)
    return matching[0]


def line_of(path: Path, field: str, occurrence: int = 1) -> int:
    """The line number (from 1) where the front matter of `path` writes `field` (its `occurrence`-th time)."""
    numbers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{field}:")]
    return numbers[occurrence - 1]
