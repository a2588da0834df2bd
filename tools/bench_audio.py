#!/usr/bin/env python3
"""Benchmark the audio reader on the case it exists for: a one-hour VBR MP3 without a Xing header.

Generates, in a temporary folder, an hour of speech-like audio (espeak-ng sentences separated by
pauses, looped by ffmpeg), encodes it as VBR MP3, strips the Xing header the way header-less encoders
leave files, then prints mutagen's estimate, our frame-counted duration, the truth and the time taken.

Needs espeak-ng (Debian package espeak-ng) and an ffmpeg with libmp3lame (the system's, or the one
imageio-ffmpeg ships). Takes ~20 s, mostly encoding. Writes nothing outside its temporary folder.

Usage, from the repository root: python -m tools.bench_audio [--minutes 60]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mutagen
from pelican.plugins.podcast.audio import read_audio

from tools.ffmpeg import FfmpegMissing, ffmpeg_executable
from tools.mpeg_frames import strip_xing_frame

SENTENCES = (
    "Bonjour et bienvenue dans le podcast de la Cité de l'IA. Aujourd'hui, nous parlons des données, "
    "de la formation des ingénieurs, et d'un drone qui repère les champignons mûrs dans une ferme de Comines."
)


def make_headerless_vbr_mp3(directory: Path, seconds: int) -> Path:
    speech = directory / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "fr", "-w", str(speech), SENTENCES], check=True)
    # A pause after each pass, so the VBR encoder alternates between speech and near-silence.
    with_pause = directory / "speech-and-pause.wav"
    ffmpeg = [ffmpeg_executable(("libmp3lame",)), "-hide_banner", "-loglevel", "error", "-y"]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    truth = parser.parse_args().minutes * 60
    if shutil.which("espeak-ng") is None:
        print("bench_audio: espeak-ng introuvable : installez le paquet Debian espeak-ng "
              "(sudo apt-get install espeak-ng)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        try:
            path = make_headerless_vbr_mp3(Path(directory), truth)
        except FfmpegMissing as error:
            print(f"bench_audio: {error}", file=sys.stderr)
            return 1
        print(f"generated {path.name}: {os.path.getsize(path) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
        mutagen_seconds, mutagen_info = best_time(lambda: mutagen.File(path).info)
        our_seconds, info = best_time(lambda: read_audio(str(path)))
    print(f"truth               {truth:10.2f} s")
    print(f"mutagen's estimate  {mutagen_info.length:10.2f} s  ({mutagen_info.length / truth:.2f}x, "
          f"{mutagen_seconds * 1000:.1f} ms)")
    print(f"read_audio          {info.duration:10.2f} s  (error {info.duration - truth:+.3f} s, "
          f"{our_seconds * 1000:.1f} ms, best of 5)")
    print(f"bitrate             {info.bitrate} bit/s average (mutagen: {mutagen_info.bitrate}, first frame)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
