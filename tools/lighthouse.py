"""Lighthouse's four scores for the site's pages: the site built as it is published (absolute links
to the address it is served at, no drafts), served on 127.0.0.1 as `invoke serve` serves it, and
audited by Lighthouse (npm, pinned in package.json, installed by `npm ci`) in Debian's Chromium: the
home page, the newest article, /podcast/ and the newest episode, each for accessibility, best
practices, SEO and performance (Lighthouse's mobile profile, simulated throttling). Prints the
scores in French, and the audits that cost points; exit 1 when a score is below its threshold.

    python -m tools.lighthouse

Not in the test suite: one page costs Lighthouse about ten seconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html
from tornado import netutil
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.web import Application

from plugins import build as site_build
from plugins.admin.bundle import install_if_missing, node_modules
from plugins.serving import site_handlers

LIGHTHOUSE = "lighthouse/cli/index.js"
LIGHTHOUSE_SECONDS = 300
# Category id -> what the report calls it.
CATEGORIES = {"accessibility": "accessibilité", "best-practices": "bonnes pratiques", "seo": "SEO",
              "performance": "performance"}
# 100, but 95 for performance: Lighthouse estimates a mid-range phone on a slow 4G link from the
# durations this machine measured, so a busy machine costs points (on two cores shared by other work,
# /podcast/ scored 99 once and 100 on the next run); the other three are the same on every run.
THRESHOLDS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
# A copy of the site, as this one on 127.0.0.1, keeps search engines out by design (robots.txt
# "Disallow: /" everywhere but at CANONICAL_SITEURL, an https address: plugins/sharing/robots.py; the
# public site's robots.txt is tested in tests/test_search_and_sharing.py). Lighthouse's is-crawlable
# would count that design against SEO: left out, the other SEO audits weigh as before.
SKIPPED_AUDITS = ("is-crawlable",)


@dataclass(frozen=True)
class Audited:
    name: str
    path: str
    scores: dict[str, int | None]  # None: Lighthouse could not score the category
    failing: dict[str, list[str]]  # category -> its audits that did not pass ("id : title")

    def below(self) -> list[str]:
        return [category for category, floor in THRESHOLDS.items() if (self.scores.get(category) or 0) < floor]

    def line(self) -> str:
        shown = ", ".join(f"{CATEGORIES[c]} {'?' if self.scores.get(c) is None else self.scores[c]}" for c in CATEGORIES)
        return f"  {self.name} (/{self.path}) : {shown}"


def read_report(name: str, path: str, report: dict) -> Audited:
    """The scores (0-100) of a Lighthouse JSON report, and the weighted audits that did not pass."""
    scores: dict[str, int | None] = {}
    failing: dict[str, list[str]] = {}
    for category in CATEGORIES:
        found = report["categories"].get(category, {})
        score = found.get("score")
        scores[category] = None if score is None else round(score * 100)
        failing[category] = [_shown(ref["id"], report["audits"][ref["id"]]) for ref in found.get("auditRefs", [])
                             if ref.get("weight") and _failed(report["audits"][ref["id"]])]
    return Audited(name, path, scores, failing)


def _failed(audit: dict) -> bool:
    return audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings") and (audit.get("score") or 0) < 1


def _shown(audit_id: str, audit: dict) -> str:
    measured = f", {audit['displayValue']}" if audit.get("displayValue") else ""
    return f"{audit_id} : {audit['title']} (score {round((audit.get('score') or 0) * 100)}{measured})"


def pages_to_audit(output: Path) -> dict[str, str]:
    """Name -> site path: the home page, the newest article, /podcast/ and the newest episode."""
    return {"Accueil": "", "Article": _newest(output, "actualites"), "Podcast": "podcast/",
            "Épisode": _newest(output, "podcast")}


def _newest(output: Path, folder: str) -> str:
    """The page under `folder` with the latest published date (an article's or an episode's)."""
    dated = []
    for page in (output / folder).glob("*/index.html"):
        published = lxml_html.parse(str(page)).xpath("//meta[@property='article:published_time']/@content")
        if published:
            dated.append((published[0], page.parent.relative_to(output).as_posix() + "/"))
    if not dated:
        raise SystemExit(f"Aucune page datée sous {folder}/ : rien à auditer.")
    return max(dated)[1]


@contextmanager
def serving(folder: Path, sockets: list) -> Iterator[None]:
    """`folder` served on `sockets` (bound before the build, which needs the port) in a thread."""
    started = threading.Event()
    loops: list[IOLoop] = []

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        HTTPServer(Application(site_handlers(folder))).add_sockets(sockets)
        loops.append(IOLoop.current())
        started.set()
        loops[0].start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait()
    try:
        yield
    finally:
        loops[0].add_callback(loops[0].stop)
        thread.join()


def lighthouse(url: str, chromium: str) -> dict:
    flags = "--headless=new" + (" --no-sandbox" if os.geteuid() == 0 else "")  # Chromium refuses root otherwise
    done = subprocess.run(
        ["node", str(node_modules() / LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--skip-audits={','.join(SKIPPED_AUDITS)}",
         f"--chrome-flags={flags}"],
        capture_output=True, text=True, timeout=LIGHTHOUSE_SECONDS, check=False, env={**os.environ, "CHROME_PATH": chromium})
    if done.returncode != 0:
        raise SystemExit(f"Lighthouse a échoué sur {url} :\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None or shutil.which("node") is None:
        print("Il faut Chromium et Node.js : sudo apt-get install chromium nodejs npm", file=sys.stderr)
        return 1
    failed = install_if_missing()
    if failed or not (node_modules() / LIGHTHOUSE).is_file():
        print(failed or f"Lighthouse absent de {node_modules()} : lancez npm ci.", file=sys.stderr)
        return 1
    sockets = netutil.bind_sockets(0, "127.0.0.1")
    base = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        output = Path(scratch) / "output"
        site_build.quiet_pelican_logging()
        overrides = {"SITEURL": base, "RELATIVE_URLS": False, "PREVIEW_DRAFTS": False,
                     "CACHE_PATH": str(Path(scratch) / "cache")}
        if site_build.build(str(site_build.PROJECT / "pelicanconf.py"), str(output), overrides=overrides) != 0:
            return 1
        pages = pages_to_audit(output)
        with serving(output, sockets):
            reports = {name: lighthouse(f"{base}/{path}", chromium) for name, path in pages.items()}
    audited = [read_report(name, pages[name], report) for name, report in reports.items()]
    first = next(iter(reports.values()))
    chrome = re.search(r"Chrome/([\d.]+)", first["environment"]["hostUserAgent"])
    print(f"Scores Lighthouse {first['lighthouseVersion']} (Chromium {chrome.group(1) if chrome else '?'}, profil mobile, "
          f"réseau et processeur simulés), site servi sur {base} :")
    for page in audited:
        print(page.line())
    low = [(page, category) for page in audited for category in page.below()]
    for page, category in low:
        print(f"{page.name} : {CATEGORIES[category]} sous {THRESHOLDS[category]} ; audits non réussis :")
        for audit in page.failing[category] or ["(aucun audit pondéré : voir le rapport de Lighthouse)"]:
            print(f"    - {audit}")
    if low:
        print(f"{len(low)} score{'s' if len(low) > 1 else ''} sous le seuil.")
        return 1
    print("Tous les scores sont au seuil (" + ", ".join(f"{CATEGORIES[c]} {floor}" for c, floor in THRESHOLDS.items()) + ").")
    return 0


if __name__ == "__main__":
    sys.exit(main())
