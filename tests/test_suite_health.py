"""The suite's own health: no test waits on the clock or reads it, none is skipped, and the
README's command runs the tests in parallel and in random order (pytest.ini), so that a test
that leans on another's leftovers or on the machine's speed fails here, not on a newcomer's
first run; and a process forked by tests/fresh_python.py sees what a new interpreter sees.
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import fresh_python
from invoke_tasks import free_port
from pelican.settings import get_settings_from_file
from sitebuild import PROJECT
from waiting import wait_until

TESTS = PROJECT / "tests"
# The one module allowed to sleep: it polls a condition until a deadline (tests/waiting.py).
WAITING = "waiting.py"
# Calls that wait on the wall clock or read it: the product's clock is set instead
# (plugins/clock.py, CITE_IA_NOW) and file times are set with os.utime.
CLOCK_CALLS = {"sleep", "time.time", "time.time_ns", "datetime.now", "datetime.today", "datetime.utcnow",
               "date.today", "datetime.datetime.now", "datetime.date.today"}
SKIPS = {"pytest.skip", "pytest.mark.skip", "pytest.mark.skipif", "pytest.mark.xfail", "pytest.xfail",
         "pytest.importorskip"}
CODE_IN_A_STRING = re.compile(r"\bsleep\s*\(")


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return "?"


def clock_and_skip_uses(source: str, name: str) -> list[str]:
    """Where `source` sleeps, reads the wall clock or skips a test: "name:line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = _dotted(node.func)
            if called in CLOCK_CALLS or called.endswith(".sleep"):
                found.append(f"{name}:{node.lineno}: {called}()")
        elif isinstance(node, ast.Attribute) and _dotted(node) in SKIPS:
            found.append(f"{name}:{node.lineno}: {_dotted(node)}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_IN_A_STRING.search(node.value):
            # Code the test hands to another process (python -c "…").
            found.append(f"{name}:{node.lineno}: sleep() in code run by another process")
    return sorted(found, key=lambda text: int(text.split(":")[1]))


def test_the_guard_finds_a_sleep_a_clock_a_skip_and_a_sleep_in_a_subprocess():
    source = (
        "import time, asyncio, pytest\nfrom datetime import datetime\n"
        "time.sleep(2)\nawait_ = asyncio.sleep(1)\nnow = datetime.now()\nt = time.time()\n"
        "@pytest.mark.skip\ndef test_x(): pass\n"
        "code = 'import time; time.sleep(60)'\n"
        "deadline = time.monotonic() + 10\n"  # a deadline is no wait: allowed
    )
    assert clock_and_skip_uses(source, "t.py") == [
        "t.py:3: time.sleep()", "t.py:4: asyncio.sleep()", "t.py:5: datetime.now()", "t.py:6: time.time()",
        "t.py:7: pytest.mark.skip", "t.py:9: sleep() in code run by another process",
    ]


def test_no_test_sleeps_reads_the_wall_clock_or_is_skipped():
    found = []
    for path in sorted(TESTS.glob("*.py")):
        if path.name in (WAITING, Path(__file__).name):
            continue
        found += clock_and_skip_uses(path.read_text(encoding="utf-8"), f"tests/{path.name}")
    assert found == [], "wait for a condition (tests/waiting.py), set the clock (CITE_IA_NOW) or the file times:\n" + \
        "\n".join(found)


def test_the_readme_command_runs_in_parallel_and_in_random_order():
    config = configparser.ConfigParser()
    config.read(PROJECT / "pytest.ini", encoding="utf-8")
    options = config["pytest"]["addopts"].split()
    assert "-n" in options and options[options.index("-n") + 1] == "auto"
    assert "-p" not in options or "no:randomly" not in options
    requirements = (PROJECT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert re.search(r"^pytest-xdist==", requirements, re.MULTILINE)
    assert re.search(r"^pytest-randomly==", requirements, re.MULTILINE)


def test_ci_runs_the_suite_twice_in_two_orders():
    lines = [line for line in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if ".venv/bin/python -m pytest" in line]
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    line_2 = next(line for line in readme.splitlines() if line.startswith("python3 -m venv") and "pytest" in line)
    assert lines[0].strip() == line_2.strip()  # the README's command, as written
    assert len(lines) == 2 and "-n0" in lines[1] and "-p randomly" not in lines[1]  # then alone, another order


# --- fresh_python.py: a forked process is the process `python -m` would start -----------------

PROBE = """\
import json, os, sys
print(json.dumps({
    "path": sys.path, "argv": sys.argv, "cwd": os.getcwd(), "no_pyc": sys.dont_write_bytecode,
    "said": os.environ.get("PROBE_SAYS"), "ours": sorted(name for name in sys.modules
                                                      if name.split(".")[0] in ("plugins", "pelican", "tasks")),
}))
print("sur la sortie d'erreur", file=sys.stderr)
if len(sys.argv) > 1:
    raise SystemExit(int(sys.argv[1]))
"""


def _probe_runs(tmp_path, *args):
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    env = {**os.environ, "PROBE_SAYS": "bonjour", "PYTHONPATH": str(tmp_path / "ailleurs")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "probe", *args]
    real = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    forked = fresh_python.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    return real, forked


def test_a_forked_process_sees_what_a_new_interpreter_sees(tmp_path):
    real, forked = _probe_runs(tmp_path, "3")
    assert (forked.returncode, forked.stderr) == (real.returncode, real.stderr) == (3, "sur la sortie d'erreur\n")
    seen, expected = json.loads(forked.stdout), json.loads(real.stdout)
    assert seen == expected
    assert expected["path"][:2] == [str(tmp_path), str(tmp_path / "ailleurs")]
    assert expected["ours"] == [] and expected["no_pyc"] is False and expected["said"] == "bonjour"


def test_a_forked_process_ends_as_a_killed_interpreter_ends(tmp_path):
    (tmp_path / "waits.py").write_text("import sys\nprint('prêt', flush=True)\nsys.stdin.read()\n", encoding="utf-8")
    log = tmp_path / "waits.log"
    log.touch()
    with log.open("w") as stream:
        process = fresh_python.Popen([sys.executable, "-m", "waits"], cwd=tmp_path, stdout=stream,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    # stdin is /dev/null: it reads nothing and ends; a process that waits is killed by its group.
    assert process.wait(timeout=60) == 0
    assert log.read_text(encoding="utf-8") == "prêt\n"
    (tmp_path / "loops.py").write_text("print('prêt', flush=True)\nwhile True:\n    pass\n", encoding="utf-8")
    with log.open("w") as stream:
        process = fresh_python.Popen([sys.executable, "-m", "loops"], cwd=tmp_path, stdout=stream,
                                     start_new_session=True)
    wait_until(lambda: log.read_text(encoding="utf-8") == "prêt\n", 60, message="the process never started")
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) == -signal.SIGTERM


# --- Ctrl+C: the processes the tests start hear it, however the suite was started ---------------

HEARS_CTRL_C = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"


def test_the_processes_a_test_starts_hear_ctrl_c(tmp_path):
    """What the tests of `invoke edit` and `invoke livereload` rely on when they send Ctrl+C."""
    (tmp_path / "hears.py").write_text(HEARS_CTRL_C, encoding="utf-8")
    real = subprocess.run([sys.executable, "-c", HEARS_CTRL_C], capture_output=True, text=True, check=True)
    forked = fresh_python.run([sys.executable, "-m", "hears"], cwd=tmp_path, capture_output=True, text=True)
    assert (real.stdout, forked.stdout) == ("True\n", "True\n")


def test_a_suite_started_with_ctrl_c_ignored_still_hears_it(tmp_path):
    """`pytest &` in a script, nohup or a CI runner start it with SIGINT ignored, which every process
    it starts inherits: `invoke livereload` then never stopped on its test's Ctrl+C (seen, 2026-12-07)."""
    started = _tests_of_this_module_in_order(tmp_path, "test_the_processes_a_test_starts_hear_ctrl_c",
                                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert "1 passed" in started.stdout


def _tests_of_this_module_in_order(tmp_path: Path, *names: str, **options) -> subprocess.CompletedProcess[str]:
    """The tests `names` of this module run by a pytest of their own, one process, in this order;
    it passed."""
    module = Path(__file__).relative_to(PROJECT)
    started = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n0", "-p", "no:randomly", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'inner'}", *(f"{module}::{name}" for name in names)],
        cwd=PROJECT, capture_output=True, text=True, check=False, timeout=300, **options,
    )
    assert started.returncode == 0, started.stdout[-3000:] + started.stderr[-3000:]
    return started


# --- Settings read by name: each test reads them anew (conftest.settings_read_anew) ---------

LIVE_FEED_OF_AN_EARLIER_TEST = "/srv/flux-d-un-test-precedent.xml"


def test_settings_read_under_one_environment(monkeypatch):
    monkeypatch.setenv("PODCAST_LIVE_FEED", LIVE_FEED_OF_AN_EARLIER_TEST)
    assert get_settings_from_file(str(PROJECT / "publishconf.py"))["PODCAST_LIVE_FEED"] == LIVE_FEED_OF_AN_EARLIER_TEST


def test_a_settings_file_importing_them_by_name_reads_them_anew(tmp_path, monkeypatch):
    monkeypatch.delenv("PODCAST_LIVE_FEED", raising=False)
    mine = tmp_path / "mes_reglages.py"
    mine.write_text(f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom publishconf import *  # noqa: F403\n",
                    encoding="utf-8")
    assert get_settings_from_file(str(mine))["PODCAST_LIVE_FEED"] != LIVE_FEED_OF_AN_EARLIER_TEST


def test_a_test_never_reads_the_settings_an_earlier_one_read(tmp_path):
    """The two tests above, in this order, in one process: the second once got the first's
    publishconf module, environment included (seen: a publish build of test_build_safety failing on
    test_publication_continuity's PODCAST_LIVE_FEED, in one order)."""
    started = _tests_of_this_module_in_order(tmp_path, "test_settings_read_under_one_environment",
                                             "test_a_settings_file_importing_them_by_name_reads_them_anew")
    assert "2 passed" in started.stdout


def test_the_ports_given_to_servers_are_outside_the_kernels_own_and_never_twice():
    """An outgoing connection takes its port from the kernel's ephemeral range: a port from there,
    free when a test learnt it, was sometimes taken before its server bound it (invoke_tasks.free_port)."""
    low, _ = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    given = [free_port() for _ in range(50)]
    assert len(set(given)) == len(given)
    assert all(port < low for port in given), given
