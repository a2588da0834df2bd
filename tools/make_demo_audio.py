#!/usr/bin/env python3
"""Make the demo audio of the podcast from the episodes' own text, with espeak-ng and ffmpeg.

For each content/podcasts/*.md the script reads the front matter and the Markdown body, speaks it in
French, and writes what the front matter names, next to the .md file:

- `Audio:` the episode, MP3 (CBR 32 kbit/s, 22.05 kHz mono, with its Xing/Info header) or M4A
  (AAC-LC ~32 kbit/s mono, moov first), with tags and chapters inside the file;
- `Alternates:` an Opus version (~20 kbit/s) with Vorbis comments and CHAPTERnnn chapters;
- `Transcript:` a WebVTT transcript, one cue per spoken sentence, timed from the synthesis itself.

Segments: the title and the intro paragraph make the chapter "Introduction"; each `## Heading`
section makes one chapter named after the heading. Every sentence is synthesised on its own, so the
sample counts give exact cue and chapter times; pauses between sentences and segments are inserted
here rather than left to espeak-ng.

Same input, same bytes: no date of the day anywhere, ffmpeg in bitexact mode, fixed tag order. An
existing file is never replaced without --force (one run once wrote over an editor's real recording);
with --force, a file whose new bytes equal the old ones is left untouched, so re-running changes nothing.

Usage, from the repository root: python -m tools.make_demo_audio [--only NAME] [--content DIR] [--force]
NAME is an episode file (01-la-cite-de-l-ia-en-quatre-axes.md), its stem, or its audio name (s1e01).
Needs espeak-ng (Debian package espeak-ng) and an ffmpeg with libmp3lame and libopus: the system's, or
the one the imageio-ffmpeg package ships (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import array
import dataclasses
import glob
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave

from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from pelican.plugins.podcast.markdown_header import header_dict, read_header

from tools import make_cover
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
from tools.ffmpeg import FfmpegMissing, ffmpeg_executable
from tools.no_overwrite import WouldOverwrite, refuse_to_overwrite

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTENT_DIR = os.path.join(ROOT, "content", "podcasts")

ARTIST = "Cité de l'IA"
ALBUM = "Le podcast de la Cité de l'IA"
GENRE = "Podcast"

VOICE = "fr"
SPEED = 165  # words per minute, espeak-ng's -s
MAX_SPEED = 195  # an episode too long at SPEED is spoken faster, by steps of SPEED_STEP, up to this
SPEED_STEP = 10
MAX_DURATION = 60.0  # seconds, the demo's promise
# Encoders add a few ms (MP3 frames, AAC priming): aim a little under the limit.
DURATION_MARGIN = 0.3

# Pauses, in seconds. espeak-ng's own leading/trailing silence is trimmed first, so these are the gaps heard.
LEAD_IN = 0.30
AFTER_HEADING = 0.45
BETWEEN_SENTENCES = 0.32
BETWEEN_SEGMENTS = 0.85
TAIL = 0.60
SILENCE_THRESHOLD = 250  # |sample| above this is speech (16-bit, about -42 dBFS)
SILENCE_GUARD = 0.025  # keep this much around the speech so consonants are not clipped

# Loudness: AES TD1004 asks -16 LUFS for stereo podcasts and -19 LUFS for mono (heard on both speakers).
# espeak-ng speaks at about -22 LUFS with peaks near -3 dBFS, so loudnorm also limits the peaks a little;
# the true-peak ceiling leaves room for the overshoot of low-bitrate AAC and MP3 (up to ~2 dB here).
LOUDNORM = "loudnorm=I=-19:TP=-2.5:LRA=11"

MP3_BITRATE = "64k"  # the least podcast platforms recommend for mono speech
# ffmpeg's native AAC encoder, default "twoloop" coder: on espeak-ng's voice it overshoots the bitrate
# (+25 %), the loudness (+1 dB) and the peaks (+3.5 dB, clipping). The "fast" coder keeps all three;
# 28k nominal lands at ~32-33 kbit/s.
M4A_BITRATE = "28k"
M4A_CODER = "fast"
OPUS_BITRATE = "20k"
SAMPLE_RATE = 22050  # espeak-ng's native rate: the speech is assembled at this rate
PUBLISHED_SAMPLE_RATE = 44100  # what podcast platforms expect: MP3 and AAC are resampled to it
OPUS_SAMPLE_RATE = 24000  # libopus takes 8/12/16/24/48 kHz only

MAX_MEDIA_BYTES = 5 * 1024 * 1024

# Episodes that carry their own artwork, by (season, episode): the others fall back to the show cover,
# so the site shows both cases. MP3 gets an APIC frame, M4A a covr atom.
ARTWORK_EPISODES = {(1, 3), (2, 2), (2, 3)}
# Apple Podcasts refuses artwork that is not a square RGB JPEG/PNG of 1400 to 3000 px: take the smallest.
ARTWORK_SIZE = 1400
ARTWORK_QUALITY = 80
ARTWORK_MAX_BYTES = 120_000  # it rides in every download of the episode

# Capitals read as words, not spelled out; every other all-capitals word of 2-5 letters is spelled
# (IA, TPE, PME...), which espeak-ng otherwise gets wrong ("l'IA" -> "lia", "TPE," -> "tp").
ACRONYMS_AS_WORDS = {"OTAN", "ONU", "CNIL", "INSEE", "UNESCO", "MEDEF", "ADEO"}

FFMPEG_ENCODERS = ("libmp3lame", "aac", "libopus")
FFMPEG_OPTIONS = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
# Reproducible output: no encoder version strings, no random Ogg serial numbers, no source tags.
BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact"]


class DemoError(Exception):
    """A problem that stops the run; the message names the file and says what to do."""


# --- Reading an episode -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sentence:
    text: str  # as shown in the transcript
    spoken: str  # as given to espeak-ng
    is_heading: bool = False


@dataclasses.dataclass(frozen=True)
class Segment:
    title: str  # chapter title
    sentences: tuple[Sentence, ...]


@dataclasses.dataclass(frozen=True)
class EpisodeSource:
    path: str
    title: str
    year: str
    summary: str
    season: int | None
    episode: int | None
    audio: str  # absolute paths from here on
    alternates: tuple[str, ...]
    transcript: str | None
    segments: tuple[Segment, ...]

    @property
    def name(self) -> str:
        return shown(self.path)


def shown(path: str) -> str:
    """A path as the user should read it: from the repository root when inside it."""
    relative = os.path.relpath(path, ROOT)
    return os.path.abspath(path) if relative.startswith("..") else relative


def read_episode(path: str) -> EpisodeSource:
    fields = read_header(path)
    meta = header_dict(fields)
    body = episode_body(path, fields)
    shown_path = shown(path)

    def required(key: str) -> str:
        if not meta.get(key):
            raise DemoError(f"{shown_path}: champ « {key.capitalize()} » manquant dans l'en-tête")
        return meta[key]

    def number(key: str) -> int | None:
        value = meta.get(key)
        if not value:
            return None
        if not value.isdigit():
            raise DemoError(f"{shown_path}: {key.capitalize()}: « {value} » n'est pas un nombre entier")
        return int(value)

    def media(value: str) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(path), value))

    title = required("title")
    date = required("date")
    if not re.match(r"\d{4}-", date):
        raise DemoError(f"{shown_path}: Date: « {date} » n'est pas au format AAAA-MM-JJ")
    audio = media(required("audio"))
    if os.path.splitext(audio)[1].lower() not in ENCODERS:
        raise DemoError(f"{shown_path}: Audio: « {meta['audio']} » : seuls .mp3 et .m4a sont produits ici")
    alternates = tuple(media(item.strip()) for item in meta.get("alternates", "").split(",") if item.strip())
    for alternate in alternates:
        if os.path.splitext(alternate)[1].lower() != ".opus":
            raise DemoError(f"{shown_path}: Alternates: « {os.path.basename(alternate)} » : seul .opus est produit ici")
    transcript = media(meta["transcript"]) if meta.get("transcript") else None
    if transcript and not transcript.endswith(".vtt"):
        raise DemoError(f"{shown_path}: Transcript: seul un fichier .vtt est produit ici")

    segments = split_segments(title, body)
    if not any(segment.sentences for segment in segments):
        raise DemoError(f"{shown_path}: le texte de l'épisode est vide : rien à dire")
    return EpisodeSource(
        path=path, title=title, year=date[:4], summary=markdown_to_text(meta.get("summary", "")),
        season=number("season"), episode=number("episode"), audio=audio, alternates=alternates,
        transcript=transcript, segments=segments,
    )


def episode_body(path: str, fields) -> str:
    """The Markdown after the header `fields` (read by pelican.plugins.podcast.markdown_header) ends."""
    with open(path, encoding="utf-8") as file:
        lines = file.read().lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    end = fields[-1].line_number + len(fields[-1].lines) - 1 if fields else 0
    rest = lines[end:]
    if rest and re.fullmatch(r"(-{3}|\.{3})\s*", rest[0]):  # the header's closing line, when written
        rest = rest[1:]
    return "\n".join(rest)


def split_segments(title: str, body: str) -> tuple[Segment, ...]:
    """Title + intro -> "Introduction"; then one segment per `## Heading` section."""
    parts = re.split(r"^##[ \t]+(.+?)[ \t#]*$", body, flags=re.MULTILINE)
    intro, sections = parts[0], parts[1:]
    segments = [Segment("Introduction", (heading_sentence(title), *paragraph_sentences(intro)))]
    for heading, text in zip(sections[0::2], sections[1::2], strict=False):  # a last heading may have no text
        heading = markdown_to_text(heading)
        segments.append(Segment(heading, (heading_sentence(heading), *paragraph_sentences(text))))
    return tuple(segments)


def heading_sentence(heading: str) -> Sentence:
    heading = markdown_to_text(heading)
    # A final stop makes espeak-ng end the heading with a falling tone, like a spoken title.
    spoken = heading if re.search(r"[.!?…:]$", heading) else heading + "."
    return Sentence(heading, speakable(spoken), is_heading=True)


def paragraph_sentences(markdown: str) -> list[Sentence]:
    sentences = []
    for paragraph in re.split(r"\n\s*\n", markdown.strip()):
        text = markdown_to_text(paragraph)
        # A sentence ends at . ! ? or … followed by a space; French puts a space before ? and !.
        for sentence in re.split(r"(?<=[.!?…])\s+(?=[^\s.!?…])", text):
            if sentence.strip():
                sentences.append(Sentence(sentence.strip(), speakable(sentence.strip())))
    return sentences


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment: links and images keep their text, marks go."""
    text = markdown
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images -> alt text
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # [text](url)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)  # [text][ref]
    text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote marks
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)  # autolinks
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = re.sub(r"^\s{0,3}(?:[-*+]|\d+[.)]|>+|#{1,6})\s+", "", text, flags=re.MULTILINE)  # list, quote, heading
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def speakable(text: str) -> str:
    """What espeak-ng should read: acronyms spelled letter by letter (only the audio changes)."""
    def spell(match: re.Match) -> str:
        word = match.group(0)
        return word if word in ACRONYMS_AS_WORDS else ".".join(word) + "."
    return re.sub(r"(?<![\w.])[A-Z]{2,5}(?![\w])", spell, text)


# --- Speech -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclasses.dataclass(frozen=True)
class Speech:
    pcm: bytes  # 16-bit mono at SAMPLE_RATE
    speed: int
    chapters: tuple[tuple[float, str], ...]  # (start in s, title)
    cues: tuple[Cue, ...]

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / SAMPLE_RATE


def speak(source: EpisodeSource) -> Speech:
    """Synthesise the episode, faster if needed to stay within MAX_DURATION."""
    cache: dict[tuple[str, int], bytes] = {}
    speed = SPEED
    while True:
        speech = assemble(source, speed, cache)
        if speech.duration <= MAX_DURATION - DURATION_MARGIN:
            return speech
        if speed + SPEED_STEP > MAX_SPEED:
            raise DemoError(f"{source.name}: {speech.duration:.1f} s même à {speed} mots/min, plus que les "
                            f"{MAX_DURATION:.0f} s d'une démo : raccourcissez le texte de l'épisode")
        speed += SPEED_STEP


def assemble(source: EpisodeSource, speed: int, cache: dict) -> Speech:
    out = bytearray(silence(LEAD_IN))
    chapters, cues = [], []
    for index, segment in enumerate(source.segments):
        if index:
            out += silence(BETWEEN_SEGMENTS)
        # The first chapter starts at 0 so the lead-in belongs to it; the others start on their first word.
        chapters.append((0.0 if index == 0 else seconds(out), segment.title))
        for position, sentence in enumerate(segment.sentences):
            if position:
                out += silence(AFTER_HEADING if segment.sentences[position - 1].is_heading else BETWEEN_SENTENCES)
            key = (sentence.spoken, speed)
            if key not in cache:
                cache[key] = trim(synthesise(sentence.spoken, speed))
            start = seconds(out)
            out += cache[key]
            cues.append(Cue(start, seconds(out), sentence.text))
    out += silence(TAIL)
    return Speech(bytes(out), speed, tuple(chapters), tuple(cues))


def synthesise(text: str, speed: int) -> bytes:
    """espeak-ng's 16-bit mono PCM for one sentence (text passed on stdin: no shell, any characters)."""
    result = subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(speed), "--stdin", "--stdout"],
                            input=text.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        raise DemoError(f"espeak-ng a échoué sur « {text} » : {result.stderr.decode(errors='replace').strip()}")
    with wave.open(io.BytesIO(result.stdout)) as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or wav.getframerate() != SAMPLE_RATE:
            raise DemoError(f"espeak-ng produit un format inattendu ({wav.getnchannels()} canaux, "
                            f"{wav.getframerate()} Hz) : attendu mono 16 bits {SAMPLE_RATE} Hz")
        # espeak-ng writes a streaming header (size unknown): read what is there.
        return wav.readframes(wav.getnframes() or 1 << 30)


def trim(pcm: bytes) -> bytes:
    samples = array.array("h", pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, value in enumerate(samples) if abs(value) > SILENCE_THRESHOLD]
    if not loud:
        return b""
    guard = round(SILENCE_GUARD * SAMPLE_RATE)
    first, last = max(0, loud[0] - guard), min(len(samples), loud[-1] + guard + 1)
    return pcm[first * 2:last * 2]


def silence(duration: float) -> bytes:
    return bytes(2 * round(duration * SAMPLE_RATE))


def seconds(pcm: bytes | bytearray) -> float:
    return len(pcm) / 2 / SAMPLE_RATE


def normalise(raw: str, out: str, source: EpisodeSource) -> None:
    """Bring the speech to the podcast loudness; sample count and timing must not move (cues depend on them)."""
    ffmpeg("-i", raw, "-af", LOUDNORM, "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "pcm_s16le",
           "-map_metadata", "-1", *BITEXACT, out)
    with wave.open(raw) as before, wave.open(out) as after:
        if before.getnframes() != after.getnframes():
            raise DemoError(f"{source.name}: loudnorm a changé la longueur ({before.getnframes()} -> "
                            f"{after.getnframes()} échantillons) : les repères du transcript seraient faux")


def write_wav(path: str, pcm: bytes) -> None:
    with wave.open(path, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm)


# --- Encoding and tagging ---------------------------------------------------------------------


def ffmpeg(*args: str) -> None:
    result = subprocess.run([ffmpeg_executable(FFMPEG_ENCODERS), *FFMPEG_OPTIONS, *args],
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise DemoError(f"ffmpeg a échoué : {result.stderr.decode(errors='replace').strip()}")


def episode_tags(source: EpisodeSource) -> Tags:
    return Tags(title=source.title, artist=ARTIST, album=ALBUM, genre=GENRE, date=source.year,
                comment=source.summary or None, track=source.episode, disc=source.season, language="fr")


def episode_pictures(artwork: bytes | None) -> list[Picture]:
    return [Picture(artwork, mime="image/jpeg")] if artwork else []


def encode_mp3(wav: str, out: str, source: EpisodeSource, speech: Speech, artwork: bytes | None) -> None:
    # No ID3 from ffmpeg (ours is written next); the Xing/Info frame stays: it carries the exact length.
    ffmpeg("-i", wav, "-map", "0:a", "-map_metadata", "-1", "-map_chapters", "-1", *BITEXACT,
           "-c:a", "libmp3lame", "-b:a", MP3_BITRATE, "-ar", str(PUBLISHED_SAMPLE_RATE), "-ac", "1",
           "-id3v2_version", "0", "-write_xing", "1", out)
    length_ms = round(MP3(out).info.length * 1000)
    write_id3(out, episode_tags(source), chapters_from_starts(speech.chapters, length_ms),
              episode_pictures(artwork))


def encode_m4a(wav: str, out: str, source: EpisodeSource, speech: Speech, artwork: bytes | None) -> None:
    metadata = os.path.join(os.path.dirname(wav), "chapters.ffmeta")
    write_ffmetadata_chapters(metadata, chapters_from_starts(speech.chapters, round(speech.duration * 1000)))
    ffmpeg("-i", wav, "-f", "ffmetadata", "-i", metadata, "-map", "0:a", "-map_metadata", "1",
           "-map_chapters", "1", *BITEXACT, "-c:a", "aac", "-aac_coder", M4A_CODER, "-b:a", M4A_BITRATE,
           "-ar", str(PUBLISHED_SAMPLE_RATE), "-ac", "1", "-metadata:s:a:0", "language=fra", "-movflags", "+faststart", out)
    try:
        set_mp4_channel_count(out, 1)
    except ValueError as error:
        raise DemoError(f"M4A produit par ffmpeg inattendu : {error}") from error
    write_mp4(out, episode_tags(source), episode_pictures(artwork))


def encode_opus(wav: str, out: str, source: EpisodeSource, speech: Speech) -> None:
    ffmpeg("-i", wav, "-map", "0:a", "-map_metadata", "-1", "-map_chapters", "-1", *BITEXACT,
           "-c:a", "libopus", "-b:a", OPUS_BITRATE, "-application", "voip", "-ar", str(OPUS_SAMPLE_RATE),
           "-ac", "1", out)
    write_vorbis(out, episode_tags(source), chapters_from_starts(speech.chapters, round(speech.duration * 1000)))


ENCODERS = {".mp3": ("MP3", encode_mp3), ".m4a": ("M4A (AAC)", encode_m4a)}


def timestamp(value: float) -> str:
    """HH:MM:SS.mmm, a WebVTT cue time."""
    return clock_time(round(value * 1000))


def write_vtt(path: str, speech: Speech) -> None:
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(speech.cues, start=1):
        # "-->" must never appear in cue text; WebVTT wants &, < escaped.
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace("-->", "->")
        lines += [str(number), f"{timestamp(cue.start)} --> {timestamp(cue.end)}", text, ""]
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write("\n".join(lines))


def episode_artwork(source: EpisodeSource) -> bytes | None:
    if (source.season, source.episode) not in ARTWORK_EPISODES:
        return None
    image = make_cover.render_cover(ARTWORK_SIZE, badge=f"S{source.season} · ÉP. {source.episode}")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=ARTWORK_QUALITY, optimize=True)
    data = buffer.getvalue()
    if len(data) > ARTWORK_MAX_BYTES:
        raise DemoError(f"{source.name}: pochette de {len(data)} octets, plus que {ARTWORK_MAX_BYTES} : "
                        "baissez ARTWORK_QUALITY")
    return data


# --- One episode, start to finish ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Written:
    path: str
    kind: str
    duration: float | None
    bitrate: int | None  # bit/s, as mutagen reads it
    size: int
    chapters: int | None  # cues for a transcript
    artwork: bool
    speed: int
    changed: bool


def build_episode(source: EpisodeSource) -> list[Written]:
    speech = speak(source)
    artwork = episode_artwork(source)
    written = []
    with tempfile.TemporaryDirectory(prefix="demo-audio-") as work:
        raw, wav = os.path.join(work, "raw.wav"), os.path.join(work, "speech.wav")
        write_wav(raw, speech.pcm)
        normalise(raw, wav, source)
        kind, encode = ENCODERS[os.path.splitext(source.audio)[1].lower()]
        outputs = [(source.audio, kind, lambda out: encode(wav, out, source, speech, artwork))]
        outputs += [(alt, "Opus", lambda out: encode_opus(wav, out, source, speech)) for alt in source.alternates]
        if source.transcript:
            outputs.append((source.transcript, "WebVTT", lambda out: write_vtt(out, speech)))
        for index, (target, kind, make) in enumerate(outputs):
            staged = os.path.join(work, f"out{index}{os.path.splitext(target)[1]}")
            make(staged)
            changed = install(staged, target)
            if kind == "WebVTT":
                written.append(Written(target, kind, None, None, os.path.getsize(target), len(speech.cues),
                                       False, speech.speed, changed))
            else:
                duration, bitrate, chapters, has_art = check_audio(target, source, speech, expect_art=bool(artwork) and
                                                          target == source.audio)
                written.append(Written(target, kind, duration, bitrate, os.path.getsize(target), chapters, has_art,
                                       speech.speed, changed))
    return written


def install(staged: str, target: str) -> bool:
    """Move `staged` to `target` unless the bytes are the same (keeps mtimes, and git, quiet)."""
    if os.path.exists(target):
        with open(staged, "rb") as new, open(target, "rb") as old:
            if new.read() == old.read():
                return False
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.move(staged, target + ".tmp")
    os.replace(target + ".tmp", target)
    return True


def check_audio(path: str, source: EpisodeSource, speech: Speech, expect_art: bool) -> tuple[float, int, int, bool]:
    """Read the written file back with mutagen, as the site build will; raise on any mismatch."""
    problems = []
    if path.endswith(".mp3"):
        audio = MP3(path)
        if audio.info.bitrate_mode == BitrateMode.UNKNOWN:
            problems.append("pas d'en-tête Xing/Info")
        titles = [frame.sub_frames["TIT2"].text[0] for frame in sorted(audio.tags.getall("CHAP"),
                                                                         key=lambda f: f.start_time)]
        if not audio.tags.getall("CTOC"):
            problems.append("pas de CTOC")
        title = audio.tags["TIT2"].text[0]
        has_art = bool(audio.tags.getall("APIC"))
    elif path.endswith(".m4a"):
        audio = MP4(path)
        titles = [chapter.title for chapter in (audio.chapters or [])]
        title = audio.tags["©nam"][0]
        has_art = "covr" in audio.tags
    else:
        audio = OggOpus(path)
        count = len([key for key in audio.tags.keys() if re.fullmatch(r"chapter\d+", key.lower())])  # noqa: SIM118  (pairs otherwise)
        titles = [audio.tags[f"CHAPTER{i:03d}NAME"][0] for i in range(1, count + 1)]
        title = audio.tags["TITLE"][0]
        has_art = False
    duration = audio.info.length
    if titles != [name for _, name in speech.chapters]:
        problems.append(f"chapitres relus {titles!r}")
    if title != source.title:
        problems.append(f"titre relu {title!r}")
    if abs(duration - speech.duration) > 0.15:
        problems.append(f"durée relue {duration:.2f} s au lieu de {speech.duration:.2f} s")
    if duration > MAX_DURATION:
        problems.append(f"durée {duration:.1f} s > {MAX_DURATION:.0f} s")
    if has_art != expect_art:
        problems.append("pochette " + ("absente" if expect_art else "inattendue"))
    if problems:
        raise DemoError(f"{shown(path)}: relecture avec mutagen : " + " ; ".join(problems))
    return duration, audio.info.bitrate, len(titles), has_art


# --- Command line -------------------------------------------------------------------------------


def check_tools() -> None:
    if shutil.which("espeak-ng") is None:
        raise DemoError("espeak-ng introuvable : installez le paquet Debian espeak-ng (sudo apt-get install espeak-ng)")
    try:
        ffmpeg_executable(FFMPEG_ENCODERS)
    except FfmpegMissing as error:
        raise DemoError(str(error)) from error
    voices = subprocess.run(["espeak-ng", "--voices=fr"], capture_output=True, text=True, check=False).stdout
    if not re.search(r"\sfr\s", voices):
        raise DemoError("espeak-ng n'a pas la voix française « fr » : installez le paquet Debian espeak-ng-data")


def select(sources: list[EpisodeSource], only: str | None) -> list[EpisodeSource]:
    if not only:
        return sources
    wanted = os.path.splitext(os.path.basename(only))[0]

    def stem(path: str) -> str:
        return os.path.splitext(os.path.basename(path))[0]

    chosen = [source for source in sources if wanted in (stem(source.path), stem(source.audio))]
    if not chosen:
        names = ", ".join(stem(source.path) for source in sources)
        raise DemoError(f"--only {only}: aucun épisode de ce nom ; épisodes : {names}")
    return chosen


def outputs_of(source: EpisodeSource) -> list[str]:
    return [path for path in (source.audio, *source.alternates, source.transcript) if path]


def print_table(rows: list[Written], media_dirs: set[str]) -> None:
    header = ("Fichier", "Format", "Durée", "Débit", "Taille", "Chapitres", "Pochette", "Voix", "État")
    table = [header]
    for row in rows:
        table.append((
            shown(row.path), row.kind,
            f"{row.duration:.2f} s" if row.duration is not None else "",
            f"{row.bitrate / 1000:.1f} kbit/s" if row.bitrate else "",
            f"{row.size / 1024:.1f} Ko",
            f"{row.chapters} répliques" if row.kind == "WebVTT" else str(row.chapters),
            "oui" if row.artwork else "", f"{row.speed} mots/min",
            "écrit" if row.changed else "inchangé",
        ))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for number, line in enumerate(table):
        print("  ".join(cell.ljust(width) if i < 2 else cell.rjust(width) if i < 5 else cell.ljust(width)
                        for i, (cell, width) in enumerate(zip(line, widths, strict=True))).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    for directory in sorted(media_dirs):
        files = [os.path.join(directory, name) for name in sorted(os.listdir(directory))]
        total = sum(os.path.getsize(path) for path in files if os.path.isfile(path))
        print(f"\nTotal de {shown(directory)}/ : {total / 1024:.1f} Ko "
              f"({total:,} octets, limite {MAX_MEDIA_BYTES / 1024 / 1024:.0f} Mo), {len(files)} fichiers")
        if total > MAX_MEDIA_BYTES:
            raise DemoError(f"{shown(directory)}/ dépasse {MAX_MEDIA_BYTES:,} octets : "
                            "baissez les débits")


def unreferenced(sources: list[EpisodeSource], media_dirs: set[str]) -> list[str]:
    named = {path for source in sources for path in outputs_of(source)}
    return [os.path.join(directory, name) for directory in sorted(media_dirs)
            for name in sorted(os.listdir(directory)) if os.path.join(directory, name) not in named]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="NAME", help="one episode: file name, stem or audio name (s1e01)")
    parser.add_argument("--content", default=CONTENT_DIR, help="folder of the episode .md files (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="replace audio and transcripts that already exist")
    args = parser.parse_args(argv)
    try:
        paths = sorted(glob.glob(os.path.join(args.content, "*.md")))
        if not paths:
            raise DemoError(f"aucun épisode (*.md) dans {args.content}")
        all_sources = [read_episode(path) for path in paths]  # every front matter checked before any audio
        chosen = select(all_sources, args.only)
        refuse_to_overwrite([path for source in chosen for path in outputs_of(source)], args.force, shown)
        check_tools()
        rows = [row for source in chosen for row in build_episode(source)]
        media_dirs = {os.path.dirname(row.path) for row in rows}
        print_table(rows, media_dirs)
        for stray in unreferenced(all_sources, media_dirs):
            print(f"attention : {shown(stray)} n'est nommé par aucun épisode (compté dans le total)")
    except (DemoError, WouldOverwrite) as error:
        print(f"make_demo_audio: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
