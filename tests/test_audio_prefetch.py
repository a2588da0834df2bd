"""Audio read ahead in worker processes gives exactly what reading it in the build's process gives."""

from __future__ import annotations

import pickle

from pelican.plugins.podcast.errors import AudioError
from pelican.plugins.podcast.prefetch import AudioPrefetch, read_audio_file
from podcast_site import PodcastSite, episode


def _outcome(read, path: str, shown: str):
    try:
        return read(path, shown)
    except AudioError as error:
        return ("AudioError", error.path, error.reason)


def test_an_audio_error_crosses_processes_whole():
    error = pickle.loads(pickle.dumps(AudioError("content/podcasts/media/x.mp3", "fichier audio vide")))
    assert (type(error), error.path, error.reason) == (AudioError, "content/podcasts/media/x.mp3", "fichier audio vide")
    assert str(error) == "content/podcasts/media/x.mp3: fichier audio vide"


def test_workers_read_every_file_as_the_build_process_does(audio_fixtures):
    files = [*audio_fixtures.plain.values(), *audio_fixtures.tagged.values()]
    paths = [str(sound.path) for sound in files] + [str(path) for path in audio_fixtures.bad.values()]
    jobs = [(path, f"content/podcasts/media/{index}-{path.rsplit('/', 1)[-1]}") for index, path in enumerate(paths)]
    prefetch = AudioPrefetch.start(jobs, workers=1)
    try:
        ahead = [_outcome(prefetch.read, path, shown) for path, shown in jobs]
    finally:
        prefetch.close()
    assert ahead == [_outcome(read_audio_file, path, shown) for path, shown in jobs]
    assert sum(isinstance(outcome, tuple) for outcome in ahead) >= 8  # the broken files said as errors


def test_a_cold_build_reading_ahead_reports_what_a_build_reading_in_process_does(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    kinds = (("un.mp3", "mp3"), ("deux.m4a", "m4a"), ("trois.mp3", "mp3_vbr_headerless"), ("quatre.mp3", "mp3_vbr"))
    for number, (name, sound) in enumerate(kinds, start=1):
        source = audio_fixtures.tagged.get(sound) or audio_fixtures.plain[sound]
        site.add_audio(name, source.path)
        stem = name.split(".")[0]
        site.add_episode(stem, **episode(stem.title(), "2023-01-01", f"media/{name}", Episode=number))
    site.add_audio("casse.mp3", audio_fixtures.bad["frames_then_garbage_mp3"])
    site.add_episode("casse", **episode("Cassé", "2023-01-02", "media/casse.mp3"))
    cache = tmp_path / "cache"
    # Cold: five files to read, read ahead in a worker. Then only the broken one, never cached, is
    # read again, in the build's own process (one file is not worth a worker).
    ahead = site.build_problems(CACHE_PATH=str(cache))
    in_process = site.build_problems(CACHE_PATH=str(cache))
    assert ahead == in_process
    assert "content/podcasts/casse.md: Audio: 'media/casse.mp3' :" in ahead
    assert ahead.count("\n  - ") == 1  # the one broken file, nothing else
