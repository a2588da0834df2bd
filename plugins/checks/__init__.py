"""Stop the build, before anything is written, when Pelican reported an error."""

from pelican import signals

from .strict_content import check_plugins_loaded, fail_on_reading_errors, forget_errors


def register():
    signals.initialized.connect(check_plugins_loaded)
    signals.all_generators_finalized.connect(fail_on_reading_errors)
    signals.finalized.connect(forget_errors)
