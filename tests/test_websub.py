"""WebSub: the feed declares its hub, and `invoke publish` pings it after a deploy.

The hub is a real HTTP server on 127.0.0.1 started by the test; publish runs for real (rsync to a
folder) on a copy of the site. A hub that is down or refuses is a warning: the site is published
and the task succeeds. What the ping does with each answer is tested through `invoke notify-hub`,
the same ping without the production build before it.
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from feed_records import BUILD_DATE, NS, SITE, make_episode, make_settings, parse_feedparser, parse_podcastparser, parse_xml
from invoke_tasks import free_port, invoke, succeeded
from pelican.plugins.podcast.feed import build_feed
from pelican.plugins.podcast.settings import DEFAULTS
from podcast_site import one_episode_site
from sitebuild import build_refusal, copy_project
from test_tasks import tree

HUB = "https://pubsubhubbub.appspot.com/"
FEED_URL = "https://www.cite-ia.fr/podcast/feed.xml"


def hubs(data: bytes) -> list[str]:
    channel = parse_xml(data).find("channel")
    return [link.get("href") for link in channel.findall("atom:link", NS) if link.get("rel") == "hub"]


# --- the feed -----------------------------------------------------------------------------


def test_the_default_hub_is_googles_public_hub():
    assert DEFAULTS["PODCAST_WEBSUB_HUB"] == HUB


def test_the_feed_declares_its_hub_beside_its_self_link():
    data = build_feed(make_settings(websub_hub=HUB), [make_episode(1)], BUILD_DATE)
    assert hubs(data) == [HUB]
    channel = parse_xml(data).find("channel")
    assert [link.get("rel") for link in channel.findall("atom:link", NS)] == ["self", "hub"]
    # Both parsers still read it (feedparser: no complaint; it lists the hub among the links).
    feed = parse_feedparser(data).feed
    assert {"rel": "hub", "href": HUB} in [{"rel": link.rel, "href": link.href} for link in feed.links]
    assert parse_podcastparser(data)["link"] == f"{SITE}/"


def test_no_hub_no_link():
    assert hubs(build_feed(make_settings(websub_hub=None), [make_episode(1)], BUILD_DATE)) == []


@pytest.fixture
def podcast_site(tmp_path, audio_fixtures):
    return one_episode_site(tmp_path, audio_fixtures.plain["mp3"].path)


def test_a_built_feed_carries_the_setting(podcast_site):
    output = podcast_site.build(PODCAST_WEBSUB_HUB="https://hub.example.org/")
    assert hubs((output / "podcast" / "feed.xml").read_bytes()) == ["https://hub.example.org/"]
    output = podcast_site.build(PODCAST_WEBSUB_HUB=None)
    assert hubs((output / "podcast" / "feed.xml").read_bytes()) == []


@pytest.mark.parametrize(("value", "code"), [
    ("http://hub.example.org/", "podcast.E108"),
    ("hub.example.org", "podcast.E108"),
    ("ftp://hub.example.org/", "podcast.E108"),
    (42, "settings.E020"),  # not even a string
])
def test_a_hub_that_is_not_an_https_url_is_refused(podcast_site, value, code):
    refusal = podcast_site.build_refusal(PODCAST_WEBSUB_HUB=value)
    assert [(p.code, p.field) for p in refusal.errors] == [(code, "PODCAST_WEBSUB_HUB")]


@pytest.mark.parametrize(("value", "code"), [
    ("http://127.0.0.1:8000/", "podcast.E110"),  # plain http
    ("http://localhost:8000/", "podcast.E110"),
    ("https://localhost/", "podcast.E111"),  # a name of this machine or the local network
    ("https://127.0.0.1/", "podcast.E113"),  # an address of this machine or a private network
    ("https://[::1]:8443/", "podcast.E113"),
    ("https://192.168.1.20/", "podcast.E113"),
    ("https://10.0.0.7/", "podcast.E113"),
    ("https://hub.local/", "podcast.E111"),
    ("https://hub.localhost/", "podcast.E111"),
])
def test_production_refuses_a_hub_the_world_cannot_reach(podcast_site, tmp_path, value, code):
    # The production feed tells every app to subscribe at this hub: it must be public.
    refusal = build_refusal(tmp_path / "output", "publishconf.py", podcast_site.content, PODCAST_WEBSUB_HUB=value)
    (problem,) = [p for p in refusal.errors if p.field == "PODCAST_WEBSUB_HUB"]
    assert problem.code == code and repr(value) in problem.message
    assert "'https://pubsubhubbub.appspot.com/'" in problem.hint  # a public hub to give instead


def test_a_hub_address_never_carries_credentials(podcast_site, tmp_path):
    # The feed would publish them; the problem itself does not repeat the password either.
    for settings_file in ("pelicanconf.py", "publishconf.py"):
        refusal = build_refusal(tmp_path / settings_file, settings_file, podcast_site.content,
                                PODCAST_WEBSUB_HUB="https://editeur:s3cret@hub.example.org/")
        (problem,) = [p for p in refusal.errors if p.field == "PODCAST_WEBSUB_HUB"]
        assert problem.code == "podcast.E109" and "'https://***@hub.example.org/'" in problem.message
        assert "s3cret" not in str(refusal)


def test_a_local_build_keeps_a_hub_on_this_machine(podcast_site):
    output = podcast_site.build(PODCAST_WEBSUB_HUB="http://127.0.0.1:8000/")
    assert hubs((output / "podcast" / "feed.xml").read_bytes()) == ["http://127.0.0.1:8000/"]


# --- the ping -----------------------------------------------------------------------------


class Hub:
    """A WebSub hub on 127.0.0.1 that records the POSTs it receives and answers `status`."""

    def __init__(self, status: int = 204):
        self.status = status
        self.received: list[tuple[str, str, dict[str, list[str]]]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("ascii")
                hub.received.append((self.path, self.headers.get("Content-Type"), urllib.parse.parse_qs(body)))
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(tmp_path, production_output, measured_audio_cache):
    """A copy of the real site (its audio metadata cache too, for speed), with the tasks. Its publication
    compares with a live feed: the repository's own production feed, standing for the one online (no network)."""
    site = copy_project(tmp_path / "site", audio_cache=measured_audio_cache)
    live = production_output / "podcast" / "feed.xml"
    with (site / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nPODCAST_LIVE_FEED = {str(live)!r}\n")
    return site


def with_hub(site, url):
    with (site / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nPODCAST_WEBSUB_HUB = {url!r}\n")
        if url and url.startswith("http://127.0.0.1:"):
            # Production refuses a hub on this machine (see above); the test's hub can only be here,
            # so this publish is a production build in all but that check.
            settings.write("PRODUCTION = False\n")


def publish(site, tmp_path, *args):
    target = tmp_path / "serveur"
    target.mkdir(exist_ok=True)
    return invoke(site, "publish", *args, env={"PUBLISH_TARGET": str(target)}, timeout=300), target


def test_publish_pings_the_hub_with_the_feed_url(site, tmp_path):
    with Hub() as hub:
        with_hub(site, hub.url)
        result, target = publish(site, tmp_path)
    succeeded(result)
    assert tree(target) == tree(site / "output")
    assert hub.received == [("/", "application/x-www-form-urlencoded",
                             {"hub.mode": ["publish"], "hub.url": [FEED_URL]})]
    assert f"Hub WebSub prévenu : {hub.url} (flux {FEED_URL})" in result.stdout
    # The real site, each episode with its Guid, continues its own production feed: all 11 episodes found.
    assert "Continuité vérifiée avec le flux en ligne (" in result.stdout and ", 11 épisodes)." in result.stdout
    # The published feed names that hub.
    assert hubs((target / "podcast" / "feed.xml").read_bytes()) == [hub.url]


def test_a_dry_run_pings_nothing(site, tmp_path):
    with Hub() as hub:
        with_hub(site, hub.url)
        result, _ = publish(site, tmp_path, "--dry-run")
    succeeded(result)
    assert hub.received == []


def test_a_hub_that_is_down_is_a_warning_and_the_site_is_published(site, tmp_path):
    port = free_port()  # a port nobody listens on
    with_hub(site, f"http://127.0.0.1:{port}/")
    result, target = publish(site, tmp_path)
    succeeded(result)
    assert tree(target) == tree(site / "output")
    assert f"Attention : le hub WebSub http://127.0.0.1:{port}/ n'a pas pu être joint" in result.stderr
    assert "Le site est bien publié" in result.stderr


def notify_hub(site):
    """`invoke notify-hub`: the ping publish and gh-pages end with, alone (no build, no deploy)."""
    return invoke(site, "notify-hub")


def test_a_hub_that_refuses_is_a_warning(site):
    with Hub(status=500) as hub:
        with_hub(site, hub.url)
        result = notify_hub(site)
    succeeded(result)
    assert len(hub.received) == 1
    assert f"Attention : le hub WebSub {hub.url} a refusé la notification (HTTP 500" in result.stderr
    assert "relancez « invoke notify-hub »" in result.stderr


def test_the_ping_alone_names_the_production_feed(site):
    with Hub() as hub:
        with_hub(site, hub.url)
        result = notify_hub(site)
    succeeded(result)
    assert hub.received == [("/", "application/x-www-form-urlencoded",
                             {"hub.mode": ["publish"], "hub.url": [FEED_URL]})]
    assert not (site / "output").exists(), "notify-hub builds nothing"


def test_no_hub_no_ping(site):
    with_hub(site, None)
    result = notify_hub(site)
    succeeded(result)
    assert "WebSub" not in result.stdout + result.stderr
