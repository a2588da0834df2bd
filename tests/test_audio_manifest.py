"""The audio manifest: the audio may live on the media host only, the site stays the same.

`invoke check` writes content/podcasts/audio-manifest.json from the audio files present; a build
without them (PODCAST_MEDIA_URL set) takes each file's entry and writes the same pages and feed,
byte for byte. `invoke publish-media` sends new audio files to the media host and never replaces
one; `invoke check --media-host` asks the host for each file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import fresh_python
import pytest
from admin_format import run_format
from feed_records import items
from local_http import serve
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.feed_namespaces import ITUNES_NS, PODCAST_INDEX_NS
from pelican.plugins.podcast.front_matter import EPISODE_RULES
from pelican.plugins.podcast.manifest import AudioManifest
from pelican.plugins.podcast.markdown_header import header_dict, parse_header
from sitebuild import PROJECT, build_refusal, build_site, copy_content, found, tree_digest

from plugins.admin import bundle
from plugins.admin.config import header_rules
from plugins.admin.fields import CHOOSE_URL, Vocabulary, folder_on_host, form_fields
from plugins.problems import BuildProblems, CheckPassed

MEDIA_URL = "https://media.example.org/cite-ia/"
AUDIO_SUFFIXES = (".mp3", ".m4a", ".opus")
MANIFEST = "content/podcasts/audio-manifest.json"


def entry_line(content: Path, audio: str) -> int:
    """The line of the manifest where the entry of `audio` starts."""
    lines = (content / "podcasts" / "audio-manifest.json").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(f'    "{audio}": '))


def check_site(content: Path, output: Path, audio_cache: Path, **overrides) -> None:
    """`invoke check` on `content` (a copy of the repository's, its audio already measured once in
    `audio_cache`): everything checked, nothing written but the manifest."""
    with pytest.raises(CheckPassed):
        build_site(output, content=content, audio_cache=audio_cache, CHECK_ONLY=True, **overrides)


def audio_files(content: Path) -> list[Path]:
    return sorted(f for f in (content / "podcasts" / "media").iterdir() if f.suffix in AUDIO_SUFFIXES)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, measured_audio_cache):
    """The demo site checked (manifest written), built with its audio, then built without it."""
    root = tmp_path_factory.mktemp("manifeste")
    content = copy_content(root / "content")
    check_site(content, root / "check", measured_audio_cache)
    manifest = (content / "podcasts" / "audio-manifest.json").read_bytes()
    infos = {f.relative_to(content).as_posix(): read_audio(str(f)) for f in audio_files(content)}
    with_audio = build_site(root / "avec", content=content, PODCAST_MEDIA_URL=MEDIA_URL)
    # Named "content" as the first copy: the web editor's config names the content folder.
    without = copy_content(root / "sans-audio" / "content", content)
    for audio in audio_files(without):
        audio.unlink()
    without_audio = build_site(root / "sans", content=without, PODCAST_MEDIA_URL=MEDIA_URL)
    return {"audio_cache": measured_audio_cache, "root": root, "content": content, "without": without,
            "manifest": manifest, "infos": infos,
            "with_audio": with_audio, "without_audio": without_audio}


def test_check_writes_a_readable_manifest_of_every_audio_file(demo):
    document = json.loads(demo["manifest"].decode("utf-8"))
    assert set(document["audio"]) == set(demo["infos"])
    # Indented, sorted keys, UTF-8 (accents as themselves), one final newline.
    assert demo["manifest"].decode("utf-8") == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    entry = document["audio"]["podcasts/media/s1e03.mp3"]
    audio = demo["content"] / "podcasts" / "media" / "s1e03.mp3"
    assert entry["sha256"] == hashlib.sha256(audio.read_bytes()).hexdigest()
    assert entry["size"] == audio.stat().st_size
    # Embedded artwork: extracted beside the audio, named and hashed by the entry.
    image = demo["content"] / entry["artwork"]["file"]
    assert image.name == "s1e03.mp3.pochette.jpg"
    assert image.read_bytes() == demo["infos"]["podcasts/media/s1e03.mp3"].artwork.data
    assert entry["artwork"]["sha256"] == hashlib.sha256(image.read_bytes()).hexdigest()


def test_an_entry_gives_back_what_the_reader_gave(demo):
    manifest = AudioManifest(str(demo["content"]), "podcasts")
    assert manifest.problems == []
    for relative, info in demo["infos"].items():
        known, problem = manifest.info(relative, info.path)
        assert problem is None
        assert known == info, relative


def test_without_the_audio_files_the_site_is_byte_for_byte_the_same(demo):
    with_audio, without_audio = tree_digest(demo["with_audio"]), tree_digest(demo["without_audio"])
    assert "podcast/feed.xml" in with_audio
    assert any(path.endswith("/pochette.jpg") for path in with_audio)  # embedded artwork, in both
    assert with_audio == without_audio
    feed = (demo["without_audio"] / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert f'url="{MEDIA_URL}podcasts/media/s1e03.mp3"' in feed
    assert not any(path.endswith(AUDIO_SUFFIXES) for path in without_audio)  # on the media host


def test_a_second_check_rewrites_nothing(demo, tmp_path):
    manifest = demo["content"] / "podcasts" / "audio-manifest.json"
    before = manifest.stat().st_mtime_ns
    check_site(demo["content"], tmp_path / "check", demo["audio_cache"])
    assert manifest.stat().st_mtime_ns == before
    assert manifest.read_bytes() == demo["manifest"]


def test_check_updates_the_entry_of_a_changed_file_only(demo, tmp_path):
    content = copy_content(tmp_path / "content", demo["content"])
    shutil.copyfile(content / "podcasts" / "media" / "s1e03.mp3", content / "podcasts" / "media" / "s2e04.mp3")
    check_site(content, tmp_path / "check", demo["audio_cache"], CACHE_PATH=str(tmp_path / "cache"))
    before = json.loads(demo["manifest"])["audio"]
    after = json.loads((content / "podcasts" / "audio-manifest.json").read_bytes())["audio"]
    changed = "podcasts/media/s2e04.mp3"
    assert after[changed] == {**before["podcasts/media/s1e03.mp3"], "artwork": {
        **before["podcasts/media/s1e03.mp3"]["artwork"], "file": "podcasts/media/s2e04.mp3.pochette.jpg"}}
    assert {k: v for k, v in after.items() if k != changed} == {k: v for k, v in before.items() if k != changed}
    assert (content / "podcasts" / "media" / "s2e04.mp3.pochette.jpg").is_file()


def test_a_present_file_unlike_its_entry_stops_the_build(demo, tmp_path):
    content = copy_content(tmp_path / "content", demo["content"])
    shutil.copyfile(content / "podcasts" / "media" / "s1e03.mp3", content / "podcasts" / "media" / "s2e04.mp3")
    refusal = build_refusal(tmp_path / "output", content=content)
    changed = found(refusal.errors, "podcast.E159", "content/podcasts/09-cap-sur-tallinn.md", "Audio", line=3)
    assert "'media/s2e04.mp3'" in changed.message and MANIFEST in changed.message and changed.hint


def test_neither_the_file_nor_an_entry_is_an_error(demo, tmp_path):
    content = copy_content(tmp_path / "content", demo["without"])
    manifest = content / "podcasts" / "audio-manifest.json"
    document = json.loads(manifest.read_bytes())
    del document["audio"]["podcasts/media/s2e04.mp3"]
    manifest.write_text(json.dumps(document), encoding="utf-8")
    refusal = build_refusal(tmp_path / "output", content=content, PODCAST_MEDIA_URL=MEDIA_URL)
    neither = found(refusal.errors, "podcast.E158", "content/podcasts/09-cap-sur-tallinn.md", "Audio", line=3)
    assert "'media/s2e04.mp3'" in neither.message and MANIFEST in neither.message


def with_entry_field(content: Path, audio: str, field: str, raw: str) -> Path:
    """The manifest of `content` with one field of one entry written as `raw` JSON (NaN too:
    Python's JSON reads it, as an editor's merge or script may write it)."""
    manifest = content / "podcasts" / "audio-manifest.json"
    document = json.loads(manifest.read_bytes())
    document["audio"][audio][field] = "@@"
    manifest.write_text(json.dumps(document, indent=2).replace('"@@"', raw), encoding="utf-8")
    return manifest


def test_a_non_finite_duration_is_a_problem_not_a_crash_of_the_build(demo, tmp_path):
    # It went through to the episode page's JSON-LD, whose ISO 8601 duration died on a ValueError.
    content = copy_content(tmp_path / "content", demo["without"])
    with_entry_field(content, "podcasts/media/s2e04.mp3", "duration", "NaN")
    refusal = build_refusal(tmp_path / "output", content=content, PODCAST_MEDIA_URL=MEDIA_URL)
    invalid = found(refusal.errors, "podcast.E155", MANIFEST)
    assert invalid.line == entry_line(content, "podcasts/media/s2e04.mp3")
    assert "'podcasts/media/s2e04.mp3'" in invalid.message and "« duration »" in invalid.message
    assert "NaN" in invalid.message


@pytest.mark.parametrize(("field", "raw", "shown"), [
    ("duration", "NaN", "NaN"),
    ("duration", "Infinity", "Infinity"),
    ("duration", "-Infinity", "-Infinity"),
    ("duration", "1e999", "Infinity"),
    ("duration", "0", "0"),
    ("size", "Infinity", "Infinity"),
    ("size", "NaN", "NaN"),
    ("size", "true", "true"),
    ("size", "0", "0"),
])
def test_every_number_of_an_entry_is_finite_and_in_range(demo, tmp_path, field, raw, shown):
    content = copy_content(tmp_path / "content", demo["content"])
    with_entry_field(content, "podcasts/media/s1e03.mp3", field, raw)
    manifest = AudioManifest(str(content), "podcasts")
    invalid = found(manifest.problems, "podcast.E155", MANIFEST, line=entry_line(content, "podcasts/media/s1e03.mp3"))
    assert len(manifest.problems) == 1
    # The field, and its value as the manifest writes it (JSON's NaN, true).
    assert f"« {field} »" in invalid.message and f"{shown})" in invalid.message
    assert "podcasts/media/s1e03.mp3" not in manifest.entries


def test_a_non_finite_chapter_time_is_a_problem(demo, tmp_path):
    content = copy_content(tmp_path / "content", demo["content"])
    manifest = content / "podcasts" / "audio-manifest.json"
    document = json.loads(manifest.read_bytes())
    entry = document["audio"]["podcasts/media/s1e03.mp3"]
    assert entry["chapters"], "the fixture's audio has chapters"
    entry["chapters"][0]["start"] = float("nan")
    manifest.write_text(json.dumps(document), encoding="utf-8")
    problems = AudioManifest(str(content), "podcasts").problems
    invalid = found(problems, "podcast.E155", MANIFEST)
    assert len(problems) == 1 and "« chapters.start »" in invalid.message and "NaN" in invalid.message


def test_without_a_media_host_a_missing_file_is_an_error_as_before(demo, tmp_path):
    refusal = build_refusal(tmp_path / "output", content=demo["without"])
    missing = found(refusal.errors, "podcast.E035", "content/podcasts/09-cap-sur-tallinn.md", "Audio", line=3)
    assert "'media/s2e04.mp3'" in missing.message


def test_a_damaged_manifest_is_a_problem_naming_it_and_is_not_rewritten(demo, tmp_path):
    content = copy_content(tmp_path / "content", demo["content"])
    manifest = content / "podcasts" / "audio-manifest.json"
    manifest.write_text('{"audio": {\n<<<<<<< HEAD\n', encoding="utf-8")
    with pytest.raises(BuildProblems) as caught:
        build_site(tmp_path / "check", content=content, audio_cache=demo["audio_cache"], CHECK_ONLY=True)
    found(caught.value.errors, "podcast.E151", MANIFEST, line=2)  # where JSON stops reading it
    assert manifest.read_text(encoding="utf-8") == '{"audio": {\n<<<<<<< HEAD\n'


# --- invoke publish-media --------------------------------------------------------------------


def invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISH_")} | env
    return fresh_python.run([sys.executable, "-m", "invoke", *args], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def media_project(tmp_path, demo):
    """A project (tasks.py, plugins) whose content has two audio files and their manifest."""
    project = tmp_path / "projet"
    media = project / "content" / "podcasts" / "media"
    media.mkdir(parents=True)
    shutil.copy(PROJECT / "tasks.py", project / "tasks.py")
    shutil.copytree(PROJECT / "plugins", project / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "pelicanconf.py").write_text('PATH = "content"\nOUTPUT_PATH = "output"\n', encoding="utf-8")
    manifest = AudioManifest(str(project / "content"), "podcasts", updating=True)
    for name in ("s1e01.mp3", "s2e03.m4a"):
        shutil.copyfile(demo["content"] / "podcasts" / "media" / name, media / name)
        manifest.record(f"podcasts/media/{name}", read_audio(str(media / name)),
                        hashlib.sha256((media / name).read_bytes()).hexdigest())
    manifest.save()
    return project


def test_publish_media_sends_new_files_and_never_replaces_one(media_project, tmp_path):
    target = tmp_path / "hote-des-medias"
    dry = invoke(media_project, "publish-media", "--dry-run", PUBLISH_MEDIA_TARGET=str(target))
    assert dry.returncode == 0, dry.stderr
    assert "à envoyer : podcasts/media/s1e01.mp3" in dry.stdout
    assert not target.exists()

    sent = invoke(media_project, "publish-media", PUBLISH_MEDIA_TARGET=str(target))
    assert sent.returncode == 0, sent.stderr
    media = media_project / "content" / "podcasts" / "media"
    for name in ("s1e01.mp3", "s2e03.m4a"):
        assert (target / "podcasts" / "media" / name).read_bytes() == (media / name).read_bytes()

    again = invoke(media_project, "publish-media", PUBLISH_MEDIA_TARGET=str(target))
    assert again.returncode == 0 and "Rien à envoyer" in again.stdout

    # A published file with other bytes under the same name: refused, the target untouched.
    (target / "podcasts" / "media" / "s1e01.mp3").write_bytes(b"une autre version")
    before = tree_digest(target)
    for args in (("publish-media",), ("publish-media", "--dry-run")):
        refused = invoke(media_project, *args, PUBLISH_MEDIA_TARGET=str(target))
        assert refused.returncode == 1
        assert "Refusé : 1 fichier(s) déjà publié(s)" in refused.stderr
        assert "  - podcasts/media/s1e01.mp3\n" in refused.stderr
        assert tree_digest(target) == before


def test_publish_media_checks_its_target_like_publish(media_project):
    result = invoke(media_project, "publish-media", PUBLISH_MEDIA_TARGET=str(media_project / "content"))
    assert result.returncode == 1
    assert "Cible de publication refusée" in result.stderr and "PUBLISH_MEDIA_TARGET" in result.stderr
    missing = invoke(media_project, "publish-media")
    assert missing.returncode == 1 and "PUBLISH_MEDIA_TARGET" in missing.stderr


# --- invoke check --media-host -----------------------------------------------------------------


@pytest.fixture
def media_host(demo, tmp_path):
    """A web server on 127.0.0.1 serving a copy of the audio files: one missing, one of another size."""
    served = tmp_path / "servi"
    for audio in audio_files(demo["content"]):
        target = served / audio.relative_to(demo["content"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(audio, target)
    (served / "podcasts" / "media" / "s2e04.mp3").unlink()
    with open(served / "podcasts" / "media" / "s1e02.m4a", "ab") as grown:
        grown.write(b"\0")

    with serve(served) as base:
        yield base + "/"


def test_check_media_host_names_the_episodes_whose_file_is_missing_or_other(demo, media_host, tmp_path):
    with pytest.raises(BuildProblems) as caught:
        build_site(tmp_path / "check", content=demo["without"], CHECK_ONLY=True, CHECK_MEDIA_HOST=True,
                   PODCAST_MEDIA_URL=media_host)
    problems = caught.value.errors
    assert len(problems) == 2, problems
    other = found(problems, "podcast.E172", "content/podcasts/02-l-ia-un-sujet-de-management.md", "Audio")
    absent = found(problems, "podcast.E170", "content/podcasts/09-cap-sur-tallinn.md", "Audio")
    assert "'media/s1e02.m4a'" in other.message and "'media/s2e04.mp3'" in absent.message
    assert "HTTP 404" in absent.message and absent.hint != other.hint  # send it; a published file never changes


def test_check_media_host_with_the_host_down_is_an_error(demo, tmp_path):
    with pytest.raises(BuildProblems) as caught:
        build_site(tmp_path / "check", content=demo["without"], CHECK_ONLY=True, CHECK_MEDIA_HOST=True,
                   PODCAST_MEDIA_URL="http://127.0.0.1:9/")
    unreachable = found(caught.value.errors, "podcast.E173", field="PODCAST_MEDIA_URL")
    assert "12" in unreachable.message


def test_the_web_editor_takes_the_media_host_address_and_the_build_reads_the_manifest(demo, tmp_path):
    """Audio above the upload limit, or kept on the media host only: the form says, in French, to
    paste its address there; the episode file then names it as a person does (« media/… ») and a
    build without the audio reads its size, duration and chapters from the manifest."""
    host = folder_on_host(MEDIA_URL, "podcasts")
    assert host == f"{MEDIA_URL}podcasts/"
    audio = {f["name"]: f for f in form_fields(EPISODE_RULES, Vocabulary(audio_on_host=host))}["Audio"]
    assert f"« {CHOOSE_URL} »" in audio["hint"] and f"({host}media/…)" in audio["hint"]
    assert "manifeste audio (audio-manifest.json)" in audio["hint"]
    assert CHOOSE_URL in (bundle.node_modules() / bundle.BUNDLE / bundle.MAIN_FILE).read_text(encoding="utf-8"), \
        "the hint names Decap's own button"
    without_host = {f["name"]: f for f in form_fields(EPISODE_RULES, Vocabulary())}["Audio"]["hint"]
    assert CHOOSE_URL not in without_host and "administrateur" in without_host

    content = copy_content(tmp_path / "content", demo["without"])
    episode = content / "podcasts" / "03-ingenieur-de-donnees-le-metier-qui-manque.md"
    original = episode.read_text(encoding="utf-8")
    header = header_dict(parse_header(original))
    pasted = f"{host}media/s1e03.mp3"
    form = {"Title": header["title"], "Date": header["date"], "Audio": pasted, "Season": 1, "Episode": 3,
            "Guid": header["guid"], "Transcript": header["transcript"], "body": "Les notes, écrites dans le formulaire.\n"}
    written = run_format(header_rules(EPISODE_RULES, host), {"s1e03": original}, {"Audio": pasted}, form)
    assert written["changed"]["s1e03"] == original, "its own audio's address pasted: not a byte changed"
    assert "\nAudio: media/s1e03.mp3\n" in written["created"] and MEDIA_URL not in written["created"]
    episode.write_text(written["created"], encoding="utf-8")
    output = build_site(tmp_path / "output", content=content, PODCAST_MEDIA_URL=MEDIA_URL)

    def item_of(feed: Path):
        return next(i for i in items(feed.read_bytes()) if i.findtext("guid") == header["guid"])

    built, reference = item_of(output / "podcast" / "feed.xml"), item_of(demo["without_audio"] / "podcast" / "feed.xml")
    entry = json.loads(demo["manifest"])["audio"]["podcasts/media/s1e03.mp3"]
    enclosure = built.find("enclosure")
    assert enclosure is not None and enclosure.get("url") == pasted and enclosure.get("length") == str(entry["size"])
    duration = f"{{{ITUNES_NS}}}duration"
    assert built.findtext(duration) == reference.findtext(duration), "the duration the manifest gives"
    chapters = f"{{{PODCAST_INDEX_NS}}}chapters"
    assert built.find(chapters) is not None and built.find(chapters).get("url") == reference.find(chapters).get("url")
    page = (output / "podcast" / episode.stem / "index.html").read_text(encoding="utf-8")
    assert "Les notes, écrites dans le formulaire." in page
    assert all(chapter["title"].replace("'", "&#39;") in page for chapter in entry["chapters"]), "the manifest's chapters"
