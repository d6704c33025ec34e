"""`python build.py serve`: the site from memory, under its base path, rebuilt and reloaded on every save.

One IOLoop thread does everything, so no lock is needed: the watcher reports changed files, a 50 ms
quiet period gathers a burst of saves into one rebuild, the rebuild plans the site (reusing every
unchanged page's Markdown), renders the pages the browsers are showing, and sends livereload's
reload message; the other pages are rendered on request, or in small steps between requests until
the build is complete and every problem is known. A build with problems never replaces the last
good one: pages keep coming from the last good build, with the problems shown on top.
"""
from __future__ import annotations

import gc
import json
import mimetypes
import os
import sys
import time
import traceback
from html import escape
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from ..build.incremental import LazyBuild, RenderCache
from ..build.pipeline import Project, plan_build
from ..model.urls import base_path, output_name
from ..problems import Problem, format_report
from .watch import start_watching

DEBOUNCE_S = 0.05
BATCH = 8          # files rendered per background step; requests are answered between steps
HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"],
         "serverName": "trotsky-site"}
# livereload's own snippet: it finds the server from the page's address, so any --host works.
LIVE_SCRIPT = ('<script>(function(){var s=document.createElement("script");'
               'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
               's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
               'document.head.appendChild(s);})();</script>')
OVERLAY_STYLE = ("position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;"
                 "margin:0;padding:1rem 1.5rem;background:#2b0b0b;color:#fff;font:15px/1.45 system-ui,sans-serif;"
                 "border-top:4px solid #e5484d;box-shadow:0 -4px 24px rgba(0,0,0,.4)")


def site_file(url_path: str, base: str) -> str | None:
    """'/base/people/x/' -> 'people/x/index.html'; None outside the base path. Only ever a key to look up."""
    if not url_path.startswith(base):
        return None
    return output_name(unquote(url_path[len(base):], errors="strict") if "%" in url_path else url_path[len(base):])


def overlay_html(problems: list[Problem], last_good: bool) -> str:
    """Every problem, escaped, in a box over the page."""
    items = "".join(
        f'<li data-path="{escape(p.shown)}" data-line="{p.line or ""}" data-code="{escape(p.code)}">'
        f'<code>{escape(p.shown)}{f":{p.line}" if p.line else ""}</code> <code>{escape(p.code)}</code>: '
        f'{escape(p.message)}{f"<br><small>hint: {escape(p.hint)}</small>" if p.hint else ""}</li>'
        for p in sorted(problems, key=Problem.sort_key))
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    note = ("This page is from the last good build." if last_good else "There is no good build yet.")
    return (f'<div id="build-problems" role="alert" style="{OVERLAY_STYLE}"><p style="margin:0 0 .5rem">'
            f"<strong>The build has {count}.</strong> {note} Save a fix and the page reloads by itself. "
            f'<button type="button" onclick="this.closest(\'#build-problems\').remove()">Hide</button></p>'
            f'<ol style="margin:0;padding-left:1.5rem">{items}</ol></div>')


def decorate(html: bytes, overlay: str) -> bytes:
    """The reload script before </head>, the problems (if any) before </body>."""
    head = html.find(b"</head>")
    script = LIVE_SCRIPT.encode()
    html = html[:head] + script + html[head:] if head >= 0 else script + html
    body = html.rfind(b"</body>")
    extra = overlay.encode()
    return html[:body] + extra + html[body:] if body >= 0 else html + extra


class Hub:
    """The browsers connected over livereload's websocket, and the address each one shows."""

    def __init__(self):
        self.sockets: dict[ReloadSocket, str] = {}

    def viewed(self) -> set[str]:
        return set(self.sockets.values())

    def reload(self, path: str = "*") -> None:
        for socket in list(self.sockets):
            socket.send_message({"command": "reload", "path": path, "liveCSS": True, "liveImg": True})


class ReloadSocket(LiveReloadHandler):
    """livereload's websocket handler, with its browsers kept per server instead of in a class attribute."""

    def initialize(self, hub: Hub):
        self.hub = hub

    def on_message(self, message):
        try:
            data = json.loads(message)
        except ValueError:
            return
        if data.get("command") == "hello":
            self.send_message(HELLO)
        elif data.get("command") == "info":
            self.hub.sockets[self] = urlsplit(str(data.get("url", ""))).path

    def on_close(self):
        self.hub.sockets.pop(self, None)


class Preview:
    """The builds being served, and the loop that replaces them."""

    def __init__(self, project: Project, hub: Hub, out=sys.stdout, err=sys.stderr):
        self.project, self.hub, self.out, self.err = project, hub, out, err
        self.cache = RenderCache()
        self.latest: LazyBuild = LazyBuild(None)
        self.good: LazyBuild | None = None
        self.changed: set[str] = set()
        self.timer = None
        self.generation = 0
        self.reported: list[Problem] = []
        self.last_latency_ms = 0.0

    def served(self) -> LazyBuild:
        return self.good if self.latest.problems and self.good is not None else self.latest

    def on_change(self, paths: set[str]) -> None:
        self.changed |= paths or {"*"}
        loop = IOLoop.current()
        if self.timer is not None:
            loop.remove_timeout(self.timer)
        self.timer = loop.call_later(DEBOUNCE_S, self.rebuild)

    def rebuild(self, initial: bool = False) -> None:
        self.timer, changed, self.changed = None, self.changed, set()
        started = time.perf_counter()
        gc.disable()   # a full collection over the caches costs more than the rebuild; it runs when idle
        self.cache.invalidate(None if "*" in changed else changed)
        self.latest = self._plan()
        base = base_path(self.served().base_url)
        for url_path in self.hub.viewed():
            file = site_file(url_path, base)
            if file in self.latest.paths:
                self.latest.get(file)    # ready for the reload, and its template problems known now
        self.last_latency_ms = (time.perf_counter() - started) * 1000
        self._report(changed, initial)
        if not initial:
            self.hub.reload(_reload_path(changed, self.project, base, self.latest.problems))
        self.generation += 1
        IOLoop.current().add_callback(self._complete, self.generation)

    def _plan(self) -> LazyBuild:
        try:
            return LazyBuild(plan_build(self.project, stages=self.cache))
        except Exception as error:  # a bug in a stage must not stop the preview
            traceback.print_exc(file=self.err)
            self.cache = RenderCache()
            return LazyBuild(None, [Problem("trotsky_site", None, "build.crashed", f"{type(error).__name__}: "
                                            f"{error}", "a bug in the generator: the traceback is in the terminal")])

    def _complete(self, generation: int) -> None:
        if generation != self.generation:
            return
        if not self.latest.render_next(BATCH):
            IOLoop.current().add_callback(self._complete, generation)
            return
        gc.enable()
        gc.collect()
        if not self.latest.problems:
            self.good = self.latest
        problems = self.latest.problems
        if problems != self.reported:   # a template failed on a page no browser showed
            found = [p for p in problems if p not in self.reported]
            self.reported = problems
            print(f"[{time.strftime('%H:%M:%S')}] rendering the other pages found {len(found)} more:",
                  file=self.err, flush=True)
            self._print_problems(problems)
            self.hub.reload("*")

    def _report(self, changed: set[str], initial: bool) -> None:
        had, self.reported = self.reported, self.latest.problems
        names = sorted(_shown(p, self.project) for p in changed if p != "*")
        why = f" after {', '.join(names[:3])}{' …' if len(names) > 3 else ''} changed" if names else ""
        print(f"[{time.strftime('%H:%M:%S')}] {'built' if initial else 'rebuilt'} in {self.last_latency_ms:.0f} ms"
              f"{why}; Markdown converted for {len(self.cache.converted)} page(s)"
              f"{'; no problems left' if had and not self.reported else ''}", file=self.out, flush=True)
        if self.reported:
            self._print_problems(self.reported)

    def _print_problems(self, problems: list[Problem]) -> None:
        kept = "the last good build stays on screen" if self.good else "there is no good build yet"
        print(f"{format_report(problems)}\n{kept}, with these problems on top; save a fix to recover.",
              file=self.err, flush=True)


def _shown(path: str, project: Project) -> str:
    for folder in (project.content_dir, *project.template_dirs, *project.static_dirs):
        root = os.path.abspath(folder)
        if path.startswith(root + "/"):
            return folder.name + path[len(root):]
    return path


def _reload_path(changed: set[str], project: Project, base: str, problems) -> str:
    """A stylesheet alone may be swapped without reloading the page (livereload's liveCSS)."""
    for folder in project.static_dirs:
        static = os.path.abspath(folder) + os.sep
        if not problems and changed and all(p.startswith(static) and p.endswith(".css") for p in changed):
            return base + "static/" + sorted(changed)[0][len(static):]
    return "*"


class SiteHandler(web.RequestHandler):
    """Serves the built files and nothing else; unknown addresses get the site's 404 page."""

    def initialize(self, preview: Preview):
        self.preview = preview

    def compute_etag(self):
        return None

    def head(self):
        self.get(include_body=False)

    def get(self, include_body: bool = True):
        build = self.preview.served()
        base = base_path(build.base_url)
        path = self.request.path
        if base != "/" and path in ("/", base.rstrip("/")):
            return self.redirect(base)
        try:
            file = site_file(path, base)
        except UnicodeDecodeError:
            file = None
        status, data = 200, build.get(file) if file else None
        if data is None and build is not self.preview.served():   # rendering it just found a problem
            build = self.preview.served()
            data = build.get(file) if file else None
        if data is None and file and not file.endswith("/index.html") and build.get(file + "/index.html"):
            return self.redirect(path + "/")
        if data is None and file and file in build.paths:
            status, data, file = 500, b"<!DOCTYPE html><title>Not built</title><body><h1>This page could not be " \
                                      b"built</h1></body>", "error.html"
        if data is None:
            status, file = 404, "404.html"
            data = build.get(file) or b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>"
        kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
        if kind == "text/html":
            problems = self.preview.latest.problems
            data = decorate(data, overlay_html(problems, build is self.preview.good) if problems else "")
        self.set_status(status)
        self.set_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") or
                                                kind.endswith(("json", "javascript", "xml")) else ""))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Length", str(len(data)))
        if include_body:
            self.write(data)


def make_app(preview: Preview, hub: Hub) -> web.Application:
    return web.Application([
        (r"/livereload", ReloadSocket, {"hub": hub}),
        (r"/livereload\.js", LiveReloadJSHandler),
        (r".*", SiteHandler, {"preview": preview}),
    ], log_function=lambda handler: None)


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000) -> int:
    try:
        sockets = bind_sockets(port, address=host)
    except OSError as error:
        print(f"cannot listen on {host}:{port}: {error.strerror}\n    hint: pass another --port", file=sys.stderr)
        return 1
    hub = Hub()
    preview = Preview(project, hub)
    preview.rebuild(initial=True)
    server = HTTPServer(make_app(preview, hub))
    server.add_sockets(sockets)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{sockets[0].getsockname()[1]}{base_path(preview.served().base_url)}"
    stop_watching = start_watching([project.content_dir, *project.template_dirs, *project.static_dirs],
                                   preview.on_change)
    print(f"Serving {project.content_dir} at {url}  (Ctrl+C to stop)", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"note: --host {host} makes the preview reachable from other machines", flush=True)
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        stop_watching()
        server.stop()
    return 0
