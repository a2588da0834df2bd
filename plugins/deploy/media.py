"""The audio files `publish-media` sends to the media host: those of the committed manifest, each
checked against it, never one that would replace a published file of other content."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pelican.plugins.podcast.cache import file_sha256
from pelican.plugins.podcast.manifest import AudioManifest

from . import Refused
from .targets import is_remote, rsync_shell


def media_files(content: Path, podcast_dir: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(content-relative path, sha256) of each audio file of the manifest present here, checked
    against its entry; and the absent ones (already published from another clone, surely)."""
    manifest = AudioManifest(str(content), podcast_dir)
    if manifest.problems:
        raise Refused("\n".join(map(str, manifest.problems)))
    if not manifest.entries:
        raise Refused(f"Aucun fichier audio dans {manifest.shown} : lancez d'abord « invoke check » avec les "
                      "fichiers audio présents, il écrit le manifeste.")
    files, absent, stale = [], [], []
    for relative, _, sha256 in manifest.files():
        path = content / relative
        if not path.is_file():
            absent.append(relative)
        elif file_sha256(str(path)) != sha256:
            stale.append(relative)
        else:
            files.append((relative, sha256))
    if stale:
        raise Refused(f"Refusé : {', '.join(stale)} ne correspond(ent) plus à {manifest.shown} : lancez "
                      "« invoke check », qui le met à jour, puis commitez-le. Rien n'a été envoyé.")
    return files, absent


def rsync_files_command(ssh_port: str, target: str) -> list[str]:
    """rsync sending only the paths given on its standard input (as under content/)."""
    return ["rsync", "--files-from=-", "--protect-args", "--human-readable", *rsync_shell(ssh_port, target)]


def compare_published(files: list[tuple[str, str]], content: Path, target: str, ssh_port: str,
                      project: Path) -> tuple[list[str], list[str], list[str]]:
    """(new, identical, changed) content-relative paths: what the target holds of each file.
    A local target: the sha256 of its file. A remote one: rsync --dry-run --checksum, which lists
    the files it would create (">f+++++++++") apart from those it would change."""
    if not is_remote(target):
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
        [*rsync_files_command(ssh_port, target), "--dry-run", "--checksum", "--itemize-changes", "--", f"{content}/", target],
        input="".join(f"{relative}\n" for relative, _ in files), text=True, capture_output=True, cwd=project, check=False)
    if result.returncode != 0:
        raise Refused(f"Impossible de comparer avec {target} (rsync, code {result.returncode}) :\n"
                      f"{result.stderr.strip()}\nRien n'a été envoyé.")
    return itemized(result.stdout, [relative for relative, _ in files])


def itemized(listing: str, relatives: list[str]) -> tuple[list[str], list[str], list[str]]:
    """rsync --itemize-changes output -> (new, identical, changed) among `relatives`."""
    created: set[str] = set()
    altered: set[str] = set()
    for line in listing.splitlines():
        code, _, name = line.partition(" ")
        if len(code) == 11 and code[1] == "f":
            (created if code[2:] == "+" * 9 else altered).add(name)
    return ([r for r in relatives if r in created], [r for r in relatives if r not in created | altered],
            [r for r in relatives if r in altered])
