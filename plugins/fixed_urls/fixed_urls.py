"""Each content's `url` computed once per build, not every time a template reads it.

Pelican formats it from the content's pattern (ARTICLE_URL, PAGE_URL, EPISODE_URL…) at each read:
a copy of the metadata, the source path made relative, a str.format. The templates read it about
18,000 times for a thousand articles and two hundred episodes (the cards of every list, the menu on
every page, the sharing tags), a tenth of a rebuild. Once every address is final (get_writer:
everything read, assembled and checked), each content keeps its own in the attribute Pelican reads
first, the one a `URL:` field sets (override_url). The written site is the same, byte for byte; a
content whose front matter already sets it is left alone. `save_as` is left to Pelican: the writer
reads it once per content, as often as fixing it would.
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
        if not hasattr(content, "override_url"):
            content.override_url = content.url
    return None  # the writer is Pelican's (or another plugin's)
