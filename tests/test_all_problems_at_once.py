"""One build with a mistake of every kind: a setting, an article, a page, an episode's front matter,
its audio (missing, truncated), its image, its transcript and a broken link. The editor reads them
all in one message, each naming its file (or setting) and field, and the previous output stays."""

from __future__ import annotations

import random
import shutil

import pytest
from podcast_site import PodcastSite, episode
from sitebuild import tree_digest

# (what the planted mistake is, words one line of the message must hold)
EXPECTED = {
    "setting": ("PODCAST_TYPE:", "'feuilleton'"),
    "article without a title": ("content/sans-titre.md: Title:", "champ obligatoire manquant"),
    "page with a bad status": ("content/pages/brouillon.md: Status:", "'brouillon'", "« Status: draft »"),
    "episode with an unknown field": ("content/podcasts/inconnu.md: Saison:", "champ inconnu", "« Season »"),
    "missing audio": ("content/podcasts/absent.md: Audio:", "media/absent.mp3"),
    "truncated audio": ("content/podcasts/tronque.md: Audio:", "media/tronque.mp3", "incomplet"),
    "image of random bytes": ("content/podcasts/image.md: Image:", "bruit.jpg", "n'est pas une image lisible"),
    "MP3 named .vtt": ("content/podcasts/transcription.md: Transcript:", "faux.vtt"),
    "broken link": ("content/avec-lien.md:", "'absent.md'", "introuvable"),
}


@pytest.fixture
def site(tmp_path, audio_fixtures):
    site = PodcastSite(tmp_path)
    plain = audio_fixtures.plain
    site.add_audio("ok.mp3", plain["mp3"].path)
    site.add_episode("bon", **episode("Bon épisode", "2023-01-01", "media/ok.mp3"))
    (site.content / "article.md").write_text(
        "Title: Un bon article\nDate: 2023-03-01\nCategory: Actualités\n\nTexte.\n", encoding="utf-8"
    )
    return site


def plant_every_mistake(site: PodcastSite, audio_fixtures) -> None:
    plain = audio_fixtures.plain
    # Article and page.
    (site.content / "sans-titre.md").write_text("Date: 2023-03-03\nCategory: Actualités\n\nSans titre.\n", encoding="utf-8")
    (site.content / "pages" / "brouillon.md").write_text("Title: Brouillon\nStatus: brouillon\n\nTexte.\n", encoding="utf-8")
    (site.content / "avec-lien.md").write_text(
        "Title: Avec un lien\nDate: 2023-03-04\nCategory: Actualités\n\nVoir [x]({filename}absent.md).\n", encoding="utf-8"
    )
    # Episodes, each with its own (otherwise good) audio file.
    site.add_audio("inconnu.mp3", plain["mp3_vbr"].path)
    site.add_episode("inconnu", **episode("Inconnu", "2023-01-02", "media/inconnu.mp3", Saison="1"))
    site.add_episode("absent", **episode("Absent", "2023-01-03", "media/absent.mp3"))
    whole = plain["mp3"].path.read_bytes()
    (site.media / "tronque.mp3").write_bytes(whole[: len(whole) * 40 // 100])
    site.add_episode("tronque", **episode("Tronqué", "2023-01-04", "media/tronque.mp3"))
    site.add_audio("image.m4a", plain["m4a"].path)
    (site.media / "bruit.jpg").write_bytes(random.Random(3).randbytes(30_000))
    site.add_episode("image", **episode("Image", "2023-01-05", "media/image.m4a", Image="media/bruit.jpg"))
    site.add_audio("transcription.mp3", plain["mp3_cbr_headerless"].path)
    shutil.copyfile(plain["mp3"].path, site.media / "faux.vtt")
    site.add_episode(
        "transcription", **episode("Transcription", "2023-01-06", "media/transcription.mp3", Transcript="media/faux.vtt")
    )


def test_every_kind_of_problem_in_one_message(site, audio_fixtures):
    output = site.root / "output"
    site.build(output)  # a good site first: the failed build must leave it as it was
    before = tree_digest(output)
    plant_every_mistake(site, audio_fixtures)
    refusal = site.build_refusal(output, PODCAST_TYPE="feuilleton")  # BuildProblems, output compared
    message = str(refusal)
    print("\n" + message)
    uncoded = [p.text for p in refusal.errors + refusal.warnings if not p.code]
    assert not uncoded, uncoded  # every problem a record with its code
    assert tree_digest(output) == before
    lines = message.splitlines()
    missing = [kind for kind, words in EXPECTED.items() if not any(all(w in line for w in words) for line in lines)]
    assert not missing, f"not in the message: {missing}\n{message}"
    assert "rien n'a été écrit" in lines[0]
    assert "Traceback" not in message
