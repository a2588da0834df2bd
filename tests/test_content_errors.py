"""Bad articles and pages: the build stops before writing, naming each file and field, without a traceback."""

from __future__ import annotations

import sys

import fresh_python
import pytest
from sitebuild import PROJECT, build_problems, build_refusal, copy_content, found

from plugins.catalogue import SITE
from plugins.problems import Problem

NO_TITLE = "Date: 2023-03-03 10:00\nCategory: Entreprises\n\nUn article sans titre.\n"
BAD_DATE = "Title: Une date illisible\nDate: le 3 mars\nCategory: Entreprises\n\nTexte.\n"


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path / "content")


def build_errors(content, output) -> list[Problem]:
    return build_refusal(output, content=content).errors


def test_an_article_without_a_title(content, tmp_path):
    (content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    assert found(build_errors(content, tmp_path / "out"), "content.E030", "content/sans-titre.md", "Title").line is None


def test_an_article_with_an_unparseable_date(content, tmp_path):
    (content / "mauvaise-date.md").write_text(BAD_DATE, encoding="utf-8")
    problem = found(build_errors(content, tmp_path / "out"), "content.E005", "content/mauvaise-date.md", "Date", line=2)
    assert "'le 3 mars'" in problem.message


def test_a_page_without_a_title(content, tmp_path):
    (content / "pages" / "vide.md").write_text("Slug: vide\n\nTexte.\n", encoding="utf-8")
    assert found(build_errors(content, tmp_path / "out"), "content.E030", "content/pages/vide.md", "Title").line is None


def test_every_bad_file_is_reported_together(content, tmp_path):
    (content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    (content / "mauvaise-date.md").write_text(BAD_DATE, encoding="utf-8")
    refusal = build_refusal(tmp_path / "out", content=content)
    assert sorted((p.code, p.file) for p in refusal.errors) == [
        ("content.E005", "content/mauvaise-date.md"), ("content.E030", "content/sans-titre.md")]
    assert str(refusal).startswith("2 erreurs, rien n'a été écrit")


def test_the_editor_sees_a_list_not_a_traceback(content, tmp_path):
    (content / "mauvaise-date.md").write_text(BAD_DATE, encoding="utf-8")
    result = fresh_python.run(
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


BARE_LINKS = """\
Title: Des liens écrits à la main
Date: 2024-03-04 10:00
Category: Entreprises

![La pochette](images/podcast-cover.png)
Voir [le bilan](2023-01-bilan-2022.md) et [nos photos](photos/atelier.jpg "L'atelier").
Écrivez-nous : <a href="pages/contact.md">la page contact</a>.

Ceux-ci mènent quelque part : ![La pochette]({static}/images/podcast-cover.png), [le bilan]({filename}/2023-01-bilan-2022.md),
[le podcast](/podcast/), [un site](https://exemple.org/page), [plus bas](#suite), [écrire](mailto:contact@cite-ia.fr).
Un exemple de code : `![x](images/exemple.png)`.

```markdown
[un exemple](exemple.md)
```

[programme]: programme-2024.pdf
"""


def test_a_link_written_without_static_or_filename_is_refused_with_the_link_to_write(content, tmp_path):
    """Published as written, a bare path is resolved from the page's own address: a broken image,
    a link to nothing. Each is said on its line, with the link to write when the file is in content/."""
    (content / "liens-a-la-main.md").write_text(BARE_LINKS, encoding="utf-8")
    errors = [p for p in build_errors(content, tmp_path / "out") if p.code == "content.E042"]
    said = sorted((p.file, p.line, p.message.split("'")[1], p.hint) for p in errors)
    file = "content/liens-a-la-main.md"
    unknown = SITE.words("content.E042").hints["unknown"].format(static="{static}", filename="{filename}")
    assert said == [
        (file, 5, "images/podcast-cover.png", "écrivez {static}/images/podcast-cover.png"),
        (file, 6, "2023-01-bilan-2022.md", "écrivez {filename}/2023-01-bilan-2022.md"),
        (file, 6, "photos/atelier.jpg", unknown),
        (file, 7, "pages/contact.md", "écrivez {filename}/pages/contact.md"),
        (file, 17, "programme-2024.pdf", unknown),
    ]
