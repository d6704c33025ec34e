"""The site as GitHub Pages serves it: built with --base-url /trotsky-site/, served by a plain static file
server under that subpath, with /404.html for unknown paths. Every internal link, image, script and
stylesheet must resolve, and every #fragment must name an element of its page."""
from __future__ import annotations

import functools
import http.client
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml

from tests.pages_server import BASE, serve_folder
from trotsky_site.build.pipeline import Project, Stages, build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mini_site(mini_built_site) -> Path:
    """The session's build of a copy of tests/fixtures/mini under BASE (tests/conftest.py)."""
    return mini_built_site


# The real site comes from the session's build: its tests join the xdist group of the others that read it.
@pytest.fixture(params=["mini", pytest.param("real", marks=pytest.mark.xdist_group("real-site"))])
def pages_server(request):
    folder = request.getfixturevalue("mini_site" if request.param == "mini" else "built_site")
    with serve_folder(folder) as port:
        yield port, folder


class Refs(HTMLParser):
    """The addresses a page makes the browser fetch or follow, and the ids a fragment may name."""
    ATTRS = {"a": "href", "img": "src", "script": "src", "link": "href", "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        value = attrs.get(self.ATTRS.get(tag, ""))
        if value:
            self.refs.append(("canonical" if tag == "link" and attrs.get("rel") == "canonical" else tag, value))


@functools.lru_cache(maxsize=None)
def refs_and_ids(body: bytes) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """A page's Refs, parsed once per distinct page: the crawls of one folder under several prefixes are
    served the same bytes, and parsing them was most of what a crawl of the real site cost."""
    parser = Refs()
    parser.feed(body.decode("utf-8"))
    return tuple(parser.refs), frozenset(parser.ids)


def fetch(port: int, path: str) -> tuple[int, str, bytes, str]:
    """(status, content type, body, final path), following redirects within the site."""
    for _ in range(5):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status in (301, 302, 307, 308):
            path = urljoin(path, response.getheader("Location"))
            continue
        return response.status, response.getheader("Content-Type", ""), body, path
    raise AssertionError(f"too many redirects from {path}")


def internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("mailto:", "javascript:", "data:"))


def crawl(port: int, start: str, base: str = BASE, canonical: bool = True) -> tuple[dict[str, set[str]], list[str]]:
    """Every page reachable from `start`; returns ids per page path and the failures found. Canonical
    links name the address the site was built for: without `canonical` they are not followed."""
    ids, failures, fragments = {}, [], []
    queue, seen = deque([start]), {start}
    while queue:
        path = queue.popleft()
        status, kind, body, final = fetch(port, path)
        if status != 200:
            failures.append(f"{path}: status {status}")
            continue
        if "html" not in kind:
            continue
        refs, ids[final] = refs_and_ids(body)
        for tag, ref in refs:
            if not internal(ref) or tag == "canonical" and not canonical:
                continue
            target, fragment = urldefrag(urljoin(final, ref))
            if not target.startswith(base):
                failures.append(f"{final}: <{tag}> {ref} leaves the site's base path {base}")
                continue
            if fragment:
                fragments.append((final, ref, target, unquote(fragment)))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for page, ref, target, fragment in fragments:
        if target in ids and fragment not in ids[target]:
            failures.append(f"{page}: {ref}: no element has id '{fragment}'")
    return ids, failures


def test_every_internal_reference_resolves_under_the_subpath(pages_server):
    port, folder = pages_server
    ids, failures = crawl(port, BASE)
    assert not failures, "\n".join(failures)
    built = {BASE + p.relative_to(folder).as_posix().removesuffix("index.html")
             for p in folder.rglob("*.html") if p.name != "404.html"}
    assert built <= set(ids), f"pages no link reaches: {sorted(built - set(ids))}"


@pytest.mark.parametrize("prefix", ["/", "/some/other/path/"])
def test_the_same_folder_works_under_any_prefix(pages_server, prefix):
    """Links are relative to their page: the folder built for /trotsky-site/ works unchanged at a domain's
    root and under any other subpath (only 404.html, served at any address, uses the configured base)."""
    _port, folder = pages_server
    with serve_folder(folder, prefix) as port:
        ids, failures = crawl(port, prefix, prefix, canonical=False)
    assert not failures, "\n".join(failures)
    built = {prefix + p.relative_to(folder).as_posix().removesuffix("index.html")
             for p in folder.rglob("*.html") if p.name != "404.html"}
    assert built <= set(ids), f"pages no link reaches: {sorted(built - set(ids))}"


def test_every_sitemap_address_is_served(pages_server):
    port, folder = pages_server
    locations = [line.split("<loc>")[1].split("</loc>")[0]
                 for line in (folder / "sitemap.xml").read_text(encoding="utf-8").splitlines() if "<loc>" in line]
    assert locations
    failures = [f"{loc}: {status}" for loc in locations
                for status, *_ in [fetch(port, urlsplit(loc).path)] if status != 200]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ["/trotsky-site/no/such/page/", "/trotsky-site/people/nobody/", "/elsewhere"])
def test_unknown_address_gets_the_404_page_whose_links_work_from_any_depth(pages_server, path):
    port, folder = pages_server
    status, kind, body, _ = fetch(port, path)
    assert (status, kind) == (404, "text/html; charset=utf-8")
    assert body == (folder / "404.html").read_bytes()
    parser = Refs()
    parser.feed(body.decode("utf-8"))
    for tag, ref in parser.refs:
        if internal(ref) and not ref.startswith("#"):
            assert urljoin(path, ref).startswith(BASE), f"404.html: <{tag}> {ref} is relative to the address"
            assert fetch(port, urldefrag(urljoin(path, ref))[0])[0] == 200, ref


def test_the_site_root_has_no_page_outside_the_subpath(pages_server):
    port, _folder = pages_server
    assert fetch(port, "/")[0] == 404
    assert fetch(port, "/index.html")[0] == 404


def test_the_crawler_reports_what_is_broken(tmp_path):
    """The crawl above would pass vacuously if it missed broken references: show it catches each kind."""
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="/trotsky-site/static/gone.css"><img src="img/gone.png">'
        '<script src="/static/site.js"></script><a href="page/#nowhere">x</a><a id="top" href="#top">t</a>'
        '<a href="https://example.org/">external</a>', encoding="utf-8")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text('<h1 id="here">Page</h1>', encoding="utf-8")
    with serve_folder(tmp_path) as port:
        _ids, failures = crawl(port, BASE)
    assert sorted(failures) == [
        "/trotsky-site/: <script> /static/site.js leaves the site's base path /trotsky-site/",
        "/trotsky-site/: page/#nowhere: no element has id 'nowhere'",
        "/trotsky-site/img/gone.png: status 404",
        "/trotsky-site/static/gone.css: status 404",
    ]


def test_the_pages_workflow_builds_with_the_repositorys_base_path_and_deploys_site(root):
    workflow = yaml.safe_load((root / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))            # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses.index("actions/checkout") < uses.index("actions/setup-python") < uses.index("actions/configure-pages")
    assert steps[uses.index("actions/setup-python")]["with"]["python-version"] == "3.11"
    runs = [step["run"] for step in steps if "run" in step]
    assert "pip install ." in runs
    configure = steps[uses.index("actions/configure-pages")]
    build_step = next(i for i, step in enumerate(steps) if "build.py build" in step.get("run", ""))
    assert uses.index("actions/configure-pages") < build_step < uses.index("actions/upload-pages-artifact")
    assert f'--base-url "${{{{ steps.{configure["id"]}.outputs.base_url }}}}/"' in steps[build_step]["run"]
    assert "--offline-zip" in steps[build_step]["run"]           # the portable site, zipped into _site
    assert steps[uses.index("actions/upload-pages-artifact")]["with"]["path"] == "_site"
    cache = steps[uses.index("actions/cache")]
    assert uses.index("actions/cache") < build_step and cache["with"]["path"] == ".cache"
    generator = "${{ hashFiles('pyproject.toml', 'requirements.txt', 'trotsky_site/**') }}"
    assert cache["with"]["key"].startswith(f"trotsky-site-{generator}-")
    assert cache["with"]["restore-keys"] == f"trotsky-site-{generator}-"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("base_url, path", [("https://owner.github.io/trotsky-site", "/trotsky-site/"),
                                            ("https://biography.example.org", "/"), ("/trotsky-site", "/trotsky-site/")])
def test_the_workflows_base_url_gives_path_only_links_and_whole_canonical_addresses(base_url, path, tmp_path):
    """configure-pages gives https://<owner>.github.io/<repository> for a project site, the bare host for
    a custom domain; links inside the site are relative, so they work under any host and path; canonical
    addresses and the sitemap are whole, and 404.html (served at any address) uses the path."""
    out = tmp_path / "_site"
    result = build(Project(ROOT / "tests" / "fixtures" / "mini", base_url=f"{base_url}/"), out, Stages())
    assert result.ok
    page = (out / "people" / "chekhov" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../../static/style.css">' in page   # relative: works under any path
    assert f'<link rel="canonical" href="{base_url}/people/chekhov/">' in page
    assert f"<loc>{base_url}/people/chekhov/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f'<link rel="stylesheet" href="{path}static/style.css">' in (out / "404.html").read_text(encoding="utf-8")
