"""The site's tasks, run with invoke (`invoke --list`); what they print is in French.

Same shape as the tasks.py written by `pelican-quickstart`, with these differences:

- paths are taken relative to this file, so invoke works from any sub-folder;
- every build goes through plugins.build: content problems are listed by file and field
  without a traceback, the task fails (non-zero exit), nothing is deployed after a failed
  build, and a failed build leaves output/ as it was;
- `check` runs every check of the build and writes nothing;
- the deployment targets are not written here: they come from environment variables
  (see DEFAULTS below and the README's "Tasks" section).

Anything after `--` on the command line is handed to pytest by `invoke test`.
"""

import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from invoke.main import program
from pelican.plugins.podcast import websub
from pelican.plugins.podcast.cache import file_sha256
from pelican.plugins.podcast.manifest import AudioManifest
from pelican.plugins.podcast.settings import DEFAULTS as PODCAST_DEFAULTS
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

from plugins import build as site_build
from plugins import new_content
from plugins.serving import serve_folder, serve_live_preview

ROOT = Path(__file__).resolve().parent

SETTINGS_BASE = ROOT / "pelicanconf.py"
SETTINGS_PUBLISH = ROOT / "publishconf.py"

# Options of the tasks. Each one can be overridden by the environment variable named after
# its key in capitals: `PUBLISH_TARGET=web@serveur:/var/www/cite-ia invoke publish`.
DEFAULTS = {
    # Where `publish` sends the site with rsync: "user@host:/path" or a local directory
    # (absolute, or relative to this folder). Empty: `publish` refuses to run.
    "publish_target": "",
    # Where `publish-media` sends the audio files (the media host behind PODCAST_MEDIA_URL):
    # "user@host:/path" or a local directory, checked with the rules of publish_target.
    # Empty: `publish-media` refuses to run.
    "publish_media_target": "",
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
OUTPUT = _project_path(SETTINGS["OUTPUT_PATH"])
CACHE = _project_path(SETTINGS["CACHE_PATH"])
CONTENT = _project_path(SETTINGS["PATH"])
PODCAST_DIR = str(SETTINGS.get("PODCAST_DIR") or PODCAST_DEFAULTS["PODCAST_DIR"])


# --- Building -------------------------------------------------------------------------


@task
def clean(c):
    """Supprime le site construit (output/) et le cache de Pelican."""
    removed = False
    for path in (OUTPUT, CACHE):
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
    """Comme build, mais réécrit chaque page même si rien n'a changé depuis la dernière construction."""
    _build(SETTINGS_BASE, full=True)


@task(help={"media-host": "vérifie aussi que chaque fichier audio du manifeste est sur l'hôte des médias "
                         "(PODCAST_MEDIA_URL des réglages de production), avec sa taille",
            "annotations": "écrit aussi chaque problème en annotation GitHub (fichier, ligne) sur la sortie "
                           "standard, pour la pull request (le workflow s'en sert)"})
def check(c, media_host=False, annotations=False):
    """Vérifie tout le contenu et les réglages (code 1 s'il y a une erreur) ; n'écrit que le
    manifeste audio (content/podcasts/audio-manifest.json) quand un fichier audio présent a changé."""
    site_build.quiet_pelican_logging()
    settings = SETTINGS_PUBLISH if media_host else SETTINGS_BASE
    if site_build.check(str(settings.relative_to(ROOT)), media_host=media_host, annotate=annotations) != 0:
        raise Exit(code=1)


@task
def regenerate(c):
    """Reconstruit le site à chaque modification (Ctrl+C pour arrêter)."""
    site_build.quiet_pelican_logging()
    try:
        site_build.watch(str(SETTINGS_BASE.relative_to(ROOT)), str(OUTPUT), None)
    except KeyboardInterrupt:
        print("\nArrêté.")


@task
def preview(c):
    """Construit le site de production (publishconf.py) dans output/."""
    _build_production()


# --- Writing --------------------------------------------------------------------------


@task(help={
    "audio": "le fichier audio de l'épisode (MP3 ou M4A), où qu'il soit",
    "title": "le titre (défaut : celui écrit dans le fichier audio, sinon son nom)",
    "date": "date de publication, 2024-05-07 10:00 (défaut : maintenant) ; dans le futur, l'épisode est programmé",
    "season": "numéro de saison (défaut : la dernière en cours)",
})
def new_episode(c, audio, title=None, date=None, season=None):
    """Crée un épisode à partir d'un fichier audio : copie l'audio (et sa transcription) dans
    le dossier du podcast et écrit le fichier Markdown de l'épisode, sans rien écraser."""
    _create(lambda: new_content.new_episode(
        _project_path(SETTINGS["PATH"]), Path(audio).expanduser(), title=title, date=date, season=season,
        podcast_dir=str(SETTINGS.get("PODCAST_DIR") or PODCAST_DEFAULTS["PODCAST_DIR"]),
        timezone=SETTINGS["TIMEZONE"] or "Europe/Paris", shown=Path.cwd(), cache_path=CACHE,
    ))


@task(help={
    "title": "le titre de l'article",
    "category": "sa catégorie, parmi celles en usage",
    "new-category": "accepte une catégorie qu'aucun article n'a encore",
})
def new_article(c, title, category=None, new_category=False):
    """Crée le fichier Markdown d'un nouvel article (daté de maintenant), sans rien écraser."""
    _create(lambda: new_content.new_article(
        _project_path(SETTINGS["PATH"]), title, category=category, new_category=new_category,
        excluded=SETTINGS.get("ARTICLE_EXCLUDES") or (), timezone=SETTINGS["TIMEZONE"] or "Europe/Paris",
        shown=Path.cwd(),
    ))


def _create(run):
    """Run a new_content function: its report, or its refusal (exit 1, nothing written)."""
    try:
        created = run()
    except new_content.Refused as refused:
        raise Exit(f"Refusé : {refused}\nRien n'a été écrit.", code=1) from None
    print(created.report(Path.cwd()))


# --- Serving --------------------------------------------------------------------------

_SERVE_HELP = {
    "port": f"port d'écoute (défaut : {CONFIG['serve_port']}, variable SERVE_PORT)",
    "bind": f"adresse d'écoute (défaut : {CONFIG['serve_host']}, variable SERVE_HOST)",
}


@task(help=_SERVE_HELP)
def serve(c, port=None, bind=None):
    """Sert output/ sur http://localhost:8000/ comme en production : lecture audio à
    n'importe quel instant (requêtes Range), mêmes types de fichiers (Ctrl+C pour arrêter)."""
    host, port = _address(bind, port)
    root = OUTPUT
    if not root.is_dir():
        raise Exit(f"Le dossier {_shown(root)}/ n'existe pas : lancez d'abord « invoke build ».")

    url = f"http://{host}:{port}/"

    def ready():
        print(f"Site servi sur {url} (Ctrl+C pour arrêter)", flush=True)
        if _open_browser():
            import webbrowser

            webbrowser.open(url)

    try:
        serve_folder(root, host, port, on_ready=ready)
    except OSError as error:
        raise Exit(_cannot_listen(host, port, error)) from None
    except KeyboardInterrupt:
        print("\nServeur arrêté.")


@task(help=_SERVE_HELP)
def reserve(c, port=None, bind=None):
    """build, puis serve."""
    build(c)
    serve(c, port=port, bind=bind)


@task(help=_SERVE_HELP)
def livereload(c, port=None, bind=None):
    """Construit et sert le site, le reconstruit et recharge le navigateur à chaque modification
    de content/, theme/, plugins/ ou pelicanconf.py ; si la construction échoue, le navigateur
    affiche la liste des problèmes jusqu'à la prochaine construction réussie."""
    host, port = _address(bind, port)

    def serving():
        print(f"Site servi sur http://{host}:{port}/ avec rechargement automatique (Ctrl+C pour arrêter)", flush=True)

    try:
        # The build's own watcher, kept alive between builds: a text edit rewrites only the pages that
        # show it, and an edited plugin or setting starts it anew (plugins.build.watch).
        serve_live_preview(str(SETTINGS_BASE.relative_to(ROOT)), str(OUTPUT), host, port, _open_browser(), serving)
    except OSError as error:
        raise Exit(_cannot_listen(host, port, error)) from None
    except KeyboardInterrupt:
        print("\nArrêté.")


def _cannot_listen(host, port, error):
    return (f"Impossible d'écouter sur {host}:{port} ({error.strerror or error}) : "
            "choisissez un autre port avec --port.")


# --- Deploying ------------------------------------------------------------------------
#
# `publish` runs rsync --delete and `gh-pages` pushes a branch: both can erase what they point
# at. Every setting is checked before anything is built, and every refusal names its rule.
# Programs get their arguments as a list (never through a shell), and no setting can add an
# option to rsync, ssh or git: a value starting with "-" is refused.

# The line every commit written by `gh-pages` carries. A branch receives the site only if each
# of its commits has it (the tip and the root are not enough: a published commit can be put on
# top of anyone's work), so a branch written by anyone else is never taken over.
PUBLISHED_BY = "Publié-par: invoke gh-pages"


@task(help={"dry-run": "montre ce que rsync changerait sur la cible, sans rien y écrire"})
def publish(c, dry_run=False):
    """Construit le site de production puis l'envoie par rsync vers PUBLISH_TARGET."""
    target = _publish_target(CONFIG["publish_target"])
    ssh_port = _ssh_port(CONFIG["publish_ssh_port"])
    if shutil.which("rsync") is None:
        raise Exit("rsync est introuvable : installez-le (apt install rsync) pour publier.")

    _build_production(failure="Rien n'a été publié.", strict=True)

    command = [
        "rsync",
        "--recursive", "--times", "--perms", "--checksum", "--compress", "--human-readable",
        # Deletions and renames happen at the end, so visitors never see a half-updated site.
        "--delete", "--delete-after", "--delay-updates",
        # The remote path reaches the remote rsync as it is, never read by the remote shell.
        "--protect-args",
        "--itemize-changes", "--exclude", ".DS_Store",
    ]
    if ssh_port and _is_remote(target):
        command += ["--rsh", f"ssh -p {ssh_port}"]  # rsync splits it itself, no shell
    if dry_run:
        command.append("--dry-run")
        print(f"Simulation (--dry-run) : rien n'est modifié sur {target}. Changements prévus "
              "(>f fichier envoyé, cd dossier créé, *deleting fichier supprimé) :", flush=True)
    else:
        print(f"Publication vers {target}…", flush=True)
    # "--" ends the options: what follows are paths, whatever they look like.
    command += ["--", f"{OUTPUT}/", target]

    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(f"rsync a échoué (code {result.returncode}) : le site n'a pas été publié "
                   "entièrement ; relancez « invoke publish ».", code=result.returncode)
    if dry_run:
        print("Simulation terminée.")
        return
    print(f"Site publié sur {target}.")
    _notify_hub()


@task(help={"dry-run": "montre ce qui serait envoyé, sans rien écrire sur l'hôte des médias"})
def publish_media(c, dry_run=False):
    """Envoie par rsync vers PUBLISH_MEDIA_TARGET les fichiers audio du manifeste qui n'y sont pas
    encore ; ne remplace ni ne supprime jamais un fichier publié."""
    target = _publish_target(CONFIG["publish_media_target"], "PUBLISH_MEDIA_TARGET")
    ssh_port = _ssh_port(CONFIG["publish_ssh_port"])
    if shutil.which("rsync") is None:
        raise Exit("rsync est introuvable : installez-le (apt install rsync) pour publier.")
    files = _media_files()
    new, same, changed = _compare_published(files, target, ssh_port)
    for relative in same:
        print(f"  déjà publié, identique : {relative}")
    for relative in new:
        print(f"  {'à envoyer' if dry_run else 'envoi'} : {relative}")
    if changed:
        names = "\n".join(f"  - {relative}" for relative in changed)
        raise Exit(
            f"Refusé : {len(changed)} fichier(s) déjà publié(s) sur {target} ont un autre contenu que le "
            f"vôtre :\n{names}\nUn fichier publié ne doit jamais changer sous la même adresse (les applications "
            "l'ont peut-être déjà téléchargé) : donnez au nouveau fichier un autre nom (et changez Audio: dans "
            "l'épisode), ou vérifiez l'hôte des médias. Rien n'a été envoyé.", code=1)
    if dry_run:
        print(f"Simulation (--dry-run) : rien n'a été envoyé vers {target} ({len(new)} fichier(s) à envoyer).")
        return
    if not new:
        print(f"Rien à envoyer : {target} a déjà tous les fichiers audio du manifeste.")
        return
    print(f"Envoi de {len(new)} fichier(s) audio vers {target}…", flush=True)
    result = subprocess.run(
        # --files-from: only these paths (as under content/); --ignore-existing: a file that
        # appeared on the target meanwhile is never replaced; no --delete, ever.
        [*_rsync_media(ssh_port, target), "--ignore-existing", "--times", "--compress", "--itemize-changes",
         "--", f"{CONTENT}/", target],
        input="".join(f"{relative}\n" for relative in new), text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(f"rsync a échoué (code {result.returncode}) : relancez « invoke publish-media » "
                   "(les fichiers déjà envoyés ne le sont pas deux fois).", code=result.returncode)
    print(f"Fichiers audio publiés sur {target}.")


def _media_files():
    """(content-relative path, sha256) of each audio file of the manifest present here, checked
    against its entry; the absent ones are said (already published from another clone, surely)."""
    manifest = AudioManifest(str(CONTENT), PODCAST_DIR)
    if manifest.problems:
        raise Exit("\n".join(manifest.problems))
    if not manifest.entries:
        raise Exit(f"Aucun fichier audio dans {manifest.shown} : lancez d'abord « invoke check » avec les "
                   "fichiers audio présents, il écrit le manifeste.")
    files, stale = [], []
    for relative, _, sha256 in manifest.files():
        path = CONTENT / relative
        if not path.is_file():
            print(f"  absent ici, pas envoyé : {relative}")
        elif file_sha256(str(path)) != sha256:
            stale.append(relative)
        else:
            files.append((relative, sha256))
    if stale:
        raise Exit(f"Refusé : {', '.join(stale)} ne correspond(ent) plus à {manifest.shown} : lancez "
                   "« invoke check », qui le met à jour, puis commitez-le. Rien n'a été envoyé.", code=1)
    return files


def _rsync_media(ssh_port, target):
    command = ["rsync", "--files-from=-", "--protect-args", "--human-readable"]
    if ssh_port and _is_remote(target):
        command += ["--rsh", f"ssh -p {ssh_port}"]
    return command


def _compare_published(files, target, ssh_port):
    """(new, identical, changed) content-relative paths: what the target holds of each file.
    A local target: the sha256 of its file. A remote one: rsync --dry-run --checksum, which lists
    the files it would create (">f+++++++++") apart from those it would change."""
    if not _is_remote(target):
        new, same, changed = [], [], []
        for relative, sha256 in files:
            published = Path(target, *relative.split("/"))
            if not published.exists():
                new.append(relative)
            elif published.is_file() and file_sha256(str(published)) == sha256:
                same.append(relative)
            else:
                changed.append(relative)
        return new, same, changed
    result = subprocess.run(
        [*_rsync_media(ssh_port, target), "--dry-run", "--checksum", "--itemize-changes", "--", f"{CONTENT}/", target],
        input="".join(f"{relative}\n" for relative, _ in files), text=True, capture_output=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(f"Impossible de comparer avec {target} (rsync, code {result.returncode}) :\n"
                   f"{result.stderr.strip()}\nRien n'a été envoyé.", code=1)
    return _itemized(result.stdout, [relative for relative, _ in files])


def _itemized(listing, relatives):
    """rsync --itemize-changes output -> (new, identical, changed) among `relatives`."""
    created: set[str] = set()
    altered: set[str] = set()
    for line in listing.splitlines():
        code, _, name = line.partition(" ")
        if len(code) == 11 and code[1] == "f":
            (created if code[2:] == "+" * 9 else altered).add(name)
    return ([r for r in relatives if r in created], [r for r in relatives if r not in created | altered],
            [r for r in relatives if r in altered])


@task
def gh_pages(c):
    """Construit le site de production, le commite dans la branche GH_PAGES_BRANCH (sans
    toucher aux branches locales) et la pousse vers le dépôt distant GH_PAGES_REMOTE."""
    remote, branch = CONFIG["gh_pages_remote"], CONFIG["gh_pages_branch"]
    if shutil.which("git") is None:
        raise Exit("git est introuvable : installez-le pour publier sur GitHub Pages.")
    git_dir = _git_dir()
    _check_gh_pages_remote(remote)
    _check_gh_pages_branch_name(branch)
    _check_not_a_working_branch(remote, branch)
    parent = _published_tip(remote, branch)

    _build_production(failure="Rien n'a été publié.", strict=True)

    commit = _commit_site(git_dir, parent)
    if commit is None:
        print(f"Rien à publier : la branche {branch} de {remote} contient déjà ce site.")
        return
    print(f"Publication dans la branche {branch} de {remote}…", flush=True)
    # No "+": the push is a fast-forward or nothing (someone else published meanwhile).
    pushed = _git("push", "--quiet", "--", remote, f"{commit}:refs/heads/{branch}",
                  capture=False)
    if pushed.returncode != 0:
        raise Exit(
            f"L'envoi de la branche {branch} vers {remote} a échoué (détails ci-dessus) ; "
            "relancez « invoke gh-pages »."
        )
    print(f"Site publié dans la branche {branch} de {remote}.")
    _notify_hub()


@task
def notify_hub(c):
    """Prévient le hub WebSub (PODCAST_WEBSUB_HUB) que le flux du podcast a changé ; publish
    et gh-pages le font d'eux-mêmes, la CI après son déploiement sur GitHub Pages."""
    _notify_hub()


def _notify_hub():
    """WebSub ping for the production feed. The site is already online: a failed ping is a
    warning, the task still succeeds."""
    target = websub.ping_target(read_settings(str(SETTINGS_PUBLISH)))
    if target is None:
        return
    hub, feed_url = target
    problem = websub.notify_hub(hub, feed_url)
    if problem:
        print(f"Attention : {problem}. Le site est bien publié ; les applications verront le "
              "flux à leur prochaine visite (ou relancez « invoke notify-hub »).", file=sys.stderr)
    else:
        print(f"Hub WebSub prévenu : {hub} (flux {feed_url}).")


# --- Tests ----------------------------------------------------------------------------


@task
def test(c):
    """Lance les tests (pytest) ; ce qui suit -- est passé à pytest."""
    # A list, never a shell: what follows -- is split like a shell would, then passed as is.
    result = subprocess.run([sys.executable, "-m", "pytest", *shlex.split(_remainder())], cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(code=result.returncode)


# --- Helpers --------------------------------------------------------------------------


def _build(settings, failure="", strict=False, full=False):
    """Build with `settings`; stop the task (non-zero exit) if the build failed."""
    site_build.quiet_pelican_logging()
    code = site_build.build(
        str(Path(settings).relative_to(ROOT)), output=str(OUTPUT), strict=strict, full=full
    )
    if code != 0:
        raise Exit(f"La construction a échoué (détails ci-dessus). {failure}".rstrip(), code=1)


def _build_production(failure="", strict=False):
    if not SETTINGS_PUBLISH.is_file():
        raise Exit(f"Réglages de production introuvables : {_shown(SETTINGS_PUBLISH)}.")
    _build(SETTINGS_PUBLISH, failure=failure, strict=strict)


def _build_args(settings):
    return ["--settings", str(Path(settings).relative_to(ROOT)), "--output", str(OUTPUT)]


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


def _refuse_target(target, rule, variable="PUBLISH_TARGET"):
    reserved = "aux fichiers audio" if variable == "PUBLISH_MEDIA_TARGET" else "au site construit"
    raise Exit(
        f"Cible de publication refusée : « {target} » {rule}. "
        f"Choisissez pour {variable} un dossier réservé {reserved}."
    )


def _publish_target(target, variable="PUBLISH_TARGET"):
    """PUBLISH_TARGET (or `variable`) checked, as rsync must receive it (a local folder made absolute).

    `rsync --delete` makes the target an exact copy of output/: it erases everything else in
    it. So the target may not hold the project, the home folder or the whole disk, and a
    remote target must name its folder.
    """
    if not target:
        raise Exit(
            "Aucune cible de publication n'est configurée : définissez la variable "
            f"d'environnement {variable}, par exemple "
            f"{variable}=utilisateur@serveur:/var/www/cite-ia (ou un dossier local), "
            f"ou renseignez « {variable.lower()} » dans DEFAULTS (tasks.py)."
        )
    if target.startswith("-"):
        _refuse_target(target, "commence par « - » et serait lue par rsync comme une option", variable)
    if _is_remote(target):
        _check_remote_target(target, variable)
        return target
    # rsync does not expand "~" (a shell does), and relative means relative to this folder.
    path = (ROOT / Path(target).expanduser()).resolve()
    _check_local_target(target, path, variable)
    return str(path)


def _is_remote(target):
    """rsync's own rule: "host:path" is remote, unless a "/" comes before the ":"."""
    head, colon, _ = target.partition(":")
    return target.startswith("rsync://") or bool(colon and "/" not in head)


def _check_local_target(target, path, variable="PUBLISH_TARGET"):
    """Refuse a local folder whose replacement by the site would erase something else."""
    home = Path.home().resolve()
    output = OUTPUT
    shown = f"{target} → {path}" if str(path) != target else target
    if path == Path(path.anchor):
        _refuse_target(shown, "est la racine du système de fichiers", variable)
    if path == home:
        _refuse_target(shown, "est votre dossier personnel", variable)
    if path == ROOT:
        _refuse_target(shown, f"est le dossier du projet ({ROOT})", variable)
    if path.is_relative_to(ROOT):
        _refuse_target(shown, f"est dans le dossier du projet ({ROOT}) : rsync --delete "
                              "y remplacerait vos sources par le site construit", variable)
    if ROOT.is_relative_to(path):
        _refuse_target(shown, f"contient le dossier du projet ({ROOT}) : rsync --delete "
                              "l'effacerait", variable)
    if path.is_relative_to(output) or output.is_relative_to(path):
        _refuse_target(shown, f"contient le dossier de sortie {output} ou se trouve dedans", variable)


def _check_remote_target(target, variable="PUBLISH_TARGET"):
    """A remote target names its host and an explicit folder other than the home or "/"."""
    if target.startswith("rsync://"):
        host, _, path = target.removeprefix("rsync://").partition("/")
        module = path
    else:
        host, _, path = target.partition(":")
        module = path.removeprefix(":")  # host::module/path, an rsync daemon
    user, _, name = host.rpartition("@")
    if not name or name.startswith("-") or user.startswith("-"):
        _refuse_target(target, "n'a pas de nom d'hôte valide avant « : »", variable)
    parts = [part for part in module.split("/") if part not in ("", ".")]
    if ".." in parts:
        _refuse_target(target, "contient « .. » dans son chemin distant : écrivez le chemin "
                               "du dossier lui-même", variable)
    if not parts or (len(parts) == 1 and parts[0].startswith("~")):
        _refuse_target(
            target,
            "n'indique pas de dossier distant (le chemin après « : » est vide, « ~ » ou « / ») : "
            "rsync --delete viderait le dossier personnel ou la racine du serveur. "
            "Écrivez par exemple utilisateur@serveur:/var/www/cite-ia",
            variable,
        )
    # `PUBLISH_TARGET=serveur:~` typed in a shell arrives as "serveur:/home/me": the shell
    # expands a "~" that follows ":" in an assignment.
    if module.startswith("/") and "/" + "/".join(parts) == str(Path.home()):
        _refuse_target(target, "désigne comme dossier distant le chemin de votre dossier "
                               "personnel (le shell remplace « ~ » par ce chemin)", variable)


def _ssh_port(port):
    """PUBLISH_SSH_PORT: digits only, 1 to 65535 (it is written into rsync's ssh command)."""
    if port and not (re.fullmatch(r"[0-9]{1,5}", port) and 1 <= int(port) <= 65535):
        raise Exit(
            f"Port SSH refusé : PUBLISH_SSH_PORT vaut « {port} », or il doit être un nombre "
            "entre 1 et 65535, écrit en chiffres seulement."
        )
    return port


def _git(*args, capture=True, env=None):
    """git run in the project folder; its output as text when `capture`."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=capture, text=True,
                          check=False, env=env)


def _git_dir():
    found = _git("rev-parse", "--absolute-git-dir")
    if found.returncode != 0:
        raise Exit(f"Le dossier du projet ({ROOT}) n'est pas un dépôt git : "
                   "« invoke gh-pages » publie dans une branche d'un dépôt distant.")
    return found.stdout.strip()


def _check_gh_pages_remote(remote):
    remotes = _git("remote").stdout.split()
    if remote.startswith("-") or remote not in remotes:
        raise Exit(
            f"Le dépôt git distant « {remote} » n'existe pas : ajoutez-le avec "
            f"« git remote add NOM URL » ou choisissez un dépôt existant avec GH_PAGES_REMOTE "
            f"({', '.join(remotes) or 'aucun dépôt distant configuré'})."
        )


def _check_gh_pages_branch_name(branch):
    # Not `--branch`: it would expand "@{-1}" into the previous branch's name.
    valid = _git("check-ref-format", f"refs/heads/{branch}").returncode == 0
    if branch.startswith("-") or not valid or branch == "HEAD" or "@{" in branch:
        raise Exit(f"Branche de publication refusée : « {branch} » n'est pas un nom de branche "
                   "git valide (GH_PAGES_BRANCH).")


def _refuse_branch(branch, rule):
    raise Exit(
        f"Branche de publication refusée : « {branch} » {rule}. « invoke gh-pages » remplace "
        "le contenu de la branche par le site construit : choisissez avec GH_PAGES_BRANCH "
        "une branche réservée au site (gh-pages par défaut)."
    )


def _check_not_a_working_branch(remote, branch):
    """Refuse the checked-out branch and the repository's default branch."""
    current = _git("symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if branch == current:
        _refuse_branch(branch, "est la branche de travail actuelle (celle de HEAD)")
    defaults = {"main": "main", "master": "master"}
    for name in dict.fromkeys(["origin", remote]):
        head = _git("symbolic-ref", "--quiet", f"refs/remotes/{name}/HEAD").stdout.strip()
        if head:
            defaults[head.removeprefix(f"refs/remotes/{name}/")] = f"{name}/HEAD"
    listed = _git("ls-remote", "--symref", "--", remote, "HEAD").stdout
    found = re.search(r"^ref: refs/heads/(\S+)\tHEAD$", listed, re.MULTILINE)
    if found:
        defaults[found.group(1)] = f"HEAD de {remote}"
    if branch in defaults:
        _refuse_branch(branch, f"est la branche par défaut du dépôt ({defaults[branch]})")


def _published_tip(remote, branch):
    """The commit the remote branch points to (None: first publication), after checking
    that this task wrote all of it, and the local branch of that name too.

    The remote commits are fetched without writing any ref: a refusal changes nothing.
    """
    local = _git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
    if local.returncode == 0:
        _check_written_by_this_task(local.stdout.strip(), branch, "locale")
    listed = _git("ls-remote", "--heads", "--", remote, f"refs/heads/{branch}")
    if listed.returncode != 0:
        raise Exit(f"Impossible de lire le dépôt distant « {remote} » :\n{listed.stderr.strip()}")
    if not listed.stdout.strip():
        return None
    tip = listed.stdout.split()[0]
    fetched = _git("fetch", "--quiet", "--no-write-fetch-head", "--no-tags", "--", remote,
                   f"refs/heads/{branch}")
    if fetched.returncode != 0:
        raise Exit(f"Impossible de récupérer la branche {branch} de « {remote} » :\n"
                   f"{fetched.stderr.strip()}")
    _check_written_by_this_task(tip, branch, f"de {remote}")
    return tip


def _check_written_by_this_task(commit, branch, where):
    """Every commit of the branch carries PUBLISHED_BY: its whole history is published sites."""
    messages = _git("log", "-z", "--format=%H %B", commit).stdout.split("\0")
    foreign = [message.split()[0][:12] for message in messages
               if message.strip() and PUBLISHED_BY not in message.splitlines()]
    if foreign:
        _refuse_branch(
            branch,
            f"existe déjà (branche {where}) avec {len(foreign)} commit(s) qui ne viennent pas "
            f"de « invoke gh-pages » (sans la ligne « {PUBLISHED_BY} », par exemple "
            f"{foreign[0]}) : elle serait écrasée",
        )


def _commit_site(git_dir, parent):
    """A commit of output/ (plus .nojekyll and CNAME) on top of `parent`, written with a
    temporary index: no branch, index or working tree of the project is touched. None when
    the site is the same as in `parent`."""
    output = OUTPUT
    with tempfile.TemporaryDirectory() as temporary:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(temporary) / "index"),
               "GIT_DIR": git_dir, "GIT_WORK_TREE": str(output)}

        def git(*args, stdin=None):
            done = subprocess.run(["git", *args], cwd=output, env=env, input=stdin,
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise Exit(f"git {args[0]} a échoué :\n{done.stderr.strip()}")
            return done.stdout.strip()

        # --force: the project's ignore rules (output/, *.pyc...) are not the site's.
        git("add", "--all", "--force", "--", ".")
        # GitHub Pages would otherwise run Jekyll, which drops files starting with "_".
        extra = {".nojekyll": ""}
        if CONFIG["gh_pages_cname"]:
            extra["CNAME"] = CONFIG["gh_pages_cname"] + "\n"
        for name, text in extra.items():
            blob = git("hash-object", "-w", "--stdin", stdin=text)
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
        tree = git("write-tree")
        if parent and tree == git("rev-parse", f"{parent}^{{tree}}"):
            return None
        message = f"Publication du site le {datetime.date.today().isoformat()}"
        source = _git("rev-parse", "--short", "HEAD")
        if source.returncode == 0:
            message += f" (source {source.stdout.strip()})"
        parents = ["-p", parent] if parent else []
        return git("commit-tree", tree, *parents, "-F", "-",
                   stdin=f"{message}\n\n{PUBLISHED_BY}\n")


def _shown(path):
    """`path` relative to the project when it is inside it, for messages."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
