"""A problem as a record, in the shape of Django's check messages: level, stable code, message,
hint, and where it is (file, line, field).

A check returns records, never text to print: the build's French list, `invoke check` and the
workflow's annotations (on the file and line of a pull request) all read the same records, and a
test compares codes and fields instead of wording. The French words live in one catalogue per
owner (`plugins/catalogue.py` for the site, the podcast plugin's own), each a `Catalogue` of
`Message`s keyed by code, which renders a record from its code and its values.

This module imports nothing of the site: the podcast plugin, meant to be installed on its own,
makes its records with it too.
"""

from __future__ import annotations

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
    """Codes -> Message: the one place an owner's problems are worded."""

    def __init__(self, messages: Mapping[str, Message]):
        self.messages = dict(messages)

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
        message = self.messages[code]
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
