"""Every third-party package the generator imports is declared in pyproject.toml, not merely pulled in by another."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_top_levels(package: Path) -> dict[str, str]:
    """top-level module name -> a file importing it, for every absolute import under `package`."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_third_party_import_is_a_declared_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {normalise(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
                for requirement in project["dependencies"]}
    distributions = packages_distributions()
    undeclared = {}
    for module, where in imported_top_levels(ROOT / "trotsky_site").items():
        if module in sys.stdlib_module_names or module in ("trotsky_site", "__future__"):
            continue
        names = {normalise(d) for d in distributions.get(module, [module])}
        if not names & declared:
            undeclared[module] = where
    assert undeclared == {}, f"imported but not in [project] dependencies: {undeclared}"
