"""Rebuilds: audio metadata and what the checks read of the pictures come from the cache, audio is not
copied again, enclosures can point to a CDN."""

from __future__ import annotations

import json
import os
import shutil

import feedparser
import pytest
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.cache import AudioMetadataCache
from pelican.plugins.podcast.errors import AudioError
from pelican.plugins.podcast.picture_cache import CACHE_FILE, CACHE_VERSION, PictureCache, read_picture
from PIL import Image
from podcast_site import COVER, PodcastSite, episode


def make_site(root, audio_fixtures) -> PodcastSite:
    site = PodcastSite(root)
    site.add_audio("un.mp3", audio_fixtures.tagged["mp3"].path)
    site.add_audio("deux.m4a", audio_fixtures.tagged["m4a"].path)
    site.add_episode("un", **episode("Un", "2023-01-01", "media/un.mp3", Episode=1))
    site.add_episode("deux", **episode("Deux", "2023-01-02", "media/deux.m4a", Episode=2))
    return site


def scramble_keeping_size_and_mtime(path) -> None:
    """Overwrite a file with bytes no audio reader accepts, keeping its size and modification time."""
    stat = os.stat(path)
    path.write_bytes(b"\x00" * stat.st_size)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_rebuild_with_unchanged_audio_reads_no_audio_file(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    cache = tmp_path / "cache"
    first = site.build(tmp_path / "first", CACHE_PATH=str(cache))
    # Were any audio file read again, it would now be rejected as corrupt and the build would fail.
    for audio in site.media.iterdir():
        scramble_keeping_size_and_mtime(audio)
    saved = (cache / "podcast-audio-metadata.json").stat()
    second = site.build(tmp_path / "second", CACHE_PATH=str(cache))
    assert (second / "podcast" / "feed.xml").read_bytes() == (first / "podcast" / "feed.xml").read_bytes()
    # Nothing new was read: the cache file is not written again.
    again = (cache / "podcast-audio-metadata.json").stat()
    assert (again.st_ino, again.st_mtime_ns) == (saved.st_ino, saved.st_mtime_ns)


def test_a_changed_audio_file_is_read_again(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    cache = tmp_path / "cache"
    site.build(tmp_path / "first", CACHE_PATH=str(cache))
    site.add_audio("un.mp3", audio_fixtures.plain["mp3_vbr"].path)  # a new file: new size and mtime
    second = site.build(tmp_path / "second", CACHE_PATH=str(cache))
    feed = feedparser.parse((second / "podcast" / "feed.xml").read_bytes())
    lengths = {entry.title: int(entry.enclosures[0].length) for entry in feed.entries}
    assert lengths["Un"] == audio_fixtures.plain["mp3_vbr"].path.stat().st_size


def checked_out_again(folder) -> None:
    """What a fresh checkout does to the files CI restores cache/ for: new times, same bytes."""
    for path in folder.iterdir():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 3_600_000_000_000))


def test_after_a_checkout_audio_is_trusted_by_its_content_and_not_read(tmp_path, audio_fixtures, caplog):
    site = make_site(tmp_path, audio_fixtures)
    cache = tmp_path / "cache"
    first = site.build(tmp_path / "first", CACHE_PATH=str(cache))
    checked_out_again(site.media)
    site.build(tmp_path / "second", CACHE_PATH=str(cache))  # read again, and their sha256 kept
    digests = json.loads((cache / "podcast-audio-metadata.json").read_bytes())["digests"]
    assert sorted(os.path.basename(path) for path in digests) == ["deux.m4a", "un.mp3"]
    checked_out_again(site.media)
    caplog.clear()
    with caplog.at_level("INFO", logger="pelican.plugins.podcast.generator"):
        third = site.build(tmp_path / "third", CACHE_PATH=str(cache))
    said = [record.getMessage() for record in caplog.records if record.getMessage().startswith("podcast : ")]
    assert said == ["podcast : 2 fichier(s) audio, 0 lu(s), 2 repris du cache (dont 2 reconnu(s) à leur contenu)"]
    assert (third / "podcast" / "feed.xml").read_bytes() == (first / "podcast" / "feed.xml").read_bytes()


def test_a_file_of_the_same_size_but_other_bytes_is_read_again_after_a_checkout(tmp_path, audio_fixtures):
    sound = tmp_path / "un.mp3"
    shutil.copyfile(audio_fixtures.tagged["mp3"].path, sound)
    cache = AudioMetadataCache(str(tmp_path / "cache"))
    reads = []

    def read():
        reads.append(sound)
        return read_audio(str(sound))

    cache.get(str(sound), read)
    checked_out_again(tmp_path)
    cache.get(str(sound), read)  # a new time, the same size: read again, its sha256 kept
    checked_out_again(tmp_path)
    trusted = cache.get(str(sound), read)
    assert (len(reads), cache.trusted_by_content) == (2, 1)
    assert trusted == read_audio(str(sound))
    scramble_keeping_size_and_mtime(sound)
    checked_out_again(tmp_path)  # other bytes, same size, a new time: the digests differ
    with pytest.raises(AudioError):
        cache.get(str(sound), read)
    assert len(reads) == 3


@pytest.mark.parametrize(("field", "raw"), [
    ("duration", "NaN"), ("duration", "Infinity"), ("duration", "-Infinity"), ("duration", "0"),
    ("size", "NaN"), ("size", "true"), ("bitrate", "-1"), ("chapter", "NaN"),
])
def test_a_cached_entry_holding_an_impossible_number_is_a_miss(tmp_path, audio_fixtures, field, raw):
    # Python's JSON reads NaN and Infinity: such an entry (a damaged or hand-edited cache) is never
    # trusted, its file is read again; the other entries still count.
    sound = audio_fixtures.tagged["mp3"]
    damaged, sound_one = tmp_path / "un.mp3", tmp_path / "deux.mp3"
    shutil.copyfile(sound.path, damaged)
    shutil.copyfile(sound.path, sound_one)
    cache = AudioMetadataCache(str(tmp_path / "cache"))
    for path in (damaged, sound_one):
        cache.get(str(path), lambda path=path: read_audio(str(path)))
    cache.save()
    stored = tmp_path / "cache" / "podcast-audio-metadata.json"
    document = json.loads(stored.read_bytes())
    info = document["entries"][str(damaged)]["info"]
    if field == "chapter":
        assert info["chapters"], "the tagged fixture has chapters"
        info["chapters"][0]["start"] = "@@"
    else:
        info[field] = "@@"
    stored.write_text(json.dumps(document).replace('"@@"', raw), encoding="utf-8")

    reloaded = AudioMetadataCache(str(tmp_path / "cache"))
    assert reloaded.knows(str(sound_one))
    assert not reloaded.knows(str(damaged))
    reads = []
    again = reloaded.get(str(damaged), lambda: reads.append(damaged) or read_audio(str(damaged)))
    assert reads == [damaged]
    assert again == read_audio(str(damaged))


def test_unchanged_audio_is_not_copied_again(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = tmp_path / "output"
    site.build(output)
    copied = output / "podcasts" / "media" / "un.mp3"
    # Mark the copy (same size and mtime, other bytes): a new copy would erase the mark.
    scramble_keeping_size_and_mtime(copied)
    site.build(output)
    assert set(copied.read_bytes()) == {0}


def test_a_replaced_audio_file_is_published_whatever_its_mtime(tmp_path, audio_fixtures):
    """`cp -p`, `rsync -t` or unzip give a replacement an OLDER mtime than the published copy."""
    site = make_site(tmp_path, audio_fixtures)
    output = tmp_path / "output"
    site.build(output)
    published = output / "podcasts" / "media" / "un.mp3"
    source = site.media / "un.mp3"
    old_mtime = source.stat().st_mtime_ns
    shutil.copyfile(audio_fixtures.plain["mp3_vbr"].path, source)
    os.utime(source, ns=(old_mtime - 10**12, old_mtime - 10**12))
    site.build(output)
    assert published.read_bytes() == source.read_bytes()
    feed = feedparser.parse((output / "podcast" / "feed.xml").read_bytes())
    sizes = {entry.enclosures[0].href.rsplit("/", 1)[1]: int(entry.enclosures[0].length) for entry in feed.entries}
    assert sizes["un.mp3"] == source.stat().st_size


def test_audio_is_linked_not_copied_on_one_filesystem(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(tmp_path / "output")
    assert (output / "podcasts" / "media" / "un.mp3").stat().st_ino == (site.media / "un.mp3").stat().st_ino


def test_copied_audio_is_copied_once_and_again_only_when_it_changed(tmp_path, audio_fixtures):
    """Without hard links (content/ on another disk, or STATIC_HARD_LINKS = False), each build
    starts from an empty staging folder: an unchanged file must not be copied into it again."""
    site = make_site(tmp_path, audio_fixtures)
    output = tmp_path / "output"
    source = site.media / "un.mp3"
    published = output / "podcasts" / "media" / "un.mp3"
    site.build(output, STATIC_HARD_LINKS=False)
    first = published.stat()
    assert first.st_ino != source.stat().st_ino  # a copy, not the editor's file
    assert (first.st_size, first.st_mtime_ns) == (source.stat().st_size, source.stat().st_mtime_ns)
    assert published.read_bytes() == source.read_bytes()

    site.build(output, STATIC_HARD_LINKS=False)
    again = published.stat()
    assert again.st_ino == first.st_ino  # the same copy, taken from the previous output
    assert again.st_mtime_ns == first.st_mtime_ns  # and not written again (a copy by Pelican would date it now)

    # Replaced by another file, even one dated earlier (cp -p, unzip): copied again.
    older = source.stat().st_mtime_ns - 10**12
    shutil.copyfile(audio_fixtures.plain["mp3_vbr"].path, source)
    os.utime(source, ns=(older, older))
    site.build(output, STATIC_HARD_LINKS=False)
    assert published.read_bytes() == source.read_bytes()
    assert published.stat().st_mtime_ns == older

    # Saved again with the same bytes (a new date only): copied again, same bytes.
    before = published.stat().st_ino
    os.utime(source)
    site.build(output, STATIC_HARD_LINKS=False)
    assert published.stat().st_ino != before
    assert published.read_bytes() == source.read_bytes()
    # An edit inside output/ never reaches content/: they are two files.
    published.write_bytes(b"x")
    assert source.read_bytes() != b"x"


def test_enclosures_can_point_to_a_media_host(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(PODCAST_MEDIA_URL="https://media.example.org/cite")
    feed = feedparser.parse((output / "podcast" / "feed.xml").read_bytes())
    urls = sorted(entry.enclosures[0].href for entry in feed.entries)
    assert urls == [
        "https://media.example.org/cite/podcasts/media/deux.m4a",
        "https://media.example.org/cite/podcasts/media/un.mp3",
    ]
    # Metadata still comes from the local files.
    lengths = sorted(int(entry.enclosures[0].length) for entry in feed.entries)
    assert lengths == sorted(os.path.getsize(p) for p in site.media.iterdir())
    # The audio lives on the media host: not a byte of it in the output.
    assert not [path for path in output.rglob("*") if path.suffix in (".mp3", ".m4a")]


# --- Pictures: the show's cover and the episodes' Image -------------------------------------------


def picture_site(tmp_path, audio_fixtures) -> PodcastSite:
    site = make_site(tmp_path, audio_fixtures)
    Image.new("RGB", (1400, 1400), (200, 60, 30)).save(site.media / "pochette.jpg", quality=95)
    site.add_episode("un", **episode("Un", "2023-01-01", "media/un.mp3", Episode=1, Image="media/pochette.jpg"))
    return site


def test_a_rebuild_with_unchanged_pictures_reads_none(tmp_path, audio_fixtures):
    site = picture_site(tmp_path, audio_fixtures)
    cache = tmp_path / "cache"
    first = site.build(tmp_path / "first", CACHE_PATH=str(cache))
    # Were a picture read again (the artwork check, the thumbnails' name), it would now be refused as unreadable.
    for picture in (site.content / COVER, site.media / "pochette.jpg"):
        scramble_keeping_size_and_mtime(picture)
    second = site.build(tmp_path / "second", CACHE_PATH=str(cache))
    for thumbnail in ("images/podcast-cover.vignette-144.jpg", "podcasts/media/pochette.vignette-144.jpg"):
        assert (second / thumbnail).read_bytes() == (first / thumbnail).read_bytes()


def cut_short(data: bytes) -> bytes:
    return data[: len(data) // 2].ljust(len(data), b"\0")


def header_wiped(data: bytes) -> bytes:
    return b"\0" * 16 + data[16:]


def copy_interrupted(data: bytes) -> bytes:
    """A JPEG's last quarter missing: its header is whole, Pillow's verify() says nothing."""
    return data[: len(data) * 3 // 4]


@pytest.mark.parametrize(
    "picture, field, damage, said",
    [
        (COVER, "PODCAST_IMAGE", cut_short, "est une image abîmée ou incomplète"),
        ("podcasts/media/pochette.jpg", "Image", header_wiped, "n'est pas une image lisible"),
        ("podcasts/media/pochette.jpg", "Image", copy_interrupted, "est une image abîmée ou incomplète"),
    ],
)
def test_a_picture_replaced_by_a_broken_one_of_the_same_size_is_caught(tmp_path, audio_fixtures, picture, field, damage,
                                                                      said):
    site = picture_site(tmp_path, audio_fixtures)
    cache = tmp_path / "cache"
    site.build(tmp_path / "first", CACHE_PATH=str(cache))
    path = site.content / picture
    stat = path.stat()
    path.write_bytes(damage(path.read_bytes()))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # saved a second later
    message = site.build_problems(CACHE_PATH=str(cache))
    assert f"{field}: '" in message and said in message


def test_the_picture_cache_keeps_what_pillow_read(tmp_path, caplog):
    picture = tmp_path / "pochette.png"
    Image.new("RGBA", (1400, 1600), (1, 2, 3, 4)).save(picture)
    cache = PictureCache(str(tmp_path))
    facts = cache.facts(str(picture))
    assert facts == read_picture(picture.read_bytes())
    cache.save()
    assert PictureCache(str(tmp_path)).entries == cache.entries
    damaged = {"format": "cite-ia podcast pictures", "version": CACHE_VERSION, "entries": {"x": 1}}
    (tmp_path / CACHE_FILE).write_text(json.dumps(damaged))
    assert PictureCache(str(tmp_path)).entries == {}
    assert "cache des images du podcast ignoré" in caplog.text
