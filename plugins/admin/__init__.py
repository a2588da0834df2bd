"""The web editor at /admin/ (Decap CMS): its configuration made from the checks' rules, its
files written with the site. `invoke edit` runs it locally (tasks.py)."""

from pelican import signals

from .hooks import add_generator, configure


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
