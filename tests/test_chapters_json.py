"""The JSON chapters file (Podcast Index format 1.2.0) that podcast:chapters links to."""

from __future__ import annotations

import json

from feed_records import make_episode, make_rich_episode
from pelican.plugins.podcast.chapters_json import chapters_json
from pelican.plugins.podcast.records import Chapter


def test_chapters_file_in_the_podcast_index_format():
    document = json.loads(chapters_json(make_rich_episode(5)))
    assert document == {
        "version": "1.2.0",
        "title": "L'IA dans les PME, épisode 5",
        "chapters": [
            {"startTime": 0, "endTime": 62.5, "title": "Introduction"},
            {"startTime": 62.5, "endTime": 3723.25, "title": "Les données & la formation"},
            {"startTime": 3723.25, "endTime": 3800, "title": "Conclusion"},
        ],
    }


def test_whole_seconds_are_integers_and_fractions_are_kept_to_the_millisecond():
    episode = make_episode(1, chapters=(Chapter(0.0, "a"), Chapter(168.0, "b"), Chapter(260.12349, "c")))
    starts = [chapter["startTime"] for chapter in json.loads(chapters_json(episode))["chapters"]]
    assert starts == [0, 168, 260.123]
    assert [type(start) for start in starts] == [int, int, float]


def test_chapters_are_sorted_by_start_and_end_time_is_optional():
    episode = make_episode(1, chapters=(Chapter(90.0, "Deuxième"), Chapter(0.0, "Premier")))
    assert json.loads(chapters_json(episode))["chapters"] == [
        {"startTime": 0, "title": "Premier"},
        {"startTime": 90, "title": "Deuxième"},
    ]


def test_output_is_deterministic_readable_utf8():
    episode = make_rich_episode(5, title='« L\'IA » & "nous" 🤖')
    data = chapters_json(episode)
    assert data == chapters_json(episode)
    assert data.endswith(b"}\n")
    assert "« L'IA » & \\\"nous\\\" 🤖".encode() in data  # not \u-escaped
    assert json.loads(data)["title"] == '« L\'IA » & "nous" 🤖'


def test_episode_without_chapters_gives_an_empty_list():
    assert json.loads(chapters_json(make_episode(1)))["chapters"] == []
