"""Every page is valid HTML: the Nu HTML Checker (W3C, tests/nu_checker.py) finds no error and no
warning in the repository's site, local and production builds (the web editor's Decap CMS app aside),
nor in the listeners' small site, whose pages carry the whole subscribe block. One JVM checks them all,
with a witness page showing that the checker does report what is wrong."""

from __future__ import annotations

import pytest
from listener_site import SITE
from lxml import html as lxml_html
from nu_checker import misread_policy, nu_messages
from sitebuild import site_pages

# A duplicate id, an inline script that a browser would run under the policy, an image from another site.
WITNESS = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; img-src 'self'">
<title>Témoin</title>
</head>
<body>
<p id="double">Un.</p>
<p id="double">Deux.</p>
<script>document.title = "exécuté";</script>
<img src="https://ailleurs.example/pixel.png" alt="">
</body>
</html>
"""


@pytest.mark.slow
def test_nu_finds_no_error_nor_warning(tmp_path, repository_output, production_output, listener_output):
    witness = tmp_path / "temoin.html"
    witness.write_text(WITNESS, encoding="utf-8")
    pages = [*site_pages(repository_output), *site_pages(production_output), *site_pages(listener_output)]
    assert len(pages) > 100 and any(page.name == "index.html" and page.parent.name == "podcast" for page in pages)
    production_address = lxml_html.parse(str(production_output / "index.html")).xpath("//link[@rel='canonical']/@href")[0]
    messages = nu_messages([*pages, witness])

    reported = [m for m in messages if not misread_policy(m, (SITE, production_address))]
    about_witness = [(m.line, m.severity, m.message) for m in reported if m.page == witness]
    assert about_witness == [
        (10, "error", "Duplicate ID “double”."),
        (9, "warning", "The first occurrence of ID “double” was here."),
        (11, "warning", "Inline script violates Content Security Policy (meta tag): blocked by “script-src” directive "
                        "(missing “‘unsafe-inline’” or nonce/hash)."),
        (12, "warning", "Resource violates Content Security Policy (meta tag): image “https://ailleurs.example/pixel.png” "
                        "blocked by “img-src” directive."),
    ], "the checker no longer reports what is wrong in the witness page"
    about_site = [str(m) for m in reported if m.page != witness]
    assert not about_site, f"{len(about_site)} messages from the Nu HTML Checker:\n" + "\n".join(about_site)
