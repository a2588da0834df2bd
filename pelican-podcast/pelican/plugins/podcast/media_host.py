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
from typing import IO

from .manifest import AudioManifest
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
    users: Mapping[str, Sequence[str]],
    timeout: float = TIMEOUT,
) -> list[str]:
    """A problem per manifest file missing from the media host or of another size there.

    `users` maps a content-relative audio path to the episodes (content/podcasts/x.md: Audio) that
    use it; a file no episode uses is named by the manifest. An unreachable host is one problem.
    """
    files = manifest.files()
    urls = [media_url_of(media_url, relative) for relative, _, _ in files]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        answers = list(pool.map(lambda url: _head(url, timeout), urls))
    problems: list[str] = []
    unreachable: list[str] = []
    for (relative, size, _), url, (status, length, failure) in zip(files, urls, answers, strict=True):
        if failure is not None:
            unreachable.append(f"{url} ({failure})")
            continue
        wrong = None
        if status != 200:
            wrong = f"absent de l'hôte des médias ({url} répond HTTP {status})"
        elif length is None or not length.isdigit():
            wrong = f"l'hôte des médias ne donne pas sa taille ({url} : pas d'en-tête Content-Length)"
        elif int(length) != size:
            wrong = (f"l'hôte des médias en a une autre version ({url} : {int(length)} octets, "
                     f"{size} selon {manifest.shown})")
        if wrong:
            named = users.get(relative) or [f"{manifest.shown}: {relative}"]
            what = "envoyez-le avec « invoke publish-media »" if status == 404 else (
                "un fichier publié ne doit jamais changer sous la même adresse : vérifiez l'hôte")
            problems += [f"{user}: {wrong} : {what}" for user in named]
    if unreachable:
        problems.append(
            f"PODCAST_MEDIA_URL: hôte des médias injoignable pour {len(unreachable)} fichier(s), par exemple "
            f"{unreachable[0]} : vérifiez l'adresse et votre connexion"
        )
    return problems
