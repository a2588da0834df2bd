"""The files of plugins.sharing, written with the others (and checked with them by the gate)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from pelican.generators import Generator
from pelican.plugins.podcast.files import write_atomically
from pelican.utils import sanitised_join

from .robots import robots_txt
from .settings import SETTINGS_KEY
from .sitemap import sitemap_path

if TYPE_CHECKING:
    from pelican.writers import Writer

    from .settings import SharingSettings

ROBOTS_PATH = "robots.txt"


class SharingGenerator(Generator):
    def generate_context(self) -> None:
        pass  # nothing to read

    def output_paths(self) -> list[tuple[str, str]]:
        """What generate_output() writes, for the address checks (two things writing robots.txt)."""
        return [(ROBOTS_PATH, "robots.txt (plugins.sharing, selon CANONICAL_SITEURL)")]

    def generate_output(self, writer: Writer) -> None:
        site: SharingSettings = self.settings[SETTINGS_KEY]
        # ADMIN_PATH: plugins.admin's folder (its default and check are there), when it is on.
        admin = self.settings.get("ADMIN")
        text = robots_txt(site, sitemap_path(self.settings), (admin.path,) if admin is not None else ())
        os.makedirs(self.output_path, exist_ok=True)
        write_atomically(sanitised_join(self.output_path, ROBOTS_PATH), text.encode("utf-8"))
