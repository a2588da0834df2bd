"""Bad articles and pages: the build stops before writing, naming each file and field, without a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sitebuild import PROJECT, build_problems, copy_content

NO_TITLE = "Date: 2023-03-03 10:00\nCategory: Entreprises\n\nUn article sans titre.\n"
BAD_DATE = "Title: Une date illisible\nDate: le 3 mars\nCategory: Entreprises\n\nTexte.\n"


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path / "content")


def build_error(content, output) -> str:
    return build_problems(output, content=content)


def test_an_article_without_a_title(content, tmp_path):
    (content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    assert "content/sans-titre.md: Title: champ obligatoire manquant" in build_error(content, tmp_path / "out")


def test_an_article_with_an_unparseable_date(content, tmp_path):
    (content / "mauvaise-date.md").write_text(BAD_DATE, encoding="utf-8")
    assert (
        "content/mauvaise-date.md: Date: 'le 3 mars' n'est pas une date valide "
        "(format attendu : 2023-05-07 10:00, ou 2023-05-07 sans l'heure)"
        in build_error(content, tmp_path / "out")
    )


def test_a_page_without_a_title(content, tmp_path):
    (content / "pages" / "vide.md").write_text("Slug: vide\n\nTexte.\n", encoding="utf-8")
    assert "content/pages/vide.md: Title: champ obligatoire manquant" in build_error(content, tmp_path / "out")


def test_every_bad_file_is_reported_together(content, tmp_path):
    (content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    (content / "mauvaise-date.md").write_text(BAD_DATE, encoding="utf-8")
    message = build_error(content, tmp_path / "out")
    assert message.startswith("2 erreurs, rien n'a été écrit")
    assert "sans-titre.md" in message and "mauvaise-date.md" in message


def test_the_editor_sees_a_list_not_a_traceback(content, tmp_path):
    (content / "mauvaise-date.md").write_text(BAD_DATE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "plugins.build", "-c", str(content), "-o", str(tmp_path / "out")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Échec de la construction du site." in result.stderr
    assert "content/mauvaise-date.md: Date: 'le 3 mars' n'est pas une date valide" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_a_plugin_that_cannot_load_stops_the_build(tmp_path):
    message = build_problems(
        tmp_path / "out",
        PLUGINS=["plugins.checks", "plugins.french_dates", "pelican.plugins.podcast", "plugins.safe_output", "absent_plugin"],
    )
    assert "PLUGINS: le plugin ne se charge pas (absent_plugin)" in message
