"""Wrong podcast settings stop the build with a message naming each setting."""

from __future__ import annotations

import pytest
from PIL import Image
from podcast_site import COVER, one_episode_site


@pytest.fixture
def site(tmp_path, audio_fixtures):
    return one_episode_site(tmp_path, audio_fixtures.plain["mp3"].path)


def settings_error(site, **overrides) -> str:
    return site.build_problems(**overrides)


@pytest.mark.parametrize(
    "overrides, setting",
    [
        ({"PODCAST_CATEGORIES": [("Technologie", None)]}, "PODCAST_CATEGORIES"),
        ({"PODCAST_CATEGORIES": [("Business", "Cooking")]}, "PODCAST_CATEGORIES"),
        ({"PODCAST_CATEGORIES": []}, "PODCAST_CATEGORIES"),
        ({"PODCAST_OWNER_EMAIL": None}, "PODCAST_OWNER_EMAIL"),
        ({"PODCAST_OWNER_EMAIL": "pas-une-adresse"}, "PODCAST_OWNER_EMAIL"),
        ({"PODCAST_DESCRIPTION": ""}, "PODCAST_DESCRIPTION"),
        ({"PODCAST_TYPE": "feuilleton"}, "PODCAST_TYPE"),
        ({"PODCAST_EXPLICIT": "non"}, "PODCAST_EXPLICIT"),
        ({"PODCAST_GUID": "pas-un-uuid"}, "PODCAST_GUID"),
        ({"PODCAST_MEDIA_URL": "media.example.org"}, "PODCAST_MEDIA_URL"),
        ({"PODCAST_IMAGE": "images/absente.png"}, "PODCAST_IMAGE"),
    ],
)
def test_a_bad_setting_is_named(site, overrides, setting):
    assert setting in settings_error(site, **overrides)


@pytest.mark.parametrize(
    "size, mode, words",
    [
        ((1000, 1000), "RGB", "1400"),
        ((1400, 1600), "RGB", "carré"),
        ((1400, 1400), "CMYK", "CMYK"),
    ],
)
def test_show_artwork_is_checked(site, size, mode, words):
    image = Image.new(mode, size)
    image.save(site.content / COVER.replace(".png", ".jpg"), "JPEG")
    message = settings_error(site, PODCAST_IMAGE=COVER.replace(".png", ".jpg"))
    assert "PODCAST_IMAGE" in message and words in message


def test_every_bad_setting_is_reported_together(site):
    message = settings_error(site, PODCAST_TYPE="feuilleton", PODCAST_OWNER_EMAIL=None)
    assert "PODCAST_TYPE" in message and "PODCAST_OWNER_EMAIL" in message
