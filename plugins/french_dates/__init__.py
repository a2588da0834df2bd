"""French dates with Babel, independent of the machine's locale."""

from pelican import signals

from .french_dates import add_date_filters, format_content_dates


def register() -> None:
    signals.initialized.connect(add_date_filters)
    signals.content_object_init.connect(format_content_dates)
