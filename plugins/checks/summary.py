"""The build's summary line, in French: what was published and what was held back."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pelican.generators import ArticlesGenerator, PagesGenerator

from ..problems import plural


@dataclass
class Counts:
    published: dict[str, int] = field(default_factory=dict)
    held_back: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what a generator has to say (the publication guard)


_last = Counts()
_started = time.monotonic()


def start_clock() -> None:
    global _started
    _started = time.monotonic()


def count(generators: list) -> None:
    """Remember what the build read (at the gate: everything read, nothing written)."""
    global _last
    counts = Counts(seconds=time.monotonic() - _started)
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            counts.published["article"] = len(generator.articles)
            counts.held_back["article caché"] = len(generator.hidden_articles)
            # WITH_FUTURE_DATES = False makes a future article a draft: its own Status says which it is.
            scheduled = sum(a.metadata.get("status", "published") != "draft" for a in generator.drafts)
            counts.held_back["article programmé"] = scheduled
            counts.held_back["brouillon d'article"] = len(generator.drafts) - scheduled
        elif isinstance(generator, PagesGenerator):
            counts.published["page"] = len(generator.pages)
            counts.held_back["page cachée"] = len(generator.hidden_pages)
            counts.held_back["brouillon de page"] = len(generator.draft_pages)
        elif hasattr(generator, "counts"):  # our generators count their own
            published, held_back = generator.counts()
            counts.published.update(published)
            counts.held_back.update(held_back)
        if hasattr(generator, "notes"):
            counts.notes += generator.notes()
    _last = counts


def finish_clock() -> None:
    _last.seconds = time.monotonic() - _started


_PLURALS = {
    "article": "articles",
    "page": "pages",
    "épisode": "épisodes",
    "article caché": "articles cachés",
    "article programmé": "articles programmés",
    "brouillon d'article": "brouillons d'articles",
    "page cachée": "pages cachées",
    "brouillon de page": "brouillons de pages",
    "épisode caché": "épisodes cachés",
    "épisode programmé": "épisodes programmés",
    "brouillon d'épisode": "brouillons d'épisodes",
    "épisode retiré": "épisodes retirés",
}


def _said(numbers: dict[str, int]) -> str:
    parts = [plural(n, name, _PLURALS.get(name, name + "s")) for name, n in numbers.items() if n]
    return ", ".join(parts) or "rien"


def last_build_summary(checked: bool = False) -> str:
    seconds = f"{_last.seconds:.1f}".replace(".", ",")
    verb = "Vérifié sans rien écrire" if checked else "Site construit"
    line = f"{verb} : {_said(_last.published)} en {seconds} s."
    # Hidden content is written but listed nowhere; drafts and scheduled content are not written.
    hidden = {name: n for name, n in _last.held_back.items() if n and "caché" in name}
    held = {name: n for name, n in _last.held_back.items() if n and name not in hidden}
    if held:
        line += f" Non publiés : {_said(held)}."
    if hidden:
        line += f" Écrits mais listés nulle part : {_said(hidden)}."
    return " ".join([line, *_last.notes])
