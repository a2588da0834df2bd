"""What the build holds back (drafts, hidden, scheduled: the same for articles and episodes, and
counted in the summary line), and media checked by their content (embedded chapters, episode
images), on real builds."""

from __future__ import annotations

import os
import shutil
import sys

import feedparser
import fresh_python
from lxml import html
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags
from pelican.plugins.podcast.catalogue import phrase
from PIL import Image
from podcast_site import SITE_URL, PodcastSite, episode
from sitebuild import PROJECT, build_refusal, build_site, found

# Far enough ahead that no build of this suite sees it fall due, whatever the clock says.
FUTURE = "2099-01-01"
ARTICLE = "Title: {title}\nDate: {date}\nCategory: Entreprises\n{extra}\nTexte.\n"


def make_site(tmp_path, audio_fixtures) -> PodcastSite:
    site = PodcastSite(tmp_path)
    for name in ("publie", "cache", "programme", "brouillon"):
        site.add_audio(f"{name}.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("publie", **episode("Publié", "2023-01-01", "media/publie.mp3"))
    site.add_episode("cache", **episode("Caché", "2023-01-02", "media/cache.mp3", Status="hidden"))
    site.add_episode("programme", **episode("Programmé", FUTURE, "media/programme.mp3"))
    site.add_episode("brouillon", **episode("Brouillon", "2023-01-03", "media/brouillon.mp3", Status="draft"))
    articles = {
        "publie": ("Article publié", "2023-01-01", ""),
        "cache": ("Article caché", "2023-01-02", "Status: hidden\n"),
        "programme": ("Article programmé", FUTURE, ""),
        "brouillon": ("Article brouillon", "2023-01-03", "Status: draft\n"),
    }
    for slug, (title, date, extra) in articles.items():
        text = ARTICLE.format(title=title, date=date, extra=f"Slug: article-{slug}\n{extra}")
        (site.content / f"article-{slug}.md").write_text(text, encoding="utf-8")
    return site


def test_drafts_hidden_and_scheduled_behave_alike_for_articles_and_episodes(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(PREVIEW_DRAFTS=False, DRAFT_SAVE_AS="", DRAFT_PAGE_SAVE_AS="")
    feed = feedparser.parse((output / "podcast" / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Publié"]
    assert (output / "podcast" / "publie" / "index.html").is_file()
    # Hidden: its page is written, it is listed nowhere.
    assert (output / "podcast" / "cache" / "index.html").is_file()
    assert (output / "actualites" / "article-cache" / "index.html").is_file()
    index = (output / "podcast" / "index.html").read_text(encoding="utf-8")
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Publié" in index and "Caché" not in index and "Caché" not in home
    assert "Article publié" in home and "Article caché" not in home
    # Scheduled and drafts: nothing written, their audio not copied.
    for held in ("programme", "brouillon"):
        assert not (output / "podcast" / held).exists()
        assert not (output / "actualites" / f"article-{held}").exists()
        assert not (output / "podcasts" / "media" / f"{held}.mp3").exists()


def test_the_local_preview_shows_drafts_and_scheduled_content_with_a_banner(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build()  # pelicanconf.py: PREVIEW_DRAFTS = True
    pages = {
        "brouillon": output / "podcast" / "brouillon" / "index.html",
        "programme": output / "podcast" / "programme" / "index.html",
        "article-brouillon": output / "brouillons" / "article-brouillon" / "index.html",
        "article-programme": output / "brouillons" / "article-programme" / "index.html",
    }
    for name, page in pages.items():
        banner = html.fromstring(page.read_bytes()).find_class("preview-banner")
        assert len(banner) == 1, name
        expected = "Brouillon" if name.endswith("brouillon") else "Programmé le "
        assert banner[0].text_content().startswith(expected), (name, banner[0].text_content())
    # Listed nowhere: not in the feeds, the podcast index, the home page or the archives.
    listings = [output / "podcast" / "feed.xml", output / "feeds" / "actualites.atom.xml", output / "index.html",
                output / "podcast" / "index.html", output / "actualites" / "archives" / "index.html"]
    for listing in listings:
        text = listing.read_text(encoding="utf-8")
        for title in ("Brouillon", "Programmé", "Article brouillon", "Article programmé"):
            assert f">{title}<" not in text and f"<title>{title}</title>" not in text, (listing.name, title)
    assert (output / "podcasts" / "media" / "programme.mp3").is_file()  # the preview's player plays


def test_production_never_contains_drafts_or_scheduled_content(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = build_site(tmp_path / "prod", "publishconf.py", site.content, SITEURL=SITE_URL)
    assert not (output / "brouillons").exists()
    assert not (output / "podcast" / "programme").exists() and not (output / "podcast" / "brouillon").exists()
    assert not [path for path in output.rglob("*.html") if b"preview-banner" in path.read_bytes()]
    errors = build_refusal(tmp_path / "prod", "publishconf.py", site.content, SITEURL=SITE_URL, PREVIEW_DRAFTS=True).errors
    assert found(errors, "settings.E007", field="PREVIEW_DRAFTS").level == "error"


def test_the_summary_line_counts_what_was_held_back(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    result = fresh_python.run(
        [sys.executable, "-m", "plugins.build", "-c", str(site.content), "-o", str(tmp_path / "out")],
        cwd=PROJECT, capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "SITEURL": SITE_URL, "PYTHONPATH": os.environ["PYTHONPATH"]},
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("Site construit : 1 article, 1 page, 1 épisode en "), line
    assert line.endswith(
        "Non publiés : 1 article programmé, 1 brouillon d'article, 1 épisode programmé, 1 brouillon d'épisode. "
        "Écrits mais listés nulle part : 1 article caché, 1 épisode caché."
    ), line


def with_chapters(source, target, marks):
    """A copy of `source` whose ID3 tags hold chapters at `marks` (seconds, title)."""
    shutil.copyfile(source, target)
    tags = ID3()
    ids = [f"ch{i}" for i in range(len(marks))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids, sub_frames=[]))
    for element_id, (start, title) in zip(ids, marks, strict=True):
        tags.add(CHAP(element_id=element_id, start_time=int(start * 1000), end_time=int(start * 1000) + 1000,
                      sub_frames=[TIT2(text=[title])]))
    tags.save(target)
    return target


def test_a_chapter_embedded_after_the_end_of_the_audio_is_refused(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    with_chapters(audio_fixtures.plain["mp3"].path, site.media / "e.mp3", [(0, "Début"), (600, "Dix minutes")])
    site.add_episode("e", **episode("E", "2023-01-01", "media/e.mp3"))
    chapter = found(site.build_refusal().errors, "podcast.E010", "content/podcasts/e.md", "Audio", line=3)
    assert "'Dix minutes'" in chapter.message and chapter.hint == phrase("audio_chapters")  # fix them in the audio file


def test_an_episode_image_is_checked_by_its_content(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("e.mp3", audio_fixtures.plain["mp3"].path)
    Image.new("RGB", (40, 20), (10, 10, 10)).save(site.media / "petite.png")
    site.add_episode("e", **episode("E", "2023-01-01", "media/e.mp3", Image="media/petite.png"))
    message = site.build_problems()
    assert "content/podcasts/e.md: Image: 'media/petite.png' n'est pas carrée (40×20 px)" in message
    assert "content/podcasts/e.md: Image: 'media/petite.png' mesure 40×20 px ; Apple Podcasts exige entre 1400×1400" in message
