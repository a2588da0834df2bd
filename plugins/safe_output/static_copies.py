"""Static files (images, audio) copied into the staging folder only when they changed.

When content/ and the output share a filesystem, Pelican hard-links each static file
(STATIC_CREATE_LINKS, set by staging.py): no byte is copied. Otherwise (another disk, or
STATIC_HARD_LINKS = False), Pelican would copy every file into the empty staging folder at every
build, gigabytes of audio included, and its copies would not even keep the source's mtime.

Here, before Pelican's StaticGenerator writes (get_writer, after the checks), each static file is
put in the staging folder by us:
- linked from the previous output when the copy there has the source's size and modification time
  (every copy we make keeps them): an unchanged file is never copied again;
- else copied, keeping size and modification time (a replaced file, whatever its date).
Pelican then finds each file in place, as new as its source (STATIC_CHECK_IF_MODIFIED, set by
staging.py), and copies nothing. A file changed in place keeping both its size and its
modification time to the nanosecond would not be seen, as with rsync's own quick check.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

from pelican.generators import StaticGenerator
from pelican.plugins.podcast.cache import file_stamp
from pelican.plugins.podcast.files import link_or_copy

from ..editor_loop.hooks import nothing_changed

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

# The generators of the build under way (all_generators_finalized -> get_writer).
_generators: list[Generator] = []


def remember_generators(generators: list[Generator]) -> None:
    _generators[:] = generators


def place_static_copies(pelican: Pelican) -> None:
    """get_writer: in copy mode, each static file linked from the previous output or copied once."""
    generators = list(_generators)
    _generators.clear()
    settings = pelican.settings
    if settings["CHECK_ONLY"] or settings["STATIC_CREATE_LINKS"] or nothing_changed():
        return  # nothing_changed: the output holds every static file, unchanged
    output = os.path.abspath(settings["OUTPUT_PATH"])
    staging = pelican.output_path
    for generator in generators:
        if not isinstance(generator, StaticGenerator):
            continue
        for static in generator.context["staticfiles"]:
            source = os.path.join(generator.path, static.source_path)
            target = os.path.join(staging, static.save_as)
            if os.path.lexists(target) or not os.path.isfile(source):
                continue  # two statics to one address is a problem the checks report; Pelican's own message
            os.makedirs(os.path.dirname(target), exist_ok=True)
            previous = os.path.join(output, static.save_as)
            if _same_size_and_time(previous, source):
                link_or_copy(previous, target)
            else:
                shutil.copy2(source, target)


def _same_size_and_time(copy: str, source: str) -> bool:
    try:
        copied, original = os.stat(copy), os.stat(source)
    except OSError:
        return False
    return file_stamp(copied) == file_stamp(original) and os.path.isfile(copy)  # the audio cache's rule
