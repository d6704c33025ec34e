"""Where a build of the synthetic corpus spends its time and memory, stage by stage.

    python benchmarks/stages.py [--pages 1000] [--warm] [--cprofile] [--workers N] [--json FILE]

--warm times a second build after a one-page edit (the .cache/ filled by the first);
--cprofile adds the top functions of the parent process (use --workers 1 to see them all).
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import inspect
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import corpus  # noqa: E402

STAGES = ("load_config", "build_site", "check_anchors", "check_images", "collect_backlinks", "plan_outputs",
          "render_outputs_on_cores", "after_templates", "data_groups", "make_epub")


def rss_mib() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


def instrument(build_module, stages_class, timings: list) -> None:
    """Wraps each stage the orchestrator calls so that it reports (name, seconds, RSS after)."""
    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings.append((name, time.perf_counter() - started, rss_mib()))
        return wrapper
    for name in STAGES:
        setattr(build_module, name, timed(name, getattr(build_module, name)))
    for name in ("load_pages", "make_environment", "render_all", "reuse"):
        wrapped = timed(name, getattr(stages_class, name))
        static = isinstance(inspect.getattr_static(stages_class, name), staticmethod)
        setattr(stages_class, name, staticmethod(wrapped) if static else wrapped)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--json", type=Path, help="also write the timings here (benchmarks/run.py --stages)")
    args = parser.parse_args()
    if args.workers:
        os.environ["TROTSKY_SITE_WORKERS"] = str(args.workers)
    work = HERE / "work" / f"profile-{args.pages}"
    shutil.rmtree(work, ignore_errors=True)
    specs = corpus.make_specs(args.pages)
    corpus.write_content(specs, work / "content")
    from trotsky_site.build import pipeline as build_module
    timings: list = []
    instrument(build_module, build_module.DiskCache, timings)
    project = build_module.Project(work / "content")
    if args.warm:   # the first build in its own process, so that it leaves nothing in this one's memory
        subprocess.run([sys.executable, str(HERE.parent / "build.py"), "build", "--content", str(work / "content"),
                        "--output", str(work / "_site")], check=True, stdout=subprocess.DEVNULL)
        corpus.edit_one_page(work / "content", specs, 1)
    profiler = cProfile.Profile() if args.cprofile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = build_module.build(project, work / "_site")
    if profiler:
        profiler.disable()
    total = time.perf_counter() - started
    for name, seconds, rss in timings:
        print(f"{name:26} {seconds:8.3f} s   RSS after {rss:5d} MiB")
    print(f"{'total':26} {total:8.3f} s   ({len(result.problems)} problems)")
    if args.json:
        args.json.write_text(json.dumps({"stages": timings, "total": total}), encoding="utf-8")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
