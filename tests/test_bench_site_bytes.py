"""The benchmark's check that every build leaves the site a cold build writes (tools/bench/site_bytes.py):
a page of other bytes, a file missing or extra is named; the audio, linked from content/, is
compared by the file it links to, never read; after a text edit, the search index is left out."""

from __future__ import annotations

import os

from tools.bench.site_bytes import SEARCH_FOLDER, differences, snapshot


def site(folder, content, page="<p>Bonjour</p>"):
    (folder / "actualites").mkdir(parents=True)
    (folder / "actualites" / "index.html").write_text(page, encoding="utf-8")
    (folder / SEARCH_FOLDER).mkdir()
    (folder / SEARCH_FOLDER / "index.pf_meta").write_bytes(b"index")
    (folder / "podcast").mkdir()
    os.link(content / "ep001.mp3", folder / "podcast" / "ep001.mp3")
    return folder


def test_the_same_site_has_no_difference_and_its_audio_is_compared_by_the_file_it_links(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "ep001.mp3").write_bytes(b"\xff\xf3" * 1000)
    cold = snapshot(site(tmp_path / "cold", content))
    assert differences(snapshot(site(tmp_path / "warm", content)), cold) == []
    assert cold["podcast/ep001.mp3"].startswith("audio of 2000 bytes, file ")

    other = site(tmp_path / "other", content, page="<p>Bonsoir</p>")
    (other / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (other / SEARCH_FOLDER / "index.pf_meta").write_bytes(b"old index")
    os.unlink(other / "podcast" / "ep001.mp3")
    (other / "podcast" / "ep001.mp3").write_bytes(b"\xff\xf3" * 1000)  # a copy, not the content's file
    assert differences(snapshot(other), cold) == [
        "actualites/index.html", "pagefind/index.pf_meta", "podcast/ep001.mp3", "robots.txt"]
    assert differences(snapshot(other), cold, search_index_behind=True) == [
        "actualites/index.html", "podcast/ep001.mp3", "robots.txt"]
