"""Editors' and systems' leftovers are never read nor published, in any folder.

Emacs leaves `.#name.md`, a symbolic link to nowhere named after the editor's login and machine;
Vim its swap files, LibreOffice its locks, Finder and Explorer their folder files. The build
ignores them all (IGNORE_FILES in pelicanconf.py): no traceback, nothing of them in the output, a
real file beside them still published; the last-build record and the watcher do not see them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pelican.settings import read_settings
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT
from watchfiles import Change

from plugins.editor_loop.last_build import take_inputs

# An Emacs lock: a dangling link whose target names the editor's login, machine and process.
LOCK_TARGET = "alice@poste-de-bob.1234:1700000000"
LEFTOVERS = ("notes.md~", ".photo.png.swp", ".photo.png.swo", ".~lock.budget.ods#", "#brouillon.md#",
             ".DS_Store", "Thumbs.db", "desktop.ini")
LOCK = ".#brouillon.md"
FOLDERS = ("content", "content/images", "content/extra", "content/pages", "content/podcasts",
           "content/podcasts/media", "theme/templates", "theme/static", "theme/static/css")


def leave_leftovers(root: Path) -> None:
    """Every kind of leftover, and an Emacs lock, in every folder the build reads."""
    for folder in FOLDERS:
        for name in LEFTOVERS:
            (root / folder / name).write_text(f"swap of {LOCK_TARGET}\n", encoding="utf-8")
        os.symlink(LOCK_TARGET, root / folder / LOCK)


def leftover_site(root: Path, audio: Path) -> PodcastSite:
    site = PodcastSite(root)
    site.add_audio("a.mp3", audio)
    site.add_episode("a", **episode("A", "2023-01-01", "media/a.mp3"))
    (site.content / "extra").mkdir()
    shutil.copy(site.content / "images" / "podcast-cover.png", site.content / "images" / "photo.png")
    (site.content / "extra" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    shutil.copytree(PROJECT / "theme", root / "theme")
    leave_leftovers(root)
    return site


def published_names(output: Path) -> set[str]:
    return {path.name for path in output.rglob("*")}


@pytest.fixture(scope="module")
def built(tmp_path_factory, audio_fixtures):
    """The site with leftovers everywhere, built once (static files hard-linked, the default)."""
    root = tmp_path_factory.mktemp("restes")
    site = leftover_site(root, audio_fixtures.plain["mp3"].path)
    return site, site.build(THEME=str(root / "theme"))


def test_no_leftover_and_no_lock_is_published(built):
    _, output = built
    assert published_names(output).isdisjoint({*LEFTOVERS, LOCK})
    assert not [path for path in output.rglob("*") if path.is_symlink()]


def test_real_files_beside_the_leftovers_are_still_published(built):
    _, output = built
    assert (output / "images" / "photo.png").is_file()
    assert (output / "extra" / "plan.pdf").is_file()
    assert (output / "theme" / "css" / "site.css").is_file()
    assert (output / "podcasts" / "media" / "a.mp3").is_file()


def test_copied_static_files_leave_the_leftovers_too(tmp_path, audio_fixtures):
    # Another filesystem, or STATIC_HARD_LINKS off: plugins/safe_output/static_copies.py copies them.
    site = leftover_site(tmp_path, audio_fixtures.plain["mp3"].path)
    output = site.build(THEME=str(tmp_path / "theme"), STATIC_HARD_LINKS=False)
    assert published_names(output).isdisjoint({*LEFTOVERS, LOCK})
    assert (output / "images" / "photo.png").is_file()


def test_an_episode_naming_a_leftover_is_told_so(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("a.mp3", audio_fixtures.plain["mp3"].path)
    (site.media / "a.vtt~").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n", encoding="utf-8")
    site.add_episode("a", **episode("A", "2023-01-01", "media/a.mp3", Transcript="media/a.vtt~"))
    message = site.build_problems()
    assert "content/podcasts/a.md: Transcript: 'media/a.vtt~' est un fichier de travail" in message


def test_the_last_build_record_does_not_see_leftovers_come_and_go(tmp_path):
    # An Emacs lock appears when an editor starts typing, and goes at the save: neither is a change
    # (a dangling link stopped the build here with a TypeError).
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "a.md").write_text("Title: A\n\nTexte.\n", encoding="utf-8")
    shutil.copytree(PROJECT / "theme", tmp_path / "theme")
    settings = read_settings(str(PROJECT / "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "THEME": str(tmp_path / "theme"), "CACHE_PATH": str(tmp_path / "cache")})
    before = take_inputs(settings).digest
    for folder in ("content", "content/images", "theme/templates", "theme/static/css"):
        os.symlink(LOCK_TARGET, tmp_path / folder / LOCK)
        for name in LEFTOVERS:
            (tmp_path / folder / name).write_text("x", encoding="utf-8")
    assert take_inputs(settings).digest == before
    (tmp_path / "content" / "b.md").write_text("Title: B\n\nTexte.\n", encoding="utf-8")
    assert take_inputs(settings).digest != before


def test_the_watcher_does_not_build_for_a_leftover(tmp_path):
    from plugins.build import watch_filter  # here: the other tests run on code without it

    keep = watch_filter(read_settings(str(PROJECT / "pelicanconf.py"))["IGNORE_FILES"])
    for name in (*LEFTOVERS, LOCK):
        assert not keep(Change.added, str(tmp_path / "content" / "images" / name)), name
    assert keep(Change.modified, str(tmp_path / "content" / "a.md"))
    assert keep(Change.added, str(tmp_path / "content" / "images" / "photo.png"))
