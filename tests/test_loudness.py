"""Audio quality report: loudness, true peak, sample rate, channels and MP3 bitrate, judged for a podcast.

Each file is a 1 kHz tone ffmpeg generates at a known level: a sine of amplitude A measures
20·log10(A) LUFS in stereo (both channels) and 3 LU less in mono, to within 0.1 LU. The files are
made and measured once for the module, in parallel; the whole module takes a few seconds.
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pelican.plugins.podcast import loudness
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.loudness import AudioQuality, check_audio_quality, quality_warnings
from pelican.plugins.podcast.problem_record import Problem

from tools.ffmpeg import ffmpeg_executable

FFMPEG = ffmpeg_executable(("libmp3lame", "aac"))
SECONDS = 12  # EBU R128 gates on 400 ms blocks: a steady tone needs only a few seconds


@dataclass(frozen=True)
class Tone:
    lufs: float  # the integrated loudness it is generated at
    channels: int = 2
    sample_rate: int = 48000
    codec: list[str] | None = None  # None: 16-bit WAV
    extension: str = ".wav"
    clicks: float = 0.0  # amplitude of a 2 ms pulse once a second, to push the true peak up


TONES = {
    "stereo_quiet": Tone(-30.0),
    "stereo_target": Tone(-16.0),
    "mono_target": Tone(-19.0, channels=1),
    "mono_at_stereo_target": Tone(-16.0, channels=1),
    # Pulses on a tone at the target: the peak passes −1 dBTP, the loudness hardly moves.
    "clipping": Tone(-16.5, clicks=0.8),
    "low_sample_rate": Tone(-16.0, sample_rate=22050),
    "mp3_48k_stereo": Tone(-16.0, sample_rate=44100, codec=["libmp3lame", "-b:a", "48k"], extension=".mp3"),
    "mp3_128k_stereo": Tone(-16.0, sample_rate=44100, codec=["libmp3lame", "-b:a", "128k"], extension=".mp3"),
    "m4a_stereo": Tone(-16.0, sample_rate=44100, codec=["aac", "-b:a", "128k"], extension=".m4a"),
}


def _generate(tone: Tone, path: Path) -> None:
    # Mono is 3 LU quieter than the same amplitude on two channels, hence +3 dB to reach its level.
    amplitude = 10 ** ((tone.lufs + (3.01 if tone.channels == 1 else 0.0)) / 20)
    wave = f"{amplitude:.6f}*sin(2*PI*1000*t)"
    if tone.clicks:
        wave += f"+{tone.clicks}*lt(mod(t,1),0.002)"
    source = f"aevalsrc=exprs='{'|'.join([wave] * tone.channels)}':s={tone.sample_rate}:d={SECONDS}"
    codec = tone.codec or ["pcm_s16le"]
    subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-c:a", *codec, str(path)],
                   check=True, timeout=60)


@pytest.fixture(scope="module")
def tone_files(tmp_path_factory) -> dict[str, Path]:
    """Every tone generated once for the module: name -> file."""
    folder = tmp_path_factory.mktemp("loudness")
    files = {name: folder / f"{name}{tone.extension}" for name, tone in TONES.items()}
    with ThreadPoolExecutor() as pool:
        list(pool.map(_generate, TONES.values(), files.values()))
    return files


@pytest.fixture(scope="module")
def measured(tone_files) -> dict[str, tuple[AudioQuality | None, list[Problem]]]:
    """Every tone read by the audio reader, then measured and judged: name -> (record, warnings)."""

    def measure(path: Path) -> tuple[AudioQuality | None, list[Problem]]:
        return check_audio_quality(str(path), read_audio(str(path)), f"media/{path.name}")

    with ThreadPoolExecutor() as pool:
        return dict(zip(tone_files, pool.map(measure, tone_files.values()), strict=True))


def _quality(measured, name: str) -> AudioQuality:
    quality, _ = measured[name]
    assert quality is not None, measured[name]
    return quality


@pytest.mark.parametrize("name", ["stereo_quiet", "stereo_target", "mono_target", "mono_at_stereo_target",
                                  "low_sample_rate", "m4a_stereo"])
def test_integrated_loudness_is_measured_within_half_a_LU(measured, name):
    assert _quality(measured, name).integrated_lufs == pytest.approx(TONES[name].lufs, abs=0.5)


def test_an_mp3_is_measured_as_its_encoder_left_it(measured):
    # LAME writes this tone about 0.4 dB lower than it is given (ffmpeg's volumedetect agrees):
    # the measure is right, the generated level is not exactly the target any more.
    for name in ("mp3_48k_stereo", "mp3_128k_stereo"):
        assert _quality(measured, name).integrated_lufs == pytest.approx(-16.4, abs=0.3)


def test_a_tone_at_minus_16_LUFS_in_stereo_gets_no_warning(measured):
    quality, warnings = measured["stereo_target"]
    assert warnings == []
    assert quality == AudioQuality(integrated_lufs=quality.integrated_lufs, true_peak_dbtp=quality.true_peak_dbtp,
                                   loudness_range_lu=quality.loudness_range_lu, sample_rate=48000, channels=2,
                                   bitrate=quality.bitrate, format="wav")
    assert quality.true_peak_dbtp == pytest.approx(-16.0, abs=0.5)  # a sine's true peak: its amplitude
    assert quality.loudness_range_lu == pytest.approx(0.0, abs=0.5)  # a steady tone has no range


def codes(warnings: list[Problem]) -> list[tuple[str, str, str]]:
    """What each warning is (its code), what it is about (the Audio field) and its level."""
    return [(warning.code, warning.field, warning.level) for warning in warnings]


def test_a_quiet_file_is_told_to_be_normalised(measured):
    quality, warnings = measured["stereo_quiet"]
    figure = f"{quality.integrated_lufs:.1f}".replace("-", "\u2212").replace(".", ",")
    assert codes(warnings) == [("podcast.W001", "Audio", "warning")]
    assert "'media/stereo_quiet.wav'" in warnings[0].message and f"{figure} LUFS" in warnings[0].message
    assert warnings[0].hint  # what to do: normalise it


def test_mono_is_judged_against_minus_19_LUFS(measured):
    assert measured["mono_target"][1] == []
    _, warnings = measured["mono_at_stereo_target"]
    assert codes(warnings) == [("podcast.W002", "Audio", "warning")]  # too loud


def test_a_true_peak_over_minus_1_dBTP_is_told_to_be_limited(measured):
    quality, warnings = measured["clipping"]
    assert quality.true_peak_dbtp is not None and quality.true_peak_dbtp > -1.0
    assert abs(quality.integrated_lufs - -16.0) <= 1.0  # only the peak is wrong
    assert codes(warnings) == [("podcast.W003", "Audio", "warning")]
    assert "'media/clipping.wav'" in warnings[0].message and "\u22121 dBTP" in warnings[0].message


def test_a_sample_rate_of_22_05_kHz_is_told_to_be_reexported(measured):
    warnings = measured["low_sample_rate"][1]
    assert codes(warnings) == [("podcast.W004", "Audio", "warning")]
    assert "22,05 kHz" in warnings[0].message


def test_a_48_kbps_stereo_mp3_is_too_low_and_128_kbps_is_enough(measured):
    quality, warnings = measured["mp3_48k_stereo"]
    assert (quality.format, quality.bitrate, quality.channels, quality.sample_rate) == ("mp3", 48000, 2, 44100)
    assert codes(warnings) == [("podcast.W007", "Audio", "warning")]  # stereo: 128 kbit/s, or mono
    assert "48 kbit/s" in warnings[0].message and "128 kbit/s" in warnings[0].hint
    assert measured["mp3_128k_stereo"][1] == []


def test_an_m4a_file_is_measured(measured):
    quality, warnings = measured["m4a_stereo"]
    assert quality.format == "m4a" and warnings == []


def test_the_record_goes_through_json_for_the_cache(measured):
    for quality, _ in measured.values():
        assert AudioQuality.from_dict(json.loads(json.dumps(quality.asdict()))) == quality
    silent = replace(_quality(measured, "stereo_target"), true_peak_dbtp=None, loudness_range_lu=None)
    assert AudioQuality.from_dict(json.loads(json.dumps(silent.asdict()))) == silent
    damaged = {**silent.asdict(), "channels": "2"}
    with pytest.raises(ValueError):
        AudioQuality.from_dict(damaged)
    with pytest.raises(ValueError):
        AudioQuality.from_dict({"integrated_lufs": -16.0})
    for name, value in (("integrated_lufs", "NaN"), ("true_peak_dbtp", "Infinity"), ("loudness_range_lu", "-Infinity")):
        written = json.dumps(silent.asdict()).replace(f'"{name}": {json.dumps(getattr(silent, name))}', f'"{name}": {value}')
        assert value in written
        with pytest.raises(ValueError):
            AudioQuality.from_dict(json.loads(written))  # a damaged cache: measured again, never trusted


def test_without_ffmpeg_one_warning_says_what_to_install(tone_files, monkeypatch):
    info = read_audio(str(tone_files["mp3_128k_stereo"]))
    monkeypatch.setattr(loudness, "find_ffmpeg", lambda: None)
    quality, warnings = check_audio_quality(info.path, info, "media/ep.mp3")
    assert quality is None
    assert codes(warnings) == [("podcast.W010", "Audio", "warning")]
    assert "'media/ep.mp3'" in warnings[0].message and "imageio-ffmpeg" in warnings[0].hint


def test_an_undecodable_file_gives_one_warning_not_a_failure(tone_files, tmp_path):
    info = read_audio(str(tone_files["mp3_128k_stereo"]))
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"\x00" * 4096)
    quality, warnings = check_audio_quality(str(broken), info, "media/broken.mp3")
    assert quality is None
    assert codes(warnings) == [("podcast.W013", "Audio", "warning")]
    assert "'media/broken.mp3'" in warnings[0].message


def test_more_than_two_channels_and_a_low_mono_mp3_are_warned():
    base = AudioQuality(integrated_lufs=-19.0, true_peak_dbtp=-3.0, loudness_range_lu=4.0, sample_rate=44100,
                        channels=1, bitrate=32000, format="mp3")
    low = quality_warnings(base, "a.mp3")
    assert codes(low) == [("podcast.W006", "Audio", "warning")]  # mono: 64 kbit/s
    assert "32 kbit/s" in low[0].message and "64 kbit/s" in low[0].hint
    surround = replace(base, channels=6, integrated_lufs=-16.0, bitrate=384000)
    six = quality_warnings(surround, "a.mp3")
    assert codes(six) == [("podcast.W005", "Audio", "warning")] and "6 " in six[0].message


def test_loudness_is_judged_as_shown_to_one_decimal():
    edge = AudioQuality(integrated_lufs=-17.04, true_peak_dbtp=-1.04, loudness_range_lu=None, sample_rate=48000,
                        channels=2, bitrate=128000, format="m4a")
    assert quality_warnings(edge, "a.m4a") == []  # "−17,0 LUFS" and "−1,0 dBTP" are within the targets
    quiet = quality_warnings(replace(edge, integrated_lufs=-17.2), "a.m4a")
    assert codes(quiet) == [("podcast.W001", "Audio", "warning")] and "\u221217,2 LUFS" in quiet[0].message
    loud = quality_warnings(replace(edge, integrated_lufs=-14.5), "a.m4a")
    assert codes(loud) == [("podcast.W002", "Audio", "warning")] and "\u221214,5 LUFS" in loud[0].message
