#!/usr/bin/env python3
"""Benchmark the audio reader on the case it exists for: a one-hour VBR MP3 without a Xing header.

Generates, in a temporary folder, an hour of speech-like audio (espeak-ng sentences separated by
pauses, looped by ffmpeg), encodes it as VBR MP3, strips the Xing header the way header-less encoders
leave files, then prints mutagen's estimate, our frame-counted duration, the truth and the time taken.

Needs Debian's ffmpeg and espeak-ng (apt-get install ffmpeg espeak-ng). Takes ~20 s, mostly encoding.

Usage: python scripts/bench_audio.py [--minutes 60]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mutagen

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]

from audio_fixtures import strip_xing_frame  # noqa: E402
from plugins.podcast.audio import read_audio  # noqa: E402

SENTENCES = (
    "Bonjour et bienvenue dans le podcast de la Cité de l'IA. Aujourd'hui, nous parlons des données, "
    "de la formation des ingénieurs, et d'un drone qui repère les champignons mûrs dans une ferme de Comines."
)


def make_headerless_vbr_mp3(directory: Path, seconds: int) -> Path:
    speech = directory / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "fr", "-w", str(speech), SENTENCES], check=True)
    # A pause after each pass, so the VBR encoder alternates between speech and near-silence.
    with_pause = directory / "speech-and-pause.wav"
    ffmpeg = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run([*ffmpeg, "-i", str(speech), "-af", "apad=pad_dur=1.5", str(with_pause)], check=True)
    encoded = directory / "hour.mp3"
    subprocess.run(
        [*ffmpeg, "-stream_loop", "-1", "-i", str(with_pause), "-t", str(seconds),
         "-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-q:a", "4", str(encoded)],
        check=True,
    )
    headerless = directory / "hour-headerless.mp3"
    headerless.write_bytes(strip_xing_frame(encoded.read_bytes()))
    return headerless


def best_time(function, runs: int = 5) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    truth = parser.parse_args().minutes * 60
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        path = make_headerless_vbr_mp3(Path(directory), truth)
        print(f"generated {path.name}: {os.path.getsize(path) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
        mutagen_seconds, mutagen_info = best_time(lambda: mutagen.File(path).info)
        our_seconds, info = best_time(lambda: read_audio(str(path)))
    print(f"truth               {truth:10.2f} s")
    print(f"mutagen's estimate  {mutagen_info.length:10.2f} s  ({mutagen_info.length / truth:.2f}x, "
          f"{mutagen_seconds * 1000:.1f} ms)")
    print(f"read_audio          {info.duration:10.2f} s  (error {info.duration - truth:+.3f} s, "
          f"{our_seconds * 1000:.1f} ms, best of 5)")
    print(f"bitrate             {info.bitrate} bit/s average (mutagen: {mutagen_info.bitrate}, first frame)")


if __name__ == "__main__":
    main()
