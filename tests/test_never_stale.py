"""No shortcut ever publishes a stale site: after any change of what a build reads, the build in a
new process (`python -m plugins.build`, with the previous build's caches) writes the very bytes a
cold build (no cache, no output) writes.

Each change is one an editor or a tool really makes and that a timestamp does not show: a file
edited then given back its previous mtime (`touch -r`, `cp -p`, an archive, a sync tool), or a
setting whose text changes where only its effect shows (a URL pattern read by Pelican's content
cache, a settings function's default or the helper it calls).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import fresh_python
import pytest
from sitebuild import copy_project, saved_at, tree_digest

ARTICLE = "content/2023-01-bilan-2022.md"
TEMPLATE = "theme/templates/base.html"
PLUGIN = "plugins/sharing/meta.py"
# A settings function a template calls (through JINJA_FILTERS), and the helper it calls.
FILTER = '''
def _shout(text):
    return text.upper()


def signature(text, mark=" ★"):
    return _shout(text) + mark


JINJA_FILTERS = {"signature": signature}
'''
FILTERED = '<p class="site-footer__name">{{ SITENAME }}</p>'


# A moment long before the suite's clock (tests/conftest.py): the last-build record trusts files
# saved then (see RACY_SECONDS).
SAVED_LONG_AGO = 1_700_000_000


def replace_keeping_mtime(path: Path, old: str, new: str) -> None:
    """Edit `path` in place, then give it back its mtime, as `touch -r` or a sync tool would."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def start_build(project: Path, *options: str) -> subprocess.Popen:
    # Compiled copies of the plugins written and read (whatever the environment says): Python trusts
    # a .pyc while its source keeps size and mtime; plugins/fresh_code.py must not.
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    return fresh_python.Popen([sys.executable, "-m", "plugins.build", *options], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(build: subprocess.Popen) -> str:
    stdout, stderr = build.communicate(timeout=600)
    assert build.returncode == 0 and "Traceback" not in stderr, stdout + stderr
    return stdout


def cold_build(project: Path) -> subprocess.Popen:
    """The same settings into a fresh output and cache folder: nothing of a previous build is read."""
    (project / "cold.py").write_text('from pelicanconf import *  # noqa: F403\nCACHE_PATH = "cold-cache"\n',
                                     encoding="utf-8")
    return start_build(project, "-s", "cold.py", "-o", str(project / "cold-output"))


@pytest.fixture
def project(tmp_path: Path, measured_audio_cache: Path) -> Path:
    """The repository's site copied, with a settings function its theme calls, built once (its audio
    read and measured before: the cold build below reads it again, into its own cache)."""
    project = copy_project(tmp_path / "projet", audio_cache=measured_audio_cache)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(FILTER)
    replace(project / TEMPLATE, FILTERED, FILTERED.replace("SITENAME", "SITENAME|signature"))
    saved_at(project, SAVED_LONG_AGO)
    finish(start_build(project))
    assert "CITÉ DE L&#39;IA ★" in (project / "output" / "index.html").read_text(encoding="utf-8")
    return project


def _content_same_size_with_its_mtime(project: Path) -> str:
    # The same number of bytes too: size and mtime both say "unchanged".
    replace_keeping_mtime(project / ARTICLE, "en chiffres", "en données")
    return "en données"


def _url_setting(project: Path) -> str:
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('CATEGORY_URL = "themes/{slug}/"\nCATEGORY_SAVE_AS = "themes/{slug}/index.html"\n')
    return "themes/"


def _markdown_setting(project: Path) -> str:
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {},'
                       ' "markdown.extensions.toc": {"permalink": "¶"}}, "output_format": "html5"}\n')
    return "¶"


def _settings_function_default(project: Path) -> str:
    replace(project / "pelicanconf.py", 'mark=" ★"', 'mark=" ☆"')
    return "CITÉ DE L&#39;IA ☆"


def _helper_of_a_settings_function(project: Path) -> str:
    replace(project / "pelicanconf.py", "text.upper()", "text.title()")
    return "Cité De L&#39;Ia ★"


def _theme_template_with_its_mtime(project: Path) -> str:
    replace_keeping_mtime(project / TEMPLATE, "Suivre la Cité", "Suivez la Cité")
    return "Suivez la Cité"


def _plugin_module_with_its_mtime(project: Path) -> str:
    # What an episode's shared picture shows, in as many bytes (no setting holds it). The first build
    # left the module compiled: that copy must not be run.
    assert list((project / PLUGIN).parent.glob("__pycache__/meta.*.pyc"))
    replace_keeping_mtime(project / PLUGIN, 'image_alt=f"Pochette de l', 'image_alt=f"Vignette de l')
    return "Vignette de l"


@pytest.mark.parametrize("change", [
    _content_same_size_with_its_mtime, _url_setting, _markdown_setting, _settings_function_default,
    _helper_of_a_settings_function, _theme_template_with_its_mtime, _plugin_module_with_its_mtime,
], ids=lambda change: change.__name__.strip("_"))
def test_the_next_build_writes_what_a_cold_build_writes(project: Path, change: Callable[[Path], str]):
    shown = change(project)
    # Both at once: they share nothing but the sources.
    cold, incremental = cold_build(project), start_build(project)
    finish(cold)
    finish(incremental)
    cold_site, site = tree_digest(project / "cold-output"), tree_digest(project / "output")
    assert any(shown in path.read_text(encoding="utf-8") for path in (project / "cold-output").rglob("*.html")), shown
    assert sorted(name for name in cold_site.keys() | site.keys() if cold_site.get(name) != site.get(name)) == []


def test_a_full_build_after_a_setting_change_writes_what_a_cold_build_writes(project: Path):
    """`--full` (invoke rebuild) renders every page, but reads through Pelican's content cache."""
    _url_setting(project)
    cold, full = cold_build(project), start_build(project, "--full")
    finish(cold)
    finish(full)
    assert tree_digest(project / "output") == tree_digest(project / "cold-output")
