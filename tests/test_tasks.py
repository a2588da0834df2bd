"""The invoke tasks (tasks.py), run for real as `python -m invoke ...` in a copy of a project.

Most tests use a tiny project written here (Pelican's built-in theme, one article), so that
building, serving and deploying are tested apart from the site's own theme and plugins, and
fast. rsync, git and ghp-import are the real ones: targets are folders and a bare git
repository under tmp_path. One test builds a copy of the real site.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PELICANCONF = """\
AUTHOR = "Cité de l'IA"
SITENAME = "Site d'essai"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["strict_content"]
"""

# Shaped like the site's publishconf.py: production overrides only.
PUBLISHCONF = """\
import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.cite-ia.fr")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
"""

ARTICLE = """\
Title: {title}
Date: 2024-03-14 10:00
Category: Actualités

Premier article du site d'essai.
"""

# What the tasks read from the environment: a developer's own settings must not leak in.
TASK_VARIABLES = (
    "PUBLISH_TARGET", "PUBLISH_SSH_PORT", "GH_PAGES_REMOTE", "GH_PAGES_BRANCH",
    "GH_PAGES_CNAME", "SERVE_HOST", "SERVE_PORT", "OPEN_BROWSER", "SITEURL",
)


@pytest.fixture
def project(tmp_path):
    """A minimal Pelican project with the site's tasks.py."""
    path = tmp_path / "projet"
    (path / "content").mkdir(parents=True)
    (path / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    (path / "publishconf.py").write_text(PUBLISHCONF, encoding="utf-8")
    (path / "content" / "premier-article.md").write_text(
        ARTICLE.format(title="Bienvenue"), encoding="utf-8"
    )
    shutil.copy(ROOT / "tasks.py", path / "tasks.py")
    copy_tools(path)
    return path


def copy_tools(path):
    """What tasks.py builds with: scripts/build_site.py, and the plugin that fails bad content."""
    (path / "scripts").mkdir(exist_ok=True)
    shutil.copy(ROOT / "scripts" / "build_site.py", path / "scripts" / "build_site.py")
    shutil.copytree(ROOT / "plugins" / "strict_content", path / "plugins" / "strict_content",
                    ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)


def invoke(project, *args, env=None, cwd=None, timeout=120):
    """Run `python -m invoke ARGS` in `project` (or in `cwd`, inside it); return the finished
    process, with its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd or project,
        env=task_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def task_env(extra=None):
    env = {key: value for key, value in os.environ.items() if key not in TASK_VARIABLES}
    env.update(
        OPEN_BROWSER="0",
        # git: a fixed identity, and none of the developer's own configuration.
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
    )
    env.update(extra or {})
    return env


def succeeded(result):
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def tree(path, ignore=()):
    """Every file under `path`: relative POSIX path → bytes."""
    return {
        file.relative_to(path).as_posix(): file.read_bytes()
        for file in sorted(path.rglob("*"))
        if file.is_file() and not set(file.relative_to(path).parts) & set(ignore)
    }


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, env=task_env(), check=True,
                          capture_output=True, text=True).stdout


# --- building -------------------------------------------------------------------------


def test_list_shows_every_task(project):
    listed = succeeded(invoke(project, "--list")).stdout
    for name in ("clean", "build", "rebuild", "regenerate", "serve", "reserve", "preview",
                 "livereload", "publish", "gh-pages", "test"):
        assert f"  {name} " in listed or f"  {name}\n" in listed, name


def test_build_writes_the_local_site(project):
    succeeded(invoke(project, "build"))
    index = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "Bienvenue" in index
    assert "https://www.cite-ia.fr" not in index


def test_preview_uses_the_production_settings(project):
    succeeded(invoke(project, "preview", env={"SITEURL": "https://essai.example.org"}))
    index = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "https://essai.example.org/" in index


def test_build_works_from_a_sub_folder(project):
    succeeded(invoke(project, "build", cwd=project / "content"))
    assert (project / "output" / "index.html").is_file()


def test_rebuild_empties_the_output_first(project):
    stale = project / "output" / "ancien.html"
    stale.parent.mkdir()
    stale.write_text("ancien", encoding="utf-8")
    succeeded(invoke(project, "rebuild"))
    assert not stale.exists()
    assert (project / "output" / "index.html").is_file()


@pytest.mark.parametrize("task", ["build", "preview"])
def test_build_fails_when_pelican_reports_an_error(project, task):
    # No title: Pelican logs an error, skips the article, and would itself exit with 0.
    (project / "content" / "sans-titre.md").write_text("Date: 2024-03-15\n\nTexte.\n",
                                                       encoding="utf-8")
    result = invoke(project, task)
    assert result.returncode != 0
    assert "1 erreur dans le contenu, rien n'a été écrit" in result.stderr
    assert "sans-titre.md" in result.stderr
    assert "La construction a échoué (détails ci-dessus)." in result.stderr
    assert "Traceback" not in result.stderr


def test_clean_removes_output_and_cache(project):
    succeeded(invoke(project, "build"))
    (project / "cache").mkdir()
    result = succeeded(invoke(project, "clean"))
    assert not (project / "output").exists()
    assert not (project / "cache").exists()
    assert "Supprimé : output/" in result.stdout
    assert "Rien à nettoyer." in succeeded(invoke(project, "clean")).stdout


# --- publish (rsync) ------------------------------------------------------------------


def test_publish_without_target_fails_with_a_clear_message(project):
    result = invoke(project, "publish")
    assert result.returncode != 0
    assert "Aucune cible de publication n'est configurée" in result.stderr
    assert "PUBLISH_TARGET" in result.stderr
    assert not (project / "output").exists()  # nothing built, nothing sent


def test_publish_dry_run_lists_files_and_changes_nothing(project, tmp_path):
    target = tmp_path / "serveur"
    target.mkdir()
    (target / "ancien.html").write_text("ancien", encoding="utf-8")
    before = tree(target)

    result = succeeded(invoke(project, "publish", "--dry-run",
                              env={"PUBLISH_TARGET": str(target)}))

    assert tree(target) == before
    assert "Simulation (--dry-run)" in result.stdout
    listed = result.stdout.splitlines()
    for name in tree(project / "output"):  # every built file, as rsync itemizes it
        assert any(line.startswith(">f") and line.endswith(f" {name}") for line in listed), name
    assert "*deleting   ancien.html" in listed


@pytest.mark.parametrize("setting", ["absolute", "relative to the project"])
def test_publish_makes_the_target_equal_the_production_build(project, tmp_path, setting):
    target = tmp_path / "serveur"
    target.mkdir()
    (target / "ancien.html").write_text("ancien", encoding="utf-8")
    configured = str(target) if setting == "absolute" else "../serveur"

    result = succeeded(invoke(project, "publish", env={"PUBLISH_TARGET": configured},
                              cwd=project / "content"))

    built = tree(project / "output")
    assert "index.html" in built
    assert b"https://www.cite-ia.fr/" in built["index.html"]
    assert tree(target) == built
    assert f"Site publié sur {target}" in result.stdout


def test_publish_sends_nothing_when_the_build_fails(project, tmp_path):
    (project / "content" / "sans-titre.md").write_text("Texte.\n", encoding="utf-8")
    target = tmp_path / "serveur"
    result = invoke(project, "publish", env={"PUBLISH_TARGET": str(target)})
    assert result.returncode != 0
    assert "Rien n'a été publié." in result.stderr
    assert not target.exists()


def test_publish_refuses_a_target_containing_the_project(project):
    result = invoke(project, "publish", env={"PUBLISH_TARGET": str(project)})
    assert result.returncode != 0
    assert "Cible de publication refusée" in result.stderr
    assert (project / "tasks.py").is_file()


# --- gh-pages (ghp-import) ------------------------------------------------------------


def test_gh_pages_pushes_the_production_build(project, tmp_path):
    remote = tmp_path / "depot.git"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    git("init", "--quiet", cwd=project)
    git("remote", "add", "publication", str(remote), cwd=project)
    env = {"GH_PAGES_REMOTE": "publication"}

    result = succeeded(invoke(project, "gh-pages", env=env))
    assert "Site publié dans la branche gh-pages de publication." in result.stdout

    def published():
        checkout = tmp_path / f"checkout-{time.monotonic_ns()}"
        git("clone", "--quiet", "--branch", "gh-pages", str(remote), str(checkout), cwd=tmp_path)
        return checkout

    built = tree(project / "output")
    assert b"https://www.cite-ia.fr/" in built["index.html"]
    assert tree(published(), ignore={".git"}) == {**built, ".nojekyll": b""}

    # Published again from a clone that never had the branch (another machine): the
    # new commit follows the published one, and the push is not refused.
    git("branch", "-D", "gh-pages", cwd=project)
    git("update-ref", "-d", "refs/remotes/publication/gh-pages", cwd=project)
    (project / "content" / "second-article.md").write_text(
        ARTICLE.format(title="Deuxième"), encoding="utf-8")
    succeeded(invoke(project, "gh-pages", env=env))
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "2"
    assert tree(published(), ignore={".git"}) == {**tree(project / "output"), ".nojekyll": b""}


def test_gh_pages_with_an_unknown_remote_fails_before_building(project):
    git("init", "--quiet", cwd=project)
    result = invoke(project, "gh-pages")
    assert result.returncode != 0
    assert "Le dépôt git distant « origin » n'existe pas" in result.stderr
    assert not (project / "output").exists()


# --- test -----------------------------------------------------------------------------


def test_test_task_runs_pytest_and_reports_failure(project):
    tests = project / "tests"
    tests.mkdir()
    (tests / "test_ok.py").write_text("def test_ok():\n    assert True\n", encoding="utf-8")
    assert "1 passed" in succeeded(invoke(project, "test")).stdout

    (tests / "test_ko.py").write_text("def test_ko():\n    assert False\n", encoding="utf-8")
    assert invoke(project, "test").returncode == 1
    assert succeeded(invoke(project, "test", "--", "-k", "ok")).returncode == 0


# --- long-running tasks ---------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Running:
    """A task left running in its own process group, stopped at the end of the test."""

    def __init__(self, project, *args):
        self.log = project.parent / "tache.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "invoke", *args], cwd=project, env=task_env(),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_for(self, condition, what, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"task exited while waiting for {what}:\n{self.log.read_text()}")
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"timed out waiting for {what}:\n{self.log.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


@pytest.fixture
def running():
    started = []

    def start(project, *args):
        started.append(Running(project, *args))
        return started[-1]

    yield start
    for task in started:
        task.stop()


def page(port, path=""):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return ""


def test_serve_serves_the_output_on_the_given_port(project, running):
    succeeded(invoke(project, "build"))
    port = free_port()
    running(project, "serve", "--port", str(port), "--bind", "127.0.0.1").wait_for(
        lambda: "Bienvenue" in page(port), "the site on the chosen port")


def test_serve_without_output_says_to_build_first(project):
    result = invoke(project, "serve")
    assert result.returncode != 0
    assert "lancez d'abord « invoke build »" in result.stderr


def test_reserve_builds_then_serves(project, running):
    port = free_port()
    running(project, "reserve", "--port", str(port), "--bind", "127.0.0.1").wait_for(
        lambda: "Bienvenue" in page(port), "the freshly built site")


def edit_until(project, rebuilt):
    """A condition for Running.wait_for: edits the article until `rebuilt()` holds.

    The edit is repeated every two seconds because the watchers start a moment after the
    first build ends, and an edit made before then is never seen.
    """
    article = project / "content" / "premier-article.md"
    last_edit = 0.0

    def condition():
        nonlocal last_edit
        if rebuilt():
            return True
        if time.monotonic() - last_edit > 2:
            article.write_text(ARTICLE.format(title="Titre modifié"), encoding="utf-8")
            last_edit = time.monotonic()
        return False

    return condition


def test_regenerate_rebuilds_on_change(project, running):
    index = project / "output" / "index.html"
    task = running(project, "regenerate")
    task.wait_for(index.is_file, "the first build")
    task.wait_for(edit_until(project, lambda: "Titre modifié" in index.read_text("utf-8")),
                  "the rebuild")


def test_livereload_serves_and_rebuilds_on_change(project, running):
    port = free_port()
    task = running(project, "livereload", "--port", str(port), "--bind", "127.0.0.1")
    task.wait_for(lambda: "Bienvenue" in page(port), "the site")
    task.wait_for(edit_until(project, lambda: "Titre modifié" in page(port)),
                  "the rebuilt site")


# --- the real site --------------------------------------------------------------------


def test_the_real_site_builds_with_the_tasks(tmp_path):
    copy = tmp_path / "site"
    copy.mkdir()
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("content", "theme", "plugins", "scripts"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))

    succeeded(invoke(copy, "build"))
    assert (copy / "output" / "podcast" / "feed.xml").is_file()
    succeeded(invoke(copy, "preview"))
    assert "https://www.cite-ia.fr" in (copy / "output" / "index.html").read_text(encoding="utf-8")
