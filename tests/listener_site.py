"""The listeners' small podcast site: two seasons, an episode without season, a hidden one, chapters,
transcripts with voices and a long one, an article, and the directory pages of PODCAST_PLATFORMS with
an absolute SITEURL, so that every page carries the whole subscribe block. Built once per run
(tests/conftest.py, `listener_output`): the browser tests and the Nu checker read the same pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from audio_fixtures import AudioFixtures
from podcast_site import PodcastSite, episode
from sitebuild import PROJECT

SITE = "https://test.cite-ia.fr"
PLATFORMS = {
    "apple": "https://podcasts.apple.com/fr/podcast/la-cite/id000000001?l=fr&i=1",
    "spotify": "https://open.spotify.com/show/exemple",
}
VOICES = """WEBVTT

00:00:00.500 --> 00:00:02.000
<v Camille Martin>Bonjour &amp; bienvenue

00:00:02.600 --> 00:00:04.000
<v Camille Martin>dans <i>le</i> podcast.

00:00:05.000 --> 00:00:06.500
<v Lucie Bernard>Merci Camille.
"""
LONG = "WEBVTT\n\n" + "".join(
    f"00:00:{second:02d}.000 --> 00:00:{second:02d}.900\nUne longue phrase de transcription, la numéro {second}, "
    "pour que la page la replie.\n\n"
    for second in range(0, 29)
)


def build_listener_site(root: Path, audio_fixtures: AudioFixtures) -> Path:
    """The site's content written under `root/content`, built into `root/output` (returned)."""
    site = PodcastSite(root)
    shutil.copytree(PROJECT / "content" / "extra", site.content / "extra")
    (site.content / "2023-05-actualite.md").write_text(
        "Title: Une actualité de la Cité\nDate: 2023-05-02 10:00\nCategory: Vie de la Cité\nSlug: une-actualite\n\n"
        "Le texte de l'actualité.\n", encoding="utf-8")
    site.add_audio("premier.mp3", audio_fixtures.tagged["mp3"].path)  # chapters at 0, 2.5 and 5 s
    (site.media / "premier.vtt").write_text(VOICES, encoding="utf-8")
    site.add_audio("deuxieme.mp3", audio_fixtures.plain["mp3_vbr"].path)  # 30 s: room to skip
    (site.media / "deuxieme.vtt").write_text(LONG, encoding="utf-8")
    site.add_audio("cache.mp3", audio_fixtures.plain["mp3"].path)
    site.add_audio("troisieme.m4a", audio_fixtures.plain["m4a"].path)
    site.add_audio("hors-serie.mp3", audio_fixtures.plain["mp3_cbr_headerless"].path)
    site.add_episode("premier", **episode("Le premier", "2023-01-10 08:00", "media/premier.mp3", Season=1, Episode=1,
                                          Transcript="media/premier.vtt"))
    site.add_episode("deuxieme", **episode("Le deuxième", "2023-02-10 08:00", "media/deuxieme.mp3", Season=1, Episode=2,
                                           Transcript="media/deuxieme.vtt"))
    site.add_episode("cache", **episode("Le caché", "2023-02-20 08:00", "media/cache.mp3", Season=1, Episode=3,
                                        Status="hidden"))
    site.add_episode("troisieme", **episode("Le troisième", "2023-03-10 08:00", "media/troisieme.m4a", Season=2, Episode=1))
    site.add_episode("hors-serie", **episode("Le hors-série", "2023-04-01 08:00", "media/hors-serie.mp3"))
    # An absolute SITEURL, as in production, for the app links (built from the feed URL); the pages link
    # relatively all the same (RELATIVE_URLS), so that the local server serves their styles and scripts.
    return site.build(root / "output", SITEURL=SITE, RELATIVE_URLS=True, PODCAST_PLATFORMS=PLATFORMS)
