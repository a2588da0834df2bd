"""Wrong podcast settings stop the build with a message naming each setting."""

from __future__ import annotations

import pytest
from PIL import Image
from podcast_site import COVER, one_episode_site


@pytest.fixture
def site(tmp_path, audio_fixtures):
    return one_episode_site(tmp_path, audio_fixtures.plain["mp3"].path)


def settings_errors(site, **overrides) -> list[tuple[str, str]]:
    """What each error of the refused build is (its code) and which setting it names."""
    return [(p.code, p.field) for p in site.build_refusal(**overrides).errors]


@pytest.mark.parametrize(
    "overrides, code",
    [
        ({"PODCAST_CATEGORIES": [("Technologie", None)]}, "podcast.E085"),  # unknown to Apple
        ({"PODCAST_CATEGORIES": [("Business", "Cooking")]}, "podcast.E087"),  # not one of its subcategories
        ({"PODCAST_CATEGORIES": []}, "podcast.E081"),
        ({"PODCAST_OWNER_EMAIL": None}, "settings.E021"),  # required
        ({"PODCAST_OWNER_EMAIL": "pas-une-adresse"}, "podcast.E116"),
        ({"PODCAST_DESCRIPTION": ""}, "settings.E021"),
        ({"PODCAST_TYPE": "feuilleton"}, "podcast.E117"),
        ({"PODCAST_EXPLICIT": "non"}, "settings.E001"),  # True or False
        ({"PODCAST_GUID": "pas-un-uuid"}, "podcast.E118"),
        ({"PODCAST_MEDIA_URL": "media.example.org"}, "podcast.E104"),  # an absolute address
        ({"PODCAST_IMAGE": "images/absente.png"}, "podcast.E070"),
    ],
)
def test_a_bad_setting_is_named(site, overrides, code):
    (setting,) = overrides
    assert settings_errors(site, **overrides) == [(code, setting)]


@pytest.mark.parametrize(
    "size, mode, code",
    [
        ((1000, 1000), "RGB", "podcast.E079"),  # too small
        ((1400, 1600), "RGB", "podcast.E078"),  # not square
        ((1400, 1400), "CMYK", "podcast.E075"),
    ],
)
def test_show_artwork_is_checked(site, size, mode, code):
    image = Image.new(mode, size)
    image.save(site.content / COVER.replace(".png", ".jpg"), "JPEG")
    assert settings_errors(site, PODCAST_IMAGE=COVER.replace(".png", ".jpg")) == [(code, "PODCAST_IMAGE")]


def test_every_bad_setting_is_reported_together(site):
    assert settings_errors(site, PODCAST_TYPE="feuilleton", PODCAST_OWNER_EMAIL=None) == [
        ("settings.E021", "PODCAST_OWNER_EMAIL"), ("podcast.E117", "PODCAST_TYPE")]
