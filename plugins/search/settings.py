"""The search settings: one table of defaults, checked once at `initialized`."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from pelican.plugins.podcast.setting_reader import SettingsReader

from ..catalogue import SITE
from ..problems import Problem

# name -> default.
DEFAULTS: dict[str, object] = {
    "SEARCH_INDEX": True,  # False: no index is built (the search page then finds nothing)
    "SEARCH_BUNDLE_DIR": "pagefind",  # where Pagefind writes its index and JS API, inside the output
    "SEARCH_TIMEOUT": 300,  # seconds Pagefind may take before the build gives up
}


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool
    bundle_dir: str
    timeout: float


def load_settings(settings: dict) -> tuple[SearchSettings, list[Problem]]:
    """Defaults applied, each value checked (the one settings reader); a wrong one is reported
    (the build stops) and replaced by its default only so that the other checks can run."""
    read = SettingsReader(settings, DEFAULTS)
    enabled = read.flag("SEARCH_INDEX")
    bundle_dir = settings["SEARCH_BUNDLE_DIR"]
    normal = posixpath.normpath(bundle_dir) if isinstance(bundle_dir, str) and bundle_dir.strip() else ""
    if not normal or normal.startswith(("..", "/")) or normal == ".":
        normal = read.refuse(SITE("search.E001", field="SEARCH_BUNDLE_DIR", value=bundle_dir))
    timeout = settings["SEARCH_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        timeout = read.refuse(SITE("settings.E003", field="SEARCH_TIMEOUT", value=timeout))
    settings["SEARCH_BUNDLE_DIR"] = normal  # templates load the UI from there
    return SearchSettings(enabled=enabled, bundle_dir=normal, timeout=float(timeout)), read.problems
