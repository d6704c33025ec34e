"""The live preview (`build.py serve`), its incremental rebuilds, and `build.py new`.

Most tests start the real command on a copy of the mini fixture and talk to it as a browser would:
over HTTP, and over livereload's websocket (hello, info, then wait for "reload").
"""
from __future__ import annotations

import asyncio
import http.client
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.cli import main
from trotsky_site.build.incremental import RenderCache
from trotsky_site.problems import Problem
from trotsky_site.serve.server import decorate, overlay_html, site_file
from trotsky_site.serve.watch import ignorable, start_watching

ROOT = Path(__file__).resolve().parent.parent
BASE = "/trotsky-site/"
CHEKHOV = BASE + "people/chekhov/"


def in_thread(function, *args):
    """Calls function(*args) in a thread of its own and returns what it returns. Playwright's sync API
    (tests/browser keeps a session browser open) leaves an event loop running in the main thread, and
    neither asyncio.run nor a second sync Playwright may start where a loop runs."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:   # handed to the test's thread, where pytest reports it
            outcome["error"] = error
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class Server:
    """`python build.py serve` in a subprocess, on a free port; its output is kept for the asserts."""

    def __init__(self, content: Path, *extra: str):
        self.content = content
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--content", str(content), "--port", "0", "--base-url", BASE,
             *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.out: list[str] = []
        self.err: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True).start()
        if not self.ready.wait(30):
            self.stop()
            raise AssertionError("serve did not start:\n" + "".join(self.out + self.err))
        self.url = re.search(r"http://\S+", next(line for line in self.out if line.startswith("Serving"))).group()
        self.port = int(re.search(r":(\d+)/", self.url).group(1))

    def _read(self, stream, lines):
        for line in stream:
            lines.append(line)
            if line.startswith("Serving"):
                self.ready.set()

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    async def aget(self, path: str) -> tuple[int, dict, str]:
        return await asyncio.to_thread(self.get, path)

    async def watch(self, page: str):
        """A livereload client that says it shows `page`, as livereload.js does."""
        socket = await websocket_connect(f"ws://127.0.0.1:{self.port}/livereload")
        await socket.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        assert json.loads(await socket.read_message())["command"] == "hello"
        await socket.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{self.port}{page}",
                                               "plugins": {}}))
        await asyncio.sleep(0.1)
        return socket

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def server(make_content):
    running = Server(make_content("mini"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server, on its own copy of the mini fixture, for the tests that only ask it for pages: starting
    `serve` is the dearest part of each such test, and they change nothing."""
    content = tmp_path_factory.mktemp("served") / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
    running = Server(content)
    yield running
    running.stop()


async def reload_message(socket, timeout: float = 5.0) -> dict:
    message = json.loads(await asyncio.wait_for(socket.read_message(), timeout))
    assert message["command"] == "reload", message
    return message


async def settled(socket, quiet: float = 0.5) -> None:
    """Waits for the first reload, then for any further ones: when the background pass finds problems
    that no browser's page showed (a template failing on another page), the server reloads again."""
    await reload_message(socket)
    while not await no_message(socket, quiet):
        pass


async def no_message(socket, wait: float) -> bool:
    try:
        await asyncio.wait_for(socket.read_message(), wait)
    except asyncio.TimeoutError:
        return True
    return False


def overlay_items(html: str) -> set[tuple[str, str, str]]:
    return set(re.findall(r'<li data-path="([^"]*)" data-line="([^"]*)" data-code="([^"]*)"', html))


def expected_items(content: Path, templates: Path | None = None) -> set[tuple[str, str, str]]:
    project = Project(content, base_url=BASE) if templates is None else Project(content, templates, base_url=BASE)
    problems = build_in_memory(project).problems
    assert problems
    return {(p.shown, str(p.line or ""), p.code) for p in problems}


# -- the done-when scenario ------------------------------------------------------------------------


def test_edit_reloads_a_broken_edit_shows_the_overlay_and_a_fix_recovers(server, make_content):
    content = server.content
    chekhov = content / "people" / "chekhov.md"
    original = chekhov.read_text(encoding="utf-8")

    async def scenario():
        socket = await server.watch(CHEKHOV)
        status, headers, html = await server.aget(CHEKHOV)
        assert status == 200 and "A doctor by training" in html and 'id="build-problems"' not in html

        chekhov.write_text(original.replace("A doctor by training.", "A doctor and a writer."), encoding="utf-8")
        await reload_message(socket)
        status, _, html = await server.aget(CHEKHOV)
        assert status == 200 and "A doctor and a writer." in html and "A doctor by training" not in html

        chekhov.write_text("---\nname: [unclosed\nsummary: x\n---\nBroken body.\n", encoding="utf-8")
        await settled(socket)
        status, _, html = await server.aget(CHEKHOV)
        assert status == 200 and server.process.poll() is None
        assert 'id="build-problems"' in html and "This page is from the last good build." in html
        assert "A doctor and a writer." in html and "Broken body." not in html     # the last good page
        expected = expected_items(content)
        assert overlay_items(html) == expected and ("content/people/chekhov.md", "3", "frontmatter.invalid-yaml") in expected
        terminal = "".join(server.err)
        assert all(f"{path}:{line}: {code}:" in terminal for path, line, code in expected if line)

        chekhov.write_text(original.replace("A doctor by training.", "Recovered by itself."), encoding="utf-8")
        await reload_message(socket)
        status, _, html = await server.aget(CHEKHOV)
        assert status == 200 and "Recovered by itself." in html and 'id="build-problems"' not in html
        socket.close()

    in_thread(asyncio.run, scenario())
    assert server.process.poll() is None


def test_unknown_link_and_template_error_show_in_the_overlay_then_recover(make_content, tmp_path):
    content = make_content("mini")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    server = Server(content, "--templates", str(templates))
    knipper, person = content / "people" / "knipper.md", templates / "person.html"
    knipper_text, person_text = knipper.read_text(encoding="utf-8"), person.read_text(encoding="utf-8")
    try:
        async def scenario():
            socket = await server.watch(CHEKHOV)
            knipper.write_text(knipper_text + "Married [[<b>Nobody</b>]].\n", encoding="utf-8")
            await settled(socket)
            _, _, html = await server.aget(CHEKHOV)
            assert overlay_items(html) == expected_items(content, templates)
            assert "link.not-found" in html and "&lt;b&gt;Nobody&lt;/b&gt;" in html and "<b>Nobody" not in html
            knipper.write_text(knipper_text, encoding="utf-8")
            await reload_message(socket)
            assert 'id="build-problems"' not in (await server.aget(CHEKHOV))[2]

            person.write_text(person_text.replace("{% block main %}", "{% block main %}{{ no_such_value }}", 1),
                              encoding="utf-8")
            await settled(socket)
            status, _, html = await server.aget(CHEKHOV)
            assert status == 200 and "template.undefined" in html and "templates/person.html" in html
            assert "A doctor by training" in html            # still the last good page
            person.write_text(person_text, encoding="utf-8")
            await reload_message(socket)
            status, _, html = await server.aget(CHEKHOV)
            assert status == 200 and 'id="build-problems"' not in html
            socket.close()

        in_thread(asyncio.run, scenario())
        assert server.process.poll() is None
    finally:
        server.stop()


def test_a_burst_of_saves_is_one_rebuild_and_one_reload(server):
    theatre = server.content / "topics" / "theatre.md"
    original = theatre.read_text(encoding="utf-8")

    async def scenario(attempt: int) -> float | None:
        """None when the burst was one rebuild and one reload; the burst's duration when it was too slow."""
        socket = await server.watch(BASE + "topics/theatre/")
        rebuilds = sum("rebuilt in" in line for line in server.out)
        started = time.perf_counter()
        for i in range(6):                       # like an editor's swap file, backup and rename
            (server.content / "topics" / f".theatre.md.swp{i}").write_text("x", encoding="utf-8")
            theatre.write_text(original + f"\nSave {i} of attempt {attempt}.\n", encoding="utf-8")
        took = time.perf_counter() - started
        if took > 0.03:                          # the machine paused us longer than the quiet period
            socket.close()
            return took
        await reload_message(socket)
        assert await no_message(socket, 0.6)
        assert sum("rebuilt in" in line for line in server.out) == rebuilds + 1
        assert f"Save 5 of attempt {attempt}." in (await server.aget(BASE + "topics/theatre/"))[2]
        socket.close()
        return None

    slow = []
    for attempt in range(10):
        took = in_thread(asyncio.run, scenario(attempt))
        if took is None:
            return
        slow.append(f"{took * 1000:.0f} ms")
        time.sleep(1)
    pytest.fail("could not test that a burst of saves is one rebuild: in 10 attempts writing the six files took "
                f"{', '.join(slow)}, longer than the 30 ms that stays safely inside serve's 50 ms quiet period; "
                "the machine is too busy (re-run when it is quieter), or writing files became slow")


def test_a_stylesheet_change_asks_for_a_css_reload_only(make_content, tmp_path):
    static = tmp_path / "static"
    shutil.copytree(ROOT / "static", static)
    server = Server(make_content("mini"), "--static", str(static))
    try:
        async def scenario():
            socket = await server.watch(BASE)
            (static / "style.css").write_text((static / "style.css").read_text() + "\nbody{color:red}\n")
            message = await reload_message(socket)
            assert message["path"] == BASE + "static/style.css" and message["liveCSS"] is True
            assert "body{color:red}" in (await server.aget(BASE + "static/style.css"))[2]
            socket.close()
        in_thread(asyncio.run, scenario())
    finally:
        server.stop()


# -- what it serves ------------------------------------------------------------------------------------


def test_binds_loopback_only_and_prints_the_url(served):
    assert served.url == f"http://127.0.0.1:{served.port}{BASE}"
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():
        pytest.skip("no /proc/net/tcp on this system")
    listening = [line.split()[1] for line in tcp.read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == served.port]
    assert listening == [f"0100007F:{served.port:04X}"]


def test_root_redirects_to_the_base_path(served):
    status, headers, _ = served.get("/")
    assert status in (301, 302) and headers["location"] == BASE
    status, headers, _ = served.get(BASE + "people/chekhov")
    assert status in (301, 302) and headers["location"] == CHEKHOV


@pytest.mark.parametrize("path", [
    "/trotsky-site/../../etc/passwd", "/trotsky-site/%2e%2e/%2e%2e/etc/passwd", "/trotsky-site/%2E%2E%2F%2E%2E%2Fetc/passwd",
    "/trotsky-site/static/../../../etc/passwd", "/trotsky-site/static/..%2f..%2f..%2fetc%2fpasswd",
    "/trotsky-site/..%5c..%5cetc%5cpasswd", "/../../etc/passwd", "//etc/passwd", "/trotsky-site//etc/passwd",
    "/trotsky-site/static/%2e%2e/%2e%2e/build.py", "/trotsky-site/../build.py", "/trotsky-site/%ff%fe",
    "/trotsky-site/people/chekhov/index.html%00.css", "/etc/passwd",
])
def test_nothing_outside_the_built_files_is_served(served, path):
    status, _, body = served.get(path)
    assert status == 404
    assert "root:" not in body and "trotsky_site.cli" not in body and "Page not found" in body


def test_unknown_address_gets_the_sites_404_page(served):
    status, headers, body = served.get(BASE + "no/such/page/")
    assert status == 404 and headers["content-type"].startswith("text/html")
    fresh = build_in_memory(Project(served.content,
                                    base_url=BASE)).files["404.html"].decode()
    assert body == decorate(fresh.encode(), "").decode()


def test_reload_script_goes_into_html_only(served):
    html = served.get(CHEKHOV)[2]
    assert html.count("/livereload.js?port=") == 1 and html.index("livereload.js") < html.index("</head>")
    for path in ("static/style.css", "static/site.js", "people.json", "previews/index.json",
                 "search/pages.json", "sitemap.xml"):
        status, headers, body = served.get(BASE + path)
        assert status == 200 and "livereload" not in body, path
        assert "text/html" not in headers["content-type"], path
    assert served.get("/livereload.js")[0] == 200
    assert served.get(CHEKHOV, "HEAD")[0] == 200


def test_every_page_of_a_good_build_is_served_as_built(served):
    content = served.content
    built = build_in_memory(Project(content, base_url=BASE), book=False)   # the preview makes no e-book
    assert built.ok
    for path, data in built.files.items():
        url = BASE + (path[:-len("index.html")] if path.endswith("index.html") else path)
        status, _, body = served.get(url)
        expected = decorate(data, "").decode() if path.endswith(".html") else data.decode()
        assert (status, body) == (200, expected), path


# -- pure pieces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url, expected", [
    ("/b/", "index.html"), ("/b/people/x/", "people/x/index.html"), ("/b/static/a%20b.css", "static/a b.css"),
    ("/b/people.json", "people.json"), ("/elsewhere/", None), ("/b", None),
    ("/b/../etc/passwd", "../etc/passwd"),   # only ever looked up among the built files, where it is not
])
def test_site_file(url, expected):
    assert site_file(url, "/b/") == expected


def test_overlay_escapes_everything_and_lists_every_problem():
    problems = [Problem("content/people/<x>.md", 3, "link.not-found", "no page is called '<script>'", "did you <b>"),
                Problem("templates/a.html", None, "template.syntax", "unexpected '}' & more")]
    html = overlay_html(problems, last_good=True)
    assert "<script>" not in html and "<x>" not in html and "<b>" not in html
    assert "content/people/&lt;x&gt;.md:3" in html and "did you &lt;b&gt;" in html and "&amp; more" in html
    assert html.count("<li ") == 2 and "2 problems" in html and "last good build" in html


def test_decorate_puts_script_in_head_and_overlay_before_body_end():
    page = b"<html><head><title>t</title></head><body><p>x</p></body></html>"
    out = decorate(page, "<div id=o></div>")
    assert out.index(b"livereload.js") < out.index(b"</head>") and out.endswith(b"<div id=o></div></body></html>")


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "polling"])
def test_the_watcher_reports_saved_files_in_new_folders_and_skips_swap_files(tmp_path, poll):
    async def scenario() -> set[str]:
        seen: list[set[str]] = []
        stop = start_watching([tmp_path], seen.append, poll=poll)
        try:
            (tmp_path / "people").mkdir()
            await asyncio.sleep(0.25)
            for name in (".bukharin.md.swp", "bukharin.md~", "4913", "#bukharin.md#", "bukharin.md"):
                (tmp_path / "people" / name).write_text("x", encoding="utf-8")
            for _ in range(100):
                if any(str(tmp_path / "people" / "bukharin.md") in batch for batch in seen):
                    break
                await asyncio.sleep(0.02)
        finally:
            stop()
        return set().union(*seen)

    changed = in_thread(asyncio.run, scenario())
    assert str(tmp_path / "people" / "bukharin.md") in changed
    assert not {p for p in changed if os.path.basename(p) != "bukharin.md" and p != str(tmp_path / "people")}


@pytest.mark.parametrize("name, ignored", [(".x.md.swp", True), ("x.md~", True), ("4913", True), ("#x.md#", True),
                                           ("x.md.tmp", True), ("sedSCOBaq", True), ("x.md", False),
                                           ("style.css", False), ("sedition.md", False)])
def test_ignorable(name, ignored):
    assert ignorable(name) is ignored


# -- incremental rebuilds ------------------------------------------------------------------------------


def test_incremental_rebuilds_equal_fresh_builds_and_convert_only_what_depends(make_content):
    content = make_content("mini")
    project, cache = Project(content, base_url=BASE), RenderCache()

    def rebuild(*changed: Path) -> set[str]:
        cache.invalidate(changed)
        incremental, fresh = build_in_memory(project, cache=cache), build_in_memory(project)
        assert incremental.files == fresh.files and incremental.problems == fresh.problems
        return set(cache.converted)

    people, chapters = content / "people", content / "chapters"
    assert rebuild() == {"chekhov", "knipper", "taganrog", "moscow", "moscow-art-theatre", "theatre", "taganrog-town",
                         "moscow-city", "yalta", "badenweiler", "sakhalin", "petersburg",
                         "rayfield1997", "stanislavski1924", "chekhov1973letters"}
    assert rebuild() == set()
    knipper = (people / "knipper.md").read_text(encoding="utf-8")
    (people / "knipper.md").write_text(knipper + "An actress.\n", encoding="utf-8")
    assert rebuild(people / "knipper.md") == {"knipper"}                 # nobody embeds her card
    (people / "knipper.md").write_text(knipper.replace("Olga Knipper", "Olga Knipper-Chekhova"), encoding="utf-8")
    assert rebuild(people / "knipper.md") == {"knipper", "chekhov", "moscow"}     # pages whose links show her name
    chekhov = (people / "chekhov.md").read_text(encoding="utf-8")
    (people / "chekhov.md").write_text(chekhov.replace("A Russian playwright", "A playwright"), encoding="utf-8")
    assert rebuild(people / "chekhov.md") == {"chekhov", "taganrog"}      # taganrog embeds his card
    (chapters / "moscow.md").write_text((chapters / "moscow.md").read_text() + "\n[[nobody]]\n", encoding="utf-8")
    assert rebuild(chapters / "moscow.md") == {"moscow"}
    (people / "nobody.md").write_text("---\nname: Nobody\nsummary: Someone.\n---\n", encoding="utf-8")
    assert rebuild(people / "nobody.md") >= {"nobody", "moscow"}          # the broken link now resolves
    (people / "nobody.md").unlink()
    assert "moscow" in rebuild(people / "nobody.md")
    (content / "topics" / "novels.md").write_text("---\ntitle: Novels\nsummary: None.\n---\n[[chekhov]]\n")
    # No path named: the folder's time stamp tells. moscow's broken [[nobody]] is converted again because
    # its "did you mean" reads every name, and there is a new one.
    assert rebuild() == {"novels", "moscow"}
    cache.invalidate(None)
    assert rebuild() == set()                              # forgetting the files does not forget the Markdown
    (people / "chekhov.md").write_text("---\nname: [unclosed\n---\n", encoding="utf-8")
    rebuild(people / "chekhov.md")
    (people / "chekhov.md").write_text(chekhov, encoding="utf-8")
    rebuild(people / "chekhov.md")


def test_incremental_rebuild_sees_a_template_change_in_cards(make_content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    project, cache = Project(make_content("mini"), templates, base_url=BASE), RenderCache()
    build_in_memory(project, cache=cache)
    card = templates / "_card.html"
    card.write_text(card.read_text(encoding="utf-8").replace("Full profile", "Whole profile"), encoding="utf-8")
    incremental = build_in_memory(project, cache=cache)
    assert set(cache.converted) == {"taganrog", "moscow"}                 # the pages that embed cards
    assert incremental.files == build_in_memory(project).files
    assert b"Whole profile" in incremental.files["chapters/taganrog/index.html"]


# -- build.py new ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, name, path", [
    ("person", "Karl Radek", "people/karl-radek.md"), ("chapter", "Exile in Norway", "chapters/exile-in-norway.md"),
    ("topic", "Permanent revolution", "topics/permanent-revolution.md"),
    ("organisation", 'The "Iskra" Group', "organisations/the-iskra-group.md"),
])
def test_new_writes_a_valid_skeleton_and_refuses_to_overwrite(make_content, capsys, kind, name, path):
    content = make_content("mini")
    assert main(["new", kind, name, "--content", str(content)]) == 0
    written = content / path
    assert f"wrote {written}" in capsys.readouterr().out
    text = written.read_text(encoding="utf-8")
    assert text.startswith("---\n") and name.replace('"', '\\"') in text
    result = build_in_memory(Project(content))
    assert result.ok, "\n".join(p.format() for p in result.problems)
    assert written.stem in result.site.pages and result.site.pages[written.stem].title == name
    written.write_text(text + "Work in progress.\n", encoding="utf-8")
    assert main(["new", kind, name, "--content", str(content)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == text + "Work in progress.\n"


def test_new_refuses_an_id_another_folder_uses(make_content, capsys):
    content = make_content("mini")
    assert main(["new", "topic", "Chekhov", "--content", str(content)]) == 1
    assert "already used" in capsys.readouterr().err
    assert not (content / "topics" / "chekhov.md").exists()


# -- a real browser ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_chromium_reloads_by_itself_and_shows_the_overlay(server):
    if not Path("/usr/bin/chromium").exists() or importlib.util.find_spec("playwright") is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)("needs Playwright and Debian's /usr/bin/chromium")
    from playwright.sync_api import sync_playwright
    content = server.content
    chekhov = content / "people" / "chekhov.md"
    original = chekhov.read_text(encoding="utf-8")

    def drive():
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            try:
                page = browser.new_page()
                page.goto(server.url + "people/chekhov/")
                page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                                       " && window.LiveReload.connector._isSocketConnected()", timeout=10000)
                page.evaluate("window.notReloaded = true")
                chekhov.write_text(original.replace("A doctor by training.", "Seen in Chromium."), encoding="utf-8")
                page.wait_for_function("() => !window.notReloaded && document.body"
                                       " && document.body.innerText.includes('Seen in Chromium.')", timeout=10000)
                chekhov.write_text("---\nname: [unclosed\n---\n", encoding="utf-8")
                page.wait_for_selector("#build-problems", state="visible", timeout=10000)
                assert "frontmatter.invalid-yaml" in page.inner_text("#build-problems")
                assert "Seen in Chromium." in page.inner_text("main")
                chekhov.write_text(original, encoding="utf-8")
                page.wait_for_selector("#build-problems", state="detached", timeout=10000)
                assert "A doctor by training" in page.inner_text("main")
            finally:
                browser.close()

    in_thread(drive)


def test_incremental_rebuild_after_a_bibliography_edit_converts_the_citing_pages_only(make_content):
    content = make_content("mini")
    project, cache = Project(content, base_url=BASE), RenderCache()
    build_in_memory(project, cache=cache)
    bib = content / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Little, Brown}", "{Little, Brown and Co.}"),
                   encoding="utf-8")
    cache.invalidate([bib])
    incremental = build_in_memory(project, cache=cache)
    assert set(cache.converted) == {"taganrog", "rayfield1997", "stanislavski1924"}   # citing him, and his page
    assert incremental.files == build_in_memory(project).files
    bib.write_text(bib.read_text(encoding="utf-8").replace("{rayfield1997,", "{rayfield97,"), encoding="utf-8")
    cache.invalidate([bib])
    incremental = build_in_memory(project, cache=cache)
    assert set(cache.converted) == {"taganrog", "chekhov", "rayfield97"}   # their key is now unknown; a new page
    assert [p.code for p in incremental.problems] == ["source.unknown-key"] + ["citation.unknown-key"] * 3
    assert incremental.problems[0].hint == "did you mean sources/rayfield97.md?"      # the note on the work
    assert "did you mean @rayfield97?" in incremental.problems[1].hint


def test_incremental_source_pages_equal_fresh_builds_after_citation_note_and_bibliography_edits(make_content):
    content = make_content("mini")
    project, cache = Project(content, base_url=BASE), RenderCache()
    theatre, bib = content / "topics" / "theatre.md", content / "bibliography.bib"
    note = content / "sources" / "chekhov1973letters.md"

    def rebuild(*changed: Path) -> set[str]:
        cache.invalidate(changed)
        incremental, fresh = build_in_memory(project, cache=cache), build_in_memory(project)
        assert incremental.files == fresh.files and incremental.problems == fresh.problems
        return set(cache.converted)

    rebuild()
    theatre.write_text(theatre.read_text(encoding="utf-8") + "\nHis letters say so [@chekhov1973letters].\n",
                       encoding="utf-8")
    assert rebuild(theatre) == {"theatre"}
    theatre.write_text(theatre.read_text(encoding="utf-8").replace(" [@chekhov1973letters]", ""), encoding="utf-8")
    assert rebuild(theatre) == {"theatre"}
    bib.write_text(bib.read_text(encoding="utf-8").replace("{My Life in Art}", "{My Life in Art: Memoirs}"),
                   encoding="utf-8")
    assert rebuild(bib) == {"stanislavski1924", "taganrog", "rayfield1997"}
    note.write_text("Chosen and translated.\n", encoding="utf-8")
    assert rebuild(note) == {"chekhov1973letters"}
    note.write_text("---\nsummary: His letters.\n---\nChosen.\n", encoding="utf-8")
    assert rebuild(note) == {"chekhov1973letters"}
    note.unlink()
    assert rebuild(note) == {"chekhov1973letters"}
    (content / "sources" / "nobody1900.md").write_text("Lost.\n", encoding="utf-8")
    rebuild(content / "sources" / "nobody1900.md")                  # an error, as in a fresh build
    (content / "sources" / "nobody1900.md").unlink()
    rebuild()                                                       # no path named: the folder's stamp tells
