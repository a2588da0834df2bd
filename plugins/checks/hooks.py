"""What the problems pipeline does at each Pelican signal. `register()` in __init__ wires these."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from pelican.contents import Article, Page
from pelican.generators import StaticGenerator
from pelican.log import LimitFilter
from pelican.plugins.podcast.catalogue import use_language_of

from .. import problems
from . import summary
from .addresses import address_problems, planned_outputs
from .bare_links import bare_link_problems
from .content_fields import (
    empty_alt_problems,
    file_problems,
    pelican_contents,
    read_contents,
    rules_for,
    slug_problems,
    unfinished_problems,
)
from .links import link_problems
from .pelican_log import MISSING_FIELD, UNKNOWN_STATUS, UNREADABLE, HeardRecord, explain, listener, plugin_failures, shown
from .site_settings import read_site_settings

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

# The generators of the build under way (all_generators_finalized -> get_writer).
_generators: list[Generator] = []


def check_settings(pelican: Pelican) -> None:
    """initialized (we are the first plugin): our settings, and the plugins that failed to load."""
    problems.begin_settings()
    # The podcast plugin's rules our checks apply speak the site's language from the start (the
    # plugin would choose it only at its own turn).
    use_language_of(pelican.settings)
    problems.report_settings(read_site_settings(pelican.settings))
    problems.report_settings(plugin_failures(listener.take()))


def take_podcast_problems(sender: object, **found: Any) -> bool:
    """The podcast plugin's problems (pelican.plugins.podcast.interface.problems_found), into the
    build's one list: they stop the build at our gate, with every other problem."""
    if found.get("after_clean_check") is not None:
        problems.after_clean_check(found["after_clean_check"])
    elif found.get("lasting"):
        problems.report_settings(found["problems"])
    else:
        problems.report(found["problems"], found["level"])
    return True


def start_build(pelican: Pelican) -> None:
    """get_generators (start of every build): an empty problem list, Pelican's log filter reset."""
    problems.start_build()
    summary.start_clock()
    listener.take()
    # Pelican's LimitFilter hides a message already logged in this process: a second build
    # (regenerate, livereload) would not hear the same mistake again.
    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    if pelican.settings["CHECK_ONLY"]:
        pelican.delete_outputdir = False


def remember_generators(generators: list[Generator]) -> None:
    """all_generators_finalized: keep the generators for the gate."""
    _generators[:] = generators


def gate(pelican: Pelican) -> None:
    """get_writer (everything read, nothing written): run the checks, then the one raise."""
    settings = pelican.settings
    where = partial(shown, content_path=settings["PATH"])
    heard = listener.take()
    for record in heard:
        said = explain(record, settings["PATH"])
        if said:
            problems.report([said])
    problems.report(_front_matter_problems(heard, settings, where))
    statics = [s for g in _generators if isinstance(g, StaticGenerator) for s in g.staticfiles]
    written = _linked_contents()
    problems.report(link_problems(written, where, heard, statics))
    problems.report(bare_link_problems(written, where))
    problems.report([p for c in written for p in unfinished_problems(c.source_path, where(c.source_path))])
    problems.report([p for c in written
                     for p in empty_alt_problems(c.get_content(c.get_siteurl()), c.source_path, where(c.source_path))])
    problems.report(address_problems(planned_outputs(_generators, where)))
    summary.count(_generators)
    problems.raise_if_failed(fail_on_warnings=settings["FAIL_ON_WARNINGS"])
    if settings["CHECK_ONLY"]:
        problems.run_after_clean_check()
        problems.raise_if_failed(fail_on_warnings=settings["FAIL_ON_WARNINGS"])
        raise problems.CheckPassed()


def summarize_build(pelican: Pelican) -> None:
    """finalized: the summary's time includes writing."""
    summary.finish_clock()


def _front_matter_problems(heard: list[HeardRecord], settings: dict[str, Any],
                           where: Callable[[str], str]) -> list[problems.Problem]:
    page_paths = list(settings.get("PAGE_PATHS", ["pages"]))
    found = []
    checked: set[str] = set()
    for generator in _generators:
        # PODCAST_EPISODES_IN_NEWS puts episodes in the article lists: they have their own rules.
        for content in (c for c in pelican_contents(generator, drafts=True) if isinstance(c, (Article, Page))):
            relative = content.get_relative_source_path()
            checked.add(relative)
            found += file_problems(content.source_path, where(relative), rules_for(relative, page_paths))
            found += slug_problems(content, where(relative))
    # Files Pelican could not read have no content object: their front matter is checked too.
    for record in heard:
        skipped = {MISSING_FIELD: 0, UNREADABLE: 0, UNKNOWN_STATUS: 1}.get(record.message)
        if skipped is not None and len(record.args) > skipped:
            relative = str(record.args[skipped])
            if relative not in checked:
                checked.add(relative)
                found += file_problems(os.path.join(settings["PATH"], relative), where(relative), rules_for(relative, page_paths))
    return found


def _linked_contents() -> list[Any]:
    return read_contents(_generators, drafts=False)
