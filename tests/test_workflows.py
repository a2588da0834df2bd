"""CI and the commit hook: the GitHub Actions workflow and the pre-commit configuration.

The workflow is checked by actionlint, and read back: it runs the README's own install, test and
build lines (no copy that could drift), pins every action to a commit, and only its deploy job
may write. pre-commit runs for real in a throw-away clone, offline, with the project's venv.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from invoke_tasks import free_port
from local_http import serve
from sitebuild import copy_project, relocate_audio_cache, same_times_as_the_repository

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "site.yml"
VENV_BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """The lines of the README's first ```sh block: line 1 builds, line 2 tests."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert block, "README.md has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_lines(job: dict) -> list[str]:
    return [line.strip() for step in job["steps"] for line in step.get("run", "").splitlines()]


# --- the workflow ----------------------------------------------------------------------------


def test_actionlint_finds_nothing():
    result = subprocess.run([str(VENV_BIN / "actionlint"), "-no-color"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_runs_the_readmes_own_lines():
    build_line, test_line = readme_commands()
    jobs = workflow()["jobs"]
    assert build_line in run_lines(jobs["build"])
    assert test_line in run_lines(jobs["tests"])
    # Any other install in the workflow is line 1 cut before its build: the same pip command.
    install = build_line.rsplit(" && ", 1)[0]
    for name, job in jobs.items():
        for line in run_lines(job):
            if "pip install" in line:
                assert line in (build_line, test_line, install), f"{name}: {line}"


def test_the_workflow_builds_for_production_checks_and_keeps_the_site():
    jobs = workflow()["jobs"]
    lines = run_lines(jobs["build"])
    # The problems as annotations, on pull requests too, and even when the build before has failed.
    assert ".venv/bin/invoke check --annotations" in lines
    check = next(step for step in jobs["build"]["steps"] if step.get("run") == ".venv/bin/invoke check --annotations")
    assert check["if"] == "${{ !cancelled() }}"
    assert ".venv/bin/python -m plugins.build --settings publishconf.py --strict" in lines
    uploads = [step for step in jobs["build"]["steps"] if "upload-artifact@" in step.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "output/"


def test_the_live_feed_is_downloaded_by_its_own_step_and_given_to_the_production_build():
    steps = workflow()["jobs"]["build"]["steps"]
    names = [step.get("run", "").splitlines()[0] if step.get("run") else "" for step in steps]
    download = names.index('.venv/bin/invoke live-feed --output "$RUNNER_TEMP/live-feed.xml"')
    build = names.index(".venv/bin/python -m plugins.build --settings publishconf.py --strict")
    assert download < build
    # The step fails the job on a feed it cannot read (the default shell stops on an error, no
    # continue-on-error); it says which file, or False when the site was never published.
    assert "continue-on-error" not in steps[download] and "if" not in steps[download]
    step_id = steps[download]["id"]
    assert 'echo "path=$RUNNER_TEMP/live-feed.xml" >> "$GITHUB_OUTPUT"' in steps[download]["run"]
    assert 'echo "path=False" >> "$GITHUB_OUTPUT"' in steps[download]["run"]
    assert steps[build]["env"] == {"PODCAST_LIVE_FEED": f"${{{{ steps.{step_id}.outputs.path }}}}"}


def run_download_step(tmp_path: Path, site_url: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """The workflow's download step run as GitHub runs it (bash -e, RUNNER_TEMP, GITHUB_OUTPUT) in a
    copy of the project (the settings' check keeps its picture cache in cache/), this venv's invoke in
    place of .venv/bin/invoke; returns the finished shell and what it output."""
    project = tmp_path / "projet"
    if not project.exists():
        copy_project(project)
    step = next(s for s in workflow()["jobs"]["build"]["steps"] if s.get("id") == "live-feed")
    runner = tmp_path / f"runner-{len(list(tmp_path.glob('runner-*')))}"
    runner.mkdir()
    outputs = runner / "github-output"
    outputs.touch()
    env = {**os.environ, "RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(outputs), "SITEURL": site_url}
    env.pop("PODCAST_LIVE_FEED", None)
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                           step["run"].replace(".venv/bin/invoke", str(VENV_BIN / "invoke"))],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)
    return done, outputs.read_text(encoding="utf-8")


def test_the_download_step_gives_the_file_says_none_or_stops_the_deploy(tmp_path, production_output):
    served = tmp_path / "en-ligne"
    (served / "podcast").mkdir(parents=True)
    shutil.copyfile(production_output / "podcast" / "feed.xml", served / "podcast" / "feed.xml")
    with serve(served) as url:
        done, said = run_download_step(tmp_path, url)
    assert done.returncode == 0, done.stderr
    (path,) = re.findall(r"^path=(.+)$", said, re.MULTILINE)
    assert Path(path).read_bytes() == (served / "podcast" / "feed.xml").read_bytes()
    with serve(tmp_path / "jamais-publie") as url:  # GitHub Pages before a first deployment: 404 everywhere
        done, said = run_download_step(tmp_path, url)
    assert done.returncode == 0, done.stderr
    assert said == "path=False\n" and "Première publication" in done.stdout
    closed = f"http://127.0.0.1:{free_port()}"
    done, said = run_download_step(tmp_path, closed)
    assert done.returncode != 0 and said == ""
    assert f"PODCAST_LIVE_FEED: le flux en ligne {closed}/podcast/feed.xml est injoignable" in done.stderr


def test_triggers_pull_request_push_to_main_and_a_daily_schedule():
    document = workflow()
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])
    deploy = document["jobs"]["deploy"]["if"]
    assert "github.event_name != 'pull_request'" in deploy and "schedule" in deploy


def test_every_action_is_pinned_to_a_commit_with_its_version():
    uses = re.findall(r"uses:\s*(\S+)(.*)$", WORKFLOW.read_text(encoding="utf-8"), re.MULTILINE)
    assert uses
    for action, comment in uses:  # commented-out jobs too: they are meant to be used
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{action}: {comment!r}"


def test_the_token_reads_only_except_in_the_deploy_job():
    document = workflow()
    assert document["permissions"] == {"contents": "read"}
    for name, job in document["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
        else:
            assert "permissions" not in job, name


def test_caches_pip_and_the_audio_metadata():
    build = workflow()["jobs"]["build"]["steps"]
    python = next(step for step in build if "setup-python@" in step.get("uses", ""))
    assert python["with"]["cache"] == "pip"
    audio = next(step for step in build if "actions/cache@" in step.get("uses", ""))
    assert audio["with"]["path"] == "cache/"
    assert "hashFiles('content/podcasts/media/**')" in audio["with"]["key"]


# --- pre-commit ------------------------------------------------------------------------------

CONFIG = ROOT / ".pre-commit-config.yaml"


def test_hooks_are_local_only():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]


def git_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),  # nothing written outside tmp_path
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    }


@pytest.fixture
def clone(tmp_path, measured_audio_cache):
    """A clone of the repository, with this working tree's hook configuration and the venv
    running these tests as its .venv (the hooks run .venv/bin/…); its audio already read and
    measured, as on the machine of an editor who committed before (the hooks' `invoke check`)."""
    path = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(path)], check=True,
                   env=git_env(tmp_path), capture_output=True)
    shutil.copy(CONFIG, path / CONFIG.name)
    subprocess.run(["git", "add", CONFIG.name], cwd=path, check=True, env=git_env(tmp_path))
    (path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    same_times_as_the_repository(path / "content")
    relocate_audio_cache(measured_audio_cache, path / "cache", path / "content")
    return path


def pre_commit(clone, tmp_path, *args):
    return subprocess.run([str(VENV_BIN / "pre-commit"), *args], cwd=clone, env=git_env(tmp_path),
                          capture_output=True, text=True, timeout=600, check=False)


def test_pre_commit_passes_on_the_repository_offline(clone, tmp_path):
    result = pre_commit(clone, tmp_path, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "contenu du site (invoke check)" in result.stdout
    # No hook environment was built: every hook is the venv's own program.
    assert not list((tmp_path / "pre-commit-home").glob("repo*"))


@pytest.mark.slow
def test_a_content_error_stops_the_commit_with_invoke_checks_message(clone, tmp_path):
    assert pre_commit(clone, tmp_path, "install").returncode == 0
    article = clone / "content" / "zz-essai.md"
    article.write_text("Title: Essai\nDate: 03/04/2024\nCategory: Vie de la Cité\n\nTexte.\n", encoding="utf-8")
    env = git_env(tmp_path)
    subprocess.run(["git", "add", "content/zz-essai.md"], cwd=clone, check=True, env=env)

    commit = subprocess.run(["git", "commit", "-m", "Essai"], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    check = subprocess.run([str(VENV_BIN / "invoke"), "check"], cwd=clone, env=env,
                           capture_output=True, text=True, timeout=600, check=False)

    assert check.returncode == 1
    problems = [line for line in check.stderr.splitlines() if line.startswith("  - ")]
    assert any("content/zz-essai.md: Date: '03/04/2024' est ambigu" in line for line in problems), check.stderr
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "contenu du site (invoke check)" in output and "Failed" in output
    for line in problems:
        assert line in output
    # Nothing was committed.
    head = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=clone, env=env,
                          capture_output=True, text=True, check=True)
    assert head.stdout.strip() != "Essai"
