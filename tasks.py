"""The site's tasks, run with invoke (`invoke --list`); what they print is in French.

Same shape as the tasks.py written by `pelican-quickstart`, with these differences:

- paths are taken relative to this file, so invoke works from any sub-folder;
- every build goes through scripts/build_site.py: content problems are listed by file and
  field without a traceback, the task fails (non-zero exit), and nothing is deployed after a
  failed build;
- the deployment targets are not written here: they come from environment variables
  (see DEFAULTS below and docs/tasks.md).

Anything after `--` on the command line is handed to pytest by `invoke test`.
"""

import contextlib
import datetime
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from invoke.main import program
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402  (scripts/ is not a package)

SETTINGS_BASE = ROOT / "pelicanconf.py"
SETTINGS_PUBLISH = ROOT / "publishconf.py"

# Options of the tasks. Each one can be overridden by the environment variable named after
# its key in capitals: `PUBLISH_TARGET=web@serveur:/var/www/cite-ia invoke publish`.
DEFAULTS = {
    # Where `publish` sends the site with rsync: "user@host:/path" or a local directory
    # (absolute, or relative to this folder). Empty: `publish` refuses to run.
    "publish_target": "",
    # SSH port for a remote target (empty: the port of ~/.ssh/config or 22).
    "publish_ssh_port": "",
    # `gh-pages`: name of the git remote and of the branch that receive the built site.
    "gh_pages_remote": "origin",
    "gh_pages_branch": "gh-pages",
    # `gh-pages`: domain written to a CNAME file in the branch (empty: no CNAME file).
    "gh_pages_cname": "",
    # `serve`, `reserve`, `livereload`: default address and port (--bind, --port).
    "serve_host": "localhost",
    "serve_port": "8000",
    # Open the site in the browser on `serve` and `livereload` ("0" to disable).
    "open_browser": "1",
}
CONFIG = {key: os.environ.get(key.upper()) or value for key, value in DEFAULTS.items()}

SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(str(SETTINGS_BASE))}


def _project_path(value):
    """A path from the settings, made absolute the way Pelican does: from the settings' folder."""
    return (ROOT / value).resolve()


# Local and production builds share one output folder, the OUTPUT_PATH of pelicanconf.py
# (it is passed to Pelican with -o): what `publish` sends is always what was just built.
CONFIG["deploy_path"] = _project_path(SETTINGS["OUTPUT_PATH"])
CONFIG["cache_path"] = _project_path(SETTINGS["CACHE_PATH"])


# --- Building -------------------------------------------------------------------------


@task
def clean(c):
    """Supprime le site construit (output/) et le cache de Pelican."""
    removed = False
    for path in (CONFIG["deploy_path"], CONFIG["cache_path"]):
        if path.is_dir():
            shutil.rmtree(path)
            print(f"Supprimé : {_shown(path)}/")
            removed = True
    if not removed:
        print("Rien à nettoyer.")


@task
def build(c):
    """Construit le site local (pelicanconf.py) dans output/."""
    _build(SETTINGS_BASE)


@task
def rebuild(c):
    """Comme build, en vidant d'abord output/."""
    _build(SETTINGS_BASE, delete_output=True)


@task
def regenerate(c):
    """Reconstruit le site à chaque modification (Ctrl+C pour arrêter)."""
    _build_site_main(SETTINGS_BASE, "--autoreload")


@task
def preview(c):
    """Construit le site de production (publishconf.py) dans output/."""
    _build_production()


# --- Serving --------------------------------------------------------------------------

_SERVE_HELP = {
    "port": f"port d'écoute (défaut : {CONFIG['serve_port']}, variable SERVE_PORT)",
    "bind": f"adresse d'écoute (défaut : {CONFIG['serve_host']}, variable SERVE_HOST)",
}


@task(help=_SERVE_HELP)
def serve(c, port=None, bind=None):
    """Sert output/ sur http://localhost:8000/ (Ctrl+C pour arrêter)."""
    host, port = _address(bind, port)
    root = CONFIG["deploy_path"]
    if not root.is_dir():
        raise Exit(f"Le dossier {_shown(root)}/ n'existe pas : lancez d'abord « invoke build ».")

    class AddressReuseHTTPServer(RootedHTTPServer):
        allow_reuse_address = True

    try:
        server = AddressReuseHTTPServer(str(root), (host, port), ComplexHTTPRequestHandler)
    except OSError as error:
        raise Exit(
            f"Impossible d'écouter sur {host}:{port} ({error.strerror}) : "
            "choisissez un autre port avec --port."
        ) from None

    url = f"http://{host}:{port}/"
    print(f"Site servi sur {url} (Ctrl+C pour arrêter)", flush=True)
    if _open_browser():
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nServeur arrêté.")
    finally:
        server.server_close()


@task(help=_SERVE_HELP)
def reserve(c, port=None, bind=None):
    """build, puis serve."""
    build(c)
    serve(c, port=port, bind=bind)


@task(help=_SERVE_HELP)
def livereload(c, port=None, bind=None):
    """Construit et sert le site, le reconstruit et recharge le navigateur à chaque modification
    de content/, theme/, plugins/ ou pelicanconf.py."""
    from livereload import Server

    host, port = _address(bind, port)
    # A fresh Pelican process for every build: plugin modules edited on disk are imported
    # anew, and no state survives from one build to the next. -e comes last: it takes
    # every argument after it.
    command = [sys.executable, str(ROOT / "scripts" / "build_site.py"), *_build_args(SETTINGS_BASE)]

    def rebuild_site():
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
            print(
                "La construction a échoué (détails ci-dessus) : "
                "le navigateur garde la dernière version construite.",
                file=sys.stderr,
                flush=True,
            )

    rebuild_site()
    server = Server()
    for path in _watched_paths():
        server.watch(str(path), rebuild_site)
    print(f"Site servi sur http://{host}:{port}/ avec rechargement automatique "
          "(Ctrl+C pour arrêter)", flush=True)
    server.serve(
        host=host,
        port=port,
        root=str(CONFIG["deploy_path"]),
        open_url_delay=1 if _open_browser() else None,
    )


# --- Deploying ------------------------------------------------------------------------


@task(help={"dry-run": "montre ce que rsync changerait sur la cible, sans rien y écrire"})
def publish(c, dry_run=False):
    """Construit le site de production puis l'envoie par rsync vers PUBLISH_TARGET."""
    target = CONFIG["publish_target"]
    if not target:
        raise Exit(
            "Aucune cible de publication n'est configurée : définissez la variable "
            "d'environnement PUBLISH_TARGET, par exemple "
            "PUBLISH_TARGET=utilisateur@serveur:/var/www/cite-ia (ou un dossier local), "
            "ou renseignez « publish_target » dans DEFAULTS (tasks.py)."
        )
    if shutil.which("rsync") is None:
        raise Exit("rsync est introuvable : installez-le (apt install rsync) pour publier.")
    remote = _is_remote(target)
    if not remote:
        # rsync does not expand "~" (a shell does), and relative means relative to this folder.
        target = str((ROOT / Path(target).expanduser()).resolve())
        _check_local_target(Path(target))

    _build_production(failure="Rien n'a été publié.")

    command = [
        "rsync",
        "--recursive", "--times", "--perms", "--checksum", "--compress", "--human-readable",
        # Deletions and renames happen at the end, so visitors never see a half-updated site.
        "--delete", "--delete-after", "--delay-updates",
        "--itemize-changes", "--exclude", ".DS_Store",
    ]
    if remote and CONFIG["publish_ssh_port"]:
        command += ["--rsh", f"ssh -p {CONFIG['publish_ssh_port']}"]
    if dry_run:
        command.append("--dry-run")
        print(f"Simulation (--dry-run) : rien n'est modifié sur {target}. Changements prévus "
              "(>f fichier envoyé, cd dossier créé, *deleting fichier supprimé) :", flush=True)
    else:
        print(f"Publication vers {target}…", flush=True)
    command += [f"{CONFIG['deploy_path']}/", target]

    with c.cd(str(ROOT)):
        result = c.run(shlex.join(command), warn=True, pty=False)
    if result.failed:
        raise Exit(f"rsync a échoué (code {result.exited}) : le site n'a pas été publié "
                   "entièrement ; relancez « invoke publish ».", code=result.exited)
    print("Simulation terminée." if dry_run else f"Site publié sur {target}.")


@task
def gh_pages(c):
    """Construit le site de production, le commite dans la branche gh-pages (ghp-import)
    et la pousse vers le dépôt distant GH_PAGES_REMOTE."""
    from ghp_import import GhpError, ghp_import

    remote, branch = CONFIG["gh_pages_remote"], CONFIG["gh_pages_branch"]
    if shutil.which("git") is None:
        raise Exit("git est introuvable : installez-le pour publier sur GitHub Pages.")
    with c.cd(str(ROOT)):
        if c.run(f"git remote get-url {shlex.quote(remote)}", hide=True, warn=True).failed:
            raise Exit(
                f"Le dépôt git distant « {remote} » n'existe pas : ajoutez-le avec "
                f"« git remote add {remote} URL » ou choisissez-en un autre avec GH_PAGES_REMOTE."
            )
        _build_production(failure="Rien n'a été publié.")
        _fetch_published_branch(c, remote, branch)
        message = f"Publication du site le {datetime.date.today().isoformat()}"
        source = c.run("git rev-parse --short HEAD", hide=True, warn=True)
        if source.ok:
            message += f" (source {source.stdout.strip()})"

    print(f"Publication dans la branche {branch} de {remote}…", flush=True)
    try:
        with contextlib.chdir(ROOT):
            ghp_import(
                str(CONFIG["deploy_path"]),
                mesg=message,
                remote=remote,
                branch=branch,
                push=True,
                # GitHub Pages would otherwise run Jekyll, which drops files starting with "_".
                nojekyll=True,
                cname=CONFIG["gh_pages_cname"] or None,
            )
    except GhpError as error:
        raise Exit(f"ghp-import a échoué : {error.message}") from None
    except subprocess.CalledProcessError:
        raise Exit(
            f"L'envoi de la branche {branch} vers {remote} a échoué (détails ci-dessus)."
        ) from None
    print(f"Site publié dans la branche {branch} de {remote}.")


# --- Tests ----------------------------------------------------------------------------


@task
def test(c):
    """Lance les tests (pytest) ; ce qui suit -- est passé à pytest."""
    with c.cd(str(ROOT)):
        result = c.run(
            shlex.join([sys.executable, "-m", "pytest", *shlex.split(_remainder())]),
            warn=True,
            pty=False,
        )
    if result.failed:
        raise Exit(code=result.exited)


# --- Helpers --------------------------------------------------------------------------


def _build(settings, delete_output=False, failure=""):
    """Build with `settings`; stop the task (non-zero exit) if the build failed."""
    options = ("--delete-output",) if delete_output else ()
    if _build_site_main(settings, *options) != 0:
        raise Exit(f"La construction a échoué (détails ci-dessus). {failure}".rstrip(), code=1)


def _build_production(failure=""):
    if not SETTINGS_PUBLISH.is_file():
        raise Exit(f"Réglages de production introuvables : {_shown(SETTINGS_PUBLISH)}.")
    _build(SETTINGS_PUBLISH, failure=failure)


def _build_args(settings):
    return ["--settings", str(Path(settings).relative_to(ROOT)), "--output", str(CONFIG["deploy_path"])]


def _build_site_main(settings, *options):
    """scripts/build_site.py, in this process."""
    return build_site.main([*_build_args(settings), *options])


def _remainder():
    return program.core.remainder if program.core else ""


def _address(bind, port):
    host = bind or CONFIG["serve_host"]
    value = port or CONFIG["serve_port"]
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 < number < 65536:
        raise Exit(f"Port invalide : « {value} » (un nombre entre 1 et 65535 est attendu).")
    return host, number


def _open_browser():
    return CONFIG["open_browser"].strip().lower() not in {"0", "false", "no", "non", "off"}


def _watched_paths():
    """What livereload watches: pelicanconf.py, the content, the theme and the plugins."""
    paths = [SETTINGS_BASE, _project_path(SETTINGS["PATH"])]
    theme = _project_path(SETTINGS["THEME"])
    if theme.is_dir():  # THEME may also name one of Pelican's built-in themes
        paths.append(theme)
    paths += [_project_path(path) for path in SETTINGS.get("PLUGIN_PATHS") or []]
    return [path for path in paths if path.exists()]


def _is_remote(target):
    """rsync's own rule: "host:path" is remote, unless a "/" comes before the ":"."""
    head, colon, _ = target.partition(":")
    return target.startswith("rsync://") or bool(colon and "/" not in head)


def _check_local_target(target):
    """Refuse a local target that overlaps the project's output: `rsync --delete` into the
    project folder, for instance, would erase the project."""
    output = CONFIG["deploy_path"]
    if output.is_relative_to(target) or target.is_relative_to(output):
        raise Exit(
            f"Cible de publication refusée : {target} contient le dossier de sortie {output} "
            "ou se trouve dedans, et rsync --delete y effacerait des fichiers. "
            "Choisissez un autre dossier pour PUBLISH_TARGET."
        )


def _fetch_published_branch(c, remote, branch):
    """Bring the branch as last published (maybe from another machine) into
    `remote/branch`, where ghp-import looks for the commit to build on: the push is then a
    fast-forward."""
    found = c.run(
        f"git ls-remote --exit-code --heads {shlex.quote(remote)} refs/heads/{shlex.quote(branch)}",
        hide=True,
        warn=True,
    )
    if found.exited == 2:  # the branch does not exist yet: first publication
        return
    if found.failed:
        raise Exit(f"Impossible de lire le dépôt distant « {remote} » :\n{found.stderr.strip()}")
    refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    fetched = c.run(f"git fetch --quiet {shlex.quote(remote)} {shlex.quote(refspec)}",
                    hide=True, warn=True)
    if fetched.failed:
        raise Exit(f"Impossible de récupérer la branche {branch} de « {remote} » :\n"
                   f"{fetched.stderr.strip()}")


def _shown(path):
    """`path` relative to the project when it is inside it, for messages."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
