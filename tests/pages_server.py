"""GitHub Pages, as far as a project site goes, for tests: a plain static file server that serves a built
folder under the repository's subpath and answers every unknown path with the site's 404.html."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

BASE = "/trotsky-site/"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    base = BASE   # the subpath the folder is served under

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.base):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + path[len(self.base):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, base: str = BASE):
    """Serves `folder` at http://127.0.0.1:<port><base> (/trotsky-site/) in a thread; yields the port."""
    handler = type("Handler", (PagesHandler,), {"base": base})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
