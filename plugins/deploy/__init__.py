"""Deploying the built site: where rsync may send it (`targets.py`), the media host's audio files
(`media.py`), the GitHub Pages branch (`gh_pages.py`).

`publish` runs rsync --delete and `gh-pages` pushes a branch: both can erase what they point at.
Every setting is checked before anything is built, and every refusal names its rule: a guard
raises `Refused` (French text), which the tasks turn into a failed task. Programs get their
arguments as a list (never through a shell), and no setting can add an option to rsync, ssh or
git: a value starting with "-" is refused.
"""


class Refused(Exception):
    """A deployment refused or failed before anything was sent: printed as it is, exit 1."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code
