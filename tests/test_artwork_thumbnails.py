"""Artwork thumbnails: the cards and covers load small JPEG copies; the feed keeps the full images.

A small podcast site (an episode with artwork embedded in its audio, one with an Image of its own,
one with neither, showing the show's) is built into a temporary folder, and the written files are
read back: the thumbnails, the pages' <img> elements, the feed. Then the cache is shown to spare a
second build the resizing, and `invoke check` to write no thumbnail.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pelican.plugins.podcast.thumbnails import WIDTHS
from PIL import Image
from podcast_site import COVER, SITE_URL, PodcastSite, episode
from sitebuild import build_site

from plugins.problems import CheckPassed

CARD_WIDTHS = (144, 288)  # a card shows 72 px (48 on a phone): 1x to 3x screens


@pytest.fixture(scope="module")
def site(tmp_path_factory, audio_fixtures):
    site = PodcastSite(tmp_path_factory.mktemp("vignettes"))
    site.add_audio("tagged.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_audio("plain.mp3", audio_fixtures.plain["mp3"].path)
    site.add_audio("other.mp3", audio_fixtures.plain["mp3_vbr"].path)
    Image.new("RGB", (1600, 1600), (200, 60, 30)).save(site.media / "ma pochette.jpg", quality=95)
    site.add_episode("embarquee", **episode("Pochette embarquée", "2023-01-10 08:00", "media/tagged.mp3"))
    site.add_episode("propre", **episode("Pochette propre", "2023-02-10 08:00", "media/plain.mp3", Image="media/ma pochette.jpg"))
    site.add_episode("sans", **episode("Sans pochette", "2023-03-10 08:00", "media/other.mp3"))
    # Its own thumbnails folder (CACHE_PATH/vignettes, not the suite's shared one): the tests read it.
    site.output = site.build(RELATIVE_URLS=False, PODCAST_THUMBNAILS_PATH=None)  # absolute addresses, as in production
    return site


def images(html: str, css_class: str) -> list[dict[str, str]]:
    """The attributes of every <img class="css_class"> of a page."""
    tags = re.findall(rf'<img class="{css_class}"[^>]*>', html)
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in tags]


def jpeg_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.mode == "RGB", path
        return image.size


# Where each picture's thumbnails go: beside the image the site writes (`<stem>.vignette-<width>.jpg`).
STEMS = {
    "show": "images/podcast-cover",
    "embarquee": "podcast/embarquee/pochette",
    "propre": "podcasts/media/ma pochette",
}


def test_each_picture_gets_jpeg_thumbnails_of_each_width(site):
    for stem in STEMS.values():
        for width in WIDTHS:
            assert jpeg_size(site.output / f"{stem}.vignette-{width}.jpg") == (width, width)
    # Small enough to matter: a thumbnail weighs a fraction of the artwork it stands for.
    assert (site.output / "images/podcast-cover.vignette-288.jpg").stat().st_size < 20_000


def test_cards_show_the_thumbnails_with_their_size(site):
    index = (site.output / "podcast" / "index.html").read_text(encoding="utf-8")
    cards = images(index, "card__art")
    # Newest first: the show's artwork for the episode without any, then each episode's own.
    expected = [STEMS["show"], STEMS["propre"].replace(" ", "%20"), STEMS["embarquee"]]
    assert len(cards) == 3
    for card, stem in zip(cards, expected, strict=True):
        assert card["src"] == f"{SITE_URL}/{stem}.vignette-144.jpg"
        assert card["srcset"] == ", ".join(f"{SITE_URL}/{stem}.vignette-{w}.jpg {w}w" for w in CARD_WIDTHS)
        assert card["sizes"] == "(max-width: 30rem) 48px, 72px"
        assert (card["width"], card["height"], card["alt"]) == ("72", "72", "")
    # Every file a page names exists.
    for card in cards:
        for candidate in card["srcset"].split(", "):
            url = candidate.split(" ")[0].removeprefix(SITE_URL + "/").replace("%20", " ")
            assert (site.output / url).is_file(), url
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert [c["src"] for c in images(home, "card__art")] == [c["src"] for c in cards]


def test_covers_show_thumbnails_too(site):
    index = (site.output / "podcast" / "index.html").read_text(encoding="utf-8")
    [show] = images(index, "show__cover")
    assert show["src"] == f"{SITE_URL}/{STEMS['show']}.vignette-144.jpg" and (show["width"], show["height"]) == ("200", "200")
    assert show["srcset"].endswith(f"{STEMS['show']}.vignette-576.jpg 576w")
    page = (site.output / "podcast" / "embarquee" / "index.html").read_text(encoding="utf-8")
    [cover] = images(page, "episode__cover")
    assert cover["src"] == f"{SITE_URL}/{STEMS['embarquee']}.vignette-144.jpg"
    assert (cover["width"], cover["height"]) == ("160", "160")
    assert cover["alt"] == "Pochette de l&#39;épisode « Pochette embarquée »"


def test_the_feed_and_sharing_keep_the_full_artwork(site, audio_fixtures):
    feed = (site.output / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert "vignette" not in feed
    assert f'<itunes:image href="{SITE_URL}/podcast/embarquee/pochette.png"/>' in feed
    page = (site.output / "podcast" / "embarquee" / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{SITE_URL}/podcast/embarquee/pochette.png">' in page
    assert (site.output / "podcast" / "embarquee" / "pochette.png").read_bytes() == audio_fixtures.cover_png
    assert (site.output / COVER).read_bytes() == (site.content / COVER).read_bytes()


def test_a_picture_is_resized_once_and_again_only_when_it_changes(site):
    cache = site.output.parent / (site.output.name + "-cache") / "vignettes"
    cached = sorted(cache.glob("*.jpg"))
    assert len(cached) == len(STEMS) * len(WIDTHS)
    # A marked cached thumbnail is what the next build (sharing the cache) publishes: it made none again.
    published = (site.output / "images/podcast-cover.vignette-144.jpg").read_bytes()
    marked = next(p for p in cached if p.read_bytes() == published)
    buffer = io.BytesIO()
    Image.new("RGB", (144, 144), (0, 255, 0)).save(buffer, "JPEG")
    marked.write_bytes(buffer.getvalue())
    output = site.build(output=site.output.parent / (site.output.name + "-again"),
                        CACHE_PATH=str(cache.parent), PODCAST_THUMBNAILS_PATH=None)
    assert (output / "images/podcast-cover.vignette-144.jpg").read_bytes() == buffer.getvalue()
    # A new picture under the same name: new bytes, so new thumbnails, in the next build.
    Image.new("RGB", (1600, 1600), (10, 160, 90)).save(site.media / "ma pochette.jpg", quality=95)
    output = site.build(output=site.output.parent / (site.output.name + "-changed"), CACHE_PATH=str(cache.parent),
                        PODCAST_THUMBNAILS_PATH=None)
    with Image.open(output / "podcasts/media/ma pochette.vignette-144.jpg") as image:
        assert image.getpixel((72, 72))[1] > 120, "the thumbnail of the old picture was kept"
    assert len(list(cache.glob("*.jpg"))) == (len(STEMS) + 1) * len(WIDTHS)


def test_check_writes_no_thumbnail(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("tagged.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_episode("embarquee", **episode("Pochette embarquée", "2023-01-10 08:00", "media/tagged.mp3"))
    with pytest.raises(CheckPassed):
        build_site(tmp_path / "output", content=site.content, CHECK_ONLY=True, SITEURL=SITE_URL,
                   PODCAST_THUMBNAILS_PATH=None)
    assert not (tmp_path / "output").exists()
    assert not (tmp_path / "output-cache" / "vignettes").exists()


def test_thumbnails_kept_in_the_folder_the_setting_names(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("tagged.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_episode("embarquee", **episode("Pochette embarquée", "2023-01-10 08:00", "media/tagged.mp3"))
    shared = tmp_path / "vignettes-partagees"
    site.build(PODCAST_THUMBNAILS_PATH=str(shared))
    assert len(list(shared.glob("*.jpg"))) == 2 * len(WIDTHS)  # the show's cover and the embedded one
    assert not (tmp_path / "output-1-cache" / "vignettes").exists()
    message = site.build_problems(PODCAST_THUMBNAILS_PATH=["vignettes"])
    assert "PODCAST_THUMBNAILS_PATH: le chemin d'un dossier est attendu (ou None), pas ['vignettes']" in message
