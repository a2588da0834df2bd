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

import os
import shlex
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from invoke import task
from invoke.exceptions import Exit
from invoke.main import program
from pelican.plugins.podcast import websub
from pelican.plugins.podcast.catalogue import use_language_of
from pelican.plugins.podcast.publication_guard import download_publication_feed
from pelican.plugins.podcast.settings import DEFAULTS as PODCAST_DEFAULTS
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

from plugins import build as site_build
from plugins import deploy, new_content
from plugins.admin import bundle as admin_bundle
from plugins.admin.settings import LOCAL_HOSTS
from plugins.deploy import gh_pages as gh_pages_branch
from plugins.deploy import media, targets
from plugins.serving import check_address, listen_folder, serve_folder, serve_live_preview, stop_process

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
# What the podcast plugin says in a task (a new episode refused, the live feed, the WebSub hub),
# it says in the site's language, as in a build.
use_language_of(SETTINGS)


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
    """Run a new_content function: its report, or its refusal (exit 1, nothing written), in the
    site's language (the podcast plugin's rules say why)."""
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
        pass  # most often livereload's server takes Ctrl+C itself, and returns
    print("\nArrêté.", flush=True)


@task(help={
    "port": f"port de l'aperçu du site (défaut : {CONFIG['serve_port']}, variable SERVE_PORT)",
    "editor-port": "port de l'éditeur (défaut : celui de l'aperçu + 1)",
    "bind": "adresse d'écoute : 127.0.0.1 (défaut) ou localhost, jamais une adresse du réseau",
})
def edit(c, port=None, editor_port=None, bind=None):
    """Ouvre l'éditeur web en local : l'éditeur (/admin/) enregistre dans ce dossier, l'aperçu du
    site se reconstruit à chaque enregistrement (Ctrl+C arrête les deux)."""
    host, preview_port = _address(bind or "127.0.0.1", port)
    if host not in LOCAL_HOSTS:
        raise Exit(f"Refusé : « {host} » n'est pas cette machine. L'éditeur local écrit dans ce dossier "
                   "sans mot de passe : il n'écoute que sur 127.0.0.1.")
    _, editor_port = _address(host, editor_port or str(preview_port + 1))
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        raise Exit(NODE_MISSING)
    backend = SETTINGS.get("ADMIN_LOCAL_BACKEND")
    if not backend:
        raise Exit("ADMIN_LOCAL_BACKEND n'est pas réglé dans pelicanconf.py : l'éditeur local n'a pas où enregistrer.")
    failed = admin_bundle.install_if_missing()
    server = admin_bundle.local_server()
    if failed or server is None:
        raise Exit(failed or admin_bundle.missing_note())
    backend_port = urlsplit(backend).port
    backend_process = subprocess.Popen(
        [node, str(server)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        # fs: saves are files of this working tree, nothing committed, nothing sent anywhere.
        env={**os.environ, "PORT": str(backend_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
             "GIT_REPO_DIRECTORY": str(ROOT)},
    )

    def serving():
        # The editor is served apart from the live site: no reload script in it, and a failed build
        # shows its problems on the preview, never in place of the editor.
        listen_folder(OUTPUT, host, editor_port)
        print(f"Éditeur web : http://{host}:{editor_port}/admin/ (« Se connecter », puis écrivez ; "
              f"chaque enregistrement écrit dans {_shown(CONTENT)}/)\n"
              f"Aperçu du site : http://{host}:{preview_port}/ (reconstruit à chaque enregistrement)\n"
              "Ctrl+C pour arrêter les deux.", flush=True)
        if _open_browser():
            import webbrowser

            webbrowser.open(f"http://{host}:{editor_port}/admin/")

    try:
        _wait_for_backend(backend_process)
        check_address(host, editor_port)
        serve_live_preview(str(SETTINGS_BASE.relative_to(ROOT)), str(OUTPUT), host, preview_port, False, serving)
    except OSError as error:
        raise Exit(_cannot_listen(host, preview_port, error)) from None
    except KeyboardInterrupt:
        pass  # most often livereload's server takes Ctrl+C itself, and returns
    finally:
        stop_process(backend_process, timeout=10)
    print("\nÉditeur et aperçu arrêtés.", flush=True)


NODE_MISSING = ("L'éditeur web a besoin de Node.js et de npm, absents de cette machine : installez-les "
                "(sous Debian ou Ubuntu : sudo apt-get install nodejs npm ; sous macOS ou Windows : "
                "le paquet « LTS » de nodejs.org, qui contient npm), puis relancez « invoke edit ». "
                "Le reste du site (invoke build, invoke livereload) marche sans eux.")


def _wait_for_backend(process):
    """decap-server's first lines, until it listens (its output then goes on to the terminal)."""
    assert process.stdout is not None
    for line in process.stdout:
        if "listening" in line:
            threading.Thread(target=shutil.copyfileobj, args=(process.stdout, sys.stdout), daemon=True).start()
            return
    raise Exit(f"Le serveur local de l'éditeur (decap-server) s'est arrêté (code {process.wait()}).")


def _cannot_listen(host, port, error):
    return (f"Impossible d'écouter sur {host}:{port} ({error.strerror or error}) : "
            "choisissez un autre port avec --port.")


# --- Deploying ------------------------------------------------------------------------
#
# The guards (plugins/deploy/) check every setting before anything is built; each refusal names
# its rule and stops the task.


@task(help={"dry-run": "montre ce que rsync changerait sur la cible, sans rien y écrire"})
def publish(c, dry_run=False):
    """Construit le site de production puis l'envoie par rsync vers PUBLISH_TARGET."""
    with _refusals():
        target = targets.publish_target(CONFIG["publish_target"], ROOT, OUTPUT)
        ssh_port = targets.ssh_port(CONFIG["publish_ssh_port"])
    _need("rsync", "rsync est introuvable : installez-le (apt install rsync) pour publier.")
    _build_production(failure="Rien n'a été publié.", strict=True)
    if dry_run:
        print(f"Simulation (--dry-run) : rien n'est modifié sur {target}. Changements prévus "
              "(>f fichier envoyé, cd dossier créé, *deleting fichier supprimé) :", flush=True)
    else:
        print(f"Publication vers {target}…", flush=True)
    result = subprocess.run(targets.site_command(OUTPUT, target, ssh_port, dry_run), cwd=ROOT, check=False)
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
    with _refusals():
        target = targets.publish_target(CONFIG["publish_media_target"], ROOT, OUTPUT, "PUBLISH_MEDIA_TARGET")
        ssh_port = targets.ssh_port(CONFIG["publish_ssh_port"])
        _need("rsync", "rsync est introuvable : installez-le (apt install rsync) pour publier.")
        files, absent = media.media_files(CONTENT, PODCAST_DIR)
        for relative in absent:
            print(f"  absent ici, pas envoyé : {relative}")
        new, same, changed = media.compare_published(files, CONTENT, target, ssh_port, ROOT)
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
        # --ignore-existing: a file that appeared on the target meanwhile is never replaced; no --delete, ever.
        [*media.rsync_files_command(ssh_port, target), "--ignore-existing", "--times", "--compress", "--itemize-changes",
         "--", f"{CONTENT}/", target],
        input="".join(f"{relative}\n" for relative in new), text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(f"rsync a échoué (code {result.returncode}) : relancez « invoke publish-media » "
                   "(les fichiers déjà envoyés ne le sont pas deux fois).", code=result.returncode)
    print(f"Fichiers audio publiés sur {target}.")


@task
def gh_pages(c):
    """Construit le site de production, le commite dans la branche GH_PAGES_BRANCH (sans
    toucher aux branches locales) et la pousse vers le dépôt distant GH_PAGES_REMOTE."""
    remote, branch = CONFIG["gh_pages_remote"], CONFIG["gh_pages_branch"]
    _need("git", "git est introuvable : installez-le pour publier sur GitHub Pages.")
    repository = gh_pages_branch.Repository(ROOT)
    with _refusals():
        git_dir = repository.git_dir()
        repository.check_remote(remote)
        repository.check_branch_name(branch)
        repository.check_not_a_working_branch(remote, branch)
        parent = repository.published_tip(remote, branch)
    _build_production(failure="Rien n'a été publié.", strict=True)
    with _refusals():
        commit = repository.commit_site(git_dir, OUTPUT, parent, CONFIG["gh_pages_cname"])
    if commit is None:
        print(f"Rien à publier : la branche {branch} de {remote} contient déjà ce site.")
        return
    print(f"Publication dans la branche {branch} de {remote}…", flush=True)
    # No "+": the push is a fast-forward or nothing (someone else published meanwhile).
    pushed = repository.git("push", "--quiet", "--", remote, f"{commit}:refs/heads/{branch}", capture=False)
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


@task(help={"output": "fichier où écrire le flux téléchargé (rien n'est écrit sans flux jamais publié)"})
def live_feed(c, output):
    """Télécharge le flux du podcast en ligne à l'adresse du site de production (publishconf.py),
    avant une publication qui doit le continuer (PODCAST_LIVE_FEED=<fichier>) ; un site jamais
    publié (flux et accueil en 404) n'en a pas : rien n'est écrit, et c'est dit. Un flux illisible
    arrête la tâche (code 1)."""
    if not SETTINGS_PUBLISH.is_file():
        raise Exit(f"Réglages de production introuvables : {_shown(SETTINGS_PUBLISH)}.")
    target = Path(output).resolve()
    live, problems = download_publication_feed(read_settings(str(SETTINGS_PUBLISH)), target)
    if live is None:
        raise Exit("Flux en ligne non téléchargé, la publication s'arrête :\n"
                   + "\n".join(f"  - {problem}" for problem in problems), code=1)
    print(live.note)


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


@contextmanager
def _refusals():
    """A deployment guard's refusal: the task stops with its text (exit 1), nothing sent."""
    try:
        yield
    except deploy.Refused as refused:
        raise Exit(str(refused), code=refused.code) from None


def _need(program, message):
    if shutil.which(program) is None:
        raise Exit(message)


def _shown(path):
    """`path` relative to the project when it is inside it, for messages."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
