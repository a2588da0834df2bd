"""The deployment guards (plugins/deploy/), called as the tasks call them: every target that
rsync --delete would empty wrongly is refused with its rule, a sound one is taken as rsync needs
it. (tests/test_tasks.py runs the tasks themselves.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plugins.deploy import Refused
from plugins.deploy.media import itemized
from plugins.deploy.targets import is_remote, publish_target, site_command, ssh_port


def refusal(target: str, project: Path, output: Path, variable: str = "PUBLISH_TARGET") -> str:
    with pytest.raises(Refused) as refused:
        publish_target(target, project, output, variable)
    return str(refused.value)


def test_a_local_folder_outside_the_project_is_taken_absolute(tmp_path):
    project, output = tmp_path / "projet", tmp_path / "projet" / "output"
    assert publish_target("../en-ligne", project, output) == str(tmp_path / "en-ligne")


@pytest.mark.parametrize(("target", "rule"), [
    ("/", "est la racine du système de fichiers"),
    ("~", "est votre dossier personnel"),
    (".", "est le dossier du projet"),
    ("content", "est dans le dossier du projet"),
    ("..", "contient le dossier du projet"),
    ("-n", "commence par « - »"),
])
def test_a_local_folder_rsync_would_wrongly_empty_is_refused(tmp_path, target, rule):
    project = tmp_path / "projet"
    said = refusal(target, project, project / "output")
    assert said.startswith("Cible de publication refusée") and rule in said and "PUBLISH_TARGET" in said


def test_an_output_folder_outside_the_project_is_never_a_target(tmp_path):
    project, output = tmp_path / "projet", tmp_path / "site"
    assert "contient le dossier de sortie" in refusal(str(output / "public"), project, output)


@pytest.mark.parametrize(("target", "rule"), [
    ("serveur:", "n'indique pas de dossier distant"),
    ("serveur:~", "n'indique pas de dossier distant"),
    ("web@serveur:/", "n'indique pas de dossier distant"),
    (":/var/www", "n'a pas de nom d'hôte valide"),
    ("serveur:/var/www/../..", "contient « .. »"),
    (f"serveur:{Path.home()}", "chemin de votre dossier personnel"),
])
def test_a_remote_target_names_a_host_and_its_own_folder(tmp_path, target, rule):
    said = refusal(target, tmp_path, tmp_path / "output", "PUBLISH_MEDIA_TARGET")
    assert rule in said and "réservé aux fichiers audio" in said


def test_a_sound_remote_target_is_kept_as_written(tmp_path):
    assert publish_target("web@serveur:/var/www/cite-ia", tmp_path, tmp_path / "output") == "web@serveur:/var/www/cite-ia"
    assert publish_target("rsync://serveur/site/www", tmp_path, tmp_path / "output") == "rsync://serveur/site/www"


def test_remote_is_rsyncs_own_rule():
    assert is_remote("serveur:/var/www") and is_remote("rsync://serveur/site")
    assert not is_remote("./dossier:avec-deux-points") and not is_remote("/srv/www")


@pytest.mark.parametrize("port", ["0", "65536", "22 -o ProxyCommand=x", "-p", "２２"])
def test_an_ssh_port_is_digits_only_and_in_range(port):
    with pytest.raises(Refused, match="Port SSH refusé"):
        ssh_port(port)


def test_the_ssh_port_reaches_rsync_only_for_a_remote_target(tmp_path):
    assert ssh_port("2222") == "2222" and ssh_port("") == ""
    remote = site_command(tmp_path, "web@serveur:/var/www", "2222", dry_run=True)
    assert remote[remote.index("--rsh") + 1] == "ssh -p 2222" and "--dry-run" in remote
    assert remote[-3:] == ["--", f"{tmp_path}/", "web@serveur:/var/www"]
    assert "--rsh" not in site_command(tmp_path, "/srv/www", "2222", dry_run=False)


def test_a_remote_comparison_tells_changed_files_from_new_ones(tmp_path):
    """What `publish-media` asks rsync for a remote target, run here on a local folder."""
    source, target = tmp_path / "source", tmp_path / "cible"
    for folder, files in ((source, {"a.mp3": b"a", "b.mp3": b"b", "c.mp3": b"c"}), (target, {"a.mp3": b"a", "b.mp3": b"B"})):
        (folder / "m").mkdir(parents=True)
        for name, data in files.items():
            (folder / "m" / name).write_bytes(data)
    listing = subprocess.run(
        ["rsync", "--files-from=-", "--dry-run", "--checksum", "--itemize-changes", "--", f"{source}/", str(target)],
        input="m/a.mp3\nm/b.mp3\nm/c.mp3\n", capture_output=True, text=True, check=True).stdout
    assert itemized(listing, ["m/a.mp3", "m/b.mp3", "m/c.mp3"]) == (["m/c.mp3"], ["m/a.mp3"], ["m/b.mp3"])
