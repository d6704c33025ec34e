"""Timing one command: wall time, the peak RSS of its largest process (wait4's rusage, as
/usr/bin/time -v reports it) and the peak of the RSS summed over its whole process tree (sampled)."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.05


@dataclass
class Run:
    seconds: float
    peak_mib: float          # largest single process
    tree_mib: float          # all processes of the command at once (sampled)


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def seconds(self) -> list[float]:
        return [run.seconds for run in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds())

    def summary(self) -> str:
        s = self.seconds()
        return f"{min(s):7.2f} {statistics.median(s):7.2f} {max(s):7.2f}"

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)

    @property
    def tree_mib(self) -> float:
        return max(run.tree_mib for run in self.runs)


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(child) for child in children.read().split()]
        except OSError:
            pass
    return found


def run_command(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Runs `command` to the end; raises CalledProcessError (with its output) when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak_tree, done = [0], threading.Event()

    def sample():
        while not done.wait(SAMPLE_SECONDS):
            peak_tree[0] = max(peak_tree[0], sum(_rss_kib(pid) for pid in _tree(process.pid)))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, output)
    peak = usage.ru_maxrss / 1024      # KiB on Linux
    return Run(seconds, peak, max(peak_tree[0] / 1024, peak))


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f"{int(info.readline().split()[1]) // 1024} MiB"
    except OSError:
        pass
    return {"cpu": cpu, "cores": str(len(os.sched_getaffinity(0))), "memory": memory,
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version()}


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def version_of(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[-1]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"
