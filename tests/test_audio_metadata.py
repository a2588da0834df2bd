"""Reading audio files: what the podcast learns from each supported format, and what it refuses.

Every file is real audio made by ffmpeg and tagged by mutagen (see audio_fixtures.py); nothing is mocked.
"""

from __future__ import annotations

import os
import shutil

import mutagen
import pytest
from mutagen.id3 import ID3
from mutagen.oggvorbis import OggVorbis
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.errors import AudioError
from pelican.plugins.podcast.records import AudioTags

PLAIN = ["mp3", "mp3_vbr", "mp3_vbr_headerless", "mp3_cbr_headerless", "m4a", "ogg", "opus", "flac", "wav"]
TAGGED = ["mp3", "m4a", "ogg", "opus", "flac", "wav"]
WITH_CHAPTERS = ["mp3", "m4a", "ogg", "opus", "flac"]
FORMAT_AND_MIME = {
    "mp3": ("mp3", "audio/mpeg"),
    "mp3_vbr": ("mp3", "audio/mpeg"),
    "mp3_vbr_headerless": ("mp3", "audio/mpeg"),
    "mp3_cbr_headerless": ("mp3", "audio/mpeg"),
    "m4a": ("m4a", "audio/x-m4a"),
    "ogg": ("ogg", "audio/ogg"),
    "opus": ("opus", "audio/opus"),
    "flac": ("flac", "audio/flac"),
    "wav": ("wav", "audio/wav"),
}


def read(path, display_path=None):
    return read_audio(str(path), display_path)


# --- Duration, size, format, stream ---------------------------------------------------------


@pytest.mark.parametrize("name", PLAIN)
def test_duration_is_exact_to_half_a_second(audio_fixtures, name):
    sound = audio_fixtures.plain[name]
    assert read(sound.path).duration == pytest.approx(sound.duration, abs=0.5)


def test_headerless_vbr_mp3_is_measured_by_counting_frames_where_mutagen_guesses(audio_fixtures):
    sound = audio_fixtures.plain["mp3_vbr_headerless"]
    mutagen_guess = mutagen.File(sound.path).info.length
    assert abs(mutagen_guess - sound.duration) > 10, "the fixture must reproduce the trap"
    assert read(sound.path).duration == pytest.approx(sound.duration, abs=0.5)


def test_headerless_vbr_mp3_bitrate_is_the_average_not_the_first_frame(audio_fixtures):
    sound = audio_fixtures.plain["mp3_vbr_headerless"]
    info = read(sound.path)
    assert info.bitrate == pytest.approx(os.path.getsize(sound.path) * 8 / sound.duration, rel=0.05)


@pytest.mark.parametrize("name", PLAIN)
def test_size_is_the_file_size(audio_fixtures, name):
    path = audio_fixtures.plain[name].path
    assert read(path).size == os.path.getsize(path)


@pytest.mark.parametrize("name", PLAIN)
def test_format_and_mime_type_come_from_the_content(audio_fixtures, name):
    info = read(audio_fixtures.plain[name].path)
    assert (info.format, info.mime_type) == FORMAT_AND_MIME[name]


def test_opus_in_a_dot_ogg_file_is_accepted_as_opus(audio_fixtures, tmp_path):
    # Opus is legal Ogg: ".ogg" does not lie about it (the reverse, Vorbis in ".opus", does).
    renamed = shutil.copyfile(audio_fixtures.plain["opus"].path, tmp_path / "episode.ogg")
    assert read(renamed).format == "opus"


@pytest.mark.parametrize("name", PLAIN)
def test_sample_rate_and_channels_are_those_encoded(audio_fixtures, name):
    sound = audio_fixtures.plain[name]
    info = read(sound.path)
    assert (info.sample_rate, info.channels) == (sound.sample_rate, sound.channels)


@pytest.mark.parametrize("name", PLAIN)
def test_bitrate_is_the_average_bits_per_second(audio_fixtures, name):
    sound = audio_fixtures.plain[name]
    measured = os.path.getsize(sound.path) * 8 / sound.duration
    assert read(sound.path).bitrate == pytest.approx(measured, rel=0.25)


def test_path_is_absolute(audio_fixtures, monkeypatch):
    sound = audio_fixtures.plain["mp3"]
    monkeypatch.chdir(sound.path.parent)
    assert read_audio(sound.path.name).path == str(sound.path)


# --- Tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TAGGED)
def test_tags_are_read(audio_fixtures, name):
    assert read(audio_fixtures.tagged[name].path).tags == AudioTags(**audio_fixtures.tags)


@pytest.mark.parametrize("name", TAGGED)
def test_untagged_file_has_empty_tags_no_artwork_no_chapters(audio_fixtures, name):
    info = read(audio_fixtures.plain[name].path)
    assert (info.tags, info.artwork, info.chapters) == (AudioTags(), None, ())


# --- Artwork ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TAGGED)
def test_front_cover_is_read_with_the_mime_type_of_its_bytes(audio_fixtures, name):
    # The tags claim JPEG for this PNG, and the MP3/WAV also hold a JPEG that is not the front cover.
    artwork = read(audio_fixtures.tagged[name].path).artwork
    assert artwork.data == audio_fixtures.cover_png
    assert artwork.mime_type == "image/png"


def test_artwork_other_than_jpeg_or_png_is_ignored(audio_fixtures):
    assert read(audio_fixtures.gif_cover_flac).artwork is None


# --- Chapters --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WITH_CHAPTERS)
def test_chapters_are_read_in_order_with_their_titles(audio_fixtures, name):
    chapters = read(audio_fixtures.tagged[name].path).chapters
    assert [(chapter.start, chapter.title) for chapter in chapters] == list(audio_fixtures.chapters)


def test_chapter_ends_are_those_the_id3_chap_frames_give(audio_fixtures):
    info = read(audio_fixtures.tagged["mp3"].path)
    ends = [chapter.end for chapter in info.chapters]
    assert ends == [start for start, _ in audio_fixtures.chapters[1:]] + [7.0]


@pytest.mark.parametrize("name", [name for name in WITH_CHAPTERS if name != "mp3"])
def test_chapter_ends_the_file_does_not_give_are_left_to_the_episode(audio_fixtures, name):
    # MP4 chapters and Vorbis CHAPTERxxx comments carry no end; the episode record computes them.
    assert [chapter.end for chapter in read(audio_fixtures.tagged[name].path).chapters] == [None, None, None]


def test_chap_end_written_as_unknown_is_none(audio_fixtures, tmp_path):
    path = shutil.copyfile(audio_fixtures.tagged["mp3"].path, tmp_path / "episode.mp3")
    tags = ID3(path)
    for chap in tags.getall("CHAP"):
        chap.end_time = 0xFFFFFFFF if chap.element_id == "chp0" else 0
    tags.save(path)
    assert [chapter.end for chapter in read(path).chapters] == [None, None, None]


def test_vorbis_chapter_with_an_unreadable_time_is_refused(audio_fixtures, tmp_path):
    path = shutil.copyfile(audio_fixtures.plain["ogg"].path, tmp_path / "episode.ogg")
    audio = OggVorbis(path)
    audio["CHAPTER001"] = "1 min 30"
    audio.save()
    with pytest.raises(AudioError, match=r"CHAPTER001.*1 min 30.*HH:MM:SS"):
        read(path)


# --- Files that cannot be used ---------------------------------------------------------------

REFUSALS = {
    "missing": ["introuvable"],
    "empty": ["vide", "0 octet"],
    "random_bytes_mp3": ["illisible", "« .mp3 »", "ré-exportez"],
    "frames_then_garbage_mp3": ["aucune trame MP3 valide", "ré-exportez"],
    "ogg_named_mp3": ["l'extension « .mp3 »", "Ogg Vorbis", "renommez", "« .ogg »"],
    "vorbis_named_opus": ["l'extension « .opus »", "Ogg Vorbis", "« .ogg »"],
    "text_named_wav": ["illisible", "« .wav »"],
    "aiff": ["non pris en charge", "AIFF", "MP3, M4A (AAC), Ogg Vorbis, Opus, FLAC, WAV"],
    "wma": ["non pris en charge", "WMA", "convertissez"],
    "adts_aac": ["non pris en charge", "AAC brut", "M4A"],
}


@pytest.mark.parametrize("name", REFUSALS)
def test_unusable_file_raises_audio_error_naming_the_file_and_the_problem(audio_fixtures, name):
    display_path = f"content/podcasts/media/{audio_fixtures.bad[name].name}"
    with pytest.raises(AudioError) as raised:
        read(audio_fixtures.bad[name], display_path)
    error = raised.value
    assert error.path == display_path
    assert str(error).startswith(f"{display_path}: ")
    for words in REFUSALS[name]:
        assert words in error.reason
    # No mutagen exception rides along into a traceback.
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_error_names_the_path_read_when_no_display_path_is_given(audio_fixtures):
    path = str(audio_fixtures.bad["empty"])
    with pytest.raises(AudioError) as raised:
        read_audio(path)
    assert raised.value.path == path
