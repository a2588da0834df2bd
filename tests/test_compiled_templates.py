"""Compiled templates kept between builds: a rebuild compiles nothing, an edited template still shows."""

from __future__ import annotations

import shutil

from sitebuild import PROJECT, build_site, copy_content


def test_templates_are_compiled_once_and_an_edited_template_is_compiled_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    content = copy_content(tmp_path / "content")
    output = build_site(tmp_path / "output", content=content, THEME=str(theme))
    compiled = sorted((tmp_path / "output-cache" / "jinja").iterdir())
    assert len(compiled) >= 5  # base, index, article, page, episode… one file each

    page = theme / "templates" / "page.html"
    edited = page.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>Modèle modifié</p>", 1)
    page.write_text(edited, encoding="utf-8")
    build_site(output, content=content, THEME=str(theme))
    assert "Modèle modifié" in (output / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "Modèle modifié" not in (output / "index.html").read_text(encoding="utf-8")
