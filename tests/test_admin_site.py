"""The web editor at /admin/ as the build writes it: its form made from the checks' rules (every
field they know, no other), its files from node_modules (never a CDN), out of the sitemap, the
search index and robots' reach; production saves on GitHub through pull requests, never through
the local backend; a build without Decap CMS says so in French and builds the rest."""

from __future__ import annotations

import json
import re

import pytest
from pelican.settings import read_settings
from sitebuild import PROJECT, build_site

from plugins.admin import bundle
from plugins.admin.config import cms_config, collections_rules
from plugins.admin.fields import NEW_CATEGORY_FIELD, NEW_CHOICE, Vocabulary
from plugins.admin.generator import page
from plugins.admin.settings import load_settings
from plugins.new_content import categories_in_use, latest_season_in

pytestmark = pytest.mark.usefixtures("in_project_folder")


@pytest.fixture(scope="module")
def admin(repository_output):
    return repository_output / "admin"


@pytest.fixture(scope="module")
def config(admin):
    return json.loads((admin / "config.yml").read_text(encoding="utf-8"))


def form_of(config, collection):
    return next(c for c in config["collections"] if c["name"] == collection)["fields"]


@pytest.mark.parametrize("collection", ["articles", "pages", "episodes"])
def test_every_field_the_checks_know_is_in_the_form_and_no_other(config, collection):
    rules, folder = collections_rules("podcasts")[collection]
    fields = form_of(config, collection)
    header_fields = [f["name"] for f in fields if f["name"] not in ("body", NEW_CATEGORY_FIELD)]
    assert header_fields == list(rules.known)
    assert [f["name"] for f in fields if f["required"]] == list(rules.required)
    by_name = {f["name"]: f for f in fields}
    assert [o["value"] for o in by_name["Status"]["options"]] == list(rules.statuses)
    assert all(f["label"] and f["hint"] for f in fields), "every field has its French label and hint"
    entry = next(c for c in config["collections"] if c["name"] == collection)
    assert entry["folder"] == "/".join(p for p in ("content", folder) if p)
    assert config["cite_ia_headers"][collection]["fields"] == list(rules.known)
    if "title" in rules.texts:
        assert by_name["Title"]["pattern"][0] == "^[\\s\\S]{0,255}$"


def test_the_form_offers_the_categories_and_season_in_use(config):
    content = PROJECT / "content"
    category = {f["name"]: f for f in form_of(config, "articles")}["Category"]
    assert [o["value"] for o in category["options"]] == [*categories_in_use(content), NEW_CHOICE]
    assert len(category["options"]) >= 3
    season = {f["name"]: f for f in form_of(config, "episodes")}["Season"]
    assert season["default"] == latest_season_in(content / "podcasts") >= 1
    dates = [f for c in config["collections"] for f in c["fields"] if f["widget"] == "datetime"]
    assert dates and all(f["format"] == "YYYY-MM-DD HH:mm" for f in dates)
    assert config["locale"] == "fr"


def test_the_local_build_saves_through_the_local_backend_only(config):
    assert config["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}
    assert "publish_mode" not in config and "local_backend" not in config


def test_production_saves_on_github_through_pull_requests():
    settings = read_settings(str(PROJECT / "publishconf.py"), override={"ADMIN_REPOSITORY": "cite-ia/site",
                                                                        "ADMIN_AUTH_SITE": "cite-ia-editeur.netlify.app"})
    admin, problems = load_settings(settings)
    assert problems == []
    config = cms_config(admin, Vocabulary(), "content", "podcasts")
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "cite-ia/site"
    # Netlify's OAuth provider, named in the sign-in guide: its address and the site that holds our OAuth App.
    assert (config["backend"]["base_url"], config["backend"]["auth_endpoint"]) == ("https://api.netlify.com", "auth")
    assert config["backend"]["site_domain"] == "cite-ia-editeur.netlify.app"
    assert "ADMIN_AUTH_SITE" in (PROJECT / "docs" / "connexion-editeur-web.md").read_text(encoding="utf-8")
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config and "127.0.0.1" not in json.dumps(config)
    assert "127.0.0.1" not in page(admin) and "https://api.github.com" in page(admin)
    settings["ADMIN_LOCAL_BACKEND"] = "http://127.0.0.1:8081/api/v1"
    _, problems = load_settings(settings)
    assert [(p.code, p.field) for p in problems] == [("admin.E003", "ADMIN_LOCAL_BACKEND")]  # never in production


def test_its_files_come_from_the_site_and_it_stays_out_of_sight(repository_output, production_output, admin):
    html = (admin / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["file-names.js", "admin.js", "header-format.js", "decap-cms.js"]
    assert all((admin / name).is_file() for name in scripts)
    assert {p.name for p in admin.iterdir()} == {"index.html", "config.yml", "admin.js", "file-names.js", "header-format.js",
                                                  *(p.name for p in bundle.bundle_files())}
    assert not list(admin.glob("*.map")) and not (admin / "cms.js").exists()
    assert "http://" not in html.replace("http://127.0.0.1:8081", "") and "https://" not in html
    assert 'name="robots" content="noindex, nofollow"' in html and "data-pagefind-body" not in html
    # The rest of the site neither loads nor names it (its CSP and weight unchanged).
    for path in repository_output.rglob("*.html"):
        if "admin" not in path.relative_to(repository_output).parts:
            text = path.read_text(encoding="utf-8")
            assert "decap-cms" not in text and "'unsafe-eval'" not in text and "'unsafe-inline'" not in text, path
    assert "/admin/" not in (repository_output / "sitemap.xml").read_text(encoding="utf-8")
    robots = (production_output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots.index("Disallow: /admin/") < robots.index("Allow: /")
    # Production without a repository to save to has no editor (and a local one never reaches it).
    assert not (production_output / "admin").exists()


def test_without_decap_the_build_says_so_in_french_and_builds_the_rest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(bundle.NODE_MODULES_VARIABLE, str(tmp_path / "absent"))
    output = build_site(tmp_path / "output")
    said = capsys.readouterr().err
    assert "Éditeur web (/admin/) non construit : Decap CMS n'est pas installé" in said
    assert "sudo apt-get install nodejs npm" in said
    assert not (output / "admin").exists() and (output / "index.html").is_file()


def test_npm_is_run_only_where_it_can_install(tmp_path, monkeypatch):
    project = tmp_path / "clone"
    project.mkdir()
    (project / "package-lock.json").write_bytes((PROJECT / "package-lock.json").read_bytes())
    monkeypatch.delenv(bundle.NODE_MODULES_VARIABLE)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    assert bundle.install_if_missing(project) is None, "without npm, nothing is run (the build says what to install)"
    assert not (project / "node_modules").exists()


def test_a_package_added_to_package_json_is_installed_at_the_next_build(tmp_path, monkeypatch):
    """node_modules/ installed before the tests' tools were added lacks them: `npm ci` runs again."""
    project = tmp_path / "clone"
    project.mkdir()
    (project / "package.json").write_bytes((PROJECT / "package.json").read_bytes())
    monkeypatch.delenv(bundle.NODE_MODULES_VARIABLE)
    manifest = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))
    pinned = {**manifest["dependencies"], **manifest["devDependencies"]}
    assert {"decap-cms", "axe-core", "podcast-partytime"} <= set(pinned)

    def install(name: str, version: str) -> None:
        folder = project / "node_modules" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text(json.dumps({"name": name, "version": version}), encoding="utf-8")

    *first, last = pinned
    for name in first:
        install(name, pinned[name])
    assert not bundle.installed(project)
    install(last, "0.0.1")  # another version than the lock's
    assert not bundle.installed(project)
    install(last, pinned[last])
    assert bundle.installed(project)
