"""What a text value may hold: no control character, and the length limits of the places it goes.

One rule set for every text the site publishes (article, page and episode titles, summaries, tags,
persons, chapter titles, the show's settings), used by the content checks and the feed checks.

Control characters (Unicode category Cc, e.g. U+0007 or U+0080-U+009F, lone surrogates and the XML
non-characters U+FFFE/U+FFFF) are refused, not dropped: they are almost always a paste accident,
silently changing the editor's text would hide it, and lxml refuses most of them. Line breaks and
tabs are allowed only in multi-line values (descriptions, summaries, notes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .catalogue import PODCAST, phrase
from .problem_record import Problem

LINE_BREAKS_AND_TABS = "\t\n\r"
# Cc is U+0000-U+001F and U+007F-U+009F; one regular expression, not a loop over characters.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN_MULTILINE = re.compile(f"[{_CONTROL}]")
_FORBIDDEN_SINGLE_LINE = re.compile(f"[{_CONTROL}\t\n\r]")


@dataclass(frozen=True)
class TextRule:
    """What a text value may hold, and whose rule a limit is."""

    max_chars: int | None = None
    max_bytes: int | None = None  # counted in UTF-8
    multiline: bool = False
    required: bool = False
    authority: str = "Apple Podcasts"


# Apple: "Tag values are limited to 255 characters unless otherwise specified"; descriptions 4000 bytes.
TITLE = TextRule(max_chars=255, required=True)
LINE = TextRule(max_chars=255)
DESCRIPTION = TextRule(max_bytes=4000, multiline=True)
NOTES = TextRule(multiline=True)
# Podcast Index: person names and funding labels "please do not exceed 128 characters" (the XSD enforces it).
PERSON_NAME = TextRule(max_chars=128, required=True, authority="l'espace de noms Podcast Index")
FUNDING_TEXT = TextRule(max_chars=128, authority="l'espace de noms Podcast Index")


def text_problems(value: str | None, rule: TextRule, field: str = "") -> list[Problem]:
    """What is wrong with one text value under `rule` (empty list if nothing), about `field`."""
    if value is None or not value.strip():
        return [PODCAST("content.E020", field=field, authority=rule.authority)] if rule.required else []
    problems = []
    pattern = _FORBIDDEN_MULTILINE if rule.multiline else _FORBIDDEN_SINGLE_LINE
    forbidden = pattern.findall(value)
    if forbidden:
        character = forbidden[0]
        kind = phrase("control_character" if character not in LINE_BREAKS_AND_TABS else "line_break")
        others = phrase("and_others", count=len(forbidden) - 1) if len(forbidden) > 1 else ""
        problems.append(PODCAST("content.E021", field=field, kind=kind, character=ord(character),
                             position=value.index(character) + 1, others=others))
    if rule.max_chars is not None and len(value) > rule.max_chars:
        problems.append(PODCAST("content.E022", field=field, length=len(value), authority=rule.authority, limit=rule.max_chars))
    if rule.max_bytes is not None:
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > rule.max_bytes:
            problems.append(PODCAST("content.E023", field=field, size=size, authority=rule.authority, limit=rule.max_bytes))
    return problems
