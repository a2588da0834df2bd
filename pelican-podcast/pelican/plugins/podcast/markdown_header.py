"""The one reader of a Markdown file's front matter as the editor wrote it, before Pelican types it.

Pelican hands plugins metadata already converted (dates parsed month-first, keys lower-cased,
unknown keys kept as strings): the raw text is what tells an ambiguous date or a misspelt field.
The rules are Python-Markdown's `meta` extension, which Pelican's Markdown reader uses: an optional
`---` line, then `Key: value` lines, a value continued on lines indented by 4 spaces or more, up to
the first blank line (or a closing `---` / `...`). The podcast plugin, the checks and the tools all
read headers through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
_FIELD = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass(frozen=True)
class HeaderField:
    name: str  # as written, e.g. "Saison"
    lines: tuple[str, ...]  # the value, one item per line (continuation lines included)
    line_number: int  # 1-based line of the key

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def parse_header(text: str) -> list[HeaderField]:
    """The fields of the header at the start of `text`, in order (a key written twice appears twice)."""
    lines = text.lstrip("\ufeff").split("\n")
    fields: list[HeaderField] = []
    start = 1 if lines and _BEGIN.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        line = line.rstrip("\r")
        if not line.strip() or _END.match(line):
            break
        field = _FIELD.match(line)
        if field:
            fields.append(HeaderField(field.group("key"), (field.group("value").strip(),), number))
            continue
        more = _MORE.match(line)
        if more and fields:
            last = fields[-1]
            fields[-1] = HeaderField(last.name, (*last.lines, more.group("value").strip()), last.line_number)
            continue
        break  # the first line that is neither a field nor a continuation starts the body
    return fields


def read_header(path: str | Path) -> list[HeaderField]:
    """The header of the Markdown file at `path`; [] if it cannot be read as UTF-8."""
    try:
        return parse_header(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def header_dict(fields: list[HeaderField]) -> dict[str, str]:
    """Lower-cased key -> value text (the last one wins, as in Pelican)."""
    return {field.name.lower(): field.text for field in fields}


def field_lines(fields: list[HeaderField]) -> dict[str, int]:
    """Lower-cased key -> the line it is written on (the last one, as in `header_dict`)."""
    return {field.name.lower(): field.line_number for field in fields}
