"""The invoke tasks (tasks.py), run for real as `python -m invoke ...` in a copy of a project.

Most tests use a tiny project written here (Pelican's built-in theme, one article, our plugins
package), so that building, serving and deploying are tested apart from the site's own theme,
and fast. rsync and git are the real ones: targets are folders and a bare git repository
(`origin`) under tmp_path, never the project's own remote. Each refused publication is checked
to change nothing: the project's files and refs, and the target, are compared before and after.
One test builds a copy of the real site.
"""

import concurrent.futures
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from invoke.exceptions import Exit
from invoke_tasks import Running, free_port, invoke, succeeded, task_env
from sitebuild import SETTINGS_MODULES, copy_project

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
# The project folder, as in the site's pelicanconf.py: plugins are imported as `plugins.NAME`.
PLUGIN_PATHS = ["."]
PLUGINS = ["plugins.checks", "plugins.safe_output"]
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
    """What tasks.py builds with: the plugins package (plugins.build and the plugins)."""
    shutil.copytree(ROOT / "plugins", path / "plugins",
                    ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)


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
                 "livereload", "edit", "publish", "gh-pages", "test"):
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
    assert "1 erreur, rien n'a été écrit" in result.stderr
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


def snapshot(project, *folders):
    """What a refused command must leave alone: the project's files (its .git apart), its
    refs, and every given folder."""
    refs = ""
    if (project / ".git").is_dir():
        refs = git("for-each-ref", "--format=%(refname) %(objectname)", cwd=project)
    return tree(project, ignore={".git"}), refs, [tree(folder) for folder in folders]


def refused(result, *messages):
    """The task stopped with status 1 and these words, before building anything."""
    assert result.returncode == 1, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    for message in messages:
        assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_publish_without_target_fails_with_a_clear_message(project):
    result = invoke(project, "publish")
    refused(result, "Aucune cible de publication n'est configurée", "PUBLISH_TARGET")
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


def publications(project, environments, cwd=None):
    """`invoke publish` once per environment, run side by side (each run is mostly Python
    starting up, and a refused one writes nothing): {key: finished process}."""
    def run(env):
        return invoke(project, "publish", env=env, cwd=cwd)

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(environments, pool.map(run, environments.values()), strict=True))


def refused_publications(project, targets, env=None, cwd=None):
    """`invoke publish` once per PUBLISH_TARGET: {target: finished process}."""
    return publications(project, {target: {**(env or {}), "PUBLISH_TARGET": target}
                                  for target in targets}, cwd=cwd)


# Each refused local target, and the rule its message names. Relative targets are read from
# the project folder, wherever invoke runs (here: content/).
REFUSED_LOCAL_TARGETS = {
    "content": "est dans le dossier du projet",
    ".": "est le dossier du projet",
    ".git": "est dans le dossier du projet",
    "content/../..": "contient le dossier du projet",  # the project's parent
    "~": "est votre dossier personnel",
    "/": "est la racine du système de fichiers",
    "lien-vers-content": "est dans le dossier du projet",  # a symlink, resolved
    "raccourci-vers-parent": "contient le dossier du projet",  # a symlink, resolved
}


def load_tasks(project):
    """The project's tasks.py imported in this process, as invoke imports it: its checks are called
    directly for every case of a rule, the task itself once per rule (a Python start each)."""
    spec = importlib.util.spec_from_file_location(f"tasks_of_{abs(hash(project))}", project / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    # Pelican registers the settings it reads as sys.modules["pelicanconf"]: this project's must not
    # stand in for the repository's in a later test of this process (publishconf.py imports it).
    kept = {name: sys.modules.get(name) for name in SETTINGS_MODULES}
    try:
        spec.loader.exec_module(module)
    finally:
        for name, previous in kept.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
    return module


def refusal(check, *args) -> str:
    """The message `check(*args)` stops the task with: invoke's Exit (printed, status 1), or the
    deploy guards' Refused (plugins/deploy), which the task turns into that Exit. Refused is the
    project copy's class (its tasks.py imports its own plugins), so it is known by its name."""
    try:
        check(*args)
    except Exit as stopped:
        assert stopped.code in (None, 1)
        return stopped.message
    except Exception as refused:  # the class of another copy of plugins.deploy
        assert type(refused).__name__ == "Refused", repr(refused)
        return str(refused)
    pytest.fail(f"{check.__name__}{args!r} refused nothing")


def test_publish_refuses_a_target_holding_sources_and_changes_nothing(project, tmp_path, subtests, monkeypatch):
    home = tmp_path / "maison"
    (home / "documents").mkdir(parents=True)
    (home / "documents" / "lettre.txt").write_text("à garder", encoding="utf-8")
    git("init", "--quiet", cwd=project)
    (project / "lien-vers-content").symlink_to(project / "content")
    (project / "raccourci-vers-parent").symlink_to(tmp_path)
    before = snapshot(project, home, tmp_path)

    # The task, run from content/: refused before building anything.
    first = "content/../.."
    refused(invoke(project, "publish", env={"HOME": str(home), "PUBLISH_TARGET": first}, cwd=project / "content"),
            f"Cible de publication refusée : « {first}", REFUSED_LOCAL_TARGETS[first])
    # Its check, for every target, from content/ too: relative targets are read from the project folder.
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(project / "content")
    tasks = load_tasks(project)
    for target, rule in REFUSED_LOCAL_TARGETS.items():
        with subtests.test(target=target):
            said = refusal(lambda given: tasks.targets.publish_target(given, tasks.ROOT, tasks.OUTPUT), target)
            assert f"Cible de publication refusée : « {target}" in said and rule in said, said
    assert snapshot(project, home, tmp_path) == before
    assert not (project / "output").exists()  # refused before building


def test_publish_refuses_a_remote_target_without_its_folder(project, tmp_path, subtests, monkeypatch):
    home = tmp_path / "maison"
    home.mkdir()
    rules = {
        "serveur:": "n'indique pas de dossier distant",
        "web@serveur:~/": "n'indique pas de dossier distant",
        "web@serveur:/": "n'indique pas de dossier distant",
        "serveur:.": "n'indique pas de dossier distant",
        "rsync://serveur/": "n'indique pas de dossier distant",
        "serveur:/var/www/..": "contient « .. » dans son chemin distant",
        # What `PUBLISH_TARGET=web@serveur:~ invoke publish` becomes in bash.
        f"web@serveur:{home}/": "le chemin de votre dossier personnel (le shell remplace « ~ »",
    }
    before = snapshot(project)

    refused(invoke(project, "publish", env={"HOME": str(home), "PUBLISH_TARGET": "serveur:"}),
            "Cible de publication refusée : « serveur: »", rules["serveur:"])
    monkeypatch.setenv("HOME", str(home))
    tasks = load_tasks(project)
    for target, rule in rules.items():
        with subtests.test(target=target):
            said = refusal(lambda given: tasks.targets.publish_target(given, tasks.ROOT, tasks.OUTPUT), target)
            assert f"Cible de publication refusée : « {target} »" in said and rule in said, said
    assert snapshot(project) == before


def test_publish_refuses_a_target_read_as_an_option(project, tmp_path, subtests):
    witness = tmp_path / "commande-executee"
    rules = {
        f"--rsh=touch {witness}": "serait lue par rsync comme une option",
        f"-oProxyCommand=touch {witness}:/srv/site": "serait lue par rsync comme une option",
        "web@-oProxyCommand=x:/srv": "n'a pas de nom d'hôte valide",
    }
    before = snapshot(project)

    results = refused_publications(project, rules)  # each through the task: rsync must never run

    for target, rule in rules.items():
        with subtests.test(target=target):
            refused(results[target], f"Cible de publication refusée : « {target} »", rule)
    assert not witness.exists()
    assert snapshot(project) == before


def test_publish_refuses_a_bad_ssh_port_and_runs_nothing(project, tmp_path, subtests):
    witness = tmp_path / "commande-executee"
    ports = [f"22 '-oProxyCommand=touch {witness}'", "0", "65536", "２２"]
    before = snapshot(project)

    rule = "un nombre entre 1 et 65535, écrit en chiffres seulement"
    refused(invoke(project, "publish", env={"PUBLISH_TARGET": "web@serveur:/var/www/site", "PUBLISH_SSH_PORT": ports[0]}),
            f"Port SSH refusé : PUBLISH_SSH_PORT vaut « {ports[0]} »", rule)
    tasks = load_tasks(project)
    for port in ports:
        with subtests.test(port=port):
            said = refusal(tasks.targets.ssh_port, port)
            assert f"Port SSH refusé : PUBLISH_SSH_PORT vaut « {port} »" in said and rule in said, said
    assert not witness.exists()
    assert snapshot(project) == before


def test_publish_passes_a_good_ssh_port_to_ssh(project, tmp_path):
    # A fake ssh first on PATH records how rsync calls it: "-p 2222", then the host.
    fake = tmp_path / "bin" / "ssh"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "ssh-args"}\nexit 255\n')
    fake.chmod(0o755)
    env = {"PUBLISH_TARGET": "web@serveur:/var/www/site", "PUBLISH_SSH_PORT": "2222",
           "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    result = invoke(project, "publish", "--dry-run", env=env)
    assert result.returncode != 0 and "rsync a échoué" in result.stderr
    assert (tmp_path / "ssh-args").read_text().startswith("-p 2222 -l web serveur rsync")


# --- gh-pages -------------------------------------------------------------------------


@pytest.fixture
def repository(project, tmp_path):
    """The project under git on `main`, with a bare repository as `origin` (main pushed,
    origin/HEAD known); returns the bare repository."""
    (project / ".gitignore").write_text("output/\ncache/\n__pycache__/\n.output.*\n", encoding="utf-8")
    origin = tmp_path / "origine.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(origin), cwd=tmp_path)
    git("init", "--quiet", "--initial-branch=main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "--quiet", "-m", "Sources", cwd=project)
    git("remote", "add", "origin", str(origin), cwd=project)
    git("push", "--quiet", "origin", "main", cwd=project)
    git("remote", "set-head", "origin", "main", cwd=project)
    return origin


def published(remote, tmp_path, branch="gh-pages"):
    checkout = tmp_path / f"checkout-{time.monotonic_ns()}"
    git("clone", "--quiet", "--branch", branch, str(remote), str(checkout), cwd=tmp_path)
    return tree(checkout, ignore={".git"})


def test_gh_pages_pushes_the_production_build(project, repository, tmp_path):
    head = git("rev-parse", "HEAD", cwd=project)
    # output/ and the build's lock file beside it are the build's.
    sources = {".git", "output", ".output.lock"}
    before = tree(project, ignore=sources)

    result = succeeded(invoke(project, "gh-pages"))

    assert "Site publié dans la branche gh-pages de origin." in result.stdout
    built = tree(project / "output")
    assert b"https://www.cite-ia.fr/" in built["index.html"]
    assert published(repository, tmp_path) == {**built, ".nojekyll": b""}
    message = git("log", "-1", "--format=%B", "gh-pages", cwd=repository)
    assert "Publié-par: invoke gh-pages" in message.splitlines()
    # The working branch, its files and the local branches are as they were.
    assert git("rev-parse", "HEAD", cwd=project) == head
    assert git("symbolic-ref", "HEAD", cwd=project).strip() == "refs/heads/main"
    assert git("branch", "--format=%(refname)", cwd=project).split() == ["refs/heads/main"]
    assert tree(project, ignore=sources) == before
    assert git("status", "--porcelain", "--untracked-files=no", cwd=project) == ""


def test_gh_pages_twice_in_a_row_is_a_fast_forward(project, repository, tmp_path):
    env = {"GH_PAGES_CNAME": "www.cite-ia.fr"}
    succeeded(invoke(project, "gh-pages", env=env))
    first = git("rev-parse", "gh-pages", cwd=repository).strip()
    # Nothing changed: nothing to publish, no empty commit.
    assert "Rien à publier" in succeeded(invoke(project, "gh-pages", env=env)).stdout
    (project / "content" / "second-article.md").write_text(
        ARTICLE.format(title="Deuxième"), encoding="utf-8")

    succeeded(invoke(project, "gh-pages", env=env))

    assert git("rev-parse", "gh-pages~1", cwd=repository).strip() == first
    assert git("rev-list", "--count", "gh-pages", cwd=repository).strip() == "2"
    assert published(repository, tmp_path) == {
        **tree(project / "output"), ".nojekyll": b"", "CNAME": b"www.cite-ia.fr\n"}


def test_gh_pages_from_a_clone_that_never_published_follows_the_published_branch(
        project, repository, tmp_path):
    succeeded(invoke(project, "gh-pages"))
    other = tmp_path / "autre-machine"
    git("clone", "--quiet", str(repository), str(other), cwd=tmp_path)
    (other / "content" / "second-article.md").write_text(
        ARTICLE.format(title="Deuxième"), encoding="utf-8")
    succeeded(invoke(other, "gh-pages"))
    assert git("rev-list", "--count", "gh-pages", cwd=repository).strip() == "2"


def test_gh_pages_with_an_unknown_remote_fails_before_building(project, repository):
    before = snapshot(project)
    result = invoke(project, "gh-pages", env={"GH_PAGES_REMOTE": "publication"})
    refused(result, "Le dépôt git distant « publication » n'existe pas")
    assert snapshot(project) == before


@pytest.mark.parametrize("remote", ["--receive-pack=touch {witness}"])
def test_gh_pages_refuses_a_remote_read_as_an_option(project, repository, tmp_path, remote):
    witness = tmp_path / "commande-executee"
    remote = remote.format(witness=witness)
    before = snapshot(project)
    result = invoke(project, "gh-pages", env={"GH_PAGES_REMOTE": remote})
    refused(result, f"Le dépôt git distant « {remote} » n'existe pas")
    assert not witness.exists()
    assert snapshot(project) == before


def foreign_branch(project, repository, name):
    """A branch `name` on origin with a commit of somebody's work."""
    git("checkout", "--quiet", "-b", name, cwd=project)
    (project / "travail.txt").write_text("travail", encoding="utf-8")
    git("add", "travail.txt", cwd=project)
    git("commit", "--quiet", "-m", "Travail en cours", cwd=project)
    git("push", "--quiet", "origin", name, cwd=project)
    git("checkout", "--quiet", "main", cwd=project)


@pytest.mark.parametrize("case", ["main", "current branch", "origin/HEAD", "foreign on origin",
                                  "foreign local", "foreign published on", "bad name"])
def test_gh_pages_refuses_a_branch_it_did_not_write(project, repository, tmp_path, case):
    branch = {"current branch": "travail", "origin/HEAD": "developpement",
              "bad name": "@{-1}"}.get(case, case)
    rule = "n'est pas un nom de branche git valide"
    if case in ("main", "master", "origin/HEAD"):
        git("checkout", "--quiet", "-b", "travail", cwd=project)  # not just the current one
        rule = "est la branche par défaut du dépôt"
    if case == "current branch":
        git("checkout", "--quiet", "-b", branch, cwd=project)
        rule = "est la branche de travail actuelle"
    if case == "origin/HEAD":
        git("push", "--quiet", "origin", f"main:{branch}", cwd=project)
        git("symbolic-ref", "HEAD", f"refs/heads/{branch}", cwd=repository)
        git("remote", "set-head", "origin", "--auto", cwd=project)
    if case == "foreign on origin":
        branch = "documentation"
        foreign_branch(project, repository, branch)
        git("branch", "--quiet", "-D", branch, cwd=project)
        rule = "existe déjà (branche de origin) avec 2 commit(s) qui ne viennent pas"
    if case == "foreign local":
        branch = "brouillon"
        git("branch", branch, cwd=project)
        rule = "existe déjà (branche locale) avec 1 commit(s) qui ne viennent pas"
    if case == "foreign published on":
        # A gh-pages branch whose tip this task wrote, on top of somebody's commits.
        branch = "gh-pages"
        foreign_branch(project, repository, "ancien-site")
        parent = git("rev-parse", "origin/ancien-site", cwd=project).strip()
        tree_id = git("rev-parse", "origin/ancien-site^{tree}", cwd=project).strip()
        tip = subprocess.run(
            ["git", "commit-tree", tree_id, "-p", parent, "-m",
             "Publication\n\nPublié-par: invoke gh-pages"],
            cwd=project, env=task_env(), check=True, capture_output=True, text=True,
        ).stdout.strip()
        git("push", "--quiet", "origin", f"{tip}:refs/heads/gh-pages", cwd=project)
        rule = "existe déjà (branche de origin) avec 2 commit(s) qui ne viennent pas"
    remote_refs = git("for-each-ref", cwd=repository)
    before = snapshot(project)

    result = invoke(project, "gh-pages", env={"GH_PAGES_BRANCH": branch})

    refused(result, f"Branche de publication refusée : « {branch} » {rule}")
    assert snapshot(project) == before
    assert git("for-each-ref", cwd=repository) == remote_refs


def test_gh_pages_outside_a_git_repository_fails_before_building(project):
    result = invoke(project, "gh-pages")
    refused(result, "n'est pas un dépôt git")
    assert not (project / "output").exists()


# --- test -----------------------------------------------------------------------------


def test_test_task_runs_pytest_and_reports_failure(project):
    tests = project / "tests"
    tests.mkdir()
    (tests / "test_ok.py").write_text("def test_ok():\n    assert True\n", encoding="utf-8")
    (tests / "test_ko.py").write_text("def test_ko():\n    assert False\n", encoding="utf-8")
    failed = invoke(project, "test")
    assert failed.returncode == 1 and "1 failed, 1 passed" in failed.stdout, failed.stdout
    # What follows `--` goes to pytest: the passing test alone passes.
    assert "1 passed, 1 deselected" in succeeded(invoke(project, "test", "--", "-k", "ok")).stdout


# --- long-running tasks ---------------------------------------------------------------


@pytest.fixture
def running():
    started = []

    def start(project, *args, port=None):
        started.append(Running(project, *args, port=port))
        return started[-1]

    yield start
    for task in started:
        task.stop()


def page(port, path=""):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):  # busy machine
        return ""


def test_serve_serves_the_output_on_the_given_port(project, running):
    succeeded(invoke(project, "build"))
    port = free_port()
    running(project, "serve", port=port).wait_for(
        lambda: "Bienvenue" in page(port), "the site on the chosen port")


def test_edit_without_node_says_what_to_install(project, tmp_path):
    bare = tmp_path / "bin-sans-node"  # a PATH where neither node nor npm is found
    bare.mkdir()
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('ADMIN_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"\n')
    result = invoke(project, "edit", env={"PATH": str(bare)})
    assert result.returncode == 1
    said = " ".join(result.stderr.split())
    assert said.startswith("L'éditeur web a besoin de Node.js et de npm, absents de cette machine : installez-les"), said
    assert "sudo apt-get install nodejs npm" in said and "puis relancez « invoke edit »" in said
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_edit_listens_on_this_machine_only(project):
    result = invoke(project, "edit", "--bind", "0.0.0.0")
    assert result.returncode == 1
    assert "Refusé : « 0.0.0.0 » n'est pas cette machine" in result.stderr


def test_serve_without_output_says_to_build_first(project):
    result = invoke(project, "serve")
    assert result.returncode != 0
    assert "lancez d'abord « invoke build »" in result.stderr


def test_reserve_builds_then_serves(project, running):
    port = free_port()
    running(project, "reserve", port=port).wait_for(
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
    task = running(project, "livereload", port=port)
    task.wait_for(lambda: "Bienvenue" in page(port), "the site")
    task.wait_for(edit_until(project, lambda: "Titre modifié" in page(port)),
                  "the rebuilt site")
    # Ctrl+C in the terminal (SIGINT to the task's process group): it stops, says so, exits 0.
    os.killpg(task.process.pid, signal.SIGINT)
    task.wait_for(lambda: task.process.poll() is not None, "the task stopped by Ctrl+C")
    assert task.process.returncode == 0, task.output()
    assert task.output().rstrip().endswith("Arrêté."), task.output()
    assert page(port) == ""  # nothing listens any more


# --- the real site --------------------------------------------------------------------


def test_the_real_site_builds_with_the_tasks(tmp_path, measured_audio_cache):
    copy = copy_project(tmp_path / "site", audio_cache=measured_audio_cache)

    succeeded(invoke(copy, "build"))
    assert (copy / "output" / "podcast" / "feed.xml").is_file()
    succeeded(invoke(copy, "preview"))
    assert "https://www.cite-ia.fr" in (copy / "output" / "index.html").read_text(encoding="utf-8")
