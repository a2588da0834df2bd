"""`invoke check --annotations`: every problem of the French list also as a GitHub annotation on
its file and line, read back the way the Actions runner reads workflow commands; exit 1, nothing
written. The workflow runs it on pull requests (tests/test_workflows.py)."""

from __future__ import annotations

import re

import pytest
from invoke_tasks import invoke
from pelican.plugins.podcast.problem_record import Problem
from sitebuild import copy_project, tree_digest

from plugins.annotations import annotation

# ::error file=…,line=…,title=…::message (GitHub's "workflow commands")
COMMAND = re.compile(r"^::(?P<command>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")
ARTICLE = "content/zz-essai.md"
EPISODE = "content/podcasts/00-bande-annonce.md"
MANIFEST = "content/podcasts/audio-manifest.json"
TITLE = re.compile(r"^(Erreur|Avertissement) [a-z]+\.[EW]\d{3}$")  # every problem with its code


def unescaped(text: str) -> str:
    for escaped, character in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, character)
    return text


def read_annotations(stdout: str) -> list[dict[str, str]]:
    """Each workflow command as the runner reads it: its properties and message, unescaped."""
    found = []
    for line in stdout.splitlines():
        command = COMMAND.match(line)
        if command:
            properties = dict(item.split("=", 1) for item in command.group("properties").split(","))
            found.append({"command": command.group("command"), "message": unescaped(command.group("message")),
                          **{key: unescaped(value) for key, value in properties.items()}})
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory, measured_audio_cache):
    project = copy_project(tmp_path_factory.mktemp("annotations") / "projet", audio_cache=measured_audio_cache)
    (project / ARTICLE).write_text(
        "Title: Essai\nCategory: Vie de la Cité\nDate: 03/04/2024\nAuteur: Marie\nSlug: 100%-vrai\n\nLe texte.\n",
        encoding="utf-8",
    )
    episode = project / EPISODE
    first, rest = episode.read_text(encoding="utf-8").split("\n", 1)
    episode.write_text(f"{first}\nChapitres: 00:00 Début\n{rest}", encoding="utf-8")
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + 'PODCAST_MEDIUM = "radio"\nTIMEZONE = "Europe/Lile"\n',
                        encoding="utf-8")
    manifest = project / MANIFEST  # an entry's size made negative: the podcast plugin's own records
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"size": ', '"size": -', 1), encoding="utf-8")
    before = tree_digest(project)
    result = invoke(project, "check", "--annotations")
    return project, before, result


def one(annotations: list[dict[str, str]], file: str, line: str) -> dict[str, str]:
    found = [a for a in annotations if a.get("file") == file and a.get("line") == line]
    assert len(found) == 1, annotations
    return found[0]


def test_each_problem_is_an_annotation_on_its_file_and_line(checked):
    project, _, result = checked
    assert result.returncode == 1, result.stdout + result.stderr
    annotations = read_annotations(result.stdout)
    date = one(annotations, ARTICLE, "3")
    assert date["command"] == "error" and date["title"] == "Erreur content.E003"
    assert date["message"].startswith("Date: '03/04/2024'")
    unknown = one(annotations, ARTICLE, "4")
    assert unknown["title"] == "Erreur content.E001" and "« Author »" in unknown["message"]
    slug = one(annotations, ARTICLE, "5")
    assert slug["title"] == "Erreur content.E007" and "'100%-vrai'" in slug["message"]
    assert one(annotations, EPISODE, "2")["title"] == "Erreur content.E001"
    # A setting, on the line of the settings file that assigns it.
    timezone = one(annotations, "pelicanconf.py", str(len((project / "pelicanconf.py").read_text().splitlines())))
    assert timezone["title"] == "Erreur settings.E004" and timezone["message"].startswith("TIMEZONE: 'Europe/Lile'")
    # Files named as the repository holds them.
    assert all((project / a["file"]).is_file() for a in annotations if "file" in a)


def test_the_podcast_plugins_problems_are_annotations_on_their_file_and_line(checked):
    project, _, result = checked
    annotations = read_annotations(result.stdout)
    settings = (project / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    medium = one(annotations, "pelicanconf.py", str(settings.index('PODCAST_MEDIUM = "radio"') + 1))
    assert medium["title"] == "Erreur podcast.E127" and medium["message"].startswith("PODCAST_MEDIUM: 'radio'")
    entries = (project / MANIFEST).read_text(encoding="utf-8").splitlines()
    first_entry = next(number for number, line in enumerate(entries, 1) if line.startswith('    "'))
    assert one(annotations, MANIFEST, str(first_entry))["title"] == "Erreur podcast.E155"
    untitled = [a for a in annotations if not TITLE.match(a["title"])]
    assert annotations and not untitled, untitled


def test_the_annotations_are_the_french_list(checked):
    _, _, result = checked
    listed = [line.removeprefix("  - ") for line in result.stderr.splitlines() if line.startswith("  - ")]
    # The list names content files; a setting is named by itself (its annotation is on its settings file).
    said = [f"{a['file']}: {a['message']}" if a.get("file", "").startswith("content/") else a["message"]
            for a in read_annotations(result.stdout)]
    assert listed and said == listed


def test_a_check_with_annotations_writes_nothing(checked):
    project, before, _ = checked
    # Only the build's caches (cache/, ignored by git) may change, as with any `invoke check`.
    assert not (project / "output").exists()
    assert without_caches(tree_digest(project)) == without_caches(before)


def without_caches(digest: dict[str, str]) -> dict[str, str]:
    return {path: sha for path, sha in digest.items() if not path.startswith("cache/")}


def test_annotations_escape_what_github_reads_as_syntax():
    problem = Problem(code="content.E005", message="100 % faux,\r\nvraiment : non", file="content/a,b:c.md", line=7,
                      field="Date")
    written = annotation(problem)
    assert written == ("::error file=content/a%2Cb%3Ac.md,line=7,title=Erreur content.E005::"
                       "Date: 100 %25 faux,%0D%0Avraiment : non")
    assert "\n" not in written
