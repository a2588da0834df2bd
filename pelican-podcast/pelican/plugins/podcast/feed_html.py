"""The show notes as the feed carries them: only the HTML Apple Podcasts allows.

Apple's specification: `content:encoded` may hold `<p>`, `<ol>`, `<ul>`, `<li>` and `<a>`, with
basic emphasis. The page keeps the editor's whole Markdown; the feed gets that subset, so that a
`<script>`, an `<iframe>` or an `onclick` written in a body never reaches a listener's app. Other
tags give their text (a heading becomes a paragraph); only an `<a>`'s http(s) or mailto `href` is
kept of the attributes.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from lxml import html
from lxml.etree import ParserError

KEPT = frozenset({"p", "ol", "ul", "li", "a", "strong", "em", "b", "i", "br"})
# What is dropped with everything inside it: code, and what only a browser shows.
DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
                     "form", "button", "input", "select", "textarea", "audio", "video", "img", "picture", "source"})
# Blocks that become paragraphs (their text is kept, as a paragraph of its own).
BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "blockquote", "pre",
                    "figure", "figcaption", "table", "dl", "dt", "dd", "address", "aside", "header", "footer"})
LINK_SCHEMES = ("http", "https", "mailto")


@functools.lru_cache(maxsize=4096)
def apple_html(notes: str) -> str:
    """`notes` (HTML, links already absolute) reduced to Apple's subset. Kept per notes: a feed
    written again in the same process (the editor's loop) reduces only the notes that changed."""
    if not notes.strip():
        return ""
    try:
        root = html.fragment_fromstring(notes, create_parent="div")
    except ParserError:
        return ""
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in DROPPED:
            element.drop_tree()
        elif tag in BLOCKS:
            if any(isinstance(inner.tag, str) and inner.tag.lower() in {"p", "ol", "ul", *BLOCKS}
                   for inner in element.iterdescendants()):
                element.drop_tag()  # its own blocks are kept: no paragraph inside a paragraph
            else:
                element.tag = "p"
                element.attrib.clear()
        elif tag in KEPT:
            href = element.get("href") if tag == "a" else None
            element.attrib.clear()
            if href and urlsplit(href).scheme.lower() in LINK_SCHEMES:
                element.set("href", href)
        else:
            element.drop_tag()  # its text stays where it was
    # Comments and processing instructions are no text for a listener either.
    for node in list(root.iter()):
        if not isinstance(node.tag, str) and node.getparent() is not None:
            node.drop_tree()
    inner = (root.text or "") + "".join(html.tostring(child, encoding="unicode") for child in root)
    return inner.strip()
