"""Each content's URL computed once per build, not every time a template asks for it."""

from pelican import signals

from .fixed_urls import fix_urls, remember_generators


def register() -> None:
    signals.all_generators_finalized.connect(remember_generators)
    # After plugins.checks' gate (earlier in PLUGINS): everything is read, assembled and checked.
    signals.get_writer.connect(fix_urls)
