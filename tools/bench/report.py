"""The tables: every target with its median, [min – max] and PASS/FAIL, then the raw measures.

Both are Markdown tables, so that the output pastes into an issue as it is. A row passes when its
median meets the target; [min – max] shows how much the runs agree.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .corpus import PROJECT, Corpus
from .live import LIVE_KINDS, LiveMeasure
from .runs import KINDS, Measure
from .side_checks import DurationCheck, FeedTiming

MIB = 2**20


@dataclass(frozen=True)
class Row:
    id: str
    measure: str
    values: tuple[float, ...]
    unit: str  # "×", "MiB", "ms", "s"
    target: float

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def passed(self) -> bool:
        return self.median <= self.target


def _by(measures: Sequence[Measure], variant: str, kind: str) -> dict[int, Measure]:
    return {m.run: m for m in measures if m.variant == variant and m.kind == kind}


def _pairs(measures, first: tuple[str, str], second: tuple[str, str], value: Callable[[Measure, Measure], float]):
    a, b = _by(measures, *first), _by(measures, *second)
    return tuple(value(a[run], b[run]) for run in sorted(a) if run in b)


def _wall_ratio(a: Measure, b: Measure) -> float:
    return a.seconds / b.seconds


def _cpu_ratio(a: Measure, b: Measure) -> float:
    return a.cpu_seconds / b.cpu_seconds


def time_rows(measures: Sequence[Measure], ratio: Callable[[Measure, Measure], float] = _wall_ratio) -> list[Row]:
    plugin_cold = ("plugin", "cold")
    return [
        Row("cold-ratio", "cold build: plugin / baseline cold", _pairs(measures, plugin_cold, ("baseline", "cold"), ratio),
            "×", 1.10),
        Row("warm-vs-cold", "warm rebuild: plugin warm / plugin cold",
            _pairs(measures, ("plugin", "warm"), plugin_cold, ratio), "×", 0.50),
        Row("warm-ratio", "warm rebuild: plugin / baseline warm",
            _pairs(measures, ("plugin", "warm"), ("baseline", "warm"), ratio), "×", 1.10),
        Row("edit-article", "editor's loop, one article's text edited: rebuild / plugin cold",
            _pairs(measures, ("plugin", "edit-article"), plugin_cold, ratio), "×", 0.25),
        Row("edit-episode", "editor's loop, one episode's text edited: rebuild / plugin cold",
            _pairs(measures, ("plugin", "edit-episode"), plugin_cold, ratio), "×", 0.25),
    ]


def live_rows(measures: Sequence[Measure], live: Sequence[LiveMeasure]) -> list[Row]:
    """The live preview: from the save to the page reloaded, in seconds and against the cold build of its run."""
    cold = _by(measures, "plugin", "cold")
    rows = []
    for kind in LIVE_KINDS:
        what = "an article's" if kind == "live-article" else "an episode's"
        edits = [m for m in live if m.kind == kind]
        rows.append(Row(kind, f"live preview, {what} text saved → its page reloaded in the browser",
                        tuple(m.to_page for m in edits), "s", 0.5))
        rows.append(Row(f"{kind}-ratio", f"live preview, {what} text: save → page reloaded / plugin cold",
                        tuple(m.to_page / cold[m.run].seconds for m in edits if m.run in cold), "×", 0.05))
    return rows


def target_rows(measures: Sequence[Measure], feed: FeedTiming, durations: Sequence[DurationCheck],
                live: Sequence[LiveMeasure]) -> list[Row]:
    rss = tuple(value for kind in KINDS for value in _pairs(
        measures, ("plugin", kind), ("baseline", kind), lambda a, b: (a.max_rss_kib - b.max_rss_kib) / 1024))
    rows = [
        *time_rows(measures),
        Row("peak-rss", "peak RSS: plugin − baseline (every kind of build)", rss, "MiB", 20.0),
        Row("warm-reads", "bytes read at warm rebuild: plugin − baseline",
            _pairs(measures, ("plugin", "warm"), ("baseline", "warm"), lambda a, b: (a.rchar - b.rchar) / MIB), "MiB", 1.0),
        Row("warm-audio-files", "audio files opened at warm rebuilds (plugin, warm and warm-full)",
            tuple(float(m.audio_files_opened) for kind in ("warm", "warm-full") for m in _by(measures, "plugin", kind).values()),
            "files", 0),
        Row("checkout-audio-read", "audio files read after a checkout with cache/ restored (plugin, checkout)",
            tuple(float(m.audio_read) for m in _by(measures, "plugin", "checkout").values()), "files", 0),
        Row("feed-1000", "feed of 1,000 episodes: checks + build",
            tuple(seconds * 1000 for seconds in feed.seconds), "ms", 100.0),
    ]
    rows += [Row(f"duration-{check.kind}", f"duration error vs full decode: {check.kind}", (check.error,), "s", 0.5)
             for check in durations]
    return rows + live_rows(measures, live)


def _number(value: float, unit: str, signed: bool = False) -> str:
    sign = "+" if signed else ""
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "files":
        return f"{value:.0f} files"
    return f"{value:{sign}.1f} {unit}"


def format_targets(rows: Sequence[Row]) -> str:
    lines = ["| id | measure | median | [min – max] | target | result |", "|---|---|---|---|---|---|"]
    for row in rows:
        signed = row.unit == "MiB"
        spread = f"[{_number(min(row.values), row.unit, signed)} – {_number(max(row.values), row.unit, signed)}]"
        result = "PASS" if row.passed else "**FAIL**"
        lines.append(f"| {row.id} | {row.measure} | {_number(row.median, row.unit, signed)} | {spread} | "
                     f"≤ {_number(row.target, row.unit)} | {result} |")
    return "\n".join(lines)


def format_cpu_ratios(measures: Sequence[Measure]) -> str:
    """The time ratios again on CPU time (user + system), which load from other jobs changes least."""
    lines = ["| id (CPU time) | median | [min – max] | target | met |", "|---|---|---|---|---|"]
    for row in time_rows(measures, _cpu_ratio):
        lines.append(f"| {row.id} | {row.median:.2f}× | [{min(row.values):.2f}× – {max(row.values):.2f}×] | "
                     f"≤ {row.target:.2f}× | {'yes' if row.passed else 'no'} |")
    return "\n".join(lines)


def format_measures(measures: Sequence[Measure]) -> str:
    def cell(values: list[float], digits: int) -> str:
        return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f} – {max(values):.{digits}f}]"

    lines = ["| build | variant | wall s | CPU s | peak RSS MiB | largest child's peak RSS MiB | bytes read (rchar) MiB "
             "| from disk MiB | audio files opened | audio read | trusted by content |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for kind in KINDS:
        for variant in ("baseline", "plugin"):
            group = [m for m in measures if m.variant == variant and m.kind == kind]
            if not group:
                continue
            lines.append(
                f"| {kind} | {variant} | {cell([m.seconds for m in group], 2)} | "
                f"{cell([m.cpu_seconds for m in group], 2)} | {cell([m.max_rss_kib / 1024 for m in group], 1)} | "
                f"{cell([m.children_max_rss_kib / 1024 for m in group], 1)} | "
                f"{cell([m.rchar / MIB for m in group], 1)} | {cell([m.read_bytes / MIB for m in group], 1)} | "
                f"{cell([m.audio_files_opened for m in group], 0)} | {cell([m.audio_read for m in group], 0)} | "
                f"{cell([m.audio_trusted for m in group], 0)} |")
    return "\n".join(lines)


def format_live(live: Sequence[LiveMeasure]) -> str:
    lines = ["| live preview | file | save → reload command s | save → page fetched s |", "|---|---|---|---|"]
    for measure in live:
        lines.append(f"| {measure.kind} | {measure.file} | {measure.to_signal:.3f} | {measure.to_page:.3f} |")
    return "\n".join(lines)


def format_durations(durations: Sequence[DurationCheck]) -> str:
    lines = ["| audio | read_audio s | full decode s | mutagen's estimate s | read_audio took |", "|---|---|---|---|---|"]
    for check in durations:
        lines.append(f"| {check.kind} | {check.read_audio:.3f} | {check.decoded:.3f} | {check.mutagen:.3f} | "
                     f"{check.read_seconds * 1000:.1f} ms |")
    return "\n".join(lines)


def machine() -> str:
    cpu = _first_value("/proc/cpuinfo", "model name") or platform.processor() or "?"
    memory_kib = _first_value("/proc/meminfo", "MemTotal")
    memory = f"{int(memory_kib.split()[0]) / 2**20:.1f} GiB" if memory_kib else "?"
    commit = _git("rev-parse", "--short", "HEAD")
    changed = _git("status", "--porcelain", "--", "plugins", "theme", "pelicanconf.py")
    if not commit:
        state = f"{PROJECT} (not a git checkout)"  # e.g. a `git archive` snapshot, for a tree nobody edits meanwhile
    else:
        state = f"{commit}, with uncommitted changes in plugins/theme/settings" if changed else commit
    return (f"machine: {os.cpu_count()} CPUs ({cpu}), {memory} RAM; Python {platform.python_version()}; "
            f"Pelican {importlib.metadata.version('pelican')}; project at {state}; load average at the end "
            f"{' '.join(f'{load:.1f}' for load in os.getloadavg())} (other jobs share the machine)")


def _first_value(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return None


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def describe_corpus(corpus: Corpus, runs: int) -> str:
    scale = corpus.scale
    return (f"corpus ({scale.name}): {scale.articles} articles, {scale.episodes} episodes, each its own audio file "
            f"(distinct bytes: a copy of one of {len(corpus.audio)} masters of ~{scale.audio_seconds} s with the "
            f"episode's own tags; MP3 CBR, MP3 VBR with Xing, MP3 VBR without Xing, M4A AAC); {runs} run(s) of each build")


NOTES = """\
Notes: wall times include the interpreter's start and imports (each build runs in a fresh process); the
targets are judged on wall time, the second table gives the same ratios on the build process's CPU time.
The warm rows: nothing changed, so the build proves it (cache/last-build.json, left by the cold build),
runs every check and rewrites no page; the baseline does the same (it has every plugin but the podcast).
warm-full is `invoke rebuild` (--full): the content cache is used, but every page is rendered again.
The edit rows are the editor's loop as `--autoreload` runs it: one process builds, the text of one
article (or episode) changes, the watcher's rebuild runs; that rebuild alone is measured (time, CPU,
bytes read, audio files opened), against the cold build's whole process.
The live rows are `invoke livereload` as the editor meets it: its server (plugins.serving.serve_live_preview
on the corpus's settings) runs, a websocket client connects from the page as livereload.js does, the
benchmark appends a sentence to the newest article (or episode) and waits for the `reload` command
naming that page, then fetches the page and finds the sentence in it: from the save to that page.
CPU time counts the build's process and the children it waited for (Pagefind, the audio workers of a
cold build). "peak RSS" is the build's own process; its children's largest peak is given apart (a
cold build's audio worker shares most of its pages with the build that forked it).
"bytes read" is the build's rchar from /proc/self/io: it counts every read() (Markdown, templates,
Python modules, audio), served from the page cache or the disk, not only audio; "from disk" is
read_bytes (0 when the page cache holds everything; the benchmark cannot drop that cache). The plugin's
own imports (feedgen, lxml, mutagen) weigh on rchar too: "audio files opened" (an audit hook in the
build's process) says whether audio was read at all.
The checkout rows are CI's runs: a fresh checkout (every file of content/ a new time, same bytes) with
cache/ restored. "audio read" counts the audio files the podcast read, in its workers too; "trusted by
content" those it took from its cache after hashing them (sha256, kept in the cache since the first
checkout): hashing reads each file whole, which the CPU time and the workers' share of it show.
Every build left the site a cold build of the same content writes, byte for byte (audio compared by
the file it links to; after a text edit, the search index waits for the next full build): the
benchmark compared them (tools/bench/site_bytes.py) and would have stopped at the first difference.
A row passes when its median meets the target. The baseline has the same articles and pages, the
episodes as plain pages, the podcast plugin off and no 404 page (the theme's 404 links to the podcast)."""
