"""Where `publish` and `publish-media` may send files with rsync.

`rsync --delete` makes the target an exact copy of output/: it erases everything else in it. So
the target may not hold the project, the home folder or the whole disk, and a remote target must
name its folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

from . import Refused


def publish_target(target: str, project: Path, output: Path, variable: str = "PUBLISH_TARGET") -> str:
    """PUBLISH_TARGET (or `variable`) checked, as rsync must receive it (a local folder made
    absolute, from the `project` folder)."""
    if not target:
        raise Refused(
            "Aucune cible de publication n'est configurée : définissez la variable "
            f"d'environnement {variable}, par exemple "
            f"{variable}=utilisateur@serveur:/var/www/cite-ia (ou un dossier local), "
            f"ou renseignez « {variable.lower()} » dans DEFAULTS (tasks.py)."
        )
    if target.startswith("-"):
        _refuse(target, "commence par « - » et serait lue par rsync comme une option", variable)
    if is_remote(target):
        _check_remote(target, variable)
        return target
    # rsync does not expand "~" (a shell does), and relative means relative to the project.
    path = (project / Path(target).expanduser()).resolve()
    _check_local(target, path, project, output, variable)
    return str(path)


def is_remote(target: str) -> bool:
    """rsync's own rule: "host:path" is remote, unless a "/" comes before the ":"."""
    head, colon, _ = target.partition(":")
    return target.startswith("rsync://") or bool(colon and "/" not in head)


def ssh_port(port: str) -> str:
    """PUBLISH_SSH_PORT: digits only, 1 to 65535 (it is written into rsync's ssh command)."""
    if port and not (re.fullmatch(r"[0-9]{1,5}", port) and 1 <= int(port) <= 65535):
        raise Refused(
            f"Port SSH refusé : PUBLISH_SSH_PORT vaut « {port} », or il doit être un nombre "
            "entre 1 et 65535, écrit en chiffres seulement."
        )
    return port


def rsync_shell(port: str, target: str) -> list[str]:
    """rsync's options for an SSH port other than the default, for a remote target."""
    return ["--rsh", f"ssh -p {port}"] if port and is_remote(target) else []  # rsync splits it itself, no shell


def _refuse(target: str, rule: str, variable: str) -> NoReturn:
    reserved = "aux fichiers audio" if variable == "PUBLISH_MEDIA_TARGET" else "au site construit"
    raise Refused(
        f"Cible de publication refusée : « {target} » {rule}. "
        f"Choisissez pour {variable} un dossier réservé {reserved}."
    )


def _check_local(target: str, path: Path, project: Path, output: Path, variable: str) -> None:
    """Refuse a local folder whose replacement by the site would erase something else."""
    home = Path.home().resolve()
    shown = f"{target} → {path}" if str(path) != target else target
    if path == Path(path.anchor):
        _refuse(shown, "est la racine du système de fichiers", variable)
    if path == home:
        _refuse(shown, "est votre dossier personnel", variable)
    if path == project:
        _refuse(shown, f"est le dossier du projet ({project})", variable)
    if path.is_relative_to(project):
        _refuse(shown, f"est dans le dossier du projet ({project}) : rsync --delete "
                       "y remplacerait vos sources par le site construit", variable)
    if project.is_relative_to(path):
        _refuse(shown, f"contient le dossier du projet ({project}) : rsync --delete "
                       "l'effacerait", variable)
    if path.is_relative_to(output) or output.is_relative_to(path):
        _refuse(shown, f"contient le dossier de sortie {output} ou se trouve dedans", variable)


def _check_remote(target: str, variable: str) -> None:
    """A remote target names its host and an explicit folder other than the home or "/"."""
    if target.startswith("rsync://"):
        host, _, path = target.removeprefix("rsync://").partition("/")
        module = path
    else:
        host, _, path = target.partition(":")
        module = path.removeprefix(":")  # host::module/path, an rsync daemon
    user, _, name = host.rpartition("@")
    if not name or name.startswith("-") or user.startswith("-"):
        _refuse(target, "n'a pas de nom d'hôte valide avant « : »", variable)
    parts = [part for part in module.split("/") if part not in ("", ".")]
    if ".." in parts:
        _refuse(target, "contient « .. » dans son chemin distant : écrivez le chemin "
                        "du dossier lui-même", variable)
    if not parts or (len(parts) == 1 and parts[0].startswith("~")):
        _refuse(
            target,
            "n'indique pas de dossier distant (le chemin après « : » est vide, « ~ » ou « / ») : "
            "rsync --delete viderait le dossier personnel ou la racine du serveur. "
            "Écrivez par exemple utilisateur@serveur:/var/www/cite-ia",
            variable,
        )
    # `PUBLISH_TARGET=serveur:~` typed in a shell arrives as "serveur:/home/me": the shell
    # expands a "~" that follows ":" in an assignment.
    if module.startswith("/") and "/" + "/".join(parts) == str(Path.home()):
        _refuse(target, "désigne comme dossier distant le chemin de votre dossier "
                        "personnel (le shell remplace « ~ » par ce chemin)", variable)


def site_command(output: Path, target: str, port: str, dry_run: bool) -> list[str]:
    """rsync making `target` an exact copy of `output`."""
    command = [
        "rsync",
        "--recursive", "--times", "--perms", "--checksum", "--compress", "--human-readable",
        # Deletions and renames happen at the end, so visitors never see a half-updated site.
        "--delete", "--delete-after", "--delay-updates",
        # The remote path reaches the remote rsync as it is, never read by the remote shell.
        "--protect-args",
        "--itemize-changes", "--exclude", ".DS_Store",
        *rsync_shell(port, target),
    ]
    if dry_run:
        command.append("--dry-run")
    # "--" ends the options: what follows are paths, whatever they look like.
    return [*command, "--", f"{output}/", target]
