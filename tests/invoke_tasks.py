"""The invoke tasks (tasks.py) run for real, as `python -m invoke ...`, in a project folder.

The environment is the test's own, less what the tasks read from it (a developer's own settings
must not leak in), with no browser opened and a fixed git identity.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import fresh_python
from waiting import wait_until

# What the tasks read from the environment.
TASK_VARIABLES = (
    "PUBLISH_TARGET", "PUBLISH_SSH_PORT", "GH_PAGES_REMOTE", "GH_PAGES_BRANCH",
    "GH_PAGES_CNAME", "SERVE_HOST", "SERVE_PORT", "OPEN_BROWSER", "SITEURL", "PODCAST_LIVE_FEED",
)


def task_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in TASK_VARIABLES}
    env.update(
        OPEN_BROWSER="0",
        PYTHONDONTWRITEBYTECODE="1",
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


def invoke(project: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m invoke ARGS` in `project` (or in `cwd`, inside it); return the finished
    process, with its output as text."""
    return fresh_python.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd or project,
        env=task_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def succeeded(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


# The ports a test gives a server it starts. A port the kernel picks (a bind to port 0) comes from
# its ephemeral range, where every outgoing connection (Chromium's, its driver's, urllib's) takes
# its own: between the moment a test learnt it and the moment its server bound it, one of them
# sometimes had (seen with -n 4: « Impossible d'écouter sur 127.0.0.1:59595 (Address already in
# use) », the whole web editor module in error). These come from below that range (Linux's starts
# at 32768), from a slice of their own for each parallel worker, each handed out once; one still
# taken (another run of the suite at the same time) is skipped.
FIRST_PORT, PORTS_PER_WORKER, WORKER_SLICES = 20000, 1500, 8


def _ports_of_this_worker() -> Iterator[int]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = FIRST_PORT + (int(worker) % WORKER_SLICES if worker.isdigit() else 0) * PORTS_PER_WORKER
    start = random.Random(os.getpid()).randrange(PORTS_PER_WORKER)  # two runs at once start far apart
    for step in itertools.count():
        yield first + (start + step) % PORTS_PER_WORKER


_ports = _ports_of_this_worker()


def free_port() -> int:
    """A port no server listens on, that no other test of the run is given."""
    return next(port for port in _ports if _bindable(port))


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Running:
    """A task left running in its own process group, its output in a log beside the project; with
    `port`, it serves on 127.0.0.1 there (`--port`, `--bind`), at `base`. Call `stop()`."""

    def __init__(self, project: Path, *args: str, port: int | None = None):
        if port is not None:
            args = (*args, "--port", str(port), "--bind", "127.0.0.1")
        self.base = f"http://127.0.0.1:{port}" if port is not None else None
        self.log = project.parent / f"{args[0]}.log"
        with self.log.open("w") as log:
            self.process = fresh_python.Popen(
                [sys.executable, "-m", "invoke", *args], cwd=project, env=task_env(),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, condition, what: str, timeout: float = 30):
        """`condition()`'s first true value; the test fails if the task exits or time runs out first."""
        def exited() -> str | None:
            if self.process.poll() is None:
                return None
            return f"the task exited while waiting for {what}:\n{self.output()}"

        return wait_until(condition, timeout, message=lambda: f"timed out waiting for {what}:\n{self.output()}",
                          stop=exited)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
