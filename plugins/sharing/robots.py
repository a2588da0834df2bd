"""robots.txt: the public site welcomes search engines and names its sitemap; any other copy of it
(a local build, a staging site such as https://recette.cite-ia.fr) keeps them out, so that no
search engine ever lists a copy in place of the real site."""

from __future__ import annotations

from .settings import SharingSettings


def robots_txt(site: SharingSettings, sitemap_path: str | None, private: tuple[str, ...] = ()) -> str:
    """The file's text. `sitemap_path`: site-relative path of the sitemap, None when there is none;
    `private`: site folders no engine should visit (the web editor)."""
    if site.indexable:
        lines = [f"# {site.site_name} : tout le site est public, sauf l'éditeur.", "User-agent: *",
                 *(f"Disallow: /{folder.strip('/')}/" for folder in private), "Allow: /"]
        if sitemap_path:
            lines += ["", f"Sitemap: {site.site_url}/{sitemap_path}"]
    else:
        where = site.site_url or "construction locale"
        lines = [
            f"# Copie du site ({where}), pas le site public ({site.canonical_site_url or 'CANONICAL_SITEURL non réglé'}) :",
            "# aucun moteur de recherche ne doit l'indexer.",
            "User-agent: *",
            "Disallow: /",
        ]
    return "\n".join(lines) + "\n"
