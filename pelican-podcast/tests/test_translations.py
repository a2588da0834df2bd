"""The plugin's messages through gettext: English words in catalogue.py, a French catalogue shipped,
each `.mo` its `.po` compiled (`python -m pelican.plugins.podcast.translations`), every message
translated with the same placeholders, and the language picked from the settings."""

from __future__ import annotations

import string

import pytest
from pelican.plugins.podcast.catalogue import LOCALE_DIR, PODCAST, language_of, use_language_of
from pelican.plugins.podcast.translations import compiled, po_files, read

FRENCH = LOCALE_DIR / "fr" / "LC_MESSAGES" / "podcast.po"


@pytest.fixture
def speaking():
    """The catalogue's language, given back as it was after the test."""
    before = PODCAST.translation
    yield PODCAST
    PODCAST.translation = before


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The format fields of `text` ({value!r}, {start:.0f}), in order; "{{" is no field."""
    return sorted((name, spec or "", conversion or "") for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None)


def test_french_is_shipped_and_each_mo_is_its_po_compiled():
    assert FRENCH in po_files()
    for po in po_files():
        stale = f"{po}: run python -m pelican.plugins.podcast.translations"
        assert po.with_suffix(".mo").read_bytes() == compiled(read(po)), stale


def test_every_message_has_its_french_words_with_the_same_placeholders():
    catalog = read(FRENCH)
    wanted = PODCAST.contexts()
    entries = {entry.context: entry for entry in catalog if entry.id}
    assert set(entries) == set(wanted)  # none missing, none left over from a message gone
    for context, english in wanted.items():
        entry = entries[context]
        assert entry.id == english, context  # the English words changed: translate them again
        assert entry.string and not entry.fuzzy, context
        assert placeholders(entry.string) == placeholders(english), context


def test_the_language_comes_from_podcast_language_else_default_lang(speaking):
    assert language_of({"DEFAULT_LANG": "fr"}) == "fr"
    assert language_of({"PODCAST_LANGUAGE": "en-GB", "DEFAULT_LANG": "fr"}) == "en-GB"
    assert language_of({}) is None
    use_language_of({"DEFAULT_LANG": "fr"})
    french = speaking("settings.E021", field="PODCAST_AUTHOR")
    assert (french.code, french.message) == ("settings.E021", "réglage obligatoire, il manque dans pelicanconf.py")
    assert speaking.phrase("in_season", season=2) == " de la saison 2"
    speaking.use("fr_FR")  # a region: its language's catalogue
    assert speaking("settings.E021").message == french.message
    for english in (None, "en", "de"):  # no catalogue: the words as written
        speaking.use(english)
        assert speaking("settings.E021").message == "required setting, missing from pelicanconf.py"
