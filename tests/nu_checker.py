"""The Nu HTML Checker (W3C's vnu.jar: npm `vnu-jar`, pinned in package.json and installed by `npm ci`
with the tests' other tools; run by Debian's java) over many pages at once: starting its JVM costs
seconds, checking one more page milliseconds, so a run checks every page it is given in one process."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.admin.bundle import node_modules

NU_JAR = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
NU_SECONDS = 300
# The JVM's quick compiler alone: the run is too short for the optimising one to pay (half the CPU
# time on the repository's pages); its deeper frames need the larger stack Nu's schema asks for.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-Xss8m")


@dataclass(frozen=True)
class NuMessage:
    page: Path
    line: int | None
    severity: str  # "error" or "warning"
    message: str
    marked: str  # the markup the message points at

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.severity}: {self.message}"


def nu_messages(pages: list[Path]) -> list[NuMessage]:
    """Nu's errors and warnings about `pages` (its plain information messages aside), one JVM for all."""
    assert NU_JAR.is_file(), f"{NU_JAR} absent: npm ci installs it (package-lock.json)"
    done = subprocess.run(["java", *JAVA_OPTIONS, "-jar", str(NU_JAR), "--format", "json", "--stdout", "--exit-zero-always",
                           *map(str, pages)], capture_output=True, text=True, timeout=NU_SECONDS, check=False)
    assert done.returncode == 0, f"the Nu checker did not run: {done.stderr}"
    return [record for record in map(_record, json.loads(done.stdout)["messages"]) if record is not None]


def _record(message: dict) -> NuMessage | None:
    severity = {"error": "error", "non-document-error": "error"}.get(message["type"])
    if message["type"] == "info" and message.get("subType") == "warning":
        severity = "warning"
    if severity is None:
        return None
    start = message.get("hiliteStart", 0)
    extract = message.get("extract", "")
    return NuMessage(Path(unquote(urlsplit(message.get("url", "")).path)), message.get("lastLine"), severity,
                     message["message"], extract[start:start + message.get("hiliteLength", len(extract))])


# Nu judges a page's Content-Security-Policy as if the page were served from its file: address, whose
# origin matches no 'self': it says the site's own styles, scripts and images are blocked. And it takes
# a JSON-LD block, data that no browser runs, for an inline script. What a browser really blocks is
# read in Chromium (tests/browser.py, window.__csp); a resource from another site, or an inline script
# that would run, is still reported here.
BLOCKED_RESOURCE = re.compile(r"Resource violates Content Security Policy \(meta tag\): .*“([^”]*)” blocked by “[a-z-]+” "
                              r"directive\.")
DATA_BLOCK = '<script type="application/ld+json">'


def misread_policy(message: NuMessage, site_addresses: tuple[str, ...]) -> bool:
    """Whether `message` is one of Nu's two misreadings above, for a site published at one of `site_addresses`."""
    if message.message.startswith("Inline script violates Content Security Policy"):
        return message.marked == DATA_BLOCK
    blocked = BLOCKED_RESOURCE.fullmatch(message.message)
    if blocked is None:
        return False
    url = blocked.group(1)
    relative = not urlsplit(url).scheme and not url.startswith("//")
    return relative or any(url.startswith(address.rstrip("/") + "/") for address in site_addresses)
