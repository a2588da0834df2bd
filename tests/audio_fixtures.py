"""Small real audio files for the tests, generated with Debian's ffmpeg, with a known truth.

No binary is committed: `build_audio_fixtures(directory)` encodes short mono sine tones (low sample
rate, so the files stay tiny) in every supported format, then writes tags, artwork and chapters with
mutagen itself (with ffmpeg for MP4 chapters, which mutagen cannot write), and adds the broken and
unsupported files the reader must refuse. The encoders run in parallel: the whole set takes ~1-2 s.
"""

from __future__ import annotations

import base64
import io
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TPE1, TRCK, CTOCFlags, PictureType
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from PIL import Image

DURATION = 7.0  # seconds of every plain file
VBR_DURATION = 30.0  # long enough for mutagen's first-frame estimate to go far astray
SAMPLE_RATE = 22050  # MPEG-2 for the MP3s (576 samples a frame)...
VBR_SAMPLE_RATE = 44100  # ...and MPEG-1 for the VBR MP3s (1152): the frame counter meets both
OPUS_SAMPLE_RATE = 48000  # what an Opus stream reports, whatever rate it was encoded from
# ffmpeg writes mono AAC with a channel count of 2 in the MP4 sample entry and no explicit
# "no Parametric Stereo" flag; mutagen then reports 2, the count a PS-capable decoder may output.
M4A_CHANNELS = 2

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


class FfmpegMissing(RuntimeError):
    """The fixtures cannot be made: the message says what to install."""


def build_audio_fixtures(directory: Path) -> AudioFixtures:
    """Generate every fixture file into `directory` (which must exist) and return them with their truth."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise FfmpegMissing("ffmpeg is needed to generate the audio test files: sudo apt-get install ffmpeg")
    cover_png, cover_jpeg, cover_gif = _image("PNG"), _image("JPEG"), _image("GIF")
    chapters_file = _write_ffmetadata_chapters(directory / "chapters.txt")
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
        "m4a": Sound(path("aac.m4a"), DURATION, channels=M4A_CHANNELS),
        "ogg": Sound(path("vorbis.ogg"), DURATION),
        "opus": Sound(path("opus.opus"), DURATION, sample_rate=OPUS_SAMPLE_RATE),
        "flac": Sound(path("lossless.flac"), DURATION),
        "wav": Sound(path("pcm.wav"), DURATION),
    }
    tagged = {
        "mp3": _tag_id3(_copy(plain["mp3"], path("tagged.mp3")), cover_png, cover_jpeg, with_chapters=True),
        "m4a": _tag_mp4(Sound(path("tagged.m4a"), DURATION, channels=M4A_CHANNELS), cover_png),
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
        gif_cover_flac=_flac_with_picture(_copy(plain["flac"], path("gif-cover.flac")).path, cover_gif),
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


def _write_ffmetadata_chapters(path: Path) -> Path:
    ends = [start for start, _ in CHAPTERS[1:]] + [DURATION]
    blocks = [
        f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={int(start * 1000)}\nEND={int(end * 1000)}\ntitle={title}\n"
        for (start, title), end in zip(CHAPTERS, ends)
    ]
    path.write_text(";FFMETADATA1\n" + "".join(blocks), encoding="utf-8")
    return path


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


def _copy(sound: Sound, target: Path) -> Sound:
    shutil.copyfile(sound.path, target)
    return Sound(target, sound.duration, sound.sample_rate, sound.channels)


# --- Stripping the Xing/Info header ---------------------------------------------------------

_KBPS = {  # Layer III bitrates by bitrate index
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000)}


def strip_xing_frame(data: bytes) -> bytes:
    """Remove the first MPEG frame when it holds the Xing/Info header (LAME writes it as a silent
    frame), leaving the MP3 that header-less encoders produce: mutagen must then guess its length."""
    start = _first_frame_offset(data)
    length = _frame_length(data, start)
    frame = data[start:start + length]
    assert b"Xing" in frame or b"Info" in frame, "the first frame holds no Xing/Info header"
    return data[:start] + data[start + length:]


def _first_frame_offset(data: bytes) -> int:
    """Where the audio starts: after the ID3v2 tag ffmpeg writes first."""
    start = 10 + (data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]) if data.startswith(b"ID3") else 0
    assert data[start] == 0xFF, "the first frame must follow the ID3v2 tag"
    return start


def _frame_length(data: bytes, start: int) -> int:
    version = 1 if data[start + 1] & 0x08 else 2  # MPEG-2.5 is not produced by these fixtures
    kbps = _KBPS[version][data[start + 2] >> 4]
    sample_rate = _RATES[version][(data[start + 2] >> 2) & 0b11]
    padding = (data[start + 2] >> 1) & 1
    return (144_000 if version == 1 else 72_000) * kbps // sample_rate + padding


def _frames_then_garbage(source: Path, frames: int) -> bytes:
    """A few real frames, then noise: mutagen "reads" it, but only as a sketchy MP3."""
    data = source.read_bytes()
    end = _first_frame_offset(data)
    for _ in range(frames):
        end += _frame_length(data, end)
    return data[:end] + random.Random(7).randbytes(20_000)


def _stripped_copy(source: Path, target: Path) -> Path:
    target.write_bytes(strip_xing_frame(source.read_bytes()))
    return target


# --- Tags, artwork, chapters ----------------------------------------------------------------


def _tag_id3(sound: Sound, cover_png: bytes, cover_jpeg: bytes, with_chapters: bool) -> Sound:
    """ID3 tags, in the MP3 itself or, for WAV, in the file's ID3 chunk."""
    if sound.path.suffix == ".wav":
        audio = WAVE(sound.path)
        audio.add_tags()
        tags = audio.tags
    else:
        audio, tags = None, ID3()
    tags.add(TIT2(encoding=3, text=TAGS["title"]))
    tags.add(TPE1(encoding=3, text=TAGS["artist"]))
    tags.add(TALB(encoding=3, text=TAGS["album"]))
    tags.add(COMM(encoding=3, lang="fra", desc="iTunNORM", text=" 0000044E 00000000"))  # machine data to skip
    tags.add(COMM(encoding=3, lang="fra", desc="", text=TAGS["comment"]))
    tags.add(TDRC(encoding=3, text=TAGS["date"]))
    tags.add(TRCK(encoding=3, text=f"{TAGS['track']}/12"))
    # The non-front picture comes first, and the cover's tag claims the wrong MIME type:
    # the reader must prefer the front cover and trust the bytes.
    tags.add(APIC(encoding=3, mime="image/jpeg", type=PictureType.OTHER, desc="studio", data=cover_jpeg))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=PictureType.COVER_FRONT, desc="cover", data=cover_png))
    if with_chapters:
        _add_id3_chapters(tags)
    if audio is None:
        tags.save(sound.path)
    else:
        audio.save()
    return sound


def _add_id3_chapters(tags: ID3) -> None:
    ends = [start for start, _ in CHAPTERS[1:]] + [DURATION]
    element_ids = [f"chp{index}" for index in range(len(CHAPTERS))]
    # Written last chapter first: the reader must order them itself.
    for element_id, (start, title), end in reversed(list(zip(element_ids, CHAPTERS, ends))):
        tags.add(CHAP(element_id=element_id, start_time=int(start * 1000), end_time=int(end * 1000),
                      sub_frames=[TIT2(encoding=3, text=title)]))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=element_ids, sub_frames=[TIT2(encoding=3, text="Chapitres")]))


def _tag_mp4(sound: Sound, cover_png: bytes) -> Sound:
    audio = MP4(sound.path)
    audio["©nam"] = TAGS["title"]
    audio["©ART"] = TAGS["artist"]
    audio["©alb"] = TAGS["album"]
    audio["©cmt"] = TAGS["comment"]
    audio["©day"] = TAGS["date"]
    audio["trkn"] = [(TAGS["track"], 12)]
    # Claimed JPEG, really PNG: the reader must trust the bytes.
    audio["covr"] = [MP4Cover(cover_png, imageformat=MP4Cover.FORMAT_JPEG)]
    audio.save()
    return sound


def _tag_vorbis(sound: Sound, cover_png: bytes) -> Sound:
    """Vorbis comments; Ogg files carry the cover as a comment, FLAC as a picture block."""
    suffix = sound.path.suffix
    audio = {".ogg": OggVorbis, ".opus": OggOpus, ".flac": FLAC}[suffix](sound.path)
    audio["TITLE"] = TAGS["title"]
    audio["ARTIST"] = TAGS["artist"]
    audio["ALBUM"] = TAGS["album"]
    audio["DATE"] = TAGS["date"]
    audio["TRACKNUMBER"] = f"{TAGS['track']}/12"
    # Opus uses DESCRIPTION (the other common name) and chapter numbers of varied width.
    audio["DESCRIPTION" if suffix == ".opus" else "COMMENT"] = TAGS["comment"]
    for index, (start, title) in enumerate(CHAPTERS):
        number = str(index).zfill(index + 1) if suffix == ".opus" else f"{index:03d}"
        audio[f"CHAPTER{number}"] = _timestamp(start)
        audio[f"CHAPTER{number}NAME"] = title
    picture = _picture(cover_png)
    if suffix == ".flac":
        audio.add_picture(picture)
    else:
        audio["METADATA_BLOCK_PICTURE"] = base64.b64encode(picture.write()).decode("ascii")
    audio.save()
    return sound


def _timestamp(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:06.3f}"


def _picture(data: bytes, mime: str = "image/png") -> Picture:
    picture = Picture()
    picture.type = PictureType.COVER_FRONT
    picture.mime = mime
    picture.data = data
    return picture


def _flac_with_picture(path: Path, data: bytes) -> Path:
    audio = FLAC(path)
    audio.add_picture(_picture(data, mime="image/gif"))
    audio.save()
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
