"""The site's product code: our Pelican plugins, the problems pipeline and the build command.

One import path everywhere: Pelican loads `plugins.NAME` and the podcast plugin, a package of its
own (`pelican-podcast/`, installed from this repository), as `pelican.plugins.podcast` (PLUGINS
in pelicanconf.py); the tests and the tasks import the same modules, so errors are caught by class.
"""

from importlib.util import find_spec
from pathlib import Path

# This package's folder, and the podcast plugin's (found without importing it): the code this
# repository holds, what the watcher treats as code, and an input of every build.
PLUGINS_FOLDER = Path(__file__).resolve().parent
_PODCAST = find_spec("pelican.plugins.podcast")
if _PODCAST is None or not _PODCAST.submodule_search_locations:
    raise ModuleNotFoundError("pelican.plugins.podcast: install it with `pip install -r requirements.txt` (README)")
PODCAST_FOLDER = Path(_PODCAST.submodule_search_locations[0]).resolve()
CODE_FOLDERS = (PLUGINS_FOLDER, PODCAST_FOLDER)

# Every module of these packages is loaded by the loader of fresh_code.py (never from a stale
# compiled copy), from the first one imported after this line.
from . import fresh_code  # noqa: E402

for _folder in CODE_FOLDERS:
    fresh_code.install(str(_folder))
