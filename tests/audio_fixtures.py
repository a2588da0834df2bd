"""Small real audio files for the tests, generated with ffmpeg, with a known truth.

No binary is committed: `build_audio_fixtures(directory)` encodes short mono sine tones (low sample
rate, so the files stay tiny) in every supported format, then writes tags, artwork and chapters with
tools.audio_tags, the writer the demo episodes use (ffmpeg puts in the MP4 chapters, which mutagen
cannot write), and adds the broken and unsupported files the reader must refuse. The encoders run in
parallel: the whole set takes ~1-2 s. ffmpeg is the system's or imageio-ffmpeg's (tools.ffmpeg).
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mutagen.id3 import COMM
from PIL import Image

from tools.audio_tags import (
    Picture,
    Tags,
    chapters_from_starts,
    clock_time,
    set_mp4_channel_count,
    write_ffmetadata_chapters,
    write_id3,
    write_mp4,
    write_vorbis,
)
from tools.ffmpeg import FfmpegMissing, ffmpeg_executable  # noqa: F401 (conftest reports FfmpegMissing)
from tools.mpeg_frames import first_frame_offset, frame_length, strip_xing_frame

DURATION = 7.0  # seconds of every plain file
VBR_DURATION = 30.0  # long enough for mutagen's first-frame estimate to go far astray
SAMPLE_RATE = 22050  # MPEG-2 for the MP3s (576 samples a frame)...
VBR_SAMPLE_RATE = 44100  # ...and MPEG-1 for the VBR MP3s (1152): the frame counter meets both
OPUS_SAMPLE_RATE = 48000  # what an Opus stream reports, whatever rate it was encoded from

TAGS = {
    "title": "Épisode 3 : l'IA dans les PME",
    "artist": "Cité de l'IA",
    "album": "Le podcast de la Cité",
    "comment": "Données, formation, et un drone qui trouve les champignons.",
    "date": "2023-05-07",
    "track": 3,
}
# (start in seconds, title); every file with chapters carries these three.
CHAPTERS = ((0.0, "Introduction"), (2.5, "Le sujet du jour"), (5.0, "Conclusion"))
# What the encoders below need; every other codec used is built into any ffmpeg.
ENCODERS = ("libmp3lame", "aac", "libvorbis", "libopus", "flac", "wmav2")


@dataclass(frozen=True)
class Sound:
    """A generated file and what a correct reader must report for it."""

    path: Path
    duration: float
    sample_rate: int = SAMPLE_RATE
    channels: int = 1


@dataclass(frozen=True)
class AudioFixtures:
    """Everything generated for one test session, with the truth it was generated from."""

    directory: Path
    # mp3 (CBR), mp3_vbr (Xing header), mp3_vbr_headerless and mp3_cbr_headerless (header stripped),
    # m4a, ogg, opus, flac, wav: untagged.
    plain: dict[str, Sound]
    # mp3, m4a, ogg, opus, flac, wav: TAGS, the cover and CHAPTERS (wav: no chapters).
    tagged: dict[str, Sound]
    # missing, empty, random_bytes_mp3, frames_then_garbage_mp3, ogg_named_mp3, vorbis_named_opus,
    # text_named_wav, aiff, wma, adts_aac
    bad: dict[str, Path]
    # a FLAC file whose only picture is a GIF, which the reader must ignore
    gif_cover_flac: Path
    cover_png: bytes  # the front cover embedded everywhere
    cover_jpeg: bytes  # a second, non-front picture in the tagged MP3 and WAV, which must lose to the cover
    tags: dict = field(default_factory=lambda: dict(TAGS))
    chapters: tuple = CHAPTERS


def build_audio_fixtures(directory: Path) -> AudioFixtures:
    """Generate every fixture file into `directory` (which must exist) and return them with their truth."""
    ffmpeg = ffmpeg_executable(ENCODERS)  # FfmpegMissing says what to install
    cover_png, cover_jpeg, cover_gif = _image("PNG"), _image("JPEG"), _image("GIF")
    chapters_file = directory / "chapters.txt"
    write_ffmetadata_chapters(chapters_file, _chapters())
    path = directory.joinpath
    _run_in_parallel(ffmpeg, [
        [*_sine(DURATION), "-c:a", "libmp3lame", "-b:a", "32k", path("cbr.mp3")],
        [*_speech_like(VBR_DURATION), "-c:a", "libmp3lame", "-q:a", "2", path("vbr.mp3")],
        [*_sine(DURATION), "-c:a", "aac", "-b:a", "32k", path("aac.m4a")],
        [*_sine(DURATION), "-i", chapters_file, "-map", "0", "-map_chapters", "1",
         "-c:a", "aac", "-b:a", "32k", path("tagged.m4a")],
        [*_sine(DURATION), "-c:a", "libvorbis", "-q:a", "0", path("vorbis.ogg")],
        [*_sine(DURATION, sample_rate=16000), "-c:a", "libopus", "-b:a", "16k", path("opus.opus")],
        [*_sine(DURATION), "-c:a", "flac", path("lossless.flac")],
        [*_sine(DURATION), "-c:a", "pcm_s16le", path("pcm.wav")],
        [*_sine(1), "-c:a", "pcm_s16be", path("sound.aiff")],
        [*_sine(1), "-c:a", "wmav2", path("sound.wma")],
        [*_sine(1), "-c:a", "aac", "-f", "adts", path("raw.aac")],
    ])
    plain = {
        "mp3": Sound(path("cbr.mp3"), DURATION),
        "mp3_vbr": Sound(path("vbr.mp3"), VBR_DURATION, sample_rate=VBR_SAMPLE_RATE),
        "mp3_vbr_headerless": Sound(_stripped_copy(path("vbr.mp3"), path("vbr-headerless.mp3")),
                                    VBR_DURATION, sample_rate=VBR_SAMPLE_RATE),
        "mp3_cbr_headerless": Sound(_stripped_copy(path("cbr.mp3"), path("cbr-headerless.mp3")), DURATION),
        "m4a": _mono_m4a(path("aac.m4a")),
        "ogg": Sound(path("vorbis.ogg"), DURATION),
        "opus": Sound(path("opus.opus"), DURATION, sample_rate=OPUS_SAMPLE_RATE),
        "flac": Sound(path("lossless.flac"), DURATION),
        "wav": Sound(path("pcm.wav"), DURATION),
    }
    tagged = {
        "mp3": _tag_id3(_copy(plain["mp3"], path("tagged.mp3")), cover_png, cover_jpeg, with_chapters=True),
        "m4a": _tag_mp4(_mono_m4a(path("tagged.m4a")), cover_png),
        "ogg": _tag_vorbis(_copy(plain["ogg"], path("tagged.ogg")), cover_png),
        "opus": _tag_vorbis(_copy(plain["opus"], path("tagged.opus")), cover_png),
        "flac": _tag_vorbis(_copy(plain["flac"], path("tagged.flac")), cover_png),
        "wav": _tag_id3(_copy(plain["wav"], path("tagged.wav")), cover_png, cover_jpeg, with_chapters=False),
    }
    return AudioFixtures(
        directory=directory,
        plain=plain,
        tagged=tagged,
        bad=_bad_files(directory, plain),
        gif_cover_flac=_flac_with_gif_cover(_copy(plain["flac"], path("gif-cover.flac")).path, cover_gif),
        cover_png=cover_png,
        cover_jpeg=cover_jpeg,
    )


# --- Encoding -------------------------------------------------------------------------------


def _sine(seconds: float, sample_rate: int = SAMPLE_RATE) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}:sample_rate={sample_rate}"]


def _speech_like(seconds: float) -> list[str]:
    """One loud second of noise, then a quiet tone: the VBR encoder spends many bits on the first
    frames and few on the rest, so an estimate from the first frame is off by a factor of several."""
    return [
        "-f", "lavfi", "-i", f"anoisesrc=duration=1:sample_rate={VBR_SAMPLE_RATE}:amplitude=0.8:seed=42",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds - 1}:sample_rate={VBR_SAMPLE_RATE}",
        "-filter_complex", "[0][1]concat=n=2:v=0:a=1",
    ]


def _run_in_parallel(ffmpeg: str, commands: list[list]) -> None:
    processes = [
        (command, subprocess.Popen([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *map(str, command)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        for command in commands
    ]
    for command, process in processes:
        _, errors = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"ffmpeg failed on {command[-1]}: {errors.decode(errors='replace')}")


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    # Apple's smallest accepted artwork (1400 px a side): the build checks embedded pictures too.
    Image.new("RGB", (1400, 1400), (200, 30, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


def _mono_m4a(path: Path) -> Sound:
    """ffmpeg 5 writes a channel count of 2 in the MP4 sample entry of mono AAC (mutagen then says 2),
    ffmpeg 9 writes 1: the same patch as the demo episodes makes the truth 1 whichever ffmpeg ran."""
    set_mp4_channel_count(str(path), 1)
    return Sound(path, DURATION, channels=1)


def _copy(sound: Sound, target: Path) -> Sound:
    shutil.copyfile(sound.path, target)
    return Sound(target, sound.duration, sound.sample_rate, sound.channels)


# --- MP3s without a Xing/Info header (tools.mpeg_frames) -----------------------------------


def _frames_then_garbage(source: Path, frames: int) -> bytes:
    """A few real frames, then noise: mutagen "reads" it, but only as a sketchy MP3."""
    data = source.read_bytes()
    end = first_frame_offset(data)
    for _ in range(frames):
        end += frame_length(data, end)
    return data[:end] + random.Random(7).randbytes(20_000)


def _stripped_copy(source: Path, target: Path) -> Path:
    target.write_bytes(strip_xing_frame(source.read_bytes()))
    return target


# --- Tags, artwork, chapters ----------------------------------------------------------------


def _chapters() -> list:
    return chapters_from_starts(CHAPTERS, round(DURATION * 1000))


_FIXTURE_TAGS = Tags(title=TAGS["title"], artist=TAGS["artist"], album=TAGS["album"], date=TAGS["date"],
                     comment=TAGS["comment"], track=TAGS["track"], track_total=12)


def _tag_id3(sound: Sound, cover_png: bytes, cover_jpeg: bytes, with_chapters: bool) -> Sound:
    """ID3 tags, in the MP3 itself or, for WAV, in the file's ID3 chunk."""
    write_id3(
        sound.path, _FIXTURE_TAGS,
        # Written last chapter first: the reader must order them itself.
        chapters=reversed(_chapters()) if with_chapters else (),
        # The non-front picture comes first, and the cover's tag claims the wrong MIME type:
        # the reader must prefer the front cover and trust the bytes.
        pictures=[Picture(cover_jpeg, "image/jpeg", front_cover=False, description="studio"),
                  Picture(cover_png, "image/jpeg", description="cover")],
        extra_frames=[COMM(encoding=3, lang="fra", desc="iTunNORM", text=" 0000044E 00000000")],  # machine data to skip
        v2_version=4,  # the demo files are v2.3: the fixtures make the reader meet the other version
    )
    return sound


def _tag_mp4(sound: Sound, cover_png: bytes) -> Sound:
    # Claimed JPEG, really PNG: the reader must trust the bytes.
    write_mp4(sound.path, _FIXTURE_TAGS, pictures=[Picture(cover_png, "image/jpeg")])
    return sound


def _tag_vorbis(sound: Sound, cover_png: bytes) -> Sound:
    """Vorbis comments; Ogg files carry the cover as a comment, FLAC as a picture block."""
    cover = [Picture(cover_png, "image/png")]
    if sound.path.suffix != ".opus":
        write_vorbis(sound.path, _FIXTURE_TAGS, _chapters(), cover)
        return sound
    # Opus gets the other common spellings: DESCRIPTION for the comment, chapter numbers of varied width.
    unusual = [("DESCRIPTION", TAGS["comment"])]
    for index, chapter in enumerate(_chapters()):
        number = str(index).zfill(index + 1)
        unusual += [(f"CHAPTER{number}", clock_time(chapter.start_ms)), (f"CHAPTER{number}NAME", chapter.title)]
    write_vorbis(sound.path, Tags(**{**vars(_FIXTURE_TAGS), "comment": None}), pictures=cover, extra=unusual)
    return sound


def _flac_with_gif_cover(path: Path, gif: bytes) -> Path:
    write_vorbis(path, Tags(title="GIF"), pictures=[Picture(gif, "image/gif")])
    return path


# --- Files the reader must refuse -----------------------------------------------------------


def _bad_files(directory: Path, plain: dict[str, Sound]) -> dict[str, Path]:
    bad = {
        "missing": directory / "absent.mp3",
        "empty": directory / "empty.mp3",
        "random_bytes_mp3": directory / "random.mp3",
        "frames_then_garbage_mp3": directory / "frames-then-garbage.mp3",
        "ogg_named_mp3": directory / "ogg-named.mp3",
        "vorbis_named_opus": directory / "vorbis-named.opus",
        "text_named_wav": directory / "text.wav",
        "aiff": directory / "sound.aiff",
        "wma": directory / "sound.wma",
        "adts_aac": directory / "raw.aac",
    }
    bad["empty"].write_bytes(b"")
    bad["random_bytes_mp3"].write_bytes(random.Random(7).randbytes(20_000))
    bad["frames_then_garbage_mp3"].write_bytes(_frames_then_garbage(plain["mp3_cbr_headerless"].path, frames=2))
    shutil.copyfile(plain["ogg"].path, bad["ogg_named_mp3"])
    shutil.copyfile(plain["ogg"].path, bad["vorbis_named_opus"])
    bad["text_named_wav"].write_text("Ceci n'est pas un son, mais un texte.\n", encoding="utf-8")
    return bad
