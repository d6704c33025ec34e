"""What a reader's browser fetches for search and hover previews, and what the index adds to a clean build.

    python benchmarks/transfer.py [--pages 10000] [--runs 1] [--results benchmarks/RESULTS.md]

Writes the synthetic corpus (benchmarks/corpus.py), builds it clean under /trotsky-site/ (no .cache/),
timing the search index inside that build, then serves the site twice, as files are (no compression) and
gzipped as GitHub Pages serves JSON and JavaScript, and in headless Chromium (/usr/bin/chromium) counts the
bytes of every response body (search.js and the data files; not the page's own HTML and CSS) for a first
search, further searches and a first hover. Prints a table and puts it into benchmarks/RESULTS.md between
the markers report.py keeps.
"""
from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import shutil
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import corpus  # noqa: E402
from report import TRANSFER_END, TRANSFER_START  # noqa: E402

BASE = "/trotsky-site/"
CHROMIUM = "/usr/bin/chromium"
FIRST = "revolution committee"                      # two common words: two of the largest shards
FURTHER = ["Zhukov", "Жуков", "Mikhail Ivanovich", "strike famine", "telegram", "Yanovka", "Kamenev Lev"]
BUDGETS = {"first search": 300_000, "further search": 100_000, "first hover": 20_000}
COMPRESSED = (".json", ".js", ".html", ".css", ".svg")


def build(content: Path, out: Path) -> tuple[float, float]:
    """A clean build in this process: (seconds in all, seconds of which making the search index)."""
    from trotsky_site.build import pipeline as build_module
    spent = []
    original = build_module.search_files

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    build_module.search_files = timed
    cache = content.parent / ".cache"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    try:
        started = time.perf_counter()
        result = build_module.build(build_module.Project(content, base_url=BASE), out)
        total = time.perf_counter() - started
    finally:
        build_module.search_files = original
    if not result.ok:
        raise SystemExit("\n".join(p.format() for p in result.problems[:10]))
    return total, sum(spent)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder at BASE; with `gzip`, compresses text as GitHub Pages does."""
    gzip = False

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path("/" + path[len(BASE):] if path.startswith(BASE) else "/-not-here-")

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and wants and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path, compress: bool):
    handler = type("H", (Handler,), {"gzip": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    finally:
        server.shutdown()
        server.server_close()


def counted(page, base: str):
    """A list that fills with (site path, body bytes) of every search or preview response."""
    seen = []

    def finished(request):
        path = request.url[len(base):] if request.url.startswith(base) else request.url
        if path.startswith(("search/", "previews/", "static/search.js")) and not path.startswith("search/?"):
            seen.append((path, request.sizes()["responseBodySize"]))
    page.on("requestfinished", finished)
    return seen


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def measure(browser, base: str) -> list[tuple[str, str, int, int]]:
    """(what, query, bytes, files) for a first search, each further search, and a first hover."""
    rows = []
    context = browser.new_context()
    page = context.new_page()
    seen = counted(page, base)
    page.goto(base + "search/?q=" + FIRST)
    page.wait_for_selector("#search-results li a")
    settle(page)
    rows.append(("first search", FIRST, sum(s for _, s in seen), len(seen)))
    for query in FURTHER:
        seen.clear()
        page.fill("#search-input", query)
        page.wait_for_function("q => document.querySelector('#search-status').textContent.includes(q)", arg=query)
        settle(page)
        rows.append(("further search", query, sum(s for _, s in seen), len(seen)))
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "chapters/")
    settle(page)
    seen = counted(page, base)
    link = page.locator("main a[data-preview]").first
    link.hover()
    page.wait_for_selector("#link-preview", state="visible")
    settle(page)
    rows.append(("first hover", link.get_attribute("data-preview"), sum(s for _, s in seen), len(seen)))
    context.close()
    return rows


def sizes(out: Path) -> dict[str, str]:
    terms = [p.stat().st_size for p in (out / "search").glob("terms-*.json")]
    previews = [p.stat().st_size for p in (out / "previews").glob("*.json") if p.name != "index.json"]
    pages = (out / "search" / "pages.json").read_bytes()
    return {"search/pages.json": f"{len(pages):,} B ({len(gzip.compress(pages)):,} B gzipped)",
            "term shards": f"{len(terms)}, {sum(terms):,} B in all, largest {max(terms):,} B",
            "previews shards": f"{len(previews)}, {sum(previews):,} B in all, largest {max(previews):,} B"}


def table(size: int, builds: list[tuple[float, float]], plain, zipped, files: dict[str, str]) -> list[str]:
    total = statistics.median(t for t, _ in builds)
    index = statistics.median(i for _, i in builds)
    overhead = index / (total - index)
    lines = [f"## Search and previews at {size:,} pages", "",
             f"Written by `python benchmarks/transfer.py --pages {size}` on "
             f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}. Bytes are response bodies "
             "counted by Chromium: search.js and the data files, not the pages' own HTML and CSS; \"gzip\" as "
             "GitHub Pages serves them, \"plain\" from a server that does not compress. A further search "
             "follows the first in the same tab, so what is already fetched is not fetched again.", "",
             "| what | query or link | files | plain bytes | gzip bytes | budget | met (gzip / plain) |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for (what, query, raw, count), (_w, _q, packed, _c) in zip(plain, zipped):
        budget = BUDGETS[what]
        met = f"{'yes' if packed <= budget else '**no**'} / {'yes' if raw <= budget else '**no**'}"
        lines.append(f"| {what} | {query} | {count} | {raw:,} | {packed:,} | {budget:,} | {met} |")
    lines += ["", "| build | seconds |", "| --- | ---: |",
              f"| clean build, median of {len(builds)} | {total:.2f} |",
              f"| of which the search index (search/pages.json, search/terms-*.json) | {index:.2f} |",
              f"| the index adds to the rest of the build (budget 15%) | {overhead:.1%} "
              f"({'met' if overhead <= 0.15 else '**not met**'}) |", "",
              "| output | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in files.items()]
    return lines + [""]


def write_section(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = TRANSFER_START + "\n" + "\n".join(lines) + TRANSFER_END + "\n"
    if TRANSFER_START in text:
        before, rest = text.split(TRANSFER_START, 1)
        text = before + section + rest.split(TRANSFER_END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1, help="clean builds to time (the median is reported)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md", help="'-' to print only")
    args = parser.parse_args(argv)
    work = HERE / "work" / f"transfer-{args.pages}"
    content, out = work / "content", work / "_site"
    if not (content / "site.yml").exists():
        print(f"writing {args.pages:,} pages to {content} ...", flush=True)
        corpus.write_content(corpus.make_specs(args.pages), content)
    builds = []
    for run in range(args.runs):
        builds.append(build(content, out))
        print(f"clean build {run + 1}: {builds[-1][0]:.2f} s, search index {builds[-1][1]:.2f} s", flush=True)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        with serve(out, compress=False) as base:
            plain = measure(browser, base)
        with serve(out, compress=True) as base:
            zipped = measure(browser, base)
        browser.close()
    lines = table(args.pages, builds, plain, zipped, sizes(out))
    print("\n".join(lines))
    if str(args.results) != "-":
        write_section(args.results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
