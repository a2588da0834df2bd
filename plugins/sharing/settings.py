"""The sharing settings: one table of defaults, checked once at `initialized` into SharingSettings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pelican.plugins.podcast.problem_record import Problem
from pelican.plugins.podcast.setting_reader import SettingsReader

from ..catalogue import SITE

SETTINGS_KEY = "SHARING_SETTINGS"  # the checked SharingSettings, in Pelican's settings and the templates' context

# name -> default.
DEFAULTS: dict[str, object] = {
    # The public address. robots.txt lets search engines in only when SITEURL is this one: a
    # staging copy (https://recette.cite-ia.fr) or a local build says "Disallow: /".
    "CANONICAL_SITEURL": None,
    # schema.org properties of the organisation (besides its name, SITENAME, and its url, SITEURL),
    # for its JSON-LD on the home page and as author and publisher elsewhere.
    "ORGANIZATION": {},
}

# Properties our code sets itself: ORGANIZATION may not replace them.
_OWN_PROPERTIES = ("@context", "@type", "name", "url")


@dataclass(frozen=True)
class SharingSettings:
    """What the sharing templates and files need, checked. URLs have no trailing slash."""

    site_url: str  # SITEURL ("" in a local build)
    canonical_site_url: str | None
    site_name: str
    description: str
    organization: dict[str, Any] = field(default_factory=dict)

    @property
    def indexable(self) -> bool:
        """Search engines are welcome: this build is the public site, at its public address."""
        return bool(self.canonical_site_url) and self.site_url == self.canonical_site_url


def load_settings(settings: dict) -> tuple[SharingSettings, list[Problem]]:
    """Defaults applied, every value checked (the one settings reader); a wrong one is reported
    (the build stops) and replaced by its default only so that the other checks can run."""
    read = SettingsReader(settings, DEFAULTS)

    canonical = settings["CANONICAL_SITEURL"]
    if canonical is not None:
        parts = urlsplit(canonical) if isinstance(canonical, str) else None
        if parts is None or parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
            canonical = read.refuse(SITE("sharing.E001", field="CANONICAL_SITEURL", value=canonical))
        else:
            canonical = canonical.rstrip("/")

    organization = settings["ORGANIZATION"]
    if not isinstance(organization, dict) or not all(isinstance(key, str) for key in organization):
        organization = read.refuse(SITE("sharing.E002", field="ORGANIZATION"))
    else:
        taken = [key for key in organization if key in _OWN_PROPERTIES]
        if taken:
            read.problems.append(SITE("sharing.E003", field="ORGANIZATION", taken=", ".join(taken)))
        try:
            json.dumps(organization)
        except (TypeError, ValueError) as error:
            organization = read.refuse(SITE("sharing.E004", field="ORGANIZATION", error=error))
        organization = {k: v for k, v in organization.items() if k not in _OWN_PROPERTIES}

    site_url = settings.get("SITEURL")
    return SharingSettings(
        site_url=site_url.rstrip("/") if isinstance(site_url, str) else "",
        canonical_site_url=canonical,
        site_name=str(settings.get("SITENAME") or ""),
        description=str(settings.get("SITESUBTITLE") or settings.get("SITENAME") or ""),
        organization=dict(organization),
    ), read.problems
