"""Pelican's content cache (CACHE_CONTENT) works with every plugin of ours, and never hides a problem:
a warm build gives the same site, and says the same warnings, as a cold one."""

from __future__ import annotations

from podcast_site import PodcastSite, episode
from sitebuild import tree_digest

from plugins.problems import current

ARTICLE = "Title: Une image\nDate: 2023-01-01\nCategory: Entreprises\n\n![]({static}/images/podcast-cover.png)\n"


def test_a_warm_build_gives_the_same_site_and_the_same_warnings(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("e.mp3", audio_fixtures.plain["mp3"].path)
    site.add_episode("e", **episode("E", "2023-01-01", "media/e.mp3"))
    (site.content / "image.md").write_text(ARTICLE, encoding="utf-8")

    cold = site.build(tmp_path / "output")
    cold_tree = tree_digest(cold)
    cold_warnings = [str(w) for w in current().warnings]
    assert any("sans texte alternatif" in w for w in cold_warnings), cold_warnings
    cache = tmp_path / "output-cache"
    assert (cache / "EpisodesGenerator-Readers").is_file() and (cache / "ArticlesGenerator-Readers").is_file()

    warm = site.build(tmp_path / "output")
    assert tree_digest(warm) == cold_tree
    assert [str(w) for w in current().warnings] == cold_warnings


def test_a_warm_build_still_reads_what_changed(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    site.add_audio("e.mp3", audio_fixtures.plain["mp3"].path)
    path = site.add_episode("e", **episode("Premier titre", "2023-01-01", "media/e.mp3"))
    output = site.build(tmp_path / "output")
    path.write_text(path.read_text(encoding="utf-8").replace("Premier titre", "Second titre"), encoding="utf-8")
    site.build(tmp_path / "output")
    assert "Second titre" in (output / "podcast" / "e" / "index.html").read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("Date: 2023-01-01", "Date: 01/02/2023"), encoding="utf-8")
    assert "content/podcasts/e.md: Date: '01/02/2023' est ambigu" in site.build_problems(tmp_path / "output")
