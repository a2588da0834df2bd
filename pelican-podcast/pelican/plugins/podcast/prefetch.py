"""The audio of a cold build, read in worker processes while Pelican reads the articles.

Reading audio is the podcast's one slow step (an hour of header-less VBR MP3 is walked frame by frame,
in pure Python), and Pelican reads everything in one process. Pelican constructs every generator
before any of them reads: when ours is constructed, `AudioPrefetch.start()` lists the episodes, reads
their front matter, resolves the audio files as `episodes.py` does, and hands those the metadata
cache does not know (or knows stale) to worker processes. `generate_context()` then asks for each file
where it would have read it, and gets the same `AudioInfo`, or the same `AudioError`.

What is guessed here decides nothing: a file not asked for was read for nothing, a file not started
yet or not guessed is read in-process as before, a result whose file changed since is thrown away,
and a worker that failed in any other way than an `AudioError` is replaced by an in-process read.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from .cache import file_sha256, file_stamp
from .errors import AudioError
from .front_matter import as_lines
from .markdown_header import header_dict, read_header
from .source_files import resolve_source_file

if TYPE_CHECKING:
    from .cache import AudioMetadataCache
    from .records import AudioInfo

# Fewer files than this are read in-process: starting a worker costs more than it saves.
MIN_FILES = 2


def read_audio_file(path: str, shown: str) -> AudioInfo:
    """`read_audio()`, whose module (and mutagen, big to import) loads only when a file is really read."""
    from .audio import read_audio

    return read_audio(path, display_path=shown)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _stamp(path: str) -> tuple[int, int] | None:
    stat = _stat(path)
    return None if stat is None else file_stamp(stat)


def workers_available() -> int:
    """Worker processes to use: one core is left to Pelican; 0 without `fork` (not Linux)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1)


def audio_to_read(
    content_path: str, episode_files: Iterable[str], cache: AudioMetadataCache, with_drafts: bool
) -> tuple[list[tuple[str, str]], list[str]]:
    """(real path, path shown in messages) of the audio files the build will have to read, and the
    real paths of those it will have to hash (their time changed, not their size: the cache trusts
    them by content, cache.py).

    The front matter is read only of the episode files changed since the cache was last written
    (every one of them without a cache): those unchanged named the same files at the last build,
    whose reading is in the cache, and a warm build reads nothing here. Files in the cache whose
    size or date changed are read again, or hashed. Drafts count only when they are previewed.
    """
    wanted: dict[str, str] = {}
    for relative in sorted(episode_files):
        source = os.path.join(content_path, relative)
        if cache.saved_ns is not None and (_stamp(source) or (0, 0))[1] < cache.saved_ns:
            continue
        header = header_dict(read_header(source))
        status = header.get("status", "").strip().lower()
        if (status == "draft" and not with_drafts) or status == "withdrawn":  # a withdrawn episode's audio is never read
            continue
        episode_relative = relative.replace(os.sep, "/")
        for written in [*as_lines(header.get("audio")), *as_lines(header.get("alternates"))]:
            found, _ = resolve_source_file(written, episode_relative, content_path)
            if found is not None and not cache.knows(found.absolute):
                wanted.setdefault(found.absolute, posixpath.join("content", found.relative))
    content_real = os.path.realpath(content_path)
    for path in cache.stale_paths():
        relative = os.path.relpath(path, content_real).replace(os.sep, "/")
        if not relative.startswith("../"):
            wanted.setdefault(path, posixpath.join("content", relative))
    stats = {path: stat for path in wanted if (stat := _stat(path)) is not None}
    trusted = {path for path, stat in stats.items() if cache.content_known(path, stat)}
    # The others whose time changed, not their size, are hashed too: the next checkout trusts them.
    to_hash = [path for path, stat in stats.items() if path in trusted or cache.same_size(path, stat)]
    return [(path, shown) for path, shown in wanted.items() if path not in trusted], to_hash


class AudioPrefetch:
    """The audio files read ahead; `read()` gives each file's `AudioInfo` as `read_audio()` would."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        # real path -> (shown path, (size, mtime) when submitted, the worker's result)
        self._started: dict[str, tuple[str, tuple[int, int] | None, Future[AudioInfo]]] = {}
        # real path -> ((size, mtime) when submitted, the worker's sha256 of the file)
        self._hashing: dict[str, tuple[tuple[int, int] | None, Future[str]]] = {}

    @classmethod
    def start(cls, files: list[tuple[str, str]], workers: int | None = None, to_hash: Iterable[str] = ()) -> AudioPrefetch:
        """Start reading `files` ((real path, shown path) pairs), and hashing the files `to_hash`, in
        `workers` processes (default: `workers_available()`); with fewer than MIN_FILES in all or no
        worker, nothing is started."""
        prefetch = cls()
        workers = workers_available() if workers is None else workers
        to_hash = list(to_hash)
        if len(files) + len(to_hash) < MIN_FILES or workers < 1:
            return prefetch
        # fork: the workers start with the plugin already imported, and do not read the settings again.
        prefetch._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        for path in to_hash:  # first: each is one read of the file, the same for all
            prefetch._hashing[path] = (_stamp(path), prefetch._pool.submit(file_sha256, path))
        for path, shown in files:
            prefetch._started[path] = (shown, _stamp(path), prefetch._pool.submit(read_audio_file, path, shown))
        return prefetch

    def sha256(self, path: str) -> str:
        """The sha256 of the file at `path` (real path): the worker's when it hashed this very file, else here."""
        started = self._hashing.pop(path, None)
        if started is not None:
            stamp, future = started
            if not future.cancel():
                try:
                    digest = future.result()
                except Exception:  # a dead worker, an unreadable file: hashed again here, which says why
                    pass
                else:
                    if stamp is not None and _stamp(path) == stamp:
                        return digest
        return file_sha256(path)

    def read(self, path: str, shown: str) -> AudioInfo:
        """The `AudioInfo` of the file at `path` (real path), or its `AudioError`: the worker's when it
        read this very file, else read here (a file not started yet is taken back from the workers)."""
        started = self._started.pop(path, None)
        if started is not None:
            submitted_shown, stamp, future = started
            if not future.cancel() and submitted_shown == shown:
                try:
                    info = future.result()
                except AudioError:
                    if stamp is not None and _stamp(path) == stamp:
                        raise
                except Exception:  # a dead worker, a bug: the in-process read below says it again
                    pass
                else:
                    if stamp is not None and _stamp(path) == stamp:
                        return info
        return read_audio_file(path, shown)

    def close(self) -> None:
        """Stop the workers; results not asked for are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started.clear()
        self._hashing.clear()
