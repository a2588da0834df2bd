"""What the plugin says to the rest of a site, and asks of it: blinker signals, as Pelican's own
(`pelican.plugins.signals`). A site's plugins connect to them; this plugin imports none of theirs.

`output_is_current` is sent (sender: the generator about to write) before the plugin writes what
it writes outside Pelican's writer: the feed, the chapters, embedded artwork, thumbnails. A
receiver that returns True says that the output already holds every one of them as this build
would write them (an incremental-build plugin that proved nothing changed since the last build);
the plugin then writes none. With no receiver, or none that returns True, it writes them all.

`problems_found` is sent (sender: "pelican.plugins.podcast.problems") with every problem the
plugin finds: `problems` (records, problem_record.Problem, each with its code),
`level` ("error" or "warning", overriding each record's own; None keeps them)
and `lasting` (True for the settings' problems, found once at `initialized` and holding
for every build of that Pelican object); or with `after_clean_check`, a callable returning problems,
to run once a check-only build found no error (the audio manifest is written then). A receiver
that returns True takes them into its own list, and then stops the build itself; with none, the
plugin stops the build at `get_writer` on its own errors (problems.py).
"""

from __future__ import annotations

from typing import Any

from blinker import signal

output_is_current = signal("podcast_output_is_current")
problems_found = signal("podcast_problems_found")


def output_current(sender: Any) -> bool:
    """Whether a receiver of `output_is_current` says the output is already what `sender` would write."""
    return any(answer is True for _, answer in output_is_current.send(sender))
