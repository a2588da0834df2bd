"""One way to read a family of settings: its table of defaults applied, each value read once and
checked, every wrong value a problem about its setting, and the default in its place.

A wrong value is never silently replaced: it is reported (the build stops on it), and its default
stands in only so that the rest of the family can be checked too and every problem said at once.
The podcast plugin's settings read through it (settings.py), and so may a site's own families
(this site's: plugins.checks.site_settings, plugins.sharing, plugins.search, plugins.admin): one
shape, one wording for the rules they share (True or False, a folder, a string, a required value).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalogue import PODCAST
from .problem_record import Problem


def not_a_flag(name: str, value: object) -> Problem:
    """The problem of a setting that must be True or False (every plugin's settings say it alike)."""
    return PODCAST("settings.E001", field=name, value=value)


def not_a_folder(name: str, value: object) -> Problem | None:
    """The problem of a setting that names a folder or is None (every plugin's settings say it alike)."""
    if value is None or (isinstance(value, str) and value.strip()):
        return None
    return PODCAST("settings.E002", field=name, value=value)


class SettingsReader:
    """The settings of one family (`defaults`: name -> default), read from Pelican's `settings`,
    the problems noted in `problems`, each about its setting (the record's field)."""

    def __init__(self, settings: dict, defaults: Mapping[str, object]):
        self.settings = settings
        self.defaults = defaults
        self.problems: list[Problem] = []
        for name, default in defaults.items():
            settings.setdefault(name, default)

    def refuse(self, problem: Problem, name: str | None = None) -> Any:
        """Note `problem` about setting `name` (else the problem's field); its default stands in,
        in the settings too (what reads them later reads a value of the right kind)."""
        self.problems.append(problem)
        setting = name or problem.field
        default = self.defaults.get(setting)
        if setting in self.defaults:
            self.settings[setting] = default
        return default

    def flag(self, name: str) -> bool:
        """True or False."""
        value = self.settings.get(name)
        if not isinstance(value, bool):
            return bool(self.refuse(not_a_flag(name, value)))
        return value

    def folder(self, name: str) -> str | None:
        """The path of a folder, or None."""
        value = self.settings.get(name)
        wrong = not_a_folder(name, value)
        return self.refuse(wrong) if wrong else value

    def text(self, name: str, fallback: str | None = None, required: bool = False) -> str | None:
        """A string, stripped (`fallback` when the setting is None); None when there is none."""
        value: object = self.settings.get(name)
        if value is None:
            value = fallback
        if value is not None and not isinstance(value, str):
            self.problems.append(PODCAST("settings.E020", field=name, value=value))
            default = self.defaults.get(name)
            value = default if isinstance(default, str) else None
        if required and not (value and value.strip()):
            self.problems.append(PODCAST("settings.E021", field=name))
            return None
        return value.strip() if value else value
