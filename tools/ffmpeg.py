"""Which ffmpeg to run: the system's when it has the encoders asked for, else the one imageio-ffmpeg ships.

The pip package (pinned in requirements-dev.txt) means a developer needs no system ffmpeg for the
tests; a system ffmpeg, when present, is preferred because the demo audio in content/ was encoded with
Debian's and bit-exact output depends on the ffmpeg version.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

INSTALL_HINT = ("installez le paquet Python imageio-ffmpeg (.venv/bin/pip install -r requirements-dev.txt) "
                "ou le paquet Debian ffmpeg (sudo apt-get install ffmpeg)")


class FfmpegMissing(RuntimeError):
    """No usable ffmpeg: the message says what to install."""


@functools.cache
def ffmpeg_executable(encoders: tuple[str, ...] = ()) -> str:
    """Path of the first ffmpeg that runs and has every encoder in `encoders`; FfmpegMissing otherwise."""
    tried = []
    for candidate in _candidates():
        missing = _missing_encoders(candidate, encoders)
        if missing is None:
            tried.append(f"{candidate} ne démarre pas")
        elif missing:
            tried.append(f"{candidate} n'a pas le(s) encodeur(s) {', '.join(missing)}")
        else:
            return candidate
    found = f" ({' ; '.join(tried)})" if tried else ""
    raise FfmpegMissing(f"aucun ffmpeg utilisable{found} : {INSTALL_HINT}")


def _candidates() -> list[str]:
    candidates = []
    system = shutil.which("ffmpeg")
    if system:
        candidates.append(system)
    try:
        import imageio_ffmpeg
        candidates.append(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):  # not installed, or installed without its binary
        pass
    return candidates


def _missing_encoders(executable: str, encoders: tuple[str, ...]) -> list[str] | None:
    """The encoders `executable` lacks, or None if it does not run."""
    try:
        result = subprocess.run([executable, "-hide_banner", "-encoders"], capture_output=True, text=True,
                                check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return [name for name in encoders if not re.search(rf"^\s\S+\s+{re.escape(name)}\s", result.stdout, re.M)]
