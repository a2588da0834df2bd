"""Stand-ins for the podcast plugin's Jinja filters, for the baseline build (podcast plugin off).

The theme's shared macros (`_macros.html`, `episode_card`) name filters that the podcast plugin
registers, and Jinja refuses to compile a template naming an unknown filter: without them the
baseline cannot build at all. Importing the real ones would import the whole plugin (its package
imports feedgen, mutagen and lxml), which is the cost the baseline must not pay. No baseline page
has an episode record, so these are never called; if one were, the baseline would be wrong: it fails.
"""

from __future__ import annotations


def _never_called(*args: object, **kwargs: object) -> str:
    raise RuntimeError("tools.bench: a podcast filter was used in the baseline build, which has no episode")


FILTERS = dict.fromkeys(("site_href", "duration_fr", "timestamp", "filesize_fr"), _never_called)
