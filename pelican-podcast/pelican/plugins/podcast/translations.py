"""The plugin's translations: each language's `podcast.po` kept in step with catalogue.py, and compiled.

    python -m pelican.plugins.podcast.translations

A maintainer's command, run after a message of catalogue.py changed: in every
`locale/<language>/LC_MESSAGES/podcast.po`, each message of the catalogue gets its entry
(msgctxt: its code, `Catalogue.contexts()`; msgid: its English words), an entry whose English
words changed loses its translation (a translator words it again), an entry of a message gone is
removed; then each `.po` is compiled into the `podcast.mo` beside it, which the plugin reads with
Python's own gettext. It needs Babel (`pip install "pelican-podcast[translations]"`); a build never
imports this module. The plugin's tests check that every message has its translation and that each
`.mo` is its `.po` compiled.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .catalogue import DOMAIN, LOCALE_DIR, PODCAST


def po_files() -> list[Path]:
    """The `.po` file of each language the plugin speaks besides English."""
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(po: Path) -> Catalog:
    with po.open("rb") as stream:
        return read_po(stream, domain=DOMAIN)


def updated(catalog: Catalog) -> Catalog:
    """`catalog` with one entry per message of catalogue.py, in its order, translations kept
    where the English words are the same."""
    fresh = Catalog(locale=catalog.locale, domain=DOMAIN, project="pelican-podcast", fuzzy=False,
                    creation_date=catalog.creation_date, revision_date=catalog.revision_date,
                    last_translator=catalog.last_translator, language_team=catalog.language_team)
    for context, english in PODCAST.contexts().items():
        known = catalog.get(english, context=context)
        fresh.add(english, known.string if known is not None else "", context=context)
    return fresh


def compiled(catalog: Catalog) -> bytes:
    """The `.mo` of `catalog`, as gettext reads it (fuzzy entries left out)."""
    stream = io.BytesIO()
    write_mo(stream, catalog)
    return stream.getvalue()


def main() -> int:
    for po in po_files():
        catalog = updated(read(po))
        with po.open("wb") as stream:
            write_po(stream, catalog, width=100, sort_output=False, omit_header=False)
        po.with_suffix(".mo").write_bytes(compiled(read(po)))
        untranslated = [message.context for message in catalog if message.id and not message.string]
        print(f"{po}: {len(catalog)} messages, {len(untranslated)} to translate {untranslated or ''}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
