"""Site search with Pagefind: the built pages are indexed at the end of every build."""

from pelican import signals

from .hooks import configure, index_output, offer_writer


def register() -> None:
    signals.initialized.connect(configure)
    # After plugins.checks' gate; plugins.editor_loop decides before (all_generators_finalized)
    # whether the build is partial, and then its own writer is the one.
    signals.get_writer.connect(offer_writer)
    # Before plugins.safe_output's swap (it comes later in PLUGINS): the index goes into the staging folder.
    signals.finalized.connect(index_output)
