"""Apple Podcasts categories and subcategories, and the check of PODCAST_CATEGORIES against them.

The table is Apple's list (https://podcasters.apple.com/support/1691-apple-podcasts-categories,
19 categories since 2019). Names are written in the feed exactly as here, "&" included (lxml
escapes it); Apple matches them case-sensitively, so "How To" is not "How-To".
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

from .catalogue import PODCAST
from .problem_record import Problem

APPLE_CATEGORIES_URL = "https://podcasters.apple.com/support/1691-apple-podcasts-categories"

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


def check_categories(value: object, setting: str = "PODCAST_CATEGORIES") -> list[Problem]:
    """Problems with a categories setting, each about `setting`; empty if it is right.

    `value` must be a non-empty sequence of (category, subcategory or None) pairs, each name
    spelled exactly as in Apple's list. Apple only uses the first pair, but the others are kept.
    """
    example = '[("Society & Culture", "Documentary")]'
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        return [PODCAST("podcast.E080", field=setting, example=example, value=value)]
    if not value:
        return [PODCAST("podcast.E081", field=setting, example=example)]
    problems = []
    seen: set[tuple[str, str | None]] = set()
    for pair in value:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            problems.append(PODCAST("podcast.E082", field=setting, pair=pair, example=example))
            continue
        pair_problems = _pair_problems(setting, *pair)
        problems += pair_problems
        if not pair_problems:  # both names are known, hence hashable strings (or None)
            if tuple(pair) in seen:
                problems.append(PODCAST("podcast.E083", field=setting, pair=tuple(pair)))
            seen.add(tuple(pair))
    return problems


def _pair_problems(setting: str, category: object, subcategory: object) -> list[Problem]:
    parents = [parent for parent, children in APPLE_CATEGORIES.items() if category in children]
    if parents and subcategory is None:
        return [PODCAST("podcast.E084", field=setting, category=category, parent=parents[0])]
    if not isinstance(category, str) or category not in APPLE_CATEGORIES:
        meant = _did_you_mean(category, APPLE_CATEGORIES)
        return [PODCAST("podcast.E085", field=setting, hint="meant" if meant else None, category=category, meant=meant,
                        url=APPLE_CATEGORIES_URL)]
    if subcategory is None:
        return []
    allowed = APPLE_CATEGORIES[category]
    if not allowed:
        return [PODCAST("podcast.E086", field=setting, category=category)]
    if subcategory not in allowed:
        meant = _did_you_mean(subcategory, allowed)
        return [PODCAST("podcast.E087", field=setting, hint="meant" if meant else None, subcategory=subcategory,
                        category=category, meant=meant, allowed=", ".join(allowed))]
    return []


def _did_you_mean(name: object, choices: Collection[str]) -> str | None:
    """The choice `name` was meant to be, for a near miss (case, '&' written 'and', a hyphen)."""
    if not isinstance(name, str):
        return None
    by_key = {_loose(choice): choice for choice in choices}
    return by_key.get(_loose(name)) or next(iter(difflib.get_close_matches(name, list(choices), n=1)), None)


def _loose(name: str) -> str:
    return "".join(ch for ch in name.lower().replace(" and ", " & ") if ch.isalnum() or ch == "&")
