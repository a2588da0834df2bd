"""The live preview as the editor meets it: from saving a Markdown file to the browser holding the
reloaded page.

A server process runs `plugins.serving.serve_live_preview`, what `invoke livereload` runs, on the
corpus's settings (`python -m tools.bench.live serve SETTINGS OUTPUT PORT`). The benchmark connects to its
websocket as livereload.js does from the edited page (hello, then info with the page's address),
appends a sentence to the file, waits for the `reload` command naming that page, then fetches the
page as the browser reloads it and checks that the sentence is there. Measured: the save to the
reload command, and the save to the page fetched.

`python -m tools.bench.live edit BASE CONTENT FILE PAGE` makes one such edit against a server
already running and prints its two times (for timing a whole process from outside, farm-bench).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plugins.serving import stop_process

from .corpus import PROJECT, Corpus

LIVE_KINDS = ("live-article", "live-episode")
STARTUP_SECONDS = 900  # the server's first build is a whole build of the corpus


@dataclass(frozen=True)
class LiveMeasure:
    kind: str
    run: int
    file: str
    to_signal: float  # seconds from the save to the reload command
    to_page: float  # seconds from the save to the reloaded page fetched, the new text in it


class LiveFailed(RuntimeError):
    """The live preview did not show the edit: its timings would mean nothing."""


class LivereloadClient:
    """What livereload.js does in a page (`page`, a site path): the handshake, then the server's
    commands (the tests of the live preview use it too)."""

    def __init__(self, base: str, page: str) -> None:
        from tornado.websocket import websocket_connect

        self.loop = asyncio.new_event_loop()

        async def connect():  # inside the loop: the connection's futures belong to it
            return await websocket_connect(base.replace("http://", "ws://") + "/livereload")

        self.socket = self.loop.run_until_complete(connect())
        self._send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        self.next_command(30)  # the server's hello
        self._send({"command": "info", "url": base + page})

    def _send(self, message: dict) -> None:
        async def send():
            await self.socket.write_message(json.dumps(message))

        self.loop.run_until_complete(send())

    def next_command(self, timeout: float = 30) -> dict:
        async def receive():
            return await asyncio.wait_for(self.socket.read_message(), timeout)

        message = self.loop.run_until_complete(receive())
        if message is None:
            raise LiveFailed("the livereload server closed the connection")
        return json.loads(message)

    def close(self) -> None:
        self.socket.close()
        self.loop.close()


def page_of(corpus: Corpus, relative: str) -> str:
    """The site path of a corpus file's page (corpus.py gives articles a Slug, episodes their file name)."""
    path = corpus.folder("plugin") / "content" / relative
    if relative.startswith("podcasts/"):
        return f"/podcast/{path.stem}/"
    slug = next(line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("Slug:"))
    return f"/actualites/{slug}/"


def measure_live(corpus: Corpus, runs: int, log: Callable[[str], None] = print) -> list[LiveMeasure]:
    """`runs` edits of each kind, the newest files first (those in the feeds and on the home page)."""
    folder = corpus.folder("plugin")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "tools.bench.live", "serve", str(corpus.settings("plugin")), str(folder / "output"),
               str(port)]
    log("live preview: starting the server (its first build is a whole one)…")
    said = corpus.root / "live-server.log"
    with open(said, "w", encoding="utf-8") as stream:
        server = subprocess.Popen(command, cwd=PROJECT, stdout=stream, stderr=subprocess.STDOUT)
    try:
        _wait_until_served(base, server, said)
        measures = []
        for run in range(runs):
            for kind, files in (("live-article", corpus.articles), ("live-episode", corpus.episodes["plugin"])):
                relative = files[-1 - run % len(files)]
                measure = _edit_and_watch(base, folder / "content", relative, page_of(corpus, relative), kind, run)
                measures.append(measure)
                log(f"run {run + 1}/{runs}  {kind:<12}  {relative:<20}  reload signal {measure.to_signal:6.3f} s  "
                    f"page reloaded {measure.to_page:6.3f} s")
        return measures
    finally:
        stop_process(server, timeout=30)


def _wait_until_served(base: str, server: subprocess.Popen, said: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise LiveFailed(f"the live preview stopped (exit {server.returncode}):\n"
                             f"{said.read_text(encoding='utf-8')[-4000:]}")
        if get_page(base + "/")[0] == 200:
            return
        time.sleep(0.2)
    raise LiveFailed(f"the live preview did not serve the site within {STARTUP_SECONDS} s")


def _edit_and_watch(base: str, content: Path, relative: str, page: str, kind: str, run: int) -> LiveMeasure:
    client = LivereloadClient(base, page)
    try:
        sentence = f"Mise à jour n° {time.time_ns()} : une phrase ajoutée pendant la prévisualisation."
        saved = time.perf_counter()
        with open(content / relative, "a", encoding="utf-8") as stream:
            stream.write(f"\n{sentence}\n")
        while True:
            said = client.next_command(120)
            if said.get("command") == "reload":
                break
        to_signal = time.perf_counter() - saved
        if said.get("path") != page:
            raise LiveFailed(f"{relative}: the reload named {said.get('path')!r}, not the edited page {page!r}")
        status, body = get_page(base + page)
        to_page = time.perf_counter() - saved
    finally:
        client.close()
    if status != 200 or sentence not in body:
        raise LiveFailed(f"{relative}: the reloaded page {page} (HTTP {status}) does not hold the new sentence")
    return LiveMeasure(kind, run, relative, to_signal, to_page)


def get_page(url: str, timeout: float = 30) -> tuple[int, str]:
    """A page as a browser asks for it: (HTTP status, text), (0, "") when nothing answers."""
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def serve(settings: str, output: str, port: int) -> None:
    from plugins.serving import serve_live_preview

    with contextlib.suppress(KeyboardInterrupt):
        serve_live_preview(settings, output, "127.0.0.1", port, open_browser=False)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:  # edit BASE CONTENT FILE PAGE
        done = _edit_and_watch(sys.argv[2], Path(sys.argv[3]), sys.argv[4], sys.argv[5], "live", 0)
        print(f"reload signal {done.to_signal:.3f} s, page reloaded {done.to_page:.3f} s")
