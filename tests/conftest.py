"""Shared pytest fixtures, and the check that the machine has what the tests run."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import fresh_python
import pytest
import sitebuild
from audio_fixtures import AudioFixtures, FfmpegMissing, build_audio_fixtures
from browser import chromium
from listener_site import build_listener_site
from pelican.plugins.podcast.catalogue import PODCAST, language_of
from pelican.settings import get_settings_from_file
from sitebuild import PROJECT, SETTINGS_MODULES, build_site

from plugins import PODCAST_FOLDER, clock
from plugins.admin.bundle import NODE_MODULES_VARIABLE, install_if_missing

PODCAST_DISTRIBUTION = PROJECT / "pelican-podcast"

# The builds' clock for the whole suite (plugins/clock.py), in this process and every one it starts:
# a set moment, later than any file a test writes and earlier than any date a test schedules, so
# that no build depends on when, or how fast, the suite runs (a file saved "just before" a build,
# a date falling due). A test that needs another moment sets it with monkeypatch.setenv.
SUITE_NOW = "2030-01-01T12:00:00+01:00"

# The language the site speaks (pelicanconf.py's DEFAULT_LANG), read once.
SITE_LANGUAGE = language_of(get_settings_from_file(str(PROJECT / "pelicanconf.py")))


@pytest.fixture(autouse=True)
def site_language():
    """The podcast plugin's words in the site's language (French, its DEFAULT_LANG) in every test,
    as the site's commands choose it: a test that renders a rule's problem without a build, after
    another test built a site in another language in this process, reads French all the same."""
    PODCAST.use(SITE_LANGUAGE)


@pytest.fixture(autouse=True)
def settings_read_anew():
    """Each test's settings read as it finds the environment. Pelican keeps a settings file it read
    as sys.modules[name], and a settings file that imports it by name got that module as an earlier
    test read it: with its environment. Seen in one order (-p no:randomly): test_build_safety's
    publish build took the PODCAST_LIVE_FEED that test_publication_continuity had set,
    "/srv/flux-en-ligne.xml", and failed."""
    yield
    for name in SETTINGS_MODULES:
        sys.modules.pop(name, None)


@pytest.fixture(scope="session")
def audio_fixtures(tmp_path_factory) -> AudioFixtures:
    """Real audio files in every supported format (plus broken ones), generated once per session."""
    try:
        return build_audio_fixtures(tmp_path_factory.mktemp("audio"))
    except FfmpegMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def shared_caches(tmp_path_factory):
    """The compiled templates and thumbnails of every build of this test process (sitebuild.py), and
    the folder where the processes of fresh_python.py leave their output for the test to read."""
    sitebuild.SHARED_CACHES["COMPILED_TEMPLATES_PATH"] = str(tmp_path_factory.mktemp("compiled-templates"))
    sitebuild.SHARED_CACHES["PODCAST_THUMBNAILS_PATH"] = str(tmp_path_factory.mktemp("thumbnails"))
    fresh_python.SCRATCH.append(tmp_path_factory.mktemp("processes"))
    yield
    sitebuild.SHARED_CACHES.clear()
    fresh_python.SCRATCH.clear()
    fresh_python.stop_server()


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder: the one the parallel workers (pytest-xdist) share, else this process's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder `name`, filled by `make(folder)` once for the whole run: in the run's folder,
    which the workers share, the first to ask makes it while the others wait on its lock, then
    every one reads it. For what the tests only read: the digest of what was made is kept beside
    it, and `unchanged_since_made` compares it at the end."""
    folder = _run_folder(tmp_path_factory) / name
    made = folder.with_name(f"{name}.made")
    with _locked(folder):
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way
            folder.mkdir()
            make(folder)
            made.write_text(json.dumps(sitebuild.tree_digest(folder)), encoding="utf-8")
    return folder


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """The lock of a folder of once_per_run(), held by one process of the run at a time."""
    with open(folder.with_name(f"{folder.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def unchanged_since_made(folder: Path) -> None:
    """A test changed a folder of once_per_run(), which every worker's tests read: name it."""
    with _locked(folder):
        made = json.loads(folder.with_name(f"{folder.name}.made").read_text(encoding="utf-8"))
        now = sitebuild.tree_digest(folder)
    changed = sorted(name for name in made.keys() | now.keys() if made.get(name) != now.get(name))
    assert not changed, f"{folder.name}: a test changed what every test only reads: {changed[:10]}"


@pytest.fixture(scope="session", autouse=True)
def shared_folders_stay_unchanged(tmp_path_factory):
    """At the end of each worker, what once_per_run() made is as it was made."""
    yield
    for made in _run_folder(tmp_path_factory).glob("*.made"):
        unchanged_since_made(made.with_suffix(""))


@pytest.fixture(scope="session")
def repository_output(tmp_path_factory):
    """The repository's site built once per run with pelicanconf.py. Read it, never change it: a
    test that edits a site builds its own."""
    return once_per_run(tmp_path_factory, "repository", lambda folder: build_site(folder / "output")) / "output"


@pytest.fixture(scope="session")
def production_output(tmp_path_factory):
    """The repository's site built once per run with publishconf.py (read only, as above)."""
    return once_per_run(tmp_path_factory, "production",
                        lambda folder: build_site(folder / "output", settings_file="publishconf.py")) / "output"


@pytest.fixture(scope="session")
def listener_output(tmp_path_factory, audio_fixtures):
    """The listeners' small podcast site (tests/listener_site.py) built once per run (read only, as above)."""
    return once_per_run(tmp_path_factory, "listener", lambda folder: build_listener_site(folder, audio_fixtures)) / "output"


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Chromium for every browser test of the test process (tests/browser.py): starting
    one costs about a second. Each page lists its policy violations in `window.__csp` (they only
    listen). A test that needs other options (no JavaScript, autoplay, a window size) starts its own."""
    with chromium(tmp_path_factory.mktemp("chromium-profile"), csp_violations=True) as driver:
        yield driver


@pytest.fixture(scope="session")
def measured_audio_cache(tmp_path_factory) -> Path:
    """The cache `invoke check` leaves after reading and measuring the audio of the repository's
    content, once per run, for copies of the project (sitebuild.copy_project): measuring loudness
    decodes every episode."""
    return once_per_run(tmp_path_factory, "measured-audio", _measure_audio) / "cache"


def _measure_audio(folder: Path) -> None:
    content = sitebuild.copy_content(folder / "content")
    settings = sitebuild.settings_file(folder / "conf.py", f"PATH = {str(content)!r}",
                                       f"OUTPUT_PATH = {str(folder / 'output')!r}", f"CACHE_PATH = {str(folder / 'cache')!r}")
    checked = fresh_python.run([sys.executable, "-m", "plugins.build", "-s", str(settings), "--check"], cwd=PROJECT,
                               capture_output=True, text=True, timeout=300, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (folder / "cache" / sitebuild.AUDIO_CACHE_CONTENT).write_text(str(content), encoding="utf-8")


@pytest.fixture(scope="module")
def in_project_folder():
    """The project folder as the current folder, for a module that reads publishconf.py: it imports
    pelicanconf from there, as `pelican -s publishconf.py` does. A module asks for it with
    `pytestmark = pytest.mark.usefixtures("in_project_folder")`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(PROJECT)
        yield


# Pelican's LimitFilter (repeated warnings dropped for the whole process) is reset by the checks
# plugin at the start of every build: each test's build hears its own warnings.


# Programs the tests run -> the Debian package that brings each (ffmpeg has a PyPI fallback,
# imageio-ffmpeg, checked by the audio fixtures; java runs the Nu HTML Checker, tests/nu_checker.py).
SYSTEM_PROGRAMS = {
    "chromium": "chromium",
    "chromedriver": "chromium-driver",
    "rsync": "rsync",
    "git": "git",
    "espeak-ng": "espeak-ng",
    "node": "nodejs",
    "npm": "npm",
    "java": "default-jre-headless",
}


def pytest_configure(config: pytest.Config) -> None:
    os.environ[clock.VARIABLE] = SUITE_NOW
    # Run in the background of a script (`pytest &`, nohup, some CI runners), this process starts
    # with Ctrl+C ignored, and so would every process it starts: `invoke edit` and `invoke
    # livereload` would never hear the Ctrl+C their tests send. Heard as in a terminal, here and so
    # in every process started from here.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # This checkout's podcast plugin, first in every process the tests start (a build, a task), as
    # pytest.ini puts it first in this one: not the copy another checkout installed in the venv.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PODCAST_DISTRIBUTION), os.environ.get("PYTHONPATH")]))
    if not PODCAST_FOLDER.is_relative_to(PODCAST_DISTRIBUTION):
        pytest.exit(f"pelican.plugins.podcast is imported from {PODCAST_FOLDER}, not from {PODCAST_DISTRIBUTION}", returncode=3)
    # Every build, copies of the project included, takes the web editor's files from this checkout's
    # node_modules (installed by `npm ci`, as the build does on a fresh clone), never installs them.
    os.environ[NODE_MODULES_VARIABLE] = str(PROJECT / "node_modules")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker per core, plus one. A worker spends part of its time waiting for a
    process it started (a build, Chromium, decap-server, ffmpeg, the Nu checker), during which the
    extra worker's tests run. On 2 cores (a fresh clone, a quiet machine, 2026-12-07, one run
    each after the suite lost a fifth of its CPU): 2 workers 112 s, 3 workers 101 s and 116 s,
    4 workers 106 s and 117 s; runs of the same suite differ by 15 s there, so 3 is kept."""
    return (os.cpu_count() or 1) + 1


@pytest.hookimpl(trylast=True)  # after pytest-randomly's shuffle, which keeps its order otherwise
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow first: a worker that meets one last would end the run alone with it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, naming the Debian packages to install, rather than fail test by test."""
    missing = sorted({package for program, package in SYSTEM_PROGRAMS.items() if shutil.which(program) is None})
    if missing:
        pytest.exit(
            f"Paquets Debian manquants pour les tests : {' '.join(missing)}\n"
            f"Installez-les : sudo apt-get install {' '.join(missing)} (c'est ce que fait .ci/run).",
            returncode=3,
        )
    if not hasattr(session.config, "workerinput"):  # once, in the process that starts the workers
        # A fresh clone: the web editor's files from the lock file, as `invoke build` installs them.
        failed = install_if_missing()
        if failed:
            pytest.exit(failed, returncode=3)
