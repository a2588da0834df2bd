"""podcast:updateFrequency computed from the published dates, when PODCAST_UPDATE_FREQUENCY says nothing.

Apps show it ("Un épisode par mois") and may plan their polling on its rrule (RFC 5545, the Podcast
Index namespace 1.0). The typical gap between two episodes is the median one: a late episode or a
summer break does not change the rhythm the show keeps. Fewer than three dated episodes say no
rhythm, and then the feed says none rather than guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise
from statistics import median

from .settings import UpdateFrequency

# Gaps measured in days; each unit of RFC 5545 with its length and its French words (one, several).
DAY = (1.0, "DAILY", "Un épisode par jour", "Un épisode tous les {n} jours")
WEEK = (7.0, "WEEKLY", "Un épisode par semaine", "Un épisode toutes les {n} semaines")
MONTH = (30.44, "MONTHLY", "Un épisode par mois", "Un épisode tous les {n} mois")
YEAR = (365.25, "YEARLY", "Un épisode par an", "Un épisode tous les {n} ans")
# Up to which typical gap (days) each unit counts it: 4 days is "every 4 days", 25 "every 4 weeks".
UNITS = ((5.5, DAY), (26.0, WEEK), (335.0, MONTH), (float("inf"), YEAR))
MIN_EPISODES = 3


def computed_frequency(dates: Sequence[datetime]) -> UpdateFrequency | None:
    """The show's rhythm from its episodes' publication dates (any order), or None with fewer than
    three of them."""
    if len(dates) < MIN_EPISODES:
        return None
    ordered = sorted(dates)
    gap = median((later - earlier).total_seconds() / 86400 for earlier, later in pairwise(ordered))
    length, freq, one, several = next(unit for limit, unit in UNITS if gap < limit)
    interval = max(1, round(gap / length))
    if interval == 1:
        return UpdateFrequency(text=one, rrule=f"FREQ={freq}")
    return UpdateFrequency(text=several.format(n=interval), rrule=f"FREQ={freq};INTERVAL={interval}")
