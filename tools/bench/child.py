"""One build, as `python -m plugins.build -s SETTINGS` runs it, then what it cost, as the last line of stdout.

    python -m tools.bench.child SETTINGS [--profile FILE] [--edit FILE] [--full]

With `--edit`, the child runs the editor's loop as `--autoreload` does, in one process: a build
(not measured), then FILE's text edited, then the rebuild the watcher starts, measured alone.

A child that has exited can no longer be asked for its /proc/PID/io, so the build reports its own:
`rchar` counts every byte read through read() (Markdown, templates, Python modules, audio), served
from the page cache or not; `read_bytes` only what came from the disk. `max_rss_kib` is the peak RSS,
VmHWM in /proc/self/status: getrusage's ru_maxrss would not do, Linux keeps it across exec, so a
child started by vfork (as subprocess does) inherits the parent's peak as its floor.
rchar also counts the Python modules the plugin imports, so an audit hook counts the audio files opened:
the plain answer to "did a rebuild read audio?".
"""

from __future__ import annotations

import cProfile
import json
import logging
import os
import pstats
import resource
import sys
import time

RESULT_PREFIX = "@@bench-result "
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".mp4", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav")

_audio_opened: list[str] = []


class _AudioCounts(logging.Handler):
    """The podcast's own count of its audio files (its INFO line "podcast : N fichier(s) audio, R lu(s),
    H repris du cache (dont T reconnu(s) à leur contenu)"): read, or trusted by content, in its workers too."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.read = self.trusted = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("podcast : ") and isinstance(record.args, tuple) and len(record.args) == 4:
            _, self.read, _, self.trusted = record.args


def _count_audio() -> _AudioCounts:
    counts = _AudioCounts()
    podcast = logging.getLogger("pelican.plugins.podcast.generator")
    podcast.addHandler(counts)
    podcast.setLevel(logging.INFO)
    return counts


def _note_audio_opens(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if path.lower().endswith(AUDIO_EXTENSIONS):
            _audio_opened.append(path)


def own_io() -> dict[str, int]:
    try:
        with open("/proc/self/io", encoding="ascii") as stream:
            fields = dict(line.split(":", 1) for line in stream if ":" in line)
    except OSError:  # not Linux, or /proc hidden
        return {}
    return {name: int(value) for name, value in fields.items() if name in ("rchar", "read_bytes")}


def cpu_seconds() -> float:
    """User + system time of the build and of the children it waited for (Pagefind, the audio
    workers): what other load on the machine changes least, and all the work the build caused."""
    return sum(os.times()[:4])


def peak_rss_kib() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is


def edit_text(path: str, note: str) -> None:
    """What an editor does: a sentence added at the end of the text (front matter unchanged)."""
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(f"\nMise à jour {note} : une phrase ajoutée pour la mesure.\n")


def main(argv: list[str]) -> int:
    settings = argv[0]
    profile_file = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    edited = argv[argv.index("--edit") + 1] if "--edit" in argv else None
    command = ["-s", settings, *(["--full"] if "--full" in argv else [])]
    sys.addaudithook(_note_audio_opens)
    audio_counts = _count_audio()
    started = time.perf_counter()
    from plugins.build import main as build_main  # timed: a real run imports Pelican too

    cpu_before, io_before = 0.0, {}
    if edited:
        from plugins.editor_loop.hooks import note_changes

        note_changes(())  # as watch() does before every build, the first one too
        build_main(["-s", settings])  # the watcher's first build, before the editor edits
        edit_text(edited, f"n° {time.time_ns()}")
        note_changes([edited])
        _audio_opened.clear()
        cpu_before, io_before = cpu_seconds(), own_io()
        started = time.perf_counter()
    if profile_file:
        # CPU time, not the wall clock: other jobs on a shared machine would weigh on every line.
        profiler = cProfile.Profile(time.process_time)
        code = profiler.runcall(build_main, command)
        with open(profile_file, "w", encoding="utf-8") as stream:
            stats = pstats.Stats(profiler, stream=stream)
            stats.sort_stats("cumulative").print_stats(20)
            stats.sort_stats("tottime").print_stats(15)
    else:
        code = build_main(command)
    result = {
        "code": code,
        "seconds_in_process": time.perf_counter() - started,
        "cpu_seconds": cpu_seconds() - cpu_before,
        "max_rss_kib": peak_rss_kib(),
        # The largest peak of a child (Pagefind, an audio worker): getrusage's, exact for children.
        "children_max_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "audio_opens": len(_audio_opened),
        "audio_files_opened": len(set(_audio_opened)),
        "audio_read": audio_counts.read,
        "audio_trusted": audio_counts.trusted,
        **{name: value - io_before.get(name, 0) for name, value in own_io().items()},
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
