"""python -m tools.bench [--quick] [--runs N] [--keep DIR | --workdir DIR] [--profile]

Builds a big site (1,000 articles, 200 one-hour episodes) with and without the podcast plugin,
then edits it under the live preview (`invoke livereload`'s server), and prints a Markdown table of
targets, PASS or FAIL. Exits 0 once the table is printed, whatever the
timings (it is a report); 1 when it could not measure (no ffmpeg, a build failed).

--quick: 20 articles, 8 episodes of 20 seconds (for CI: well under a minute).
--keep DIR: the corpus in DIR, kept, and its audio reused next time (encoding it is the slow part).
--workdir DIR: where the temporary corpus folder goes (removed at the end).
--profile: also profile one cold plugin build (cProfile on CPU time: 20 functions by cumulative time,
           15 by own time; the build's process, not its audio workers).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from tools.ffmpeg import FfmpegMissing

from . import report
from .corpus import FULL, QUICK, make_corpus
from .live import LiveFailed, measure_live
from .runs import BuildFailed, measure, profile_cold_build
from .side_checks import check_durations, time_feed


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[2])
    parser.add_argument("--quick", action="store_true", help="20 articles, 8 episodes of 20 seconds")
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind of build (default 3)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, help="corpus folder, kept and reused")
    where.add_argument("--workdir", type=Path, help="where to make the temporary corpus folder")
    parser.add_argument("--profile", action="store_true", help="profile one cold plugin build")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def run(root: Path, args: argparse.Namespace) -> int:
    corpus = make_corpus(root, QUICK if args.quick else FULL, log)
    measures = measure(corpus, args.runs, log)
    live = measure_live(corpus, args.runs, log)
    log("feed of 1,000 episodes…")
    feed = time_feed()
    log("durations against a full decode…")
    durations = check_durations(corpus)
    profile = profile_cold_build(corpus, root / "cold-plugin.pstats.txt") if args.profile else None

    rows = report.target_rows(measures, feed, durations, live)
    print(report.machine())
    print(report.describe_corpus(corpus, args.runs))
    print()
    print(report.format_targets(rows))
    print()
    print(report.format_cpu_ratios(measures))
    print()
    print(report.format_measures(measures))
    print()
    print(report.format_live(live))
    print()
    print(report.format_durations(durations))
    print()
    if feed.problems:
        print(f"warning: the feed checks found {feed.problems} problem(s) in the synthetic records")
    print(report.NOTES)
    failed = [row.id for row in rows if not row.passed]
    print(f"\n{len(rows) - len(failed)}/{len(rows)} targets met" + (f"; FAIL: {', '.join(failed)}" if failed else ""))
    if profile:
        print("\nProfile of one cold plugin build (cProfile on the CPU time of the build's process, not its audio workers'; "
              "by cumulative time, then by own time):\n")
        print(profile)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep:
        root, temporary = args.keep.resolve(), False
    else:
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
        root, temporary = Path(tempfile.mkdtemp(prefix="bench-", dir=args.workdir)), True
    try:
        return run(root, args)
    except (FfmpegMissing, BuildFailed, LiveFailed) as error:
        print(f"tools.bench: {error}", file=sys.stderr)
        return 1
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
