"""What plugins.admin does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import problems
from .bundle import bundle_files
from .generator import SETTINGS_KEY, AdminGenerator
from .settings import load_settings

if TYPE_CHECKING:
    from pelican import Pelican


def configure(pelican: Pelican) -> None:
    """initialized: settings read and checked once; the installed bundle named among them, so
    that installing or upgrading Decap CMS counts as a change for the next build (last_build.py)."""
    admin, setting_problems = load_settings(pelican.settings)
    problems.report_settings(setting_problems)
    pelican.settings[SETTINGS_KEY] = admin
    pelican.settings["ADMIN_BUNDLE"] = [(path.name, path.stat().st_size) for path in bundle_files()]
    # The editor is no page of the site: out of the sitemap (robots.txt keeps engines out of it).
    sitemap = pelican.settings.get("SITEMAP")
    if isinstance(sitemap, dict):
        sitemap.setdefault("exclude", [])
        if f"^{admin.path}/" not in sitemap["exclude"]:
            sitemap["exclude"].append(f"^{admin.path}/")


def add_generator(pelican: Pelican) -> type[AdminGenerator]:
    return AdminGenerator
