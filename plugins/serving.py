"""Serving the built site on this machine the way production serves it (`invoke serve`,
`reserve`, `livereload`), and, under livereload, a failed build's problems in the browser.

One file handler for both tasks, tornado's (livereload already runs on tornado):

- byte ranges: `Range: bytes=0-99`, `bytes=100-`, `bytes=-50` answer 206 with Content-Range,
  a range past the end 416, and every file says `Accept-Ranges: bytes`. Without them the
  browser cannot seek in an audio file: the player and the chapter links would not work;
- the content types a production server sends for podcast files (`.m4a`, `.opus`, `.vtt`,
  `.srt`), text types with `charset=utf-8`;
- a missing page answers 404 with the site's own 404.html, as on the host.

Under livereload, the builds run in one long-lived process (the build's own watcher: a text edit
rewrites only the pages that show it; a plugin edit starts that process anew), whose error output is
shown in the terminal and kept, build by build. While the last build failed, every HTML request is answered with
a French page listing its problems (HTTP 503); the files of output/ stay the last good site,
untouched, for everything else. The browser reloads after every build, so it shows the problems
as soon as a build fails and the site again as soon as one succeeds; after a text edit, only the
browsers showing a page it rewrote reload, told which page (livereload's `reload` with its path).
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import posixpath
import signal
import socket
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import HEAD_END
from pelican.plugins.podcast.transcripts import TRANSCRIPT_TYPES
from tornado import httputil, web
from tornado.ioloop import IOLoop

from . import PLUGINS_FOLDER
from .build import BUILD_DONE, watched_paths

# Types Python's table lacks or gets wrong for a podcast site. `.m4a` as the feed declares it
# (Apple's podcast guide), `.opus` as RFC 7845 registers an Ogg Opus file.
CONTENT_TYPES = {
    **TRANSCRIPT_TYPES,  # .vtt text/vtt, .srt application/x-subrip: the types the feed declares
    ".m4a": "audio/x-m4a",
    ".opus": "audio/ogg",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".mp3": "audio/mpeg",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
}

# Types that are text without saying so with "text/": they get a charset too.
TEXT_TYPES = {"application/javascript", "application/json", "application/xml", "application/x-subrip"}

FAILURE_TITLE = "La construction a échoué"
PROJECT = PLUGINS_FOLDER.parent


def content_type(path: str | os.PathLike[str]) -> str:
    """The Content-Type header for a file of the site (by its name, like a web server)."""
    name = os.fspath(path)
    guessed, encoding = mimetypes.guess_type(name)
    if encoding == "gzip":  # RFC 6713: a .gz file is application/gzip, whatever is inside
        return "application/gzip"
    if encoding is not None:
        return "application/octet-stream"
    kind = CONTENT_TYPES.get(os.path.splitext(name)[1].lower()) or guessed or "application/octet-stream"
    if kind.startswith("text/") or kind in TEXT_TYPES or kind.endswith(("+xml", "+json")):
        kind += "; charset=utf-8"
    return kind


# --- The failed build --------------------------------------------------------------------


class BuildFailure:
    """What the last build printed when it failed; None while the site is good."""

    def __init__(self) -> None:
        self.page: str | None = None

    def show(self, messages: str) -> None:
        self.page = problems_page(messages)

    def clear(self) -> None:
        self.page = None


def problems_page(messages: str) -> str:
    """The French page shown instead of the site after a failed build: the build's own messages,
    each problem ("  - …") a list item, escaped."""
    if "Traceback (most recent call last)" in messages:  # a bug, not content: keep it as printed
        body = f"<pre>{html.escape(messages.strip())}</pre>"
    else:
        body = _listing(messages)
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{FAILURE_TITLE}</title>
<link rel="icon" href="data:,">
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a00; }}
li {{ margin: .4rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 1rem; }}
</style>
</head>
<body>
<main class="build-failure">
<h1>{FAILURE_TITLE}</h1>
<p>Corrigez les problèmes ci-dessous : cette page se recharge d'elle-même à la prochaine
construction, et le site revient dès qu'elle réussit. Le dossier output/ garde la dernière
version construite.</p>
{body}
</main>
</body>
</html>
"""


def _listing(messages: str) -> str:
    """Lines as paragraphs, "- item" lines (and their indented continuations) as lists."""
    parts: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            parts.append("<ul>\n" + "\n".join(f"<li>{html.escape(item)}</li>" for item in items) + "\n</ul>")
            items.clear()

    for line in messages.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            items.append(stripped[2:])
        elif items and line[:1].isspace():
            items[-1] += "\n" + stripped
        else:
            close_list()
            parts.append(f"<p>{html.escape(stripped)}</p>")
    close_list()
    return "\n".join(parts)


# --- The file handler --------------------------------------------------------------------


class SiteFileHandler(StaticFileHandler):
    """Files of the built site: byte ranges (tornado's), our content types, the site's 404 page,
    and under livereload the problems page for HTML while the last build failed.

    livereload's StaticFileHandler never answers 304: a rebuilt file is always sent anew.
    """

    failure: BuildFailure | None = None

    def initialize(self, path: str, default_filename: str | None = None, failure: BuildFailure | None = None) -> None:
        super().initialize(path, default_filename)
        self.failure = failure

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.failure is not None and self.failure.page is not None and self._wants_html(path):
            page = self.failure.page.encode("utf-8")
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            if include_body:
                self.write(page)
            else:
                self.set_header("Content-Length", len(page))
            return
        await super().get(path, include_body)

    def _wants_html(self, path: str) -> bool:
        """A page: a folder, an .html file, or what a browser asks for when it opens a link."""
        name = path.split("?", 1)[0]
        accept = self.request.headers.get("Accept", "")
        return name == "" or name.endswith(("/", ".html", ".htm")) or "text/html" in accept

    def get_content_type(self) -> str:
        return content_type(self.absolute_path)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        page = Path(self.root) / "404.html"
        if status_code == 404 and page.is_file():
            self.set_header("Content-Type", content_type(page))
            self.finish(page.read_bytes())
            return
        super().write_error(status_code, **kwargs)


def site_handlers(root: str | os.PathLike[str], failure: BuildFailure | None = None) -> list[Any]:
    return [(r"/(.*)", SiteFileHandler, {"path": os.fspath(root), "default_filename": "index.html", "failure": failure})]


def check_address(host: str, port: int) -> None:
    """Raise OSError when host:port cannot be listened on (taken by another program, say), so that
    `livereload` says so before it builds anything."""
    with socket.create_server((host, port)):
        pass


def listen_folder(root: str | os.PathLike[str], host: str, port: int) -> Any:
    """Serve `root` on host:port from the current IOLoop, once it runs (`invoke edit` serves the
    web editor so, beside the live site: no reload script, no problems page in place of the editor)."""
    return web.Application(site_handlers(root)).listen(port, address=host)


def serve_folder(root: str | os.PathLike[str], host: str, port: int, on_ready: Any = None) -> None:
    """Serve the folder `root` on host:port until Ctrl+C (KeyboardInterrupt is raised).

    Raises OSError when the address cannot be listened on. `on_ready()` runs once listening.
    """
    server = listen_folder(root, host, port)
    try:
        if on_ready is not None:
            on_ready()
        IOLoop.current().start()
    finally:
        server.stop()


# --- livereload --------------------------------------------------------------------------


class LiveScript(web.OutputTransform):
    """Adds livereload's script to every whole HTML answer (the problems page too), as a file:
    the site's Content-Security-Policy (script-src 'self') blocks livereload's inline snippet,
    and the page would never reload."""

    script = b""

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        if status_code != 206 and "html" in headers.get("Content-Type", "") and HEAD_END in chunk:
            chunk = chunk.replace(HEAD_END, self.script + HEAD_END, 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(self.script))
        return status_code, headers, chunk


class PageReloads(LiveReloadHandler):
    """livereload's websocket, knowing which page of the site each browser shows (the address
    livereload.js gives in its `info` message), so that a text edit reloads the pages it rewrote."""

    page: str | None = None  # the output file the browser shows, relative to the output folder

    def on_message(self, message: Any) -> None:
        super().on_message(message)
        said = json.loads(message)
        if said.get("command") == "info" and isinstance(said.get("url"), str):
            self.page = output_file(urlsplit(said["url"]).path)

    @classmethod
    def reload_pages(cls, rewritten: Iterable[str]) -> None:
        """Each browser showing one of the `rewritten` outputs reloads it (livereload's `reload`
        command with the page's path); the others show pages that did not change."""
        rewritten = {os.path.normpath(path) for path in rewritten}
        for waiter in list(LiveReloadHandler.waiters):
            page = getattr(waiter, "page", None)
            if page in rewritten:
                waiter.send_message({"command": "reload", "path": site_path(page), "liveCSS": True, "liveImg": True})


def output_file(path: str) -> str:
    """The file of the output folder a site path names: "/actualites/x/" -> "actualites/x/index.html"."""
    path = unquote(path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    elif "." not in posixpath.basename(path):
        path += "/index.html"  # a folder without its final slash: the server redirects there
    return os.path.normpath(path)


def site_path(output_relative: str) -> str:
    """The path of a page of the site: "actualites/x/index.html" -> "/actualites/x/"."""
    path = "/" + output_relative.replace(os.sep, "/")
    return path[: -len("index.html")] if path.endswith("/index.html") else path


class LiveServer(Server):
    """livereload's server with our file handler, which shows `failure` while it lasts, and
    its script added as a file."""

    def __init__(self, failure: BuildFailure) -> None:
        super().__init__()
        self.failure = failure

    def application(self, port: int, host: str, liveport: int | None = None, debug: bool | None = None,
                    live_css: bool = True) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # The builder says when to reload (LiveSite._built). livereload's own polling, which would
        # watch the whole working directory every 800 ms when given nothing to watch, is not
        # started: start_tasks() returns at once once a reload time is set.
        LiveReloadHandler._last_reload_time = time.time()

        class Script(LiveScript):
            script = f'<script src="/livereload.js?port={port}"></script>'.encode()

        handlers = [
            (r"/livereload", PageReloads),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            *site_handlers(self.root or ".", self.failure),
        ]
        web.Application(handlers, transforms=[Script]).listen(port, address=host)


class LiveSite:
    """`invoke livereload`: serve `root`, built by one long-lived builder process (`command`: the
    build's watcher, `python -m plugins.build --autoreload --announce-builds`), and reload the
    browser after each of its builds, on the problems page when one failed.

    The builder stays alive between builds, so a text edit rewrites only the pages that show it (the
    editor's loop); it starts itself anew when a plugin or a setting changes. If it stops (a plugin
    that no longer imports), its last words are shown and it is started again at the next change
    of `watched`.
    """

    def __init__(self, root: str | os.PathLike[str], command: Sequence[str], cwd: str | os.PathLike[str],
                 watched: Iterable[str | os.PathLike[str]]) -> None:
        self.root = os.fspath(root)
        self.command = list(command)
        self.cwd = os.fspath(cwd)
        self.watched = [os.fspath(path) for path in watched]
        self.failure = BuildFailure()
        self.server = LiveServer(self.failure)
        self._loop: IOLoop | None = None  # the server's, once it serves: reloads are sent from there
        self._first_build = threading.Event()
        self._stopping = threading.Event()
        self._builder: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start the builder and wait for the end of its first build (or for its end)."""
        # Terminated (kill PID), the server takes its builder with it: SystemExit runs serve()'s `finally`.
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
        threading.Thread(target=self._follow_builder, daemon=True).start()
        self._first_build.wait()

    def stop(self) -> None:
        self._stopping.set()
        if self._builder is not None:
            stop_process(self._builder, timeout=10)

    def _follow_builder(self) -> None:
        """The builder's error output, to the terminal as it comes and, build by build, to the
        problems page; the builder started again after it stopped, once something changed."""
        while not self._stopping.is_set():
            self._builder = builder = subprocess.Popen(self.command, cwd=self.cwd, stderr=subprocess.PIPE,
                                                       text=True, encoding="utf-8", errors="replace")
            assert builder.stderr is not None
            printed: list[str] = []
            for line in builder.stderr:
                if line.startswith(BUILD_DONE):
                    done = json.loads(line[len(BUILD_DONE):])
                    self._built(done["ok"], "".join(printed), done["changed"], done.get("rewritten"))
                    printed = []
                    continue
                sys.stderr.write(line)
                sys.stderr.flush()
                printed.append(line)
            code = builder.wait()
            if self._stopping.is_set():
                return
            printed.append(f"\nLe programme de construction s'est arrêté (code {code}).\n")
            self._built(False, "".join(printed), [], None)
            print("Il repartira à la prochaine modification.", file=sys.stderr, flush=True)
            self._wait_for_a_change()

    def _wait_for_a_change(self) -> None:
        from watchfiles import watch as watch_changes

        for _changes in watch_changes(*self.watched, stop_event=self._stopping):
            return

    def _built(self, succeeded: bool, printed: str, changed: list[str], rewritten: list[str] | None) -> None:
        """After each build: the problems page set or cleared, then the open pages reloaded: those
        it rewrote after a text edit (`rewritten`, relative to the output folder), else every one."""
        was_failing = self.failure.page is not None
        if succeeded:
            self.failure.clear()
        else:
            self.failure.show(printed)
            print(
                f"{FAILURE_TITLE} (détails ci-dessus) : le navigateur affiche ces problèmes jusqu'à la "
                "prochaine construction réussie ; output/ garde la dernière version construite.",
                file=sys.stderr,
                flush=True,
            )
        self._first_build.set()
        if self._loop is not None and rewritten is not None and succeeded and not was_failing:
            self._loop.add_callback(PageReloads.reload_pages, rewritten)
        elif self._loop is not None:
            # One stylesheet changed and the site was and stays good: livereload.js refreshes the
            # styles in place. Anything else reloads the whole page ("*"), problems page included.
            stylesheet = len(changed) == 1 and changed[0].endswith(".css") and succeeded and not was_failing
            self._loop.add_callback(LiveReloadHandler.reload_waiters, changed[0] if stylesheet else "*")

    def serve(self, host: str, port: int, open_browser: bool) -> None:
        """Serve until Ctrl+C. Raises OSError when the address cannot be listened on."""
        self._loop = IOLoop.current()
        if open_browser:
            threading.Thread(target=_open_later, args=(f"http://{host}:{port}/",), daemon=True).start()
        try:
            self.server.serve(host=host, port=port, root=self.root)
        finally:
            self.stop()


def serve_live_preview(settings_file: str, output: str, host: str, port: int, open_browser: bool,
                       on_serving: Callable[[], None] | None = None) -> None:
    """The live preview (`invoke livereload`, and any task or tool that offers it): the site of
    `settings_file` built into `output` by the build's watcher, served on host:port, each open page
    reloaded when a build changed it. `on_serving()` runs once the first build is done and the
    address is listened on. Until Ctrl+C (KeyboardInterrupt) or SIGTERM; raises OSError when the
    address cannot be listened on, before anything is built."""
    command = [sys.executable, "-m", "plugins.build", "--settings", settings_file, "--output", output,
               "--autoreload", "--announce-builds"]
    site = LiveSite(output, command, cwd=PROJECT, watched=watched_paths(settings_file))
    try:
        check_address(host, port)
        site.start()
        if on_serving is not None:
            on_serving()
        site.serve(host, port, open_browser)
    finally:
        site.stop()


def stop_process(process: subprocess.Popen[Any], timeout: float) -> None:
    """Ask a process we started to end (SIGTERM: it cleans up), killed if it has not within `timeout`."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _open_later(url: str) -> None:
    time.sleep(1)
    webbrowser.open(url)
