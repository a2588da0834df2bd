"""Serving the built site on this machine the way production serves it (`invoke serve`,
`reserve`, `livereload`), and, under livereload, a failed build's problems in the browser.

One file handler for both tasks, tornado's (livereload already runs on tornado):

- byte ranges: `Range: bytes=0-99`, `bytes=100-`, `bytes=-50` answer 206 with Content-Range,
  a range past the end 416, and every file says `Accept-Ranges: bytes`. Without them the
  browser cannot seek in an audio file: the player and the chapter links would not work;
- the content types a production server sends for podcast files (`.m4a`, `.opus`, `.vtt`,
  `.srt`), text types with `charset=utf-8`;
- a missing page answers 404 with the site's own 404.html, as on the host.

Under livereload, every build runs in a fresh process (plugin edits count) whose error output is
shown in the terminal and kept. While the last build failed, every HTML request is answered with
a French page listing its problems (HTTP 503); the files of output/ stay the last good site,
untouched, for everything else. The browser reloads after every build, so it shows the problems
as soon as a build fails and the site again as soon as one succeeds.
"""

from __future__ import annotations

import html
import mimetypes
import os
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import HEAD_END
from tornado import httputil, web
from tornado.ioloop import IOLoop

from .podcast.transcripts import TRANSCRIPT_TYPES

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


def serve_folder(root: str | os.PathLike[str], host: str, port: int, on_ready: Any = None) -> None:
    """Serve the folder `root` on host:port until Ctrl+C (KeyboardInterrupt is raised).

    Raises OSError when the address cannot be listened on. `on_ready()` runs once listening.
    """
    server = web.Application(site_handlers(root)).listen(port, address=host)
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

        class Script(LiveScript):
            script = f'<script src="/livereload.js?port={port}"></script>'.encode()

        handlers = [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            *site_handlers(self.root or ".", self.failure),
        ]
        web.Application(handlers, transforms=[Script]).listen(port, address=host)


class LiveSite:
    """`invoke livereload`: build with `command`, serve `root`, rebuild on every change of
    `watched` and reload the browser after each build, on the problems page if it failed."""

    def __init__(self, root: str | os.PathLike[str], command: Sequence[str], cwd: str | os.PathLike[str]) -> None:
        self.root = os.fspath(root)
        self.command = list(command)
        self.cwd = os.fspath(cwd)
        self.failure = BuildFailure()
        self.server = LiveServer(self.failure)
        self._serving = False

    def build(self) -> bool:
        """One build in a fresh process. Its error output goes to the terminal as it comes, and
        to the problems page if the build fails. True if it succeeded."""
        process = subprocess.Popen(self.command, cwd=self.cwd, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8", errors="replace")
        assert process.stderr is not None
        printed = []
        for line in process.stderr:
            sys.stderr.write(line)
            sys.stderr.flush()
            printed.append(line)
        if process.wait() == 0:
            self.failure.clear()
            return True
        self.failure.show("".join(printed))
        print(
            f"{FAILURE_TITLE} (détails ci-dessus) : le navigateur affiche ces problèmes jusqu'à la "
            "prochaine construction réussie ; output/ garde la dernière version construite.",
            file=sys.stderr,
            flush=True,
        )
        return False

    def rebuild(self) -> None:
        """Called by the watcher on a change: build, then reload every open page."""
        was_failing = self.failure.page is not None
        self.build()
        if not self._serving:
            return
        changed = LiveReloadHandler.watcher.filepath if LiveReloadHandler.watcher else None
        # "*" reloads the whole page; a stylesheet's path would only refresh the styles, which
        # would leave the problems page on screen (or bring none).
        path = changed if not was_failing and self.failure.page is None and changed else "*"
        LiveReloadHandler.reload_waiters(path)

    def watch(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        # "forever": livereload does not reload by itself (it would skip a reload that comes
        # less than 3 s after the last one); rebuild() reloads after every build.
        for path in paths:
            self.server.watch(os.fspath(path), self.rebuild, delay="forever")

    def serve(self, host: str, port: int, open_browser: bool) -> None:
        """Serve until Ctrl+C. Raises OSError when the address cannot be listened on."""
        self._serving = True
        if open_browser:
            threading.Thread(target=_open_later, args=(f"http://{host}:{port}/",), daemon=True).start()
        self.server.serve(host=host, port=port, root=self.root)


def _open_later(url: str) -> None:
    time.sleep(1)
    webbrowser.open(url)
