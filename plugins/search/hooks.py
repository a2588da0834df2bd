"""What the search plugin does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import problems
from ..editor_loop.hooks import partial_scope_of
from .indexing import index_site, note_inputs, reuse_index
from .page_digests import WrittenPages, digesting_writer, pages_digest
from .settings import load_settings

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.writers import Writer

SETTINGS_KEY = "SEARCH_SETTINGS"

# The HTML pages the writer of the build under way wrote (get_writer -> finalized).
_written: WrittenPages = {}


def configure(pelican: Pelican) -> None:
    """initialized: read and check the settings once."""
    search, setting_problems = load_settings(pelican.settings)
    problems.report_settings(setting_problems)
    pelican.settings[SETTINGS_KEY] = search


def offer_writer(pelican: Pelican) -> type[Writer] | None:
    """get_writer: a full build that will be indexed gets a writer noting each page's digest."""
    _written.clear()
    search = pelican.settings[SETTINGS_KEY]
    if pelican.settings["CHECK_ONLY"] or not search.enabled or partial_scope_of(pelican) is not None:
        return None  # a partial rebuild has the editor's loop's writer, and is not indexed
    return digesting_writer(_written)


def index_output(pelican: Pelican) -> None:
    """finalized, before plugins.safe_output swaps the staging folder in: index what was written.

    A failure stops the build like any other problem: output/ keeps the previous site.
    """
    search = pelican.settings[SETTINGS_KEY]
    if pelican.settings["CHECK_ONLY"] or not search.enabled:
        return
    if partial_scope_of(pelican) is not None:
        # The editor's loop rewrote a few pages: Pagefind only indexes a whole site, and would take
        # longer than the rebuild. The index stays the previous build's until the next full build.
        return
    digest = pages_digest(pelican.output_path, search.bundle_dir, _written)
    _written.clear()
    if reuse_index(pelican.settings["OUTPUT_PATH"], pelican.output_path, search.bundle_dir, digest):
        return  # the same pages as the site in place: its index is theirs
    found = index_site(pelican.output_path, search.bundle_dir, search.timeout)
    if found:
        problems.report(found)
        problems.raise_if_failed(fail_on_warnings=False)
    note_inputs(pelican.output_path, search.bundle_dir, digest)
