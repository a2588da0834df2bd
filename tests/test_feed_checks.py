"""Every problem the checks report, naming the file and field or the setting, by its code."""

from __future__ import annotations

import pytest
from feed_records import make_episode, make_media, make_rich_episode, make_settings
from pelican.plugins.podcast.apple_categories import APPLE_CATEGORIES, check_categories
from pelican.plugins.podcast.artwork import check_artwork
from pelican.plugins.podcast.feed import check_feed_content
from pelican.plugins.podcast.records import Person
from PIL import Image

from plugins.problems import Problem

EP1 = "content/podcasts/episode-01.md"
EP2 = "content/podcasts/episode-02.md"


def problems_of(*episodes, **settings) -> list[Problem]:
    return check_feed_content(make_settings(**settings), list(episodes))


def about(problem: Problem) -> tuple[str, str, str]:
    """What a problem is and where: its code, its file ("" for a setting), its field or setting."""
    return problem.code, problem.file, problem.field


def test_a_correct_podcast_has_no_problem():
    assert problems_of(make_episode(1), make_rich_episode(5), make_episode(3)) == []


# --- Enclosure format ---------------------------------------------------------------------------


@pytest.mark.parametrize("audio_format", ["ogg", "opus", "flac", "wav"])
def test_main_audio_must_be_mp3_or_m4a(audio_format):
    episode = make_episode(1, enclosure=make_media("episode-01", audio_format))
    (problem,) = problems_of(episode)
    assert about(problem) == ("podcast.E050", EP1, "Audio")
    assert f"'podcasts/media/episode-01.{audio_format}'" in problem.message and audio_format.upper() in problem.message


def test_m4a_main_audio_with_an_opus_alternate_is_fine():
    episode = make_episode(
        1, enclosure=make_media("episode-01", "m4a"), alternates=(make_media("episode-01", "opus"),)
    )
    assert problems_of(episode) == []


# --- Apple's text limits ------------------------------------------------------------------------


def test_episode_summary_is_limited_to_4000_bytes_not_characters():
    assert problems_of(make_episode(1, summary="é" * 2000)) == []  # 4000 bytes exactly
    (problem,) = problems_of(make_episode(1, summary="é" * 2001))
    assert about(problem) == ("content.E023", EP1, "Summary") and "4002" in problem.message


def test_show_description_is_limited_to_4000_bytes():
    (problem,) = problems_of(make_episode(1), description="x" * 4001)
    assert about(problem) == ("content.E023", "", "PODCAST_DESCRIPTION") and "4001" in problem.message


def test_titles_are_limited_to_255_characters():
    assert problems_of(make_episode(1, title="é" * 255)) == []
    (problem,) = problems_of(make_episode(1, title="é" * 256))
    assert about(problem) == ("content.E022", EP1, "Title") and "256" in problem.message
    (problem,) = problems_of(make_episode(1), title="t" * 300)
    assert about(problem) == ("content.E022", "", "PODCAST_TITLE") and "300" in problem.message


def test_empty_title_is_refused():
    (problem,) = problems_of(make_episode(1, title="  "))
    assert about(problem) == ("content.E020", EP1, "Title")


def test_podcast_index_labels_are_limited_to_128_characters():
    problems = problems_of(make_episode(1, persons=(Person("p" * 129),)), funding_text="f" * 129)
    assert [about(problem) for problem in problems] == [
        ("content.E022", "", "PODCAST_FUNDING_TEXT"),
        ("content.E022", EP1, "Persons"),
    ]
    assert all("129" in problem.message and "128" in problem.message for problem in problems)


def test_control_characters_are_refused_by_field():
    (problem,) = problems_of(make_episode(1, summary="fin\x07"))
    assert about(problem) == ("content.E021", EP1, "Summary") and "U+0007" in problem.message


# --- Other Apple rules --------------------------------------------------------------------------


def test_episode_image_url_must_end_in_jpg_or_png():
    (problem,) = problems_of(make_episode(1, image_url="https://www.cite-ia.fr/podcast/episode-01/pochette.jpeg"))
    assert about(problem) == ("podcast.E051", EP1, "Image")
    assert "'https://www.cite-ia.fr/podcast/episode-01/pochette.jpeg'" in problem.message


def test_serial_show_needs_a_number_on_every_episode():
    assert problems_of(make_episode(1, number=None)) == []
    (problem,) = problems_of(make_episode(1, number=None), podcast_type="serial")
    assert about(problem) == ("podcast.E053", EP1, "Episode")


# --- Duplicates across episodes -----------------------------------------------------------------


def test_duplicate_guids_name_both_files():
    (problem,) = problems_of(make_episode(1), make_episode(2, guid="cite-ia-podcast-episode-01"))
    assert about(problem) == ("podcast.E054", EP2, "Guid")
    assert "'cite-ia-podcast-episode-01'" in problem.message and EP1 in problem.message


def test_duplicate_enclosure_urls_name_both_files_and_fields():
    shared = make_media("episode-01")
    (problem,) = problems_of(make_episode(1), make_episode(2, enclosure=shared))
    assert about(problem) == ("podcast.E055", EP2, "Audio")
    assert f"'{shared.url}'" in problem.message and f"{EP1} (Audio)" in problem.message


def test_an_alternate_cannot_reuse_another_episodes_audio():
    (problem,) = problems_of(make_episode(1), make_episode(2, alternates=(make_media("episode-01"),)))
    assert about(problem) == ("podcast.E055", EP2, "Alternates") and f"{EP1} (Audio)" in problem.message


def test_all_problems_are_reported_together():
    problems = problems_of(
        make_episode(1, enclosure=make_media("episode-01", "wav"), title="x" * 256),
        make_episode(2, guid="cite-ia-podcast-episode-01", summary="\x00"),
        description="d" * 4001,
    )
    assert [about(problem) for problem in problems] == [
        ("content.E023", "", "PODCAST_DESCRIPTION"),
        ("content.E022", EP1, "Title"),
        ("podcast.E050", EP1, "Audio"),
        ("content.E021", EP2, "Summary"),
        ("podcast.E054", EP2, "Guid"),
    ]


# --- PODCAST_CATEGORIES ---------------------------------------------------------------------------


def test_apples_category_table():
    assert len(APPLE_CATEGORIES) == 19
    assert APPLE_CATEGORIES["Society & Culture"] == (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"
    )
    assert "How To" in APPLE_CATEGORIES["Education"]
    assert "Stand-Up" in APPLE_CATEGORIES["Comedy"]
    assert sum(len(subcategories) for subcategories in APPLE_CATEGORIES.values()) == 91


def test_correct_categories():
    assert check_categories([("Technology", None), ("Society & Culture", "Documentary")]) == []
    assert check_categories((["Education", "How To"],)) == []


def test_unknown_category_suggests_apples_spelling():
    (problem,) = check_categories([("Society and Culture", None)])
    assert about(problem) == ("podcast.E085", "", "PODCAST_CATEGORIES")
    assert "'Society and Culture'" in problem.message and "'Society & Culture'" in problem.hint


def test_unknown_subcategory_lists_the_choices():
    (problem,) = check_categories([("Education", "How-To")], "PODCAST_CATEGORIES")
    assert about(problem) == ("podcast.E087", "", "PODCAST_CATEGORIES")
    assert "'How To'" in problem.hint and "Courses, How To, Language Learning, Self-Improvement" in problem.hint


def test_subcategory_of_a_category_without_any():
    (problem,) = check_categories([("Technology", "Podcasting")])
    assert about(problem) == ("podcast.E086", "", "PODCAST_CATEGORIES") and "('Technology', None)" in problem.message


def test_subcategory_given_as_a_category():
    (problem,) = check_categories([("Documentary", None)])
    assert about(problem) == ("podcast.E084", "", "PODCAST_CATEGORIES")
    assert "('Society & Culture', 'Documentary')" in problem.message


def test_at_least_one_category():
    (problem,) = check_categories([])
    assert about(problem) == ("podcast.E081", "", "PODCAST_CATEGORIES")


@pytest.mark.parametrize("value", ["Technology", None, {"Technology": None}])
def test_categories_must_be_a_list_of_pairs(value):
    (problem,) = check_categories(value)
    assert about(problem) == ("podcast.E080", "", "PODCAST_CATEGORIES")


def test_a_single_pair_instead_of_a_list_of_pairs():
    problems = check_categories(("Technology", None))
    assert [p.code for p in problems] == ["podcast.E082", "podcast.E082"]
    assert "'Technology'" in problems[0].message


def test_duplicate_category():
    (problem,) = check_categories([("News", "Tech News"), ("News", "Tech News")])
    assert about(problem) == ("podcast.E083", "", "PODCAST_CATEGORIES") and "('News', 'Tech News')" in problem.message


def test_categories_message_names_the_given_setting():
    (problem,) = check_categories([("Nope", None)], "PODCAST_OTHER_CATEGORIES")
    assert about(problem) == ("podcast.E085", "", "PODCAST_OTHER_CATEGORIES")


# --- PODCAST_IMAGE ------------------------------------------------------------------------------


def image_file(tmp_path, name: str, size=(1400, 1400), mode="RGB", image_format=None, **save) -> str:
    path = tmp_path / name
    colour = {"RGB": (200, 30, 30), "RGBA": (200, 30, 30, 128), "CMYK": (0, 80, 80, 10), "L": 128, "P": 3}[mode]
    Image.new(mode, size, colour).save(path, image_format, **save)
    return str(path)


def test_correct_artwork(tmp_path):
    assert check_artwork(image_file(tmp_path, "cover.png"), "PODCAST_IMAGE") == []
    largest_jpeg = image_file(tmp_path, "cover.jpg", (3000, 3000), image_format="JPEG")
    assert check_artwork(largest_jpeg, "PODCAST_IMAGE") == []


def artwork_codes(path: str) -> list[str]:
    """The codes of the problems of the artwork at `path`, each about PODCAST_IMAGE and naming the file."""
    problems = check_artwork(path, "PODCAST_IMAGE")
    assert all(p.field == "PODCAST_IMAGE" and f"'{path}'" in p.message for p in problems), problems
    return [p.code for p in problems]


def test_artwork_too_small(tmp_path):
    path = image_file(tmp_path, "cover.png", (1000, 1000))
    assert artwork_codes(path) == ["podcast.E079"]
    assert "1000×1000" in check_artwork(path, "PODCAST_IMAGE")[0].message


def test_artwork_too_large(tmp_path):
    path = image_file(tmp_path, "cover.png", (3001, 3001))
    assert artwork_codes(path) == ["podcast.E079"]
    assert "3001×3001" in check_artwork(path, "PODCAST_IMAGE")[0].message


def test_artwork_not_square(tmp_path):
    path = image_file(tmp_path, "cover.png", (1400, 1600))
    assert artwork_codes(path) == ["podcast.E078"]
    assert "1400×1600" in check_artwork(path, "PODCAST_IMAGE")[0].message


def test_cmyk_artwork(tmp_path):
    assert artwork_codes(image_file(tmp_path, "cover.jpg", mode="CMYK", image_format="JPEG")) == ["podcast.E075"]


def test_gif_artwork(tmp_path):
    path = image_file(tmp_path, "cover.gif", mode="P", image_format="GIF")
    assert artwork_codes(path) == ["podcast.E073"]
    assert "GIF" in check_artwork(path, "PODCAST_IMAGE")[0].message


def test_transparent_artwork(tmp_path):
    assert artwork_codes(image_file(tmp_path, "cover.png", mode="RGBA")) == ["podcast.E076"]
    assert artwork_codes(image_file(tmp_path, "palette.png", mode="P", transparency=0)) == ["podcast.E076"]


def test_greyscale_artwork(tmp_path):
    path = image_file(tmp_path, "cover.png", mode="L")
    assert artwork_codes(path) == ["podcast.E077"]
    assert "mode L" in check_artwork(path, "PODCAST_IMAGE")[0].message


def test_artwork_extension_must_match_its_format(tmp_path):
    jpeg_path = image_file(tmp_path, "cover.jpeg", image_format="JPEG")
    assert artwork_codes(jpeg_path) == ["podcast.E074"]
    (problem,) = check_artwork(jpeg_path, "PODCAST_IMAGE")
    assert ".jpg" in problem.message and ".jpeg" in problem.message
    png_path = image_file(tmp_path, "cover.jpg", image_format="PNG")
    assert artwork_codes(png_path) == ["podcast.E074"]


def test_missing_or_unreadable_artwork(tmp_path):
    assert artwork_codes(str(tmp_path / "nope.png")) == ["podcast.E070"]
    text = tmp_path / "cover.png"
    text.write_text("pas une image")
    assert artwork_codes(str(text)) == ["podcast.E071"]


def test_all_artwork_problems_together(tmp_path):
    path = image_file(tmp_path, "cover.jpg", (500, 600), "CMYK", "JPEG")
    assert artwork_codes(path) == ["podcast.E075", "podcast.E078", "podcast.E079"]  # CMYK, not square, too small
