"""Nothing wrong is published: an audio file must hold the audio its header announces, and be audio.

Each test makes its own real files with ffmpeg, then damages them the way copies, crashed exports and
forged headers do: cut short, a Xing frame count patched, a film renamed ".m4a". The valid files are
still accepted, with the duration ffmpeg finds by decoding them.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from audio_fixtures import strip_xing_frame
from pelican.plugins.podcast import mpeg_frames
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.errors import AudioError

from tools.ffmpeg import ffmpeg_executable

# The system's ffmpeg, or the one imageio-ffmpeg ships (conftest fails the session when neither runs).
FFMPEG = ffmpeg_executable(("libmp3lame", "aac", "flac", "libvorbis"))

SINE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=7:sample_rate=22050"]
# Loud noise then a quiet tone: a VBR encoder's frames differ widely in size.
SPEECH_LIKE = [
    "-f", "lavfi", "-i", "anoisesrc=duration=2:sample_rate=44100:amplitude=0.8:seed=3",
    "-f", "lavfi", "-i", "sine=frequency=440:duration=8:sample_rate=44100",
    "-filter_complex", "[0][1]concat=n=2:v=0:a=1",
]
ENCODINGS = {
    "cbr.mp3": [*SINE, "-c:a", "libmp3lame", "-b:a", "32k"],  # LAME writes an Info header
    "vbr.mp3": [*SPEECH_LIKE, "-c:a", "libmp3lame", "-q:a", "2"],  # ...and a Xing header
    "faststart.m4a": [*SINE, "-c:a", "aac", "-b:a", "32k", "-movflags", "+faststart"],
    "moov-at-end.m4a": [*SINE, "-c:a", "aac", "-b:a", "32k"],
    "sound.wav": [*SINE, "-c:a", "pcm_s16le"],
    "sound.flac": [*SINE, "-c:a", "flac"],
    # Noise compresses badly: its frames are full of bytes that look like a frame header by chance.
    "noise.flac": ["-f", "lavfi", "-i", "anoisesrc=duration=10:sample_rate=44100:amplitude=0.5", "-ac", "2", "-c:a", "flac"],
    "sound.ogg": [*SINE, "-c:a", "libvorbis"],
    "film.m4a": ["-f", "lavfi", "-i", "testsrc=duration=3:size=64x48:rate=10", "-f", "lavfi", "-i",
                 "sine=duration=3:sample_rate=22050", "-c:v", "libx264", "-c:a", "aac", "-b:a", "32k", "-shortest"],
}


@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    """Every file of ENCODINGS, encoded once for this module, all encoders running at once."""
    directory = tmp_path_factory.mktemp("encoded")
    runs = [(name, subprocess.Popen([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *arguments,
                                     str(directory / name)], stderr=subprocess.PIPE))
            for name, arguments in ENCODINGS.items()]
    for name, run in runs:
        assert run.wait() == 0, f"ffmpeg failed on {name}: {run.stderr.read().decode(errors='replace')}"
    return directory


@pytest.fixture
def make(encoded):
    """make(tmp_path, name): this test's own copy of the encoded file `name`."""
    def copy(directory, name):
        return shutil.copyfile(encoded / name, directory / name)
    return copy


def truncated(path, share=0.4):
    """A copy of `path` cut to `share` of its bytes, as an interrupted copy leaves it."""
    cut = path.with_name(f"cut-{path.name}")
    cut.write_bytes(path.read_bytes()[:int(path.stat().st_size * share)])
    return cut


def decoded_seconds(path):
    """How long the audio lasts when ffmpeg decodes it all: the truth, whatever headers say."""
    run = subprocess.run([FFMPEG, "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a", "-f", "null", "-"],
                         capture_output=True, text=True)
    hours, minutes, seconds = re.findall(r"time=(\d+):(\d+):([\d.]+)", run.stderr)[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def refusal(path):
    shown = f"content/podcasts/media/{path.name}"
    with pytest.raises(AudioError) as raised:
        read_audio(str(path), shown)
    assert raised.value.path == shown
    assert str(raised.value).startswith(f"{shown}: ")
    return raised.value.reason


# --- Valid files are still published, with the duration their audio really lasts ------------


@pytest.mark.parametrize("name", ["cbr.mp3", "vbr.mp3", "faststart.m4a", "moov-at-end.m4a", "sound.wav",
                                  "sound.flac", "noise.flac", "sound.ogg"])
def test_valid_file_is_accepted_with_its_decoded_duration(make, tmp_path, name):
    path = make(tmp_path, name)
    assert read_audio(str(path)).duration == pytest.approx(decoded_seconds(path), abs=0.5)


def test_headerless_vbr_mp3_is_counted_the_same_whatever_the_window(make, tmp_path, monkeypatch):
    # Frames straddle every window's end when windows are a few frames long.
    path = tmp_path / "headerless.mp3"
    path.write_bytes(strip_xing_frame(make(tmp_path, "vbr.mp3").read_bytes()))
    whole = read_audio(str(path))
    monkeypatch.setattr(mpeg_frames, "WINDOW", 1000)
    in_pieces = read_audio(str(path))
    assert (in_pieces.duration, in_pieces.bitrate) == (whole.duration, whole.bitrate)
    assert whole.duration == pytest.approx(decoded_seconds(path), abs=0.5)


# --- Files cut short ------------------------------------------------------------------------


@pytest.mark.parametrize("name, kind", [("cbr.mp3", "MP3"), ("vbr.mp3", "MP3"), ("faststart.m4a", "M4A"),
                                        ("sound.wav", "WAV")])
def test_file_cut_short_is_refused(make, tmp_path, name, kind):
    reason = refusal(truncated(make(tmp_path, name)))
    assert reason.startswith(f"fichier {kind} incomplet : son en-tête annonce ")
    assert re.search(r"n'en contient que (39|40) %", reason)
    assert "ré-exportez-le" in reason and "copiez-le à nouveau en entier" in reason


@pytest.mark.parametrize("name", ["sound.flac", "noise.flac"])
def test_flac_cut_short_is_refused_though_its_header_announces_it_whole(make, tmp_path, name):
    # STREAMINFO keeps the whole count of samples: the frames at the end tell how far the audio goes.
    path = truncated(make(tmp_path, name), share=0.6)
    reason = refusal(path)
    assert reason.startswith("fichier FLAC incomplet : son en-tête annonce ")
    share = int(re.search(r"n'en contient que (\d+) %", reason).group(1))
    assert 45 <= share <= 61, reason
    assert "ré-exportez-le" in reason


@pytest.mark.parametrize("name", ["sound.flac", "noise.flac"])
def test_flac_missing_only_its_last_frames_is_still_accepted(make, tmp_path, name):
    path = make(tmp_path, name)
    whole = decoded_seconds(path)
    assert read_audio(str(truncated(path, share=0.995))).duration == pytest.approx(whole, abs=0.5)


def test_mp3_missing_only_its_last_frames_is_still_accepted(make, tmp_path):
    path = truncated(make(tmp_path, "cbr.mp3"), share=0.99)
    assert read_audio(str(path)).duration == pytest.approx(7.05, abs=0.1)


def test_m4a_whose_moov_is_cut_off_is_unreadable(make, tmp_path):
    # Without faststart the sample tables come last: a cut file has none, mutagen cannot read it.
    reason = refusal(truncated(make(tmp_path, "moov-at-end.m4a")))
    assert reason.startswith("fichier audio illisible")


def test_ogg_cut_short_is_published_with_what_is_left(make, tmp_path):
    # Ogg has no total in its header: mutagen's length is the last page's position, which is the truth.
    path = truncated(make(tmp_path, "sound.ogg"), share=0.7)
    assert read_audio(str(path)).duration == pytest.approx(decoded_seconds(path), abs=0.5)


# --- Headers that lie -----------------------------------------------------------------------


def patched_xing_frames(path, frames):
    """Overwrite the frame count of the Xing/Info header, as a buggy or forged writer leaves it."""
    data = bytearray(path.read_bytes())
    at = max(data.find(b"Xing"), data.find(b"Info"))
    assert at > 0 and data[at + 7] & 0b1, "the header must carry a frame count"
    data[at + 8:at + 12] = frames.to_bytes(4, "big")
    patched = path.with_name(f"patched-{path.name}")
    patched.write_bytes(bytes(data))
    return patched


@pytest.mark.parametrize("name", ["cbr.mp3", "vbr.mp3"])
def test_mp3_header_claiming_billions_of_frames_is_refused(make, tmp_path, name):
    reason = refusal(patched_xing_frames(make(tmp_path, name), 4_000_000_000))
    assert re.match(r"durée annoncée de [\d\u202f]+ h, invraisemblable pour un épisode \(plus de 24 h\) : "
                    r"l'en-tête du fichier est faux ou endommagé ; ré-exportez-le", reason)


def test_mp3_header_claiming_five_times_its_frames_is_refused(make, tmp_path):
    path = make(tmp_path, "vbr.mp3")
    frames = int.from_bytes(path.read_bytes()[path.read_bytes().find(b"Xing") + 8:][:4], "big")
    reason = refusal(patched_xing_frames(path, frames * 5))
    assert reason.startswith("en-tête MP3 incohérent : il annonce ")
    assert "impossible en MP3 (de 32 à 320 kbit/s)" in reason


# --- Not audio ------------------------------------------------------------------------------


def test_video_named_m4a_is_refused(make, tmp_path):
    reason = refusal(make(tmp_path, "film.m4a"))
    assert reason == ("c'est une vidéo (le fichier contient une piste d'images), pas un fichier audio : "
                      "exportez le son seul, en M4A (AAC) ou en MP3 (par exemple : "
                      "ffmpeg -i video.mp4 -vn -c:a copy episode.m4a).")


def test_audio_taken_out_of_the_video_is_accepted(make, tmp_path):
    film = make(tmp_path, "film.m4a")
    path = tmp_path / "sound-only.m4a"
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-i", str(film), "-vn", "-c:a", "copy",
                    str(path)], check=True)
    assert read_audio(str(path)).duration == pytest.approx(3.0, abs=0.5)
