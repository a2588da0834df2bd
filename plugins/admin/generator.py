"""The editor's files, written with the rest of the site (and checked with it by the gate):
index.html (its own Content-Security-Policy), config.yml (config.py), our two scripts, and Decap
CMS's bundle linked from node_modules/ (bundle.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator
from pelican.plugins.podcast.files import link_or_copy, write_atomically
from pelican.plugins.podcast.settings import DEFAULTS as PODCAST_DEFAULTS
from pelican.utils import sanitised_join

from .. import PLUGINS_FOLDER
from ..editor_loop.hooks import nothing_changed
from ..new_content import categories_in_use, latest_season_in
from .bundle import bundle_files, missing_note
from .config import cms_config, config_text
from .fields import Vocabulary, folder_on_host
from .settings import AdminSettings

if TYPE_CHECKING:
    from pelican.writers import Writer

SETTINGS_KEY = "ADMIN"
BROWSER_FILES = Path(__file__).parent / "browser"
OUR_SCRIPTS = ("admin.js", "file-names.js", "header-format.js")
PAGE = "index.html"
CONFIG = "config.yml"


def csp(admin: AdminSettings) -> str:
    """The editor's own policy, looser than the site's (Decap's React styles are inline, its
    previews are blob: pictures), still with no script from elsewhere."""
    connect = " ".join(("'self'", "blob:", *admin.origins))
    return ("default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob: https:; media-src 'self' blob: https:; font-src 'self' data:; "
            f"connect-src {connect}; frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'")


def page(admin: AdminSettings) -> str:
    template = (BROWSER_FILES / PAGE).read_text(encoding="utf-8")
    return template.replace("{{ csp }}", csp(admin))


def content_folder(settings: dict) -> str:
    """The content folder as the repository names it (Decap's paths start at its root)."""
    relative = os.path.relpath(os.path.abspath(settings["PATH"]), PLUGINS_FOLDER.parent)
    return os.path.basename(os.path.abspath(settings["PATH"])) if relative.startswith("..") else relative.replace(os.sep, "/")


def vocabulary(settings: dict, admin: AdminSettings) -> Vocabulary:
    content = Path(settings["PATH"])
    podcast_dir = str(settings.get("PODCAST_DIR") or PODCAST_DEFAULTS["PODCAST_DIR"])
    return Vocabulary(
        categories=tuple(categories_in_use(content, settings.get("ARTICLE_EXCLUDES") or ())),
        latest_season=latest_season_in(content / podcast_dir),
        audio_on_host=folder_on_host(settings.get("PODCAST_MEDIA_URL") or None, podcast_dir),
        upload_limit_mb=admin.upload_limit_mb,
    )


def written(admin: AdminSettings) -> bool:
    """Whether this build has an editor to write: Decap installed, and somewhere to save."""
    return bool(bundle_files()) and bool(admin.local_backend or admin.repository)


class AdminGenerator(Generator):
    def generate_context(self) -> None:
        pass  # the rules are the checks'; the vocabulary is read when writing

    def output_paths(self) -> list[tuple[str, str]]:
        admin: AdminSettings = self.settings[SETTINGS_KEY]
        if not written(admin):
            return []
        names = [PAGE, CONFIG, *OUR_SCRIPTS, *(path.name for path in bundle_files())]
        return [(f"{admin.path}/{name}", "l'éditeur web (plugins.admin)") for name in names]

    def generate_output(self, writer: Writer) -> None:
        admin: AdminSettings = self.settings[SETTINGS_KEY]
        if not bundle_files():
            print(missing_note(), file=sys.stderr, flush=True)
            return
        if not written(admin):
            print("Éditeur web (/admin/) non construit : ADMIN_REPOSITORY (propriétaire/dépôt sur GitHub) "
                  "n'est pas réglé ; voir le guide des éditeurs, « Se connecter au site public ».",
                  file=sys.stderr, flush=True)
            return
        if nothing_changed():
            return  # the output already holds these very files (the bundle's version is a setting)
        folder = sanitised_join(self.output_path, admin.path)
        os.makedirs(folder, exist_ok=True)
        config = cms_config(admin, vocabulary(self.settings, admin), content_folder(self.settings),
                            str(self.settings.get("PODCAST_DIR") or PODCAST_DEFAULTS["PODCAST_DIR"]))
        write_atomically(os.path.join(folder, PAGE), page(admin).encode("utf-8"))
        write_atomically(os.path.join(folder, CONFIG), config_text(config).encode("utf-8"))
        for name in OUR_SCRIPTS:
            write_atomically(os.path.join(folder, name), (BROWSER_FILES / name).read_bytes())
        for path in bundle_files():
            target = os.path.join(folder, path.name)
            if not os.path.exists(target):
                link_or_copy(str(path), target)
