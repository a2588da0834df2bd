#!/usr/bin/env python3
"""Draw the show's cover image: content/images/podcast-cover.png.

Flat design on a deep blue ground: a small network of connected nodes (the "cité" of AI actors the
show talks about) above the words "Le podcast" / "Cité de l'IA".

Apple Podcasts and Spotify want a square RGB image of 1400 to 3000 px, without transparency, and
podcast apps download it often: the PNG is reduced to a few colours so it stays well under 150 KB.
The drawing uses fixed coordinates only, so the same Pillow gives the same bytes on every run.

`render_cover()` is also used by make_demo_audio.py to derive the per-episode artwork.

An existing file is replaced only with --force.

Usage, from the repository root: python -m tools.make_cover [--output PATH] [--force]
"""

from __future__ import annotations

import argparse
import os
import sys

from PIL import Image, ImageDraw, ImageFont

from tools.no_overwrite import WouldOverwrite, refuse_to_overwrite

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(ROOT, "content", "images", "podcast-cover.png")

SIZE = 1400
# Everything is drawn at this multiple, then reduced: Pillow draws shapes without anti-aliasing.
SUPERSAMPLE = 3
# After anti-aliasing, keep this many colours: flat areas compress to almost nothing in PNG.
PALETTE_COLOURS = 48

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_BOLD = os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")
FONT_REGULAR = os.path.join(FONT_DIR, "DejaVuSans.ttf")

NAVY = (11, 28, 66)
LINK = (47, 84, 148)
LINK_LIGHT = (72, 118, 190)
NODE = (236, 242, 255)
TEAL = (56, 210, 196)
AMBER = (255, 183, 77)
WHITE = (255, 255, 255)

NAME = "Cité de l\u2019IA"

# The network, in units of a 1400-px canvas: (x, y, radius, colour, ring).
# Hand-placed so the links never cross the text block below y ≈ 800.
NODES = [
    (700, 395, 62, AMBER, True),    # 0: the hub
    (455, 250, 30, NODE, False),    # 1
    (905, 205, 36, TEAL, True),     # 2
    (1110, 395, 28, NODE, False),   # 3
    (960, 590, 40, NODE, True),     # 4
    (470, 595, 34, TEAL, False),    # 5
    (270, 430, 24, NODE, False),    # 6
    (660, 130, 20, NODE, False),    # 7
    (1190, 180, 16, TEAL, False),   # 8
    (215, 215, 14, TEAL, False),    # 9
    (1230, 620, 18, NODE, False),   # 10
    (175, 640, 16, NODE, False),    # 11
]
LINKS = [
    (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (1, 7), (7, 2), (2, 8), (2, 3),
    (3, 10), (4, 3), (4, 10), (5, 6), (6, 9), (1, 9), (1, 6), (5, 11), (6, 11),
]


def font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The DejaVu face if installed, else Pillow's built-in scalable font."""
    if os.path.exists(path):
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def fitted_font(draw: ImageDraw.ImageDraw, text: str, path: str, size: int, max_width: int):
    """The largest font at or below `size` that keeps `text` within `max_width`."""
    while size > 8:
        face = font(path, size)
        left, _, right, _ = draw.textbbox((0, 0), text, font=face)
        if right - left <= max_width:
            return face
        size -= 2
    return font(path, size)


def centred_text(draw: ImageDraw.ImageDraw, text: str, face, centre_x: float, top: float, fill) -> float:
    """Draw `text` horizontally centred with its ink starting at `top`; return the ink's bottom."""
    left, ink_top, right, bottom = draw.textbbox((0, 0), text, font=face)
    draw.text((centre_x - (left + right) / 2, top - ink_top), text, font=face, fill=fill)
    return top + (bottom - ink_top)


def render_cover(size: int = SIZE, badge: str | None = None) -> Image.Image:
    """The cover as an RGB image of `size`×`size`; `badge` ("3", "S2 3") adds an episode number disc."""
    scale = size * SUPERSAMPLE / SIZE
    canvas = size * SUPERSAMPLE
    image = Image.new("RGB", (canvas, canvas), NAVY)
    draw = ImageDraw.Draw(image)

    def s(value: float) -> float:
        return value * scale

    # Links first, so the nodes sit on top of them.
    for a, b in LINKS:
        xa, ya = NODES[a][:2]
        xb, yb = NODES[b][:2]
        colour = LINK_LIGHT if 0 in (a, b) else LINK
        draw.line([(s(xa), s(ya)), (s(xb), s(yb))], fill=colour, width=round(s(6 if 0 in (a, b) else 4)))
    for x, y, radius, colour, ring in NODES:
        if ring:
            outer = radius + 22
            # Links stop at the ring: a navy disc inside it hides their ends.
            draw.ellipse([s(x - outer), s(y - outer), s(x + outer), s(y + outer)],
                         fill=NAVY, outline=colour, width=round(s(5)))
        draw.ellipse([s(x - radius), s(y - radius), s(x + radius), s(y + radius)], fill=colour)

    # Text block: a short teal rule, the kicker, the name.
    margin = s(110)
    draw.rounded_rectangle([s(620), s(760), s(780), s(774)], radius=s(7), fill=TEAL)
    kicker = fitted_font(draw, "Le podcast", FONT_REGULAR, round(s(112)), round(canvas - 2 * margin))
    bottom = centred_text(draw, "Le podcast", kicker, canvas / 2, s(820), TEAL)
    # French typography: the typographic apostrophe, which DejaVu draws much better than the straight one.
    name = fitted_font(draw, NAME, FONT_BOLD, round(s(184)), round(canvas - 2 * margin))
    bottom = centred_text(draw, NAME, name, canvas / 2, bottom + s(56), WHITE)

    # A row of level-meter bars under the name: the "audio" half of the idea.
    heights = [18, 34, 56, 40, 70, 48, 28, 60, 38, 22, 46, 30, 16]
    bar, gap = 18, 14
    total = len(heights) * bar + (len(heights) - 1) * gap
    x = (SIZE - total) / 2
    base = bottom / scale + 70 + max(heights)
    for height in heights:
        draw.rounded_rectangle([s(x), s(base - height), s(x + bar), s(base)], radius=s(bar / 2), fill=LINK_LIGHT)
        x += bar + gap

    if badge is not None:
        _draw_badge(draw, badge, s)

    image = image.resize((size, size), Image.Resampling.LANCZOS)
    return flatten_palette(image)


def _draw_badge(draw: ImageDraw.ImageDraw, badge: str, s) -> None:
    """An amber disc top-left with the episode number: tells episodes apart at thumbnail size.

    `badge` is "NUMBER" or "LABEL NUMBER" split on the last space ("S2 2"): label small, number big.
    """
    label_text, _, number_text = badge.rpartition(" ")
    label_text = label_text or "ÉP."
    cx, cy, radius = 170, 170, 125
    # A navy halo cuts the links cleanly where the disc covers the network's corner.
    halo = radius + 18
    draw.ellipse([s(cx - halo), s(cy - halo), s(cx + halo), s(cy + halo)], fill=NAVY)
    draw.ellipse([s(cx - radius), s(cy - radius), s(cx + radius), s(cy + radius)], fill=AMBER)
    label = fitted_font(draw, label_text, FONT_BOLD, round(s(32)), round(s(140)))
    number = fitted_font(draw, number_text, FONT_BOLD, round(s(120)), round(s(2 * radius - 70)))
    top = centred_text(draw, label_text, label, s(cx), s(cy - 74), NAVY)
    centred_text(draw, number_text, number, s(cx), top + s(14), NAVY)


def flatten_palette(image: Image.Image) -> Image.Image:
    """Reduce to a few colours (no dithering: flat areas stay flat) and return to mode RGB."""
    reduced = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return reduced.convert("RGB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="PNG to write (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="replace the PNG if it already exists")
    args = parser.parse_args(argv)
    try:
        refuse_to_overwrite([args.output], args.force)
    except WouldOverwrite as error:
        print(f"make_cover: {error}", file=sys.stderr)
        return 1
    image = render_cover()
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    image.save(args.output, format="PNG", optimize=True)
    print(f"{os.path.relpath(args.output)}: {image.width}×{image.height} {image.mode}, {os.path.getsize(args.output):,} octets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
