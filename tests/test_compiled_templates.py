"""Compiled templates kept between builds: a rebuild compiles nothing, an edited template still shows."""

from __future__ import annotations

import shutil

from sitebuild import PROJECT, build_problems, build_site, copy_content, tree_digest


def test_templates_are_compiled_once_and_an_edited_template_is_compiled_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content, THEME=str(theme), COMPILED_TEMPLATES_PATH=None)
    compiled = sorted((tmp_path / "output-cache" / "jinja").iterdir())
    assert len(compiled) >= 5  # base, index, article, page, episode… one file each

    page = theme / "templates" / "page.html"
    edited = page.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>Modèle modifié</p>", 1)
    page.write_text(edited, encoding="utf-8")
    build_site(output, content=content, THEME=str(theme), COMPILED_TEMPLATES_PATH=None)
    assert "Modèle modifié" in (output / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "Modèle modifié" not in (output / "index.html").read_text(encoding="utf-8")


def test_two_sites_share_one_folder_of_compiled_templates(tmp_path):
    shared = tmp_path / "modeles-compiles"
    first = build_site(tmp_path / "premier", COMPILED_TEMPLATES_PATH=str(shared))
    compiled = {path.name: path.stat().st_mtime_ns for path in shared.iterdir()}
    assert len(compiled) >= 5 and not (tmp_path / "premier-cache" / "jinja").exists()
    second = build_site(tmp_path / "second", COMPILED_TEMPLATES_PATH=str(shared))
    assert {path.name: path.stat().st_mtime_ns for path in shared.iterdir()} == compiled  # none compiled again
    assert tree_digest(second) == tree_digest(first)


def test_a_wrong_compiled_templates_path_is_named_and_nothing_is_written(tmp_path):
    message = build_problems(tmp_path / "output", COMPILED_TEMPLATES_PATH=3)
    assert "COMPILED_TEMPLATES_PATH: le chemin d'un dossier est attendu (ou None), pas 3" in message
