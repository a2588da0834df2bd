"""Nothing wrong is published, nothing is lost: real builds (in process and through the build
command) that fail, wait for each other, get killed half-way, only check, meet warnings or a
crafted cache, and the output folder they must protect, hashed before and after."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import fresh_python
import pytest
from pelican.plugins.podcast.audio import read_audio
from pelican.plugins.podcast.cache import CACHE_FILE, CACHE_VERSION, AudioMetadataCache
from pelican.plugins.podcast.loudness import AudioQuality
from PIL import Image
from podcast_site import SITE_URL, PodcastSite, episode
from sitebuild import PROJECT, build_site, tree_digest
from waiting import wait_until

from plugins.problems import BuildStopped
from plugins.safe_output.staging import OutputBusy
from tools.audio_tags import Picture, Tags, write_id3

NO_TITLE = "Date: 2023-03-03\nCategory: Actualités\n\nUn article sans titre.\n"
NO_TITLE_SAID = "content/sans-titre.md: Title: champ obligatoire manquant"
# Pelican's English console (levels, its warnings and summary) and Python's tracebacks never reach the editor.
ENGLISH_OR_CRASH = ("Traceback", "WARNING", "ERROR", "CRITICAL", "Feeds generated", "Done: Processed", "Skipping",
                    "Unable to find", "Empty alt attribute")


# --- Helpers --------------------------------------------------------------------------------

def make_site(root: Path, audio_fixtures, articles: int = 3) -> PodcastSite:
    site = PodcastSite(root)
    for name, sound in (("un.mp3", "mp3"), ("deux.m4a", "m4a")):
        site.add_audio(name, audio_fixtures.plain[sound].path)
    # Each with its Guid, as a publication (--strict) requires.
    site.add_episode("un", **episode("Un", "2023-01-01", "media/un.mp3", Episode=1, Guid="guid-un"))
    site.add_episode("deux", **episode("Deux", "2023-01-02", "media/deux.m4a", Episode=2, Guid="guid-deux"))
    for number in range(1, articles + 1):
        add_article(site, f"article-{number}", f"Article {number}", f"2023-02-{number % 28 + 1:02d}")
    return site


def add_article(site: PodcastSite, name: str, title: str, date: str = "2023-03-01", body: str = "Texte.") -> Path:
    path = site.content / f"{name}.md"
    path.write_text(f"Title: {title}\nDate: {date}\nCategory: Actualités\n\n{body}\n", encoding="utf-8")
    return path


def settings_file(folder: Path, base: str = "pelicanconf", name: str = "reglages", **settings) -> Path:
    """A settings file that imports the project's `base` and puts output and cache in `folder`."""
    path = folder / f"{name}.py"
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(PROJECT)!r})",
        f"from {base} import *  # noqa: F403",
        f"THEME = {str(PROJECT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(PROJECT)!r}]",
        f"OUTPUT_PATH = {str(folder / 'output')!r}",
        f"CACHE_PATH = {str(folder / 'output-cache')!r}",
        *(f"{key} = {value!r}" for key, value in settings.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_command(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m plugins.build ARGS` from the project folder; never English, never a traceback."""
    result = fresh_python.run(
        [sys.executable, "-m", "plugins.build", *map(str, args)],
        cwd=PROJECT, capture_output=True, text=True, timeout=timeout,
    )
    said = result.stdout + result.stderr
    for word in ENGLISH_OR_CRASH:
        assert word not in said, f"{word!r} in the build command's output:\n{said}"
    return result


def leftovers(output: Path) -> list[str]:
    """Staging or replaced folders of ours beside `output` (the lock file may stay)."""
    return sorted(p.name for p in output.parent.glob(f".{output.name}.*") if not p.name.endswith(".lock"))


# --- A failed build changes nothing ---------------------------------------------------------

def test_a_failing_local_build_leaves_the_previous_output_byte_for_byte(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(tmp_path / "output")
    before = tree_digest(output)
    assert before
    (site.content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    message = site.build_problems(output)  # BuildProblems, output compared byte for byte
    assert NO_TITLE_SAID in message
    assert tree_digest(output) == before
    assert leftovers(output) == []


def test_a_failing_publish_build_leaves_the_previous_output_byte_for_byte(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    settings = settings_file(tmp_path, "publishconf")
    output = build_site(tmp_path / "output", str(settings), site.content)
    before = tree_digest(output)
    assert before and "index.html" in before
    (site.content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    result = build_command("-s", settings, "-c", site.content)
    assert result.returncode == 1
    assert "Échec de la construction du site." in result.stderr
    assert NO_TITLE_SAID in result.stderr
    assert tree_digest(output) == before
    assert leftovers(output) == []


# --- Two builds at once ---------------------------------------------------------------------

def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


def assert_names_the_folder(message: str, output: Path) -> None:
    shown = {str(output), os.path.relpath(output, PROJECT), str(output) + "/"}
    assert any(f"{name} " in message or f"{name}/ " in message or f"« {name} »" in message
               or f"'{name}'" in message or f"{name} :" in message for name in shown), (
        f"the message does not name the output folder {output}:\n{message}"
    )


def test_a_second_build_refuses_in_french_while_another_holds_the_output(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(tmp_path / "output")
    before = tree_digest(output)
    holder = os.open(lock_path(output), os.O_RDWR | os.O_CREAT)  # another open file description
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(OutputBusy) as stopped:
            build_site(output, content=site.content, SITEURL=SITE_URL, OUTPUT_LOCK_TIMEOUT=0)
        message = str(stopped.value)
        assert "une autre construction écrit déjà" in message
        assert tree_digest(output) == before
        assert_names_the_folder(message, output)
    finally:
        os.close(holder)
    build_site(output, content=site.content, SITEURL=SITE_URL, OUTPUT_LOCK_TIMEOUT=0)  # free again


def test_the_build_command_refuses_while_another_process_holds_the_output(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    settings = settings_file(tmp_path, OUTPUT_LOCK_TIMEOUT=0)
    output = build_site(tmp_path / "output", str(settings), site.content)
    before = tree_digest(output)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         f"fd = os.open({str(lock_path(output))!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "print('verrou pris', flush=True)\n"
         "sys.stdin.read()\n"],  # holds the lock until the test closes its input or kills it
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "verrou pris"
        add_article(site, "nouveau", "Nouveau")
        result = build_command("-s", settings, "-c", site.content)
        assert result.returncode == 1
        assert "une autre construction écrit déjà" in result.stderr
        assert tree_digest(output) == before
        assert_names_the_folder(result.stderr, output)
    finally:
        holder.kill()
        holder.wait()


# --- Leftovers of a killed build ------------------------------------------------------------

def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(tmp_path / "output")
    staging = tmp_path / ".output.staging-12345"
    (staging / "actualites").mkdir(parents=True)
    (staging / "index.html").write_text("<p>moitié d'un site</p>")
    (staging / "actualites" / "restes.html").write_text("restes")
    site.build(output)
    assert not staging.exists()
    assert leftovers(output) == []
    assert "actualites/restes.html" not in tree_digest(output)
    assert b"moiti" not in (output / "index.html").read_bytes()


def test_an_output_being_replaced_when_the_build_was_killed_is_put_back(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(tmp_path / "output")
    before = tree_digest(output)
    # Killed between the two renames: output/ moved aside, the new one not yet in place.
    output.rename(tmp_path / ".output.old-12345")
    (site.content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    with pytest.raises(BuildStopped) as stopped:  # even a failing build puts the previous output back
        build_site(output, content=site.content, SITEURL=SITE_URL)
    assert NO_TITLE_SAID in str(stopped.value)
    assert tree_digest(output) == before
    assert leftovers(output) == []
    (site.content / "sans-titre.md").unlink()
    add_article(site, "nouveau", "Nouveau")
    site.build(output)
    assert "actualites/nouveau/index.html" in tree_digest(output)
    assert leftovers(output) == []


def files_in(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def kill_when(settings: Path, content: Path, ready) -> bool:
    """Start the build command, SIGKILL it as soon as `ready()` holds; False if it finished first."""
    build = fresh_python.Popen([sys.executable, "-m", "plugins.build", "-s", str(settings), "-c", str(content)],
                             cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        outcome = wait_until(lambda: ("fini" if build.poll() is not None else None) or ("prêt" if ready() else None),
                             timeout=120, interval=0.002, message="the build neither finished nor reached the moment")
        if outcome == "prêt":
            build.kill()
            build.wait()
        return outcome == "prêt"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()


def test_killing_a_real_build_never_leaves_a_partial_output(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures, articles=25)
    settings = settings_file(tmp_path)
    output = build_site(tmp_path / "output", str(settings), site.content)
    old = tree_digest(output)
    add_article(site, "nouveau", "Nouveau")  # what the killed builds would publish
    assert build_command("-s", settings, "-c", site.content, "-o", tmp_path / "reference").returncode == 0
    new = tree_digest(tmp_path / "reference")
    assert new != old

    def staging_holds(count):
        return lambda: any(files_in(p) >= count for p in tmp_path.glob(".output.staging-*"))

    # Moments told by what the build left on disk, never by the time it took.
    moments = {
        "en lisant le contenu": staging_holds(0),  # the staging folder is made before anything is read
        "au premier fichier écrit": staging_holds(1),
        "à mi-écriture": staging_holds(len(new) // 2),
        "entre les deux renommages": lambda: any(tmp_path.glob(".output.old-*")),
    }
    seen = []
    for moment, ready in moments.items():
        killed = kill_when(settings, site.content, ready)
        now = tree_digest(output)
        if now:
            assert now in (old, new), f"partial output after a kill {moment}"
            seen.append(f"{moment}: {'tué' if killed else 'fini'}, {'ancien' if now == old else 'nouveau'}")
            continue
        # Killed between the two renames: the previous output waits beside, whole, for the next build.
        aside = list(tmp_path.glob(".output.old-*"))
        assert len(aside) == 1 and tree_digest(aside[0]) in (old, new), f"output lost after a kill {moment}"
        seen.append(f"{moment}: absent, gardé à côté")
        assert build_command("-s", settings, "-c", site.content).returncode == 0
        assert tree_digest(output) == new and leftovers(output) == []
    assert build_command("-s", settings, "-c", site.content).returncode == 0
    assert tree_digest(output) == new
    assert leftovers(output) == []
    print("\n" + " ; ".join(seen))


# --- Check mode -----------------------------------------------------------------------------

@pytest.fixture
def built(tmp_path, audio_fixtures):
    """A site built once through the build command: output written, audio cache warm."""
    site = make_site(tmp_path, audio_fixtures)
    settings = settings_file(tmp_path)
    return site, settings, build_site(tmp_path / "output", str(settings), site.content)


def snapshot(site: PodcastSite, output: Path) -> tuple:
    return tree_digest(site.content), tree_digest(output), sorted(p.name for p in output.parent.iterdir())


def test_check_writes_nothing_and_says_so_in_french(built):
    site, settings, output = built
    before = snapshot(site, output)
    result = build_command("--check", "-s", settings, "-c", site.content)
    assert result.returncode == 0, result.stderr
    assert "Vérifié sans rien écrire : " in result.stdout
    assert "3 articles" in result.stdout and "2 épisodes" in result.stdout
    # Its one write: the audio manifest, when an entry is new or changed; a second check writes nothing.
    content, *rest = snapshot(site, output)
    assert content.pop("podcasts/audio-manifest.json") and (content, *rest) == before
    after_first = snapshot(site, output)
    assert build_command("--check", "-s", settings, "-c", site.content).returncode == 0
    assert snapshot(site, output) == after_first


def test_check_lists_errors_and_writes_nothing(built):
    site, settings, output = built
    (site.content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    add_article(site, "avec-lien", "Avec un lien", body="Voir [x]({filename}absent.md).")
    before = snapshot(site, output)
    result = build_command("--check", "-s", settings, "-c", site.content)
    assert result.returncode == 1
    assert "La vérification a trouvé des problèmes." in result.stderr
    assert NO_TITLE_SAID in result.stderr
    assert "content/avec-lien.md: lien vers 'absent.md' introuvable" in result.stderr
    assert snapshot(site, output) == before


def scramble_keeping_size_and_mtime(path: Path) -> None:
    """Other bytes (a new file, so the output's hard link keeps the old ones), same size and mtime."""
    stat = path.stat()
    scrambled = path.with_name(path.name + ".tmp")
    scrambled.write_bytes(b"\x00" * stat.st_size)
    os.utime(scrambled, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(scrambled, path)


def test_check_with_a_warm_cache_opens_no_audio_file(built):
    site, settings, output = built
    scramble_keeping_size_and_mtime(site.media / "un.mp3")
    result = build_command("--check", "-s", settings, "-c", site.content)
    assert result.returncode == 0, result.stderr  # the cache answered: the scrambled file was not read
    # Without the cache the same check reads the file and refuses it: the test above proves something.
    cold = settings_file(site.root, name="reglages_froids", CACHE_PATH=str(site.root / "cache-froid"))
    result = build_command("--check", "-s", cold, "-c", site.content)
    assert result.returncode == 1
    assert "content/podcasts/un.md: Audio:" in result.stderr


# --- Warnings: local builds go on, publish stops ---------------------------------------------

def add_warnings(site: PodcastSite, audio_fixtures) -> tuple[str, str]:
    """An image without alt text and an episode whose embedded artwork is too small."""
    add_article(site, "sans-alt", "Une image sans description", body="![](https://exemple.org/image.png)")
    small = io.BytesIO()
    Image.new("RGB", (300, 300), (10, 120, 60)).save(small, format="PNG")
    audio = site.add_audio("petit.mp3", audio_fixtures.plain["mp3"].path)
    write_id3(str(audio), Tags(title="Petite pochette"), pictures=[Picture(small.getvalue(), "image/png")])
    site.add_episode("petit", **episode("Petite pochette", "2023-01-03", "media/petit.mp3", Episode=3, Guid="guid-petit"))
    return (
        "content/sans-alt.md: image 'image.png' sans texte alternatif",
        "content/podcasts/petit.md: Audio: l'image intégrée au fichier 'media/petit.mp3' mesure 300×300 px",
    )


def test_warnings_do_not_fail_a_local_build(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    warnings = add_warnings(site, audio_fixtures)
    result = build_command("-s", settings_file(tmp_path), "-c", site.content)
    assert result.returncode == 0, result.stderr
    for warning in warnings:
        assert warning in result.stderr
    assert "2 avertissements" in result.stderr
    assert "Site construit : " in result.stdout
    written = tree_digest(tmp_path / "output")
    assert "actualites/une-image-sans-description/index.html" in written and "podcast/petit/index.html" in written


# A publication compares its feed with the live one (test_publication_continuity.py): these sites were
# never published, which PODCAST_LIVE_FEED = False declares (no network).
NEVER_PUBLISHED = {"PODCAST_LIVE_FEED": False}


def test_warnings_fail_a_strict_publish_build_and_change_nothing(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    settings = settings_file(tmp_path, "publishconf", **NEVER_PUBLISHED)
    build_site(tmp_path / "output", str(settings), site.content, FAIL_ON_WARNINGS=True)
    before = tree_digest(tmp_path / "output")
    warnings = add_warnings(site, audio_fixtures)
    result = build_command("--strict", "-s", settings, "-c", site.content)
    assert result.returncode == 1
    assert "Les avertissements bloquent cette construction (publication), rien n'a été écrit." in result.stderr
    for warning in warnings:
        assert warning in result.stderr
    assert tree_digest(tmp_path / "output") == before
    assert leftovers(tmp_path / "output") == []


def test_publish_allow_warnings_lets_a_strict_build_go_on(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    warnings = add_warnings(site, audio_fixtures)
    settings = settings_file(tmp_path, "publishconf", PUBLISH_ALLOW_WARNINGS=True, **NEVER_PUBLISHED)
    result = build_command("--strict", "-s", settings, "-c", site.content)
    assert result.returncode == 0, result.stderr
    for warning in warnings:
        assert warning in result.stderr
    assert "podcast/petit/index.html" in tree_digest(tmp_path / "output")


# --- Plain Pelican ----------------------------------------------------------------------------

def test_plain_pelican_fails_with_the_french_list(tmp_path, audio_fixtures):
    site = make_site(tmp_path, audio_fixtures)
    output = site.build(tmp_path / "output")
    before = tree_digest(output)
    (site.content / "sans-titre.md").write_text(NO_TITLE, encoding="utf-8")
    result = fresh_python.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", "pelicanconf.py", "-o", str(output),
         "-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'output-cache'))}"],
        cwd=PROJECT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "1000"},  # Pelican's console would fold the lines
    )
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert "rien n'a été écrit" in said
    assert NO_TITLE_SAID in said
    assert tree_digest(output) == before


# --- A cache is data, never code --------------------------------------------------------------

class _RunsCode:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').close()",)


WRONG_SHAPES = {
    "a list": [1, 2, 3],
    "another program's cache": {"format": "autre chose", "version": CACHE_VERSION, "entries": {}},
    "entries as a list": {"format": "cite-ia podcast audio metadata", "version": CACHE_VERSION, "entries": ["x"]},
    "an entry of the wrong type": {"format": "cite-ia podcast audio metadata", "version": CACHE_VERSION,
                                   "entries": {"/nulle-part/x.mp3": {"size": "grand", "mtime_ns": 1, "info": {}}}},
    "artwork outside the cache": {"format": "cite-ia podcast audio metadata", "version": CACHE_VERSION, "entries": {
        "/nulle-part/x.mp3": {"size": 1, "mtime_ns": 1, "info": {
            "path": "x", "size": 1, "mime_type": "audio/mpeg", "format": "MP3", "duration": 1.0, "bitrate": 1,
            "sample_rate": 1, "channels": 1, "tags": {}, "chapters": [],
            "artwork": {"file": "../../../etc/passwd", "mime_type": "image/png"}}}}},
}


def test_an_older_readers_cache_reads_the_audio_again_but_keeps_loudness_and_digests(tmp_path, audio_fixtures, caplog):
    audio = tmp_path / "un.mp3"
    audio.write_bytes(audio_fixtures.plain["mp3"].path.read_bytes())
    cache = AudioMetadataCache(str(tmp_path / "cache"))
    cache.get(str(audio), lambda: read_audio(str(audio)))
    measured = AudioQuality(-16.0, -1.5, 6.0, 44100, 2, 128_000, "mp3")
    cache.remember_quality(str(audio), measured)
    digest = cache.sha256(str(audio))
    cache.save()
    saved = tmp_path / "cache" / CACHE_FILE
    document = json.loads(saved.read_text(encoding="utf-8"))
    saved.write_text(json.dumps({**document, "version": CACHE_VERSION - 1}), encoding="utf-8")  # an older reader's

    with caplog.at_level("WARNING"):
        older = AudioMetadataCache(str(tmp_path / "cache"))
    assert older.entries == {}, "what an older reader found is trusted"
    assert older.quality(str(audio)) == measured and older.sha256(str(audio)) == digest
    assert "ignoré" not in caplog.text


@pytest.mark.parametrize("planted", ["pickle", *WRONG_SHAPES])
def test_a_crafted_or_foreign_cache_is_ignored_with_a_warning(tmp_path, audio_fixtures, caplog, planted):
    site = make_site(tmp_path, audio_fixtures, articles=1)
    cache = tmp_path / "output-cache"
    cache.mkdir()
    marker = tmp_path / "code-ran"
    if planted == "pickle":
        crafted = pickle.dumps(_RunsCode(marker))
        # Our cache's name, its former (pickle) name, and the names of Pelican's own pickled caches.
        for name in (CACHE_FILE, "podcast-audio-metadata.pickle", "ArticlesGenerator-Readers",
                     "PagesGenerator-Readers", "ArticlesGenerator", "PagesGenerator"):
            (cache / name).write_bytes(crafted)
    else:
        (cache / CACHE_FILE).write_text(json.dumps(WRONG_SHAPES[planted]), encoding="utf-8")
    with caplog.at_level("WARNING"):
        output = site.build(tmp_path / "output", CACHE_PATH=str(cache))
    assert not marker.exists(), "the cache ran code"
    assert (output / "podcast" / "un" / "index.html").exists()
    assert any("cache des métadonnées audio ignoré" in r.getMessage() for r in caplog.records), caplog.text
    rebuilt = json.loads((cache / CACHE_FILE).read_text(encoding="utf-8"))
    assert rebuilt["format"] == "cite-ia podcast audio metadata" and len(rebuilt["entries"]) == 2
