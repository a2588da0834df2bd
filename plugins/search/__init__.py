"""Site search with Pagefind: the built pages are indexed at the end of every build."""

from pelican import signals

from .hooks import configure, index_output


def register() -> None:
    signals.initialized.connect(configure)
    # Before plugins.safe_output's swap (it comes later in PLUGINS): the index goes into the staging folder.
    signals.finalized.connect(index_output)
