"""Pelican's writer, rendering only the outputs of a partial rebuild's scope."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .scope import Scope


def selective_writer(scope: Scope) -> type[Writer]:
    """A Writer class (what get_writer must return) that skips every output outside `scope`."""

    class SelectiveWriter(Writer):
        def write_file(self, name: Any, template: Any, context: Any, relative_urls: bool = False, paginated: Any = None,
                       template_name: Any = None, override_output: bool = False, url: Any = None, **kwargs: Any) -> Any:
            pages = self._pages(name, template_name, url, paginated, kwargs) if name else []
            if pages and not any(scope.includes(page) for page in pages):
                # The previous build's file stands: say it is written, as Pelican would, so that
                # what lists the written pages (the sitemap) still lists it.
                for page in pages:
                    signals.content_written.send(sanitised_join(self.output_path, page),
                                                 context={**context, **kwargs, "output_file": page})
                return None
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)

        def write_feed(self, elements: Any, context: Any, path: Any = None, *args: Any, **kwargs: Any) -> Any:
            if path and not scope.includes(path):
                return None
            return super().write_feed(elements, context, path, *args, **kwargs)

        def _pages(self, name: str, template_name: Any, url: Any, paginated: Any, kwargs: dict) -> list[str]:
            """Every file this call writes: one, or one per page of a paginated list (Pelican's own paginator)."""
            if paginated is None:
                paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
            if not paginated or template_name not in self.settings["PAGINATED_TEMPLATES"]:
                return [name]
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginator = Paginator(name, url, next(iter(paginated.values())), self.settings, per_page)
            return [paginator.page(number).save_as for number in range(1, paginator.num_pages + 1)]

    return SelectiveWriter
