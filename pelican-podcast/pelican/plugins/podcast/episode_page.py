"""An episode's page, as Pelican's readers make it: a Pelican content object with its own URL
settings (EPISODE_URL, EPISODE_SAVE_AS) and, once assembled, its record."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from pelican.contents import Content
from pelican.utils import slugify

if TYPE_CHECKING:
    from .records import Episode


class EpisodePage(Content):
    """An episode's page. Its URL comes from EPISODE_URL / EPISODE_SAVE_AS."""

    mandatory_properties = ()  # Title, Date and Audio are checked by front_matter, with our messages
    allowed_statuses = ("published", "draft", "hidden", "withdrawn")
    default_status = "published"
    default_template = "episode"
    record: Episode | None = None  # set by assemble_records()

    def __init__(
        self,
        content: str,
        metadata: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        source_path: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        # Without a Slug, the URL comes from the file name, not the title: fixing a typo in a
        # title must not move a published page.
        if source_path and metadata is not None and "slug" not in metadata:
            assert settings is not None  # Pelican's readers and _page_from_header always pass the settings
            stem = os.path.splitext(os.path.basename(source_path))[0]
            metadata = {**metadata, "slug": slugify(stem, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))}
        super().__init__(content, metadata, settings, source_path, context)

    def _expand_settings(self, key: str) -> str:
        return super()._expand_settings(key, "episode")
