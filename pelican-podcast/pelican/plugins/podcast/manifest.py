"""The audio manifest: what the build reads from each audio file, committed beside the episodes.

An hour of podcast is about 50 MB: the audio may live on the media host (PODCAST_MEDIA_URL) rather
than in git. `content/podcasts/audio-manifest.json` then speaks for each absent file: one entry per
audio file, keyed by its path inside content/, holding its size, sha256 and everything `read_audio()`
gives (duration, bitrate, tags, chapters with the ends the file gives...). A build that finds the
file reads it as always; a build that does not, and has PODCAST_MEDIA_URL, takes the entry instead
and gets the very same `AudioInfo`: pages and feed are byte for byte the same.

The artwork embedded in an audio file is not put in the JSON: it is extracted, when the entry is
written, into an image committed beside the audio (`media/s1e03.mp3.pochette.jpg`), and the entry
names it with its sha256. An episode that shows its audio's artwork shows it whether the audio is
there or not.

Who writes it: `invoke check` (its one write besides the metadata cache) and `invoke new-episode`,
for the audio files present, an entry changing only when what the file holds changed. The build
never writes it: a present file that no longer matches its entry is an error saying to run
`invoke check`. Plain JSON (indented, sorted keys, UTF-8), written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from .audio_formats import MIME_TYPES
from .catalogue import PODCAST, phrase
from .files import finite_number, write_atomically
from .problem_record import Problem
from .records import Artwork, AudioInfo, AudioTags, Chapter
from .source_files import SourceFile, missing_source_file

MANIFEST_NAME = "audio-manifest.json"
FORMAT_NAME = "cite-ia podcast audio manifest"
VERSION = 1
NOTE = ("Écrit par « invoke check » et « invoke new-episode » d'après les fichiers audio : "
        "ne le modifiez pas à la main, commitez-le avec les épisodes.")
ARTWORK_SUFFIX = ".pochette"  # media/s1e03.mp3 -> media/s1e03.mp3.pochette.jpg

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MIME_TYPES = set(MIME_TYPES.values())
_FORMAT_NAMES = set(MIME_TYPES)
_IMAGE_TYPES = ("image/jpeg", "image/png")


class _Invalid(ValueError):
    pass


class AudioManifest:
    """The manifest of one content folder: loaded once per build, checked, written by `save()`.

    `updating` (`invoke check`): present files update their entries. Otherwise (a build) a present
    file that disagrees with its entry is a problem.
    """

    def __init__(self, content_path: str, podcast_dir: str, updating: bool = False):
        self.content_path = content_path
        self.relative = posixpath.join(podcast_dir, MANIFEST_NAME)
        self.path = os.path.join(content_path, *self.relative.split("/"))
        self.shown = posixpath.join("content", self.relative)
        self.updating = updating
        self.problems: list[Problem] = []  # a damaged manifest, each naming the file
        self.entries: dict[str, dict[str, Any]] = {}  # content-relative audio path -> checked JSON entry
        self._images: dict[str, bytes] = {}  # content-relative image path -> bytes, written by save()
        self.updated: list[str] = []  # the audio paths whose entry save() writes
        self._load()

    # --- Reading ----------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            with open(self.path, encoding="utf-8") as stream:
                document = json.load(stream)
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            self._damaged("podcast.E150", error=error)
            return
        except json.JSONDecodeError as error:
            self._damaged("podcast.E151", line=error.lineno, row=error.lineno, column=error.colno, error=error.msg)
            return
        if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
            self._damaged("podcast.E152", expected=FORMAT_NAME)
            return
        if document.get("version") != VERSION:
            self._damaged("podcast.E153", version=document.get("version"), expected=VERSION)
            return
        audio = document.get("audio")
        if not isinstance(audio, dict):
            self._damaged("podcast.E154")
            return
        for key, entry in audio.items():
            try:
                _check_key(key)
                self.entries[key] = _checked_entry(entry)
            except _Invalid as error:
                self.problems.append(PODCAST("podcast.E155", file=self.shown, line=self._line_of(key), key=key,
                                             error=error))

    def _damaged(self, code: str, line: int | None = None, **values: Any) -> None:
        self.problems.append(PODCAST(code, file=self.shown, line=line, **values))

    def _line_of(self, key: str) -> int | None:
        """The line of the manifest where the entry `key` starts (save() writes each on its own)."""
        opening = f"    {json.dumps(key, ensure_ascii=False)}: "
        with open(self.path, encoding="utf-8") as stream:
            return next((number for number, line in enumerate(stream, 1) if line.startswith(opening)), None)

    def info(self, relative: str, absolute: str) -> tuple[AudioInfo | None, Problem | None]:
        """The AudioInfo `read_audio()` gave for the file at `relative`, or (None, why not)."""
        entry = self.entries.get(relative)
        if entry is None:
            return None, None
        artwork = None
        reference = entry["artwork"]
        if reference is not None:
            image = os.path.join(self.content_path, *reference["file"].split("/"))
            try:
                with open(image, "rb") as stream:
                    data = stream.read()
            except OSError:
                return None, PODCAST("podcast.E156", image=posixpath.join("content", reference["file"]),
                                     manifest=self.shown)
            if hashlib.sha256(data).hexdigest() != reference["sha256"]:
                return None, PODCAST("podcast.E157", image=posixpath.join("content", reference["file"]))
            artwork = Artwork(data=data, mime_type=reference["mime_type"])
        return _info(entry, absolute, artwork), None

    def stand_in(
        self, written: str, episode_relative: str, reason: Problem, media_url: str | None
    ) -> tuple[SourceFile | None, AudioInfo | None, Problem | None]:
        """For an audio file resolve_source_file() did not find (`reason`): its place and its
        entry's AudioInfo, when PODCAST_MEDIA_URL serves it; else (None, None, the problem to give)."""
        absent = missing_source_file(written, episode_relative, self.content_path)
        if absent is None or media_url is None:
            return None, None, reason
        info, problem = self.info(absent.relative, absent.absolute)
        if problem:
            return None, None, problem
        if info is None:
            return None, None, PODCAST("podcast.E158", reason=reason.message, name=MANIFEST_NAME, manifest=self.shown)
        return absent, info, None

    def present(self, found: SourceFile, written: str, info: AudioInfo, sha256: Callable[[], str]) -> list[Problem]:
        """A file that is there: `invoke check` records it; a build checks that its entry agrees."""
        entry = self.entries.get(found.relative)
        if self.updating:
            self.record(found.relative, info, sha256())
            return []
        if entry is None:
            return []
        if entry["sha256"] != sha256():
            return [PODCAST("podcast.E159", written=written, manifest=self.shown)]
        if _serialised(info, entry["sha256"], entry["artwork"]) != entry:
            return [PODCAST("podcast.E160", written=written, manifest=self.shown)]
        return []

    # --- Writing ----------------------------------------------------------------------------

    def record(self, relative: str, info: AudioInfo, sha256: str) -> None:
        """The entry of the file at `relative` (read as `info`), changed only if the file's content
        (or what the reader makes of it) changed; its artwork is extracted beside it by save()."""
        artwork = None
        if info.artwork is not None:
            image = relative + ARTWORK_SUFFIX + info.artwork.extension
            artwork = {"file": image, "mime_type": info.artwork.mime_type,
                       "sha256": hashlib.sha256(info.artwork.data).hexdigest()}
            self._images[image] = info.artwork.data
        entry = _serialised(info, sha256, artwork)
        if self.entries.get(relative) != entry:
            self.entries[relative] = entry
            self.updated.append(relative)

    def save(self) -> list[str]:
        """Write the manifest (and the extracted images) if an entry changed; the content-relative
        paths written. A damaged manifest is never overwritten."""
        if self.problems or not self.updated:
            return []
        written = []
        for relative in self.updated:
            reference = self.entries[relative]["artwork"]
            if reference is None:
                continue
            image = os.path.join(self.content_path, *reference["file"].split("/"))
            data = self._images[reference["file"]]
            if not (os.path.isfile(image) and _file_bytes(image) == data):
                write_atomically(image, data)
                written.append(reference["file"])
        document = {"format": FORMAT_NAME, "version": VERSION, "note": NOTE, "audio": self.entries}
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"))
        self.updated = []
        return [*written, self.relative]

    # --- For the tasks (publish-media, the media host check) ----------------------------------

    def files(self) -> list[tuple[str, int, str]]:
        """(content-relative path, size, sha256) of every audio file the manifest knows, sorted."""
        return [(relative, entry["size"], entry["sha256"]) for relative, entry in sorted(self.entries.items())]


def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _serialised(info: AudioInfo, sha256: str, artwork: dict[str, Any] | None) -> dict[str, Any]:
    """An entry as JSON holds it (the absolute path is the reader's machine's: left out)."""
    data = asdict(info)
    del data["path"]
    data["chapters"] = [dict(chapter) for chapter in data["chapters"]]
    data["sha256"] = sha256
    data["artwork"] = artwork
    # Through JSON and back: what the file would hold, so that entries compare as loaded ones do.
    loaded: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return loaded


def _info(entry: dict[str, Any], absolute: str, artwork: Artwork | None) -> AudioInfo:
    return AudioInfo(
        path=os.path.abspath(absolute),
        size=entry["size"],
        mime_type=entry["mime_type"],
        format=entry["format"],
        duration=float(entry["duration"]),
        bitrate=entry["bitrate"],
        sample_rate=entry["sample_rate"],
        channels=entry["channels"],
        tags=AudioTags(**entry["tags"]),
        artwork=artwork,
        chapters=tuple(
            Chapter(start=float(c["start"]), title=c["title"], end=None if c["end"] is None else float(c["end"]))
            for c in entry["chapters"]
        ),
    )


# --- Validation: every field of an entry, its type and its range ---------------------------------


def _check_key(key: str) -> None:
    parts = key.split("/")
    if key.startswith("/") or "\\" in key or any(part in ("", ".", "..") for part in parts):
        raise _Invalid(phrase("manifest_relative"))


def _shown(value: object) -> str:
    """A value as the manifest writes it: NaN, Infinity, true, null rather than Python's nan, inf, True, None."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _integer(entry: dict, name: str, minimum: int = 0) -> None:
    value = entry.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Invalid(phrase("manifest_integer", name=name, minimum=minimum, value=_shown(value)))


def _number(value: object, name: str, above_zero: bool = False) -> None:
    """A finite number ≥ 0 (> 0 with `above_zero`). Python's JSON reads NaN and Infinity: the
    feed's and the pages' JSON writers then refuse them, so they stop here, naming the field."""
    if not finite_number(value) or value < 0 or (above_zero and value == 0):
        raise _Invalid(phrase("manifest_above_zero" if above_zero else "manifest_positive", name=name, value=_shown(value)))


def _sha(value: object, name: str) -> None:
    if not isinstance(value, str) or not _SHA256.match(value):
        raise _Invalid(phrase("manifest_sha256", name=name, value=value))


def _checked_entry(entry: object) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise _Invalid(phrase("manifest_object"))
    expected = {"artwork", "bitrate", "channels", "chapters", "duration", "format", "mime_type", "sample_rate",
                "sha256", "size", "tags"}
    if set(entry) != expected:
        missing, extra = sorted(expected - set(entry)), sorted(set(entry) - expected)
        raise _Invalid(", ".join([*(phrase("manifest_missing_key", key=k) for k in missing),
                                  *(phrase("manifest_unknown_key", key=k) for k in extra)]))
    _integer(entry, "size", 1)
    _integer(entry, "bitrate")
    _integer(entry, "sample_rate")
    _integer(entry, "channels")
    _number(entry["duration"], "duration", above_zero=True)
    _sha(entry["sha256"], "sha256")
    if entry["format"] not in _FORMAT_NAMES:
        raise _Invalid(phrase("manifest_unknown_value", name="format", value=entry["format"]))
    if entry["mime_type"] not in _MIME_TYPES:
        raise _Invalid(phrase("manifest_unknown_value", name="mime_type", value=entry["mime_type"]))
    tags = entry["tags"]
    if not isinstance(tags, dict) or set(tags) != set(AudioTags.__dataclass_fields__):
        raise _Invalid(phrase("manifest_tags_keys", keys=sorted(AudioTags.__dataclass_fields__)))
    for name, value in tags.items():
        allowed = (int,) if name == "track" else (str,)
        if value is not None and (isinstance(value, bool) or not isinstance(value, allowed)):
            raise _Invalid(phrase("manifest_tag_type", name=name, value=value))
    chapters = entry["chapters"]
    if not isinstance(chapters, list):
        raise _Invalid(phrase("manifest_chapters_list"))
    for chapter in chapters:
        if not isinstance(chapter, dict) or set(chapter) != {"start", "title", "end"} or not isinstance(chapter["title"], str):
            raise _Invalid(phrase("manifest_chapter_keys"))
        _number(chapter["start"], "chapters.start")
        if chapter["end"] is not None:
            _number(chapter["end"], "chapters.end")
    artwork = entry["artwork"]
    if artwork is not None:
        if not isinstance(artwork, dict) or set(artwork) != {"file", "mime_type", "sha256"}:
            raise _Invalid(phrase("manifest_artwork"))
        if not isinstance(artwork["file"], str):
            raise _Invalid(phrase("manifest_artwork_file"))
        _check_key(artwork["file"])
        if artwork["mime_type"] not in _IMAGE_TYPES:
            raise _Invalid(phrase("manifest_artwork_type", value=artwork["mime_type"]))
        _sha(artwork["sha256"], "artwork.sha256")
    return entry
