"""Scaffolding for editors: a new episode from an audio file, a new article from a title.

`invoke new-episode` and `invoke new-article` (tasks.py) are thin wrappers around `new_episode()`
and `new_article()`. Both write Markdown that the build accepts as it is, and nothing that is not
read from a file or given on the command line is guessed: the audio is read by the build's own
reader (`read_audio`), so a file the build would refuse is refused here with the same message,
before anything is written. Neither ever overwrites a file.

A refusal is a `Refused` exception whose message, in French, names the file and says what to do.
"""

from __future__ import annotations

import difflib
import filecmp
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.plugins.podcast.audio import EXTENSIONS, FORMAT_NAMES, read_audio
from pelican.plugins.podcast.cache import AudioMetadataCache, file_sha256
from pelican.plugins.podcast.errors import AudioError
from pelican.plugins.podcast.feed import APPLE_AUDIO_FORMATS
from pelican.plugins.podcast.front_matter import as_lines, chapter_problems
from pelican.plugins.podcast.front_matter_rules import date_problem, number_problem
from pelican.plugins.podcast.loudness import check_audio_quality
from pelican.plugins.podcast.manifest import AudioManifest
from pelican.plugins.podcast.markdown_header import header_dict, read_header
from pelican.plugins.podcast.records import AudioInfo, Chapter
from pelican.plugins.podcast.text_rules import DESCRIPTION, LINE, TITLE, text_problems
from pelican.plugins.podcast.transcripts import TRANSCRIPT_TYPES, transcript_problems

from . import clock

# Where an episode's audio and transcript go, inside the podcast folder (the README's layout).
MEDIA_DIR = "media"
# Longer slugs make unreadable addresses; cut at a hyphen.
SLUG_MAX_CHARS = 60
DATE_FORMAT = "%Y-%m-%d %H:%M"
# Letters NFKD does not take apart.
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "ł": "l"}
_LIGATURES = str.maketrans(LIGATURES)
# A media file whose name has no letter nor digit left.
FALLBACK_NAME = "episode"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NUMBERED = re.compile(r"^(\d+)-")


class Refused(Exception):
    """Nothing was written; the message says why and what to do."""


@dataclass(frozen=True)
class Created:
    """What a run wrote, reused and leaves to the editor; `report()` says it in French."""

    markdown: Path
    written: tuple[tuple[Path, str], ...]  # (file, what it is), the Markdown file first
    reused: tuple[tuple[Path, str], ...] = ()
    notes: tuple[str, ...] = ()
    to_do: tuple[str, ...] = ()

    def report(self, shown: Path | None = None) -> str:
        """The lines a task prints; paths relative to `shown` (e.g. the project folder)."""
        def name(path: Path) -> str:
            return _relative(path, shown)

        lines = ["Fichiers écrits :"]
        lines += [f"  {name(path)}  ({what})" for path, what in self.written]
        if self.reused:
            lines.append("Déjà en place, identiques octet pour octet (réutilisés, pas recopiés) :")
            lines += [f"  {name(path)}  ({what})" for path, what in self.reused]
        lines += self.notes
        if self.to_do:
            lines.append(f"À compléter dans {name(self.markdown)} :")
            lines += [f"  - {item}" for item in self.to_do]
        lines += [
            "Ensuite :",
            "  invoke check        vérifie tout le site, sans rien écrire",
            "  invoke livereload   construit le site et l'affiche, à jour à chaque enregistrement",
        ]
        return "\n".join(lines)


# --- Names ------------------------------------------------------------------------------------


def slugify_fr(text: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """Lower-case ASCII letters, digits and hyphens: "L'IA, et après ?" -> "l-ia-et-apres".

    Accents are dropped (é -> e), ligatures spelt out (œ -> oe), everything else (spaces,
    apostrophes, punctuation) becomes one hyphen. May be empty (a title of punctuation only).
    """
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_chars:
        cut = slug[: max_chars + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_chars]
    return slug.strip("-")


def safe_file_name(name: str, extension: str) -> str:
    """A media file name that needs no encoding in a URL: "Épisode 6 (final).MP3" -> "episode-6-final.mp3"."""
    return f"{slugify_fr(Path(name).stem) or FALLBACK_NAME}{extension.lower()}"


def file_name_rule() -> dict[str, object]:
    """What the web editor's file-names.js needs to name an upload as safe_file_name() does (the
    build writes it into the editor's config): the same letters, limit and fallback, not a copy."""
    return {"ligatures": LIGATURES, "max_chars": SLUG_MAX_CHARS, "fallback": FALLBACK_NAME}


def _fold(text: str) -> str:
    """Case, accents and spacing ignored: "vie de la cite" and "Vie de la  Cité" are one category."""
    return " ".join(slugify_fr(text, max_chars=10_000).split("-"))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _relative(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive (Windows)
        return str(path)


# --- Dates ------------------------------------------------------------------------------------


def _date(given: str | None, timezone: str, now: datetime | None) -> tuple[str, bool]:
    """The Date field's text and whether it lies in the future (the content is then scheduled)."""
    zone = ZoneInfo(timezone)
    current = (now or clock.now()).astimezone(zone)
    if given is None:
        return current.strftime(DATE_FORMAT), False
    text = given.strip()
    wrong = date_problem("--date", text)
    if wrong:
        raise Refused(f"{wrong}.")
    when = datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=zone)
    return text, when > current


def _scheduled_note(date: str) -> str:
    return (f"Date dans le futur ({date}) : l'épisode est programmé ; il sera publié à la première "
            "construction du site après cette date.")


# --- Writing files ----------------------------------------------------------------------------


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy through a temporary file and a rename: an interrupted copy leaves no half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    os.close(descriptor)
    try:
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
        if target.exists():  # appeared meanwhile: never replaced
            raise Refused(f"{target} est apparu pendant la copie : je ne l'écrase pas ; relancez la commande.")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; refuse if it exists (exclusive creation, no race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise Refused(f"{path} existe déjà : je ne l'écrase pas.") from None


@dataclass
class _Copy:
    """A file to bring into content/: copied, or already there with the same bytes."""

    source: Path
    target: Path
    what: str
    reuse: bool = field(init=False, default=False)

    def check(self, shown: Path | None) -> None:
        if not self.target.exists():
            return
        if filecmp.cmp(self.source, self.target, shallow=False):
            self.reuse = True
            return
        raise Refused(
            f"{_relative(self.target, shown)} existe déjà, avec un autre contenu que "
            f"{_relative(self.source, shown)} : je ne l'écrase pas. Renommez votre fichier "
            "(le nom sert à nommer la copie) ou, s'il remplace l'ancien, remplacez-le vous-même."
        )


# --- Episodes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ExistingEpisode:
    path: Path
    fields: dict[str, str]


def _episodes(podcast_folder: Path) -> list[_ExistingEpisode]:
    return [_ExistingEpisode(path, header_dict(read_header(path))) for path in sorted(podcast_folder.glob("*.md"))]


def _season_of(episode: _ExistingEpisode) -> int | None:
    text = episode.fields.get("season", "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _next_number(episodes: list[_ExistingEpisode], season: int | None) -> int:
    numbers = [int(text) for e in episodes if _season_of(e) == season
               for text in [e.fields.get("episode", "").strip()] if text.isascii() and text.isdigit()]
    return max(numbers, default=0) + 1


def _next_file_number(podcast_folder: Path) -> tuple[int, int]:
    """The next leading number of episode file names, and how many digits they use."""
    found = [m.group(1) for p in podcast_folder.glob("*.md") if (m := _NUMBERED.match(p.name))]
    width = max((len(n) for n in found), default=2)
    return max((int(n) for n in found), default=0) + 1, width


def _timestamp(seconds: float, long: bool) -> str:
    """00:00 (or 0:00:00 past an hour), milliseconds only when there are some: what Chapters reads."""
    ms = round(seconds * 1000)
    whole, fraction = divmod(ms, 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if long else f"{minutes:02d}:{secs:02d}"
    return f"{text}.{fraction:03d}".rstrip("0") if fraction else text


def _chapter_lines(chapters: tuple[Chapter, ...], duration: float) -> list[str]:
    long = duration >= 3600
    return [f"{_timestamp(c.start, long)} {_one_line(c.title) or f'Chapitre {i}'}"
            for i, c in enumerate(chapters, start=1)]


def _transcript_beside(audio: Path) -> Path | None:
    """A .vtt or .srt with the audio's stem, in the audio's folder (extension case ignored)."""
    for candidate in sorted(audio.parent.glob(f"{glob_escape(audio.stem)}.*")):
        if candidate.suffix.lower() in TRANSCRIPT_TYPES and candidate.is_file():
            return candidate
    return None


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _audio_users(episodes: list[_ExistingEpisode], target: Path) -> list[Path]:
    """Episodes whose Audio or Alternates already name `target`."""
    users = []
    for episode in episodes:
        named = [episode.fields.get("audio", ""), *as_lines(episode.fields.get("alternates"))]
        if any(n and (episode.path.parent / n).resolve() == target.resolve() for n in named):
            users.append(episode.path)
    return users


def _episode_body(summary_missing: bool) -> str:
    # Hints are HTML comments: a forgotten one is not shown on the site. None may hold "-->".
    hints = ["À FAIRE : les notes de l'épisode, en Markdown. Les lignes « À FAIRE » comme celle-ci ne "
             "s'affichent pas sur le site : remplacez-les par votre texte."]
    if summary_missing:
        hints.append("À FAIRE : le résumé manque ; ajoutez dans l'en-tête ci-dessus une ligne « Summary: … » (une ou "
                     "deux phrases pour les applications de podcast), sinon le début de ces notes en tiendra lieu.")
    hints.append("À FAIRE (facultatif) : pour nommer les voix de l'épisode, ajoutez dans l'en-tête une ligne "
                 "« Persons: Camille Martin (animation) ; Lucie Bernard (invitée) ».")
    top = "\n".join(f"<!-- {hint} -->" for hint in hints)
    return (
        f"{top}\n\n"
        "## Au programme\n\n"
        "<!-- À FAIRE : de quoi parle l'épisode, qui l'on y entend, en deux ou trois phrases. -->\n\n"
        "## Pour aller plus loin\n\n"
        "<!-- À FAIRE : les liens cités dans l'épisode, un par ligne : - [Le titre](https://…) -->\n"
    )


def new_episode(
    content: Path,
    audio: Path,
    *,
    title: str | None = None,
    date: str | None = None,
    season: str | int | None = None,
    podcast_dir: str = "podcasts",
    timezone: str = "Europe/Paris",
    now: datetime | None = None,
    shown: Path | None = None,
    cache_path: Path | None = None,
) -> Created:
    """Copy `audio` into the podcast's media folder and write the episode's Markdown file.

    `content` is the content folder (PATH); `shown` the folder paths are shown relative to in
    messages. Raises `Refused` before writing anything when the audio, a transcript, the date or
    a name would not do.
    """
    content, audio = Path(content), Path(audio)
    podcast_folder = content / podcast_dir
    info = _episode_audio(audio, shown)
    episodes = _episodes(podcast_folder)
    season_number, season_note = _season(season, episodes)
    number = _next_number(episodes, season_number)
    date_text, scheduled = _date(date, timezone, now)
    title_text, title_source = _episode_title(title, info, audio)
    copies = _media_copies(audio, info, podcast_folder / MEDIA_DIR, episodes, shown)
    # The audio's entry in the manifest, for builds without the file (PODCAST_MEDIA_URL).
    manifest = AudioManifest(str(content), podcast_dir, updating=True)
    if manifest.problems:
        raise Refused(str(manifest.problems[0]))
    chapters = _episode_chapters(info, audio, shown)
    summary = _one_line(info.tags.comment or "")
    if summary and text_problems(summary, DESCRIPTION):
        summary = ""  # the editor writes one; the build would refuse this one the same way

    file_number, width = _next_file_number(podcast_folder)
    markdown = podcast_folder / f"{file_number:0{width}d}-{slugify_fr(title_text)}.md"
    if markdown.exists():
        raise Refused(f"{_relative(markdown, shown)} existe déjà : je ne l'écrase pas.")

    header = [f"Title: {title_text}", f"Date: {date_text}", f"Audio: {MEDIA_DIR}/{copies[0].target.name}"]
    header += [f"Summary: {summary}"] if summary else []
    header += [f"Season: {season_number}"] if season_number is not None else []
    header += [f"Episode: {number}", f"Guid: {uuid.uuid4()}"]
    header += [f"Transcript: {MEDIA_DIR}/{copy.target.name}" for copy in copies[1:]]
    header += ["Chapters: " + "\n    ".join(chapters)] if chapters else []

    # Everything checked: now write, the copies first, the Markdown that names them last.
    for copy in copies:
        if not copy.reuse:
            _copy_atomically(copy.source, copy.target)
    manifest.record(copies[0].target.relative_to(content).as_posix(), info, file_sha256(str(copies[0].target)))
    in_manifest = [content / path for path in manifest.save()]
    _write_new(markdown, "\n".join(header) + "\n\n" + _episode_body(summary_missing=not summary))

    in_season = f"saison {season_number}, " if season_number is not None else ""
    what = f"épisode : {in_season}épisode {number}, {_duration(info.duration)}"
    what += f", {len(chapters)} chapitre{'s' if len(chapters) > 1 else ''}" if chapters else ""
    notes = [f"Titre : {title_text} (d'après {title_source})", *([season_note] if season_note else [])]
    notes += [_scheduled_note(date_text)] if scheduled else []
    notes.append(f"Adresse de la page : /podcast/{markdown.stem}/ (d'après le nom du fichier ; le Guid écrit "
                 "dans l'en-tête ne changera jamais, même si vous renommez le fichier).")
    notes += _quality_notes(copies[0].target, info, cache_path)
    to_do = [] if summary else ["Summary: le résumé (le fichier audio n'a pas de commentaire qui en tienne lieu)"]
    return Created(
        markdown=markdown,
        written=((markdown, what), *((c.target, f"{c.what}, copie de {_relative(c.source, shown)}")
                                     for c in copies if not c.reuse),
                 *((path, "manifeste audio, à commiter" if path.suffix == ".json" else "image extraite de l'audio")
                   for path in in_manifest)),
        reused=tuple((c.target, c.what) for c in copies if c.reuse),
        notes=tuple(notes),
        to_do=(*to_do, "les notes de l'épisode (les lignes « À FAIRE » du corps du fichier)"),
    )


def _quality_notes(target: Path, info: AudioInfo, cache_path: Path | None) -> list[str]:
    """The audio quality report, as `invoke check` gives it (warnings: the episode is written anyway);
    the measure is kept in the build's cache (`cache_path`), so that `check` does not measure it again."""
    quality, warnings = check_audio_quality(str(target), info, f"{MEDIA_DIR}/{target.name}")
    if quality is not None and cache_path is not None:
        cache = AudioMetadataCache(str(cache_path))
        cache.remember_quality(str(target), quality)
        cache.save()
    if not warnings:
        return ["Qualité du son : rien à signaler (volume, crêtes, fréquence d'échantillonnage, débit)."]
    return ["Qualité du son (avertissements : l'épisode est créé, mieux vaut corriger l'audio avant de publier) :",
            *(f"  - {warning}" for warning in warnings)]


def _episode_audio(audio: Path, shown: Path | None) -> AudioInfo:
    """The audio read as the build reads it; refused as the build would refuse it."""
    try:
        info = read_audio(str(audio), display_path=_relative(audio, shown))
    except AudioError as error:
        raise Refused(f"{error.path} : {error.reason}") from None
    if info.format not in APPLE_AUDIO_FORMATS:
        raise Refused(
            f"{_relative(audio, shown)} : c'est un fichier {FORMAT_NAMES[info.format]}, qu'Apple Podcasts "
            "n'accepte pas comme fichier principal d'un épisode : exportez-le en MP3 (ou M4A) et relancez "
            "la commande avec ce fichier."
        )
    return info


def _episode_title(title: str | None, info: AudioInfo, audio: Path) -> tuple[str, str]:
    """The title and where it comes from: --title, else the audio's title tag, else its file name."""
    if title is not None:
        text, source = title, "--title"
    elif info.tags.title:
        text, source = info.tags.title, "le titre écrit dans le fichier audio"
    else:
        text, source = audio.stem, "le nom du fichier audio"
    text = _one_line(text)
    wrong = text_problems(text, TITLE)
    if wrong:
        raise Refused(f"Title ({source}) : {wrong[0]} ; donnez le titre avec --title \"…\".")
    if not slugify_fr(text):
        raise Refused(f"Le titre « {text} » ne donne pas de nom de fichier (ni lettre ni chiffre) : "
                      "donnez-en un autre avec --title \"…\".")
    return text, source


def _media_copies(audio: Path, info: AudioInfo, media: Path, episodes: list[_ExistingEpisode],
                  shown: Path | None) -> list[_Copy]:
    """The audio's copy in the media folder, and its transcript's when one sits beside it."""
    extension = EXTENSIONS[info.format][0]
    audio_copy = _Copy(audio, media / safe_file_name(audio.name, extension), f"audio {FORMAT_NAMES[info.format]}")
    audio_copy.check(shown)
    users = _audio_users(episodes, audio_copy.target)
    if users:
        raise Refused(f"{_relative(audio_copy.target, shown)} est déjà l'audio de "
                      f"{', '.join(_relative(u, shown) for u in users)} : un fichier audio ne sert qu'à un épisode.")
    transcript = _transcript_beside(audio)
    if transcript is None:
        return [audio_copy]
    problems = [str(p) for p in transcript_problems(str(transcript), _relative(transcript, shown), info.duration)]
    if problems:
        raise Refused(f"{_relative(transcript, shown)} : " + " ; ".join(problems)
                      + " ; corrigez la transcription, ou retirez-la du dossier de l'audio pour créer l'épisode sans elle.")
    transcript_copy = _Copy(transcript, audio_copy.target.with_suffix(transcript.suffix.lower()), "transcription")
    transcript_copy.check(shown)
    return [audio_copy, transcript_copy]


def _episode_chapters(info: AudioInfo, audio: Path, shown: Path | None) -> list[str]:
    """The audio's chapters as Chapters lines, checked as the build checks them."""
    wrong = chapter_problems(info.chapters, info.duration, "Chapters")
    if wrong:
        raise Refused(f"{_relative(audio, shown)} : chapitres écrits dans le fichier audio : "
                      + " ; ".join(map(str, wrong)) + " ; corrigez-les dans votre logiciel de montage.")
    return _chapter_lines(info.chapters, info.duration)


def latest_season(episodes: list[_ExistingEpisode]) -> int | None:
    """The highest Season of the episodes (the one `new-episode` and the web editor propose)."""
    return max((s for e in episodes if (s := _season_of(e)) is not None), default=None)


def latest_season_in(podcast_folder: Path) -> int | None:
    return latest_season(_episodes(podcast_folder))


def _season(given: str | int | None, episodes: list[_ExistingEpisode]) -> tuple[int | None, str | None]:
    """The season asked for, else the latest one in use (said in a note), else none."""
    if given is not None:
        wrong = number_problem("--season", str(given))
        if wrong:
            raise Refused(f"{wrong}.")
        return int(given), None
    latest = latest_season(episodes)
    if latest is None:
        return None, None
    return latest, f"Saison {latest} : la dernière en cours (pour une autre, relancez avec --season N)."


def _duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


# --- Articles ---------------------------------------------------------------------------------


def _article_files(content: Path, excluded: Iterable[str]) -> list[Path]:
    skip = {name.strip("/") for name in excluded}
    return [path for path in sorted(content.rglob("*.md"))
            if path.relative_to(content).parts[0] not in skip]


def categories_in_use(content: Path, excluded: Iterable[str] = ("pages", "podcasts")) -> list[str]:
    """The Category values of the articles in `content`, as first written, in alphabetical order."""
    found: dict[str, str] = {}
    for path in _article_files(content, excluded):
        category = _one_line(header_dict(read_header(path)).get("category", ""))
        if category:
            found.setdefault(_fold(category), category)
    return sorted(found.values(), key=_fold)


def _category(given: str | None, in_use: list[str], new_category: bool) -> tuple[str, str | None]:
    listed = ", ".join(f"« {c} »" for c in in_use) or "(aucune pour l'instant)"
    if given is None or not given.strip():
        raise Refused(f"Choisissez une catégorie avec --category \"…\" : catégories en usage : {listed}.")
    text = _one_line(given)
    wrong = text_problems(text, LINE)
    if wrong:
        raise Refused(f"--category : {wrong[0]}.")
    same = next((c for c in in_use if _fold(c) == _fold(text)), None)
    if same is not None:
        note = None if same == text else f"Catégorie : « {same} », écrite comme dans les autres articles."
        return same, note
    if new_category:
        return text, f"Nouvelle catégorie : « {text} » (elle aura sa page à la première construction)."
    folded = {_fold(c): c for c in in_use}
    close = difflib.get_close_matches(_fold(text), list(folded), n=1, cutoff=0.5)
    hint = f" Vouliez-vous dire « {folded[close[0]]} » ?" if close else ""
    raise Refused(f"La catégorie « {text} » n'existe pas.{hint} Catégories en usage : {listed}. "
                  "Pour en créer une nouvelle, relancez avec --new-category.")


# Hints are HTML comments: a forgotten one is not shown on the site. None may hold "-->".
_ARTICLE_BODY = """\
<!-- À FAIRE : le texte de l'article, en Markdown. Les lignes « À FAIRE » comme celle-ci ne s'affichent pas \
sur le site : remplacez-les par votre texte. -->
<!-- À FAIRE : le résumé manque ; ajoutez dans l'en-tête ci-dessus une ligne « Summary: … » (une ou deux \
phrases qui donnent envie de lire), sinon le début du texte en tiendra lieu. -->
<!-- À FAIRE : les mots-clés ; complétez la ligne « Tags: » de l'en-tête, séparés par des virgules \
(ex. « formation, pme »), ou supprimez-la. -->

<!-- À FAIRE : le chapeau, deux ou trois phrases qui disent l'essentiel. -->

## Premier intertitre

<!-- À FAIRE : le texte. Un lien vers un autre article : [texte]({filename}AAAA-MM-nom-du-fichier.md) -->
"""


def new_article(
    content: Path,
    title: str,
    *,
    category: str | None = None,
    new_category: bool = False,
    excluded: Iterable[str] = ("pages", "podcasts"),
    timezone: str = "Europe/Paris",
    now: datetime | None = None,
    shown: Path | None = None,
) -> Created:
    """Write `content/AAAA-MM-<slug>.md` for a new article. Raises `Refused` before writing anything.

    `excluded`: the folders of `content` that hold no articles (ARTICLE_EXCLUDES).
    """
    content = Path(content)
    excluded = tuple(excluded)
    title_text = _one_line(title)
    wrong = text_problems(title_text, TITLE)
    if wrong:
        raise Refused(f"Title : {wrong[0]}.")
    slug = slugify_fr(title_text)
    if not slug:
        raise Refused(f"Le titre « {title_text} » ne donne pas d'adresse (ni lettre ni chiffre) : "
                      "ajoutez-y au moins un mot.")
    chosen, category_note = _category(category, categories_in_use(content, excluded), new_category)
    for path in _article_files(content, excluded):
        fields = header_dict(read_header(path))
        if fields.get("slug", "").strip() == slug or (not fields.get("slug") and slugify_fr(fields.get("title", "")) == slug):
            raise Refused(f"L'adresse /actualites/{slug}/ est déjà celle de {_relative(path, shown)} : "
                          "choisissez un autre titre.")
    date_text, _ = _date(None, timezone, now)
    markdown = content / f"{date_text[:7]}-{slug}.md"
    if markdown.exists():
        raise Refused(f"{_relative(markdown, shown)} existe déjà : je ne l'écrase pas.")
    header = [f"Title: {title_text}", f"Date: {date_text}", f"Category: {chosen}", "Tags:", f"Slug: {slug}"]
    _write_new(markdown, "\n".join(header) + "\n\n" + _ARTICLE_BODY)
    notes = [f"Adresse de l'article : /actualites/{slug}/"]
    notes += [category_note] if category_note else []
    return Created(
        markdown=markdown,
        written=((markdown, f"article, catégorie « {chosen} », daté du {date_text}"),),
        notes=tuple(notes),
        to_do=("Summary: le résumé", "Tags: les mots-clés (ou supprimez la ligne)",
               "le texte (les lignes « À FAIRE » du corps du fichier)"),
    )
