"""The digest of the HTML pages Pagefind indexes, taken as Pelican's writer writes them.

Whether the previous index can be reused depends on every HTML page of the site, path and bytes.
Reading the whole site back at the end of the build to hash it costs as much as the site weighs
(about 16 MB for a thousand articles and two hundred episodes); the writer had those bytes in hand.
So a full build's writer hashes each page on its way to the disk and notes what it wrote (size,
modification time, inode, sha256). At the end, each HTML page of the site is looked at (stat only):
a page still as the writer left it counts by the noted digest; any other one (a static .html file
copied from content/ or the theme, a page changed after it was written) is read from disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from importlib import metadata
from typing import Any, TextIO

from pelican.writers import Writer


@dataclass(frozen=True)
class WrittenPage:
    """What the writer left at a path; the file counts by `sha256` only while its stat says the same."""

    size: int
    mtime_ns: int
    inode: int
    sha256: bytes

    def describes(self, stat: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.inode) == (stat.st_size, stat.st_mtime_ns, stat.st_ino)


# absolute path -> what the writer wrote there, in the build under way
WrittenPages = dict[str, WrittenPage]


def digesting_writer(written: WrittenPages) -> type[Writer]:
    """Pelican's writer, noting each HTML page it writes into `written` (what get_writer must return)."""

    class DigestingWriter(Writer):
        def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
            stream = super()._open_w(filename, encoding, override)
            if not filename.endswith(".html"):
                return stream  # feeds are written by an XML generator that wants a real text file
            return _DigestedFile(stream, written)

    return DigestingWriter


class _DigestedFile:
    """The file the writer renders a page into (`with … as f: f.write(output)`), hashed on the way."""

    def __init__(self, stream: TextIO, written: WrittenPages) -> None:
        self._stream = stream
        self._written = written
        self._digest = hashlib.sha256()
        self._size = 0

    def write(self, text: str) -> int:
        data = text.encode(self._stream.encoding)
        self._digest.update(data)
        self._size += len(data)
        return self._stream.write(text)

    def __enter__(self) -> _DigestedFile:
        return self

    def __exit__(self, *raised: object) -> None:
        try:
            if raised[0] is None:
                self._stream.flush()
                stat = os.fstat(self._stream.fileno())
                # A size that differs (newlines translated on Windows, a page Pelican sends to
                # os.devnull rather than overwrite) is not noted: the page is then read from disk.
                if stat.st_size == self._size and os.path.isabs(self._stream.name):
                    self._written[os.path.normpath(self._stream.name)] = WrittenPage(
                        stat.st_size, stat.st_mtime_ns, stat.st_ino, self._digest.digest())
        finally:
            self._stream.close()


def pages_digest(site: str, bundle_dir: str, written: WrittenPages) -> str:
    """What Pagefind's index depends on: every HTML page of `site` (path and bytes) and Pagefind's version.

    The same for the same pages whether their digests come from `written` or from disk.
    """
    digest = hashlib.sha256()
    for name in ("pagefind", "pagefind_bin"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
    site = os.path.abspath(site)
    bundle = os.path.join(site, bundle_dir)
    pages = []
    for folder, folders, files in os.walk(site):  # normalised paths under `site`, as the writer's
        if folder == bundle:
            folders[:] = []
            continue
        pages += [os.path.join(folder, name) for name in files if name.endswith(".html")]
    for path in sorted(pages):
        noted = written.get(path)
        if noted is not None and noted.describes(os.stat(path)):
            page_digest = noted.sha256
        else:
            with open(path, "rb") as stream:
                page_digest = hashlib.sha256(stream.read()).digest()
        digest.update(path[len(site) + 1:].encode() + b"\0" + page_digest)  # its path relative to `site`
    return digest.hexdigest()
