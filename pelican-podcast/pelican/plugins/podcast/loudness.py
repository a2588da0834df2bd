"""Audio quality report: how loud an episode is, how high its peaks go, and whether its format suits a podcast.

Two steps, so that the slow one can be cached:

- `measure_quality(path, audio)` decodes the whole file with ffmpeg's `ebur128` filter (EBU R128:
  integrated loudness, loudness range, true peak) and returns a frozen, JSON-ready `AudioQuality`.
  True peak means decoding at 4× oversampling: about 5 s for 10 minutes of MP3 on a small machine
  (2 s without the true peak), half a minute for an hour. Hence a cache keyed on the file's path,
  size and mtime; `AudioQuality.asdict()` and `AudioQuality.from_dict()` serve it.
- `quality_warnings(quality, shown)` is instant and returns the French warnings, each saying what
  to do. `check_audio_quality()` does both and never raises: a file that cannot be measured (no
  ffmpeg, undecodable audio) gives one warning instead, the build goes on.

Why ffmpeg rather than pyloudnorm + soundfile: libsndfile cannot decode M4A (AAC), one of our
formats, and pyloudnorm measures no true peak; ffmpeg decodes every format the reader accepts and
its `ebur128` filter gives all three figures in one pass. The system's ffmpeg is preferred, else
the one the imageio-ffmpeg package ships, so no system package is needed.

Bitrate, format, sample rate and channels are not measured: they come from the `AudioInfo` the
audio reader already made (one source for each fact).
"""

from __future__ import annotations

import functools
import math
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from typing import Any

from .catalogue import PODCAST
from .files import finite_number
from .problem_record import Problem
from .records import AudioInfo

# Bump when the measure changes (filter options, parsing), so that cached results are measured again.
QUALITY_VERSION = 1

# Integrated loudness a podcast should have, by channel count (AES TD1004, Apple's podcast guide):
# a mono file is played on both speakers, so it sounds 3 LU louder than it measures.
TARGET_LUFS = {1: -19.0, 2: -16.0}
LOUDNESS_TOLERANCE = 1.0  # LU either side of the target
MAX_TRUE_PEAK = -1.0  # dBTP: headroom for the lossy re-encoding apps and platforms do
SAMPLE_RATES = (44100, 48000)
MIN_MP3_BITRATE = {1: 64_000, 2: 128_000}  # bits per second
CHANNELS = (1, 2)

# Measuring is slower than real time only when something is wrong (a stuck pipe, a huge broken file).
TIMEOUT_FLOOR = 120.0  # seconds, plus the audio's duration


@dataclass(frozen=True)
class AudioQuality:
    """What the quality rules judge, for one audio file.

    Loudness figures are measured (EBU R128, rounded to 0.1 as ffmpeg reports them); the others
    are copied from the file's `AudioInfo`. `true_peak_dbtp` is None for a silent file (−∞),
    `loudness_range_lu` when ffmpeg reports none.
    """

    integrated_lufs: float
    true_peak_dbtp: float | None
    loudness_range_lu: float | None
    sample_rate: int  # Hz
    channels: int
    bitrate: int  # bits per second (average)
    format: str  # mp3, m4a, ogg, opus, flac, wav

    def asdict(self) -> dict[str, Any]:
        """A plain dict for JSON (every value a number, a string or None)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> AudioQuality:
        """The record `asdict()` gave; ValueError if `data` has another shape (a damaged cache)."""
        if not isinstance(data, dict) or set(data) != set(cls.__dataclass_fields__):
            raise ValueError(f"mesure audio de forme inattendue : {data!r}")
        numbers = (int, float)
        expected: dict[str, tuple[type, ...]] = {
            "integrated_lufs": numbers,
            "true_peak_dbtp": (*numbers, type(None)),
            "loudness_range_lu": (*numbers, type(None)),
            "sample_rate": (int,),
            "channels": (int,),
            "bitrate": (int,),
            "format": (str,),
        }
        for name, types in expected.items():
            value = data[name]
            # Python's JSON reads NaN and Infinity: a measure is a finite number (None: not measurable).
            if isinstance(value, bool) or not isinstance(value, types) or (isinstance(value, float) and not finite_number(value)):
                raise ValueError(f"mesure audio : {name} = {value!r} inattendu")
        return cls(
            integrated_lufs=float(data["integrated_lufs"]),
            true_peak_dbtp=_optional_float(data["true_peak_dbtp"]),
            loudness_range_lu=_optional_float(data["loudness_range_lu"]),
            sample_rate=data["sample_rate"],
            channels=data["channels"],
            bitrate=data["bitrate"],
            format=data["format"],
        )


class QualityUnmeasured(Exception):
    """The loudness could not be measured: `code` (its catalogue's) says why, with `values`."""

    def __init__(self, code: str, **values: Any):
        self.code = code
        self.values = values
        super().__init__(code)

    def warning(self, shown: str) -> Problem:
        return PODCAST(self.code, field="Audio", level="warning", written=shown, **self.values)


# --- Entry points ------------------------------------------------------------------------------


def check_audio_quality(path: str, audio: AudioInfo, shown: str) -> tuple[AudioQuality | None, list[Problem]]:
    """Measure `path` and judge it: (the record to cache, or None if unmeasured; the warnings).

    `shown` is the file as the editor wrote it (e.g. "media/ep03.mp3"). Never raises: a file that
    cannot be measured gives a single warning saying why and what to install or do.
    """
    try:
        quality = measure_quality(path, audio)
    except QualityUnmeasured as error:
        return None, [error.warning(shown)]
    return quality, quality_warnings(quality, shown)


def measure_quality(path: str, audio: AudioInfo) -> AudioQuality:
    """Decode `path` with ffmpeg and return its `AudioQuality`; QualityUnmeasured if that cannot be done."""
    ffmpeg = find_ffmpeg()
    if ffmpeg is None:
        raise QualityUnmeasured("podcast.W010")
    command = [
        ffmpeg, "-nostdin", "-hide_banner", "-nostats",
        "-i", path,
        # The first audio stream only: no cover art to decode, one stream's summary to read.
        "-map", "0:a:0",
        # framelog=verbose keeps the ten-a-second progress lines out of the output; the summary stays.
        "-af", "ebur128=peak=true:framelog=verbose",
        "-f", "null", "-",
    ]
    try:
        result = subprocess.run(command, capture_output=True, check=False,
                                timeout=TIMEOUT_FLOOR + audio.duration)
    except subprocess.TimeoutExpired:
        raise QualityUnmeasured("podcast.W011") from None
    except OSError as error:
        raise QualityUnmeasured("podcast.W012", ffmpeg=ffmpeg, error=error.strerror) from None
    stderr = result.stderr.decode("utf-8", "replace")
    summary = parse_ebur128_summary(stderr) if result.returncode == 0 else None
    if summary is None:
        last = stderr.strip().splitlines()[-1:] or [f"exit status {result.returncode}"]
        raise QualityUnmeasured("podcast.W013", error=last[0].strip())
    integrated, true_peak, loudness_range = summary
    return AudioQuality(
        integrated_lufs=integrated,
        true_peak_dbtp=true_peak,
        loudness_range_lu=loudness_range,
        sample_rate=audio.sample_rate,
        channels=audio.channels,
        bitrate=audio.bitrate,
        format=audio.format,
    )


def quality_warnings(quality: AudioQuality, shown: str) -> list[Problem]:
    """The warnings for one measured file (`shown`: as the editor wrote it), each saying what to
    do; empty if all is well."""
    warnings = []

    def warn(code: str, **values: Any) -> None:
        warnings.append(PODCAST(code, field="Audio", level="warning", written=shown, **values))

    target = TARGET_LUFS[1 if quality.channels == 1 else 2]
    loudness = round(quality.integrated_lufs, 1)  # judged as shown, so "−17,0" is never "trop faible"
    if abs(loudness - target) > LOUDNESS_TOLERANCE:
        warn("podcast.W001" if loudness < target else "podcast.W002", loudness=_decimal(loudness),
             stereo=_decimal(TARGET_LUFS[2], 0), mono=_decimal(TARGET_LUFS[1], 0))
    if quality.true_peak_dbtp is not None and round(quality.true_peak_dbtp, 1) > MAX_TRUE_PEAK:
        warn("podcast.W003", peak=_decimal(quality.true_peak_dbtp), most=_decimal(MAX_TRUE_PEAK, 0))
    if quality.sample_rate not in SAMPLE_RATES:
        warn("podcast.W004", rate=_khz(quality.sample_rate), first=_khz(SAMPLE_RATES[0]), second=_khz(SAMPLE_RATES[1]))
    if quality.channels not in CHANNELS:
        warn("podcast.W005", channels=quality.channels)
    elif quality.format == "mp3" and quality.bitrate < MIN_MP3_BITRATE[quality.channels]:
        warn("podcast.W006" if quality.channels == 1 else "podcast.W007", bitrate=_decimal(quality.bitrate / 1000, 0),
             stereo=MIN_MP3_BITRATE[2] // 1000, mono=MIN_MP3_BITRATE[1] // 1000)
    return warnings


# --- ffmpeg ------------------------------------------------------------------------------------


@functools.cache
def find_ffmpeg() -> str | None:
    """The system's ffmpeg, else imageio-ffmpeg's, else None. Any ffmpeg has the ebur128 filter."""
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError:  # the package is installed without its binary (an unsupported platform)
        return None


_SUMMARY = re.compile(
    r"Summary:.*?"
    r"Integrated loudness:\s*I:\s*(?P<integrated>\S+) LUFS.*?"
    r"(?:Loudness range:\s*LRA:\s*(?P<range>\S+) LU.*?)?"
    r"True peak:\s*Peak:\s*(?P<peak>\S+) dBFS",  # labelled dBFS, but with peak=true it is the true peak
    re.S,
)


def parse_ebur128_summary(stderr: str) -> tuple[float, float | None, float | None] | None:
    """(integrated LUFS, true peak dBTP or None for −∞, loudness range LU or None) from ffmpeg's output.

    None if the output has no complete summary (ffmpeg stopped early).
    """
    summaries = list(_SUMMARY.finditer(stderr))
    if not summaries:
        return None
    match = summaries[-1]  # one stream is mapped: one summary
    try:
        integrated = float(match["integrated"])
        peak = float(match["peak"])
        loudness_range = float(match["range"]) if match["range"] else None
    except ValueError:
        return None
    if not math.isfinite(integrated):
        return None
    return integrated, peak if math.isfinite(peak) else None, loudness_range


# --- French numbers ----------------------------------------------------------------------------


def _decimal(value: float, digits: int = 1) -> str:
    """'−30,1': decimal comma and a true minus sign, as French typography writes numbers."""
    text = f"{value:.{digits}f}"
    if text.lstrip("-").strip("0,.") == "":
        text = text.lstrip("-")  # no "−0,0"
    return text.replace("-", "\u2212").replace(".", ",")


def _khz(rate: int) -> str:
    return f"{rate / 1000:g} kHz".replace(".", ",")


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)
