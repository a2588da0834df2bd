"""The web editor's configuration (Decap CMS's config.yml), made at each build from the checks'
rules (fields.py) and the settings (settings.py): nobody edits it, so it cannot drift from them.

It is written as JSON, which is YAML too: Decap reads it either way, and so does admin.js, which
takes out `cite_ia_headers` (what header-format.js needs of each collection) and
`cite_ia_file_names` (file-names.js's rule) before handing the rest to Decap."""

from __future__ import annotations

import json
from typing import Any

from pelican.plugins.podcast.front_matter import EPISODE_RULES
from pelican.plugins.podcast.front_matter_rules import HeaderRules

from ..checks.content_fields import ARTICLE_RULES, PAGE_RULES
from ..new_content import file_name_rule
from .fields import NEW_CATEGORY_FIELD, NEW_CHOICE, Vocabulary, form_fields
from .settings import AdminSettings

# Decap's slug rules for new file names and uploads, those of `invoke new-article`: ASCII, no accent.
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
HEADERS_KEY = "cite_ia_headers"
FILE_NAMES_KEY = "cite_ia_file_names"


def _collection(name: str, label: str, singular: str, folder: str, slug: str, rules: HeaderRules,
                vocabulary: Vocabulary, description: str, **extra: Any) -> dict[str, Any]:
    fields = form_fields(rules, vocabulary)
    body = {"name": "body", "label": "Texte", "widget": "markdown", "modes": ["raw"], "required": False,
            "hint": "En Markdown : ## pour un intertitre, *italique*, **gras**, [lien](adresse)."}
    return {
        "name": name, "label": label, "label_singular": singular, "description": description,
        "folder": folder, "create": True, "extension": "md", "format": f"cite-ia-{name}", "slug": slug,
        "identifier_field": "Title", "summary": "{{Title}}", "sortable_fields": ["Date", "Title"],
        "fields": [*fields, body], **extra,
    }


def header_rules(rules: HeaderRules, host_folder: str | None = None) -> dict[str, Any]:
    """What header-format.js needs of one collection (see its `format(rules)`). `host_folder`: the
    address of the collection's folder on the media host, where an episode's Audio may be."""
    known = list(rules.known)
    return {
        "fields": known,
        "generated": [name for name in ("Guid",) if name in known],
        "choices": {"Category": [NEW_CHOICE, NEW_CATEGORY_FIELD]} if "Category" in known else {},
        "on_host": {"Audio": host_folder} if host_folder and "Audio" in known else {},
    }


def collections_rules(podcast_dir: str) -> dict[str, tuple[HeaderRules, str]]:
    """Each collection's rules and folder inside content/."""
    return {"articles": (ARTICLE_RULES, ""), "pages": (PAGE_RULES, "pages"), "episodes": (EPISODE_RULES, podcast_dir)}


def cms_config(admin: AdminSettings, vocabulary: Vocabulary, content: str, podcast_dir: str) -> dict[str, Any]:
    """The whole configuration. `content`: the content folder relative to the repository root."""
    def inside(*parts: str) -> str:
        return "/".join(part for part in (content, *parts) if part)

    collections = [
        _collection("articles", "Actualités", "Actualité", inside(), "{{year}}-{{month}}-{{slug}}", ARTICLE_RULES,
                    vocabulary, "Les articles de la rubrique Actualités.",
                    media_folder=f"/{inside('images')}", public_folder="{static}/images"),
        _collection("pages", "Pages", "Page", inside("pages"), "{{slug}}", PAGE_RULES, vocabulary,
                    "Les pages fixes : À propos, Adhérer, Contact…",
                    media_folder=f"/{inside('images')}", public_folder="{static}/images"),
        _collection("episodes", "Épisodes du podcast", "Épisode", inside(podcast_dir), "{{slug}}", EPISODE_RULES,
                    vocabulary, "Un épisode : son fichier audio, son résumé, ses notes.",
                    media_folder="media", public_folder="media"),
    ]
    config: dict[str, Any] = {
        "locale": "fr",
        "load_config_file": False,
        "site_url": admin.site_url or "/",
        "media_folder": inside("images"),
        "public_folder": "{static}/images",
        "slug": SLUG,
        "collections": collections,
        HEADERS_KEY: {name: header_rules(rules, vocabulary.audio_on_host if name == "episodes" else None)
                      for name, (rules, _) in collections_rules(podcast_dir).items()},
        FILE_NAMES_KEY: file_name_rule(),
    }
    if admin.local_backend:
        # invoke edit's decap-server, on this machine only: it writes into the working tree and
        # never reaches GitHub (no editorial workflow there: that needs git branches).
        config["backend"] = {"name": "proxy", "proxy_url": admin.local_backend, "branch": admin.branch}
    else:
        config["backend"] = {"name": "github", "repo": admin.repository, "branch": admin.branch,
                             "base_url": admin.auth_url, "auth_endpoint": admin.auth_endpoint,
                             "commit_messages": {"create": "Nouveau : {{collection}} « {{slug}} »",
                                                 "update": "Modifié : {{collection}} « {{slug}} »",
                                                 "delete": "Supprimé : {{collection}} « {{slug}} »",
                                                 "uploadMedia": "Fichier ajouté : {{path}}",
                                                 "deleteMedia": "Fichier supprimé : {{path}}"}}
        if admin.auth_site:
            config["backend"]["site_domain"] = admin.auth_site  # the site Netlify's OAuth provider knows
        # Every save is a branch and a pull request (brouillon -> en relecture -> prêt); the
        # workflow checks it, merging publishes.
        config["publish_mode"] = "editorial_workflow"
    return config


def config_text(config: dict[str, Any]) -> str:
    return json.dumps(config, ensure_ascii=False, indent=2) + "\n"
