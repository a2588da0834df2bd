"""Writing output files (the feed, chapters, artwork): all of it or nothing, never a half-written file."""

from __future__ import annotations

import os
import stat

import pytest
from pelican.plugins.podcast.files import write_atomically


def test_writes_the_bytes_into_a_new_directory(tmp_path):
    path = tmp_path / "podcast" / "feed.xml"
    write_atomically(str(path), b"<rss/>")
    assert path.read_bytes() == b"<rss/>"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644  # readable by the web server


def test_replaces_the_old_feed_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"old")
    write_atomically(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["feed.xml"]


def test_a_failed_write_keeps_the_old_feed_whole(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(str(path), "not bytes")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["feed.xml"]
