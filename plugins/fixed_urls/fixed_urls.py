"""Each content's `url` and `save_as` computed once per build, not every time a template reads them.

Pelican formats them from the content's pattern (ARTICLE_URL, PAGE_SAVE_AS, EPISODE_URL…) at each
read: a copy of the metadata, the source path made relative, a str.format. The templates read them
about 24,000 times for a thousand articles and two hundred episodes (the cards of every list, the
menu on every page, the sharing tags), a tenth of a rebuild. Once every address is final (get_writer:
everything read, assembled and checked), each content keeps its own in the attributes Pelican reads
first, those a `URL:` or `Save_as:` field sets (override_url, override_save_as). The written site is
the same, byte for byte; a content whose front matter already overrides them is left alone.
Pelican's writer then takes every content's page as one that may replace another output of the
same path: two outputs on one path are stopped before, at the gate (plugins.checks.addresses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..checks.content_fields import read_contents
from ..editor_loop.hooks import partial_scope_of

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.writers import Writer

# The generators of the build under way (all_generators_finalized -> get_writer).
_generators: list[Generator] = []


def remember_generators(generators: list[Generator]) -> None:
    _generators[:] = generators


def fix_urls(pelican: Pelican) -> type[Writer] | None:
    """get_writer: every content (drafts, hidden ones, translations, episodes) keeps its address.

    Not in a partial rebuild of the editor's loop: it renders a few pages, and fixing every address
    would cost more than it saves.
    """
    generators = list(_generators)
    _generators.clear()
    if partial_scope_of(pelican) is not None:
        return None
    for content in read_contents(generators, drafts=True):
        for key in ("url", "save_as"):
            if not hasattr(content, f"override_{key}"):
                setattr(content, f"override_{key}", getattr(content, key))
    return None  # the writer is Pelican's (or another plugin's)
