"""The web editor's settings: one table of defaults, checked once at `initialized`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pelican.plugins.podcast.setting_reader import SettingsReader

from ..catalogue import SITE
from ..problems import Problem

# name -> default (the README's "Web editor" table says what each means).
DEFAULTS: dict[str, object] = {
    "ADMIN_PATH": "admin",  # the editor's folder in the site
    # invoke edit's decap-server (local builds): the form saves into the working tree, never to GitHub.
    # None: the GitHub backend (production), every save a branch and a pull request.
    "ADMIN_LOCAL_BACKEND": None,
    "ADMIN_REPOSITORY": "",  # owner/name on GitHub; empty: no editor in the production site
    "ADMIN_BRANCH": "main",
    # The OAuth service that signs editors in to GitHub (Netlify's, free, see the editors' guide).
    "ADMIN_AUTH_URL": "https://api.netlify.com",
    "ADMIN_AUTH_ENDPOINT": "auth",
    # The name of the (placeholder) Netlify site whose GitHub provider holds our OAuth App, e.g.
    # "cite-ia-editeur.netlify.app"; empty: the address of the page itself (Decap's site_domain).
    "ADMIN_AUTH_SITE": "",
    # Uploads above this go to the media host instead (decap-server refuses about 37 MB, GitHub 100 MB).
    "ADMIN_UPLOAD_LIMIT_MB": 30,
}
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class AdminSettings:
    path: str
    local_backend: str | None
    repository: str
    branch: str
    auth_url: str
    auth_endpoint: str
    auth_site: str
    upload_limit_mb: int
    site_url: str

    @property
    def origins(self) -> tuple[str, ...]:
        """Where the editor's page talks to: the CSP's connect-src besides 'self'."""
        if self.local_backend:
            parts = urlsplit(self.local_backend)
            return (f"{parts.scheme}://{parts.netloc}",)
        parts = urlsplit(self.auth_url)
        return ("https://api.github.com", f"{parts.scheme}://{parts.netloc}")


def load_settings(settings: dict) -> tuple[AdminSettings, list[Problem]]:
    """Defaults applied, each value checked (the one settings reader); a wrong one is reported
    (the build stops) and replaced by its default only so that the other checks can run."""
    read = SettingsReader(settings, DEFAULTS)
    path = settings["ADMIN_PATH"]
    if not isinstance(path, str) or not path.strip("/") or ".." in path.split("/"):
        path = read.refuse(SITE("admin.E001", field="ADMIN_PATH", value=path))
    local = settings["ADMIN_LOCAL_BACKEND"]
    if local is not None:
        parts = urlsplit(str(local))
        if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS or not parts.port:
            local = read.refuse(SITE("admin.E002", field="ADMIN_LOCAL_BACKEND", value=local))
        elif settings.get("PRODUCTION"):
            local = read.refuse(SITE("admin.E003", field="ADMIN_LOCAL_BACKEND"))
    limit = settings["ADMIN_UPLOAD_LIMIT_MB"]
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= 100:
        limit = read.refuse(SITE("admin.E004", field="ADMIN_UPLOAD_LIMIT_MB", value=limit))
    texts = {name: read.text(name) or "" for name in ("ADMIN_REPOSITORY", "ADMIN_BRANCH", "ADMIN_AUTH_URL",
                                                      "ADMIN_AUTH_ENDPOINT", "ADMIN_AUTH_SITE")}
    repository = texts["ADMIN_REPOSITORY"]
    if repository and repository.count("/") != 1:
        repository = read.refuse(SITE("admin.E005", field="ADMIN_REPOSITORY", value=repository))
    return AdminSettings(
        path=path.strip("/"), local_backend=local, repository=repository, branch=texts["ADMIN_BRANCH"] or "main",
        auth_url=texts["ADMIN_AUTH_URL"], auth_endpoint=texts["ADMIN_AUTH_ENDPOINT"],
        auth_site=texts["ADMIN_AUTH_SITE"], upload_limit_mb=int(limit),
        site_url=str(settings.get("SITEURL") or ""),
    ), read.problems
