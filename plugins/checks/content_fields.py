"""The front matter of articles and pages, checked as the editor wrote it (see front_matter_rules)."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins.podcast.front_matter_rules import SLUG_FORM, HeaderRules, header_problems
from pelican.plugins.podcast.markdown_header import field_lines, read_header
from pelican.plugins.podcast.problem_record import Problem
from pelican.plugins.podcast.text_rules import DESCRIPTION, LINE, TITLE

from ..catalogue import SITE

if TYPE_CHECKING:
    from pelican.contents import Content
    from pelican.generators import Generator

_COMMON = ("Title", "Date", "Modified", "Slug", "Summary", "Status", "Lang", "Translation", "Template", "Save_as", "Url")
_TEXTS = {"title": TITLE, "summary": DESCRIPTION, "category": LINE, "tags": LINE, "author": LINE, "authors": LINE}

ARTICLE_RULES = HeaderRules(
    known=(*_COMMON, "Category", "Tags", "Author", "Authors"),
    statuses=("published", "draft", "hidden"),
    texts=_TEXTS,
    lists=("tags", "authors"),
    required=("Title", "Date"),
)
PAGE_RULES = HeaderRules(known=_COMMON, statuses=("published", "draft", "hidden"), texts=_TEXTS, required=("Title",))


def pelican_contents(generator: Generator, drafts: bool) -> list[Any]:
    """The articles or pages a Pelican generator read: published, translations, hidden, and with
    `drafts` the drafts too (Pelican keeps each kind in its own list). Other generators: []."""
    if isinstance(generator, ArticlesGenerator):
        found = [*generator.articles, *generator.translations, *generator.hidden_articles, *generator.hidden_translations]
        return found + ([*generator.drafts, *generator.drafts_translations] if drafts else [])
    if isinstance(generator, PagesGenerator):
        found = [*generator.pages, *generator.translations, *generator.hidden_pages, *generator.hidden_translations]
        return found + ([*generator.draft_pages, *generator.draft_translations] if drafts else [])
    return []


def read_contents(generators: list[Generator], drafts: bool) -> list[Any]:
    """Every content the generators read and write: Pelican's (see `pelican_contents`), and the
    pages our own generators say they write (`published_contents()`)."""
    contents: list[Any] = []
    for generator in generators:
        contents += pelican_contents(generator, drafts)
        if hasattr(generator, "published_contents"):
            contents += generator.published_contents()
    return contents


def rules_for(relative_path: str, page_paths: list[str]) -> HeaderRules:
    first = relative_path.replace(os.sep, "/").split("/")[0]
    return PAGE_RULES if first in page_paths else ARTICLE_RULES


def file_problems(source_path: str, shown: str, rules: HeaderRules) -> list[Problem]:
    return [replace(problem, file=shown) for problem in header_problems(read_header(source_path), rules)]


def slug_problems(content: Content, shown: str) -> list[Problem]:
    """Slugs Pelican made from a text can still be unusable: from the title (no Slug field), a
    title-less address; from a tag, a category or an author, an empty one (a link to "mot-cle//")."""
    found = []
    lines = field_lines(read_header(content.source_path))
    slug = getattr(content, "slug", None)
    if "slug" not in content.metadata and slug is not None and not SLUG_FORM.match(slug):
        found.append(SITE("content.E009", file=shown, line=lines.get("title"), field="Title", slug=slug))
    for field, labels in _labels(content):
        found += [SITE("content.E010", file=shown, line=lines.get(field.lower()), field=field, label=label.name)
                  for label in labels if not label.slug]
    return found


def _labels(content: Content) -> list[tuple[str, list[Any]]]:
    """The field names and values of the content's category, tags and authors, as Pelican made them."""
    metadata = content.metadata
    found = []
    if "category" in metadata and getattr(content, "category", None) is not None:
        found.append(("Category", [content.category]))
    if metadata.get("tags"):
        found.append(("Tags", list(metadata["tags"])))
    if metadata.get("authors") or metadata.get("author"):
        field = "Authors" if "authors" in metadata else "Author"
        found.append((field, list(getattr(content, "authors", None) or [])))
    return found


# The hints `invoke new-episode` and `new-article` leave in a new file ("À FAIRE (facultatif)" are optional).
UNFINISHED = re.compile(r"À FAIRE\s*:")


def unfinished_problems(source_path: str, shown: str) -> list[Problem]:
    """A hint left in a published file would reach readers (in the HTML source and the feeds).
    Said on the line of the first one."""
    lines = _source_lines(source_path)
    found = [number for number, line in enumerate(lines, 1) if UNFINISHED.search(line)]
    if not found:
        return []
    return [SITE("content.W002", level="warning", file=shown, line=found[0], count=len(found))]


def _source_lines(source_path: str) -> list[str]:
    try:
        with open(source_path, encoding="utf-8") as source:
            return source.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return []


IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
SRC = re.compile(r"""\bsrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def empty_alt_problems(body_html: str, source_path: str, shown: str) -> list[Problem]:
    """Images without alternative text, from the rendered body (Pelican says it only when it reads a
    file, which its content cache skips: the check must hold on every build), each on the first line
    of the source that names the image."""
    problems = []
    lines: list[str] | None = None
    for tag in IMAGE_TAG.findall(body_html):
        alt = ALT.search(tag)
        if alt is None or not alt.group(2).strip():
            source = SRC.search(tag)
            name = os.path.basename(source.group(2)) if source else "?"
            lines = _source_lines(source_path) if lines is None else lines
            line = next((number for number, text in enumerate(lines, 1) if name in text), None)
            problems.append(SITE("content.W003", level="warning", file=shown, line=line, name=name))
    return problems
