"""The check of show and episode artwork against Apple's requirements, read with Pillow.

Apple: "a minimum size of 1400 x 1400 pixels and a maximum size of 3000 x 3000 pixels, in JPEG or
PNG format, 72 dpi, with appropriate file extensions (.jpg, .png), and in the RGB colorspace",
and "the file type in the URL matches the actual file type of the image file".
"""

from __future__ import annotations

import os

from .picture_cache import PictureCache, PictureFacts, read_picture

MIN_SIDE = 1400
MAX_SIDE = 3000
# Pillow's format name -> the one extension Apple lists for it (and feedgen's itunes:image accepts).
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png"}


def check_artwork(path: str, where: str, shown_path: str | None = None, cache: PictureCache | None = None) -> list[str]:
    """Problems with the artwork file at `path`, as French messages starting with `where`.

    `where` is a setting ("PODCAST_IMAGE") or "content/podcasts/x.md: Image".
    Accepted: a JPEG or PNG file named .jpg or .png accordingly, square, 1400 to 3000 px a side,
    in plain 8-bit RGB. Refused besides the obvious: CMYK (Apple wants RGB), greyscale and palette
    images (not the RGB colourspace Apple names), and any image with an alpha channel or a
    transparent colour, because directories flatten transparency onto a background of their
    choosing (often black); an opaque RGB image is the one that looks the same everywhere.
    The 72 dpi Apple mentions is metadata no app uses, so it is not checked.
    With a `cache`, a file unchanged since it was last read (size, modification time) is not read again.
    """
    label = f"{where}: '{shown_path or path}'"
    if not os.path.isfile(path):
        return [f"{label} introuvable ; le chemin est relatif au dossier content/"]
    facts = cache.facts(path) if cache is not None else read_picture(_file_bytes(path))
    return picture_problems(facts, label, os.path.splitext(path)[1])


def check_embedded_artwork(data: bytes, where: str) -> list[str]:
    """The same rules for a picture embedded in an audio file (its 'extension' is its type)."""
    return picture_problems(read_picture(data), where, None)


def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as image_file:
        return image_file.read()


def picture_problems(facts: PictureFacts, label: str, extension: str | None) -> list[str]:
    """The rules above applied to a picture's facts, as French messages starting with `label`."""
    if facts.unreadable == "unidentified":
        return [f"{label} n'est pas une image lisible (ni JPEG ni PNG, ou un autre fichier renommé) ; exportez-la en JPEG ou PNG"]
    if facts.unreadable is not None:
        return [f"{label} est une image abîmée ou incomplète ; exportez-la à nouveau en JPEG ou PNG"]
    image_format, mode, width, height = facts.format, facts.mode, facts.width, facts.height
    problems = []
    if image_format not in EXTENSIONS:
        problems.append(f"{label} est au format {image_format} ; Apple Podcasts n'accepte que JPEG ou PNG")
    else:
        if extension is not None and extension != EXTENSIONS[image_format]:
            problems.append(
                f"{label} est une image {image_format} : son nom doit finir par {EXTENSIONS[image_format]} "
                f"(pas {extension or 'rien'}), l'extension qu'Apple Podcasts attend pour ce format"
            )
        problems += [f"{label} {problem}" for problem in _colour_problems(mode, facts.transparent)]
    if width != height:
        problems.append(f"{label} n'est pas carrée ({width}×{height} px) ; Apple Podcasts exige une image carrée")
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        problems.append(
            f"{label} mesure {width}×{height} px ; Apple Podcasts exige entre "
            f"{MIN_SIDE}×{MIN_SIDE} et {MAX_SIDE}×{MAX_SIDE} px"
        )
    return problems


def _colour_problems(mode: str, transparent: bool) -> list[str]:
    if mode == "CMYK":
        return ["est en CMJN (CMYK) ; Apple Podcasts exige des couleurs RVB (RGB) : convertissez-la en RVB"]
    if "A" in mode or transparent:
        return ["a de la transparence ; exportez-la opaque (sans couche alpha), sur un fond plein"]
    if mode != "RGB":
        return [
            f"est en mode {mode} (pas en couleurs RVB) ; Apple Podcasts exige une image RVB 8 bits : convertissez-la"
        ]
    return []
