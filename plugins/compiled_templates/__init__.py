"""Jinja's compiled templates kept in CACHE_PATH, so that a rebuild does not compile the theme again.

Pelican gives every generator its own Jinja environment, and each compiles the templates it uses
at every build: about a second for this theme. Jinja's bytecode cache is keyed by the template's
name and a checksum of its source, so an edited template is compiled again, never served stale;
COMPILED_TEMPLATES_PATH puts that folder elsewhere (the test suite shares one between its builds).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache
from pelican import signals

if TYPE_CHECKING:
    from pelican.generators import Generator


def use_compiled_templates(generator: Generator) -> None:
    """generator_init: before any template is loaded."""
    env = getattr(generator, "env", None)
    if env is None or env.bytecode_cache is not None or not generator.settings.get("CACHE_CONTENT"):
        return
    folder = generator.settings.get("COMPILED_TEMPLATES_PATH") or os.path.join(generator.settings["CACHE_PATH"], "jinja")
    os.makedirs(folder, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(folder)


def register() -> None:
    signals.generator_init.connect(use_compiled_templates)
