"""A build in a new process rewrites nothing when nothing changed since the last build, and
everything as soon as anything did (plugins/editor_loop/last_build.py).

Every build here is a real `python -m plugins.build` in its own process, as `invoke build` runs
it: what the first build leaves in CACHE_PATH is all the second one knows.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import fresh_python
import pytest
from sitebuild import (
    PROJECT,
    build_problems,
    copy_content,
    copy_project,
    relocate_audio_cache,
    saved_at,
    settings_file,
    tree_digest,
)

from plugins import clock
from plugins.build import build
from plugins.editor_loop.hooks import note_changes

REUSED = "Rien n'a changé depuis la dernière construction"
BUILT = "Site construit : "
ARTICLE = "2023-01-bilan-2022.md"
ARTICLE_PAGE = "actualites/bilan-2022-en-chiffres/index.html"
EPISODE = "podcasts/10-tpe-pme-par-ou-commencer.md"
SAVED_LONG_AGO = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
_saves = itertools.count(1)
# A scheduled date, to the minute as dates are written; the builds' clock is set around it.
DUE = datetime(2031, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def run_build(settings: Path, *options: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    result = fresh_python.run([sys.executable, "-m", "plugins.build", "-s", str(settings), *options],
                            cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def built(result: subprocess.CompletedProcess, *, reused: bool) -> None:
    """The build succeeded, and reused the previous site or wrote everything, as expected."""
    assert result.returncode == 0, result.stdout + result.stderr
    assert BUILT in result.stdout
    assert (REUSED in result.stdout) is reused, result.stdout


def age(folder: Path, moment: float | None = None) -> None:
    """Files saved long ago: not changed in the instant before a build (see the racy test below),
    whatever the clock says; at `moment`, else each call a second later than the one before, as
    saves are."""
    saved_at(folder, SAVED_LONG_AGO + next(_saves) if moment is None else moment)


def at(seconds: float) -> str:
    """A moment for the builds' clock (plugins/clock.py), from seconds since the epoch."""
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def page_identity(output: Path, relative: str) -> tuple[int, int]:
    stat = (output / relative).stat()
    return stat.st_ino, stat.st_mtime_ns


def site_settings(folder: Path, content: Path) -> Path:
    return settings_file(folder / "conf.py", f"PATH = {str(content)!r}", f"OUTPUT_PATH = {str(folder / 'output')!r}",
                         f"CACHE_PATH = {str(folder / 'cache')!r}")


@pytest.fixture
def site(tmp_path, measured_audio_cache):
    """The repository's site copied, built once in full (its audio read and measured before, as
    on an editor's machine: measured_audio_cache)."""
    content = copy_content(tmp_path / "content")
    age(content, SAVED_LONG_AGO)
    relocate_audio_cache(measured_audio_cache, tmp_path / "cache", content)
    settings = site_settings(tmp_path, content)
    # In a new process, as `invoke build`: in this one, `from pelicanconf import *` would take
    # whichever pelicanconf module an earlier test read.
    built(run_build(settings), reused=False)
    assert (tmp_path / "cache" / "last-build.json").is_file()
    return tmp_path, content, settings


def test_nothing_changed_rewrites_no_page_and_the_site_is_the_full_builds(site):
    folder, _, settings = site
    output = folder / "output"
    after_full = tree_digest(output)
    page = page_identity(output, ARTICLE_PAGE)
    # What is written outside Pelican's writer: the feed, chapters, thumbnails.
    others = ["podcast/feed.xml", "podcast/00-bande-annonce/chapitres.json", "images/podcast-cover.vignette-144.jpg"]
    before = {name: page_identity(output, name) for name in others}

    result = run_build(settings)
    built(result, reused=True)
    assert page_identity(output, ARTICLE_PAGE) == page  # not rendered, not even replaced
    assert {name: page_identity(output, name) for name in others} == before
    assert tree_digest(output) == after_full
    assert "10 articles" in result.stdout  # the summary still counts what the site holds

    # --full (invoke rebuild) writes every page again: the same bytes.
    built(run_build(settings, "--full"), reused=False)
    assert page_identity(output, ARTICLE_PAGE) != page
    assert tree_digest(output) == after_full
    # And the full build leaves a record too: the next one reuses again.
    built(run_build(settings), reused=True)


def test_the_checks_still_run_when_nothing_changed(site):
    """Warnings are said again at every build, and an error still stops it."""
    folder, content, settings = site
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\n![]({static}/images/podcast-cover.png)\n", encoding="utf-8")
    age(content)
    first = run_build(settings)
    built(first, reused=False)
    assert f"{ARTICLE}: image 'podcast-cover.png' sans texte alternatif" in first.stderr, first.stderr
    again = run_build(settings)
    built(again, reused=True)
    assert again.stderr == first.stderr


def _edit_article(folder: Path, content: Path, settings: Path) -> str:
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nUn mot neuf : zygomatique.\n", encoding="utf-8")
    return "zygomatique"


def _deleted_article(folder: Path, content: Path, settings: Path) -> str:
    (content / "2023-01-la-cite-a-trois-ans.md").unlink()
    return "2022 en chiffres"


def _new_article(folder: Path, content: Path, settings: Path) -> str:
    (content / "2023-02-nouvelle.md").write_text(
        "Title: Une nouvelle toute fraîche\nDate: 2023-02-01 10:00\nCategory: Vie de la Cité\n"
        "Summary: Une nouvelle pour le test.\n\nLe texte de la nouvelle.\n", encoding="utf-8")
    return "Une nouvelle toute fraîche"


def _changed_setting(folder: Path, content: Path, settings: Path) -> str:
    with settings.open("a", encoding="utf-8") as stream:
        stream.write('SITESUBTITLE = "Un sous-titre réglé pour le test"\n')
    return "Un sous-titre réglé pour le test"


def _changed_theme(folder: Path, content: Path, settings: Path) -> str:
    theme = folder / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    age(theme)
    with settings.open("a", encoding="utf-8") as stream:
        stream.write(f"THEME = {str(theme)!r}\n")
    built(run_build(settings), reused=False)  # another theme folder: a setting changed
    built(run_build(settings), reused=True)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<p>Pied retouché</p></footer>"), encoding="utf-8")
    assert "Pied retouché" in base.read_text(encoding="utf-8")
    return "Pied retouché"


def _output_page_edited(folder: Path, content: Path, settings: Path) -> str:
    page = folder / "output" / ARTICLE_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>retouche à la main</p></body>"), encoding="utf-8")
    return "2022 en chiffres"


def _output_page_deleted(folder: Path, content: Path, settings: Path) -> str:
    (folder / "output" / ARTICLE_PAGE).unlink()
    return "2022 en chiffres"


def _output_folder_deleted(folder: Path, content: Path, settings: Path) -> str:
    shutil.rmtree(folder / "output")
    return "2022 en chiffres"


def _record_damaged(folder: Path, content: Path, settings: Path) -> str:
    (folder / "cache" / "last-build.json").write_text("{ pas du JSON", encoding="utf-8")
    return "2022 en chiffres"


def _record_of_another_shape(folder: Path, content: Path, settings: Path) -> str:
    (folder / "cache" / "last-build.json").write_text(json.dumps({"format": "cite-ia last build", "version": 1}),
                                                     encoding="utf-8")
    return "2022 en chiffres"


CHANGES = [
    _edit_article, _new_article, _deleted_article, _changed_setting, _changed_theme,
    _output_page_edited, _output_page_deleted, _output_folder_deleted, _record_damaged, _record_of_another_shape,
]


@pytest.mark.slow
@pytest.mark.parametrize("changes", [CHANGES[:5], CHANGES[5:]], ids=["inputs", "output-and-record"])
def test_any_change_rewrites_every_page(site, subtests, changes):
    """Each change in turn on the same site: after each, a full build, then one that reuses it (the
    state the next change starts from, as the fixture's)."""
    folder, content, settings = site
    output = folder / "output"
    for change in changes:
        with subtests.test(change=change.__name__.strip("_")):
            page = page_identity(output, ARTICLE_PAGE) if (output / ARTICLE_PAGE).exists() else None
            shown = change(folder, content, settings)
            for edited in (content, folder / "theme"):  # saved a while ago: this build's record is trusted
                if edited.exists():
                    age(edited)
            built(run_build(settings), reused=False)
            assert page_identity(output, ARTICLE_PAGE) != page
            assert "retouche à la main" not in (output / ARTICLE_PAGE).read_text(encoding="utf-8")
            html = "".join(path.read_text(encoding="utf-8") for path in [output / "index.html", output / ARTICLE_PAGE])
            assert shown in html
            # What this build left is reused by the next one.
            built(run_build(settings), reused=True)


def test_a_record_whose_date_is_no_number_is_not_trusted(site):
    """Python's JSON reads NaN: a record dated NaN would hide a scheduled content falling due (every
    comparison with NaN is false). Nothing else changed: only the date can make this build full."""
    folder, _, settings = site
    record = folder / "cache" / "last-build.json"
    for wrong in (float("nan"), float("inf"), "hier", True):
        document = json.loads(record.read_text(encoding="utf-8"))
        record.write_text(json.dumps({**document, "built_at": wrong}), encoding="utf-8")
        built(run_build(settings), reused=False)


def test_a_build_killed_after_replacing_the_output_leaves_a_record_that_no_longer_matches(site):
    """A build killed after putting its output in place, before writing its record: the record
    describes the previous output, which is gone. The next build must write everything."""
    folder, _, settings = site
    record = folder / "cache" / "last-build.json"
    previous_record = record.read_bytes()
    built(run_build(settings, "--full"), reused=False)
    record.write_bytes(previous_record)
    built(run_build(settings), reused=False)


def test_the_project_as_the_tasks_build_it_reuses_and_an_edited_plugin_rewrites_every_page(tmp_path, measured_audio_cache):
    project = copy_project(tmp_path / "projet", audio_cache=measured_audio_cache)
    age(project)
    built(run_build(Path("pelicanconf.py"), cwd=project), reused=False)
    built(run_build(Path("pelicanconf.py"), cwd=project), reused=True)
    # `invoke build` names the output folder (-o, absolute); the settings say "output": the same folder.
    built(run_build(Path("pelicanconf.py"), "-o", str(project / "output"), cwd=project), reused=True)
    module = project / "plugins" / "french_dates" / "french_dates.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# Une ligne de plus.\n", encoding="utf-8")
    built(run_build(Path("pelicanconf.py"), cwd=project), reused=False)


def test_a_file_changed_just_before_a_build_is_not_trusted(site, monkeypatch):
    """Timestamps have a grain: a file saved again within it would look unchanged. A build that
    saw a file changed less than a second before it started leaves no record. The clock is set,
    never waited for: the same builds half a second and five seconds after the save."""
    folder, content, settings = site
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nAjout.\n", encoding="utf-8")
    saved = article.stat().st_mtime
    monkeypatch.setenv(clock.VARIABLE, at(saved + 0.5))
    built(run_build(settings), reused=False)
    assert not (folder / "cache" / "last-build.json").exists()
    monkeypatch.setenv(clock.VARIABLE, at(saved + 5))
    built(run_build(settings), reused=False)  # the edit is old enough now: this one leaves a record
    assert (folder / "cache" / "last-build.json").is_file()
    built(run_build(settings), reused=True)


def test_files_dated_ahead_of_the_clock_do_not_stop_the_next_build_reusing(site):
    """An audio file from a recorder whose clock runs a day ahead, an article unzipped with another
    time zone's dates: each build saw them "changed just before" it, left no record, and the next
    one rewrote every page (seen in the benchmark, whose kept corpus had such files). Only a time
    within the grain of the build's look can hide a change; later ones cannot, as any change from
    now on gives the file the machine's time."""
    folder, content, settings = site
    ahead = clock.timestamp() + 86_400
    for path in (content / "podcasts" / "media" / "s1e05.mp3", content / ARTICLE):
        os.utime(path, (ahead, ahead))
    built(run_build(settings), reused=False)  # their times changed: read again
    assert (folder / "cache" / "last-build.json").is_file()
    built(run_build(settings), reused=True)


def test_a_scheduled_episode_that_falls_due_rewrites_every_page(site, capsys, monkeypatch):
    """No file changes when a scheduled episode's time comes: only the clock tells, to a build in a
    new process and to the editor's loop (a local build previews the episode: its page exists
    before and after, with the same front matter). The builds' clock is set an hour before the
    date, then a minute after it."""
    folder, content, settings = site
    episode = content / EPISODE
    text = episode.read_text(encoding="utf-8")
    lines = [f"Date: {DUE:%Y-%m-%d %H:%M}" if line.startswith("Date:") else line for line in text.splitlines()]
    episode.write_text("\n".join(lines) + "\n", encoding="utf-8")
    age(content)
    monkeypatch.setenv(clock.VARIABLE, (DUE - timedelta(hours=1)).isoformat())
    first = run_build(settings)
    built(first, reused=False)
    assert "épisode programmé" in first.stdout
    feed = folder / "output" / "podcast" / "feed.xml"
    assert "10-tpe-pme-par-ou-commencer" not in feed.read_text(encoding="utf-8")
    assert (folder / "cache" / "last-build.json").is_file()
    built(run_build(settings), reused=True)  # still before the date: nothing to rewrite
    note_changes([])  # the editor's loop: a build in this process, before the date
    assert build(str(settings)) == 0
    capsys.readouterr()

    monkeypatch.setenv(clock.VARIABLE, (DUE + timedelta(minutes=1)).isoformat())
    built(run_build(settings), reused=False)  # a new process
    assert "10-tpe-pme-par-ou-commencer" in feed.read_text(encoding="utf-8")

    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    note_changes([str(article)])  # the loop's next build: a text edit, and the date has passed
    assert build(str(settings)) == 0
    assert "Texte modifié dans" not in capsys.readouterr().out  # everything was rewritten
    assert "10-tpe-pme-par-ou-commencer" in feed.read_text(encoding="utf-8")


def test_a_clock_set_wrong_is_said_in_french(site, monkeypatch):
    folder, _, settings = site
    before = tree_digest(folder / "output")
    monkeypatch.setenv(clock.VARIABLE, "demain matin")
    result = run_build(settings)
    assert result.returncode == 1
    assert f"{clock.VARIABLE}: 'demain matin' n'est pas une date ISO 8601 avec son fuseau" in result.stderr
    assert tree_digest(folder / "output") == before


def test_publishing_always_writes_every_page(site):
    folder, _, settings = site
    built(run_build(settings, "--strict"), reused=False)


def test_publishing_still_names_a_wrong_full_rebuild_setting(site):
    """--strict asks for a full build itself; a FULL_REBUILD of the wrong type is still named."""
    folder, _, settings = site
    with settings.open("a", encoding="utf-8") as stream:
        stream.write('FULL_REBUILD = "oui"\n')
    before = tree_digest(folder / "output")
    result = run_build(settings, "--strict")
    assert result.returncode == 1
    assert "FULL_REBUILD: True ou False attendu, pas 'oui'" in result.stderr
    assert tree_digest(folder / "output") == before


def test_a_text_edits_partial_rebuild_leaves_the_next_build_a_full_one(site, capsys):
    """The editor's loop rewrites only the pages showing an edit and leaves the search index
    behind: the next build in a new process must not take that site as whole."""
    folder, content, settings = site
    note_changes([])
    assert build(str(settings)) == 0
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nUn ajout dans la boucle.\n", encoding="utf-8")
    note_changes([str(article)])
    assert build(str(settings)) == 0
    assert "Texte modifié dans" in capsys.readouterr().out
    assert not (folder / "cache" / "last-build.json").exists()
    age(content)
    built(run_build(settings), reused=False)
    built(run_build(settings), reused=True)


@pytest.mark.parametrize("name, value", [("FULL_REBUILD", "oui"), ("STATIC_HARD_LINKS", 1)])
def test_a_wrong_flag_is_named_and_nothing_is_written(tmp_path, name, value):
    message = build_problems(tmp_path / "output", **{name: value})
    assert f"{name}: True ou False attendu, pas {value!r}" in message
