"""Read an episode's front matter into typed fields, with a French message for each bad field.

Field names are the editors' interface (see the README): Title, Date, Audio, Summary, Season,
Episode, Episode_type, Explicit, Image, Guid, Persons, Transcript, Chapters, Alternates, Status,
Slug. Pelican hands them to us lower-cased; single-line values are strings, multi-line values lists.
The rules every front matter follows (unknown fields, dates, status, slug) are in
front_matter_rules.py; `EPISODE_RULES` says which apply to an episode.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .catalogue import PODCAST, phrase
from .front_matter_rules import HeaderRules, number_problem
from .problem_record import Problem
from .records import Chapter, Person
from .text_rules import DESCRIPTION, LINE, PERSON_NAME, TITLE, text_problems

EPISODE_RULES = HeaderRules(
    known=("Title", "Date", "Modified", "Audio", "Summary", "Season", "Episode", "Episode_type", "Explicit",
           "Image", "Guid", "Persons", "Transcript", "Chapters", "Alternates", "Status", "Slug",
           # Changes declared on purpose to the continuity guard (continuity.py).
           "Previous_guid", "Previous_audio", "Previous_date"),
    # withdrawn: published once, taken out on purpose (the file stays, so that its GUID is known).
    statuses=("published", "draft", "hidden", "withdrawn"),
    texts={"title": TITLE, "summary": DESCRIPTION},
    itemized=("chapters", "persons"),
    required=("Title", "Date", "Audio"),
)

EPISODE_TYPES = ("full", "trailer", "bonus")
TRUE_WORDS = ("oui", "true", "yes", "vrai")
FALSE_WORDS = ("non", "false", "no", "faux")

# French and Podcast Index role names -> the Podcast Index taxonomy's role.
PERSON_ROLES = {
    "animation": "host",
    "animateur": "host",
    "animatrice": "host",
    "hôte": "host",
    "host": "host",
    "co-animation": "co-host",
    "co-host": "co-host",
    "invité": "guest",
    "invitée": "guest",
    "guest": "guest",
    "production": "producer",
    "producteur": "producer",
    "productrice": "producer",
    "producer": "producer",
    "montage": "editor",
    "editor": "editor",
    "réalisation": "director",
    "director": "director",
}

TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
CHAPTER_LINE = re.compile(r"^(\S+)\s+(.+)$")
PERSON_LINE = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*$")

# Keeps a problem about one field of the episode's front matter (placed at that field's line).
Report = Callable[[Problem], None]


@dataclass(frozen=True)
class EpisodeFields:
    """What the editor wrote, checked and typed; paths are still as written (relative)."""

    title: str | None
    audio: str | None
    season: int | None
    number: int | None
    episode_type: str
    explicit: bool | None  # None: the show's setting applies
    image: str | None
    guid: str | None
    persons: tuple[Person, ...]
    transcript: str | None
    chapters: tuple[Chapter, ...]  # empty: take the audio file's
    alternates: tuple[str, ...]


def as_lines(value: object) -> list[str]:
    """A metadata value as a list of non-empty lines (Pelican gives a str or a list of str)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [line.strip() for item in items for line in str(item).splitlines() if line.strip()]


def parse_timestamp(text: str) -> float | None:
    """ "01:02:03.5", "02:03" -> seconds; None when it is not a timestamp."""
    match = TIMESTAMP.match(text.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours and int(minutes) >= 60):
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return value + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0)


def read_front_matter(metadata: dict[str, Any], where: str,
                      lines: Mapping[str, int] | None = None) -> tuple[EpisodeFields, list[Problem]]:
    """Type the front matter of the episode at `where` ("content/podcasts/x.md"). Returns (fields,
    problems); `lines` (lower-cased field -> line, markdown_header.field_lines) places them."""
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(replace(problem, file=where, line=(lines or {}).get(problem.field.lower())))

    def single(name: str, field: str) -> str | None:
        lines = as_lines(metadata.get(name))
        if len(lines) > 1:
            report(PODCAST("podcast.E001", field=field))
        return lines[0] if lines else None

    def positive_int(name: str, field: str) -> int | None:
        text = single(name, field)
        if text is None:
            return None
        wrong = number_problem(field, text)
        if wrong:
            report(wrong)
            return None
        return int(text)

    title = single("title", "Title")
    if not title:
        report(PODCAST("podcast.E002", field="Title", example=phrase("add_title")))
    if "date" not in metadata:
        report(PODCAST("podcast.E002", field="Date", example=phrase("add_date")))
    audio = single("audio", "Audio")
    if not audio:
        report(PODCAST("podcast.E002", field="Audio", example=phrase("add_audio")))

    episode_type = (single("episode_type", "Episode_type") or "full").lower()
    if episode_type not in EPISODE_TYPES:
        report(PODCAST("podcast.E003", field="Episode_type", value=episode_type, allowed=", ".join(EPISODE_TYPES)))
        episode_type = "full"

    explicit = None
    explicit_text = single("explicit", "Explicit")
    if explicit_text is not None:
        word = explicit_text.lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            explicit = word in TRUE_WORDS
        else:
            report(PODCAST("podcast.E004", field="Explicit", value=explicit_text))

    guid = single("guid", "Guid")
    if guid is not None and (len(guid) > 512 or any(c.isspace() for c in guid)):
        report(PODCAST("podcast.E005", field="Guid"))

    fields = EpisodeFields(
        title=title,
        audio=audio,
        season=positive_int("season", "Season"),
        number=positive_int("episode", "Episode"),
        episode_type=episode_type,
        explicit=explicit,
        image=single("image", "Image"),
        guid=guid,
        persons=_persons(as_lines(metadata.get("persons")), report),
        transcript=single("transcript", "Transcript"),
        chapters=_chapters(as_lines(metadata.get("chapters")), report),
        alternates=tuple(as_lines(metadata.get("alternates"))),
    )
    return fields, problems


def _persons(lines: list[str], report: Report) -> tuple[Person, ...]:
    persons = []
    for line in lines:
        for entry in (part.strip() for part in line.split(";")):
            if not entry:
                continue
            match = PERSON_LINE.match(entry)
            if not match:
                persons.append(Person(name=entry, role="host"))
                continue
            name, role_word = match.group(1).strip(), match.group(2).strip().lower()
            role = PERSON_ROLES.get(role_word)
            if role is None:
                report(PODCAST("podcast.E006", field="Persons", role=role_word, name=name,
                               roles=", ".join(sorted(PERSON_ROLES))))
                continue
            persons.append(Person(name=name, role=role))
    for person in persons:
        for wrong in text_problems(person.name, PERSON_NAME, "Persons"):
            report(replace(wrong, message=f"{person.name!r} : {wrong.message}"))
    return tuple(persons)


def _chapters(lines: list[str], report: Report) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    for line in lines:
        match = CHAPTER_LINE.match(line)
        start = parse_timestamp(match.group(1)) if match else None
        if match is None or start is None:
            report(PODCAST("podcast.E007", field="Chapters", line_text=line))
            continue
        if chapters and start <= chapters[-1].start:
            report(PODCAST("podcast.E008", field="Chapters", line_text=line))
            continue
        chapters.append(Chapter(start=start, title=match.group(2).strip()))
    return tuple(chapters)


def chapter_problems(chapters: tuple[Chapter, ...], duration: float, field: str) -> list[Problem]:
    """The checks every chapter list gets, from the front matter or embedded in the audio."""
    problems = []
    for index, chapter in enumerate(chapters):
        if chapter.start >= duration:
            problems.append(PODCAST("podcast.E010", field=field, title=chapter.title, start=chapter.start,
                                    duration=duration))
        if index and chapter.start <= chapters[index - 1].start:
            problems.append(PODCAST("podcast.E011", field=field, title=chapter.title))
        problems += [replace(wrong, message=f"chapitre {chapter.title[:40]!r} : {wrong.message}")
                     for wrong in text_problems(chapter.title, LINE, field)]
    return problems


def with_ends(chapters: tuple[Chapter, ...], duration: float) -> tuple[Chapter, ...]:
    """Each chapter's end: the one its source gives, else the next chapter's start (the last: the duration)."""
    ends = [c.start for c in chapters[1:]] + [duration] if chapters else []
    return tuple(Chapter(start=c.start, title=c.title, end=c.end or end) for c, end in zip(chapters, ends, strict=True))


def default_guid(show_guid: str, name: str) -> str:
    """The GUID of an episode whose front matter gives none.

    It depends only on the show's pinned podcast:guid and the episode file's name inside the
    podcast folder: never on its title, slug, date or the site's address, so it does not change
    when those do. Renaming the file would change it: write the Guid in the front matter first.
    """
    return str(uuid.uuid5(uuid.UUID(show_guid), name))
