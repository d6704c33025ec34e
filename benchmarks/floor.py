"""The floor: what Python-Markdown and Jinja2 alone cost on the benchmark's corpus, in one process.

    python benchmarks/floor.py [--pages 10000]

Every body through one markdown.Markdown (our extensions' standard part: toc, footnotes, tables,
attr_list, sane_lists, abbr; reset per page) and every page through a one-line Jinja2 template,
nothing written. A clean build on N cores cannot take less than this divided by N.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import jinja2
import markdown

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    args = parser.parse_args()
    specs = corpus.make_specs(args.pages)
    md = markdown.Markdown(extensions=["toc", "footnotes", "tables", "attr_list", "sane_lists", "abbr"],
                           output_format="html")
    started = time.perf_counter()
    bodies = []
    for spec in specs:
        md.reset()
        bodies.append(md.convert(spec.body))
    converted = time.perf_counter()
    template = jinja2.Environment(autoescape=True).from_string(
        "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>{{ body }}</body></html>")
    for spec, body in zip(specs, bodies):
        template.render(title=spec.title, body=jinja2.utils.markupsafe.Markup(body)).encode("utf-8")
    rendered = time.perf_counter()
    print(f"{args.pages} pages: Python-Markdown {converted - started:.2f} s, Jinja2 {rendered - converted:.2f} s, "
          f"together {rendered - started:.2f} s in one process ({(rendered - started) / 2:.2f} s on 2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
