"""A problem as a record, in the shape of Django's check messages: level, stable code, message,
hint, and where it is (file, line, field).

A check returns records, never text to print: the build's French list, `invoke check` and the
workflow's annotations (on the file and line of a pull request) all read the same records, and a
test compares codes and fields instead of wording. The words live in one catalogue per
owner (`plugins/catalogue.py` for the site, the podcast plugin's own), each a `Catalogue` of
`Message`s keyed by code, which renders a record from its code and its values.

This module imports nothing of the site: the podcast plugin, meant to be installed on its own,
makes its records with it too.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing to fix. `code` is stable ("content.E003": the guide explains it, a test names
    it); `file` is the path an editor opens ("content/x.md", "pelicanconf.py"), `line` the line of
    the field in that file when known, `field` the front matter field or setting concerned."""

    code: str
    message: str
    hint: str = ""
    file: str = ""
    line: int | None = None
    field: str = ""
    level: Level = "error"

    @property
    def text(self) -> str:
        """As the editor reads it: "content/x.md: Field: what is wrong ; what to do"."""
        said = ": ".join(part for part in (self.file, self.field, self.message) if part)
        return f"{said} ; {self.hint}" if self.hint else said

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Message:
    """The words of one code: `text` says what is wrong, `hint` what to do; both are format
    strings over the values a check gives (`{value!r}`). A problem with several possible hints
    names them in `hints` and the check picks one."""

    text: str
    hint: str = ""
    hints: Mapping[str, str] | None = None


class Catalogue:
    """Codes -> Message: the one place an owner's problems are worded, and the phrases its checks
    add to others' records. With a gettext `domain` and `localedir`, `use(language)` picks their
    translation there (each message keyed by its code, msgctxt: `contexts()`); otherwise, or for
    a language with no catalogue, the words are said as written."""

    def __init__(self, messages: Mapping[str, Message], phrases: Mapping[str, str] | None = None,
                 domain: str | None = None, localedir: str | os.PathLike[str] | None = None):
        self.messages = dict(messages)
        self.phrases = dict(phrases or {})
        self.domain = domain
        self.localedir = localedir
        self.translation: gettext.NullTranslations = gettext.NullTranslations()

    def use(self, language: str | None) -> None:
        """Speak `language` ("fr", "fr-FR", "fr_FR": its catalogue "fr") from now on; None, or a
        language without a catalogue, speaks the words as written."""
        wanted = (language or "").replace("-", "_").split("_")[0].lower()
        if not wanted or self.domain is None or self.localedir is None:
            self.translation = gettext.NullTranslations()
            return
        self.translation = gettext.translation(self.domain, self.localedir, languages=[wanted], fallback=True)

    def contexts(self) -> dict[str, str]:
        """Every msgctxt -> its msgid: a code's message ("podcast.E035"), its hint ("podcast.E035
        hint") and each of its hints ("podcast.E085 hint meant"), each phrase ("phrase live_item")."""
        found = {}
        for code, message in self.messages.items():
            found[code] = message.text
            if message.hint:
                found[f"{code} hint"] = message.hint
            for key, text in (message.hints or {}).items():
                found[f"{code} hint {key}"] = text
        for key, text in self.phrases.items():
            found[f"phrase {key}"] = text
        return found

    def _said(self, context: str, text: str) -> str:
        return self.translation.pgettext(context, text) if text else text

    def words(self, code: str) -> Message:
        """The words of `code` in the language in use."""
        message = self.messages[code]
        return Message(
            text=self._said(code, message.text),
            hint=self._said(f"{code} hint", message.hint),
            hints={key: self._said(f"{code} hint {key}", text) for key, text in message.hints.items()}
            if message.hints else None,
        )

    def phrase(self, key: str, /, **values: object) -> str:
        """The phrase `key` in the language in use, with `values` put in."""
        return self._said(f"phrase {key}", self.phrases[key]).format(**values)

    def __call__(
        self,
        code: str,
        *,
        file: str = "",
        line: int | None = None,
        field: str = "",
        level: Level = "error",
        hint: str | None = None,
        **values: object,
    ) -> Problem:
        """The record of problem `code` with `values` put into its words; `hint` names one of the
        message's `hints` ("" for none), instead of its default one."""
        message = self.words(code)
        if hint is None:
            hint_text = message.hint
        else:
            hint_text = (message.hints or {})[hint] if hint else ""
        return Problem(
            code=code,
            message=message.text.format(field=field, **values),
            hint=hint_text.format(field=field, **values),
            file=file,
            line=line,
            field=field,
            level=level,
        )
