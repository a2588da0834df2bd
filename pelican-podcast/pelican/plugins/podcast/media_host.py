"""Is every audio file of the manifest on the media host, whole? (`invoke check --media-host`)

One HTTP HEAD per file, at the URL the feed gives (PODCAST_MEDIA_URL + its path inside content/),
a few at a time, each with a short timeout; the size the host announces (Content-Length) must be
the manifest's. Problems are returned, never raised, each naming the episodes that use the file.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPMessage
from typing import IO, Any

from .catalogue import PODCAST
from .manifest import AudioManifest
from .problem_record import Problem
from .urls import absolute_url, url_path

TIMEOUT = 5.0  # seconds per request
PARALLEL = 8


class _KeepHead(urllib.request.HTTPRedirectHandler):
    """urllib follows a redirect with GET, which would download the whole file: keep HEAD."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        redirected = super().redirect_request(req, fp, code, msg, headers, newurl)
        if redirected is None:
            return None
        return urllib.request.Request(redirected.full_url, headers=dict(redirected.header_items()), method="HEAD")


_OPENER = urllib.request.build_opener(_KeepHead)


def media_url_of(media_url: str, relative: str) -> str:
    """The URL the feed gives for the audio file at `relative` (episodes.assemble's)."""
    return absolute_url(media_url, url_path(relative))


def _head(url: str, timeout: float) -> tuple[int | None, str | None, str | None]:
    """(status, Content-Length, None) or (None, None, why the host could not be asked)."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "cite-ia invoke check"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Length"), None
    except urllib.error.HTTPError as error:
        return error.code, None, None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, None, str(reason)


def media_host_problems(
    manifest: AudioManifest,
    media_url: str,
    users: Mapping[str, Sequence[tuple[str, str, str]]],
    timeout: float = TIMEOUT,
) -> list[Problem]:
    """A problem per manifest file missing from the media host or of another size there.

    `users` maps a content-relative audio path to the episodes that use it, each as (file, field,
    the path as written: content/podcasts/x.md, Audio, media/x.mp3); a file no episode uses is
    named by the manifest. An unreachable host is one problem.
    """
    files = manifest.files()
    urls = [media_url_of(media_url, relative) for relative, _, _ in files]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        answers = list(pool.map(lambda url: _head(url, timeout), urls))
    problems: list[Problem] = []
    unreachable: list[str] = []
    values: dict[str, Any]
    for (relative, size, _), url, (status, length, failure) in zip(files, urls, answers, strict=True):
        if failure is not None:
            unreachable.append(f"{url} ({failure})")
            continue
        if status != 200:
            code, values = "podcast.E170", {"status": status}
        elif length is None or not length.isdigit():
            code, values = "podcast.E171", {}
        elif int(length) != size:
            code, values = "podcast.E172", {"length": int(length), "size": size}
        else:
            continue
        named = users.get(relative) or [(manifest.shown, "", relative)]
        problems += [PODCAST(code, file=file, field=field, written=written, url=url, manifest=manifest.shown,
                             hint="absent" if status == 404 else "changed", **values)
                     for file, field, written in named]
    if unreachable:
        problems.append(PODCAST("podcast.E173", field="PODCAST_MEDIA_URL", count=len(unreachable),
                                example=unreachable[0]))
    return problems
