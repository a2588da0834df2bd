"""The web editor's header format (plugins/admin/browser/header-format.js) run by node on every
file of content/: read and written back unchanged it gives the same bytes; one field changed
changes that line only; a new file is what a person writes (title unquoted, a Guid for an episode),
and Pelican's own reader (through our header parser) reads back what the form held."""

from __future__ import annotations

import difflib

import pytest
from admin_format import run_format
from pelican.plugins.podcast.markdown_header import header_dict, parse_header
from sitebuild import PROJECT

from plugins.admin.config import collections_rules, header_rules


def content_files(folder: str) -> dict[str, str]:
    base = PROJECT / "content" / folder
    # newline="" keeps line endings as written; a CRLF copy of the first file proves they are kept.
    files = {path.name: path.read_bytes().decode("utf-8") for path in sorted(base.glob("*.md"))}
    first = next(iter(files.values()))
    files["crlf-copy.md"] = first.replace("\n", "\r\n")
    files["no-final-newline.md"] = first.split("\n\n", 1)[0]
    return files


@pytest.mark.parametrize("collection", ["articles", "pages", "episodes"])
def test_every_content_file_round_trips_byte_for_byte(collection):
    rules, folder = collections_rules("podcasts")[collection]
    files = content_files(folder)
    assert len(files) >= 4
    result = run_format(header_rules(rules), files, {"Title": "Épisode 2 : la suite"}, {"Title": "x"})
    for name, text in files.items():
        assert result["unchanged"][name] == text, name
        # The form's values are the reader's: same fields, same values (unknown ones included).
        fields = parse_header(text)
        assert {f.name: f.text for f in fields} == {k: v for k, v in result["data"][name].items()
                                                    if k not in ("body", "fichier_d_origine")}, name
        before, after = text.splitlines(keepends=True), result["changed"][name].splitlines(keepends=True)
        changed = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
        eol = "\r\n" if "\r\n" in text else "\n"
        title_line = next(line for line in before if line.lower().startswith("title:"))
        title_eol = eol if title_line.endswith("\n") else ""
        assert changed == [f"- {title_line}", f"+ Title: Épisode 2 : la suite{title_eol}"], name
        assert header_dict(parse_header(result["changed"][name]))["title"] == "Épisode 2 : la suite"


def test_unknown_fields_field_order_and_continuation_lines_survive_an_edit():
    rules, _ = collections_rules("podcasts")["episodes"]
    text = ("---\nTitle: Un\nSaison: 2\nguid: 1234\nChapters: 00:00 Début\n    01:00 Suite\nDate: 2024-05-07\n---\n"
            "Corps\n")
    result = run_format(header_rules(rules), {"x.md": text}, {"Chapters": "00:00 Début\n\n02:00 Fin", "Date": ""}, {})
    assert result["unchanged"]["x.md"] == text
    assert result["changed"]["x.md"] == ("---\nTitle: Un\nSaison: 2\nguid: 1234\nChapters: 00:00 Début\n    02:00 Fin\n"
                                         "---\nCorps\n")


def test_a_new_episode_is_written_as_new_episode_writes_it():
    rules, _ = collections_rules("podcasts")["episodes"]
    form = {"Title": "Épisode 2 : la suite", "Date": "2030-02-01 10:00", "Season": 2, "Episode": 3,
            "Audio": "media/episode-2.mp3", "Status": "", "Persons": "Ana (invitée)\nLéo (animation)",
            "body": "Les notes.\n"}
    created = run_format(header_rules(rules), {}, {}, form)["created"]
    header = header_dict(parse_header(created))
    assert created.startswith("Title: Épisode 2 : la suite\nDate: 2030-02-01 10:00\nAudio: media/episode-2.mp3\n")
    assert header["season"] == "2" and header["episode"] == "3" and header["persons"] == "Ana (invitée)\nLéo (animation)"
    assert "status" not in header, "an empty field is not written"
    assert len(header["guid"]) == 36 and header["guid"].count("-") == 4, "a new episode gets its Guid, as new-episode"
    assert created.endswith("\n\nLes notes.\n")


def test_a_new_category_is_written_from_its_helper_field():
    rules, _ = collections_rules("podcasts")["articles"]
    formats = header_rules(rules)
    sentinel, helper = formats["choices"]["Category"]
    created = run_format(formats, {}, {}, {"Title": "T", "Category": sentinel, helper: "Vie de la Cité", "body": ""})["created"]
    assert created == "Title: T\nCategory: Vie de la Cité\n"
