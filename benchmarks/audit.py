"""Does each piece of speed machinery pay? Times the command-line build of the synthetic corpus with
each piece switched off in turn (the standard library's way instead), clean and after one edit.

    python benchmarks/audit.py [--pages 10000] [--runs 3] [--variants as-is,serial,...]

Every build is its own process; the variants take turns round by round, and the medians are
compared with "as-is" built in the same rounds. A piece stays when switching it off costs at
least 5% of the clean build or of the rebuild (issue 14).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import corpus  # noqa: E402


def _serial():
    os.environ["TROTSKY_SITE_WORKERS"] = "1"


def _plain_inline():
    from markdown.treeprocessors import InlineProcessor

    from trotsky_site.render import markdown as render
    if hasattr(render, "QuickInline"):
        render.QuickInline.run = InlineProcessor.run
        render.QuickInline._InlineProcessor__handleInline = InlineProcessor._InlineProcessor__handleInline


def _stdlib_json():
    import json

    from trotsky_site.render import datafiles
    if hasattr(datafiles, "_dump"):
        datafiles._dump = lambda value: (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
                                         + "\n").encode("utf-8")


def _rmtree():
    from trotsky_site.build import writer
    if hasattr(writer, "_remove_tree"):
        writer._remove_tree = lambda root: shutil.rmtree(root, ignore_errors=True)


def _gc_on():
    import contextlib

    from trotsky_site.build import cache, parallel, pipeline
    from trotsky_site.render import markdown
    for module in (pipeline, cache, parallel, markdown):
        if hasattr(module, "paused_gc"):
            module.paused_gc = contextlib.nullcontext


VARIANTS = {"as-is": lambda: None, "serial": _serial, "plain-inline": _plain_inline, "stdlib-json": _stdlib_json,
            "rmtree": _rmtree, "gc-on": _gc_on}


def child(variant: str, folder: Path) -> int:
    VARIANTS[variant]()
    from trotsky_site.cli import main
    return main(["build", "--content", str(folder / "content"), "--output", str(folder / "_site")])


def timed(variant: str, folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build's processes): on a shared machine the CPU time is the steadier
    figure for a piece that does not change how many cores run (all but forking)."""
    started, before = time.perf_counter(), os.times()
    subprocess.run([sys.executable, __file__, "--child", variant, "--folder", str(folder)], check=True,
                   stdout=subprocess.DEVNULL, env={k: v for k, v in os.environ.items() if k != "TROTSKY_SITE_WORKERS"})
    after = os.times()
    return (time.perf_counter() - started,
            after.children_user + after.children_system - before.children_user - before.children_system)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--child")
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.folder)
    variants = args.variants.split(",")
    folder = HERE / "work" / f"audit-{args.pages}"
    specs = corpus.make_specs(args.pages)
    shutil.rmtree(folder, ignore_errors=True)
    corpus.write_content(specs, folder / "content")
    times = {(v, mode): [] for v in variants for mode in ("clean", "rebuild")}
    for round_number in range(1, args.runs + 1):
        for variant in variants:
            shutil.rmtree(folder / "_site", ignore_errors=True)
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            times[variant, "clean"].append(timed(variant, folder))
            corpus.edit_one_page(folder / "content", specs, round_number * 100 + variants.index(variant))
            times[variant, "rebuild"].append(timed(variant, folder))
            (wall, cpu), (rwall, rcpu) = times[variant, "clean"][-1], times[variant, "rebuild"][-1]
            print(f"round {round_number} {variant:13} clean {wall:6.2f} s ({cpu:6.2f} CPU)  rebuild {rwall:6.2f} s "
                  f"({rcpu:6.2f} CPU)  load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"\n{args.pages} pages, medians of {args.runs}, wall (CPU) seconds; load {os.getloadavg()}\n"
          "| switched off | clean | vs as-is | rebuild | vs as-is |\n| --- | ---: | ---: | ---: | ---: |")
    for variant in variants:
        cells = []
        for mode in ("clean", "rebuild"):
            wall, cpu = (statistics.median(run[i] for run in times[variant, mode]) for i in (0, 1))
            base = [statistics.median(run[i] for run in times["as-is", mode]) for i in (0, 1)]
            cells += [f"{wall:.2f} ({cpu:.2f})", f"{(wall / base[0] - 1) * 100:+.0f}% ({(cpu / base[1] - 1) * 100:+.0f}%)"]
        print(f"| {variant} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
