"""The editors' guide (docs/guide-editeur.md) replayed from top to bottom on a copy of the site.

The guide cannot drift from the site: its fenced code blocks are run in order, as an editor
would, in a copy of content/, theme/, plugins/, tasks.py and the settings under tmp_path, with
HOME in tmp_path too (the guide's "~/Bureau" holds the recording and the cover this test makes).

The guide's convention (also written at its top, for whoever edits it):

- ```sh                each line is a command, run with bash in the site folder: it must exit 0;
- ```sh exit=N         its command must exit N;
- ```sh norun          shown, never run: only the commands of NOT_RUN (servers, the install line,
                       tools the tests do not have);
- ```text sortie       what the command just above printed: each line must be one of its lines
                       (… stands for any text; AAAA, MM, JJ, NN for digits);
- ```LANG fichier=PATH a file written as it is (PATH from the site folder, or ~/…); AAAA, MM, NN
                       in PATH name the one file an earlier command created.

Every other block is an illustration. Each message of the guide's table of common messages must
be printed by one of the commands run, or else be text the code holds (plugins/, tasks.py).
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import fresh_python
import pytest
from pelican.plugins.podcast.catalogue import PODCAST
from pelican.plugins.podcast.translations import po_files, read
from PIL import Image
from sitebuild import relocate_audio_cache

from plugins.catalogue import SITE
from tools.ffmpeg import FfmpegMissing, ffmpeg_executable

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide-editeur.md"
README = ROOT / "README.md"

# What the guide shows without running it: long-running servers, the one-time install (it must
# be the README's own line, checked below) and a tool no test machine has (Whisper and its model).
NOT_RUN = ("invoke livereload", "invoke serve", "invoke edit", "whisper ")

# Set on a developer's machine, they would change what the tasks do.
TASK_VARIABLES = (
    "PUBLISH_TARGET", "PUBLISH_SSH_PORT", "GH_PAGES_REMOTE", "GH_PAGES_BRANCH", "GH_PAGES_CNAME",
    "SERVE_HOST", "SERVE_PORT", "OPEN_BROWSER", "SITEURL", "PODCAST_MEDIA_URL", "VIRTUAL_ENV", "PODCAST_LIVE_FEED",
)

# The recording the guide's "~/Bureau/enregistrement.mp3" stands for: speech, then silence up to
# AUDIO_SECONDS (the guide's chapters and its "after the end" example count on 40 s), at the level
# and format a podcast wants, so that `invoke check` has nothing to say about its sound.
AUDIO_SECONDS = 40
SPEECH = ("Bonjour et bienvenue dans le podcast de la Cité de l'IA. Aujourd'hui, des intelligences "
          "artificielles pour les PME. Trois dirigeants racontent leur premier projet.")

FENCE = re.compile(r"^```(\S*)(.*)$")
PLACEHOLDERS = re.compile(r"…|\b(?:AAAA|MM|JJ|NN)\b")
DIGITS = {"AAAA": r"\d{4}", "MM": r"\d{2}", "JJ": r"\d{2}", "NN": r"\d+"}


@dataclass(frozen=True)
class Block:
    language: str
    options: tuple[str, ...]  # the info string's words after the language
    text: str
    line: int  # of the opening fence, for messages

    def option(self, name: str) -> str | None:
        """The value of `name=value` in the info string, None when absent."""
        return next((word.split("=", 1)[1] for word in self.options if word.startswith(f"{name}=")), None)

    def where(self) -> str:
        return f"docs/guide-editeur.md, ligne {self.line}"


def guide_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    opened: tuple[str, tuple[str, ...], int] | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        if opened is None and fence:
            opened, lines = (fence.group(1), tuple(fence.group(2).split()), number), []
        elif opened is not None and line.strip() == "```":
            blocks.append(Block(opened[0], opened[1], "\n".join(lines) + "\n", opened[2]))
            opened = None
        elif opened is not None:
            lines.append(line)
    assert opened is None, f"bloc ouvert ligne {opened[2]} jamais fermé"
    return blocks


def pattern(text: str) -> re.Pattern[str]:
    """`text` with its placeholders: … any text, AAAA/MM/JJ/NN digits."""
    parts, last = [], 0
    for found in PLACEHOLDERS.finditer(text):
        parts += [re.escape(text[last:found.start()]), ".*" if found.group() == "…" else DIGITS[found.group()]]
        last = found.end()
    return re.compile("".join([*parts, re.escape(text[last:])]))


def commands(block: Block) -> list[str]:
    return [line for line in block.text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def readme_install_line() -> str:
    return next(line for line in README.read_text(encoding="utf-8").splitlines()
                if line.startswith("python3 -m venv .venv") and "requirements.txt" in line)


# --- The copy of the site and what the guide's commands need -----------------------------------


def make_site(tmp_path: Path, audio_cache: Path) -> Path:
    """The copy, its audio already read and measured, as after the README's install line (whose
    `invoke build` reads it) and a first check: the guide's own recording is the one it reads."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    relocate_audio_cache(audio_cache, site / "cache", site / "content")
    # `source .venv/bin/activate`: the tools of this test's Python, put first on PATH.
    activate = site / ".venv" / "bin" / "activate"
    activate.parent.mkdir(parents=True)
    activate.write_text(f'export PATH="{Path(sys.executable).parent}:$PATH"\n', encoding="utf-8")
    return site


def make_inputs(home: Path, ffmpeg: str) -> None:
    """The editor's own files: a recording and an episode cover, on the Desktop."""
    desktop = home / "Bureau"
    desktop.mkdir(parents=True)
    speech = home / "voix.wav"
    subprocess.run(["espeak-ng", "-v", "fr", "-s", "160", "-w", str(speech), SPEECH], check=True,
                   capture_output=True, timeout=60)
    subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-i", str(speech),
         "-af", f"apad=whole_dur={AUDIO_SECONDS},loudnorm=I=-19:TP=-2:LRA=11",
         "-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", str(desktop / "enregistrement.mp3")],
        check=True, capture_output=True, timeout=60,
    )
    speech.unlink()
    Image.new("RGB", (1400, 1400), (24, 64, 128)).save(desktop / "des-ia-pour-les-pme.jpg", quality=85)


def task_env(home: Path, tools: Path, live_feed: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in TASK_VARIABLES}
    # `invoke publish` compares with the live feed: the repository's own, built (never the network).
    env.update(HOME=str(home), OPEN_BROWSER="0", PODCAST_LIVE_FEED=str(live_feed),
               PATH=f"{tools}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return env


def resolve(written: str, site: Path, home: Path) -> Path:
    """A `fichier=` path: from the site folder, or the home folder; placeholders name one existing file."""
    base, relative = (home, written[2:]) if written.startswith("~/") else (site, written)
    if not PLACEHOLDERS.search(relative):
        return base / relative
    wanted = pattern(relative)
    found = [path for path in base.glob(PLACEHOLDERS.sub("*", relative))
             if wanted.fullmatch(path.relative_to(base).as_posix())]
    assert len(found) == 1, f"{written} : un seul fichier attendu, trouvé {[str(p) for p in found]}"
    return found[0]


ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")
SHELL_SYNTAX = re.compile(r"[|&;<>$`()*?]")


def run_command(command: str, site: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`command` run as bash runs it in the site folder. A plain `invoke …` (after `NAME=value`
    words, a `~/` at the start of a word for the home folder) is the venv's invoke module, which
    bash would find first on PATH: it is started as a fresh process by tests/fresh_python.py, in
    milliseconds rather than the half second of a new interpreter."""
    words = shlex.split(command)
    assignments = {}
    while words and ASSIGNMENT.match(words[0]):
        name, value = words.pop(0).split("=", 1)
        assignments[name] = value
    if words[:1] != ["invoke"] or SHELL_SYNTAX.search(command):
        return subprocess.run(["bash", "-c", command], cwd=site, env=env, capture_output=True, text=True,
                              timeout=180, check=False)
    home = env["HOME"]
    argv = [f"{home}/{word[2:]}" if word.startswith("~/") else word for word in words[1:]]
    return fresh_python.run([sys.executable, "-m", "invoke", *argv], cwd=site, env={**env, **assignments},
                            capture_output=True, text=True, timeout=180, check=False)


# --- What the code can say --------------------------------------------------------------------


def code_texts() -> list[str]:
    """Every piece of literal text in plugins/, the podcast plugin and tasks.py (f-strings cut at their {…}),
    and each problem of the catalogues as a record reads it: its message, then « ; » and a hint."""
    texts = []
    for path in [ROOT / "tasks.py", *sorted((ROOT / "plugins").rglob("*.py")), *sorted((ROOT / "pelican-podcast").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value)
    # The podcast plugin's words as this site shows them: in French (its DEFAULT_LANG), from its .po.
    PODCAST.use("fr")
    for message in [*SITE.messages.values(), *map(PODCAST.words, PODCAST.messages)]:
        texts += [f"{message.text} ; {hint}" for hint in (message.hint, *(message.hints or {}).values()) if hint]
    texts += [entry.string for po in po_files() for entry in read(po) if entry.id]
    return texts


def said_by_the_code(message: str, texts: list[str]) -> bool:
    pieces = [piece.strip(" '\"") for piece in message.split("…")]
    return all(any(piece in text for text in texts) for piece in pieces if len(piece) >= 4)


def table_messages(guide: str) -> list[str]:
    section = guide.split("### Les messages les plus courants", 1)[1].split("\n## ", 1)[0]
    return [row.split("`")[1] for row in section.splitlines() if row.startswith("| `")]


# --- The test ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_guide_runs_as_written(tmp_path: Path, production_output: Path, measured_audio_cache: Path) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    blocks = guide_blocks(guide)
    try:
        ffmpeg = ffmpeg_executable(("libmp3lame",))
    except FfmpegMissing as error:
        pytest.fail(str(error), pytrace=False)
    site, home, tools = make_site(tmp_path, measured_audio_cache), tmp_path / "home", tmp_path / "outils"
    make_inputs(home, ffmpeg)
    tools.mkdir()
    (tools / "ffmpeg").symlink_to(ffmpeg)  # the guide's `ffmpeg`, whichever one this machine has
    env = task_env(home, tools, production_output / "podcast" / "feed.xml")

    printed: list[str] = []  # what every command printed, for the table of messages
    last: tuple[Block, str] | None = None  # the last command run and its output
    ran = 0
    for block in blocks:
        target = block.option("fichier")
        if target is not None:
            path = resolve(target, site, home)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
            last = None
        elif block.language == "sh" and "norun" in block.options:
            for command in commands(block):
                assert command == readme_install_line() or command.startswith(NOT_RUN), (
                    f"{block.where()} : « {command} » n'est pas lancé par le test ; lancez-le (bloc sh) "
                    f"ou, si c'est un serveur, ajoutez-le à NOT_RUN")
        elif block.language == "sh":
            expected = int(block.option("exit") or 0)
            for command in commands(block):
                done = run_command(command, site, env)
                output = done.stdout + done.stderr
                assert done.returncode == expected, (
                    f"{block.where()} : « {command} » a rendu {done.returncode}, le guide dit {expected}\n{output}")
                printed.append(output)
                last = (block, output)
                ran += 1
        elif block.language == "text" and "sortie" in block.options:
            assert last is not None, f"{block.where()} : une sortie doit suivre une commande lancée"
            lines = [line.strip() for line in last[1].splitlines()]
            for line in block.text.splitlines():
                if line.strip():
                    wanted = pattern(line.strip())
                    assert any(wanted.fullmatch(said) for said in lines), (
                        f"{block.where()} : la ligne\n  {line.strip()}\nn'est pas dans ce qu'affiche "
                        f"la commande de la ligne {last[0].line} :\n{last[1]}")
    assert ran >= 10, f"seulement {ran} commandes lancées : la convention des blocs a-t-elle changé ?"

    # Nothing was written outside the copy: the deploy went to the folder the guide named.
    assert (tmp_path / "site-publie" / "index.html").is_file()
    assert (tmp_path / "site-publie" / "podcast" / "feed.xml").is_file()

    texts = code_texts()
    messages = table_messages(guide)
    assert len(messages) >= 20
    unknown = [m for m in messages
               if not any(pattern(m).search(output) for output in printed) and not said_by_the_code(m, texts)]
    assert not unknown, f"messages du tableau que le site n'affiche pas (ou plus) : {unknown}"


def test_the_install_line_is_the_readmes() -> None:
    blocks = guide_blocks(GUIDE.read_text(encoding="utf-8"))
    install = [b for b in blocks if b.language == "sh" and "norun" in b.options
               and b.text.startswith("python3 -m venv")]
    assert [b.text.strip() for b in install] == [readme_install_line()]


def test_the_convention_is_explained_at_the_top_of_the_guide() -> None:
    head = GUIDE.read_text(encoding="utf-8").split("# Guide de l'éditeur", 1)[0]
    for words in ("```sh exit=1", "```sh norun", "```text sortie", "fichier=CHEMIN", "tests/test_editor_guide.py"):
        assert words in head


def test_every_image_the_guide_shows_exists() -> None:
    """Its pictures (the web editor's screenshots, tools/guide_screenshots.py), outside the examples
    of Markdown it quotes in code."""
    text = re.sub(r"<!--.*?-->", "", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    prose, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            prose.append(re.sub(r"`[^`]*`", "", line))
    shown = re.findall(r"!\[([^\]]*)\]\(([^)\s]+)\)", "\n".join(prose))
    assert len(shown) >= 4
    for alternative, target in shown:
        assert alternative.strip(), f"{target}: une image du guide sans texte de remplacement"
        assert (GUIDE.parent / target).is_file(), f"{target}: image absente de docs/ (python -m tools.guide_screenshots)"
