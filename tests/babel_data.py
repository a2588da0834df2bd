"""Imported once by fresh_python's server, beside the libraries: the locale data Babel reads from
disk the first time a process formats a date in French (13 ms of each build's start, in the
French-date checks of its settings), so that the processes forked from the server find it read.
French, the site's language, and the root locale every locale falls back to; a build in another
language reads its own, as it would anyway."""

from babel import localedata

for name in ("root", "fr", "fr_FR"):
    localedata.load(name)
