"""`invoke gh-pages`: the built site committed into a branch of a git remote, never over anyone's work.

Every commit written here carries PUBLISHED_BY. A branch receives the site only if each of its
commits has it (the tip and the root are not enough: a published commit can be put on top of
anyone's work), so a branch written by anyone else is never taken over. The commit is made with a
temporary index: no branch, index or working tree of the project is touched.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

from . import Refused

PUBLISHED_BY = "Publié-par: invoke gh-pages"


class Repository:
    """The project's git repository, as the checks and the publication see it."""

    def __init__(self, project: Path):
        self.project = project

    def git(self, *args: str, capture: bool = True) -> subprocess.CompletedProcess[str]:
        """git run in the project folder; its output as text when `capture`."""
        return subprocess.run(["git", *args], cwd=self.project, capture_output=capture, text=True, check=False)

    def git_dir(self) -> str:
        found = self.git("rev-parse", "--absolute-git-dir")
        if found.returncode != 0:
            raise Refused(f"Le dossier du projet ({self.project}) n'est pas un dépôt git : "
                          "« invoke gh-pages » publie dans une branche d'un dépôt distant.")
        return found.stdout.strip()

    def check_remote(self, remote: str) -> None:
        remotes = self.git("remote").stdout.split()
        if remote.startswith("-") or remote not in remotes:
            raise Refused(
                f"Le dépôt git distant « {remote} » n'existe pas : ajoutez-le avec "
                f"« git remote add NOM URL » ou choisissez un dépôt existant avec GH_PAGES_REMOTE "
                f"({', '.join(remotes) or 'aucun dépôt distant configuré'})."
            )

    def check_branch_name(self, branch: str) -> None:
        # Not `--branch`: it would expand "@{-1}" into the previous branch's name.
        valid = self.git("check-ref-format", f"refs/heads/{branch}").returncode == 0
        if branch.startswith("-") or not valid or branch == "HEAD" or "@{" in branch:
            raise Refused(f"Branche de publication refusée : « {branch} » n'est pas un nom de branche "
                          "git valide (GH_PAGES_BRANCH).")

    def check_not_a_working_branch(self, remote: str, branch: str) -> None:
        """Refuse the checked-out branch and the repository's default branch."""
        current = self.git("symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
        if branch == current:
            _refuse_branch(branch, "est la branche de travail actuelle (celle de HEAD)")
        defaults = {"main": "main", "master": "master"}
        for name in dict.fromkeys(["origin", remote]):
            head = self.git("symbolic-ref", "--quiet", f"refs/remotes/{name}/HEAD").stdout.strip()
            if head:
                defaults[head.removeprefix(f"refs/remotes/{name}/")] = f"{name}/HEAD"
        listed = self.git("ls-remote", "--symref", "--", remote, "HEAD").stdout
        found = re.search(r"^ref: refs/heads/(\S+)\tHEAD$", listed, re.MULTILINE)
        if found:
            defaults[found.group(1)] = f"HEAD de {remote}"
        if branch in defaults:
            _refuse_branch(branch, f"est la branche par défaut du dépôt ({defaults[branch]})")

    def published_tip(self, remote: str, branch: str) -> str | None:
        """The commit the remote branch points to (None: first publication), after checking
        that this task wrote all of it, and the local branch of that name too.

        The remote commits are fetched without writing any ref: a refusal changes nothing.
        """
        local = self.git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
        if local.returncode == 0:
            self._check_written_here(local.stdout.strip(), branch, "locale")
        listed = self.git("ls-remote", "--heads", "--", remote, f"refs/heads/{branch}")
        if listed.returncode != 0:
            raise Refused(f"Impossible de lire le dépôt distant « {remote} » :\n{listed.stderr.strip()}")
        if not listed.stdout.strip():
            return None
        tip = listed.stdout.split()[0]
        fetched = self.git("fetch", "--quiet", "--no-write-fetch-head", "--no-tags", "--", remote, f"refs/heads/{branch}")
        if fetched.returncode != 0:
            raise Refused(f"Impossible de récupérer la branche {branch} de « {remote} » :\n{fetched.stderr.strip()}")
        self._check_written_here(tip, branch, f"de {remote}")
        return tip

    def commit_site(self, git_dir: str, output: Path, parent: str | None, cname: str) -> str | None:
        """A commit of `output` (plus .nojekyll, and CNAME with `cname`) on top of `parent`, written
        with a temporary index. None when the site is the same as in `parent`."""
        with tempfile.TemporaryDirectory() as temporary:
            env = {**os.environ, "GIT_INDEX_FILE": str(Path(temporary) / "index"),
                   "GIT_DIR": git_dir, "GIT_WORK_TREE": str(output)}

            def git(*args: str, stdin: str | None = None) -> str:
                done = subprocess.run(["git", *args], cwd=output, env=env, input=stdin,
                                      capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise Refused(f"git {args[0]} a échoué :\n{done.stderr.strip()}")
                return done.stdout.strip()

            # --force: the project's ignore rules (output/, *.pyc...) are not the site's.
            git("add", "--all", "--force", "--", ".")
            # GitHub Pages would otherwise run Jekyll, which drops files starting with "_".
            extra = {".nojekyll": ""}
            if cname:
                extra["CNAME"] = cname + "\n"
            for name, text in extra.items():
                blob = git("hash-object", "-w", "--stdin", stdin=text)
                git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
            tree = git("write-tree")
            if parent and tree == git("rev-parse", f"{parent}^{{tree}}"):
                return None
            message = f"Publication du site le {datetime.date.today().isoformat()}"
            source = self.git("rev-parse", "--short", "HEAD")
            if source.returncode == 0:
                message += f" (source {source.stdout.strip()})"
            parents = ["-p", parent] if parent else []
            return git("commit-tree", tree, *parents, "-F", "-", stdin=f"{message}\n\n{PUBLISHED_BY}\n")

    def _check_written_here(self, commit: str, branch: str, where: str) -> None:
        """Every commit of the branch carries PUBLISHED_BY: its whole history is published sites."""
        messages = self.git("log", "-z", "--format=%H %B", commit).stdout.split("\0")
        foreign = [message.split()[0][:12] for message in messages
                   if message.strip() and PUBLISHED_BY not in message.splitlines()]
        if foreign:
            _refuse_branch(
                branch,
                f"existe déjà (branche {where}) avec {len(foreign)} commit(s) qui ne viennent pas "
                f"de « invoke gh-pages » (sans la ligne « {PUBLISHED_BY} », par exemple "
                f"{foreign[0]}) : elle serait écrasée",
            )


def _refuse_branch(branch: str, rule: str) -> NoReturn:
    raise Refused(
        f"Branche de publication refusée : « {branch} » {rule}. « invoke gh-pages » remplace "
        "le contenu de la branche par le site construit : choisissez avec GH_PAGES_BRANCH "
        "une branche réservée au site (gh-pages par défaut)."
    )
