"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar) over every built HTML file: no errors."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site_dir):
    java = shutil.which("java")
    if not JAR.is_file() or not java:
        reason = f"needs java and {JAR.relative_to(JAR.parents[4])} (npm install vnu-jar)"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI is set)")
        pytest.skip(reason)
    files = sorted(str(p) for p in site_dir.rglob("*.html"))
    assert len(files) > 50
    run = subprocess.run([java, "-jar", str(JAR), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    prefix = site_dir.as_uri()
    errors = [f"{m.get('url', '').replace(prefix, '').replace('file:' + str(site_dir), '')}:{m.get('lastLine')}: "
              f"{m['message']}" for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:40])
