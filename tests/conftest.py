"""Shared pytest fixtures, and the check that the machine has what the tests run."""

from __future__ import annotations

import shutil

import pytest
from audio_fixtures import AudioFixtures, FfmpegMissing, build_audio_fixtures
from sitebuild import PROJECT


@pytest.fixture(scope="session")
def audio_fixtures(tmp_path_factory) -> AudioFixtures:
    """Real audio files in every supported format (plus broken ones), generated once per session."""
    try:
        return build_audio_fixtures(tmp_path_factory.mktemp("audio"))
    except FfmpegMissing as error:
        pytest.fail(str(error), pytrace=False)


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
# imageio-ffmpeg, checked by the audio fixtures).
SYSTEM_PROGRAMS = {
    "chromium": "chromium",
    "chromedriver": "chromium-driver",
    "rsync": "rsync",
    "git": "git",
    "espeak-ng": "espeak-ng",
}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, naming the Debian packages to install, rather than fail test by test."""
    missing = sorted({package for program, package in SYSTEM_PROGRAMS.items() if shutil.which(program) is None})
    if missing:
        pytest.exit(
            f"Paquets Debian manquants pour les tests : {' '.join(missing)}\n"
            f"Installez-les : sudo apt-get install {' '.join(missing)} (c'est ce que fait .ci/run).",
            returncode=3,
        )
