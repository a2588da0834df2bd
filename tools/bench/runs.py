"""The builds: each in a fresh interpreter (tools.bench.child), baseline and plugin interleaved.

One run is, for each variant, five builds in a row, as an editor meets them:

- cold: no output, no cache (the first build on a fresh clone);
- warm: output and cache of the cold build present, nothing changed (the build proves it with the
  record the cold build left, and rewrites no page);
- warm-full: the same with `--full` (`invoke rebuild`): the content cache is used, every page rendered;
- edit-article: the editor's loop (`--autoreload`): in one process, a build, one article's text
  changed, and the rebuild the watcher starts; only that rebuild is measured (its time in the process,
  as the editor waits for it);
- edit-episode: the same with one episode's text (in the baseline, the page holding the same text);
- first-checkout, checkout: what CI does, a fresh checkout with the workflow's cache/ restored: every
  file of content/ given a new modification time, nothing else changed. The first is the first such
  run (the audio is read again, each file's sha256 kept in the cache); the second, every later one
  (the audio trusted by its content: hashed, not read).

Each kind of build is run for both variants one after the other, the order swapped every run, so a
machine that slows down (another job, thermal limits) weighs on both alike.

After every build, its site is compared with what a cold build of the same content writes
(site_bytes.py): the measured cold build's, or, after the plugin's edits of the first run, a
reference build's (unmeasured: the baseline's edits and the later runs' are not checked, nor what
follows them until the next cold build). A difference stops the benchmark, naming the files: a
faster build that writes another site measures nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import site_bytes
from .child import RESULT_PREFIX
from .corpus import PROJECT, VARIANTS, Corpus

KINDS = ("cold", "warm", "warm-full", "edit-article", "edit-episode", "first-checkout", "checkout")
CHECKOUTS = ("first-checkout", "checkout")
EDITS = ("edit-article", "edit-episode")
REUSED = "Rien n'a changé depuis la dernière construction"


@dataclass(frozen=True)
class Measure:
    variant: str
    kind: str
    run: int
    seconds: float  # wall time of the child, interpreter start and imports included (edit kinds: the rebuild's)
    seconds_in_process: float
    cpu_seconds: float  # user + system time of the build's process and of the children it waited for
    max_rss_kib: int
    children_max_rss_kib: int  # the largest peak RSS among the build's children (Pagefind, audio workers)
    rchar: int  # every byte read() by the build, from the page cache or the disk
    read_bytes: int  # the part that came from the disk
    audio_files_opened: int  # distinct audio files the build opened
    audio_read: int = 0  # audio files the podcast read (its workers' included), not taken from its cache
    audio_trusted: int = 0  # audio files taken from the cache by their content (their time had changed)


class BuildFailed(RuntimeError):
    """A benchmark build did not succeed: its timings would mean nothing."""


def build_once(corpus: Corpus, variant: str, kind: str, run: int, profile: Path | None = None) -> Measure:
    command = [sys.executable, "-m", "tools.bench.child", str(corpus.settings(variant))]
    if profile:
        command += ["--profile", str(profile)]
    edited = edited_file(corpus, variant, kind, run)
    if edited:
        command += ["--edit", str(edited)]
    if kind == "warm-full":
        command.append("--full")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    lines = [line for line in result.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    report = json.loads(lines[-1][len(RESULT_PREFIX):]) if lines else None
    if result.returncode != 0 or report is None:
        raise BuildFailed(f"the {kind} build of the {variant} failed (exit {result.returncode}):\n"
                          f"{result.stdout[-2000:]}{result.stderr[-4000:]}")
    if kind in ("warm", "warm-full") and (kind == "warm") != (REUSED in result.stdout):
        raise BuildFailed(f"the {kind} build of the {variant} {'did not reuse' if kind == 'warm' else 'reused'} "
                          f"the previous site:\n{result.stdout[-2000:]}")
    if edited:
        if "Texte modifié dans" not in result.stdout:
            raise BuildFailed(f"the {kind} rebuild of the {variant} rewrote the whole site:\n{result.stdout[-2000:]}")
        seconds = report["seconds_in_process"]  # the rebuild alone, as the editor waits for it
    return Measure(variant, kind, run, seconds, report["seconds_in_process"], report["cpu_seconds"], report["max_rss_kib"],
                   report.get("children_max_rss_kib", 0),
                   report.get("rchar", 0), report.get("read_bytes", 0), report["audio_files_opened"],
                   report.get("audio_read", 0), report.get("audio_trusted", 0))


def prepare(corpus: Corpus, variant: str, kind: str, run: int) -> None:
    """Put the variant's folder in the state the kind of build starts from."""
    folder = corpus.folder(variant)
    if kind in CHECKOUTS:
        _checked_out_again(folder / "content")
    if kind == "cold":
        for path in [folder / "output", folder / "cache", *folder.glob(".output.*")]:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()


def _checked_out_again(content: Path) -> None:
    """Every file the time of a checkout made now, its bytes untouched (as `git clone` leaves them): a
    few seconds back, as a checkout is done before its build starts (never in the future, which would
    say that files changed after any build)."""
    checkout_ns = time.time_ns() - 5_000_000_000
    for path in content.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(checkout_ns, checkout_ns))


def edited_file(corpus: Corpus, variant: str, kind: str, run: int) -> Path | None:
    """The file the editor changes in an edit kind of build (the child edits it), else None."""
    content = corpus.folder(variant) / "content"
    if kind == "edit-article":
        return content / corpus.articles[(7 * run) % len(corpus.articles)]
    if kind == "edit-episode":
        episodes = corpus.episodes[variant]
        return content / episodes[(3 * run) % len(episodes)]
    return None


def measure(corpus: Corpus, runs: int, log: Callable[[str], None] = print) -> list[Measure]:
    measures = []
    colds: dict[str, dict[str, str]] = {}  # variant -> the site a cold build of its content as it is now writes
    for run in range(runs):
        order = VARIANTS if run % 2 == 0 else VARIANTS[::-1]
        for kind in KINDS:
            for variant in order:
                prepare(corpus, variant, kind, run)
                result = build_once(corpus, variant, kind, run)
                check_site(corpus, variant, kind, run, colds)
                measures.append(result)
                log(f"run {run + 1}/{runs}  {kind:<12}  {variant:<8}  {result.seconds:7.2f} s  {result.cpu_seconds:7.2f} s CPU  "
                    f"{result.max_rss_kib / 1024:6.1f} MiB  {result.rchar / 2**20:8.1f} MiB read  "
                    f"{result.audio_files_opened} audio files opened, {result.audio_read} read, "
                    f"{result.audio_trusted} trusted by content")
    return measures


def check_site(corpus: Corpus, variant: str, kind: str, run: int, colds: dict[str, dict[str, str]]) -> None:
    """BuildFailed unless the build just done left the site a cold build of the same content writes."""
    site = site_bytes.snapshot(corpus.folder(variant) / "output")
    if kind in EDITS:
        colds.pop(variant, None)  # the content changed
        if run > 0 or variant != "plugin":
            return
        colds[variant] = reference_site(corpus, variant)
    cold = colds.get(variant)
    if kind == "cold":
        colds[variant] = site
    if cold is None:
        return
    differing = site_bytes.differences(site, cold, search_index_behind=kind in EDITS)
    if differing:
        raise BuildFailed(f"the {kind} build of the {variant} left a site other than a cold build's: "
                          f"{len(differing)} file(s) differ, first {', '.join(differing[:10])}")


def reference_site(corpus: Corpus, variant: str) -> dict[str, str]:
    """The snapshot of a cold build of the variant's content as it is now, built apart (unmeasured)."""
    folder = corpus.folder(variant)
    for path in (folder / "reference", folder / "reference-cache"):
        shutil.rmtree(path, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "plugins.build", "-s", str(corpus.reference_settings(variant))],
                            cwd=PROJECT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildFailed(f"the reference build of the {variant} failed (exit {result.returncode}):\n"
                          f"{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return site_bytes.snapshot(folder / "reference")


def profile_cold_build(corpus: Corpus, path: Path) -> str:
    """cProfile of one cold plugin build (CPU time): 20 functions by cumulative time, 15 by own time."""
    prepare(corpus, "plugin", "cold", 0)
    build_once(corpus, "plugin", "cold", 0, profile=path)
    return path.read_text(encoding="utf-8")
