"""The search settings: one table of defaults, checked once at `initialized`."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from pelican.plugins.podcast.problems import not_a_flag

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
    """Defaults applied, each value checked; a wrong one is reported (the build stops) and
    replaced by its default only so that the other checks can run."""
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)
    problems: list[Problem] = []
    enabled = settings["SEARCH_INDEX"]
    if not isinstance(enabled, bool):
        problems.append(not_a_flag("SEARCH_INDEX", enabled))
        enabled = True
    bundle_dir = settings["SEARCH_BUNDLE_DIR"]
    normal = posixpath.normpath(bundle_dir) if isinstance(bundle_dir, str) and bundle_dir.strip() else ""
    if not normal or normal.startswith(("..", "/")) or normal == ".":
        problems.append(SITE("search.E001", field="SEARCH_BUNDLE_DIR", value=bundle_dir))
        normal = str(DEFAULTS["SEARCH_BUNDLE_DIR"])
    timeout = settings["SEARCH_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        problems.append(SITE("settings.E003", field="SEARCH_TIMEOUT", value=timeout))
        timeout = DEFAULTS["SEARCH_TIMEOUT"]
    settings["SEARCH_BUNDLE_DIR"] = normal  # templates load the UI from there
    return SearchSettings(enabled=enabled, bundle_dir=normal, timeout=float(timeout)), problems
