"""`python -m MODULE ARGS` in a new process, started in a few milliseconds instead of half a second.

A test whose promise is about a new process (what a first build leaves on disk is all the second
one knows; a build killed half-way; a task run as an editor types it) used to pay, for each of its
two hundred processes, the 0.3 s of CPU an interpreter takes to import Pelican, Jinja, Markdown,
lxml, mutagen, Pillow and invoke: a third of the suite's CPU. Here each process is forked from one
server per test process (multiprocessing's "forkserver") that imported those libraries once and
nothing of ours: every module of the project (`plugins`, the settings files, `tasks.py`, `tools`)
is imported by the new process itself, from its own folder, as in `python -m`.

What such a process shares with the server, and a real interpreter would not:
- the third-party modules of PRELOADED, imported with the server's environment (none of them keeps
  what it read of it);
- the hash seed (set and dict orders of strings are those of the server's seed);
- interpreter options read at start-up, except those the project sets and this module applies:
  PYTHONDONTWRITEBYTECODE, PYTHONPYCACHEPREFIX and PYTHONPATH.
The run_module / Popen pair below takes the arguments of `subprocess.run` / `subprocess.Popen` that
the tests use; anything else (another program, `-c`) is not for this module.

This module imports nothing of the project: the server imports it to start each process.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any

PIPE = subprocess.PIPE
STDOUT = subprocess.STDOUT
DEVNULL = subprocess.DEVNULL

# Imported once by the server; a module of ours here would be the server's copy, not the project's.
# Pelican itself is not: its log's console (rich) reads COLUMNS and the terminal when imported, and
# a test sets COLUMNS for the process it starts. What Pelican imports is, and Pelican's own modules
# then take 40 ms. The second part is what a build imports later (17 ms a build, found with
# `python -X importtime`); not babel.dates, which reads the time zone (TZ) when imported.
PRELOADED = [
    "jinja2", "markdown", "pygments", "pygments.formatters", "docutils.core", "docutils.io",
    "docutils.parsers.rst", "docutils.writers.html4css1", "rich.console", "rich.logging", "blinker",
    "dateutil.parser", "unidecode", "feedgenerator", "watchfiles", "feedgen.feed", "lxml.etree",
    "lxml.html", "mutagen", "mutagen.mp3", "mutagen.mp4", "mutagen.flac", "mutagen.oggvorbis",
    "mutagen.oggopus", "PIL.Image", "invoke", "invoke.program", "babel", "zoneinfo", "urllib.request",
    "http.server", "runpy",
    "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "PIL.GifImagePlugin", "PIL.BmpImagePlugin",
    "PIL.PpmImagePlugin", "PIL.ImageChops", "PIL.ImageSequence", "feedgen.ext.podcast", "mutagen.wave",
    "webvtt", "fractions", "statistics", "platform", "uuid", "queue", "filecmp", "ordered_set",
    "concurrent.futures.thread", "concurrent.futures.process", "pygments.lexers.special", "pygments.filters",
    "html.parser", "rich._emoji_codes", "unidecode.x000", "docutils.parsers.rst.languages.fr",
    "babel_data",  # not a library: Babel's French data read (tests/babel_data.py)
]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOADED)
_lock = threading.Lock()
_base_path: list[str] = []
# Where the captured output of each process is written, then read and removed: conftest.py sets it
# inside the session's temporary folder.
SCRATCH: list[Path] = []


def _interpreter_path() -> list[str]:
    """sys.path of a new interpreter, less its first entry (the script's or current folder)."""
    with _lock:
        if not _base_path:
            env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
            shown = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"],
                                   env=env, capture_output=True, text=True, check=True)
            _base_path.extend(json.loads(shown.stdout))
        return list(_base_path)


def _module_of(argv: list[str]) -> tuple[str, list[str]]:
    if len(argv) < 3 or str(argv[0]) != sys.executable or argv[1] != "-m":
        raise ValueError(f"fresh_python runs `sys.executable -m MODULE ...` only, not {argv!r}")
    return str(argv[2]), [str(arg) for arg in argv[3:]]


def _exit_code(code: Any) -> int:
    """The interpreter's reading of SystemExit's argument."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _start(module: str, args: list[str], cwd: str, env: dict[str, str], streams: tuple[str | None, ...],
           new_session: bool, base_path: list[str]) -> None:
    """In the new process: become `python -m module args` run in `cwd` with `env`, then exit."""
    if new_session:
        os.setsid()
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    stdin, stdout, stderr = streams
    for fd, path in ((0, stdin or os.devnull), (1, stdout), (2, stderr)):
        if path == "stdout":
            os.dup2(1, fd)
        elif path is not None:
            opened = os.open(path, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_APPEND)
            os.dup2(opened, fd)
            os.close(opened)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (the interpreter's own stdin)
    sys.dont_write_bytecode = bool(env.get("PYTHONDONTWRITEBYTECODE"))
    sys.pycache_prefix = env.get("PYTHONPYCACHEPREFIX") or None
    extra = [entry for entry in env.get("PYTHONPATH", "").split(os.pathsep) if entry]
    sys.path[:] = [os.getcwd(), *extra, *base_path]
    sys.path_importer_cache.clear()
    sys.argv = ["-m", *args]
    code = 0
    try:
        import runpy

        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = _exit_code(stop.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        code = -signal.SIGINT
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    finally:
        threading._shutdown()  # type: ignore[attr-defined]  # as the interpreter, before atexit
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    if code < 0:  # ended by a signal, as an interrupted interpreter ends
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code & 0xFF)


class Popen:
    """The part of subprocess.Popen the tests use, for `[sys.executable, "-m", MODULE, ...]`."""

    def __init__(self, argv: list[Any], *, cwd: str | Path | None = None, env: dict[str, str] | None = None,
                 stdin: Any = None, stdout: Any = None, stderr: Any = None, text: bool = False,
                 start_new_session: bool = False, capture_output: bool = False):
        module, args = _module_of(list(argv))
        if capture_output:
            stdout = stderr = PIPE
        self.args = argv
        self.text = text
        self.returncode: int | None = None
        self._scratch: Path | None = None
        self._captured: dict[str, Path] = {}
        streams = (self._stream("stdin", stdin), self._stream("stdout", stdout), self._stream("stderr", stderr))
        self._process = _context.Process(
            target=_start,
            args=(module, args, str(cwd or os.getcwd()), dict(os.environ if env is None else env), streams,
                  start_new_session, _interpreter_path()),
        )
        self._process.start()
        self.pid = self._process.pid

    def _stream(self, name: str, given: Any) -> str | None:
        if given is None:
            return None
        if given == DEVNULL:
            return os.devnull
        if given == STDOUT:
            return "stdout"
        if given == PIPE:
            if name == "stdin":
                raise ValueError("fresh_python: no input to a process; give a file")
            if self._scratch is None:
                self._scratch = Path(tempfile.mkdtemp(prefix="process-", dir=SCRATCH[0] if SCRATCH else None))
            self._captured[name] = self._scratch / name
            self._captured[name].touch()
            return str(self._captured[name])
        return str(getattr(given, "name", given))  # an open file, or a path

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._process.exitcode
            if self.returncode is not None:
                self._process.join()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self.poll() is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, number: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[Any, Any]:
        try:
            self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.wait()
            raise
        read = {name: path.read_bytes() for name, path in self._captured.items()}
        if self._scratch is not None:
            shutil.rmtree(self._scratch)
        decoded = {name: data.decode("utf-8", errors="replace") if self.text else data for name, data in read.items()}
        return decoded.get("stdout"), decoded.get("stderr")


def stop_server() -> None:
    """Stop the server and wait for it (multiprocessing leaves it to die with its parent), so that
    the CPU time of every process it started is counted in this one's children."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]


def run(argv: list[Any], *, timeout: float | None = None, check: bool = False, **options: Any) -> subprocess.CompletedProcess:
    """subprocess.run for `[sys.executable, "-m", MODULE, ...]`."""
    process = Popen(argv, **options)
    stdout, stderr = process.communicate(timeout=timeout)
    done = subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)
    if check:
        done.check_returncode()
    return done
