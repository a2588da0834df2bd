"""Shared pytest fixtures."""

from __future__ import annotations

import pytest
from audio_fixtures import AudioFixtures, FfmpegMissing, build_audio_fixtures


@pytest.fixture(scope="session")
def audio_fixtures(tmp_path_factory) -> AudioFixtures:
    """Real audio files in every supported format (plus broken ones), generated once per session."""
    try:
        return build_audio_fixtures(tmp_path_factory.mktemp("audio"))
    except FfmpegMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(autouse=True)
def fresh_pelican_log_filter():
    """Pelican's LimitFilter drops repeated warnings for the whole process: each test hears its own."""
    from pelican.log import LimitFilter

    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    yield
