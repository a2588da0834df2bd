"""The benchmark's site, made once per folder: audio with ffmpeg, French-looking Markdown, two settings files.

Layout of the corpus folder:

    audio/               the masters, encoded once (kept and reused: encoding them is the slow part)
    episode-audio/       one file per episode, a master's copy with the episode's own tags: every episode
                         file is distinct bytes, as on a real site (kept and reused too)
    plugin/content/      articles, pages, and episodes in podcasts/ whose audio is hard-linked from episode-audio/
    plugin/benchconf.py  the project's pelicanconf.py with this corpus's folders
    plugin/referenceconf.py  the same, built into reference/ with a cache of its own: the cold build
                         of the same content that every build's site must equal (site_bytes.py)
    baseline/content/    the same articles and pages; the episodes as plain pages in pages/bench-episodes/
    baseline/benchconf.py  the same settings, podcast plugin off (and its referenceconf.py)
    {plugin,baseline}/output, cache   what the builds write (reference, reference-cache: the reference builds)

The text is made by a seeded generator, so two corpora of the same scale are byte-identical.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tools.audio_tags import Tags, write_id3, write_mp4
from tools.ffmpeg import ffmpeg_executable
from tools.mpeg_frames import strip_xing_frame

PROJECT = Path(__file__).resolve().parent.parent.parent
ENCODERS = ("libmp3lame", "aac")
VARIANTS = ("baseline", "plugin")


@dataclass(frozen=True)
class Scale:
    name: str
    articles: int
    episodes: int
    audio_seconds: int  # length of each distinct audio file (a few seconds more for each copy of a kind)
    files_per_kind: int


FULL = Scale("full", articles=1000, episodes=200, audio_seconds=3600, files_per_kind=5)
QUICK = Scale("quick", articles=20, episodes=8, audio_seconds=20, files_per_kind=1)


@dataclass(frozen=True)
class AudioKind:
    name: str
    extension: str
    source: str  # lavfi source; {seed} and {frequency} differ between the files of a kind
    encoding: tuple[str, ...]
    headerless: bool = False


# Low-complexity sources at 22.05 kHz mono keep the encoding fast. The VBR sources start quiet and
# alternate quiet and loud, so the first frame's bitrate is far from the average: the case where
# mutagen's estimate of a header-less file is wrong and the reader must count frames.
_GATED_NOISE = "anoisesrc=r=22050:c=pink:a=0.3:seed={seed},volume='if(lt(mod(t,20),8),0.01,1)':eval=frame"
AUDIO_KINDS = (
    AudioKind("mp3-cbr", "mp3", "sine=f={frequency}:r=22050", ("-c:a", "libmp3lame", "-b:a", "128k")),
    AudioKind("mp3-vbr-xing", "mp3", _GATED_NOISE, ("-c:a", "libmp3lame", "-q:a", "4")),
    AudioKind("mp3-vbr-headerless", "mp3", _GATED_NOISE, ("-c:a", "libmp3lame", "-q:a", "4"), headerless=True),
    AudioKind("m4a-aac", "m4a", "sine=f={frequency}:r=22050", ("-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart")),
)


@dataclass(frozen=True)
class Corpus:
    root: Path
    scale: Scale
    audio: tuple[Path, ...]  # one per kind first (AUDIO_KINDS order), then the other copies
    articles: tuple[str, ...]  # paths relative to content/, same in both variants
    episodes: dict[str, tuple[str, ...]]  # variant -> episode files relative to content/

    def folder(self, variant: str) -> Path:
        return self.root / variant

    def settings(self, variant: str) -> Path:
        return self.root / variant / "benchconf.py"

    def reference_settings(self, variant: str) -> Path:
        return self.root / variant / "referenceconf.py"

    def audio_of_kind(self, kind: AudioKind) -> Path:
        return self.audio[AUDIO_KINDS.index(kind)]


def make_corpus(root: Path, scale: Scale, log=print) -> Corpus:
    """Everything the benchmark builds, under `root`; audio already there is reused, the text rewritten."""
    root.mkdir(parents=True, exist_ok=True)
    audio = make_audio(root / "audio", scale, log)
    articles = _articles(scale.articles)
    episodes = _episodes(scale.episodes, audio)
    episode_audio = make_episode_audio(root / "episode-audio", episodes, log)
    for variant in VARIANTS:
        folder = root / variant
        shutil.rmtree(folder / "content", ignore_errors=True)
        _write_common_content(folder / "content", articles)
        _write_settings(folder, plugin=variant == "plugin")
    plugin_files = _write_episodes(root / "plugin" / "content", episodes, episode_audio)
    baseline_files = _write_episode_pages(root / "baseline" / "content", episodes)
    _saved_a_minute_ago(root)
    log(f"corpus: {len(articles)} articles, {len(episodes)} episodes, each its own audio file (copies of "
        f"{len(audio)} masters) in {root}")
    return Corpus(root, scale, audio, tuple(path for path, _ in articles),
                  {"plugin": plugin_files, "baseline": baseline_files})


def _saved_a_minute_ago(root: Path) -> None:
    """The content as an editor's checkout holds it: not saved in the instant before the first
    build, which would then leave no record for the next one (plugins/editor_loop/last_build.py).
    Every file, the episodes' audio too: a hard link to a file encoded a moment ago is as recent."""
    past = time.time() - 60
    for variant in VARIANTS:
        for path in (root / variant / "content").rglob("*"):
            if path.is_file() and not path.is_symlink():
                os.utime(path, (past, past))


# --- Audio ----------------------------------------------------------------------------------


def make_audio(folder: Path, scale: Scale, log=print) -> tuple[Path, ...]:
    """The distinct audio files of `scale`, encoded once (two ffmpeg at a time) and kept in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for copy in range(scale.files_per_kind):
        for kind in AUDIO_KINDS:
            seconds = scale.audio_seconds + 3 * copy  # distinct lengths: a mix-up would show
            jobs.append((kind, copy, seconds, folder / f"{kind.name}-{copy}-{seconds}s.{kind.extension}"))
    missing = [job for job in jobs if not job[3].exists()]
    if missing:
        ffmpeg = ffmpeg_executable(ENCODERS)
        log(f"corpus: encoding {len(missing)} audio files of {scale.audio_seconds} s with {ffmpeg}…")
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda job: _encode(ffmpeg, *job), missing))
    return tuple(path for *_, path in jobs)


def make_episode_audio(folder: Path, episodes: list[_Episode], log=print) -> tuple[Path, ...]:
    """One audio file per episode in `folder`: its master's bytes with the episode's own tags (title,
    number), so that no two episodes share a file, as on a real site; made once and kept."""
    folder.mkdir(parents=True, exist_ok=True)
    targets = tuple(folder / f"{episode.stem}{episode.audio.suffix}" for episode in episodes)
    missing = [(episode, target) for episode, target in zip(episodes, targets, strict=True) if not target.exists()]
    if missing:
        log(f"corpus: {len(missing)} episode audio files, each a tagged copy of its master…")
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda job: _tagged_copy(*job), missing))
    return targets


def _tagged_copy(episode: _Episode, target: Path) -> None:
    partial = target.with_name(target.name + ".partial" + target.suffix)  # never reused if interrupted
    shutil.copyfile(episode.audio, partial)
    tags = Tags(title=episode.title, artist="Cité de l'IA", album="Le podcast de la Cité de l'IA",
                track=episode.number, comment=episode.summary)
    if target.suffix == ".m4a":
        write_mp4(str(partial), tags)
    else:
        write_id3(str(partial), tags)
    partial.rename(target)


def _encode(ffmpeg: str, kind: AudioKind, copy: int, seconds: int, target: Path) -> None:
    partial = target.with_name(target.name + ".partial" + target.suffix)  # never reused if interrupted
    source = kind.source.format(seed=1000 + copy, frequency=220 + 55 * copy)
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-t", str(seconds),
         "-ac", "1", "-threads", "1", *kind.encoding, "-f", "mp4" if kind.extension == "m4a" else "mp3", str(partial)],
        check=True,
    )
    if kind.headerless:
        partial.write_bytes(strip_xing_frame(partial.read_bytes()))
    partial.rename(target)


# --- Text -----------------------------------------------------------------------------------

CATEGORIES = ("Vie de la Cité", "Formation", "Entreprises", "Recherche", "Événements")
TAGS = ("pme", "données", "formation", "industrie", "santé", "commerce", "éthique", "emploi", "recherche",
        "agriculture", "logistique", "sensibilisation")
SUBJECTS = ("La Cité de l'IA", "Une PME de Roubaix", "L'équipe de l'Inria Lille", "Le réseau des adhérents",
            "Chaque dirigeant", "Une jeune pousse lilloise", "L'université de Lille", "Un artisan de Tourcoing",
            "La métropole", "Un groupe de salariés", "Une coopérative agricole", "Le comité de pilotage")
VERBS = ("accompagne", "découvre", "met en place", "présente", "évalue", "partage", "prépare", "interroge",
         "développe", "raconte", "finance", "documente")
OBJECTS = ("un projet d'apprentissage automatique", "ses données de production", "une formation aux données",
           "un outil de prévision des ventes", "la qualité de ses fichiers clients", "un assistant de rédaction",
           "un modèle de détection des défauts", "les premiers résultats", "une charte d'usage de l'IA",
           "le tri des courriels entrants", "une étude sur l'emploi régional", "ses besoins en compétences")
ENDINGS = ("cette année.", "avec ses salariés.", "dans la métropole lilloise.", "en Hauts-de-France.",
           "sans grand budget.", "pas à pas.", "avec l'aide d'un laboratoire.", "depuis le printemps.",
           "à la demande de ses clients.", "en moins de six mois.")
HEADINGS = ("Le contexte", "Ce qui a changé", "Les chiffres", "Les difficultés", "Et maintenant ?",
            "Ce qu'en disent les équipes", "Pour aller plus loin")
PERSONS = ("Camille Martin", "Julien Lefebvre", "Sophie Dubois", "Nicolas Lambert", "Émilie Roussel",
           "Thomas Leroy", "Léa Fontaine", "Hugo Mercier")


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"


def _paragraph(rng: random.Random, sentences: int) -> str:
    return textwrap.fill(" ".join(_sentence(rng) for _ in range(sentences)), width=100)


def _body(rng: random.Random, sections: int) -> str:
    parts = [_paragraph(rng, rng.randint(2, 4))]
    for heading in rng.sample(HEADINGS, sections):
        parts += [f"## {heading}", _paragraph(rng, rng.randint(3, 6))]
        if rng.random() < 0.3:
            parts.append("\n".join(f"- {rng.choice(OBJECTS)} ;" for _ in range(3)))
    return "\n\n".join(parts) + "\n"


def _title(rng: random.Random) -> str:
    subject, verb, obj = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
    return f"{subject} {verb} {obj}"


def _articles(count: int) -> list[tuple[str, str]]:
    """(path relative to content/, text) of each article."""
    rng = random.Random(20230601)
    start = datetime(2019, 1, 7, 9, 0)
    articles = []
    for index in range(count):
        date = start + timedelta(hours=37 * index)  # 1,000 articles end in 2023: none is in the future
        tags = ", ".join(rng.sample(TAGS, rng.randint(1, 3)))
        header = (f"Title: {_title(rng)}\nDate: {date:%Y-%m-%d %H:%M}\nCategory: {rng.choice(CATEGORIES)}\n"
                  f"Tags: {tags}\nSlug: actualite-{index:04d}\nSummary: {_sentence(rng)}\n")
        articles.append((f"actualites/{index:04d}.md", f"{header}\n{_body(rng, rng.randint(2, 4))}"))
    return articles


@dataclass(frozen=True)
class _Episode:
    stem: str
    title: str
    date: datetime
    summary: str
    season: int
    number: int
    persons: tuple[str, ...]
    body: str
    audio: Path  # its master


def _episodes(count: int, audio: tuple[Path, ...]) -> list[_Episode]:
    rng = random.Random(20230602)
    start = datetime(2019, 1, 4, 8, 0)
    episodes = []
    for index in range(count):
        host, guest = rng.sample(PERSONS, 2)
        episodes.append(_Episode(
            stem=f"ep{index:03d}", title=f"Épisode {index + 1} : {_title(rng)}", date=start + timedelta(days=7 * index),
            summary=_sentence(rng), season=1 + index // 50, number=1 + index % 50,
            persons=(f"{host} (animation)", f"{guest} (invité)"), body=_body(rng, 2),
            audio=audio[index % len(audio)],  # every kind in turn, then the other copies
        ))
    return episodes


# --- Writing the two sites ------------------------------------------------------------------


def _write_common_content(content: Path, articles: list[tuple[str, str]]) -> None:
    """The project's pages, images and extra files, and the generated articles."""
    for folder in ("pages", "images", "extra"):
        shutil.copytree(PROJECT / "content" / folder, content / folder)
    (content / "actualites").mkdir()
    for path, text in articles:
        (content / path).write_text(text, encoding="utf-8")


def _write_episodes(content: Path, episodes: list[_Episode], episode_audio: tuple[Path, ...]) -> tuple[str, ...]:
    media = content / "podcasts" / "media"
    media.mkdir(parents=True)
    files = []
    for episode, audio in zip(episodes, episode_audio, strict=True):
        audio_name = audio.name
        (media / audio_name).hardlink_to(audio)
        persons = "\n".join(f"    {person}" if i else f"Persons: {person}" for i, person in enumerate(episode.persons))
        header = (f"Title: {episode.title}\nDate: {episode.date:%Y-%m-%d %H:%M}\nAudio: media/{audio_name}\n"
                  f"Summary: {episode.summary}\nSeason: {episode.season}\nEpisode: {episode.number}\n{persons}\n")
        path = f"podcasts/{episode.stem}.md"
        (content / path).write_text(f"{header}\n{episode.body}", encoding="utf-8")
        files.append(path)
    return tuple(files)


def _write_episode_pages(content: Path, episodes: list[_Episode]) -> tuple[str, ...]:
    """The same episodes as plain pages: only the fields a page knows (checks refuse the others)."""
    folder = content / "pages" / "bench-episodes"
    folder.mkdir(parents=True)
    files = []
    for episode in episodes:
        header = (f"Title: {episode.title}\nDate: {episode.date:%Y-%m-%d %H:%M}\nSlug: {episode.stem}\n"
                  f"Summary: {episode.summary}\n")
        path = f"pages/bench-episodes/{episode.stem}.md"
        (content / path).write_text(f"{header}\n{episode.body}", encoding="utf-8")
        files.append(path)
    return tuple(files)


SETTINGS = '''\
"""Generated by tools.bench: the project's pelicanconf.py, with this corpus's folders{note}."""

import runpy
import sys

# runpy rather than `import *`, which would drop _404_SAVE_AS.
globals().update({{name: value for name, value in runpy.run_path({pelicanconf!r}).items() if name.isupper()}})

PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
THEME = {theme!r}
PLUGIN_PATHS = [{project!r}]
{plugins}'''


BASELINE = """\
PLUGINS = [name for name in PLUGINS if name != "pelican.plugins.podcast"]
# The theme's macros name the podcast filters: stand-ins, without importing the plugin.
sys.path.insert(0, {project!r})
from tools.bench.baseline_filters import FILTERS as _PODCAST_FILTERS  # noqa: E402

JINJA_FILTERS = {{**globals().get("JINJA_FILTERS", {{}}), **_PODCAST_FILTERS}}
# 404.html links to the podcast's index without asking whether there is one: one page less here.
DIRECT_TEMPLATES = [name for name in DIRECT_TEMPLATES if name != "404"]
"""


REFERENCE = '''\
"""Generated by tools.bench: benchconf.py built into folders of its own (a cold build of the same content)."""

import runpy

globals().update({{name: value for name, value in runpy.run_path({bench!r}).items() if name.isupper()}})

OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
'''


def _write_settings(folder: Path, plugin: bool) -> None:
    plugins = "" if plugin else BASELINE.format(project=str(PROJECT))
    (folder / "benchconf.py").write_text(SETTINGS.format(
        note="" if plugin else ", podcast plugin off", pelicanconf=str(PROJECT / "pelicanconf.py"),
        content=str(folder / "content"), output=str(folder / "output"), cache=str(folder / "cache"),
        theme=str(PROJECT / "theme"), project=str(PROJECT), plugins=plugins,
    ), encoding="utf-8")
    (folder / "referenceconf.py").write_text(REFERENCE.format(
        bench=str(folder / "benchconf.py"), output=str(folder / "reference"), cache=str(folder / "reference-cache"),
    ), encoding="utf-8")
