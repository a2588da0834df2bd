"""An upload's name in the web editor (plugins/admin/browser/file-names.js, run by node) is the name
`invoke new-episode` gives the same file (plugins/new_content.py safe_file_name()): one table of
names, both rules, the JS given the rule's data the build writes into the editor's config."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import PROJECT

from plugins.admin.config import FILE_NAMES_KEY, cms_config
from plugins.admin.fields import Vocabulary
from plugins.admin.settings import load_settings
from plugins.new_content import SLUG_MAX_CHARS, file_name_rule, safe_file_name

FILE_NAMES = PROJECT / "plugins" / "admin" / "browser" / "file-names.js"

NAMES = (
    "Épisode 6 (final).MP3", "episode-6-final.mp3", "Cœur d'Œuvre – l'IA.m4a", "Straße, Ørsted & Łódź đ.opus",
    "ÀÉÎÕÜ ñ ç.WAV", "a--b__c  d.Mp3", "s1e03.vtt", "Transcription (relue).SRT", "pochette.JPEG",
    "!!!.mp3", "«  ».mp3", "sans-extension", ".cache", "fin-par-un-point.", "deux.points.mp3",
    "ﬁchier ligaturé ＦＵＬＬＷＩＤＴＨ ①.mp3", "Ἀθῆναι ελληνικά.mp3", "日本語.mp3",
    "x" * (SLUG_MAX_CHARS + 5) + ".mp3",
    "un titre très long qui dépasse largement la limite de soixante caractères.mp3",
    ("mot-" * 20) + "fin.mp3",
)

SCRIPT = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const {safeFileName} = require(process.argv[1]);
process.stdout.write(JSON.stringify(input.names.map((name) => safeFileName(name, input.rule))));
"""


def javascript_names(names: tuple[str, ...], rule: dict) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: the web editor's tests need Node.js (apt-get install nodejs npm)", pytrace=False)
    done = subprocess.run([node, "-e", SCRIPT, str(FILE_NAMES)], input=json.dumps({"names": names, "rule": rule}),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_editor_names_an_upload_as_new_episode_does():
    admin, _ = load_settings({"ADMIN_LOCAL_BACKEND": "http://127.0.0.1:8081/api/v1"})
    rule = cms_config(admin, Vocabulary(), "content", "podcasts")[FILE_NAMES_KEY]
    assert rule == file_name_rule(), "the config carries Python's own rule"
    expected = [safe_file_name(name, Path(name).suffix) for name in NAMES]
    assert javascript_names(NAMES, rule) == expected
    assert expected[0] == "episode-6-final.mp3" and len(set(expected)) > 15, "the table tries distinct cases"
