"""Rules every front matter follows, whatever the kind of content: field names, dates, status, slug.

Shared by the checks of articles and pages (plugins.checks) and of episodes (pelican.plugins.podcast), so
that one mistake reads the same everywhere. Each function returns problem records (worded in
plugins/catalogue.py: "Field: what is wrong ; what to do") or None; `header_problems` gives each
the line of its field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import datetime

from pelican.utils import slugify

from .catalogue import PODCAST
from .markdown_header import HeaderField
from .problem_record import Problem
from .text_rules import TextRule, text_problems

# What every field's value may hold, whatever else its own rule says: no control character.
ANY_FIELD = TextRule(multiline=True)

# Unambiguous dates only: 03/04/2024 is 3 April in France and 4 March for Pelican's parser.
DATE_FORMS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
DATE_EXPECTED = "format attendu : 2023-05-07 10:00, ou 2023-05-07 sans l'heure"
# A slug is a piece of an address: lower-case ASCII letters, digits and hyphens.
SLUG_FORM = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
ASCII_DIGITS = re.compile(r"^[0-9]+$")

# French words editors reach for -> the field they mean.
FRENCH_FIELD_NAMES = {
    "titre": "Title",
    "résumé": "Summary",
    "resume": "Summary",
    "statut": "Status",
    "etat": "Status",
    "état": "Status",
    "catégorie": "Category",
    "categorie": "Category",
    "étiquettes": "Tags",
    "etiquettes": "Tags",
    "mots-clés": "Tags",
    "motscles": "Tags",
    "auteur": "Author",
    "auteurs": "Authors",
    "saison": "Season",
    "épisode": "Episode",
    "numero": "Episode",
    "numéro": "Episode",
    "personnes": "Persons",
    "invites": "Persons",
    "chapitres": "Chapters",
    "transcription": "Transcript",
    "modifie": "Modified",
    "modifié": "Modified",
    "langue": "Lang",
}

# French status words -> Pelican's.
FRENCH_STATUSES = {"brouillon": "draft", "publié": "published", "publie": "published", "caché": "hidden", "cache": "hidden"}


def unknown_field_problem(name: str, known: tuple[str, ...]) -> Problem | None:
    """A field nobody reads is a mistake (a misspelling hides the field the editor meant)."""
    if name.lower() in (k.lower() for k in known):
        return None
    meant = FRENCH_FIELD_NAMES.get(name.lower())
    if meant not in known:
        close = difflib.get_close_matches(name.lower(), [k.lower() for k in known], n=1, cutoff=0.6)
        meant = next((k for k in known if close and k.lower() == close[0]), None)
    if meant:
        return PODCAST("content.E001", field=name, hint="meant", meant=meant)
    return PODCAST("content.E001", field=name, hint="known", known=", ".join(known))


def date_problem(field: str, value: str) -> Problem | None:
    """None if `value` is an unambiguous, existing date (and time), else what to write."""
    match = DATE_FORMS.match(value.strip())
    if match:
        year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
        try:
            datetime(year, month, day, hour, minute, second)
            return None
        except ValueError:
            return PODCAST("content.E004", field=field, value=value, expected=DATE_EXPECTED)
    if re.match(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", value.strip()):
        return PODCAST("content.E003", field=field, value=value, expected=DATE_EXPECTED)
    return PODCAST("content.E005", field=field, value=value, expected=DATE_EXPECTED)


def date_problem_from_pelican(message: str) -> Problem | None:
    """Pelican's "X is not a valid date" said as ours, so that both read the same."""
    if message.endswith(" is not a valid date"):
        value = message.removesuffix(" is not a valid date").strip("'\"")
        return date_problem("Date", value) or PODCAST("content.E005", field="Date", value=value, expected=DATE_EXPECTED)
    return None


def status_problem(value: str, allowed: tuple[str, ...]) -> Problem | None:
    if value.strip().lower() in allowed:
        return None
    meant = FRENCH_STATUSES.get(value.strip().lower())
    return PODCAST("content.E006", field="Status", value=value, allowed=", ".join(allowed),
                hint="meant" if meant in allowed else "", meant=meant)


def slug_problem(value: str) -> Problem | None:
    """A slug is written as is into the page's address: it must need no encoding."""
    if SLUG_FORM.match(value):
        return None
    suggestion = slugify(value, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
    return PODCAST("content.E007", field="Slug", value=value, hint="suggestion" if suggestion else "", suggestion=suggestion)


def number_problem(field: str, value: str) -> Problem | None:
    """Whole positive numbers in ASCII digits ('²' or '٣' pass str.isdigit())."""
    if ASCII_DIGITS.match(value.strip()) and int(value) >= 1:
        return None
    return PODCAST("content.E008", field=field, value=value)


@dataclass(frozen=True)
class HeaderRules:
    """What one kind of content (article, page, episode) may have in its front matter."""

    known: tuple[str, ...]  # field names as the README spells them
    statuses: tuple[str, ...]
    texts: dict[str, TextRule]  # lower-cased field -> its rule
    lists: tuple[str, ...] = ()  # lower-cased fields whose value is a comma-separated list
    dates: tuple[str, ...] = ("date", "modified")
    numbers: tuple[str, ...] = ()
    # Lower-cased fields whose every item is checked by its own reader, text rules included
    # (an episode's chapters and persons): not checked again as a whole.
    itemized: tuple[str, ...] = ()
    # Fields whose absence stops the build (« champ obligatoire manquant »): the web editor's form
    # marks them required (plugins/admin).
    required: tuple[str, ...] = ()


def header_problems(fields: list[HeaderField], rules: HeaderRules) -> list[Problem]:
    """Every problem of one front matter, each with its field and the line of that field."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for field in fields:
        found: list[Problem | None] = []
        key = field.name.lower()
        if key in seen:
            found.append(PODCAST("content.E002", field=field.name))
        seen.add(key)
        unknown = unknown_field_problem(field.name, rules.known)
        value = field.text
        rule = rules.texts.get(key)
        if unknown:
            found.append(unknown)
        elif key in rules.dates:
            found.append(date_problem(field.name, value))
        elif key == "status":
            found.append(status_problem(value, rules.statuses))
        elif key == "slug":
            found.append(slug_problem(value))
        elif key in rules.numbers:
            found.append(number_problem(field.name, value))
        elif rule is not None:
            values = [part.strip() for part in value.split(",")] if key in rules.lists else [value]
            found += [problem for item in values for problem in text_problems(item, rule, field.name)]
        elif key not in rules.itemized:
            # Any other field (Guid, Image, Transcript…) reaches a page or the feed too: a control
            # character there made lxml stop the build with a traceback.
            found += text_problems(value, ANY_FIELD, field.name)
        problems += [replace(problem, line=field.line_number) for problem in found if problem]
    return problems
