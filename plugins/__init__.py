"""The site's product code: our Pelican plugins, the problems pipeline and the build command.

One import path everywhere: Pelican loads `plugins.podcast` (PLUGINS in pelicanconf.py), the tests
and the tasks import the same modules, so errors are caught by class.
"""

from pathlib import Path

# This package's folder: what the watcher treats as code, and an input of every build.
PLUGINS_FOLDER = Path(__file__).resolve().parent

# Every module of this package is loaded by the loader of fresh_code.py (never from a stale
# compiled copy), from the first one imported after this line.
from . import fresh_code  # noqa: E402

fresh_code.install(str(PLUGINS_FOLDER))
