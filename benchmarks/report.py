"""benchmarks/RESULTS.md from the measured series: times, memory, ratios and the issue's targets."""
from __future__ import annotations

from pathlib import Path

from measure import Series

PEERS = ("Pelican", "MkDocs", "Hugo")
# benchmarks/transfer.py writes its section between these; write_results keeps it.
TRANSFER_START = "<!-- transfer.py: from here -->"
TRANSFER_END = "<!-- transfer.py: to here -->"
MEMORY_TARGET_MIB = 300


def targets(series: dict[str, Series]) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for the issue's targets at one size."""
    ours, rebuild = series["ours"], series["ours rebuild"]
    mkdocs, pelican = (ours.median / series[peer].median for peer in ("MkDocs", "Pelican"))
    return [
        ("clean build ≤ 0.5 × MkDocs", f"{mkdocs:.2f} ×", mkdocs <= 0.5),
        ("clean build ≤ 0.4 × Pelican", f"{pelican:.2f} ×", pelican <= 0.4),
        ("rebuild after one edit, cache warm, faster than Hugo's clean build",
         f"{rebuild.median:.2f} s vs {series['Hugo'].median:.2f} s ({rebuild.median / series['Hugo'].median:.2f} ×)",
         rebuild.median < series["Hugo"].median),
        (f"peak memory ≤ {MEMORY_TARGET_MIB} MiB (largest process)", f"{ours.peak_mib:.0f} MiB",
         ours.peak_mib <= MEMORY_TARGET_MIB),
        (f"peak memory ≤ {MEMORY_TARGET_MIB} MiB (all processes of the build at once)", f"{ours.tree_mib:.0f} MiB",
         ours.tree_mib <= MEMORY_TARGET_MIB),
    ]


def size_section(size: int, series: dict[str, Series]) -> list[str]:
    lines = [f"## {size:,} pages", "",
             "| build | min s | median s | max s | peak MiB (largest process) | peak MiB (process tree) | ours / this |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, one in series.items():
        low, middle, high = one.summary().split()
        ratio = "" if name.startswith("ours") else f"{series['ours'].median / one.median:.2f}"
        label = {"ours": "trotsky-site, clean", "ours rebuild": "trotsky-site, rebuild after one edit"}.get(name, name)
        lines.append(f"| {label} | {low} | {middle} | {high} | {one.peak_mib:.0f} | {one.tree_mib:.0f} | {ratio} |")
    lines += ["", "| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in targets(series)]
    return lines + [""]


def stages_section(size: int, stages: dict[str, dict]) -> list[str]:
    clean, rebuild = stages["clean"], stages["rebuild"]
    lines = [f"## Where the time goes at {size:,} pages", "",
             "One build in a fresh process, each stage timed as the orchestrator calls it (`benchmarks/stages.py`); "
             "RSS is the build process's after the stage.", "",
             "| stage | clean s | RSS MiB | rebuild s | RSS MiB |", "| --- | ---: | ---: | ---: | ---: |"]
    for (name, seconds, rss), (_name, again, rss_again) in zip(clean["stages"], rebuild["stages"]):
        lines.append(f"| {name} | {seconds:.2f} | {rss} | {again:.2f} | {rss_again} |")
    return lines + [f"| total | {clean['total']:.2f} | | {rebuild['total']:.2f} | |", ""]


def write_results(path: Path, results: dict[int, dict[str, Series]], facts: dict, versions: dict,
                  runs: int, stages: dict | None = None) -> str:
    lines = ["# Benchmark results", "",
             "Written by `python benchmarks/run.py`; do not edit by hand. Ratios are of medians measured "
             "in the same run, the builds taking turns round by round "
             f"({runs} rounds). Every build is clean (no output, no cache) except the rebuild, which follows "
             "an edit to one page's body with the .cache/ and _site/ of the clean build before it.", "",
             "| machine | |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in facts.items()]
    lines += ["", "| software | version |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in versions.items()]
    lines += ["", "What each builds: every peer writes one HTML page per content file through one minimal page "
              "template (Pelican and MkDocs with the same Python-Markdown extensions as ours; MkDocs without "
              "plugins; Hugo with every other kind of page turned off). Ours also resolves and checks every "
              "cross-link, embeds cards, and writes backlinks, the index pages, the timeline, the circle page, "
              "the search index and the previews in small files, people.json, events.json and the sitemap, "
              "through the real templates.",
              ""]
    for size, series in results.items():
        lines += size_section(size, series)
    if stages:
        lines += stages_section(max(results), stages)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if TRANSFER_START in old and TRANSFER_END in old:
        lines += [TRANSFER_START + old.split(TRANSFER_START, 1)[1].split(TRANSFER_END, 1)[0] + TRANSFER_END, ""]
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text
