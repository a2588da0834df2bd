"""The build's one clock: every "now" of the product is read here.

A build depends on the time in three places only: which scheduled articles and episodes are due,
when the build started reading (the last-build record's date, and its one-second "racy" window
for files saved just before), and the date `invoke new-article` / `new-episode` write by default.
They all ask `now()`, so that one setting of the clock moves them together.

`CITE_IA_NOW` (an ISO 8601 date with its offset, e.g. "2027-01-15T09:00:00+01:00") sets the
clock for a build and every process it starts: the tests use it to put a scheduled episode's date
behind a build without waiting for it, and an editor can preview the site as it will be on a date
(`CITE_IA_NOW=2027-01-15T09:00+01:00 invoke build`). Unset, it is the machine's clock.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from .problems import BuildStopped

VARIABLE = "CITE_IA_NOW"


def now() -> datetime:
    """The current moment, aware (UTC unless the variable gives another offset)."""
    given = os.environ.get(VARIABLE, "").strip()
    if not given:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(given)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BuildStopped(
            f"{VARIABLE}: {given!r} n'est pas une date ISO 8601 avec son fuseau, "
            "ex. '2027-01-15T09:00:00+01:00' (ou retirez la variable pour l'heure de la machine)"
        )
    return moment


def timestamp() -> float:
    """now(), in seconds since the epoch (what file times are compared with)."""
    return now().timestamp()
