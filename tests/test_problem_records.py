"""Problems as records: each code the checks name is worded in its owner's catalogue (a code
missing there would stop the build with a KeyError traceback instead of the French list), every
worded code is used, codes keep their shape, and a record reads as the editor's French line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pelican.plugins.podcast.catalogue import PODCAST
from pelican.plugins.podcast.problem_record import Catalogue, Message, Problem

from plugins.catalogue import SITE
from plugins.problems import ProblemList

ROOT = Path(__file__).resolve().parent.parent
OWNERS = {
    "SITE": (SITE, ROOT / "plugins"),
    "PODCAST": (PODCAST, ROOT / "pelican-podcast" / "pelican" / "plugins" / "podcast"),
}
# A code given to its catalogue: SITE("content.E003", …), PODCAST(\n "podcast.E012", …).
NAMED = re.compile(r"\b(SITE|PODCAST)\(\s*\"([a-z_]+\.[A-Z]\d{3})\"")
# The podcast plugin also names a code it hands on: warn("podcast.W001", …), code = "podcast.E170".
LITERAL = re.compile(r"\"((?:podcast|content|settings)\.[EW]\d{3})\"")
CODE = re.compile(r"^[a-z]+\.[EW]\d{3}$")


def named_codes(owner: str) -> set[str]:
    catalogue, folder = OWNERS[owner]
    sources = [path for path in folder.rglob("*.py") if path.name != "catalogue.py"]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    if owner == "PODCAST":
        return set(LITERAL.findall(text))
    return {code for who, code in NAMED.findall(text) if who == owner}


def worded_codes(owner: str) -> list[str]:
    """The codes of the owner's catalogue as its source writes them, each time it does (a dict
    written with a key twice keeps the last one: only its source shows the first)."""
    _, folder = OWNERS[owner]
    tree = ast.parse((folder / "catalogue.py").read_text(encoding="utf-8"))
    return [key.value for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and CODE.match(key.value)]


@pytest.mark.parametrize("owner", OWNERS)
def test_every_code_named_is_worded_and_every_worded_code_is_named(owner):
    catalogue, _ = OWNERS[owner]
    assert named_codes(owner) == set(catalogue.messages)


@pytest.mark.parametrize("owner", OWNERS)
def test_each_code_is_worded_once(owner):
    catalogue, _ = OWNERS[owner]
    worded = worded_codes(owner)
    assert sorted(worded) == sorted(catalogue.messages)
    assert len(worded) == len(set(worded)), sorted(code for code in worded if worded.count(code) > 1)


@pytest.mark.parametrize("owner", OWNERS)
def test_codes_keep_their_shape(owner):
    catalogue, _ = OWNERS[owner]
    assert all(CODE.match(code) for code in catalogue.messages), sorted(catalogue.messages)


def test_the_site_and_the_podcast_plugin_share_no_code():
    assert not set(SITE.messages) & set(PODCAST.messages)
    # Besides its own podcast.* codes, the plugin words those of the rules the site's checks share
    # with it (front matter, text values, True/False and folder settings), and no other.
    _, folder = OWNERS["PODCAST"]
    shared_rules = "\n".join((folder / name).read_text(encoding="utf-8")
                             for name in ("front_matter_rules.py", "text_rules.py", "setting_reader.py"))
    shared = {code for who, code in NAMED.findall(shared_rules) if who == "PODCAST"}
    assert shared and {code for code in PODCAST.messages if not code.startswith("podcast.")} == shared


def test_a_record_reads_as_the_editors_line():
    words = Catalogue({"content.E999": Message("'{value}' ne va pas", hints={"meant": "écrivez « {meant} »"})})
    problem = words("content.E999", file="content/a.md", line=3, field="Date", hint="meant", value="x", meant="y")
    assert problem == Problem(code="content.E999", message="'x' ne va pas", hint="écrivez « y »",
                              file="content/a.md", line=3, field="Date")
    assert problem.text == "content/a.md: Date: 'x' ne va pas ; écrivez « y »"
    assert words("content.E999", field="PODCAST_TITLE", hint="", value="z").text == "PODCAST_TITLE: 'z' ne va pas"


def test_a_line_not_yet_a_record_keeps_its_file_and_a_fact_found_twice_is_said_once():
    found = ProblemList()
    found.add(["content/a b.md: Title: vide", "PODCAST_TITLE: vide"])
    found.add([Problem(code="content.E020", message="vide", file="content/a b.md", field="Title")])
    assert [(p.code, p.file, p.text) for p in found.problems] == [
        ("", "content/a b.md", "content/a b.md: Title: vide"),
        ("", "", "PODCAST_TITLE: vide"),
    ]
