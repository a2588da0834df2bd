"""Every file the build will write, known before writing: each path written once, inside the output.

Pelican stops with a traceback when two things write one file (an article titled "Archives"
against the archives page, a page whose slug is "podcast" against the podcast index) and logs,
then skips, a file that would land outside the output folder. Here every planned path is listed
with what writes it, and a clash names both.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from pelican.generators import ArticlesGenerator, Generator, PagesGenerator, StaticGenerator, TemplatePagesGenerator
from pelican.paginator import Paginator
from pelican.plugins.podcast.files import ignored
from pelican.plugins.podcast.problem_record import Problem

from ..catalogue import SITE
from .content_fields import pelican_contents

# (output-relative path, who writes it: "content/x.md: Slug" or a description of a generated page)
Planned = tuple[str, str]

# How a message names a content file: its path as the editor sees it.
Shown = Callable[[str], str]

FEED_SETTINGS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")


def _content_paths(contents: Iterable[Any], shown: Shown) -> list[Planned]:
    return [(c.save_as, f"{shown(c.source_path)}: Slug") for c in contents if getattr(c, "save_as", "")]


def _paginated(name: str, url: str, items: list[Any], settings: dict[str, Any], template: str, who: str) -> list[Planned]:
    per_page = (settings.get("PAGINATED_TEMPLATES") or {}).get(template) or settings.get("DEFAULT_PAGINATION")
    if not name:
        return []
    if not per_page or template not in (settings.get("PAGINATED_TEMPLATES") or {}):
        return [(name, who)]
    paginator = Paginator(name, url, items, settings, per_page)
    return [(paginator.page(number).save_as, who) for number in paginator.page_range]


def articles_paths(generator: ArticlesGenerator, shown: Shown) -> list[Planned]:
    settings = generator.settings
    planned = _content_paths(pelican_contents(generator, drafts=True), shown)
    for category, articles in generator.categories:
        planned += _paginated(category.save_as, category.url, articles, settings, "category",
                              f"la page de la catégorie « {category.name} »")
    for tag, articles in generator.tags.items():
        planned += _paginated(tag.save_as, tag.url, articles, settings, "tag", f"la page du mot-clé « {tag.name} »")
    for author, articles in generator.authors:
        planned += _paginated(author.save_as, author.url, articles, settings, "author",
                              f"la page de l'auteur « {author.name} »")
    for template in settings.get("DIRECT_TEMPLATES", ()):
        setting = f"{template.upper()}_SAVE_AS"
        save_as = settings.get(setting, f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", save_as)
        planned += _paginated(save_as, url, generator.articles, settings, template, f"la page « {template} » ({setting})")
    planned += [(settings[name], f"le flux {name}") for name in FEED_SETTINGS if settings.get(name)]
    for kind, objects in (("CATEGORY", [c for c, _ in generator.categories]), ("TAG", list(generator.tags))):
        for name in (f"{kind}_FEED_ATOM", f"{kind}_FEED_RSS"):
            if settings.get(name):
                planned += [(settings[name].format(slug=o.slug), f"le flux {name} de « {o.name} »") for o in objects]
    return planned


def pages_paths(generator: PagesGenerator, shown: Shown) -> list[Planned]:
    return _content_paths(pelican_contents(generator, drafts=True), shown)


def static_paths(generator: StaticGenerator, shown: Shown) -> list[Planned]:
    planned = [(sc.save_as, f"{shown(sc.source_path)} (fichier copié tel quel)") for sc in generator.staticfiles]
    theme_static = os.path.join(generator.theme, "static")
    ignores = generator.settings["IGNORE_FILES"]
    for root, folders, files in os.walk(theme_static):
        folders[:] = [name for name in folders if not ignored(name, ignores)]  # what Pelican's copy skips
        for name in (name for name in files if not ignored(name, ignores)):
            relative = os.path.relpath(os.path.join(root, name), theme_static).replace(os.sep, "/")
            planned.append((posixpath.join(generator.settings["THEME_STATIC_DIR"], relative), "le thème (theme/static)"))
    return planned


def planned_outputs(generators: list[Generator], shown: Shown) -> list[Planned]:
    """Every path the build will write, with what writes it."""
    planned: list[Planned] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            planned += articles_paths(generator, shown)
        elif isinstance(generator, PagesGenerator):
            planned += pages_paths(generator, shown)
        elif isinstance(generator, StaticGenerator):
            planned += static_paths(generator, shown)
        elif isinstance(generator, TemplatePagesGenerator):
            pages = generator.settings["TEMPLATE_PAGES"].items()
            planned += [(save_as, f"TEMPLATE_PAGES ({source})") for source, save_as in pages]
        elif hasattr(generator, "output_paths"):  # our own generators say what they write
            planned += generator.output_paths()
    return planned


def _about(who: str) -> tuple[str, str]:
    """(file, field) of a writer: "content/x.md: Slug" is a file and its field; a generated page is only named."""
    if who.startswith("content/") and ": " in who:
        file, field = who.split(": ", 1)
        return file, field
    return "", who


def address_problems(planned: list[Planned]) -> list[Problem]:
    """Paths outside the output folder, and paths two things would write."""
    problems = []
    writers: dict[str, list[str]] = defaultdict(list)
    for path, who in planned:
        normal = posixpath.normpath(path.replace("\\", "/"))
        if normal.startswith("../") or normal == ".." or posixpath.isabs(normal):
            file, field = _about(who)
            problems.append(SITE("content.E050", file=file, field=field, path=path))
            continue
        if who not in writers[normal]:
            writers[normal].append(who)
    for path, whos in writers.items():
        if len(whos) > 1:
            # The editor's file is the one to change: it is named first, generated pages after it.
            first, *others = sorted(whos, key=lambda writer: writer.startswith("content/"))
            for other in others:
                file, field = _about(other)
                problems.append(SITE("content.E051", file=file, field=field, path=path, first=first.removesuffix(": Slug")))
    return problems
