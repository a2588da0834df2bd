"""Apple Podcasts categories and subcategories, and the check of PODCAST_CATEGORIES against them.

The table is Apple's list (https://podcasters.apple.com/support/1691-apple-podcasts-categories,
19 categories since 2019). Names are written in the feed exactly as here, "&" included (lxml
escapes it); Apple matches them case-sensitively, so "How To" is not "How-To".
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

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


def check_categories(value: object, setting: str = "PODCAST_CATEGORIES") -> list[str]:
    """Problems with a categories setting, as French messages naming `setting`; empty if it is right.

    `value` must be a non-empty sequence of (category, subcategory or None) pairs, each name
    spelled exactly as in Apple's list. Apple only uses the first pair, but the others are kept.
    """
    example = '[("Society & Culture", "Documentary")]'
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        return [f"{setting}: une liste de couples (catégorie, sous-catégorie ou None) est attendue, "
                f"par exemple {example}, pas {value!r}"]
    if not value:
        return [f"{setting}: aucune catégorie ; Apple Podcasts en exige au moins une, par exemple {example}"]
    problems = []
    seen: set[tuple[str, str | None]] = set()
    for pair in value:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            problems.append(
                f"{setting}: {pair!r} n'est pas un couple (catégorie, sous-catégorie ou None) ; "
                f"écrivez par exemple {example}"
            )
            continue
        pair_problems = _pair_problems(*pair)
        problems += [f"{setting}: {problem}" for problem in pair_problems]
        if not pair_problems:  # both names are known, hence hashable strings (or None)
            if tuple(pair) in seen:
                problems.append(f"{setting}: {tuple(pair)!r} figure plusieurs fois ; gardez-la une seule fois")
            seen.add(tuple(pair))
    return problems


def _pair_problems(category: object, subcategory: object) -> list[str]:
    parents = [parent for parent, children in APPLE_CATEGORIES.items() if category in children]
    if parents and subcategory is None:
        return [f"{category!r} est une sous-catégorie de {parents[0]!r} : écrivez ({parents[0]!r}, {category!r})"]
    if not isinstance(category, str) or category not in APPLE_CATEGORIES:
        return [f"catégorie {category!r} inconnue d'Apple Podcasts{_did_you_mean(category, APPLE_CATEGORIES)} "
                f"(liste : {APPLE_CATEGORIES_URL})"]
    if subcategory is None:
        return []
    allowed = APPLE_CATEGORIES[category]
    if not allowed:
        return [
            f"la catégorie {category!r} n'a pas de sous-catégorie chez Apple Podcasts : écrivez ({category!r}, None)"
        ]
    if subcategory not in allowed:
        return [f"sous-catégorie {subcategory!r} inconnue dans {category!r}{_did_you_mean(subcategory, allowed)} ; "
                f"choix possibles : {', '.join(allowed)}"]
    return []


def _did_you_mean(name: object, choices: Collection[str]) -> str:
    """' ; vouliez-vous dire 'X' ?' for a near miss (case, '&' written 'and', a hyphen), else ''."""
    if not isinstance(name, str):
        return ""
    by_key = {_loose(choice): choice for choice in choices}
    match = by_key.get(_loose(name)) or next(iter(difflib.get_close_matches(name, list(choices), n=1)), None)
    return f" ; vouliez-vous dire {match!r} ?" if match else ""


def _loose(name: str) -> str:
    return "".join(ch for ch in name.lower().replace(" and ", " & ") if ch.isalnum() or ch == "&")
