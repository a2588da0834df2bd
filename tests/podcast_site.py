"""A small podcast site of fixture content, built with the project's real settings, theme and plugins."""

from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path

from PIL import Image
from sitebuild import build_refusal, build_site

from plugins.problems import BuildProblems

SITE_URL = "https://test.cite-ia.fr"
COVER = "images/podcast-cover.png"  # where pelicanconf.py expects the show's artwork


@functools.cache
def _cover_png() -> bytes:
    """The show's cover, a plain square of the smallest size Apple takes: encoded once per process
    (23 ms each time, for every small site of the suite)."""
    encoded = io.BytesIO()
    Image.new("RGB", (1400, 1400), (20, 40, 120)).save(encoded, format="PNG")
    return encoded.getvalue()


def front_matter(fields: dict) -> str:
    lines = []
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            lines.append(f"{key}: {value[0]}")
            lines += [f"    {item}" for item in value[1:]]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


class PodcastSite:
    """Fixture content in `root/content`: the Adhérer page, the show's cover and the episodes added."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.media = self.content / "podcasts" / "media"
        self.media.mkdir(parents=True)
        (self.content / "pages").mkdir()
        (self.content / "pages" / "adherer.md").write_text("Title: Adhérer\nSlug: adherer\n\nRejoignez-nous.\n")
        (self.content / "images").mkdir()
        (self.content / COVER).write_bytes(_cover_png())
        self.builds = 0

    def add_audio(self, name: str, source: Path) -> Path:
        target = self.media / name
        shutil.copyfile(source, target)
        return target

    def add_episode(self, name: str, notes: str = "Les notes de l'épisode.", **fields) -> Path:
        """Write content/podcasts/<name>.md; `fields` are front-matter keys (Title="…", Audio="media/…")."""
        path = self.content / "podcasts" / f"{name}.md"
        path.write_text(front_matter(fields) + "\n\n" + notes + "\n", encoding="utf-8")
        return path

    def build(self, output: Path | None = None, **overrides) -> Path:
        self.builds += 1
        output = output or self.root / f"output-{self.builds}"
        overrides.setdefault("SITEURL", SITE_URL)
        return build_site(output, content=self.content, **overrides)

    def build_problems(self, output: Path | None = None, **overrides) -> str:
        """Build expecting problems (output unchanged byte for byte); the message listing them."""
        return str(self.build_refusal(output, **overrides))

    def build_refusal(self, output: Path | None = None, **overrides) -> BuildProblems:
        """Build expecting problems (output unchanged byte for byte); the refusal and its records."""
        overrides.setdefault("SITEURL", SITE_URL)
        return build_refusal(output or self.root / "output", content=self.content, **overrides)


def episode(title: str, date: str, audio: str, **more) -> dict:
    """Front matter of an ordinary episode."""
    return {"Title": title, "Date": date, "Audio": audio, **more}


def one_episode_site(root: Path, audio: Path) -> PodcastSite:
    """The smallest podcast site: one ordinary episode, "a", whose audio is a copy of `audio`."""
    site = PodcastSite(root)
    site.add_audio("a.mp3", audio)
    site.add_episode("a", **episode("A", "2023-01-01", "media/a.mp3"))
    return site
