"""What every tag family's text goes through: blanks stripped, track numbers read."""

from __future__ import annotations

import re


def clean(value: str) -> str | None:
    value = str(value).strip()
    return value or None


def track_number(value: str | None) -> int | None:
    """'3' or '3/12' -> 3; anything else (or 0) -> None."""
    match = re.match(r"\s*(\d+)", value or "")
    return (int(match.group(1)) or None) if match else None

